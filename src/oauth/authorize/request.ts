/**
 * Validation of an authorization request (OIDC Core §3.1.2.1, RFC 6749 §4.1.1, RFC 7636,
 * RFC 9700 §2.1.1) in the order that decides where an error may go:
 *
 * 1. `client_id` (a client of this issuer allowed the authorization_code grant) and
 *    `redirect_uri` (required, matching a registered one: exactly, or but for the port of an http
 *    loopback IP literal, RFC 8252 §7.3; see src/domain/client-uris.ts), each sent once. Until
 *    both hold, the error is a page shown to the person and NEVER a redirect (RFC 6749 §4.1.2.1:
 *    an open redirector otherwise).
 * 2. Everything else is answered at the redirect_uri with `error`, `error_description`, `state`
 *    and `iss`: any other parameter sent twice (RFC 6749 §3.1; a repeated `state` is left out of
 *    the answer rather than guessed), `request`/`request_uri` (unsupported), `response_type=code`
 *    only, query response mode only, `scope`, PKCE (S256 only; required for public clients),
 *    `state`/`nonce` length, `prompt`, `max_age`.
 * 3. `resource` (RFC 8707, may repeat): each one of the issuer's Resources, else `invalid_target`;
 *    with resources, every resource:action scope must be one they define (`invalid_scope`).
 *
 * A `client_id` that is a URL is a Client ID Metadata Document (../cimd.ts): resolved (fetched
 * when not fresh) before anything else; a document that cannot be used is a page, never a
 * redirect. Such a client may ask for the scopes the requested resources define.
 * @module
 */
import type { Client } from '../../generated/prisma/client.js';
import { OIDC_SCOPES } from '../../domain/clients.js';
import { matchesRegisteredUri } from '../../domain/client-uris.js';
import type { EndpointContext } from '../context.js';
import { isMetadataDocumentUrl, MetadataDocumentError } from '../cimd.js';
import { definedScopes, requestedResources } from '../resources.js';
import { InvalidTarget } from '../errors.js';

/** The validated request, as the code will be bound to it (and sealed between the steps). */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  /** the granted scope, space-delimited (may be empty) */
  scope: string;
  /** the RFC 8707 resources asked for (identifiers of the issuer's Resources) */
  resources: string[];
  state: string | null;
  nonce: string | null;
  codeChallenge: string | null;
  codeChallengeMethod: 'S256' | null;
}

/** The error codes this endpoint sends to a redirect_uri (RFC 6749 §4.1.2.1, OIDC Core §3.1.2.6, RFC 9101). */
export type AuthorizationErrorCode =
  | 'invalid_request'
  | 'unsupported_response_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'access_denied'
  | 'consent_required'
  | 'login_required'
  | 'request_not_supported'
  | 'request_uri_not_supported';

export type Prompt = 'none' | 'login' | 'consent' | 'select_account';

export type CheckedRequest =
  | {
      ok: true;
      client: Client;
      request: AuthorizationRequest;
      prompt: ReadonlySet<Prompt>;
      maxAge: number | null;
      loginHint: string | null;
    }
  /** client or redirect_uri unusable: show `message`, never redirect */
  | { ok: false; redirect: false; message: string }
  /** answer at the (validated) redirect_uri */
  | { ok: false; redirect: true; redirectUri: string; state: string | null; error: AuthorizationErrorCode; description: string };

export const MAX_STATE_LENGTH = 512;
export const MAX_NONCE_LENGTH = 512;
const MAX_SCOPE_LENGTH = 2048;
const MAX_SCOPES = 100;
const MAX_LOGIN_HINT = 320;
const MAX_CLIENT_ID = 100;
/** RFC 6749 §3.3 scope-token */
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/;
/** RFC 7636 §4.2: an S256 challenge is base64url (43 characters for SHA-256; 43–128 accepted) */
const CODE_CHALLENGE = /^[A-Za-z0-9_-]{43,128}$/;
const PROMPTS: ReadonlySet<string> = new Set<Prompt>(['none', 'login', 'consent', 'select_account']);
const OIDC: ReadonlySet<string> = new Set(OIDC_SCOPES);

export const UNKNOWN_CLIENT_MESSAGE =
  'The application that sent you here is not registered with this sign-in service, so you cannot sign in to it from here.';
export const BAD_REDIRECT_MESSAGE =
  'The application that sent you here gave a return address that is not registered for it, so you cannot sign in to it from here.';
export const CIMD_MESSAGE = 'The application that sent you here describes itself in a document this sign-in service cannot use';
export const REPEATED_CLIENT_MESSAGE =
  'The sign-in link names its application or its return address more than once, so it cannot be trusted.';

/** A public client (no secret, no keys): PKCE is its only protection of the code. */
export function isPublicClient(client: Pick<Client, 'confidential' | 'tokenEndpointAuthMethod'>): boolean {
  return !client.confidential || client.tokenEndpointAuthMethod === 'none';
}

/**
 * Whether `client` may start an authorization code flow ending at `redirectUri` (a registered
 * one, compared by src/domain/client-uris.ts `matchesRegisteredUri`).
 */
export function acceptsRedirect(client: Client | null, redirectUri: string): client is Client {
  return !!client && client.grantTypes.includes('authorization_code') && matchesRegisteredUri(client.redirectUris, redirectUri);
}

/** The granted scope (deduplicated, in request order), or null when a value is not allowed. */
export function grantableScope(raw: string | undefined, client: Pick<Client, 'scopes'>): string | null {
  if (raw === undefined) return '';
  if (raw.length > MAX_SCOPE_LENGTH) return null;
  const scopes = [...new Set(raw.split(' ').filter(Boolean))];
  if (scopes.length > MAX_SCOPES) return null;
  for (const scope of scopes) {
    if (!SCOPE_TOKEN.test(scope)) return null;
    if (!OIDC.has(scope) && !client.scopes.includes(scope)) return null;
  }
  return scopes.join(' ');
}

type PkceCheck = { ok: true; codeChallenge: string | null; codeChallengeMethod: 'S256' | null } | { ok: false; description: string };

/** RFC 7636 with RFC 9700 §2.1.1: S256 only; required when the client is public. */
export function checkPkce(
  challenge: string | undefined,
  method: string | undefined,
  client: Pick<Client, 'confidential' | 'tokenEndpointAuthMethod'>,
): PkceCheck {
  if (method !== undefined && method !== 'S256')
    return { ok: false, description: 'code_challenge_method must be S256 (plain is not supported)' };
  if (challenge === undefined) {
    if (method !== undefined) return { ok: false, description: 'code_challenge_method was sent without code_challenge' };
    if (isPublicClient(client)) return { ok: false, description: 'code_challenge (PKCE with S256) is required for this client' };
    return { ok: true, codeChallenge: null, codeChallengeMethod: null };
  }
  // RFC 7636 §4.3 defaults a missing method to plain, which is refused
  if (method === undefined) return { ok: false, description: 'code_challenge_method=S256 is required (plain is not supported)' };
  if (!CODE_CHALLENGE.test(challenge)) return { ok: false, description: 'code_challenge must be 43 to 128 base64url characters' };
  return { ok: true, codeChallenge: challenge, codeChallengeMethod: 'S256' };
}

/** The `prompt` values, or null when one is unknown or `none` is combined with another. */
export function parsePrompt(raw: string | undefined): ReadonlySet<Prompt> | null {
  const values = new Set((raw ?? '').split(' ').filter(Boolean));
  if ([...values].some((v) => !PROMPTS.has(v))) return null;
  if (values.has('none') && values.size > 1) return null;
  return values as Set<Prompt>;
}

/** Checks an authorization request (see the module comment for the order). */
export async function checkAuthorizationRequest(ctx: EndpointContext): Promise<CheckedRequest> {
  // an empty value counts as absent (a query string keeps `state=`)
  const param = (name: string) => {
    const value = ctx.params.get(name);
    return value === '' ? undefined : value;
  };

  if (ctx.repeated.has('client_id') || ctx.repeated.has('redirect_uri'))
    return { ok: false, redirect: false, message: REPEATED_CLIENT_MESSAGE };
  const clientId = param('client_id');
  let client: Client | null = null;
  if (clientId !== undefined && isMetadataDocumentUrl(clientId)) {
    try {
      client = await ctx.shared.cimd.resolve(ctx.issuer, clientId);
    } catch (error) {
      if (error instanceof MetadataDocumentError) return { ok: false, redirect: false, message: `${CIMD_MESSAGE} (${error.message})` };
      throw error;
    }
  } else if (clientId !== undefined && clientId.length <= MAX_CLIENT_ID) {
    client = await ctx.shared.services.principals.client(ctx.issuer.id, clientId);
  }
  if (!client?.grantTypes.includes('authorization_code')) return { ok: false, redirect: false, message: UNKNOWN_CLIENT_MESSAGE };
  const redirectUri = param('redirect_uri');
  if (redirectUri === undefined || !acceptsRedirect(client, redirectUri))
    return { ok: false, redirect: false, message: BAD_REDIRECT_MESSAGE };

  // a repeated state is ambiguous: the answer carries none rather than one of them
  const rawState = ctx.repeated.has('state') ? undefined : param('state');
  const state = rawState !== undefined && rawState.length <= MAX_STATE_LENGTH ? rawState : null;
  const refuse = (error: AuthorizationErrorCode, description: string): CheckedRequest => ({
    ok: false,
    redirect: true,
    redirectUri,
    state,
    error,
    description,
  });

  if (ctx.repeated.size > 0)
    return refuse(
      'invalid_request',
      `${[...ctx.repeated]
        .map((n) => n.slice(0, 40))
        .sort()
        .join(', ')} must not be sent more than once`,
    );
  if (rawState !== undefined && state === null) return refuse('invalid_request', `state is longer than ${MAX_STATE_LENGTH} characters`);
  if (param('request') !== undefined) return refuse('request_not_supported', 'request objects are not supported');
  if (param('request_uri') !== undefined) return refuse('request_uri_not_supported', 'request_uri is not supported');
  const responseType = param('response_type');
  if (responseType === undefined) return refuse('invalid_request', 'response_type is required');
  if (responseType !== 'code') return refuse('unsupported_response_type', 'response_type must be code');
  const responseMode = param('response_mode');
  if (responseMode !== undefined && responseMode !== 'query') return refuse('invalid_request', 'response_mode must be query');

  let resources;
  try {
    resources = await requestedResources(ctx);
  } catch (error) {
    if (error instanceof InvalidTarget) return refuse('invalid_target', error.description ?? 'resource is not valid');
    throw error;
  }
  const defined = definedScopes(resources);
  // a self-registered client that declared no resource scopes may ask for those its resources define
  const selfRegistered = client.registrationType !== 'registered' && !client.scopes.some((s) => !OIDC.has(s));
  const scope = grantableScope(param('scope'), selfRegistered ? { scopes: [...client.scopes, ...defined] } : client);
  if (scope === null) return refuse('invalid_scope', 'scope has a value this client may not request');
  if (resources.length && scope.split(' ').some((s) => s !== '' && !OIDC.has(s) && !defined.has(s)))
    return refuse('invalid_scope', 'scope names a scope the requested resources do not define');
  const pkce = checkPkce(param('code_challenge'), param('code_challenge_method'), client);
  if (!pkce.ok) return refuse('invalid_request', pkce.description);
  const nonce = param('nonce') ?? null;
  if (nonce !== null && nonce.length > MAX_NONCE_LENGTH)
    return refuse('invalid_request', `nonce is longer than ${MAX_NONCE_LENGTH} characters`);
  const prompt = parsePrompt(param('prompt'));
  if (!prompt) return refuse('invalid_request', 'prompt has an unsupported value, or combines none with another');
  const rawMaxAge = param('max_age');
  if (rawMaxAge !== undefined && !/^[0-9]{1,9}$/.test(rawMaxAge))
    return refuse('invalid_request', 'max_age must be a non-negative integer');
  const loginHint = param('login_hint');

  return {
    ok: true,
    client,
    request: {
      clientId: client.id,
      redirectUri,
      scope,
      resources: resources.map((r) => r.identifier),
      state,
      nonce,
      codeChallenge: pkce.codeChallenge,
      codeChallengeMethod: pkce.codeChallengeMethod,
    },
    prompt,
    maxAge: rawMaxAge === undefined ? null : Number(rawMaxAge),
    loginHint: loginHint !== undefined && loginHint.length <= MAX_LOGIN_HINT ? loginHint : null,
  };
}
