/** Membership (a user or agent in an organization, with scopes): node and mutations. @module */
import { builder } from '../builder.js';
import { ValidationError, NotFoundError, ConflictError, LimitReachedError, ForbiddenError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { MemberStatusEnum, needs } from '../shared.js';
import type { Membership } from '../../generated/prisma/client.js';

export const MembershipRef = builder.prismaNode('Membership', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.membership(ctx.viewer)] }),
  fields: (t) => ({
    organization: t.prismaField({
      type: 'Organization',
      nullable: true,
      description: 'Null when the viewer may not read the organization (org:read); see organizationId.',
      resolve: (_query, m, _args, ctx) => ctx.loaders.organization.load(m.organizationId),
    }),
    organizationId: t.exposeID('organizationId'),
    user: t.prismaField({
      type: 'User',
      nullable: true,
      description: 'The member when it is a user.',
      resolve: (_query, m, _args, ctx) => (m.userId ? ctx.loaders.user.load(m.userId) : null),
    }),
    agent: t.prismaField({
      type: 'Agent',
      nullable: true,
      description: 'The member when it is an agent.',
      resolve: (_query, m, _args, ctx) => (m.agentId ? ctx.loaders.agent.load(m.agentId) : null),
    }),
    memberId: t.id({ resolve: (m) => m.userId ?? m.agentId ?? '' }),
    scopes: t.exposeStringList('scopes'),
    title: t.exposeString('title', { nullable: true }),
    metadata: t.expose('metadata', { type: 'JSONObject' }),
    status: t.expose('status', { type: MemberStatusEnum }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

const CreateMembershipInput = builder.inputType('CreateMembershipInput', {
  fields: (t) => ({
    organizationId: t.id({ required: true }),
    memberId: t.id({ required: true, description: 'A user (usr_…) or agent (agt_…) of the same issuer.' }),
    scopes: t.stringList({ description: "resource:action scopes; the organization's default member scopes when omitted. At least one." }),
    title: t.string(),
    metadata: t.field({ type: 'JSONObject' }),
  }),
});

const UpdateMembershipInput = builder.inputType('UpdateMembershipInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    scopes: t.stringList(),
    title: t.string(),
    metadata: t.field({ type: 'JSONObject' }),
    status: t.field({ type: MemberStatusEnum }),
  }),
});

const DeleteMembershipInput = builder.inputType('DeleteMembershipInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const MembershipPayload = (name: string) =>
  builder.objectRef<{ membership: Membership }>(name).implement({
    fields: (t) => ({ membership: t.field({ type: MembershipRef, resolve: (p) => p.membership }) }),
  });

const DeleteMembershipPayload = builder.objectRef<{ deletedMembershipId: string }>('DeleteMembershipPayload').implement({
  fields: (t) => ({ deletedMembershipId: t.exposeID('deletedMembershipId') }),
});

builder.mutationFields((t) => ({
  createMembership: t.field({
    type: MembershipPayload('CreateMembershipPayload'),
    authScopes: needs('members:write'),
    errors: { types: [ValidationError, NotFoundError, ConflictError, LimitReachedError, ForbiddenError] },
    args: { input: t.arg({ type: CreateMembershipInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ membership: await ctx.services.memberships.create(ctx.viewer, input) }),
  }),
  updateMembership: t.field({
    type: MembershipPayload('UpdateMembershipPayload'),
    authScopes: needs('members:write'),
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: UpdateMembershipInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ membership: await ctx.services.memberships.update(ctx.viewer, input) }),
  }),
  deleteMembership: t.field({
    type: DeleteMembershipPayload,
    authScopes: needs('members:write'),
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: DeleteMembershipInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ deletedMembershipId: (await ctx.services.memberships.delete(ctx.viewer, input)).id }),
  }),
}));
