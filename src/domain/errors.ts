/**
 * Expected failures. Each has a stable UPPER_SNAKE `code` (the contract; messages are not) and
 * becomes a typed member of a mutation's result union in GraphQL. The codes that cover several
 * situations (CONFLICT, LIMIT_REACHED, INVALID_STATE, FORBIDDEN) also carry a required `reason`
 * (UPPER_SNAKE; the four tables below print as one `ErrorReason` enum, so a name is used by one
 * code only) that clients can branch on. Anything that is not an
 * AppError is unexpected and is masked before it reaches a client.
 * @module
 */
export const ERROR_CODES = {
  VALIDATION_FAILED: 'The input is not valid.',
  NOT_FOUND: 'Not found.',
  CONFLICT: 'Conflicts with an existing object.',
  LIMIT_REACHED: 'A limit was reached.',
  INVALID_STATE: 'Not possible in the current state.',
  FORBIDDEN: 'The credential may not do this.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export class AppError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string = ERROR_CODES[code], options?: ErrorOptions) {
    super(message, options);
    this.name = this.constructor.name;
    this.code = code;
  }
}

export interface FieldIssue {
  /** dotted path into the input, e.g. `scopes.0` */
  path: string;
  message: string;
}

export class ValidationError extends AppError {
  readonly fields: FieldIssue[];
  constructor(fields: FieldIssue[], message = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join('; ')) {
    super('VALIDATION_FAILED', message || ERROR_CODES.VALIDATION_FAILED);
    this.fields = fields;
  }
}

/** Also used for objects that exist but belong to another tenant: the two must look the same. */
export class NotFoundError extends AppError {
  readonly resourceId: string | null;
  constructor(what: string, resourceId: string | null = null) {
    super('NOT_FOUND', `${what} not found.`);
    this.resourceId = resourceId;
  }
}

/**
 * Why a uniqueness rule refused the change (`ConflictError.reason`). Clients branch on these;
 * new values may be added (treat an unknown one like the plain code).
 */
export const CONFLICT_REASONS = {
  SLUG_TAKEN: 'The slug is already used by another organization of the issuer.',
  USERNAME_TAKEN: 'The issuer has a user with this username (for an invitation: with the invited address).',
  ALREADY_MEMBER: 'The member already belongs to the organization.',
  CONCURRENT_CHANGE: 'Another request changed the object meanwhile: read it and try again.',
  IDENTIFIER_TAKEN: 'The issuer already has a resource with this identifier.',
  ALREADY_OPERATOR: 'The address is an operator of the account already.',
} as const;
export type ConflictReason = keyof typeof CONFLICT_REASONS;

/** Which limit was reached (`LimitReachedError.reason`). */
export const LIMIT_REACHED_REASONS = {
  MEMBER_LIMIT: "The organization's member limit (`memberLimit`).",
  VERIFIER_LIMIT: 'The most active verifiers an agent may hold.',
} as const;
export type LimitReachedReason = keyof typeof LIMIT_REACHED_REASONS;

/** Which state refused the change (`InvalidStateError.reason`): one value per situation. */
export const INVALID_STATE_REASONS = {
  ALREADY_REVOKED: 'The credential (API key, personal token, agent verifier) is revoked already.',
  SESSION_ENDED: 'The session has ended.',
  ORGANIZATION_SUSPENDED: 'The organization is suspended.',
  ORGANIZATION_ALREADY_SUSPENDED: 'The organization is suspended already.',
  ORGANIZATION_NOT_SUSPENDED: 'The organization is not suspended.',
  NOT_AN_ACTIVE_MEMBER: 'The user is not an active member of an active organization with that id.',
  MFA_REQUIRED: 'The organization requires two-step verification, which the session did not pass: sign in again.',
  MFA_NOT_ENABLED: 'Neither the issuer nor any of the user’s organizations enables two-step verification.',
  TOTP_ENROLMENT_NOT_PENDING: 'No TOTP enrolment is pending: enrol first.',
  TOTP_ENROLMENT_CHANGED: 'The pending TOTP enrolment changed meanwhile: enrol again.',
  TOTP_NOT_ENROLLED: 'The user has no confirmed TOTP enrolment.',
  INVITATION_ACCEPTED: 'The invitation was accepted already.',
  INVITATION_REVOKED: 'The invitation was revoked.',
  INVITATION_EXPIRED: 'The invitation has expired.',
  INVITATION_NO_LONGER_PENDING: 'The invitation was accepted, revoked or expired meanwhile.',
  INVITATION_CREATOR_ENDED: 'The credential or operator that made the invitation no longer holds what it grants.',
  CLIENT_HAS_NO_SECRET: 'The client authenticates without a secret (private_key_jwt or a public client).',
  WEBHOOK_ENDPOINT_DISABLED: 'The webhook endpoint is disabled: enable it first.',
  WEBHOOK_ENDPOINT_ALREADY_DISABLED: 'The webhook endpoint is disabled already.',
  WEBHOOK_ENDPOINT_ALREADY_ENABLED: 'The webhook endpoint is enabled already.',
  WEBHOOK_DELIVERY_IN_PROGRESS: 'The delivery is being attempted right now.',
  NO_ACCOUNT: 'The database has no account yet: start the server once to create it.',
  CLIENT_ALREADY_BLOCKED: 'The client is blocked already.',
  CLIENT_NOT_BLOCKED: 'The client is not blocked.',
  NO_OPERATORS_ISSUER: 'The account has no operators issuer yet: start the server once.',
  LAST_OWNER: "The account's last active owner operator cannot be demoted, suspended or removed: make another owner first.",
  OPERATOR_ALREADY_SUSPENDED: 'The operator is suspended already.',
  OPERATOR_NOT_SUSPENDED: 'The operator is not suspended.',
  DELEGATION_ALREADY_REVOKED: 'The delegation is revoked already (or a delegation above it in its chain is).',
} as const;
export type InvalidStateReason = keyof typeof INVALID_STATE_REASONS;

/** Why the credential may not make the change (`ForbiddenError.reason`). */
export const FORBIDDEN_REASONS = {
  SCOPE_NOT_HELD: 'The change would grant or touch scopes the credential does not hold.',
  IP_ALLOWLIST_WIDER: "The IP allowlist would reach beyond the creating credential's networks.",
  EXPIRY_LATER: "The expiry would be later than the creating credential's own.",
  RATE_LIMIT_HIGHER: "The rate limit would be higher than the creating credential's own.",
  ACCOUNT_KEY_ONLY: 'Only an account key may change this field.',
  NOT_THE_INVITEE: 'Only the invitee, signed in as the invited address, may accept an invitation.',
  OPERATOR_OWNER_ONLY: 'Only an owner operator (or an account key) may manage operators.',
  OPERATOR_READ_ONLY: 'A read-only operator grants nothing: it cannot create credentials, members or invitations.',
  NOT_THE_GRANT_HOLDER: 'Only the user who gave a consent, or an account key, may revoke it.',
  SESSION_BEYOND_ORGANIZATION: 'The session made credentials in another organization: only an account key or the person may end it.',
  NOT_A_USER_SIGN_IN:
    "Only a user's own sign-in (an access token of a session, through a first-party client), or an agent acting for them, may delegate.",
} as const;
export type ForbiddenReason = keyof typeof FORBIDDEN_REASONS;

export class ConflictError extends AppError {
  readonly reason: ConflictReason;
  readonly field: string | null;
  constructor(reason: ConflictReason, message: string, field: string | null = null) {
    super('CONFLICT', message);
    this.reason = reason;
    this.field = field;
  }
}

export class LimitReachedError extends AppError {
  readonly reason: LimitReachedReason;
  readonly limit: number;
  constructor(reason: LimitReachedReason, message: string, limit: number) {
    super('LIMIT_REACHED', message);
    this.reason = reason;
    this.limit = limit;
  }
}

/** The object is not in a state that allows the change; `reason` names the situation. */
export class InvalidStateError extends AppError {
  readonly reason: InvalidStateReason;
  constructor(reason: InvalidStateReason, message: string = INVALID_STATE_REASONS[reason]) {
    super('INVALID_STATE', message);
    this.reason = reason;
  }
}

/**
 * The credential may see the object but may not make this change: most often it asked to grant
 * more than it holds (a scope, a wider IP allowlist, a later expiry, a higher rate limit —
 * domain/authorization/attenuation.ts). `reason` names the rule; `field` names the input field
 * at fault, when one is.
 */
export class ForbiddenError extends AppError {
  readonly reason: ForbiddenReason;
  readonly field: string | null;
  constructor(reason: ForbiddenReason, message: string, field: string | null = null) {
    super('FORBIDDEN', message);
    this.reason = reason;
    this.field = field;
  }
}
