/**
 * `authorization_code` (RFC 6749 §4.1.3, RFC 7636 §4.6, OIDC Core §3.1.3): redeems a code of the
 * hosted sign-in for the session's tokens.
 *
 * - Callers: confidential clients (authenticated as usual) and public clients (`client_id`
 *   alone, and then a `code_verifier` is required: PKCE is the only proof they hold the code).
 *   The client must be registered for the grant; agents never are (`unauthorized_client`).
 * - The code is single use, bound to the client, the redirect_uri and the PKCE challenge; the
 *   session service checks all of it and a second redemption revokes the session (with every
 *   token issued from it). A bad `resource`, or a missing DPoP proof for a resource of the code
 *   that requires one (`invalid_dpop_proof`), is refused before the code is spent. Every refusal is the same `invalid_grant`: the reason is logged only.
 * - Answer: see ../user-tokens.ts (access token, ID token with the request's nonce when openid was
 *   granted, a refresh token when the client has the refresh_token grant).
 * @module
 */
import { InvalidGrant, InvalidRequest, UnauthorizedClient } from '../errors.js';
import { issueUserTokens } from '../user-tokens.js';
import type { Grant } from './common.js';
import { requestedResources, requireDpopForResources, targetResources } from '../resources.js';

export const INVALID_CODE = 'the authorization code is invalid, expired or already used, or was issued to another client or redirect URI';

/** The authorization_code grant (see the module comment). */
export const authorizationCode: Grant = {
  grantType: 'authorization_code',
  publicClients: true,
  async handle(ctx, principal) {
    if (principal.kind !== 'client' || !principal.client.grantTypes.includes('authorization_code'))
      throw new UnauthorizedClient('this client may not use authorization_code');
    const code = ctx.params.get('code');
    if (code === undefined) throw new InvalidRequest('code is required');
    const codeVerifier = ctx.params.get('code_verifier');
    if (principal.method === 'none' && codeVerifier === undefined)
      throw new InvalidGrant(INVALID_CODE, 'public client without code_verifier');
    // a bad resource is refused before the code is spent (else the retry would look like reuse)
    await requestedResources(ctx);
    // so is a missing DPoP proof for a resource that requires one (read only when the issuer has such a resource)
    if (!ctx.dpop && [...(await ctx.shared.services.resources.ofIssuer(ctx.issuer.id)).values()].some((r) => r.dpopRequired)) {
      const named = await ctx.shared.services.sessions.codeResources(ctx.issuer.id, code);
      if (named) requireDpopForResources(ctx, await targetResources(ctx, named));
    }
    const redeemed = await ctx.shared.services.sessions.redeemCode({
      issuerId: ctx.issuer.id,
      clientId: principal.id,
      code,
      redirectUri: ctx.params.get('redirect_uri'),
      codeVerifier,
      withRefreshToken: principal.client.grantTypes.includes('refresh_token'),
      // RFC 9449 §5: a public client's refresh token is bound to its DPoP key
      jkt: principal.method === 'none' ? (ctx.dpop?.jkt ?? null) : null,
    });
    if (!redeemed.ok) throw new InvalidGrant(INVALID_CODE, `code refused: ${redeemed.reason}`);
    return issueUserTokens(ctx, principal, redeemed, { grantType: 'authorization_code', nonce: redeemed.nonce });
  },
};
