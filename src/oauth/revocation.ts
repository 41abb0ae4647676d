/**
 * `POST /{issuer}/revoke` (RFC 7009). The caller authenticates as a client or agent of this
 * issuer, or as a public client by `client_id` (§2.1 lets public clients revoke their tokens).
 *
 * - A refresh token (`agr_…`) of the caller: its session ends, and with it every token issued to
 *   the session (§2.1 SHOULD: refresh tokens, and access tokens wherever `sid` is checked —
 *   introspection, userinfo). Another client's refresh token is refused with
 *   `unauthorized_client` and stays valid (§2.1; SECURITY-CASES RR-12).
 * - An access token (JWT) of this issuer issued to the caller (`client_id`): its `jti` is revoked
 *   until its `exp` — refused by introspection, userinfo, `/v1/me`, GraphQL and its streams, and
 *   token exchange, on every node — and `token.revoked` is emitted for resource servers that
 *   verify JWTs locally (src/domain/revoked-tokens.ts). The session, if any, lives on: revoking
 *   a delegated token must not let an agent end the user's session.
 * - Anything else — unknown, malformed, expired, another issuer's, another client's access
 *   token — answers 200 and changes nothing (§2.2; for another client's access token a refusal
 *   would tell the caller that the token it holds is live).
 * @module
 */
import { REFRESH_TOKEN_PREFIX } from '../domain/sessions.js';
import { InvalidRequest, UnauthorizedClient } from './errors.js';
import { authContext, authenticateClient } from './client-auth.js';
import { verifyAccessTokenOf } from './access-tokens.js';
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
  } else {
    const { revokedTokens } = ctx.shared.services;
    const verified = await verifyAccessTokenOf(token, ctx.issuer.id, ctx.shared.keys, {
      issuerUrl: ctx.issuerUrl,
      now: ctx.now,
      audience: null,
      revocations: revokedTokens,
    });
    const p = verified?.payload;
    if (p && p.client_id === caller.id) {
      await revokedTokens.revoke({
        accountId: verified.accountId,
        issuerId: ctx.issuer.id,
        jti: p.jti as string,
        clientId: caller.id,
        subject: p.sub as string,
        organizationId: typeof p.org_id === 'string' ? p.org_id : null,
        expiresAt: new Date((p.exp as number) * 1000),
        actor: { type: caller.kind, id: caller.id },
      });
    }
  }
  return { status: 200, body: null, headers: { ...NO_STORE } };
}
