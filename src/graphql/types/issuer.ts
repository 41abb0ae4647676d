/** Issuer: the node, its connections, root fields and mutations. @module */
import { builder } from '../builder.js';
import { GraphQLError } from 'graphql';
import { Prisma } from '../../generated/prisma/client.js';
import { childConnection, rootConnection, type ChildFilter } from '../keyset.js';
import { ORGANIZATIONS_OF_ISSUER, USERS_OF_ISSUER, CLIENTS_OF_ISSUER, AGENTS_OF_ISSUER, totalCountOf } from '../connections.js';
import { OrganizationRef } from './organization.js';
import { UserRef } from './user.js';
import { ClientRef } from './client.js';
import { AgentRef } from './agent.js';
import type { Issuer } from '../../generated/prisma/client.js';
import { ValidationError, NotFoundError } from '../../domain/errors.js';
import { visible } from '../../domain/authorization/visibility.js';
import { isIdOf } from '../../lib/ids.js';
import { ACCOUNT_ONLY, AUTHENTICATED, SigningAlgEnum } from '../shared.js';

/** The longest `organizations(search:)` text (characters). */
const MAX_SEARCH = 100;

/**
 * The organization search as SQL on the child rows: a case-insensitive substring of the name or
 * the slug (LIKE wildcards in the text match themselves). Pages still walk the issuer's
 * (issuerId, id) index in id order, filtering as they go, so a page reads at most the issuer's
 * organizations. @throws GraphQLError BAD_USER_INPUT (too long)
 */
function organizationSearch(search: string | null | undefined): ChildFilter | null {
  const text = (search ?? '').trim();
  if (!text) return null;
  if (text.length > MAX_SEARCH)
    throw new GraphQLError(`search is at most ${MAX_SEARCH} characters.`, { extensions: { code: 'BAD_USER_INPUT' } });
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return { key: `search:${text.toLowerCase()}`, sql: Prisma.sql`(lower(c.name) LIKE ${pattern} OR c.slug LIKE ${pattern})` };
}

export const IssuerRef = builder.prismaNode('Issuer', {
  id: { field: 'id' },
  nullable: true,
  findUnique: (id, ctx) => ({ id, AND: [visible.issuer(ctx.viewer)] }),
  fields: (t) => ({
    name: t.exposeString('name'),
    signingAlg: t.exposeString('signingAlg'),
    accessTokenTtlSeconds: t.exposeInt('accessTokenTtlSeconds'),
    sessionIdleTimeoutSeconds: t.exposeInt('sessionIdleTimeoutSeconds'),
    sessionAbsoluteLifetimeSeconds: t.exposeInt('sessionAbsoluteLifetimeSeconds'),
    mfaPolicy: t.exposeString('mfaPolicy'),
    dynamicRegistrationEnabled: t.exposeBoolean('dynamicRegistrationEnabled', {
      description: 'RFC 7591 dynamic client registration at /{issuer}/register (off by default).',
    }),
    clientMetadataDocumentDomains: t.exposeStringList('clientMetadataDocumentDomains', {
      description: 'DNS names whose Client ID Metadata Documents are accepted (each covers its subdomains); empty: any https host.',
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    updatedAt: t.expose('updatedAt', { type: 'DateTime' }),
    organizations: t.connection(
      {
        authScopes: ACCOUNT_ONLY,
        type: OrganizationRef,
        args: {
          search: t.arg.string({
            description: `Only organizations whose name (any case) or slug contains this text (at most ${MAX_SEARCH} characters; blank: all). The same visibility rule and paging apply; totalCount counts the matches.`,
          }),
        },
        resolve: (issuer, args, ctx) => childConnection(ctx, ORGANIZATIONS_OF_ISSUER, issuer.id, args, organizationSearch(args.search)),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
    users: t.connection(
      { authScopes: ACCOUNT_ONLY, type: UserRef, resolve: (issuer, args, ctx) => childConnection(ctx, USERS_OF_ISSUER, issuer.id, args) },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
    clients: t.connection(
      {
        authScopes: ACCOUNT_ONLY,
        type: ClientRef,
        resolve: (issuer, args, ctx) => childConnection(ctx, CLIENTS_OF_ISSUER, issuer.id, args),
      },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
    agents: t.connection(
      { authScopes: ACCOUNT_ONLY, type: AgentRef, resolve: (issuer, args, ctx) => childConnection(ctx, AGENTS_OF_ISSUER, issuer.id, args) },
      { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
    ),
  }),
});

builder.queryFields((t) => ({
  issuers: t.connection(
    {
      type: IssuerRef,
      authScopes: AUTHENTICATED,
      resolve: async (_root, args, ctx) => ({
        ...(await rootConnection(args, 'issuer', 'asc', (id, order, take) =>
          ctx.prisma.issuer.findMany({ where: { AND: [visible.issuer(ctx.viewer), { id }] }, orderBy: { id: order }, take }),
        )),
        totalCount: () => ctx.prisma.issuer.count({ where: visible.issuer(ctx.viewer) }),
      }),
    },
    { fields: (tc) => ({ totalCount: tc.int({ resolve: totalCountOf }) }) },
  ),
  issuer: t.prismaField({
    type: 'Issuer',
    nullable: true,
    authScopes: AUTHENTICATED,
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, { id }, ctx) => {
      if (!isIdOf('issuer', id)) return null;
      const issuer = await ctx.prisma.issuer.findFirst({ ...query, where: { id, AND: [visible.issuer(ctx.viewer)] } });
      if (issuer) ctx.loaders.issuer.prime(issuer.id, issuer);
      return issuer;
    },
  }),
}));

const IssuerMfaPolicyEnum = builder.enumType('IssuerMfaPolicy', {
  values: { OFF: { value: 'off' }, OPTIONAL: { value: 'optional' }, REQUIRED: { value: 'required' } } as const,
});

const CreateIssuerInput = builder.inputType('CreateIssuerInput', {
  fields: (t) => ({
    name: t.string({ required: true }),
    signingAlg: t.field({ type: SigningAlgEnum }),
    accessTokenTtlSeconds: t.int(),
    sessionIdleTimeoutSeconds: t.int(),
    sessionAbsoluteLifetimeSeconds: t.int(),
    mfaPolicy: t.field({ type: IssuerMfaPolicyEnum }),
    dynamicRegistrationEnabled: t.boolean({ description: 'Turn on RFC 7591 dynamic client registration (default off).' }),
    clientMetadataDocumentDomains: t.stringList({
      description: 'Accept Client ID Metadata Documents only from these DNS names and their subdomains (empty: any).',
    }),
  }),
});

const UpdateIssuerInput = builder.inputType('UpdateIssuerInput', {
  fields: (t) => ({
    id: t.id({ required: true }),
    name: t.string(),
    signingAlg: t.field({ type: SigningAlgEnum }),
    accessTokenTtlSeconds: t.int(),
    sessionIdleTimeoutSeconds: t.int(),
    sessionAbsoluteLifetimeSeconds: t.int(),
    mfaPolicy: t.field({ type: IssuerMfaPolicyEnum }),
    dynamicRegistrationEnabled: t.boolean({ description: 'Turn on RFC 7591 dynamic client registration (default off).' }),
    clientMetadataDocumentDomains: t.stringList({
      description: 'Accept Client ID Metadata Documents only from these DNS names and their subdomains (empty: any).',
    }),
  }),
});

const IssuerPayload = (name: string) =>
  builder
    .objectRef<{ issuer: Issuer }>(name)
    .implement({ fields: (t) => ({ issuer: t.field({ type: IssuerRef, resolve: (p) => p.issuer }) }) });
const CreateIssuerPayload = IssuerPayload('CreateIssuerPayload');
const UpdateIssuerPayload = IssuerPayload('UpdateIssuerPayload');

builder.mutationFields((t) => ({
  createIssuer: t.field({
    type: CreateIssuerPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError] },
    args: { input: t.arg({ type: CreateIssuerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ issuer: await ctx.services.issuers.create(ctx.viewer, input) }),
  }),
  updateIssuer: t.field({
    type: UpdateIssuerPayload,
    authScopes: ACCOUNT_ONLY,
    errors: { types: [ValidationError, NotFoundError] },
    args: { input: t.arg({ type: UpdateIssuerInput, required: true }) },
    resolve: async (_root, { input }, ctx) => ({ issuer: await ctx.services.issuers.update(ctx.viewer, input) }),
  }),
}));
