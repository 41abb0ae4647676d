/**
 * Authorization server metadata (RFC 8414) and OpenID Provider metadata (OIDC Discovery 1.0),
 * served at `/{issuer}/.well-known/oauth-authorization-server` and
 * `/{issuer}/.well-known/openid-configuration`; and the issuer's JWK Set at `/{issuer}/jwks`.
 * Only what works is advertised: the grants the token endpoint knows, the client authentication
 * methods it checks.
 * @module
 */
import { ASSERTION_SIGNING_ALGS } from '../domain/jwk.js';
import { GRANTS } from './grants/index.js';
import type { EndpointContext, EndpointResult } from './context.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
/** Metadata and keys change rarely; a short max-age lets a rotation show up quickly. */
const CACHEABLE = { 'cache-control': 'public, max-age=60' } as const;

/** The metadata document of the issuer (same body for both well-known paths). */
export function metadataEndpoint(ctx: EndpointContext): EndpointResult {
  const issuer = ctx.issuerUrl;
  const body = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    jwks_uri: `${issuer}/jwks`,
    introspection_endpoint: `${issuer}/introspect`,
    revocation_endpoint: `${issuer}/revoke`,
    grant_types_supported: [...GRANTS.keys()],
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: [ctx.issuer.signingAlg],
    token_endpoint_auth_methods_supported: AUTH_METHODS,
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    introspection_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    revocation_endpoint_auth_methods_supported: AUTH_METHODS,
    revocation_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
  };
  return { status: 200, body, headers: { ...CACHEABLE } };
}

/** The public keys that verify now: current + previous within their window. */
export async function jwksEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  return { status: 200, body: await ctx.shared.services.signingKeys.jwks(ctx.issuer.id), headers: { ...CACHEABLE } };
}
