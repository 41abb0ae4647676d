/**
 * The REST sidecar of one issuer, at `{PUBLIC_URL}/{issuer_id}/…`: discovery, JWKS, token,
 * introspection, revocation, userinfo, and the navigations authorize and end_session. Plain
 * node:http (no GraphQL on this path). Every JSON error goes through the one OAuth serializer
 * (./errors.ts); token, introspection and revocation answers and all errors carry
 * `Cache-Control: no-store`. The navigations answer every error with an HTML page, never JSON.
 * `OPTIONS` answers CORS preflights, and every answer carries the CORS headers of its endpoint's
 * policy (./cors.ts).
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import type { Services } from '../services.js';
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
import { parseForm, parseQuery, type Params } from './form.js';
import { corsHeaders, namedClientId, preflightHeaders, requestOrigin, type CorsPolicy } from './cors.js';
import { invalidRequestPage } from './authorize/authorization.js';
import { createReplayCache } from './replay-cache.js';
import { createIssuerKeyCache } from './access-tokens.js';
import { createCimdResolver } from './cimd.js';
import { createNonceSource } from './dpop.js';
import { metadataEndpoint, jwksEndpoint } from './discovery.js';
import { tokenEndpoint } from './token.js';
import { introspectionEndpoint } from './introspection.js';
import { revocationEndpoint } from './revocation.js';
import { authorizeEndpoint, endSessionEndpoint } from './authorize/index.js';
import { userinfoEndpoint } from './userinfo.js';
import { approvalEndpoint, backchannelEndpoint } from './ciba/index.js';
import { invitationEndpoint } from './invitation/index.js';
import { registrationEndpoint } from './registration.js';
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
const CLIENT_AUTH_ENDPOINTS = new Set(['/token', '/introspect', '/revoke', '/bc-authorize']);

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
    const sub = (
      JSON.parse(Buffer.from(params.get('client_assertion')?.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown }
    ).sub;
    return typeof sub === 'string' ? sub : null;
  } catch {
    return null;
  }
}

const FORM_BODY_LIMIT = 64 * 1024;

type Method = 'GET' | 'POST';

interface Endpoint {
  methods: readonly Method[];
  /** who may read its answers cross-origin (./cors.ts) */
  cors: CorsPolicy;
  /**
   * A navigation (authorize, end_session): parameters are read leniently (the endpoint judges
   * repeats, ctx.repeated), and any error is an HTML page, never JSON.
   */
  navigation?: boolean;
  /** a protected resource: every error carries a Bearer challenge (RFC 6750 §3) */
  bearer?: boolean;
  /** the body is JSON (RFC 7591 registration), handed over as `ctx.json` */
  jsonBody?: boolean;
  handle(ctx: EndpointContext): EndpointResult | Promise<EndpointResult>;
}

const GET = ['GET'] as const;
const POST = ['POST'] as const;
const BOTH = ['GET', 'POST'] as const;

const ENDPOINTS: Record<string, Endpoint> = {
  '/.well-known/openid-configuration': { methods: GET, cors: 'public', handle: metadataEndpoint },
  '/.well-known/oauth-authorization-server': { methods: GET, cors: 'public', handle: metadataEndpoint },
  '/jwks': { methods: GET, cors: 'public', handle: jwksEndpoint },
  '/token': { methods: POST, cors: 'client', handle: tokenEndpoint },
  '/introspect': { methods: POST, cors: 'client', handle: introspectionEndpoint },
  '/revoke': { methods: POST, cors: 'client', handle: revocationEndpoint },
  '/authorize': { methods: BOTH, cors: 'none', navigation: true, handle: authorizeEndpoint },
  '/end_session': { methods: BOTH, cors: 'none', navigation: true, handle: endSessionEndpoint },
  '/userinfo': { methods: BOTH, cors: 'client', bearer: true, handle: userinfoEndpoint },
  '/invitation': { methods: BOTH, cors: 'none', navigation: true, handle: invitationEndpoint },
  '/register': { methods: POST, cors: 'public', jsonBody: true, handle: registrationEndpoint },
  // OpenID Connect CIBA Core 1.0 (./ciba/)
  '/bc-authorize': { methods: POST, cors: 'client', handle: backchannelEndpoint },
  '/approve': { methods: BOTH, cors: 'none', navigation: true, handle: approvalEndpoint },
};

function send(res: ServerResponse, result: EndpointResult): void {
  const text = result.text ?? (result.body === null ? '' : JSON.stringify(result.body));
  const headers: Record<string, string | number | string[]> = { ...result.headers, 'content-length': Buffer.byteLength(text) };
  if (result.text === undefined && result.body !== null) headers['content-type'] = 'application/json; charset=utf-8';
  if (result.cookies?.length) headers['set-cookie'] = result.cookies;
  res.writeHead(result.status, headers);
  res.end(text);
}

/**
 * Handles `/{issuerId}/{rest}`; returns the status sent, or null when the path is not an issuer
 * route or the issuer does not exist (so the caller answers 404).
 */
export function createOAuthRouter(deps: OAuthRouterDeps) {
  const { services, clock, logger, publicUrl } = deps;
  const log = logger.child({ source: 'oauth' });
  const shared: OAuthShared = {
    services,
    sealer: deps.sealer,
    clientIp: deps.clientIp,
    metered: deps.metered ?? null,
    replay: deps.replay ?? createReplayCache(),
    cimd: createCimdResolver({
      services,
      allowLoopbackHttp: deps.config.clientMetadataDocuments.allowLoopbackHttp,
      allowPrivateNetworks: deps.config.webhooks.allowPrivateNetworks,
      extraCa: deps.config.clientMetadataDocuments.caFile ? readFileSync(deps.config.clientMetadataDocuments.caFile, 'utf8') : null,
    }),
    nonces: createNonceSource(deps.sealer),
    allowPrivateNetworks: deps.config.webhooks.allowPrivateNetworks,
    signInThrottle:
      deps.signInThrottle ??
      createSignInThrottle(createFailureCounter({ redis: null, prefix: 'signin', windowSeconds: 900 }), deps.config.signIn),
    keys: createIssuerKeyCache({
      load: async (issuerId) => {
        const issuer = await findIssuer(issuerId);
        return issuer && { accountId: issuer.accountId, keys: (await services.signingKeys.jwks(issuerId)).keys };
      },
    }),
  };

  /** Issuer rows are read on every call: cached by the principal directory (domain/principals.ts). */
  const findIssuer = (id: string): Promise<Issuer | null> => services.principals.issuer(id);

  async function readParams(req: IncomingMessage, strict: boolean): Promise<Params> {
    try {
      return parseForm(req.headers['content-type'], await readBody(req, FORM_BODY_LIMIT), strict);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        throw new OAuthError('invalid_request', 413, `the body is larger than ${FORM_BODY_LIMIT} bytes`);
      throw error;
    }
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) {
      req.resume();
      throw new OAuthError('invalid_request', 400, 'the body must be application/json');
    }
    let body: Buffer;
    try {
      body = await readBody(req, FORM_BODY_LIMIT);
    } catch (error) {
      if (error instanceof BodyTooLargeError)
        throw new OAuthError('invalid_request', 413, `the body is larger than ${FORM_BODY_LIMIT} bytes`);
      throw error;
    }
    try {
      return JSON.parse(body.toString('utf8')) as unknown;
    } catch {
      throw new OAuthError('invalid_request', 400, 'the body is not JSON');
    }
  }

  /** Whether `origin` may read the answer to a request for `clientId` (./cors.ts). */
  async function clientAllows(issuerId: string, clientId: string | null, origin: string | null): Promise<boolean> {
    if (!origin || !clientId || clientId.length > 100) return false;
    const client = await services.principals.client(issuerId, clientId);
    return !!client && client.allowedOrigins.includes(origin);
  }

  /** Answers `OPTIONS`: a CORS preflight, or the methods the endpoint serves. */
  async function preflight(req: IncomingMessage, res: ServerResponse, issuerId: string, endpoint: Endpoint): Promise<number> {
    req.resume();
    if (endpoint.cors === 'none') {
      // a navigation: no CORS, and OPTIONS is not one of its methods
      const allowed = endpoint.methods.join(', ');
      const refused = oauthErrorResponse(new OAuthError('invalid_request', 405, `use ${allowed}`));
      send(res, { ...refused, headers: { ...refused.headers, allow: allowed } });
      return 405;
    }
    const origin = requestOrigin(req);
    const allowed = endpoint.cors === 'public' || (origin !== null && (await services.clients.issuerAllowsOrigin(issuerId, origin)));
    send(res, { status: 204, body: null, headers: preflightHeaders(endpoint.cors, origin, allowed, endpoint.methods) });
    return 204;
  }

  /** An error answered by `endpoint`: JSON per RFC 6749 §5.2 / RFC 6750 §3, or a page for a navigation. */
  function errorResult(endpoint: Endpoint, error: unknown): EndpointResult {
    if (!endpoint.navigation) return oauthErrorResponse(error, { bearer: endpoint.bearer === true });
    if (error instanceof OAuthError)
      return { ...invalidRequestPage(error.description ?? 'The request is not valid.'), status: error.status };
    return { ...invalidRequestPage('The request could not be handled; try again.'), status: 500 };
  }

  return async function handleIssuerRoute(
    req: IncomingMessage,
    res: ServerResponse,
    issuerId: string,
    rest: string,
  ): Promise<number | null> {
    const endpoint = Object.hasOwn(ENDPOINTS, rest) ? ENDPOINTS[rest] : undefined;
    if (!endpoint) return null;
    const issuer = await findIssuer(issuerId);
    if (!issuer) return null;
    if (req.method === 'OPTIONS') return preflight(req, res, issuer.id, endpoint);
    const issuerUrl = `${publicUrl()}/${issuer.id}`;
    const strict = endpoint.navigation !== true;
    let result: EndpointResult;
    let params: Params = { params: new Map(), repeated: new Set(), lists: new Map() };
    try {
      if (!endpoint.methods.includes(req.method as Method)) {
        req.resume();
        const allowed = endpoint.methods.join(', ');
        const refused = oauthErrorResponse(new OAuthError('invalid_request', 405, `use ${allowed}`));
        send(res, { ...refused, headers: { ...refused.headers, allow: allowed } });
        return 405;
      }
      // GET endpoints read the query string; POST ones the form body
      let json: unknown;
      if (endpoint.jsonBody) json = await readJson(req);
      else params = req.method === 'POST' ? await readParams(req, strict) : parseQuery(req.url, strict);
      const guard =
        deps.failedAuth && CLIENT_AUTH_ENDPOINTS.has(rest)
          ? { identifier: presentedClientId(req, params.params), address: deps.clientIp(req) }
          : null;
      if (guard) {
        const verdict = await deps.failedAuth!.check(guard.identifier, guard.address);
        if (verdict.blocked) {
          const refused = oauthErrorResponse(
            new OAuthError(
              'temporarily_unavailable',
              429,
              'too many failed client authentications; retry after the number of seconds in Retry-After',
            ),
          );
          send(res, { ...refused, headers: { ...refused.headers, 'retry-after': String(verdict.retryAfterSeconds) } });
          return 429;
        }
      }
      try {
        result = await endpoint.handle({
          req,
          issuer,
          issuerUrl,
          endpointUrl: `${issuerUrl}${rest}`,
          now: clock.now(),
          params: params.params,
          repeated: params.repeated,
          lists: params.lists,
          json,
          shared,
        });
      } catch (error) {
        if (guard && error instanceof InvalidClient)
          await deps.failedAuth!.failed(guard.identifier, guard.address, { accountId: issuer.accountId, issuerId: issuer.id });
        throw error;
      }
    } catch (error) {
      if (!(error instanceof OAuthError)) log.error({ err: error, path: rest }, 'oauth endpoint failed');
      else if (error.detail) log.debug({ path: rest, error: error.error, detail: error.detail }, 'oauth request refused');
      result = errorResult(endpoint, error);
      if (result.status === 413) result.headers = { ...result.headers, connection: 'close' };
    }
    if (endpoint.cors !== 'none') {
      const origin = requestOrigin(req);
      const allowed =
        endpoint.cors === 'public' || (await clientAllows(issuer.id, namedClientId(req, params.params, endpoint.bearer === true), origin));
      result.headers = { ...result.headers, ...corsHeaders(endpoint.cors, origin, allowed) };
    }
    send(res, result);
    return result.status;
  };
}
