/** Account and Viewer ("who am I") with the `viewer` root field. @module */
import { builder } from '../builder.js';
import type { Viewer } from '../../domain/viewer.js';

export const AccountRef = builder.prismaNode('Account', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [{ id: ctx.viewer.accountId }] }),
  fields: (t) => ({
    name: t.exposeString('name'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

export const CredentialTypeEnum = builder.enumType('CredentialType', {
  values: { ACCOUNT_API_KEY: { value: 'account_api_key', description: 'An account API key: the whole Core API of the account.' } } as const,
});

const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The credential making this request.',
  fields: (t) => ({
    id: t.id({ description: 'The credential id (key_…).', resolve: (v) => v.credentialId }),
    type: t.field({ type: CredentialTypeEnum, resolve: (v) => v.kind }),
    account: t.prismaField({
      type: 'Account',
      resolve: (query, v, _args, ctx) => ctx.prisma.account.findUniqueOrThrow({ ...query, where: { id: v.accountId } }),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({ type: ViewerRef, authScopes: { account: true }, resolve: (_root, _args, ctx) => ctx.viewer }),
);
