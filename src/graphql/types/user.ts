/** User: node, memberships across organizations, and mutations. @module */
import { builder } from '../builder.js';
import { childConnection } from '../keyset.js';
import { MEMBERSHIPS_OF_USER, totalCountOf } from '../connections.js';
import { MembershipRef } from './membership.js';
import { SessionRef, SessionStatusEnum, SESSIONS_OF_USER, sessionFilter } from './session.js';
import { ValidationError, NotFoundError, ConflictError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { ACCOUNT_ONLY, AUTHENTICATED, MemberStatusEnum, needs } from '../shared.js';
import type { User } from '../../generated/prisma/client.js';

const UsernameTypeEnum = builder.enumType('UsernameType', {
  values: { EMAIL: { value: 'email' }, PHONE: { value: 'phone' }, USERNAME: { value: 'username' } } as const,
});

export const UserRef = builder.prismaNode('User', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.user(ctx.viewer)] }),
  fields: (t) => ({
    issuer: t.prismaField({
      type: 'Issuer',
      nullable: true,
      description: 'Null when the viewer may not read the issuer; see issuerId.',
      resolve: (_query, u, _args, ctx) => ctx.loaders.issuer.load(u.issuerId),
    }),
    issuerId: t.exposeID('issuerId'),
    usernameType: t.field({ type: UsernameTypeEnum, resolve: (u) => u.usernameType as 'email' | 'phone' | 'username' }),
    username: t.exposeString('username'),
    email: t.exposeString('email', { nullable: true }),
    emailVerified: t.exposeBoolean('emailVerified'),
    firstName: t.exposeString('firstName', { nullable: true }),
    lastName: t.exposeString('lastName', { nullable: true }),
    metadata: t.expose('metadata', { type: 'JSONObject' }),
    status: t.expose('status', { type: MemberStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    memberships: t.connection(
      {
        authScopes: needs('members:read'),
        type: MembershipRef,
        description: "The user's memberships across every organization (only the caller's organization for confined credentials).",
        resolve: (user, args, ctx) => childConnection(ctx, MEMBERSHIPS_OF_USER, user.id, args),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
    sessions: t.connection(
      {
        // which sessions show is `visibleSession`: an account key all of them, the user's own
        // token theirs, an organization credential with members:read those acting in its org
        authScopes: AUTHENTICATED,
        type: SessionRef,
        description: "The user's sign-in sessions, newest first.",
        args: { status: t.arg({ type: SessionStatusEnum }) },
        resolve: (user, { status, ...args }, ctx) => childConnection(ctx, SESSIONS_OF_USER, user.id, args, sessionFilter(status ?? null)),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
  }),
});

const CreateUserInput = builder.inputType('CreateUserInput', {
  fields: (t) => ({
    issuerId: t.id({ required: true }),
    usernameType: t.field({ type: UsernameTypeEnum }),
    username: t.string({ required: true }),
    email: t.string(),
    emailVerified: t.boolean(),
    firstName: t.string(),
    lastName: t.string(),
    metadata: t.field({ type: 'JSONObject' }),
  }),
});

const UpdateUserInput = builder.inputType('UpdateUserInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    email: t.string(),
    emailVerified: t.boolean(),
    firstName: t.string(),
    lastName: t.string(),
    metadata: t.field({ type: 'JSONObject' }),
    status: t.field({ type: MemberStatusEnum }),
  }),
});

const DeleteUserInput = builder.inputType('DeleteUserInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const UserPayload = (name: string) =>
  builder.objectRef<{ user: User }>(name).implement({ fields: (t) => ({ user: t.field({ type: UserRef, resolve: (p) => p.user }) }) });

const DeleteUserPayload = builder.objectRef<{ deletedUserId: string }>('DeleteUserPayload').implement({
  fields: (t) => ({ deletedUserId: t.exposeID('deletedUserId') }),
});

builder.mutationFields((t) => ({
  createUser: t.field({
    type: UserPayload('CreateUserPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: CreateUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ user: await ctx.services.users.create(ctx.viewer, input) }),
  }),
  updateUser: t.field({
    type: UserPayload('UpdateUserPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: UpdateUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ user: await ctx.services.users.update(ctx.viewer, input) }),
  }),
  deleteUser: t.field({
    type: DeleteUserPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: DeleteUserInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ deletedUserId: (await ctx.services.users.delete(ctx.viewer, input)).id }),
  }),
}));
