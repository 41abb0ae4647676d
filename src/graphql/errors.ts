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

/** An enum of the schema from a `{ VALUE: description }` table of domain/errors.ts. */
function enumOf<T extends Record<string, string>>(name: string, description: string, table: T) {
  return builder.enumType(name, {
    description,
    values: Object.fromEntries(Object.entries(table).map(([value, about]) => [value, { value, description: about }])) as { [K in keyof T & string]: { value: K; description: string } },
  });
}

export const ErrorCodeEnum = builder.enumType('ErrorCode', {
  values: Object.fromEntries(Object.entries(ERROR_CODES).map(([code, description]) => [code, { value: code, description }])),
});

const REASON_NOTE = 'Clients may branch on it; new values may be added, so treat an unknown one like the error code alone.';
const ConflictReasonEnum = enumOf('ConflictReason', `Why a uniqueness rule refused the change. ${REASON_NOTE}`, CONFLICT_REASONS);
const LimitReachedReasonEnum = enumOf('LimitReachedReason', `Which limit was reached. ${REASON_NOTE}`, LIMIT_REACHED_REASONS);
const InvalidStateReasonEnum = enumOf('InvalidStateReason', `Which state refused the change. ${REASON_NOTE}`, INVALID_STATE_REASONS);
const ForbiddenReasonEnum = enumOf('ForbiddenReason', `Why the credential may not make the change. ${REASON_NOTE}`, FORBIDDEN_REASONS);

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
    reason: t.field({ type: ConflictReasonEnum, resolve: (e) => e.reason }),
    field: t.exposeString('field', { nullable: true }),
  }),
});

builder.objectType(LimitReachedError, {
  name: 'LimitReachedError',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: LimitReachedReasonEnum, resolve: (e) => e.reason }),
    limit: t.exposeInt('limit'),
  }),
});

builder.objectType(InvalidStateError, {
  name: 'InvalidStateError',
  interfaces: [ErrorInterface],
  description: 'The object is not in a state that allows the change; `reason` names the situation. Nothing changed.',
  fields: (t) => ({ reason: t.field({ type: InvalidStateReasonEnum, resolve: (e) => e.reason }) }),
});

builder.objectType(ForbiddenError, {
  name: 'ForbiddenError',
  interfaces: [ErrorInterface],
  description: 'The credential may not make this change (e.g. it would grant more than the credential holds). Nothing changed.',
  fields: (t) => ({
    reason: t.field({ type: ForbiddenReasonEnum, resolve: (e) => e.reason }),
    field: t.exposeString('field', { nullable: true, description: 'The input field at fault, when one is.' }),
  }),
});
