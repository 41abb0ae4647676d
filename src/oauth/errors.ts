/**
 * OAuth errors (RFC 6749 §5.2, RFC 7009, RFC 7662, RFC 8693 §2.2.2) and bearer-token errors of the
 * protected resources we serve ourselves (RFC 6750 §3: userinfo): classes named after their code,
 * serialised in exactly one place (`oauthErrorResponse`). Anything that is not an OAuthError becomes
 * `server_error` with no detail.
 * @module
 */
export type OAuthErrorCode =
  | 'invalid_request'
  | 'invalid_client'
  | 'invalid_grant'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'invalid_scope'
  | 'invalid_target'
  | 'unsupported_token_type'
  | 'invalid_token'
  | 'insufficient_scope'
  | 'server_error'
  | 'temporarily_unavailable'
  // RFC 9449 §5, §8 (DPoP)
  | 'invalid_dpop_proof'
  | 'use_dpop_nonce'
  // OpenID Connect CIBA Core 1.0 §11, §13
  | 'authorization_pending'
  | 'slow_down'
  | 'access_denied'
  | 'expired_token'
  | 'unknown_user_id'
  | 'invalid_binding_message'
  // RFC 9396 §5
  | 'invalid_authorization_details';

export class OAuthError extends Error {
  readonly error: OAuthErrorCode;
  readonly status: number;
  readonly description: string | undefined;
  /** logged, never sent */
  readonly detail: string | undefined;
  /** headers the answer carries besides the defaults (e.g. RFC 9449 `DPoP-Nonce`) */
  headers: Record<string, string> | undefined;
  constructor(error: OAuthErrorCode, status: number, description?: string, detail?: string) {
    super(description ?? error);
    this.name = this.constructor.name;
    this.error = error;
    this.status = status;
    this.description = description;
    this.detail = detail;
  }
}

export class InvalidRequest extends OAuthError {
  constructor(description: string) {
    super('invalid_request', 400, description);
  }
}

/**
 * 401 with `WWW-Authenticate: Basic realm="authgraph"` (RFC 6749 §5.2), whatever the client tried
 * (Basic, a secret in the body, an assertion, nothing): the token, introspection and revocation
 * endpoints authenticate clients, and HTTP Basic is the scheme every client may use there, so
 * the challenge is the same on all three and does not tell which method failed.
 */
export class InvalidClient extends OAuthError {
  constructor(detail?: string) {
    super('invalid_client', 401, 'client authentication failed', detail);
  }
}

export class InvalidGrant extends OAuthError {
  constructor(description = 'the grant is invalid, expired or revoked', detail?: string) {
    super('invalid_grant', 400, description, detail);
  }
}

export class UnauthorizedClient extends OAuthError {
  constructor(description: string) {
    super('unauthorized_client', 400, description);
  }
}

export class UnsupportedGrantType extends OAuthError {
  constructor(grantType: string) {
    super('unsupported_grant_type', 400, `grant_type "${grantType.slice(0, 60)}" is not supported`);
  }
}

export class InvalidScope extends OAuthError {
  constructor(description = 'the requested scope is invalid or exceeds what the client holds') {
    super('invalid_scope', 400, description);
  }
}

/** RFC 8707 §2: the `resource` parameter is not an absolute URI without a fragment, or is not allowed. */
export class InvalidTarget extends OAuthError {
  constructor(description = 'the resource parameter must be an absolute URI without a fragment') {
    super('invalid_target', 400, description);
  }
}

export class UnsupportedTokenType extends OAuthError {
  constructor() {
    super('unsupported_token_type', 400, 'token_type_hint names a type this server does not revoke');
  }
}

/**
 * RFC 6750 §3.1 errors of a bearer-protected endpoint, answered with `WWW-Authenticate: Bearer`
 * naming the error (and, for insufficient_scope, the scope needed).
 */
export abstract class BearerError extends OAuthError {}

/** 401: the access token is malformed, expired, revoked or not for this endpoint. */
export class InvalidToken extends BearerError {
  constructor(description = 'the access token is invalid, expired or revoked', detail?: string) {
    super('invalid_token', 401, description, detail);
  }
}

/**
 * 401 for a request that carries no access token at all: the challenge names no error
 * (RFC 6750 §3.1: "the resource server SHOULD NOT include an error code").
 */
export class MissingToken extends InvalidToken {
  constructor() {
    super('an access token is required');
  }
}

/** 400: a malformed request to a bearer-protected endpoint (RFC 6750 §3.1 invalid_request). */
export class InvalidBearerRequest extends BearerError {
  constructor(description: string) {
    super('invalid_request', 400, description);
  }
}

/** 403: the access token lacks a scope the endpoint needs. */
export class InsufficientScope extends BearerError {
  readonly scope: string;
  constructor(scope: string) {
    super('insufficient_scope', 403, `the access token lacks the ${scope} scope`);
    this.scope = scope;
  }
}

/** A quoted-string of an auth-param (RFC 9110 §11.2): quotes and backslashes are dropped. */
const quoted = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

function bearerChallenge(error: BearerError): string {
  if (error instanceof MissingToken) return 'Bearer realm="authgraph"';
  const params = [`realm="authgraph"`, `error=${quoted(error.error)}`];
  if (error.description) params.push(`error_description=${quoted(error.description)}`);
  if (error instanceof InsufficientScope) params.push(`scope=${quoted(error.scope)}`);
  return `Bearer ${params.join(', ')}`;
}

export interface OAuthErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: { error: OAuthErrorCode; error_description?: string };
}

/**
 * The response of an error. `bearer`: the endpoint is a protected resource (userinfo), so every
 * 400/401/403 it answers — also a malformed body caught before the endpoint ran — carries a
 * Bearer challenge (RFC 6750 §3).
 */
export function oauthErrorResponse(error: unknown, options: { bearer?: boolean } = {}): OAuthErrorResponse {
  const headers: Record<string, string> = { 'cache-control': 'no-store', pragma: 'no-cache' };
  if (!(error instanceof OAuthError)) {
    return { status: 500, headers, body: { error: 'server_error', error_description: 'unexpected error' } };
  }
  if (error instanceof InvalidClient) headers['www-authenticate'] = 'Basic realm="authgraph", error="invalid_client"';
  if (options.bearer && !(error instanceof BearerError) && error.error === 'invalid_request' && error.status === 400) {
    headers['www-authenticate'] = bearerChallenge(new InvalidBearerRequest(error.description ?? 'invalid request'));
  }
  if (error instanceof BearerError) headers['www-authenticate'] = bearerChallenge(error);
  if (error.headers) Object.assign(headers, error.headers);
  return {
    status: error.status,
    headers,
    body: error.description ? { error: error.error, error_description: error.description } : { error: error.error },
  };
}
