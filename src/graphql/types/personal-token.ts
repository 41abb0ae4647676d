/** PersonalToken: a user's token for scripts; create (shown once), revoke, list on the user. @module */
import { builder } from '../builder.js';
import { latest } from '../shared.js';
import { ValidationError, NotFoundError, InvalidStateError, ForbiddenError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { ACCOUNT_ONLY } from '../shared.js';
import { CredentialStatusEnum } from './api-key.js';
import type { PersonalToken } from '../../generated/prisma/client.js';

export const PersonalTokenRef = builder.prismaNode('PersonalToken', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.personalToken(ctx.viewer)] }),
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', { description: 'The first characters of the secret. The token itself is never readable again.' }),
    organizationId: t.exposeID('organizationId', { nullable: true }),
    scopes: t.exposeStringList('scopes'),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (p, _args, ctx) => latest(ctx.lastUsed(p.id), p.lastUsedAt) }),
    status: t.field({ type: CredentialStatusEnum, resolve: (p, _args, ctx) => ctx.services.apiKeys.statusOf(p) }),
    ipAllowlist: t.exposeStringList('ipAllowlist', { description: 'CIDR ranges the token may be used from; empty: anywhere.' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdBy: t.exposeID('createdById', {
      nullable: true,
      description:
        'The credential that created this one (key_, ptk_, s_, c_ or agt_); revoking it revokes this. Null: made at bootstrap or by offline recovery.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('User', 'personalTokens', (t) =>
  t.relation('personalTokens', {
    authScopes: ACCOUNT_ONLY,
    description: "The user's personal tokens (never their secrets).",
    query: { orderBy: { id: 'desc' } },
  }),
);

const CreatePersonalTokenInput = builder.inputType('CreatePersonalTokenInput', {
  fields: (t) => ({
    userId: t.id({ required: true }),
    organizationId: t.id({ required: true, description: 'The organization the token acts in; the user must be a member.' }),
    name: t.string({ required: true }),
    scopes: t.stringList({
      required: true,
      description: "At least one; each must be held by the user's membership and by the creating credential.",
    }),
    ipAllowlist: t.stringList({
      description: "IPv4/IPv6 addresses or CIDR ranges, within the creating credential's own; omitted: the creator's.",
    }),
    expiresAt: t.field({ type: 'DateTime', description: "No later than the creating credential's expiry; omitted: the creator's." }),
    rateLimit: t.int({ description: "Requests per window; no higher a rate than the creating credential's; omitted: the creator's." }),
    rateLimitWindowSeconds: t.int(),
  }),
});

const RevokePersonalTokenInput = builder.inputType('RevokePersonalTokenInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const CreatePersonalTokenPayload = builder
  .objectRef<{ personalToken: PersonalToken; token: string }>('CreatePersonalTokenPayload')
  .implement({
    fields: (t) => ({
      personalToken: t.field({ type: PersonalTokenRef, resolve: (p) => p.personalToken }),
      token: t.exposeString('token', {
        description: 'Shown only in this response (agp_…, checksummed for secret scanners). Stored as a hash.',
      }),
    }),
  });

const RevokePersonalTokenPayload = builder.objectRef<{ personalToken: PersonalToken }>('RevokePersonalTokenPayload').implement({
  fields: (t) => ({ personalToken: t.field({ type: PersonalTokenRef, resolve: (p) => p.personalToken }) }),
});

builder.mutationFields((t) => ({
  createPersonalToken: t.field({
    type: CreatePersonalTokenPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: CreatePersonalTokenInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.personalTokens.create(ctx.viewer, input),
  }),
  revokePersonalToken: t.field({
    type: RevokePersonalTokenPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: RevokePersonalTokenInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ personalToken: await ctx.services.personalTokens.revoke(ctx.viewer, input) }),
  }),
}));
