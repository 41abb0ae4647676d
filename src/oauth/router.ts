/**
 * The REST sidecar of one issuer, at `{PUBLIC_URL}/{issuer_id}/…`: discovery, JWKS, token,
 * introspection, revocation. Plain node:http (no GraphQL on this path). Every error goes through
 * the one OAuth serializer (./errors.ts); token, introspection and revocation answers and all
 * errors carry `Cache-Control: no-store`.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../domain/services.js';
import type { MeteredEvents } from '../domain/metered.js';
import type { Issuer } from '../generated/prisma/client.js';
import type { Config } from '../config/env.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { Sealer } from '../lib/sealed.js';
import { BodyTooLargeError, readBody } from '../http/node-io.js';
import { InvalidClient, OAuthError, oauthErrorResponse } from './errors.js';
import type { FailedAuthLimiter } from '../http/failed-auth.js';
import type { ReplayCache } from './replay-cache.js';
import { createSignInThrottle, type SignInThrottle } from '../domain/passwords.js';
import { createFailureCounter } from '../http/failure-counter.js';
import { parseForm } from './form.js';
import { createReplayCache } from './replay-cache.js';
import { createIssuerKeyCache } from './access-tokens.js';
import { metadataEndpoint, jwksEndpoint } from './discovery.js';
import { tokenEndpoint } from './token.js';
import { introspectionEndpoint } from './introspection.js';
import { revocationEndpoint } from './revocation.js';
import { authorizeEndpoint, endSessionEndpoint } from './authorize/index.js';
import { userinfoEndpoint } from './userinfo.js';
import type { EndpointContext, EndpointResult, OAuthShared } from './context.js';

export interface OAuthRouterDeps {
  config: Config;
  /** `{PUBLIC_URL}`: the issuer URL of issuer X is `${publicUrl()}/${X}` */
  publicUrl: () => string;
  services: Services;
  clock: Clock;
  logger: Logger;
  /** batches `token.issued`; without it each issued token costs one extra insert */
  metered?: MeteredEvents;
  sealer: Sealer;
  clientIp: (req: IncomingMessage) => string | null;
  /** throttles failed client authentication at /token, /introspect and /revoke (http/failed-auth.ts) */
  failedAuth?: FailedAuthLimiter;
  /** the client-assertion replay cache (default: in this process) */
  replay?: ReplayCache;
  /** the hosted sign-in's password throttle (default: in this process, configured limits) */
  signInThrottle?: SignInThrottle;
}

/** Endpoints where a client authenticates: failed attempts there are throttled. */
const CLIENT_AUTH_ENDPOINTS = new Set(['/token', '/introspect', '/revoke']);

/**
 * The client id a caller presents (Basic user name, `client_id`, or an assertion's unverified
 * `sub`), only to key the failed-authentication counters; null when none can be read.
 */
function presentedClientId(req: IncomingMessage, params: Map<string, string>): string | null {
  const basic = /^Basic ([A-Za-z0-9+/]+={0,2})$/i.exec(req.headers.authorization?.trim() ?? '');
  if (basic) {
    const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon > 0 ? decoded.slice(0, colon) : null;
  }
  const id = params.get('client_id');
  if (id !== undefined) return id;
  try {
    const sub = (JSON.parse(Buffer.from(params.get('client_assertion')?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown }).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

const FORM_BODY_LIMIT = 64 * 1024;
/** Issuer rows are read on every call: cached briefly (a policy change applies within this). */
const ISSUER_CACHE_MS = 5_000;
const ISSUER_CACHE_MAX = 10_000;

type Method = 'GET' | 'POST';

interface Endpoint {
  methods: readonly Method[];
  handle(ctx: EndpointContext): EndpointResult | Promise<EndpointResult>;
}

const GET = ['GET'] as const;
const POST = ['POST'] as const;
const BOTH = ['GET', 'POST'] as const;

const ENDPOINTS: Record<string, Endpoint> = {
  '/.well-known/openid-configuration': { methods: GET, handle: metadataEndpoint },
  '/.well-known/oauth-authorization-server': { methods: GET, handle: metadataEndpoint },
  '/jwks': { methods: GET, handle: jwksEndpoint },
  '/token': { methods: POST, handle: tokenEndpoint },
  '/introspect': { methods: POST, handle: introspectionEndpoint },
  '/revoke': { methods: POST, handle: revocationEndpoint },
  '/authorize': { methods: BOTH, handle: authorizeEndpoint },
  '/end_session': { methods: BOTH, handle: endSessionEndpoint },
  '/userinfo': { methods: BOTH, handle: userinfoEndpoint },
};

function send(res: ServerResponse, result: EndpointResult): void {
  const text = result.text ?? (result.body === null ? '' : JSON.stringify(result.body));
  const headers: Record<string, string | number | string[]> = { ...result.headers, 'content-length': Buffer.byteLength(text) };
  if (result.text === undefined && result.body !== null) headers['content-type'] = 'application/json; charset=utf-8';
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.status, headers);
  res.end(text);
}

/** The query parameters of a GET (a repeated parameter is invalid_request, RFC 6749 §3.1). */
function queryParams(url: string | undefined): Map<string, string> {
  const params = new Map<string, string>();
  for (const [name, value] of new URL(url ?? '/', 'http://x').searchParams) {
    if (params.has(name)) throw new OAuthError('invalid_request', 400, `${name} is repeated`);
    params.set(name, value);
  }
  return params;
}

/**
 * Handles `/{issuerId}/{rest}`; returns the status sent, or null when the path is not an issuer
 * route or the issuer does not exist (so the caller answers 404).
 */
export function createOAuthRouter(deps: OAuthRouterDeps) {
  const { services, clock, logger, publicUrl } = deps;
  const log = logger.child({ source: 'oauth' });
  const issuers = new Map<string, { issuer: Issuer; at: number }>();
  const shared: OAuthShared = {
    services,
    sealer: deps.sealer,
    clientIp: deps.clientIp,
    metered: deps.metered ?? null,
    replay: deps.replay ?? createReplayCache(),
    signInThrottle: deps.signInThrottle ?? createSignInThrottle(createFailureCounter({ redis: null, prefix: 'signin', windowSeconds: 900 }), deps.config.signIn),
    keys: createIssuerKeyCache({
      load: async (issuerId) => {
        const issuer = await findIssuer(issuerId);
        return issuer && { accountId: issuer.accountId, keys: (await services.signingKeys.jwks(issuerId)).keys };
      },
    }),
  };

  async function findIssuer(id: string): Promise<Issuer | null> {
    const cached = issuers.get(id);
    if (cached && Date.now() - cached.at < ISSUER_CACHE_MS) return cached.issuer;
    const issuer = await services.principals.issuer(id);
    issuers.delete(id);
    if (issuer) {
      if (issuers.size >= ISSUER_CACHE_MAX) issuers.delete(issuers.keys().next().value!);
      issuers.set(id, { issuer, at: Date.now() });
    }
    return issuer;
  }

  async function readParams(req: IncomingMessage): Promise<Map<string, string>> {
    try {
      return parseForm(req.headers['content-type'], await readBody(req, FORM_BODY_LIMIT));
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new OAuthError('invalid_request', 413, `the body is larger than ${FORM_BODY_LIMIT} bytes`);
      throw error;
    }
  }

  return async function handleIssuerRoute(req: IncomingMessage, res: ServerResponse, issuerId: string, rest: string): Promise<number | null> {
    const endpoint = Object.hasOwn(ENDPOINTS, rest) ? ENDPOINTS[rest] : undefined;
    if (!endpoint) return null;
    const issuer = await findIssuer(issuerId);
    if (!issuer) return null;
    const issuerUrl = `${publicUrl()}/${issuer.id}`;
    let result: EndpointResult;
    try {
      if (!endpoint.methods.includes(req.method as Method)) {
        req.resume();
        const allowed = endpoint.methods.join(', ');
        const refused = oauthErrorResponse(new OAuthError('invalid_request', 405, `use ${allowed}`));
        send(res, { ...refused, headers: { ...refused.headers, allow: allowed } });
        return 405;
      }
      // GET endpoints read the query string; POST ones the form body
      const params = req.method === 'POST' ? await readParams(req) : queryParams(req.url);
      const guard = deps.failedAuth && CLIENT_AUTH_ENDPOINTS.has(rest) ? { identifier: presentedClientId(req, params), address: deps.clientIp(req) } : null;
      if (guard) {
        const verdict = await deps.failedAuth!.check(guard.identifier, guard.address);
        if (verdict.blocked) {
          const refused = oauthErrorResponse(new OAuthError('temporarily_unavailable', 429, 'too many failed client authentications; retry after the number of seconds in Retry-After'));
          send(res, { ...refused, headers: { ...refused.headers, 'retry-after': String(verdict.retryAfterSeconds) } });
          return 429;
        }
      }
      try {
        result = await endpoint.handle({ req, issuer, issuerUrl, endpointUrl: `${issuerUrl}${rest}`, now: clock.now(), params, shared });
      } catch (error) {
        if (guard && error instanceof InvalidClient) await deps.failedAuth!.failed(guard.identifier, guard.address, { accountId: issuer.accountId, issuerId: issuer.id });
        throw error;
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) log.error({ err: error, path: rest }, 'oauth endpoint failed');
      else if (error.detail) log.debug({ path: rest, error: error.error, detail: error.detail }, 'oauth request refused');
      result = oauthErrorResponse(error);
      if (result.status === 413) result.headers = { ...result.headers, connection: 'close' };
    }
    send(res, result);
    return result.status;
  };
}
