/** Account and Viewer ("who am I") with the `viewer` root field. @module */
import { builder } from '../builder.js';
import { AUTHENTICATED, ACCOUNT_ONLY, OrganizationStatusEnum, MemberStatusEnum } from '../shared.js';
import { childConnection, type ChildFilter } from '../keyset.js';
import { ACCOUNT_API_KEYS, totalCountOf } from '../connections.js';
import { ApiKeyRef } from './api-key.js';
import { Prisma } from '../../generated/prisma/client.js';
import type { WhoamiOrganization } from '../../domain/whoami.js';
import type { Viewer } from '../../domain/viewer.js';
import { visible } from '../../domain/authorization/visibility.js';

const ACCOUNT_KEYS_ONLY: ChildFilter = { key: 'account-keys', sql: Prisma.sql`c."organizationId" IS NULL` };

export const AccountRef = builder.prismaNode('Account', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.account(ctx.viewer)] }),
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    apiKeys: t.connection(
      {
        authScopes: ACCOUNT_ONLY,
        type: ApiKeyRef,
        description: 'Account API keys (organization keys are listed on their organization).',
        resolve: (account, args, ctx) => childConnection(ctx, ACCOUNT_API_KEYS, account.id, args, ACCOUNT_KEYS_ONLY),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
  }),
});

export const CredentialTypeEnum = builder.enumType('CredentialType', {
  values: {
    ACCOUNT_API_KEY: { value: 'account_api_key', description: 'An account API key: the whole Core API of the account.' },
    ORGANIZATION_API_KEY: { value: 'organization_api_key', description: 'An organization API key: its organization, within its scopes.' },
    PERSONAL_TOKEN: { value: 'personal_token', description: "A user's personal token: acts as the user, within its scopes." },
    ACCESS_TOKEN: { value: 'access_token', description: 'An access token (JWT) issued by one of the issuers.' },
  } as const,
});

const ViewerOrganizationRef = builder.objectRef<WhoamiOrganization>('ViewerOrganization').implement({
  fields: (t) => ({
    organizationId: t.exposeID('organizationId'),
    organization: t.prismaField({
      type: 'Organization',
      nullable: true,
      description: 'Null when the credential may not read the organization itself (no org:read).',
      resolve: (query, o, _args, ctx) =>
        ctx.prisma.organization.findFirst({ ...query, where: { id: o.organizationId, AND: [visible.organization(ctx.viewer)] } }),
    }),
    status: t.field({ type: OrganizationStatusEnum, resolve: (o) => o.status }),
    membershipStatus: t.field({ type: MemberStatusEnum, nullable: true, resolve: (o) => o.membershipStatus }),
    scopes: t.exposeStringList('scopes'),
  }),
});

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The credential making this request ("who am I").',
  fields: (t) => ({
    id: t.id({ description: 'The credential id (key_…, ptk_…) or the access token id (jti).', resolve: (v) => v.credentialId }),
    type: t.field({ type: CredentialTypeEnum, resolve: (v) => v.kind }),
    account: t.prismaField({
      type: 'Account',
      resolve: (query, v, _args, ctx) => ctx.prisma.account.findUniqueOrThrow({ ...query, where: { id: v.accountId } }),
    }),
    subject: t.id({
      nullable: true,
      description: 'The user, client or agent the credential acts as.',
      resolve: async (_v, _args, ctx) => (await ctx.whoami()).subject,
    }),
    scopes: t.stringList({
      description: 'The scopes the credential holds (empty for account keys: they hold everything).',
      resolve: async (_v, _args, ctx) => (await ctx.whoami()).scopes,
    }),
    expiresAt: t.field({ type: 'DateTime', nullable: true, resolve: async (_v, _args, ctx) => (await ctx.whoami()).expiresAt }),
    organizations: t.field({ type: [ViewerOrganizationRef], resolve: async (_v, _args, ctx) => (await ctx.whoami()).organizations }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    authScopes: AUTHENTICATED,
    resolve: (_root, _args, ctx) => {
      ctx.recordVerified();
      return ctx.viewer;
    },
  }),
);
