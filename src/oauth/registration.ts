/**
 * RFC 7591 dynamic client registration at `POST /{issuer}/register`, only where the issuer turned
 * it on (`dynamicRegistrationEnabled`, off by default; discovery then lists
 * `registration_endpoint`). Open registration: no initial access token. Registered clients are
 * third party (their users consent, ./authorize/consent.ts), show in the graph with
 * `registrationType: DYNAMIC`, and can be blocked like any client.
 *
 * - Body: a JSON object of client metadata (§2). `redirect_uris` is required (1–20, each under
 *   the strict rules of src/domain/client-uris.ts; private-use schemes for
 *   `application_type: native`); `grant_types` ⊆ authorization_code, refresh_token (default
 *   authorization_code); `response_types` ⊇ code; `token_endpoint_auth_method` none,
 *   client_secret_basic (default) or client_secret_post; `scope` OIDC scopes and the scopes the
 *   issuer's Resources define.
 * - Errors (§3.2.2): `invalid_redirect_uri`, `invalid_client_metadata`, 400, JSON.
 * - Answer: 201 with `client_id`, `client_secret` (confidential clients only; shown once),
 *   `client_id_issued_at`, `client_secret_expires_at: 0` and the registered metadata.
 * @module
 */
import { redirectUriProblem } from '../domain/client-uris.js';
import { OIDC_SCOPES } from '../domain/clients.js';
import type { DynamicClient } from '../domain/client-registration.js';
import { NO_STORE, type EndpointContext, type EndpointResult } from './context.js';

const OIDC: ReadonlySet<string> = new Set(OIDC_SCOPES);
const METHODS = ['none', 'client_secret_basic', 'client_secret_post'] as const;
const KEPT = ['client_uri', 'logo_uri', 'tos_uri', 'policy_uri', 'software_id', 'software_version'] as const;

/** An RFC 7591 §3.2.2 error. */
function refused(error: 'invalid_redirect_uri' | 'invalid_client_metadata', description: string): EndpointResult {
  return { status: 400, body: { error, error_description: description }, headers: { ...NO_STORE } };
}

/** Validates registration metadata against the issuer's resources; the client to create, or the error answer. */
async function checkMetadata(ctx: EndpointContext, raw: unknown): Promise<DynamicClient | EndpointResult> {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    return refused('invalid_client_metadata', 'the body must be a JSON object of client metadata');
  const doc = raw as Record<string, unknown>;
  const applicationType = doc.application_type === 'native' ? 'native' : 'web';
  const uris = doc.redirect_uris;
  if (!Array.isArray(uris) || uris.length === 0 || uris.length > 20 || uris.some((u) => typeof u !== 'string'))
    return refused('invalid_redirect_uri', 'redirect_uris must list 1 to 20 URIs');
  for (const uri of uris as string[]) {
    const problem = redirectUriProblem(uri, applicationType);
    if (problem) return refused('invalid_redirect_uri', `${uri.slice(0, 100)} ${problem}`);
  }
  const method = doc.token_endpoint_auth_method ?? 'client_secret_basic';
  if (!METHODS.includes(method as (typeof METHODS)[number]))
    return refused('invalid_client_metadata', `token_endpoint_auth_method must be one of ${METHODS.join(', ')}`);
  const grants = doc.grant_types ?? ['authorization_code'];
  if (
    !Array.isArray(grants) ||
    !grants.includes('authorization_code') ||
    grants.some((g) => g !== 'authorization_code' && g !== 'refresh_token')
  ) {
    return refused('invalid_client_metadata', 'grant_types must include authorization_code and may add refresh_token');
  }
  const responseTypes = doc.response_types;
  if (responseTypes !== undefined && (!Array.isArray(responseTypes) || !responseTypes.includes('code')))
    return refused('invalid_client_metadata', 'response_types must include code');
  let scopes: string[] = [];
  if (doc.scope !== undefined) {
    if (typeof doc.scope !== 'string' || doc.scope.length > 2000) return refused('invalid_client_metadata', 'scope must be a string');
    const defined = new Set([...(await ctx.shared.services.resources.ofIssuer(ctx.issuer.id)).values()].flatMap((r) => r.scopes));
    scopes = [...new Set(doc.scope.split(' ').filter(Boolean))];
    const unknown = scopes.find((s) => !OIDC.has(s) && !defined.has(s));
    if (unknown) return refused('invalid_client_metadata', `scope ${unknown.slice(0, 60)} is not a scope of this issuer`);
  }
  const name =
    typeof doc.client_name === 'string' && doc.client_name.trim() && doc.client_name.length <= 200
      ? doc.client_name.trim()
      : 'Unnamed client';
  const metadata: Record<string, string> = {};
  for (const field of KEPT)
    if (typeof doc[field] === 'string' && (doc[field] as string).length <= 2000) metadata[field] = doc[field] as string;
  return {
    name,
    redirectUris: [...new Set(uris as string[])],
    scopes,
    tokenEndpointAuthMethod: method as DynamicClient['tokenEndpointAuthMethod'],
    grantTypes: [...new Set(grants as string[])],
    applicationType,
    metadata,
  };
}

/** `POST /{issuer}/register` (see the module comment). */
export async function registrationEndpoint(ctx: EndpointContext): Promise<EndpointResult> {
  if (!ctx.issuer.dynamicRegistrationEnabled)
    return {
      status: 404,
      body: { error: 'invalid_request', error_description: 'dynamic client registration is not enabled for this issuer' },
      headers: { ...NO_STORE },
    };
  const checked = await checkMetadata(ctx, ctx.json);
  if ('status' in checked) return checked;
  const { client, secret } = await ctx.shared.services.clientRegistration.registerDynamic(ctx.issuer, checked);
  const body: Record<string, unknown> = {
    client_id: client.id,
    client_id_issued_at: Math.floor(client.createdAt.getTime() / 1000),
    client_name: client.name,
    redirect_uris: client.redirectUris,
    grant_types: client.grantTypes,
    response_types: ['code'],
    token_endpoint_auth_method: client.tokenEndpointAuthMethod,
    application_type: client.applicationType,
    ...(client.scopes.length ? { scope: client.scopes.join(' ') } : {}),
    ...checked.metadata,
  };
  if (secret) Object.assign(body, { client_secret: secret, client_secret_expires_at: 0 });
  return { status: 201, body, headers: { ...NO_STORE } };
}
