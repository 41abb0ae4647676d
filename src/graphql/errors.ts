/** Expected failures as GraphQL types: every error implements the `Error` interface. @module */
import { builder } from './builder.js';
import {
  AppError,
  CONFLICT_REASONS,
  ConflictError,
  ERROR_CODES,
  FORBIDDEN_REASONS,
  ForbiddenError,
  INVALID_STATE_REASONS,
  InvalidStateError,
  LIMIT_REACHED_REASONS,
  LimitReachedError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '../domain/errors.js';

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  values: Object.fromEntries(Object.entries(ERROR_CODES).map(([code, description]) => [code, { value: code, description }])),
});

/**
 * One enum for the reasons of every code that has them, each value described with its code: the
 * four error types' `reason` fields share this type, so a client may select `reason` on several
 * of them in one result union (GraphQL refuses same-named fields of different types there).
 * The tables of domain/errors.ts must not share a name (checked here, at schema build).
 */
function reasonValues() {
  const values: Record<string, { value: string; description: string }> = {};
  const tables: [string, Record<string, string>][] = [
    ['CONFLICT', CONFLICT_REASONS],
    ['LIMIT_REACHED', LIMIT_REACHED_REASONS],
    ['INVALID_STATE', INVALID_STATE_REASONS],
    ['FORBIDDEN', FORBIDDEN_REASONS],
  ];
  for (const [code, table] of tables) {
    for (const [reason, about] of Object.entries(table)) {
      if (values[reason]) throw new Error(`error reason ${reason} is defined for two codes`);
      values[reason] = { value: reason, description: `${code}: ${about}` };
    }
  }
  return values;
}

/** The description of an error type's `reason` field: the values it takes. */
const reasonsOf = (table: Record<string, string>) => `Why, as one of: ${Object.keys(table).join(', ')}.`;

const ErrorReasonEnum = builder.enumType('ErrorReason', {
  description:
    'Why a CONFLICT, LIMIT_REACHED, INVALID_STATE or FORBIDDEN error happened: one value per situation, described with the code it goes with. Clients may branch on it; new values may be added, so treat an unknown one like the code alone.',
  values: reasonValues(),
});

export const ErrorInterface = builder.interfaceRef<AppError>('Error').implement({
  description: 'An expected failure. `code` is stable; `message` is for people.',
  fields: (t) => ({
    code: t.field({ type: ErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(AppError, { name: 'BaseError', interfaces: [ErrorInterface] });

const FieldIssueRef = builder.objectRef<FieldIssue>('FieldIssue').implement({
  fields: (t) => ({
    path: t.exposeString('path', { description: 'Dotted path into the input, e.g. `scopes.0`.' }),
    message: t.exposeString('message'),
  }),
});

builder.objectType(ValidationError, {
  name: 'ValidationError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ fields: t.field({ type: [FieldIssueRef], resolve: (e) => e.fields }) }),
});

builder.objectType(NotFoundError, {
  name: 'NotFoundError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ resourceId: t.exposeString('resourceId', { nullable: true }) }),
});

builder.objectType(ConflictError, {
  name: 'ConflictError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: ErrorReasonEnum, description: reasonsOf(CONFLICT_REASONS), resolve: (e) => e.reason }),
    field: t.exposeString('field', { nullable: true }),
  }),
});

builder.objectType(LimitReachedError, {
  name: 'LimitReachedError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: ErrorReasonEnum, description: reasonsOf(LIMIT_REACHED_REASONS), resolve: (e) => e.reason }),
    limit: t.exposeInt('limit'),
  }),
});

builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  interfaces: [ErrorInterface],
  description: 'The object is not in a state that allows the change; `reason` names the situation. Nothing changed.',
  fields: (t) => ({ reason: t.field({ type: ErrorReasonEnum, description: reasonsOf(INVALID_STATE_REASONS), resolve: (e) => e.reason }) }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  description: 'The credential may not make this change (e.g. it would grant more than the credential holds). Nothing changed.',
  fields: (t) => ({
    reason: t.field({ type: ErrorReasonEnum, description: reasonsOf(FORBIDDEN_REASONS), resolve: (e) => e.reason }),
    field: t.exposeString('field', { nullable: true, description: 'The input field at fault, when one is.' }),
  }),
});
