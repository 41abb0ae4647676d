/**
 * `refresh_token` (RFC 6749 §6) for clients of the hosted sign-in: rotates the refresh token
 * under the session service's strict policy (a rotated token presented again revokes the whole
 * session; src/domain/sessions.ts) and answers a new access token, refresh token and — when
 * `openid` is in the scope — a new ID token without nonce (OIDC Core §12.2).
 *
 * - Callers: the client the token was issued to (confidential, or public by `client_id`), which
 *   must hold the refresh_token grant. Agents and M2M clients never get refresh tokens
 *   (`unauthorized_client`, SECURITY-CASES RR-15).
 * - `scope` narrows the new access token, never widens it (`invalid_scope`): every scope asked
 *   for must be granted — for resource:action scopes, named by the grant or, when the grant named
 *   none (it covers every scope held in the organization), held in the organization now. The
 *   refresh token keeps the original grant.
 * - `organization_id` switches the session to another organization of the user (membership and
 *   organization active), else `invalid_request`.
 * - Membership changes show here: the organization context is read again on every refresh.
 * - A resource of the grant that requires DPoP (Resource.dpopRequired, RFC 9449) refuses a
 *   request without a proof with `invalid_dpop_proof` before the token rotates.
 * - Every other refusal is the same `invalid_grant`; the reason is logged only.
 * @module
 */
import { isIdOf } from '../../lib/ids.js';
import { InvalidGrant, InvalidRequest, InvalidScope, UnauthorizedClient } from '../errors.js';
import { issueUserTokens, scopeList, splitScopes, type ClientPrincipal } from '../user-tokens.js';
import type { EndpointContext } from '../context.js';
import { requestedScopes } from './common.js';
import { requestedResources, requireDpopForResources, resourceParams, targetResources } from '../resources.js';
import type { Grant } from './common.js';

export const INVALID_REFRESH_TOKEN = 'the refresh token is invalid, expired or revoked, or was issued to another client';

interface Narrowing {
  /** what the session service checks against the grant (null: the whole grant) */
  rotateScope: string[] | null;
  /** the resource scopes the new access token may carry (null: as the grant says) */
  resourceFilter: string[] | null;
}

/**
 * Splits a requested `scope` into what the session service checks against the grant and the
 * resource scopes to keep. A grant that named no resource scopes covers those held in the
 * (possibly newly selected) organization now; those are checked here, before anything rotates.
 */
async function narrowing(
  ctx: EndpointContext,
  principal: ClientPrincipal,
  token: string,
  requested: string[] | null,
  organizationId: string | undefined,
): Promise<Narrowing> {
  if (requested === null) return { rotateScope: null, resourceFilter: null };
  const { resource } = splitScopes(requested);
  const { sessions } = ctx.shared.services;
  const live = resource.length ? await sessions.refreshTokenActive(ctx.issuer.id, token) : null;
  // an unknown, spent or foreign token goes to rotate as it is: it refuses (and detects reuse)
  if (!live || live.clientId !== principal.id || splitScopes(scopeList(live.scope)).resource.length)
    return { rotateScope: requested, resourceFilter: resource };
  const held = await sessions.context(live.session.userId, organizationId ?? live.session.organizationId);
  if (resource.some((s) => !held.scopes.includes(s))) throw new InvalidScope('the requested scope exceeds what the grant covers');
  return { rotateScope: requested.filter((s) => !resource.includes(s)), resourceFilter: resource };
}

/** The refresh_token grant (see the module comment). */
export const refreshToken: Grant = {
  grantType: 'refresh_token',
  publicClients: true,
  async handle(ctx, principal) {
    if (principal.kind !== 'client' || !principal.client.grantTypes.includes('refresh_token'))
      throw new UnauthorizedClient('this client may not use refresh_token');
    const token = ctx.params.get('refresh_token');
    if (token === undefined) throw new InvalidRequest('refresh_token is required');
    // a bad resource is refused before the token rotates (else the retry would look like reuse)
    await requestedResources(ctx);
    const organizationId = ctx.params.get('organization_id');
    if (organizationId !== undefined && !isIdOf('organization', organizationId))
      throw new InvalidRequest('organization_id must be an organization id (org_…)');
    const { rotateScope, resourceFilter } = await narrowing(
      ctx,
      principal,
      token,
      requestedScopes(ctx.params.get('scope')),
      organizationId,
    );
    const rotated = await ctx.shared.services.sessions.rotate({
      issuer: ctx.issuer,
      clientId: principal.id,
      refreshToken: token,
      scope: rotateScope,
      organizationId: organizationId ?? null,
      jkt: ctx.dpop?.jkt ?? null,
      // a resource that requires DPoP refuses before the token rotates (a retry with a proof is no reuse)
      admit: async (grant) => requireDpopForResources(ctx, await targetResources(ctx, grant.resources)),
      // without resource parameters admit passes any grant that names no resources (the one-statement rotation)
      admitsUnscoped: resourceParams(ctx).length === 0,
    });
    if (!rotated.ok) {
      if (rotated.reason === 'scope') throw new InvalidScope('the requested scope exceeds what the grant covers');
      if (rotated.reason === 'organization')
        throw new InvalidRequest('the user is not an active member of an active organization with that organization_id');
      if (rotated.reason === 'mfa_required')
        throw new InvalidRequest('that organization requires two-step verification, which this session did not pass: sign in again');
      throw new InvalidGrant(INVALID_REFRESH_TOKEN, `refresh refused: ${rotated.reason}`);
    }
    return issueUserTokens(ctx, principal, rotated, { grantType: 'refresh_token', nonce: null, resourceFilter });
  },
};
