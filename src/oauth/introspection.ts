/**
 * `POST /{issuer}/introspect` (RFC 7662). The caller authenticates as a client of this issuer
 * (agents may not introspect). A valid, unexpired access token of this issuer answers
 * `active: true` with its claims; anything else — garbage, expired, another issuer's token, a
 * key no longer published — answers exactly `{ "active": false }`, with no reason.
 * @module
 */
import { InvalidRequest } from './errors.js';
import { authenticateClient } from './client-auth.js';
import { authContext } from './token.js';
import { verifyAccessTokenOf } from './access-tokens.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from './context.js';

/** Answers an introspection request (RFC 7662 §2.2). */
export async function introspectionEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  await authenticateClient(ctx.req, ctx.params, authContext(ctx), { allowAgents: false });
  const token = ctx.params.get('token');
  if (token === undefined) throw new InvalidRequest('token is required');
  // token_type_hint is only a hint (RFC 7662 §2.1); access tokens are the only kind issued so far.
  const verified = await verifyAccessTokenOf(token, ctx.issuer.id, ctx.shared.keys, { issuerUrl: ctx.issuerUrl, now: ctx.now, audience: null });
  if (!verified) return { status: 200, body: { active: false }, headers: { ...NO_STORE } };
  const p = verified.payload;
  const body: Record<string, unknown> = {
    active: true,
    token_type: 'Bearer',
    client_id: p.client_id,
    sub: p.sub,
    iss: p.iss,
    aud: p.aud,
    exp: p.exp,
    iat: p.iat,
    jti: p.jti,
  };
  if (p.nbf !== undefined) body.nbf = p.nbf;
  if (p.scope !== undefined) body.scope = p.scope;
  if (p.org_id !== undefined) body.org_id = p.org_id;
  return { status: 200, body, headers: { ...NO_STORE } };
}
