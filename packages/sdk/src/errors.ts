/**
 * Every failure the SDK reports is an {@link AuthgraphError}: one subclass per kind, each with
 * the server's stable `code`, the HTTP `status`, the `requestId` the server answered with (its
 * `X-Request-Id` header; quote it when asking for help) and whether retrying may succeed
 * (`retryable`). Branch with `instanceof` or on `code`, and within a code on `reason` (the
 * server's `ErrorReason`: CONFLICT, LIMIT_REACHED, INVALID_STATE and FORBIDDEN name the situation,
 * e.g. `INVITATION_EXPIRED`, `ORGANIZATION_SUSPENDED`, `SLUG_TAKEN`, `MEMBER_LIMIT`); messages are
 * for people. A newer server may send a reason this SDK does not list: treat it like the code alone.
 *
 * ```ts
 * try {
 *   await admin.issuer(issuerId).organizations.create({ name: 'Globex', slug: 'globex' });
 * } catch (error) {
 *   if (error instanceof ConflictError && error.reason === 'SLUG_TAKEN') console.log('slug taken:', error.field);
 *   else throw error;
 * }
 * ```
 *
 * Codes of the Core API's typed errors (a member of a mutation's result union): `VALIDATION_FAILED`,
 * `NOT_FOUND`, `CONFLICT`, `LIMIT_REACHED`, `INVALID_STATE`, `FORBIDDEN`. Codes of the transport
 * (`errors[].extensions.code` of an answer, HTTP status in brackets), each to its class:
 * `UNAUTHENTICATED` [401] → AuthenticationError; `FORBIDDEN` (the credential lacks the field's
 * scope) → ForbiddenError; `RATE_LIMITED` [429] → RateLimitedError; `SERVICE_UNAVAILABLE` [503]
 * → ServiceUnavailableError; `BAD_REQUEST` [400], `BAD_USER_INPUT`, `GRAPHQL_VALIDATION_FAILED`,
 * `GRAPHQL_PARSE_FAILED`, `PAYLOAD_TOO_LARGE` [413] → ValidationError; `IDEMPOTENCY_KEY_REUSED`
 * [422] and `IDEMPOTENCY_KEY_IN_PROGRESS` [409, retryable] → ConflictError;
 * `INTERNAL_SERVER_ERROR` [500] → InternalServerError; `SUBSCRIBER_TOO_SLOW` (event streams,
 * retryable with `after`) → AuthgraphError. With no code, the status decides (404 → NotFoundError).
 * The SDK's own: `NETWORK_ERROR` → NetworkError, `TIMEOUT` → TimeoutError.
 * @module
 */
import type { ErrorCode as TypedErrorCode, ErrorReason } from './gql/graphql.js';

export type { ErrorReason };

/** The transport's codes (see the module documentation for their classes and statuses). */
export const TRANSPORT_ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'RATE_LIMITED',
  'SERVICE_UNAVAILABLE',
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'PAYLOAD_TOO_LARGE',
  'IDEMPOTENCY_KEY_REUSED',
  'IDEMPOTENCY_KEY_IN_PROGRESS',
  'INTERNAL_SERVER_ERROR',
  'SUBSCRIBER_TOO_SLOW',
] as const;

/** Every code the SDK knows: the typed errors', the transport's and its own (`NETWORK_ERROR`, `TIMEOUT`). */
export type ErrorCode = TypedErrorCode | (typeof TRANSPORT_ERROR_CODES)[number] | 'NETWORK_ERROR' | 'TIMEOUT';

/** What every error carries besides its message. */
export interface AuthgraphErrorDetails {
  /** the stable error code, e.g. `NOT_FOUND`, `RATE_LIMITED`, `NETWORK_ERROR` */
  code: string;
  /** the HTTP status of the answer; 200 for a typed GraphQL error; 0 when no answer arrived */
  status: number;
  /** the server's `X-Request-Id` for this request, or null when the answer carried none */
  requestId: string | null;
  /** whether the same request may succeed when sent again */
  retryable?: boolean;
  /** the server's `reason` within the code (typed errors; `extensions.reason` of a request-level error), when it gave one */
  reason?: string | null;
  /** the underlying error (network failures) */
  cause?: unknown;
}

/** Base class of every error the SDK throws. */
export class AuthgraphError extends Error {
  override name = 'AuthgraphError';
  /** stable code: `VALIDATION_FAILED`, `NOT_FOUND`, `CONFLICT`, `LIMIT_REACHED`, `INVALID_STATE`, `FORBIDDEN`, `RATE_LIMITED`, `UNAUTHENTICATED`, `NETWORK_ERROR`, `TIMEOUT`, `SERVICE_UNAVAILABLE`, … */
  readonly code: string;
  /** HTTP status (200 for typed GraphQL errors, 0 when no answer arrived) */
  readonly status: number;
  /** the server's request id (`X-Request-Id`), null when absent */
  readonly requestId: string | null;
  /** true when sending the same request again may succeed (the SDK already retried it `maxRetries` times) */
  readonly retryable: boolean;
  /**
   * Why, within `code`: set on CONFLICT, LIMIT_REACHED, INVALID_STATE and FORBIDDEN errors of the
   * Core API (an {@link ErrorReason} such as `INVITATION_EXPIRED`) and on the request-level errors
   * that carry one (`STREAM_AUTHORITY_LOST`); null otherwise.
   */
  readonly reason: ErrorReason | (string & {}) | null;

  constructor(message: string, details: AuthgraphErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = details.code;
    this.status = details.status;
    this.requestId = details.requestId;
    this.retryable = details.retryable ?? false;
    this.reason = details.reason ?? null;
  }
}

/** One problem with the input: `path` is a dotted path into it (`scopes.0`). */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The input was refused (`VALIDATION_FAILED`); `fields` says where and why. Nothing changed. */
export class ValidationError extends AuthgraphError {
  override name = 'ValidationError';
  /** each refused field with its dotted path into the input */
  readonly fields: FieldIssue[];
  constructor(message: string, details: AuthgraphErrorDetails & { fields?: FieldIssue[] }) {
    super(message, details);
    this.fields = details.fields ?? [];
  }
}

/** The object does not exist, or the credential may not see it (`NOT_FOUND`): the two look alike. */
export class NotFoundError extends AuthgraphError {
  override name = 'NotFoundError';
  /** the id that was not found, when the server names it */
  readonly resourceId: string | null;
  constructor(message: string, details: AuthgraphErrorDetails & { resourceId?: string | null }) {
    super(message, details);
    this.resourceId = details.resourceId ?? null;
  }
}

/**
 * A uniqueness rule refused the change (`CONFLICT`): `reason` `SLUG_TAKEN`, `USERNAME_TAKEN`,
 * `ALREADY_MEMBER` or `CONCURRENT_CHANGE` (read and retry); also the transport's
 * `IDEMPOTENCY_KEY_REUSED` / `IDEMPOTENCY_KEY_IN_PROGRESS` (no reason).
 */
export class ConflictError extends AuthgraphError {
  override name = 'ConflictError';
  /** the input field that conflicts, when known */
  readonly field: string | null;
  constructor(message: string, details: AuthgraphErrorDetails & { field?: string | null }) {
    super(message, details);
    this.field = details.field ?? null;
  }
}

/** A limit was reached (`LIMIT_REACHED`): `reason` `MEMBER_LIMIT` (the organization's) or `VERIFIER_LIMIT` (an agent's). */
export class LimitReachedError extends AuthgraphError {
  override name = 'LimitReachedError';
  /** the limit in force */
  readonly limit: number | null;
  constructor(message: string, details: AuthgraphErrorDetails & { limit?: number | null }) {
    super(message, details);
    this.limit = details.limit ?? null;
  }
}

/**
 * The object is not in a state that allows the change (`INVALID_STATE`); `reason` names the
 * situation, e.g. `ALREADY_REVOKED`, `INVITATION_EXPIRED`, `ORGANIZATION_SUSPENDED`, `MFA_REQUIRED`
 * (the schema's `ErrorReason` lists them all).
 */
export class InvalidStateError extends AuthgraphError {
  override name = 'InvalidStateError';
}

/**
 * The credential is valid but may not do this (`FORBIDDEN`): it lacks the field's scope (a
 * request-level error, no reason), or the change was refused with a `reason` such as
 * `SCOPE_NOT_HELD`, `EXPIRY_LATER`, `NOT_THE_INVITEE` (`field` names the input at fault, when one is).
 */
export class ForbiddenError extends AuthgraphError {
  override name = 'ForbiddenError';
  /** the input field at fault, when the server names one */
  readonly field: string | null;
  constructor(message: string, details: AuthgraphErrorDetails & { field?: string | null }) {
    super(message, details);
    this.field = details.field ?? null;
  }
}

/** The credential is missing, invalid, expired or revoked (`UNAUTHENTICATED`, HTTP 401). */
export class AuthenticationError extends AuthgraphError {
  override name = 'AuthenticationError';
}

/** Too many requests for this key (`RATE_LIMITED`, HTTP 429); `retryAfter` is in seconds. */
export class RateLimitedError extends AuthgraphError {
  override name = 'RateLimitedError';
  /** seconds to wait before the next request (from `Retry-After`), null when not given */
  readonly retryAfter: number | null;
  constructor(message: string, details: AuthgraphErrorDetails & { retryAfter?: number | null }) {
    super(message, { ...details, retryable: true });
    this.retryAfter = details.retryAfter ?? null;
  }
}

/** The server is temporarily unavailable (`SERVICE_UNAVAILABLE`, HTTP 503); retryable. */
export class ServiceUnavailableError extends AuthgraphError {
  override name = 'ServiceUnavailableError';
  /** seconds to wait (from `Retry-After`), null when not given */
  readonly retryAfter: number | null;
  constructor(message: string, details: AuthgraphErrorDetails & { retryAfter?: number | null }) {
    super(message, { ...details, retryable: true });
    this.retryAfter = details.retryAfter ?? null;
  }
}

/** No answer arrived: DNS, refused or dropped connection (`NETWORK_ERROR`, status 0); retryable. */
export class NetworkError extends AuthgraphError {
  override name = 'NetworkError';
}

/** No answer within `timeoutMs` (`TIMEOUT`, status 0); retryable. */
export class TimeoutError extends AuthgraphError {
  override name = 'TimeoutError';
}

/** The server failed unexpectedly (`INTERNAL_SERVER_ERROR`, masked on the server; see its log under `requestId`). */
export class InternalServerError extends AuthgraphError {
  override name = 'InternalServerError';
}

/** The shape of a typed error member of a mutation result (the `ErrorFields` fragment). */
export interface GraphQLErrorMember {
  __typename: string;
  code: string;
  message: string;
  fields?: FieldIssue[];
  resourceId?: string | null;
  field?: string | null;
  limit?: number;
  reason?: string | null;
}

/** The error for a typed error member of a mutation result union. */
export function fromErrorMember(member: GraphQLErrorMember, status: number, requestId: string | null): AuthgraphError {
  const base = { code: member.code, status, requestId, reason: member.reason ?? null };
  switch (member.code) {
    case 'VALIDATION_FAILED':
      return new ValidationError(member.message, { ...base, fields: member.fields ?? [] });
    case 'NOT_FOUND':
      return new NotFoundError(member.message, { ...base, resourceId: member.resourceId ?? null });
    case 'CONFLICT':
      return new ConflictError(member.message, { ...base, field: member.field ?? null });
    case 'LIMIT_REACHED':
      return new LimitReachedError(member.message, { ...base, limit: member.limit ?? null });
    case 'INVALID_STATE':
      return new InvalidStateError(member.message, base);
    case 'FORBIDDEN':
      return new ForbiddenError(member.message, { ...base, field: member.field ?? null });
    default:
      return new AuthgraphError(member.message, base);
  }
}

/**
 * The error for a request-level failure: an `errors[].extensions.code` of a GraphQL answer, or
 * the code of a non-2xx answer. `retryAfter` is in seconds.
 */
export function fromCode(
  code: string,
  message: string,
  status: number,
  requestId: string | null,
  retryAfter: number | null = null,
  reason: string | null = null,
): AuthgraphError {
  const base = { code, status, requestId, reason };
  switch (code) {
    case 'UNAUTHENTICATED':
      return new AuthenticationError(message, base);
    case 'FORBIDDEN':
      return new ForbiddenError(message, base);
    case 'RATE_LIMITED':
      return new RateLimitedError(message, { ...base, retryAfter });
    case 'SERVICE_UNAVAILABLE':
      return new ServiceUnavailableError(message, { ...base, retryAfter });
    case 'BAD_USER_INPUT':
    case 'GRAPHQL_VALIDATION_FAILED':
    case 'GRAPHQL_PARSE_FAILED':
    case 'BAD_REQUEST':
    case 'PAYLOAD_TOO_LARGE':
    case 'VALIDATION_FAILED':
      return new ValidationError(message, base);
    case 'NOT_FOUND':
      return new NotFoundError(message, base);
    case 'IDEMPOTENCY_KEY_IN_PROGRESS':
      return new ConflictError(message, { ...base, retryable: true });
    case 'IDEMPOTENCY_KEY_REUSED':
      return new ConflictError(message, base);
    case 'INTERNAL_SERVER_ERROR':
      return new InternalServerError(message, { ...base, retryable: false });
    default:
      if (status === 401) return new AuthenticationError(message, base);
      if (status === 403) return new ForbiddenError(message, base);
      if (status === 404) return new NotFoundError(message, base);
      if (status === 413) return new ValidationError(message, base);
      if (status === 429) return new RateLimitedError(message, { ...base, retryAfter });
      if (status === 503) return new ServiceUnavailableError(message, { ...base, retryAfter });
      if (status >= 500) return new InternalServerError(message, base);
      return new AuthgraphError(message, base);
  }
}
