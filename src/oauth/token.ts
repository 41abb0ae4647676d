/**
 * `POST /{issuer}/token` (RFC 6749 §3.2): checks the grant type, authenticates the caller, then
 * hands over to the grant. A missing grant_type is `invalid_request`, an unknown one
 * `unsupported_grant_type` (both answered before any credential is looked up). Public clients
 * authenticate by `client_id` alone, and only for the grants that allow it (./grants/index.ts).
 *
 * DPoP (RFC 9449 §5): a `DPoP` header is verified (with a server nonce, §8) before the caller
 * authenticates; the grant then binds what it issues to the proof's key (`ctx.dpop`). An agent
 * or client registered with `dpopBoundAccessTokens` must send one (`invalid_dpop_proof`). Every
 * answer to a request with a proof carries a fresh `DPoP-Nonce`.
 * @module
 */
import { InvalidRequest, OAuthError, UnsupportedGrantType } from './errors.js';
import { authContext, authenticateClient } from './client-auth.js';
import { GRANTS } from './grants/index.js';
import { InvalidDpopProof, dpopHeader, requireDpopFor, verifyDpopProof } from './dpop.js';
import type { EndpointContext, EndpointResult } from './context.js';

/** Answers a token request, or throws the OAuth error the router serializes. */
export async function tokenEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const grantType = ctx.params.get('grant_type');
  if (grantType === undefined) throw new InvalidRequest('grant_type is required');
  const grant = GRANTS.get(grantType);
  if (!grant) throw new UnsupportedGrantType(grantType);
  const proof = dpopHeader(ctx.req.headers, ctx.req.rawHeaders);
  const nonceHeader = proof !== undefined ? { 'dpop-nonce': ctx.shared.nonces.current(ctx.now) } : null;
  try {
    const dpop =
      proof === undefined
        ? null
        : await verifyDpopProof(proof, {
            method: 'POST',
            url: ctx.endpointUrl,
            now: ctx.now,
            replay: ctx.shared.replay,
            nonce: (n) => ctx.shared.nonces.accepts(n, ctx.now),
          });
    const principal = await authenticateClient(ctx.req, ctx.params, authContext(ctx), {
      allowAgents: true,
      allowPublic: grant.publicClients === true,
    });
    if (!dpop && requireDpopFor(principal.kind === 'agent' ? principal.agent : principal.client))
      throw new InvalidDpopProof('this client must send a DPoP proof (dpop_bound_access_tokens)');
    const result = await grant.handle({ ...ctx, dpop }, principal);
    if (nonceHeader) result.headers = { ...result.headers, ...nonceHeader };
    return result;
  } catch (error) {
    if (nonceHeader && error instanceof OAuthError) error.headers = { ...error.headers, ...nonceHeader };
    throw error;
  }
}
