/**
 * `GET|POST /{issuer}/userinfo` (OIDC Core §5.3), a protected resource (RFC 6750).
 *
 * - The access token comes in `Authorization: Bearer …` (GET, or a POST with no body at all: OIDC
 *   Core §5.3.1, RFC 6750 §2.1), or, on POST only, as the form parameter `access_token`
 *   (RFC 6750 §2.2); both at once is `invalid_request` (§2). Never from the query. Every error
 *   carries `WWW-Authenticate: Bearer` (§3); a request with no token at all gets a challenge that
 *   names no error (§3.1).
 * - It must be an unexpired, unrevoked access token of this issuer whose audience includes the issuer URL
 *   (a token minted for another resource is not for us), for a user, of a live session (`sid`,
 *   read from the database on every call), and the user must be active: else 401
 *   `invalid_token` with `WWW-Authenticate: Bearer error="invalid_token"` (§3.1). Without the
 *   `openid` scope: 403 `insufficient_scope`.
 * - DPoP (RFC 9449 §7): a token bound to a key (`cnf.jkt`) must come as `Authorization: DPoP`
 *   with a proof of that key for this request (`ath`, `htm`, `htu`, unused `jti`); an unbound one
 *   must not come as DPoP. Else 401 `invalid_token`.
 * - The answer is read live: `sub`, the claims the token's scopes release (email, profile; see
 *   ./id-tokens.ts), and, when the token acts in an organization where the user's membership and
 *   the organization are still active, `org_id` and `org_scopes` (the membership's scopes now).
 *   So a membership change shows here at once. Never cached.
 * @module
 */
import { isIdOf } from '../lib/ids.js';
import { verifyAccessTokenOf } from './access-tokens.js';
import { InsufficientScope, InvalidBearerRequest, InvalidToken, MissingToken } from './errors.js';
import { userClaims } from './id-tokens.js';
import { scopeList } from './user-tokens.js';
import { checkBinding, dpopHeader } from './dpop.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from './context.js';

/** The access token of the request (header, or the POST form) and its scheme, or null when there is none. */
function presentedToken(ctx: EndpointContext): { token: string; scheme: 'bearer' | 'dpop' } | null {
  const header = ctx.req.headers.authorization;
  const form = ctx.req.method === 'POST' ? ctx.params.get('access_token') : undefined;
  if (header !== undefined && form !== undefined) throw new InvalidBearerRequest('send the access token in one way only');
  if (form !== undefined) return { token: form, scheme: 'bearer' };
  if (header === undefined) return null;
  const match = /^(Bearer|DPoP) +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match) throw new InvalidToken('the Authorization header is not a Bearer or DPoP token');
  return { token: match[2]!, scheme: match[1]!.toLowerCase() === 'dpop' ? 'dpop' : 'bearer' };
}

/** Answers a userinfo request (see the module comment). */
export async function userinfoEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const presented = presentedToken(ctx);
  if (presented === null) throw new MissingToken();
  const { token } = presented;
  const verified = await verifyAccessTokenOf(token, ctx.issuer.id, ctx.shared.keys, {
    issuerUrl: ctx.issuerUrl,
    now: ctx.now,
    audience: ctx.issuerUrl,
    revocations: ctx.shared.services.revokedTokens,
  });
  const p = verified?.payload;
  if (!p || typeof p.sub !== 'string' || !isIdOf('user', p.sub) || typeof p.sid !== 'string')
    throw new InvalidToken(undefined, 'not a user access token of this issuer');
  // RFC 9449 §7: a DPoP-bound token needs a fresh proof of its key for this request
  const binding = {
    scheme: presented.scheme,
    proof: dpopHeader(ctx.req.headers, ctx.req.rawHeaders),
    method: ctx.req.method ?? 'GET',
    url: ctx.endpointUrl,
  };
  const unbound = await checkBinding(p, token, binding, { now: ctx.now, replay: ctx.shared.replay });
  if (unbound !== null) throw new InvalidToken(undefined, unbound);
  const { sessions } = ctx.shared.services;
  if (!(await sessions.isActive(p.sid))) throw new InvalidToken(undefined, 'session ended');
  const scopes = scopeList(typeof p.scope === 'string' ? p.scope : '');
  if (!scopes.includes('openid')) throw new InsufficientScope('openid');
  const user = await sessions.user(p.sub);
  if (user?.status !== 'active') throw new InvalidToken(undefined, 'user inactive');
  const body: Record<string, unknown> = { sub: user.id, ...userClaims(user, scopes) };
  const context = await sessions.context(user.id, typeof p.org_id === 'string' ? p.org_id : null);
  if (context.organizationId) {
    body.org_id = context.organizationId;
    body.org_scopes = context.scopes;
  }
  return { status: 200, body, headers: { ...NO_STORE } };
}
