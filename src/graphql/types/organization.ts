/** Organization (tenant): node, connections, root field and lifecycle mutations. @module */
import { builder } from '../builder.js';
import { required } from '../loaders.js';
import { Prisma } from '../../generated/prisma/client.js';
import { childConnection, type ChildFilter } from '../keyset.js';
import { MEMBERS_OF_ORGANIZATION, INVITATIONS_OF_ORGANIZATION, API_KEYS_OF_ORGANIZATION, totalCountOf } from '../connections.js';
import { ApiKeyRef } from './api-key.js';
import { MembershipRef } from './membership.js';
import { InvitationRef } from './invitation.js';
import { ValidationError, NotFoundError, ConflictError, InvalidStateError, ForbiddenError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { isIdOf } from '../../lib/ids.js';
import { ACCOUNT_ONLY, InvitationStatusEnum, OrganizationStatusEnum, AUTHENTICATED, needs } from '../shared.js';
import type { Organization } from '../../generated/prisma/client.js';
import type { InvitationState } from '../../domain/invitations.js';
import type { Services } from '../../services.js';

builder.prismaObject('OrganizationDomain', {
  fields: (t) => ({
    domain: t.exposeString('domain'),
    verified: t.boolean({ resolve: (d) => d.verifiedAt !== null }),
    verifiedAt: t.expose('verifiedAt', { type: 'DateTime', nullable: true }),
  }),
});

const OrgMfaPolicyEnum = builder.enumType('OrganizationMfaPolicy', {
  values: { INHERIT: { value: 'inherit' }, OPTIONAL: { value: 'optional' }, REQUIRED: { value: 'required' } } as const,
});

export const OrganizationRef = builder.prismaNode('Organization', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.organization(ctx.viewer)] }),
  fields: (t) => ({
    issuer: t.prismaField({ type: 'Issuer', resolve: (_query, o, _args, ctx) => required(ctx.loaders.issuer.load(o.issuerId), 'issuer') }),
    name: t.exposeString('name'),
    slug: t.exposeString('slug'),
    orgType: t.exposeString('orgType', { nullable: true }),
    contactEmail: t.exposeString('contactEmail', { nullable: true }),
    contactPhone: t.exposeString('contactPhone', { nullable: true }),
    customFields: t.expose('customFields', { type: 'JSONObject' }),
    metadata: t.expose('metadata', { type: 'JSONObject' }),
    memberLimit: t.exposeInt('memberLimit', { nullable: true }),
    status: t.expose('status', { type: OrganizationStatusEnum }),
    suspendedAt: t.expose('suspendedAt', { type: 'DateTime', nullable: true }),
    defaultMemberScopes: t.exposeStringList('defaultMemberScopes'),
    domains: t.prismaField({
      type: ['OrganizationDomain'],
      resolve: (_query, o, _args, ctx) => ctx.loaders.domainsOfOrganization.load(o.id),
    }),
    ssoOnly: t.exposeBoolean('ssoOnly'),
    mfaPolicy: t.field({ type: OrgMfaPolicyEnum, resolve: (o) => o.mfaPolicy as 'inherit' | 'optional' | 'required' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    members: t.connection(
      {
        authScopes: needs('members:read'),
        type: MembershipRef,
        resolve: (org, args, ctx) => childConnection(ctx, MEMBERS_OF_ORGANIZATION, org.id, args),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
    apiKeys: t.connection(
      {
        authScopes: needs('api-keys:read'),
        type: ApiKeyRef,
        resolve: (org, args, ctx) => childConnection(ctx, API_KEYS_OF_ORGANIZATION, org.id, args),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
    invitations: t.connection(
      {
        authScopes: needs('invitations:read'),
        type: InvitationRef,
        args: { status: t.arg({ type: InvitationStatusEnum }) },
        resolve: (org, { status, ...args }, ctx) =>
          childConnection(ctx, INVITATIONS_OF_ORGANIZATION, org.id, args, invitationStatusFilter(status ?? null, ctx.services.invitations)),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
  }),
});

builder.queryField('organization', (t) =>
  t.prismaField({
    type: 'Organization',
    nullable: true,
    authScopes: AUTHENTICATED,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      if (!isIdOf('organization', id)) return null;
      const org = await ctx.prisma.organization.findFirst({ ...query, where: { id, AND: [visible.organization(ctx.viewer)] } });
      if (org) ctx.loaders.organization.prime(org.id, org);
      return org;
    },
  }),
);

const CreateOrganizationInput = builder.inputType('CreateOrganizationInput', {
  fields: (t) => ({
    issuerId: t.id({ required: true }),
    name: t.string({ required: true }),
    slug: t.string({ description: 'Unique per issuer; derived from the name when omitted.' }),
    orgType: t.string(),
    contactEmail: t.string(),
    contactPhone: t.string(),
    customFields: t.field({ type: 'JSONObject' }),
    metadata: t.field({ type: 'JSONObject' }),
    memberLimit: t.int(),
    defaultMemberScopes: t.stringList({ description: 'Scopes a new member gets when none are given.' }),
    domains: t.stringList(),
    ssoOnly: t.boolean(),
    mfaPolicy: t.field({ type: OrgMfaPolicyEnum }),
  }),
});

const UpdateOrganizationInput = builder.inputType('UpdateOrganizationInput', {
  description: 'Omitted fields stay as they are; null clears a nullable field.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    slug: t.string(),
    orgType: t.string(),
    contactEmail: t.string(),
    contactPhone: t.string(),
    customFields: t.field({ type: 'JSONObject' }),
    metadata: t.field({ type: 'JSONObject' }),
    memberLimit: t.int(),
    defaultMemberScopes: t.stringList(),
    domains: t.stringList(),
    ssoOnly: t.boolean(),
    mfaPolicy: t.field({ type: OrgMfaPolicyEnum }),
  }),
});

const SuspendOrganizationInput = builder.inputType('SuspendOrganizationInput', {
  fields: (t) => ({ id: t.id({ required: true }), reason: t.string() }),
});
const OrganizationIdInput = (name: string) => builder.inputType(name, { fields: (t) => ({ id: t.id({ required: true }) }) });

const OrganizationPayload = (name: string) =>
  builder.objectRef<{ organization: Organization }>(name).implement({
    fields: (t) => ({ organization: t.field({ type: OrganizationRef, resolve: (p) => p.organization }) }),
  });

const DeleteOrganizationPayload = builder.objectRef<{ deletedOrganizationId: string }>('DeleteOrganizationPayload').implement({
  fields: (t) => ({ deletedOrganizationId: t.exposeID('deletedOrganizationId') }),
});

builder.mutationFields((t) => ({
  createOrganization: t.field({
    type: OrganizationPayload('CreateOrganizationPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: CreateOrganizationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ organization: await ctx.services.organizations.create(ctx.viewer, input) }),
  }),
  updateOrganization: t.field({
    type: OrganizationPayload('UpdateOrganizationPayload'),
    authScopes: needs('org:write'),
    errors: { types: [ValidationError, NotFoundError, ConflictError, ForbiddenError] },
    args: { input: t.arg({ type: UpdateOrganizationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ organization: await ctx.services.organizations.update(ctx.viewer, input) }),
  }),
  suspendOrganization: t.field({
    type: OrganizationPayload('SuspendOrganizationPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: SuspendOrganizationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ organization: await ctx.services.organizations.suspend(ctx.viewer, input) }),
  }),
  reactivateOrganization: t.field({
    type: OrganizationPayload('ReactivateOrganizationPayload'),
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: OrganizationIdInput('ReactivateOrganizationInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({ organization: await ctx.services.organizations.reactivate(ctx.viewer, input) }),
  }),
  deleteOrganization: t.field({
    type: DeleteOrganizationPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: OrganizationIdInput('DeleteOrganizationInput'), required: true }) },
    resolve: async (_root, { input }, ctx) => ({ deletedOrganizationId: (await ctx.services.organizations.delete(ctx.viewer, input)).id }),
  }),
}));

/**
 * The invitation state filter as SQL on the child rows: `invitationStateWhere` (the domain's one
 * rule, by the services' clock) written as SQL. EXPIRED is a pending one past its expiry.
 */
function invitationStatusFilter(status: InvitationState | null, invitations: Services['invitations']): ChildFilter | null {
  if (!status) return null;
  const where = invitations.stateWhere(status);
  const parts = [Prisma.sql`c.status = ${where.status}::"InvitationStatus"`];
  if (where.expiresAt && 'lte' in where.expiresAt) parts.push(Prisma.sql`c."expiresAt" <= ${where.expiresAt.lte}`);
  if (where.expiresAt && 'gt' in where.expiresAt) parts.push(Prisma.sql`c."expiresAt" > ${where.expiresAt.gt}`);
  return { key: `status=${status}`, sql: Prisma.join(parts, ' AND ') };
}
