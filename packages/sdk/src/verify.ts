/**
 * Access-token verification for APIs (RFC 9068 JWTs signed by an Authgraph issuer).
 *
 * The issuer's JWK Set is fetched once per process and shared by every caller and every
 * {@link AuthgraphAdmin} (a module-level cache keyed by JWKS URL). A token signed with a key the
 * cache does not know (after a rotation) refetches the set, at most once per cooldown (1 s by
 * default), so random `kid`s cannot make it fetch per token. jose does all JOSE work.
 *
 * ```ts
 * const session = await verifyAccessToken(bearer, { issuer: 'https://auth.example.com/i_01h…' });
 * if (!session) return new Response('Unauthorized', { status: 401 });
 * requireScopes(session, ['invoices:read']); // throws ForbiddenError
 * ```
 * @module
 */
import { createRemoteJWKSet, customFetch, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { ForbiddenError, NetworkError } from './errors.js';
import { checkDpopBinding, confirmationOf, createMemoryReplayStore, type DpopPresentation, type DpopReplayStore } from './dpop.js';

/** Who a verified access token speaks for. */
export interface VerifiedSession {
  /** `sub`: the user (`usr_…`), client (`c_…`) or agent (`agt_…`) */
  subject: string;
  /** what the subject is, from its id */
  type: 'user' | 'client' | 'agent';
  /** `org_id`: the organization the token acts in; null when none is selected (a user with several organizations who has not switched) */
  orgId: string | null;
  /** the `resource:action` scopes the token holds in `orgId` (empty without an organization) */
  orgScopes: string[];
  /** every scope of the token (`scope`, split on spaces) */
  scopes: string[];
  /** `exp` as a Date */
  expiresAt: Date;
  /** `sid`: the sign-in session of a user token, null otherwise */
  sessionId: string | null;
  /** RFC 8693 `act.sub`: the agent acting for the subject (token exchange), null otherwise */
  actor: { subject: string; type: 'user' | 'client' | 'agent' } | null;
  /** `client_id`: the client the token was issued to */
  clientId: string;
  /** `iss` */
  issuer: string;
  /** RFC 9449 `cnf.jkt`: the thumbprint of the DPoP key the token is bound to, null when unbound */
  dpopJkt: string | null;
  /** every claim as signed */
  claims: JWTPayload;
}

export interface VerifyAccessTokenOptions {
  /** the issuer URL (`{baseUrl}/{issuer_id}`), exactly as in discovery and the token's `iss` */
  issuer: string;
  /** the expected `aud` (one of): your API's resource indicator; default the issuer URL (tokens minted without `resource`) */
  audience?: string | string[];
  /**
   * Also ask the issuer (RFC 7662 introspection) whether the token is still active, so a revoked
   * session is refused at once rather than at `exp`. Needs `client` (a confidential client of the
   * issuer). Costs one request per call.
   */
  introspect?: boolean;
  /** the client that authenticates to the introspection endpoint */
  client?: { id: string; secret: string };
  /** the fetch for the JWKS and introspection (default globalThis.fetch) */
  fetch?: typeof fetch;
  /** minimum time between two JWKS fetches caused by unknown `kid`s, in ms (default 1000); applies when the issuer's set is first cached */
  jwksCooldownMs?: number;
  /** clock skew tolerated on exp/nbf/iat, in seconds (default 60) */
  clockToleranceSeconds?: number;
  /**
   * How the request presented the token (RFC 9449 §7): scheme, `DPoP` header, method and URL. A
   * DPoP-bound token (`cnf.jkt`) verifies only with a fresh proof of its key for this request;
   * without this option a bound token is refused.
   */
  dpop?: DpopPresentation;
  /** refuse tokens that are not DPoP-bound (a resource that requires DPoP) */
  requireDpop?: boolean;
  /**
   * The Resource's `singleUseApprovalTokens`: a token carrying RFC 9396 `authorization_details`
   * (a user's approval, CIBA) is accepted once; its `jti` is remembered in `singleUseStore`
   * (default: this process; give a shared store when several processes serve the API) until it
   * expires, and a second presentation verifies as null.
   */
  singleUseApprovalTokens?: boolean;
  /** where the `jti`s of used approval tokens are remembered (see `singleUseApprovalTokens`) */
  singleUseStore?: DpopReplayStore;
}

type RemoteSet = ReturnType<typeof createRemoteJWKSet>;

/** `jti`s of single-use approval tokens seen by this process (see `singleUseApprovalTokens`). */
const USED_APPROVAL_TOKENS = createMemoryReplayStore();
/** Process-wide: one cached JWK Set per URL, shared by every verifier and client instance. */
const JWKS_CACHE = new Map<string, RemoteSet>();

/** The cached JWK Set of `jwksUrl` (created on first use). */
function jwksFor(jwksUrl: string, options: Pick<VerifyAccessTokenOptions, 'fetch' | 'jwksCooldownMs'>): RemoteSet {
  let set = JWKS_CACHE.get(jwksUrl);
  if (!set) {
    const fetchImpl = options.fetch;
    set = createRemoteJWKSet(new URL(jwksUrl), {
      cooldownDuration: options.jwksCooldownMs ?? 1000,
      cacheMaxAge: 10 * 60_000,
      timeoutDuration: 10_000,
      headers: { accept: 'application/jwk-set+json, application/json' },
      ...(fetchImpl ? { [customFetch]: (url: string, init: RequestInit) => fetchImpl(url, init) } : {}),
    });
    JWKS_CACHE.set(jwksUrl, set);
  }
  return set;
}

/** Forgets every cached JWK Set (tests, or after pointing an issuer URL at another server). */
export function clearJwksCache(): void {
  JWKS_CACHE.clear();
}

/** What the id prefix says the subject is. */
export function subjectType(id: string): 'user' | 'client' | 'agent' {
  if (id.startsWith('usr_')) return 'user';
  if (id.startsWith('agt_')) return 'agent';
  return 'client';
}

/** The session a verified payload describes. */
function sessionOf(payload: JWTPayload): VerifiedSession | null {
  const { sub, exp, iss } = payload;
  const clientId = payload.client_id;
  if (typeof sub !== 'string' || typeof exp !== 'number' || typeof iss !== 'string' || typeof clientId !== 'string') return null;
  const scopes = typeof payload.scope === 'string' ? payload.scope.split(' ').filter(Boolean) : [];
  const orgId = typeof payload.org_id === 'string' ? payload.org_id : null;
  const act = payload.act as { sub?: unknown } | undefined;
  const actorId = act && typeof act.sub === 'string' ? act.sub : null;
  return {
    subject: sub,
    type: subjectType(sub),
    orgId,
    orgScopes: orgId ? scopes.filter((s) => s.includes(':')) : [],
    scopes,
    expiresAt: new Date(exp * 1000),
    sessionId: typeof payload.sid === 'string' ? payload.sid : null,
    actor: actorId ? { subject: actorId, type: subjectType(actorId) } : null,
    clientId,
    issuer: iss,
    dpopJkt: confirmationOf(payload),
    claims: payload,
  };
}

/** RFC 7662: whether the issuer still considers the token active. */
async function introspectActive(token: string, issuer: string, options: VerifyAccessTokenOptions): Promise<boolean> {
  if (!options.client)
    throw new TypeError('verifyAccessToken: introspect needs `client: { id, secret }` (a confidential client of the issuer)');
  const fetchImpl = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => globalThis.fetch(input, init));
  let response: Response;
  try {
    response = await fetchImpl(`${issuer}/introspect`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${btoa(`${encodeURIComponent(options.client.id)}:${encodeURIComponent(options.client.secret)}`)}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: new URLSearchParams({ token, token_type_hint: 'access_token' }).toString(),
    });
  } catch (error) {
    throw new NetworkError(`Introspection at ${issuer} failed: ${error instanceof Error ? error.message : String(error)}`, {
      code: 'NETWORK_ERROR',
      status: 0,
      requestId: null,
      retryable: true,
      cause: error,
    });
  }
  if (!response.ok)
    throw new NetworkError(`Introspection at ${issuer} answered ${response.status}`, {
      code: 'NETWORK_ERROR',
      status: response.status,
      requestId: response.headers.get('x-request-id'),
      retryable: response.status >= 500,
    });
  const body = (await response.json()) as { active?: unknown };
  return body.active === true;
}

/**
 * Verifies an access token: signature against the issuer's JWK Set (cached per process),
 * `typ: at+jwt`, `iss`, `aud`, `exp`/`nbf` (60 s leeway). Returns the session it speaks for, or
 * null when the token is not valid (malformed, forged, expired, another issuer's, another
 * audience's; DPoP-bound without a valid proof in `dpop` (RFC 9449 §7); with `introspect`, also
 * revoked). Throws NetworkError when the JWK Set or the
 * introspection endpoint cannot be reached (an outage is not an invalid token).
 */
export async function verifyAccessToken(token: string, options: VerifyAccessTokenOptions): Promise<VerifiedSession | null> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 8192) return null;
  const issuer = options.issuer.replace(/\/+$/, '');
  const jwks = jwksFor(`${issuer}/jwks`, options);
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, jwks, {
      issuer,
      audience: options.audience ?? issuer,
      typ: 'at+jwt',
      clockTolerance: options.clockToleranceSeconds ?? 60,
      requiredClaims: ['sub', 'exp', 'iat', 'client_id'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWKSTimeout || (error instanceof Error && !(error instanceof joseErrors.JOSEError))) {
      throw new NetworkError(`Could not read the JWK Set of ${issuer}: ${error.message}`, {
        code: 'NETWORK_ERROR',
        status: 0,
        requestId: null,
        retryable: true,
        cause: error,
      });
    }
    if (error instanceof joseErrors.JOSEError && error.code === 'ERR_JOSE_GENERIC' && /fetch|JSON|HTTP/i.test(error.message)) {
      throw new NetworkError(`Could not read the JWK Set of ${issuer}: ${error.message}`, {
        code: 'NETWORK_ERROR',
        status: 0,
        requestId: null,
        retryable: true,
        cause: error,
      });
    }
    return null;
  }
  const session = sessionOf(payload);
  if (!session) return null;
  if ((await checkDpopBinding(token, payload, options.dpop, options.requireDpop === true)) !== null) return null;
  if (options.introspect && !(await introspectActive(token, issuer, options))) return null;
  // last, so a refused presentation does not spend the approval
  if (options.singleUseApprovalTokens && Array.isArray(payload.authorization_details)) {
    if (typeof payload.jti !== 'string') return null;
    const store = options.singleUseStore ?? USED_APPROVAL_TOKENS;
    const until = ((payload.exp as number) + (options.clockToleranceSeconds ?? 60)) * 1000;
    if (!(await store.consume('approval', payload.jti, until))) return null;
  }
  return session;
}

/**
 * Throws ForbiddenError unless the session holds every one of `scopes` (deny by default).
 * Returns the session, so it can be used inline: `const s = requireScopes(await verify(…), […])`.
 */
export function requireScopes<S extends Pick<VerifiedSession, 'scopes'>>(session: S, scopes: readonly string[]): S {
  const missing = scopes.filter((s) => !session.scopes.includes(s));
  if (missing.length)
    throw new ForbiddenError(`The token lacks the scope${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`, {
      code: 'FORBIDDEN',
      status: 403,
      requestId: null,
    });
  return session;
}

/** Whether the session holds every one of `scopes`. */
export function hasScopes(session: Pick<VerifiedSession, 'scopes'>, scopes: readonly string[]): boolean {
  return scopes.every((s) => session.scopes.includes(s));
}
