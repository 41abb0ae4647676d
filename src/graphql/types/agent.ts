/** Agent: an AI agent's identity (created through the credentials API). @module */
import { builder } from '../builder.js';
import { required } from '../loaders.js';
import { childConnection, organizationFilter } from '../keyset.js';
import { MEMBERSHIPS_OF_AGENT, totalCountOf } from '../connections.js';
import { MembershipRef } from './membership.js';
import { visible } from '../../domain/tenancy.js';
import { MemberStatusEnum, needs } from '../shared.js';

export const AgentRef = builder.prismaNode('Agent', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.agent(ctx.viewer)] }),
  fields: (t) => ({
    issuer: t.prismaField({ type: 'Issuer', resolve: (_query, a, _args, ctx) => required(ctx.loaders.issuer.load(a.issuerId), 'issuer') }),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    scopes: t.exposeStringList('scopes'),
    status: t.expose('status', { type: MemberStatusEnum }),
    metadata: t.expose('metadata', { type: 'JSONObject' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    memberships: t.connection({ authScopes: needs('members:read'), type: MembershipRef, resolve: (agent, args, ctx) => childConnection(ctx, MEMBERSHIPS_OF_AGENT, agent.id, args, organizationFilter(ctx.viewer)) }, { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) }),
  }),
});
