/**
 * The HTTP transport: one `fetch` per attempt, with authentication, a `User-Agent`, a timeout,
 * retries with exponential backoff and full jitter (honouring `Retry-After`), and an
 * `Idempotency-Key` on every mutation that stays the same across its retries, so a retried
 * create never creates twice (the server replays the first answer for 24 h).
 *
 * Retried: no answer (network error, timeout), 429, 503, and 409 `IDEMPOTENCY_KEY_IN_PROGRESS`
 * (the first attempt of the same mutation is still running). Nothing else is retried.
 * Uses only `fetch`, `URL`, `Headers`, `AbortController` and `crypto.randomUUID`.
 * @module
 */
import { AuthgraphError, NetworkError, TimeoutError, fromCode } from './errors.js';
import { VERSION } from './version.js';

/** An API key as id and secret (HTTP Basic), or any bearer credential: `agk_…`, `agp_…`, an access token. */
export type ApiKey = { id: string; secret: string } | string;

/** Information about your application, added to the User-Agent: `authgraph-sdk/0.1.0 (my-app/1.2.3)`. */
export interface AppInfo {
  name: string;
  version?: string;
  url?: string;
}

export interface TransportOptions {
  apiKey: ApiKey;
  /** the server's base URL, e.g. `https://auth.example.com` (default `http://127.0.0.1:4000`) */
  baseUrl: string;
  /** the fetch to use (default: globalThis.fetch) — tracing, proxies, tests */
  fetch?: typeof fetch;
  /** per attempt, in milliseconds (default 30 000) */
  timeoutMs?: number;
  /** how many times a retryable failure is retried (default 2) */
  maxRetries?: number;
  appInfo?: AppInfo | string;
  /** extra headers on every request */
  headers?: Record<string, string>;
}

/** Per-call options of every method that sends a request. */
export interface RequestOptions {
  /** the Idempotency-Key of this mutation (default: a new random UUID per call, reused across its retries) */
  idempotencyKey?: string;
  /** aborts the call (and its retries) */
  signal?: AbortSignal;
  /** overrides the client's timeoutMs for this call */
  timeoutMs?: number;
  /** overrides the client's maxRetries for this call */
  maxRetries?: number;
}

/** A GraphQL answer as read off the wire. */
export interface GraphQLAnswer<T> {
  data: T | null;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; reason?: string } }[];
  status: number;
  requestId: string | null;
}

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;
const MAX_RETRY_AFTER_MS = 60_000;

/** `Authorization` header value for the key. */
export function authorizationFor(apiKey: ApiKey): string {
  if (typeof apiKey !== 'string') return `Basic ${btoa(`${apiKey.id}:${apiKey.secret}`)}`;
  const colon = apiKey.indexOf(':');
  // `key_…:secret` (the AUTHGRAPH_ADMIN_KEY form) is an id and a secret too
  if (apiKey.startsWith('key_') && colon > 0) return `Basic ${btoa(apiKey)}`;
  return `Bearer ${apiKey}`;
}

export function userAgent(appInfo: AppInfo | string | undefined): string {
  const base = `authgraph-sdk/${VERSION}`;
  if (!appInfo) return base;
  if (typeof appInfo === 'string') return `${base} (${appInfo})`;
  const app = appInfo.version ? `${appInfo.name}/${appInfo.version}` : appInfo.name;
  return `${base} (${appInfo.url ? `${app}; +${appInfo.url}` : app})`;
}

/** Seconds from a Retry-After header (delta-seconds or an HTTP date), or null. */
export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, (at - Date.now()) / 1000);
}

/** Delay before retry number `attempt` (1-based): full jitter over 500 ms·2^(attempt-1), capped at 8 s; at least Retry-After. */
export function backoffMs(attempt: number, retryAfterSeconds: number | null): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** (attempt - 1));
  const jittered = Math.random() * ceiling;
  if (retryAfterSeconds === null) return jittered;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(retryAfterSeconds * 1000, jittered));
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Whether the error is worth another attempt. */
function retryable(error: unknown): boolean {
  return error instanceof AuthgraphError && error.retryable;
}

export class Transport {
  readonly baseUrl: string;
  readonly options: TransportOptions;
  private readonly fetchImpl: typeof fetch;
  private readonly authorization: string;
  private readonly agent: string;

  constructor(options: TransportOptions) {
    this.options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.authorization = authorizationFor(options.apiKey);
    this.agent = userAgent(options.appInfo);
  }

  /** The headers every request carries. */
  headers(extra: Record<string, string> = {}): Headers {
    const headers = new Headers(this.options.headers);
    headers.set('authorization', this.authorization);
    headers.set('user-agent', this.agent);
    headers.set('accept', 'application/graphql-response+json, application/json');
    for (const [name, value] of Object.entries(extra)) headers.set(name, value);
    return headers;
  }

  /**
   * Sends one request with retries. `parse` turns an answer into a result or throws an
   * AuthgraphError (retryable ones are retried). Throws NetworkError / TimeoutError when no
   * answer arrives after the last attempt.
   */
  async send<T>(
    path: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
    parse: (response: Response, requestId: string | null) => Promise<T>,
    options: RequestOptions = {},
  ): Promise<T> {
    const maxRetries = options.maxRetries ?? this.options.maxRetries ?? 2;
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 30_000;
    const url = new URL(path, `${this.baseUrl}/`).toString();
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(url, init, parse, timeoutMs, options.signal);
      } catch (error) {
        if (attempt >= maxRetries || !retryable(error) || options.signal?.aborted) throw error;
        const retryAfter = (error as { retryAfter?: number | null }).retryAfter ?? null;
        await sleep(backoffMs(attempt + 1, retryAfter), options.signal);
      }
    }
  }

  private async attempt<T>(
    url: string,
    init: { method: string; body?: string; headers?: Record<string, string> },
    parse: (response: Response, requestId: string | null) => Promise<T>,
    timeoutMs: number,
    signal?: AbortSignal,
  ): Promise<T> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onAbort = () => controller.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      let response: Response;
      try {
        response = await this.fetchImpl(url, {
          method: init.method,
          headers: this.headers(init.headers),
          body: init.body ?? null,
          signal: controller.signal,
        });
      } catch (error) {
        if (signal?.aborted) throw signal.reason ?? error;
        if (timedOut)
          throw new TimeoutError(`No answer from ${url} within ${timeoutMs} ms.`, {
            code: 'TIMEOUT',
            status: 0,
            requestId: null,
            retryable: true,
            cause: error,
          });
        throw new NetworkError(`No answer from ${url}: ${error instanceof Error ? error.message : String(error)}`, {
          code: 'NETWORK_ERROR',
          status: 0,
          requestId: null,
          retryable: true,
          cause: error,
        });
      }
      const requestId = response.headers.get('x-request-id');
      try {
        return await parse(response, requestId);
      } catch (error) {
        if (error instanceof AuthgraphError) throw error;
        if (signal?.aborted) throw signal.reason ?? error;
        if (timedOut)
          throw new TimeoutError(`The answer from ${url} did not complete within ${timeoutMs} ms.`, {
            code: 'TIMEOUT',
            status: response.status,
            requestId,
            retryable: true,
            cause: error,
          });
        throw new NetworkError(
          `The answer from ${url} was cut off or unreadable: ${error instanceof Error ? error.message : String(error)}`,
          { code: 'NETWORK_ERROR', status: response.status, requestId, retryable: true, cause: error },
        );
      }
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Runs a GraphQL operation. Mutations carry an Idempotency-Key (the caller's, or a new UUID)
   * that every retry of this call reuses. Request-level failures (401, 429, 503, `errors` with a
   * code and no data) throw; typed error members of a result are the caller's to unwrap.
   */
  async graphql<T>(
    query: string,
    variables: Record<string, unknown> | undefined,
    options: RequestOptions & { mutation?: boolean } = {},
  ): Promise<GraphQLAnswer<T>> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.mutation) headers['idempotency-key'] = options.idempotencyKey ?? crypto.randomUUID();
    const body = JSON.stringify({ query, variables: variables ?? {} });
    return this.send('/graphql', { method: 'POST', body, headers }, (response, requestId) => readGraphQL<T>(response, requestId), options);
  }
}

function parseJson<B>(text: string): B | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as B) : null;
  } catch {
    return null;
  }
}

/** Reads a GraphQL answer, throwing the request-level failures as AuthgraphErrors. */
async function readGraphQL<T>(response: Response, requestId: string | null): Promise<GraphQLAnswer<T>> {
  const text = await response.text();
  type Body = { data?: T | null; errors?: GraphQLAnswer<T>['errors'] };
  const parsed = parseJson<Body>(text);
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  const first = parsed?.errors?.[0];
  if (!response.ok || !parsed) {
    const code =
      first?.extensions?.code ??
      (response.status === 429 ? 'RATE_LIMITED' : response.status === 503 ? 'SERVICE_UNAVAILABLE' : `HTTP_${response.status}`);
    throw fromCode(
      code,
      first?.message ?? `HTTP ${response.status}`,
      response.status,
      requestId,
      retryAfter,
      first?.extensions?.reason ?? null,
    );
  }
  const data = parsed.data ?? null;
  if (first && (data === null || Object.values(data as object).every((v) => v === null))) {
    throw fromCode(
      first.extensions?.code ?? 'GRAPHQL_ERROR',
      first.message,
      response.status,
      requestId,
      retryAfter,
      first.extensions?.reason ?? null,
    );
  }
  return { data, ...(parsed.errors ? { errors: parsed.errors } : {}), status: response.status, requestId };
}
