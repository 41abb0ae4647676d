/**
 * `POST /{issuer}/revoke` (RFC 7009). The caller authenticates as a client or agent of this
 * issuer; the answer is 200 for any token, known or not (§2.2).
 *
 * Access tokens are self-contained JWTs: revoking one does not stop it before its `exp` (at most
 * the issuer's or client's TTL; 300 s for agents) — DESIGN §1 ("live access tokens stay valid
 * until their (short) expiry"). Refresh tokens, once issued, are revoked here.
 * @module
 */
import { InvalidRequest } from './errors.js';
import { authenticateClient } from './client-auth.js';
import { authContext } from './token.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from './context.js';

/** Answers a revocation request (RFC 7009 §2.2). */
export async function revocationEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  await authenticateClient(ctx.req, ctx.params, authContext(ctx), { allowAgents: true });
  if (ctx.params.get('token') === undefined) throw new InvalidRequest('token is required');
  // TODO(refresh tokens): revoke a refresh token of this caller (and its session's grant) here.
  return { status: 200, body: null, headers: { ...NO_STORE } };
}
