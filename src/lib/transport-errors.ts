/**
 * Transport error codes: the answers of the HTTP layer itself — before GraphQL runs, around it,
 * or instead of it — and of graphql-ws for the same situations. One registry, one body shape.
 *
 * Every such answer outside the OAuth endpoints (which answer RFC 6749 §5.2 `{ error,
 * error_description }`) has the GraphQL-over-HTTP error shape, so a client reads one shape
 * whatever failed:
 *
 * ```json
 * { "errors": [{ "message": "…", "extensions": { "code": "RATE_LIMITED", "retryAfterSeconds": 3, "requestId": "…" } }] }
 * ```
 *
 * `extensions.code` is one of {@link TRANSPORT_ERRORS} (GraphQL results add the domain's codes,
 * src/domain/errors.ts); `retryAfterSeconds` comes with 429/409/503 (as the Retry-After header);
 * `requestId` with 500 (the id the log line quotes).
 * @module
 */

/** Every transport code and the HTTP status it is sent with. */
export const TRANSPORT_ERRORS = {
  /** malformed request outside GraphQL's own validation (e.g. an invalid Idempotency-Key header) */
  BAD_REQUEST: 400,
  /** no credential, or one refused for any reason (the reason goes to the debug log only); sent with WWW-Authenticate */
  UNAUTHENTICATED: 401,
  /** a route that exists nowhere (or /metrics when no METRICS_TOKEN is set) */
  NOT_FOUND: 404,
  /** a route that exists, with another method; sent with Allow */
  METHOD_NOT_ALLOWED: 405,
  /** an Idempotency-Key whose first request is still running; sent with Retry-After */
  IDEMPOTENCY_KEY_IN_PROGRESS: 409,
  /** the request body is over the limit (256 KiB on /graphql); the connection is closed */
  PAYLOAD_TOO_LARGE: 413,
  /** an Idempotency-Key used before with a different request body */
  IDEMPOTENCY_KEY_REUSED: 422,
  /** the credential's rate limit, or too many failed authentications; sent with Retry-After */
  RATE_LIMITED: 429,
  /** an unexpected failure; the message is generic and `requestId` names the log line */
  INTERNAL_SERVER_ERROR: 500,
  /** the database is unreachable; retry (Retry-After) */
  SERVICE_UNAVAILABLE: 503,
} as const;

export type TransportCode = keyof typeof TRANSPORT_ERRORS;

/** Extensions a transport error may carry besides its code. */
export interface TransportErrorExtensions {
  /** seconds to wait before retrying (also the Retry-After header) */
  retryAfterSeconds?: number;
  /** the request id of the log line (unexpected errors) */
  requestId?: string;
}

/** The one body of every non-GraphQL error answer (see the module note). */
export interface TransportErrorBody {
  errors: [{ message: string; extensions: { code: TransportCode } & TransportErrorExtensions }];
}

/** Builds the body of a transport error. */
export function transportErrorBody(code: TransportCode, message: string, extensions: TransportErrorExtensions = {}): TransportErrorBody {
  return { errors: [{ message, extensions: { code, ...extensions } }] };
}
