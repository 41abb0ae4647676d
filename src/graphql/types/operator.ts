/**
 * Operators in the graph (issue 15): `currentOperator` (who is signed in to the console and with
 * which role), `operators`, `inviteOperator`, `changeOperatorRole`, `suspendOperator`,
 * `reactivateOperator` and `removeOperator` (owners only). Operators are not Node types: they
 * are users of the system issuer, which no credential reads through the tenant graph
 * (domain/authorization/operators.ts).
 * @module
 */
import { GraphQLError } from 'graphql';
import { builder } from '../builder.js';
import { AUTHENTICATED } from '../shared.js';
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from '../../domain/errors.js';
import type { OperatorSummary } from '../../domain/operators.js';

export const OperatorRoleEnum = builder.enumType('OperatorRole', {
  values: {
    OWNER: { value: 'owner', description: 'Everything an account API key may do, and managing operators (scope `account:owner`).' },
    ADMIN: { value: 'admin', description: 'Everything an account API key may do (scope `account:admin`).' },
    READ_ONLY: {
      value: 'read_only',
      description: 'Reads everything an account API key reads; every mutation is refused with FORBIDDEN (scope `account:read`).',
    },
  } as const,
});

const OperatorRef = builder.objectRef<OperatorSummary>('Operator').implement({
  description: "A person who runs the account through the console: a user of the account's system issuer.",
  fields: (t) => ({
    userId: t.exposeID('userId'),
    username: t.exposeString('username'),
    role: t.field({ type: OperatorRoleEnum, nullable: true, resolve: (o) => o.role }),
    status: t.exposeString('status'),
    mfa: t.exposeBoolean('mfa', { description: 'Whether the operator has TOTP enrolled.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CurrentOperatorRef = builder
  .objectRef<{ userId: string; role: 'owner' | 'admin' | 'read_only'; issuerId: string; sessionId: string }>('CurrentOperator')
  .implement({
    description: 'The operator signed in to the console (null for every other credential).',
    fields: (t) => ({
      userId: t.exposeID('userId'),
      mfa: t.boolean({
        description:
          'Whether this operator has TOTP enrolled. Every operator (read-only ones included) enrols their own with enrollTotp/verifyTotp and their userId.',
        resolve: async (o, _args, ctx) =>
          (await ctx.prisma.user.count({ where: { id: o.userId, issuerId: o.issuerId, totpSecretEnc: { not: null } } })) > 0,
      }),
      role: t.field({ type: OperatorRoleEnum, resolve: (o) => o.role }),
      issuerId: t.exposeID('issuerId', { description: 'The system issuer the console signs in through.' }),
      sessionId: t.exposeID('sessionId'),
    }),
  });

builder.queryFields((t) => ({
  currentOperator: t.field({
    type: CurrentOperatorRef,
    nullable: true,
    authScopes: AUTHENTICATED,
    resolve: (_root, _args, ctx) => {
      const v = ctx.viewer;
      return v.kind === 'account_api_key' && v.operator
        ? { userId: v.operator.userId, role: v.operator.role, issuerId: v.operator.issuerId, sessionId: v.operator.sessionId }
        : null;
    },
  }),
  operators: t.field({
    type: [OperatorRef],
    authScopes: AUTHENTICATED,
    description: "The account's operators (owners only; anyone else gets FORBIDDEN).",
    resolve: async (_root, _args, ctx) => {
      try {
        return await ctx.services.operators.list(ctx.viewer);
      } catch (error) {
        if (error instanceof ForbiddenError) throw new GraphQLError(error.message, { extensions: { code: 'FORBIDDEN' } });
        throw error;
      }
    },
  }),
}));

const InviteOperatorInput = builder.inputType('InviteOperatorInput', {
  fields: (t) => ({
    email: t.string({ required: true }),
    role: t.field({ type: OperatorRoleEnum, required: true }),
  }),
});

const InviteOperatorPayload = builder
  .objectRef<{ acceptUrl: string; expiresAt: Date; invitationId: string }>('InviteOperatorPayload')
  .implement({
    fields: (t) => ({
      acceptUrl: t.exposeString('acceptUrl', {
        description: 'Shown only in this response: the invitation page where the new operator chooses a password.',
      }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
      invitationId: t.exposeID('invitationId'),
    }),
  });

builder.mutationFields((t) => ({
  inviteOperator: t.field({
    type: InviteOperatorPayload,
    authScopes: AUTHENTICATED,
    errors: { types: [ValidationError, ForbiddenError, ConflictError, NotFoundError] },
    args: { input: t.arg({ type: InviteOperatorInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.operators.invite(ctx.viewer, input, ctx.publicUrl()),
  }),
}));

const ByOperatorInput = builder.inputType('OperatorInput', {
  description: 'Names an operator by their user id (`Operator.userId`).',
  fields: (t) => ({ userId: t.id({ required: true }) }),
});

const ChangeOperatorRoleInput = builder.inputType('ChangeOperatorRoleInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    role: t.field({ type: OperatorRoleEnum, required: true }),
  }),
});

const OperatorPayload = builder.objectRef<OperatorSummary>('OperatorPayload').implement({
  description: 'The operator after the change.',
  fields: (t) => ({ operator: t.field({ type: OperatorRef, resolve: (o) => o }) }),
});

const OPERATOR_CHANGE_ERRORS = [ValidationError, ForbiddenError, NotFoundError, InvalidStateError];

builder.mutationFields((t) => ({
  changeOperatorRole: t.field({
    type: OperatorPayload,
    authScopes: AUTHENTICATED,
    description:
      'Gives an operator another role (owners only). Demoting the last active owner is refused (InvalidStateError reason LAST_OWNER).',
    errors: { types: OPERATOR_CHANGE_ERRORS },
    args: { input: t.arg({ type: ChangeOperatorRoleInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.operatorAdmin.changeRole(ctx.viewer, input),
  }),
  suspendOperator: t.field({
    type: OperatorPayload,
    authScopes: AUTHENTICATED,
    description: 'Suspends an operator (owners only): their sessions end and their tokens stop at once. Not the last active owner.',
    errors: { types: OPERATOR_CHANGE_ERRORS },
    args: { input: t.arg({ type: ByOperatorInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.operatorAdmin.suspend(ctx.viewer, input),
  }),
  reactivateOperator: t.field({
    type: OperatorPayload,
    authScopes: AUTHENTICATED,
    description: 'Reactivates a suspended operator (owners only); they sign in again.',
    errors: { types: OPERATOR_CHANGE_ERRORS },
    args: { input: t.arg({ type: ByOperatorInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.operatorAdmin.reactivate(ctx.viewer, input),
  }),
  removeOperator: t.field({
    type: OperatorPayload,
    authScopes: AUTHENTICATED,
    description: 'Removes an operator (owners only): their role goes and their sessions end at once. Not the last active owner.',
    errors: { types: OPERATOR_CHANGE_ERRORS },
    args: { input: t.arg({ type: ByOperatorInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.operatorAdmin.remove(ctx.viewer, input),
  }),
}));
