/**
 * Authorization server metadata (RFC 8414) and OpenID Provider metadata (OIDC Discovery 1.0),
 * served at `/{issuer}/.well-known/oauth-authorization-server` and
 * `/{issuer}/.well-known/openid-configuration`; and the issuer's JWK Set at `/{issuer}/jwks`.
 * Only what works is advertised: the grants the token endpoint knows, the client authentication
 * methods it checks (`none` for public clients at the token and revocation endpoints), PKCE with
 * S256 only, query responses only, no request objects and no claims parameter (whose defaults
 * in Discovery §3 would otherwise claim support). `scopes_supported` lists the OIDC scopes and
 * every scope the issuer's Resources define; `client_id_metadata_document_supported` says a
 * client_id may be a Client ID Metadata Document URL (./cimd.ts); `registration_endpoint`
 * (RFC 7591) appears only where the issuer turned dynamic registration on.
 * @module
 */
import { ASSERTION_SIGNING_ALGS, SIGNING_ALGS } from '../domain/jwk.js';
import { GRANTS } from './grants/index.js';
import { DPOP_SIGNING_ALGS } from './dpop.js';
import { JWKS_MAX_AGE_SECONDS } from '../domain/signing-keys.js';
import type { EndpointContext, EndpointResult } from './context.js';

const AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'];
/**
 * Metadata and keys change rarely; a short max-age lets a rotation show up quickly. A rotated-in
 * key is published PUBLISH_AHEAD_SECONDS (two of these lifetimes) before it signs.
 */
const CACHEABLE = { 'cache-control': `public, max-age=${JWKS_MAX_AGE_SECONDS}` } as const;

/**
 * The OIDC scopes /authorize grants. offline_access is accepted for libraries that ask for it, but
 * refresh tokens follow the client's grant types, not the scope.
 */
const SCOPES = ['openid', 'profile', 'email', 'offline_access'];
/** Claims of ID tokens and userinfo (./id-tokens.ts, ./userinfo.ts). */
const CLAIMS = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'azp',
  'sid',
  'amr',
  'at_hash',
  'email',
  'email_verified',
  'name',
  'given_name',
  'family_name',
  'preferred_username',
  'updated_at',
  'org_id',
  'org_scopes',
];

/**
 * ID token algs: the issuer's own first, then every alg a client may register with
 * `idTokenSignedResponseAlg` — RS256 among them, which OIDC Discovery §3 requires.
 */
export const idTokenAlgs = (issuerAlg: string): string[] => [...new Set([issuerAlg, ...SIGNING_ALGS])];

/** The metadata document of the issuer (same body for both well-known paths). */
export async function metadataEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  const issuer = ctx.issuerUrl;
  const resources = await ctx.shared.services.resources.ofIssuer(ctx.issuer.id);
  const resourceScopes = [...new Set([...resources.values()].flatMap((r) => r.scopes))].sort();
  const body = {
    issuer,
    authorization_endpoint: `${issuer}/authorize`,
    token_endpoint: `${issuer}/token`,
    userinfo_endpoint: `${issuer}/userinfo`,
    jwks_uri: `${issuer}/jwks`,
    end_session_endpoint: `${issuer}/end_session`,
    introspection_endpoint: `${issuer}/introspect`,
    revocation_endpoint: `${issuer}/revoke`,
    ...(ctx.issuer.dynamicRegistrationEnabled ? { registration_endpoint: `${issuer}/register` } : {}),
    scopes_supported: [...SCOPES, ...resourceScopes],
    claims_supported: CLAIMS,
    grant_types_supported: [...GRANTS.keys()],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    code_challenge_methods_supported: ['S256'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: idTokenAlgs(ctx.issuer.signingAlg),
    token_endpoint_auth_methods_supported: [...AUTH_METHODS, 'none'],
    token_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    introspection_endpoint_auth_methods_supported: AUTH_METHODS,
    introspection_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    revocation_endpoint_auth_methods_supported: [...AUTH_METHODS, 'none'],
    revocation_endpoint_auth_signing_alg_values_supported: ASSERTION_SIGNING_ALGS,
    authorization_response_iss_parameter_supported: true,
    client_id_metadata_document_supported: true,
    request_parameter_supported: false,
    request_uri_parameter_supported: false,
    claims_parameter_supported: false,
    // RFC 9449 §5.1
    dpop_signing_alg_values_supported: DPOP_SIGNING_ALGS,
    // OpenID Connect CIBA Core 1.0 §4 (unsigned requests, login_hint only, no user_code)
    backchannel_authentication_endpoint: `${issuer}/bc-authorize`,
    backchannel_token_delivery_modes_supported: ['poll', 'ping'],
    backchannel_user_code_parameter_supported: false,
  };
  return { status: 200, body, headers: { ...CACHEABLE } };
}

/** The public keys that verify now or soon: current, next (published ahead) and previous within their window. */
export async function jwksEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  return { status: 200, body: await ctx.shared.services.signingKeys.jwks(ctx.issuer.id), headers: { ...CACHEABLE } };
}
