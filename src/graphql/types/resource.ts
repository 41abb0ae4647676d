/**
 * Resource (an API or MCP server, RFC 8707): the node, `Issuer.resources`, and
 * `createResource` / `updateResource` / `deleteResource` (account keys only; typed errors).
 * @module
 */
import { builder } from '../builder.js';
import { required } from '../loaders.js';
import { childConnection } from '../keyset.js';
import { totalCountOf } from '../connections.js';
import type { ChildSpec } from '../keyset.js';
import { ValidationError, NotFoundError, ConflictError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { ACCOUNT_ONLY } from '../shared.js';
import type { Resource } from '../../generated/prisma/client.js';

export const RESOURCES_OF_ISSUER: ChildSpec<Resource> = {
  name: 'issuer.resources',
  kind: 'resource',
  table: '"Resource"',
  parentColumn: '"issuerId"',
  direction: 'asc',
};

export const ResourceRef = builder.prismaNode('Resource', {
  id: { field: 'id' },
  nullable: true,
  description:
    "An API or MCP server this issuer mints access tokens for. Its identifier is the RFC 8707 resource indicator and the tokens' audience.",
  findUnique: (id, ctx) => ({ id, AND: [visible.resource(ctx.viewer)] }),
  fields: (t) => ({
    issuer: t.prismaField({ type: 'Issuer', resolve: (_query, r, _args, ctx) => required(ctx.loaders.issuer.load(r.issuerId), 'issuer') }),
    name: t.exposeString('name'),
    identifier: t.exposeString('identifier', {
      description: 'The resource indicator (absolute URI, RFC 8707): clients send it as `resource`, tokens carry it as `aud`.',
    }),
    scopes: t.exposeStringList('scopes', {
      description: 'The resource:action scopes it defines; a token for it carries no other resource scope.',
    }),
    accessTokenTtlSeconds: t.exposeInt('accessTokenTtlSeconds', {
      nullable: true,
      description: "Lifetime cap of its access tokens (null: the client's or issuer's).",
    }),
    dpopRequired: t.exposeBoolean('dpopRequired', { description: 'Its tokens must be sender-constrained with DPoP (RFC 9449).' }),
    singleUseApprovalTokens: t.exposeBoolean('singleUseApprovalTokens', {
      description:
        "A token for it carrying a user's approval (CIBA, RFC 9396 authorization_details) is accepted once: by the SDK's protectedResource / verifyAccessToken with singleUseApprovalTokens, and by /introspect (active the first time only).",
    }),
    isMcpServer: t.exposeBoolean('isMcpServer', { description: 'It is a Model Context Protocol server.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
  }),
});

builder.prismaObjectField('Issuer', 'resources', (t) =>
  t.connection(
    {
      authScopes: ACCOUNT_ONLY,
      type: ResourceRef,
      description: 'The APIs and MCP servers of this issuer.',
      resolve: (issuer, args, ctx) => childConnection(ctx, RESOURCES_OF_ISSUER, issuer.id, args),
    },
    { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
  ),
);

const CreateResourceInput = builder.inputType('CreateResourceInput', {
  fields: (t) => ({
    issuerId: t.id({ required: true }),
    name: t.string({ required: true }),
    identifier: t.string({
      required: true,
      description: 'Absolute URI without fragment (e.g. https://mcp.example.com/mcp); unique per issuer; never changes.',
    }),
    scopes: t.stringList({ description: 'resource:action scopes it defines.' }),
    accessTokenTtlSeconds: t.int({ description: "60–86400; default: the client's or issuer's lifetime." }),
    dpopRequired: t.boolean(),
    singleUseApprovalTokens: t.boolean({ description: 'Approval (CIBA) tokens for it are accepted once. Default false.' }),
    isMcpServer: t.boolean(),
  }),
});

const UpdateResourceInput = builder.inputType('UpdateResourceInput', {
  description: 'The fields to change; absent ones stay as they are.',
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    scopes: t.stringList({ description: 'Replaces the list.' }),
    accessTokenTtlSeconds: t.int({ description: "null: the client's or issuer's lifetime." }),
    dpopRequired: t.boolean(),
    singleUseApprovalTokens: t.boolean({ description: 'Approval (CIBA) tokens for it are accepted once.' }),
    isMcpServer: t.boolean(),
  }),
});

const DeleteResourceInput = builder.inputType('DeleteResourceInput', { fields: (t) => ({ id: t.id({ required: true }) }) });

const CreateResourcePayload = builder
  .objectRef<{ resource: Resource }>('CreateResourcePayload')
  .implement({ fields: (t) => ({ resource: t.field({ type: ResourceRef, resolve: (p) => p.resource }) }) });
const UpdateResourcePayload = builder.objectRef<{ resource: Resource; changed: string[] }>('UpdateResourcePayload').implement({
  fields: (t) => ({
    resource: t.field({ type: ResourceRef, resolve: (p) => p.resource }),
    changed: t.stringList({ description: 'The fields that changed (empty: no event was written).', resolve: (p) => p.changed }),
  }),
});
const DeleteResourcePayload = builder.objectRef<{ resource: Resource }>('DeleteResourcePayload').implement({
  fields: (t) => ({
    deletedResourceId: t.id({ resolve: (p) => p.resource.id }),
    identifier: t.string({ resolve: (p) => p.resource.identifier }),
  }),
});

builder.mutationFields((t) => ({
  createResource: t.field({
    type: CreateResourcePayload,
    authScopes: ACCOUNT_ONLY,
    description: 'Registers an API or MCP server of an issuer; emits resource.created.',
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: CreateResourceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ resource: await ctx.services.resources.create(ctx.viewer, input) }),
  }),
  updateResource: t.field({
    type: UpdateResourcePayload,
    authScopes: ACCOUNT_ONLY,
    description: 'Changes a resource; emits resource.updated.',
    errors: { types: [ValidationError, NotFoundError, ConflictError] },
    args: { input: t.arg({ type: UpdateResourceInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.services.resources.update(ctx.viewer, input),
  }),
  deleteResource: t.field({
    type: DeleteResourcePayload,
    authScopes: ACCOUNT_ONLY,
    description: 'Deletes a resource (resource= naming it is then invalid_target); emits resource.deleted.',
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: DeleteResourceInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ resource: await ctx.services.resources.delete(ctx.viewer, input) }),
  }),
}));
