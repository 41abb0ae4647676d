/**
 * Live events over WebSocket (graphql-ws protocol), resumable: the subscription remembers the
 * id of the last event it delivered and, when the connection drops (network, server restart,
 * `SUBSCRIBER_TOO_SLOW`), reconnects with backoff and subscribes again with `after` set to that
 * id. The server replays what was committed in between, so nothing is missed and nothing is
 * delivered twice.
 * @module
 */
import { createClient, type Client } from 'graphql-ws';
import { AuthenticationError, AuthgraphError, fromCode } from './errors.js';
import { backoffMs } from './transport.js';
import type { SdkSubscribeEventsSubscription, EventStreamFilter } from './gql/graphql.js';

/** An event as the subscription and `events.list` deliver it. */
export type AuthgraphEvent = SdkSubscribeEventsSubscription['events'];

export interface SubscribeParams {
  /** exact types or prefixes (`organization.*`), `organizationId`, `issuerId` */
  filter?: EventStreamFilter;
  /** start after this event id (replays every later event first) */
  after?: string | null;
}

export interface SubscribeOptions {
  /** a WebSocket class (default: globalThis.WebSocket, else the `ws` package when installed) */
  webSocketImpl?: unknown;
  /** called with each failure that leads to a reconnect */
  onReconnect?: (error: unknown, attempt: number) => void;
  /** called once the stream has ended for good (unsubscribed: null; the handler's own error is wrapped as SUBSCRIPTION_FAILED) */
  onClose?: (error: AuthgraphError | null) => void;
  /** stops the subscription */
  signal?: AbortSignal;
  /** reconnect attempts in a row before giving up (default: forever) */
  maxReconnectAttempts?: number;
}

/** A running subscription. */
export interface EventSubscription {
  /** the id of the last event delivered to the handler */
  readonly lastEventId: string | null;
  /** stops it (no reconnect) */
  unsubscribe(): void;
  /** settles when it has ended: fulfilled when unsubscribed, rejected with the AuthgraphError (or the handler's error) that ended it */
  readonly closed: Promise<void>;
}

const CLOSE_FORBIDDEN = 4403;

async function webSocketClass(given: unknown): Promise<unknown> {
  if (given) return given;
  if (typeof (globalThis as { WebSocket?: unknown }).WebSocket === 'function') return (globalThis as { WebSocket?: unknown }).WebSocket;
  try {
    const name = 'ws';
    const mod = (await import(name)) as { default?: unknown; WebSocket?: unknown };
    return mod.WebSocket ?? mod.default;
  } catch {
    throw new TypeError('No WebSocket available: pass `webSocketImpl` (e.g. the `ws` package on Node 20) to events.subscribe.');
  }
}

/** Whether a failure ends the subscription for good. */
function fatal(error: unknown): AuthgraphError | null {
  if (error instanceof AuthgraphError) return error.retryable ? null : error;
  const code = (error as { code?: unknown } | null)?.code;
  if (code === CLOSE_FORBIDDEN)
    return new AuthenticationError('The server refused the credential of the subscription (4403).', {
      code: 'UNAUTHENTICATED',
      status: 401,
      requestId: null,
    });
  return null;
}

/** A GraphQL error list of the stream as an AuthgraphError. */
function streamError(errors: readonly { message: string; extensions?: { code?: unknown; reason?: unknown } }[]): AuthgraphError {
  const first = errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'GRAPHQL_ERROR';
  const error = fromCode(
    code,
    first?.message ?? 'subscription failed',
    200,
    null,
    null,
    typeof first?.extensions?.reason === 'string' ? first.extensions.reason : null,
  );
  // a slow subscriber resumes with `after`
  if (code === 'SUBSCRIBER_TOO_SLOW') return new AuthgraphError(error.message, { code, status: 200, requestId: null, retryable: true });
  return error;
}

export function subscribeEvents(
  connection: { url: string; authorization: string; userAgent: string },
  query: string,
  params: SubscribeParams,
  onEvent: (event: AuthgraphEvent) => void | Promise<void>,
  options: SubscribeOptions = {},
): EventSubscription {
  let lastEventId = params.after ?? null;
  let stopped = false;
  let client: Client | null = null;
  let wake: (() => void) | null = null;
  const stop = () => {
    stopped = true;
    void client?.dispose();
    wake?.();
  };
  options.signal?.addEventListener('abort', stop, { once: true });

  async function run(): Promise<void> {
    const impl = await webSocketClass(options.webSocketImpl);
    let failures = 0;
    let handlerFailed = false;
    while (!stopped) {
      let delivered = false;
      client = createClient({
        url: connection.url,
        webSocketImpl: impl,
        connectionParams: { authorization: connection.authorization },
        retryAttempts: 0,
        lazy: true,
        keepAlive: 12_000,
      });
      try {
        const stream = client.iterate<SdkSubscribeEventsSubscription>({
          query,
          variables: { filter: params.filter ?? null, after: lastEventId },
        });
        for await (const result of stream) {
          if (stopped) break;
          if (result.errors?.length) throw streamError(result.errors);
          const event = result.data?.events;
          if (!event) continue;
          try {
            await onEvent(event);
          } catch (error) {
            // the handler's own failure ends the subscription: it is the caller's to see
            handlerFailed = true;
            throw error;
          }
          lastEventId = event.id;
          delivered = true;
          failures = 0;
        }
        if (stopped) return;
        // the server completed the stream (it does not without a reason): resume
        throw new AuthgraphError('The event stream ended.', { code: 'STREAM_ENDED', status: 0, requestId: null, retryable: true });
      } catch (error) {
        if (stopped) return;
        if (handlerFailed) throw error;
        const end = fatal(Array.isArray(error) ? streamError(error) : error);
        if (end) throw end;
        if (!delivered) failures++;
        if (options.maxReconnectAttempts !== undefined && failures > options.maxReconnectAttempts) {
          throw new AuthgraphError('The event stream could not reconnect.', {
            code: 'NETWORK_ERROR',
            status: 0,
            requestId: null,
            retryable: true,
            cause: error,
          });
        }
        options.onReconnect?.(error, failures);
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, backoffMs(Math.max(1, failures), null));
        });
        wake = null;
      } finally {
        void client?.dispose();
      }
    }
  }

  const closed = run().then(
    () => options.onClose?.(null),
    (error: unknown) => {
      options.onClose?.(
        error instanceof AuthgraphError
          ? error
          : new AuthgraphError(String(error), { code: 'SUBSCRIPTION_FAILED', status: 0, requestId: null, cause: error }),
      );
      throw error;
    },
  );
  // the caller may never look at `closed`; its rejection is reported through onClose
  closed.catch(() => {});
  return {
    get lastEventId() {
      return lastEventId;
    },
    unsubscribe: stop,
    closed,
  };
}
