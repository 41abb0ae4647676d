/** ApiKey: account and organization keys; create (secret shown once) and revoke. @module */
import { builder } from '../builder.js';
import { latest } from '../shared.js';
import { ValidationError, NotFoundError, InvalidStateError, ForbiddenError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { needs } from '../shared.js';
import type { ApiKey } from '../../generated/prisma/client.js';

export const CredentialStatusEnum = builder.enumType('CredentialStatus', {
  values: {
    ACTIVE: { value: 'active' },
    REVOKED: { value: 'revoked' },
    EXPIRED: { value: 'expired', description: 'Not revoked, but past its expiresAt: refused like a revoked one.' },
  } as const,
});

const RateLimitRef = builder.objectRef<{ limit: number | null; windowSeconds: number | null }>('RateLimit').implement({
  description:
    "The rate the key is counted under: its own rate limit, else its kind's configured default (organization keys 300 requests / 15 minutes unless configured). Keys it creates are never faster.",
  fields: (t) => ({
    limit: t.exposeInt('limit', { nullable: true }),
    windowSeconds: t.exposeInt('windowSeconds', { nullable: true }),
  }),
});

export const ApiKeyRef = builder.prismaNode('ApiKey', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.apiKey(ctx.viewer)] }),
  fields: (t) => ({
    name: t.exposeString('name'),
    prefix: t.exposeString('prefix', {
      description: 'The first characters of the secret, to tell keys apart. The secret is never readable again.',
    }),
    organization: t.prismaField({
      type: 'Organization',
      nullable: true,
      description: 'Null for an account key.',
      resolve: (_query, key, _args, ctx) => (key.organizationId ? ctx.loaders.organization.load(key.organizationId) : null),
    }),
    scopes: t.exposeStringList('scopes'),
    ipAllowlist: t.exposeStringList('ipAllowlist', { description: 'CIDR ranges the key may be used from; empty: anywhere.' }),
    rateLimit: t.field({ type: RateLimitRef, resolve: (k, _args, ctx) => ctx.services.apiKeys.effectiveRate(k) }),
    expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    lastUsedAt: t.field({ type: 'DateTime', nullable: true, resolve: (k, _args, ctx) => latest(ctx.lastUsed(k.id), k.lastUsedAt) }),
    status: t.field({ type: CredentialStatusEnum, resolve: (k, _args, ctx) => ctx.services.apiKeys.statusOf(k) }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
    createdBy: t.exposeID('createdById', {
      nullable: true,
      description:
        'The credential that created this one (key_, ptk_, s_, c_ or agt_); revoking it revokes this. Null: made at bootstrap or by offline recovery.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    organizationId: t.id({ description: 'The organization that owns the key; omit for an account key.' }),
    name: t.string({ required: true }),
    scopes: t.stringList({ description: 'resource:action scopes of an organization key (at least one). Account keys take none.' }),
    ipAllowlist: t.stringList({
      description: "IPv4/IPv6 addresses or CIDR ranges, within the creating credential's own; omitted: the creator's.",
    }),
    expiresAt: t.field({ type: 'DateTime', description: "No later than the creating credential's expiry; omitted: the creator's." }),
    rateLimit: t.int({
      description:
        "Requests per window; no higher a rate than the creating credential's; omitted: the creator's, else the server default (300).",
    }),
    rateLimitWindowSeconds: t.int({ description: 'Default 900 (15 minutes).' }),
  }),
});

const RevokeApiKeyInput = builder.inputType('RevokeApiKeyInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const CreateApiKeyPayload = builder.objectRef<{ apiKey: ApiKey; secret: string; token: string }>('CreateApiKeyPayload').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }),
    secret: t.exposeString('secret', {
      description: 'Shown only in this response: use it as HTTP Basic `key_id:secret`. Stored as a hash.',
    }),
    token: t.exposeString('token', {
      description:
        'Shown only in this response: the same key as one bearer string (`Authorization: Bearer …` or `X-API-Key: …`), with a checksum secret scanners can verify.',
    }),
  }),
});

const RevokeApiKeyPayload = builder.objectRef<{ apiKey: ApiKey }>('RevokeApiKeyPayload').implement({
  fields: (t) => ({ apiKey: t.field({ type: ApiKeyRef, resolve: (p) => p.apiKey }) }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreateApiKeyPayload,
    authScopes: needs('api-keys:write'),
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.apiKeys.create(ctx.viewer, input),
  }),
  revokeApiKey: t.field({
    type: RevokeApiKeyPayload,
    authScopes: needs('api-keys:write'),
    errors: { types: [ValidationError, NotFoundError, InvalidStateError, ForbiddenError] },
    args: { input: t.arg({ type: RevokeApiKeyInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ apiKey: await ctx.services.apiKeys.revoke(ctx.viewer, input) }),
  }),
}));
