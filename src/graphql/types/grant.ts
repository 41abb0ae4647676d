/**
 * Grant (a user's remembered consent to a client): the node, `User.grants`, and `revokeGrant`
 * (which also revokes the client's refresh tokens of that user). Who sees a grant is
 * `visible.grant`; who may revoke it, src/domain/grants.ts.
 * @module
 */
import { builder } from '../builder.js';
import { childConnection } from '../keyset.js';
import { totalCountOf } from '../connections.js';
import type { ChildSpec } from '../keyset.js';
import { ValidationError, NotFoundError, ForbiddenError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { AUTHENTICATED } from '../shared.js';
import { ClientRef } from './client.js';
import type { Grant } from '../../generated/prisma/client.js';

export const GRANTS_OF_USER: ChildSpec<Grant> = {
  name: 'user.grants',
  kind: 'grant',
  table: '"Grant"',
  parentColumn: '"userId"',
  direction: 'asc',
};

export const GrantRef = builder.prismaNode('Grant', {
  id: { field: 'id' },
  nullable: true,
  description: "A user's remembered consent to a client: the scopes and resources granted so far (consent adds, never removes).",
  findUnique: (id, ctx) => ({ id, AND: [visible.grant(ctx.viewer)] }),
  fields: (t) => ({
    user: t.prismaField({
      type: 'User',
      nullable: true,
      resolve: (query, g, _args, ctx) => ctx.prisma.user.findFirst({ ...query, where: { id: g.userId, AND: [visible.user(ctx.viewer)] } }),
    }),
    client: t.field({
      type: ClientRef,
      nullable: true,
      description: 'The client (visible to account keys only).',
      resolve: (g, _args, ctx) => ctx.prisma.client.findFirst({ where: { id: g.clientId, AND: [visible.client(ctx.viewer)] } }),
    }),
    clientId: t.exposeID('clientId'),
    scopes: t.exposeStringList('scopes'),
    resources: t.exposeStringList('resources', { description: 'RFC 8707 resource identifiers granted.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('User', 'grants', (t) =>
  t.connection(
    {
      authScopes: AUTHENTICATED,
      type: GrantRef,
      description:
        "The clients this user consented to, with what each was granted (an account key: all; the user's own sign-in: theirs; members:read: the organization's members').",
      resolve: (user, args, ctx) => childConnection(ctx, GRANTS_OF_USER, user.id, args),
    },
    { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
  ),
);

const RevokeGrantInput = builder.inputType('RevokeGrantInput', { fields: (t) => ({ id: t.id({ required: true }) }) });
const RevokeGrantPayload = builder.objectRef<{ grant: Grant }>('RevokeGrantPayload').implement({
  fields: (t) => ({ revokedGrantId: t.id({ resolve: (p) => p.grant.id }), clientId: t.id({ resolve: (p) => p.grant.clientId }) }),
});

builder.mutationField('revokeGrant', (t) =>
  t.field({
    type: RevokeGrantPayload,
    authScopes: AUTHENTICATED,
    description:
      "Revokes a user's consent to a client and the client's refresh tokens of that user; emits grant.revoked. The next authorization asks again.",
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: RevokeGrantInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ grant: await ctx.services.grants.revoke(ctx.viewer, input) }),
  }),
);
