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
import { NO_STORE, type EndpointContext, type EndpointResult } from './context.js';

/** The bearer token of the request (header, or the POST form), or null when there is none. */
function presentedToken(ctx: EndpointContext): string | null {
  const header = ctx.req.headers.authorization;
  const form = ctx.req.method === 'POST' ? ctx.params.get('access_token') : undefined;
  if (header !== undefined && form !== undefined) throw new InvalidBearerRequest('send the access token in one way only');
  if (form !== undefined) return form;
  if (header === undefined) return null;
  const match = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i.exec(header);
  if (!match) throw new InvalidToken('the Authorization header is not a Bearer token');
  return match[1]!;
}

/** Answers a userinfo request (see the module comment). */
export async function userinfoEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const token = presentedToken(ctx);
  if (token === null) throw new MissingToken();
  const verified = await verifyAccessTokenOf(token, ctx.issuer.id, ctx.shared.keys, {
    issuerUrl: ctx.issuerUrl,
    now: ctx.now,
    audience: ctx.issuerUrl,
    revocations: ctx.shared.services.revokedTokens,
  });
  const p = verified?.payload;
  if (!p || typeof p.sub !== 'string' || !isIdOf('user', p.sub) || typeof p.sid !== 'string')
    throw new InvalidToken(undefined, 'not a user access token of this issuer');
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
