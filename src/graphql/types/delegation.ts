/**
 * Delegation: a user's consent that an agent acts for them (RFC 8693 §4.4 `may_act`), required by
 * token exchange; chains of agents nest. `createDelegation` (by the user's sign-in, or by an
 * agent acting for them under its own delegation) and `revokeDelegation` (which ends every
 * delegation and token derived from it). Visibility: domain/authorization/visibility.ts.
 * @module
 */
import { builder } from '../builder.js';
import { AUTHENTICATED } from '../shared.js';
import { ValidationError, NotFoundError, InvalidStateError, ForbiddenError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { CredentialStatusEnum } from './api-key.js';
import type { Delegation } from '../../generated/prisma/client.js';

export const DelegationRef = builder.prismaNode('Delegation', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.delegation(ctx.viewer)] }),
  fields: (t) => ({
    userId: t.exposeID('userId', { description: 'The user on whose behalf the agent acts.' }),
    agentId: t.exposeID('agentId', { description: 'The agent that may act (may_act.sub).' }),
    parentId: t.exposeID('parentId', {
      nullable: true,
      description: 'The delegation the delegating agent acts under; null: the user delegated directly.',
    }),
    organizationId: t.exposeID('organizationId', { nullable: true }),
    scopes: t.exposeStringList('scopes', { description: 'The most a token exchanged under it may carry.' }),
    authorizationDetails: t.field({
      type: ['JSONObject'],
      description: 'RFC 9396 authorization_details approved with it (CIBA); empty otherwise.',
      resolve: (d) => (Array.isArray(d.authorizationDetails) ? (d.authorizationDetails as Record<string, unknown>[]) : []),
    }),
    source: t.exposeString('source', { description: 'mutation | ciba' }),
    chain: t.field({
      type: ['ID'],
      description: 'The delegation ids from the user to this one (this one last).',
      resolve: async (d, _args, ctx) => (await ctx.services.delegations.chainOf(d.id)).map((l) => l.id),
    }),
    status: t.field({ type: CredentialStatusEnum, resolve: (d) => (d.status === 'revoked' ? 'revoked' : 'active') as never }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreateDelegationInput = builder.inputType('CreateDelegationInput', {
  fields: (t) => ({
    agentId: t.id({ required: true, description: 'The agent that may act for the user.' }),
    scopes: t.stringList({
      required: true,
      description: 'resource:action scopes, each held by the calling token (and, for an agent, by its own delegation).',
    }),
    expiresAt: t.field({
      type: 'DateTime',
      description: "No later than the caller's credential or delegation, and 30 days; omitted: one hour (or earlier).",
    }),
    parentId: t.id({ description: 'For an agent acting for a user: the delegation it acts under (it passes part of it on).' }),
  }),
});

const RevokeDelegationInput = builder.inputType('RevokeDelegationInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const DelegationPayload = (name: string) =>
  builder
    .objectRef<{ delegation: Delegation }>(name)
    .implement({ fields: (t) => ({ delegation: t.field({ type: DelegationRef, resolve: (p) => p.delegation }) }) });
const CreateDelegationPayload = DelegationPayload('CreateDelegationPayload');
const RevokeDelegationPayload = DelegationPayload('RevokeDelegationPayload');

builder.mutationFields((t) => ({
  createDelegation: t.field({
    type: CreateDelegationPayload,
    authScopes: AUTHENTICATED,
    description: 'A user lets an agent act for them (token exchange), or an agent acting for them passes part of that on to another agent.',
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: CreateDelegationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ delegation: await ctx.services.delegations.create(ctx.viewer, input) }),
  }),
  revokeDelegation: t.field({
    type: RevokeDelegationPayload,
    authScopes: AUTHENTICATED,
    description: 'Ends a delegation, every delegation below it, and every token exchanged under any of them.',
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: RevokeDelegationInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ delegation: await ctx.services.delegations.revoke(ctx.viewer, input) }),
  }),
}));
