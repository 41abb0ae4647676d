/**
 * The protected-resource side of OAuth for an API or MCP server registered as a Resource of an
 * Authgraph issuer:
 *
 * - serves its OAuth Protected Resource Metadata (RFC 9728) at
 *   `/.well-known/oauth-protected-resource{path of the resource}` (§3.1), naming the issuer as
 *   its authorization server, the scopes it defines and whether tokens must be DPoP-bound;
 * - answers a request without a usable token `401` with
 *   `WWW-Authenticate: Bearer resource_metadata="…", scope="…"` (RFC 9728 §5.1, RFC 6750 §3),
 *   so a client (e.g. an MCP client) can discover where to get one;
 * - verifies access tokens: signature against the issuer's cached JWK Set, `iss`, `aud` = this
 *   resource's identifier (RFC 8707: a token for another API is refused), expiry; when the
 *   resource requires DPoP (RFC 9449), or the token is bound (`cnf.jkt`), a valid `DPoP` proof
 *   for this request (./dpop.ts: method, URL, `ath`, key thumbprint, freshness, one use per `jti`
 *   in `dpopReplay`, default this process) — or the `verifyDpop` hook's verdict;
 * - with `singleUseApprovalTokens` (the Resource's field of that name), accepts a token carrying
 *   a user's approval (RFC 9396 `authorization_details`, CIBA) for one request only;
 * - answers a token that lacks a scope `403 insufficient_scope` with `scope="…"` naming what the
 *   operation needs (RFC 6750 §3.1), so the client can step up.
 *
 * Adapters: `node` (Node `http`, and Express's `(req, res, next)`), `hono` (a Hono middleware),
 * and `authenticate`/`challenge` for anything else (Fetch API `Request`s).
 *
 * ```ts
 * const guard = protectedResource({ issuer: 'https://auth.example.com/i_01h…', resource: 'https://mcp.example.com/mcp', scopesSupported: ['notes:read', 'notes:write'] });
 * http.createServer(async (req, res) => {
 *   if (!(await guard.node(['notes:read'])(req, res))) return; // answered: metadata, 401 or 403
 *   // req.auth: { token, clientId, scopes, expiresAt, resource, extra: { session } }
 * });
 * ```
 * @module
 */
import { verifyAccessToken, type VerifiedSession, type VerifyAccessTokenOptions } from './verify.js';
import { DPOP_SIGNING_ALGS, checkDpopBinding, confirmationOf, createMemoryReplayStore, type DpopReplayStore } from './dpop.js';

/** What {@link protectedResource} needs to know about the Resource. */
export interface ProtectedResourceOptions {
  /** the issuer URL (`{baseUrl}/{issuer_id}`): the resource's authorization server */
  issuer: string;
  /** the Resource's identifier (RFC 8707 resource indicator): the `aud` its tokens carry, and the metadata's `resource` */
  resource: string;
  /** the scopes it defines (metadata `scopes_supported`) */
  scopesSupported?: readonly string[];
  /** a human-readable name (metadata `resource_name`) */
  resourceName?: string;
  /** tokens must be DPoP-bound (RFC 9449), as the Resource's `dpopRequired` says */
  dpopRequired?: boolean;
  /**
   * Replaces the built-in DPoP proof check (RFC 9449 §4.3) — e.g. to share `jti` replay
   * protection across nodes. Resolves true when `proof` is valid for this request and token.
   */
  verifyDpop?: (input: DpopCheck) => Promise<boolean>;
  /** where DPoP proof `jti`s are remembered by the built-in check (default: this process) */
  dpopReplay?: DpopReplayStore;
  /**
   * The Resource's `singleUseApprovalTokens`: a token carrying a user's approval (RFC 9396
   * `authorization_details`, from CIBA) is accepted once (see verifyAccessToken); `singleUseStore`
   * shares the used `jti`s across processes.
   */
  singleUseApprovalTokens?: boolean;
  singleUseStore?: DpopReplayStore;
  /** passed to verifyAccessToken (fetch, JWKS cooldown, clock tolerance) */
  verify?: Pick<VerifyAccessTokenOptions, 'fetch' | 'jwksCooldownMs' | 'clockToleranceSeconds'>;
}

/** The input of a DPoP proof check. */
export interface DpopCheck {
  /** the `DPoP` header (a JWS), or null when absent */
  proof: string | null;
  method: string;
  /** the request URL (query and fragment are ignored, RFC 9449 §4.3) */
  url: string;
  accessToken: string;
  /** the token's `cnf.jkt`, or null for an unbound token */
  jkt: string | null;
}

/** The parts of a Node `http.IncomingMessage` (or Express request) the adapter reads. */
export interface NodeRequestLike {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  auth?: ResourceAuthInfo;
}

/** The parts of a Node `http.ServerResponse` (or Express response) the adapter writes. */
export interface NodeResponseLike {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string): unknown;
}

/** The request as the core sees it (any runtime). */
export interface ResourceRequest {
  method: string;
  /** the absolute request URL */
  url: string;
  /** header lookup, case-insensitive */
  header(name: string): string | null;
}

/** What `authenticate` decided. */
export type ResourceAuthResult =
  | { ok: true; session: VerifiedSession; token: string }
  | { ok: false; status: 401 | 403 | 400; headers: Record<string, string>; body: { error: string; error_description?: string } | null };

/** The MCP SDK's `AuthInfo` shape (what its server transports read from `req.auth`). */
export interface ResourceAuthInfo {
  token: string;
  clientId: string;
  scopes: string[];
  /** seconds since the epoch */
  expiresAt: number;
  resource: URL;
  extra: { session: VerifiedSession };
}

/** The proof algs the metadata and challenge advertise (RFC 9449 §5.1, RFC 9728). */
const DPOP_ALGS = DPOP_SIGNING_ALGS;

/** A quoted-string auth-param value (RFC 9110 §11.2): quotes and backslashes dropped. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

/** The RFC 9728 §3.1 metadata URL of a resource identifier: the well-known segment before its path. */
export function protectedResourceMetadataUrl(resource: string): string {
  const url = new URL(resource);
  const path = url.pathname === '/' ? '' : url.pathname.replace(/\/$/, '');
  return `${url.origin}/.well-known/oauth-protected-resource${path}`;
}

/**
 * The protected-resource middleware of one Resource (see the module comment).
 * @param options the issuer, the resource identifier, its scopes and DPoP requirement
 */
export function protectedResource(options: ProtectedResourceOptions) {
  const issuer = options.issuer.replace(/\/+$/, '');
  const metadataUrl = protectedResourceMetadataUrl(options.resource);
  const metadataPath = new URL(metadataUrl).pathname;
  const scheme = options.dpopRequired ? 'DPoP' : 'Bearer';
  const usedApprovals = options.singleUseStore ?? createMemoryReplayStore();
  const metadata = {
    resource: options.resource,
    authorization_servers: [issuer],
    ...(options.scopesSupported?.length ? { scopes_supported: [...options.scopesSupported] } : {}),
    bearer_methods_supported: ['header'],
    ...(options.resourceName ? { resource_name: options.resourceName } : {}),
    ...(options.dpopRequired ? { dpop_bound_access_tokens_required: true, dpop_signing_alg_values_supported: DPOP_ALGS } : {}),
  };
  /** The 401/403/400 answer for `error` (none: no token was sent). */
  function refusal(
    status: 400 | 401 | 403,
    error: string | null,
    description: string | null,
    scopes: readonly string[],
  ): Extract<ResourceAuthResult, { ok: false }> {
    const params = [`resource_metadata=${quoted(metadataUrl)}`];
    if (error) params.unshift(`error=${quoted(error)}`);
    if (error && description) params.push(`error_description=${quoted(description)}`);
    if (scopes.length) params.push(`scope=${quoted(scopes.join(' '))}`);
    if (options.dpopRequired) params.push(`algs=${quoted(DPOP_ALGS.join(' '))}`);
    return {
      ok: false,
      status,
      headers: { 'www-authenticate': `${scheme} ${params.join(', ')}`, 'cache-control': 'no-store' },
      body: error ? { error, ...(description ? { error_description: description } : {}) } : null,
    };
  }

  /**
   * Decides a request: the session when its token is valid for this resource (and DPoP proof,
   * when needed) and holds every one of `requiredScopes`; else the answer to send.
   * @throws NetworkError when the issuer's JWK Set cannot be read
   */
  async function authenticate(request: ResourceRequest, requiredScopes: readonly string[] = []): Promise<ResourceAuthResult> {
    const authorization = request.header('authorization');
    const match = authorization ? /^(Bearer|DPoP) ([A-Za-z0-9\-._~+/]+=*)$/i.exec(authorization.trim()) : null;
    if (!authorization) return refusal(401, null, null, requiredScopes);
    if (!match) return refusal(400, 'invalid_request', 'the Authorization header is not a Bearer or DPoP token', requiredScopes);
    const usedScheme = match[1]!.toLowerCase();
    const token = match[2]!;
    const presentation = {
      scheme: usedScheme,
      proof: request.header('dpop'),
      method: request.method.toUpperCase(),
      url: request.url,
      ...(options.dpopReplay ? { replay: options.dpopReplay } : {}),
      ...(options.verifyDpop ? { check: options.verifyDpop } : {}),
    };
    const verifyOptions = { issuer, audience: options.resource, ...options.verify };
    // the token alone first: a refused proof says invalid_dpop_proof, not invalid_token
    const unchecked = await verifyAccessToken(token, { ...verifyOptions, dpop: { ...presentation, check: async () => true } });
    if (!unchecked) return refusal(401, 'invalid_token', 'the access token is invalid, expired, or not for this resource', requiredScopes);
    const jkt = confirmationOf(unchecked.claims);
    if (options.dpopRequired || jkt !== null) {
      // a bound token is used only with its key (RFC 9449 §7.1): never as a plain bearer token
      if (usedScheme !== 'dpop')
        return refusal(401, 'invalid_token', 'this resource needs a DPoP-bound token sent with the DPoP scheme', requiredScopes);
      if ((await checkDpopBinding(token, unchecked.claims, presentation, options.dpopRequired === true)) !== null)
        return refusal(401, 'invalid_dpop_proof', 'the DPoP proof is missing or not valid for this request', requiredScopes);
    } else if (usedScheme !== 'bearer') {
      return refusal(401, 'invalid_token', 'the token is not DPoP-bound: send it with the Bearer scheme', requiredScopes);
    }
    const session = unchecked;
    const missing = requiredScopes.filter((s) => !session.scopes.includes(s));
    if (missing.length) return refusal(403, 'insufficient_scope', `the access token lacks ${missing.join(', ')}`, requiredScopes);
    // a user's approval for a single-use resource is spent by the first accepted request
    if (options.singleUseApprovalTokens && Array.isArray(session.claims.authorization_details)) {
      const jti = session.claims.jti;
      const until = (session.expiresAt.getTime() / 1000 + (options.verify?.clockToleranceSeconds ?? 60)) * 1000;
      if (typeof jti !== 'string' || !(await usedApprovals.consume('approval', jti, until)))
        return refusal(401, 'invalid_token', 'this approval token was used already', requiredScopes);
    }
    return { ok: true, session, token };
  }

  /** The MCP SDK's AuthInfo of a verified request. */
  function authInfo(result: Extract<ResourceAuthResult, { ok: true }>): ResourceAuthInfo {
    return {
      token: result.token,
      clientId: result.session.clientId,
      scopes: result.session.scopes,
      expiresAt: Math.floor(result.session.expiresAt.getTime() / 1000),
      resource: new URL(options.resource),
      extra: { session: result.session },
    };
  }

  const json = (body: unknown) => JSON.stringify(body);
  const metadataHeaders = {
    'content-type': 'application/json',
    'cache-control': 'public, max-age=300',
    'access-control-allow-origin': '*',
  };

  /**
   * Fetch API form (Hono, Deno, Bun, workers): the Response to send (metadata, 401, 403), or
   * null with the AuthInfo when the request may go on.
   */
  async function web(
    request: Request,
    requiredScopes: readonly string[] = [],
  ): Promise<{ response: Response; auth: null } | { response: null; auth: ResourceAuthInfo }> {
    const url = new URL(request.url);
    if (url.pathname === metadataPath && request.method === 'GET')
      return { response: new Response(json(metadata), { status: 200, headers: metadataHeaders }), auth: null };
    const result = await authenticate(
      { method: request.method, url: request.url, header: (name) => request.headers.get(name) },
      requiredScopes,
    );
    if (!result.ok) {
      return {
        response: new Response(result.body ? json(result.body) : null, {
          status: result.status,
          headers: { ...result.headers, ...(result.body ? { 'content-type': 'application/json' } : {}) },
        }),
        auth: null,
      };
    }
    return { response: null, auth: authInfo(result) };
  }

  return {
    /** The RFC 9728 metadata document. */
    metadata,
    /** Its absolute URL (what the 401 challenge names). */
    metadataUrl,
    /** Its path, served by the adapters. */
    metadataPath,
    authenticate,
    authInfo,

    /**
     * Node `http` / Express middleware: serves the metadata at `metadataPath`, else checks the
     * token for `requiredScopes` (a list, or a function of the request). Resolves true when the
     * request may go on (then `req.auth` holds the AuthInfo, and `next()` was called when given),
     * false when it was answered.
     */
    node<Req extends NodeRequestLike>(
      requiredScopes: readonly string[] | ((req: Req) => readonly string[] | Promise<readonly string[]>) = [],
    ) {
      return async (req: Req, res: NodeResponseLike, next?: (error?: unknown) => void): Promise<boolean> => {
        const url = new URL(req.url ?? '/', options.resource);
        if (url.pathname === metadataPath && (req.method === 'GET' || req.method === 'HEAD')) {
          res.writeHead(200, metadataHeaders);
          res.end(req.method === 'GET' ? json(metadata) : undefined);
          return false;
        }
        const scopes = typeof requiredScopes === 'function' ? await requiredScopes(req) : requiredScopes;
        const header = (name: string) => {
          const value = req.headers[name.toLowerCase()];
          return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
        };
        let result: ResourceAuthResult;
        try {
          result = await authenticate({ method: req.method ?? 'GET', url: url.href, header }, scopes);
        } catch (error) {
          if (next) next(error);
          else {
            res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '5' });
            res.end(json({ error: 'temporarily_unavailable' }));
          }
          return false;
        }
        if (!result.ok) {
          res.writeHead(result.status, { ...result.headers, ...(result.body ? { 'content-type': 'application/json' } : {}) });
          res.end(result.body ? json(result.body) : undefined);
          return false;
        }
        req.auth = authInfo(result);
        next?.();
        return true;
      };
    },

    web,

    /** A Hono middleware (`app.use('/mcp/*', guard.hono(['notes:read']))`); the AuthInfo is `c.get('auth')`. */
    hono(requiredScopes: readonly string[] = []) {
      return async (
        c: { req: { raw: Request }; set(key: 'auth', value: ResourceAuthInfo): void },
        next: () => Promise<void>,
      ): Promise<Response | undefined> => {
        const decided = await web(c.req.raw, requiredScopes);
        if (decided.response) return decided.response;
        c.set('auth', decided.auth);
        await next();
      };
    },
  };
}

export type ProtectedResource = ReturnType<typeof protectedResource>;
