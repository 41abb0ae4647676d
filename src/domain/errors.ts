/**
 * Expected failures. Each has a stable UPPER_SNAKE `code` (the contract; messages are not) and
 * becomes a typed member of a mutation's result union in GraphQL. Anything that is not an
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

export class ConflictError extends AppError {
  readonly field: string | null;
  constructor(message: string, field: string | null = null) {
    super('CONFLICT', message);
    this.field = field;
  }
}

export class LimitReachedError extends AppError {
  readonly limit: number;
  constructor(message: string, limit: number) {
    super('LIMIT_REACHED', message);
    this.limit = limit;
  }
}

export class InvalidStateError extends AppError {
  constructor(message: string) {
    super('INVALID_STATE', message);
  }
}

/**
 * The credential is known and may see the object, but may not make this change (for example an
 * inviting credential accepting its own invitation). `field` names the input field the refusal
 * is about, when there is one.
 */
export class ForbiddenError extends AppError {
  readonly field: string | null;
  constructor(message: string, field: string | null = null) {
    super('FORBIDDEN', message);
    this.field = field;
  }
}
