/**
 * `POST /{issuer}/token` (RFC 6749 §3.2): checks the grant type, authenticates the caller, then
 * hands over to the grant. A missing grant_type is `invalid_request`, an unknown one
 * `unsupported_grant_type` (both answered before any credential is looked up). Public clients
 * authenticate by `client_id` alone, and only for the grants that allow it (./grants/index.ts).
 * @module
 */
import { InvalidRequest, UnsupportedGrantType } from './errors.js';
import { authenticateClient } from './client-auth.js';
import { GRANTS } from './grants/index.js';
import type { EndpointContext, EndpointResult } from './context.js';

/** Answers a token request, or throws the OAuth error the router serializes. */
export async function tokenEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const grantType = ctx.params.get('grant_type');
  if (grantType === undefined) throw new InvalidRequest('grant_type is required');
  const grant = GRANTS.get(grantType);
  if (!grant) throw new UnsupportedGrantType(grantType);
  const principal = await authenticateClient(ctx.req, ctx.params, authContext(ctx), {
    allowAgents: true,
    allowPublic: grant.publicClients === true,
  });
  return grant.handle(ctx, principal);
}

/** The client-authentication context of an endpoint call. */
export function authContext(ctx: EndpointContext) {
  return {
    issuerId: ctx.issuer.id,
    issuerUrl: ctx.issuerUrl,
    endpointUrl: ctx.endpointUrl,
    now: ctx.now,
    principals: ctx.shared.services.principals,
    replay: ctx.shared.replay,
    clientIp: ctx.shared.clientIp(ctx.req),
  };
}
