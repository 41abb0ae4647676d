/**
 * Agent: an AI agent's identity, its verifiers (how it authenticates at the token endpoint) and
 * the mutations createAgent, updateAgent, createAgentVerifier (secret shown once) and
 * revokeAgentVerifier.
 * @module
 */
import { builder } from '../builder.js';
import { childConnection } from '../keyset.js';
import { MEMBERSHIPS_OF_AGENT, totalCountOf } from '../connections.js';
import { MembershipRef } from './membership.js';
import { visible } from '../../domain/authorization/visibility.js';
import { ACCOUNT_ONLY, MemberStatusEnum, needs } from '../shared.js';
import { ValidationError, NotFoundError, InvalidStateError, LimitReachedError, ForbiddenError } from '../../domain/errors.js';
import type { Agent, AgentVerifier } from '../../generated/prisma/client.js';

const AgentVerifierTypeEnum = builder.enumType('AgentVerifierType', {
  values: { SECRET: { value: 'secret' }, PRIVATE_KEY_JWT: { value: 'private_key_jwt' } } as const,
});

const AgentVerifierStatusEnum = builder.enumType('AgentVerifierStatus', {
  values: { ACTIVE: { value: 'active' }, REVOKED: { value: 'revoked' } } as const,
});

export const AgentVerifierRef = builder.prismaObject('AgentVerifier', {
  description: 'How an agent authenticates at the token endpoint: a secret (client_secret_basic/post) or a public JWK (private_key_jwt).',
  fields: (t) => ({
    id: t.exposeID('id'),
    type: t.field({ type: AgentVerifierTypeEnum, resolve: (v) => v.type as 'secret' | 'private_key_jwt' }),
    status: t.expose('status', { type: AgentVerifierStatusEnum }),
    secretPrefix: t.exposeString('secretPrefix', {
      nullable: true,
      description: 'First characters of the secret. The secret itself is never readable again.',
    }),
    publicJwk: t.expose('publicJwk', { type: 'JSONObject', nullable: true, description: 'The public key of a PRIVATE_KEY_JWT verifier.' }),
    createdBy: t.exposeID('createdById', {
      nullable: true,
      description:
        'The credential that created this one (key_, ptk_, s_, c_ or agt_); revoking it revokes this. Null: made at bootstrap or by offline recovery.',
    }),
    ipAllowlist: t.exposeStringList('ipAllowlist', {
      description: "CIDR ranges the verifier authenticates from; empty: anywhere. Never wider than its creator's.",
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: "When the verifier stops authenticating; never later than its creator's expiry. Null: no expiry.",
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    revokedAt: t.expose('revokedAt', { type: 'DateTime', nullable: true }),
  }),
});

export const AgentRef = builder.prismaNode('Agent', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.agent(ctx.viewer)] }),
  fields: (t) => ({
    issuer: t.prismaField({
      type: 'Issuer',
      nullable: true,
      description: 'Null when the viewer may not read the issuer; see issuerId.',
      resolve: (_query, a, _args, ctx) => ctx.loaders.issuer.load(a.issuerId),
    }),
    issuerId: t.exposeID('issuerId'),
    name: t.exposeString('name'),
    description: t.exposeString('description', { nullable: true }),
    scopes: t.exposeStringList('scopes'),
    status: t.expose('status', { type: MemberStatusEnum }),
    metadata: t.expose('metadata', { type: 'JSONObject' }),
    dpopBoundAccessTokens: t.exposeBoolean('dpopBoundAccessTokens', {
      description: 'RFC 9449 §5.2: every token request must carry a DPoP proof, so its tokens are always sender-constrained.',
    }),
    createdBy: t.exposeID('createdById', {
      nullable: true,
      description:
        'The credential that created this one (key_, ptk_, s_, c_ or agt_); its verifiers die with it. Null: made at bootstrap or by offline recovery.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    verifiers: t.relation('verifiers', {
      authScopes: ACCOUNT_ONLY,
      description: 'Active and revoked verifiers, oldest first.',
      query: { orderBy: { id: 'asc' }, take: 100 },
    }),
    memberships: t.connection(
      {
        authScopes: needs('members:read'),
        type: MembershipRef,
        resolve: (agent, args, ctx) => childConnection(ctx, MEMBERSHIPS_OF_AGENT, agent.id, args),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
  }),
});

const CreateAgentInput = builder.inputType('CreateAgentInput', {
  fields: (t) => ({
    issuerId: t.id({ required: true }),
    name: t.string({ required: true }),
    description: t.string(),
    scopes: t.stringList({
      description: 'resource:action scopes the agent holds itself; inside an organization it holds those also granted by its membership.',
    }),
    metadata: t.field({ type: 'JSONObject' }),
    dpopBoundAccessTokens: t.boolean({ description: 'RFC 9449 §5.2: require a DPoP proof on every token request (default false).' }),
  }),
});

const UpdateAgentInput = builder.inputType('UpdateAgentInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    description: t.string(),
    scopes: t.stringList(),
    metadata: t.field({ type: 'JSONObject' }),
    dpopBoundAccessTokens: t.boolean({ description: 'RFC 9449 §5.2: require a DPoP proof on every token request.' }),
    status: t.field({
      type: MemberStatusEnum,
      description: 'SUSPENDED: the agent gets no more tokens (live ones expire within 5 minutes).',
    }),
  }),
});

const CreateAgentVerifierInput = builder.inputType('CreateAgentVerifierInput', {
  fields: (t) => ({
    agentId: t.id({ required: true }),
    type: t.field({ type: AgentVerifierTypeEnum, required: true }),
    publicJwk: t.field({
      type: 'JSONObject',
      description: 'For PRIVATE_KEY_JWT: a public EC (P-256/384/521), OKP (Ed25519) or RSA (≥ 2048 bits) JWK, no private members.',
    }),
    ipAllowlist: t.stringList({
      description:
        "IPv4/IPv6 addresses or CIDR ranges the verifier authenticates from, within the creating credential's own; omitted: the creator's.",
    }),
    expiresAt: t.field({ type: 'DateTime', description: "No later than the creating credential's expiry; omitted: the creator's." }),
  }),
});

const RevokeAgentVerifierInput = builder.inputType('RevokeAgentVerifierInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const AgentPayload = (name: string) =>
  builder.objectRef<{ agent: Agent }>(name).implement({ fields: (t) => ({ agent: t.field({ type: AgentRef, resolve: (p) => p.agent }) }) });
const CreateAgentPayload = AgentPayload('CreateAgentPayload');
const UpdateAgentPayload = AgentPayload('UpdateAgentPayload');

const CreateAgentVerifierPayload = builder
  .objectRef<{ verifier: AgentVerifier; secret: string | null }>('CreateAgentVerifierPayload')
  .implement({
    fields: (t) => ({
      verifier: t.field({ type: AgentVerifierRef, resolve: (p) => p.verifier }),
      secret: t.exposeString('secret', {
        nullable: true,
        description: "The SECRET verifier's secret, shown only in this response (null for PRIVATE_KEY_JWT). Stored as a hash.",
      }),
    }),
  });

const RevokeAgentVerifierPayload = builder.objectRef<{ verifier: AgentVerifier }>('RevokeAgentVerifierPayload').implement({
  fields: (t) => ({ verifier: t.field({ type: AgentVerifierRef, resolve: (p) => p.verifier }) }),
});

builder.mutationFields((t) => ({
  createAgent: t.field({
    type: CreateAgentPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, ForbiddenError] },
    args: { input: t.arg({ type: CreateAgentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ agent: await ctx.services.agents.create(ctx.viewer, input) }),
  }),
  updateAgent: t.field({
    type: UpdateAgentPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: UpdateAgentInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ agent: await ctx.services.agents.update(ctx.viewer, input) }),
  }),
  createAgentVerifier: t.field({
    type: CreateAgentVerifierPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, LimitReachedError, ForbiddenError] },
    args: { input: t.arg({ type: CreateAgentVerifierInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.agents.createVerifier(ctx.viewer, input),
  }),
  revokeAgentVerifier: t.field({
    type: RevokeAgentVerifierPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError, InvalidStateError] },
    args: { input: t.arg({ type: RevokeAgentVerifierInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ verifier: await ctx.services.agents.revokeVerifier(ctx.viewer, input) }),
  }),
}));
