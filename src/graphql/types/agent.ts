/** Agent: an AI agent's identity (created through the credentials API). @module */
import { builder } from '../builder.js';
import { visible } from '../../domain/tenancy.js';
import { MemberStatusEnum } from '../shared.js';

export const AgentRef = builder.prismaNode('Agent', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.agent(ctx.viewer)] }),
  fields: (t) => ({
    issuer: t.relation('issuer'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    scopes: t.exposeStringList('scopes'),
    status: t.expose('status', { type: MemberStatusEnum }),
    metadata: t.expose('metadata', { type: 'JSONObject' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    memberships: t.relatedConnection('memberships', { cursor: 'id', query: () => ({ orderBy: { id: 'asc' } }) }),
  }),
});
