/**
 * `POST /{issuer}/revoke` (RFC 7009). The caller authenticates as a client or agent of this
 * issuer, or as a public client by `client_id` (§2.1 lets public clients revoke their tokens).
 *
 * - A refresh token (`agr_…`) of the caller: its session ends, and with it every token issued to
 *   the session (§2.1 SHOULD: refresh tokens, and access tokens wherever `sid` is checked —
 *   introspection, userinfo). Another client's refresh token is refused with
 *   `unauthorized_client` and stays valid (§2.1; SECURITY-CASES RR-12).
 * - Anything else — unknown, malformed, another issuer's, an access token — answers 200 and
 *   changes nothing (§2.2). Access tokens are self-contained JWTs: revoking one alone does not
 *   stop it before its `exp` (at most the client's or issuer's TTL; 300 s for agents). Ending the
 *   session is the way to stop a user's access tokens (revoke its refresh token, sign out, or the
 *   Core API's revokeSession) — never through a delegated token, which would let an agent end the
 *   user's session.
 * @module
 */
import { REFRESH_TOKEN_PREFIX } from '../domain/sessions.js';
import { InvalidRequest, UnauthorizedClient } from './errors.js';
import { authenticateClient } from './client-auth.js';
import { authContext } from './token.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from './context.js';

/** Answers a revocation request (RFC 7009 §2.2). */
export async function revocationEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const caller = await authenticateClient(ctx.req, ctx.params, authContext(ctx), { allowAgents: true, allowPublic: true });
  const token = ctx.params.get('token');
  if (token === undefined) throw new InvalidRequest('token is required');
  // token_type_hint is only a hint (§2.1): the token's own shape says what it is.
  if (token.startsWith(REFRESH_TOKEN_PREFIX)) {
    const outcome = await ctx.shared.services.sessions.revokeRefreshToken(ctx.issuer.id, caller.id, token);
    if (outcome === 'other_client') throw new UnauthorizedClient('the token was issued to another client');
  }
  return { status: 200, body: null, headers: { ...NO_STORE } };
}
