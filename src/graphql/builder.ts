/**
 * The Pothos SchemaBuilder: configuration only, no types (those live in ./types/<entity>.ts).
 * Plugin order: errors before prisma (documented requirement), scope-auth next, relay after.
 * @module
 */
import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import PrismaPlugin from '@pothos/plugin-prisma';
import RelayPlugin from '@pothos/plugin-relay';
import { GraphQLError } from 'graphql';
import { DateTimeResolver, JSONObjectResolver, JSONResolver } from 'graphql-scalars';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { AppError } from '../domain/errors.js';
import { idKind } from '../lib/ids.js';
import { holds } from '../domain/viewer.js';
import type { GraphQLContext } from './context.js';
import { loadNodes } from './node-loading.js';

/** GraphQL type names by TypeID kind: the prefix of a global id says its type. */
const TYPENAME_BY_KIND: Record<string, string> = {
  account: 'Account',
  issuer: 'Issuer',
  organization: 'Organization',
  user: 'User',
  membership: 'Membership',
  invitation: 'Invitation',
  client: 'Client',
  agent: 'Agent',
  event: 'Event',
  apiKey: 'ApiKey',
  personalToken: 'PersonalToken',
  session: 'Session',
  webhookEndpoint: 'WebhookEndpoint',
  webhookDelivery: 'WebhookDelivery',
  resource: 'Resource',
  grant: 'Grant',
  delegation: 'Delegation',
};

export const builder = new SchemaBuilder<{
  Context: GraphQLContext;
  PrismaTypes: PrismaTypes;
  AuthScopes: { authenticated: boolean; account: boolean; scope: string };
  Scalars: {
    DateTime: { Input: Date; Output: Date };
    JSONObject: { Input: Record<string, unknown>; Output: unknown };
    JSON: { Input: unknown; Output: unknown };
    ID: { Input: string; Output: string };
  };
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
}>({
  defaultFieldNullability: false,
  plugins: [ErrorsPlugin, ScopeAuthPlugin, PrismaPlugin, RelayPlugin],
  scopeAuth: {
    // Deny by default: every root field names the scopes it needs. `account`: an account API key;
    // `scope`: a management scope the credential holds (account keys hold them all).
    authScopes: (ctx) => ({
      authenticated: true,
      account: ctx.viewer.kind === 'account_api_key',
      scope: (scope: string) => holds(ctx.viewer, scope),
    }),
    authorizeOnSubscribe: true,
    unauthorizedError: () =>
      new GraphQLError('Not authorized: the credential lacks the scope this field needs.', { extensions: { code: 'FORBIDDEN' } }),
  },
  prisma: {
    client: (ctx) => ctx.prisma,
    dmmf: getDatamodel(),
    filterConnectionTotalCount: true,
    onUnusedQuery: null,
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
    nodesQueryOptions: { resolve: (_root, { ids }, ctx) => loadNodes(ctx, ids) },
    // TypeIDs are the global ids: no base64 wrapping, the prefix names the type.
    encodeGlobalID: (_typename, id) => String(id),
    decodeGlobalID: (globalID) => {
      const kind = idKind(globalID);
      const typename = kind ? TYPENAME_BY_KIND[kind] : undefined;
      if (!typename) throw new GraphQLError(`"${globalID.slice(0, 80)}" is not a valid id.`, { extensions: { code: 'BAD_USER_INPUT' } });
      return { typename, id: globalID };
    },
  },
  errors: {
    defaultTypes: [AppError],
    directResult: true,
    defaultUnionOptions: {
      name: ({ fieldName }) => `${fieldName.charAt(0).toUpperCase()}${fieldName.slice(1)}Result`,
    },
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
builder.addScalarType('DateTime', DateTimeResolver);
builder.addScalarType('JSONObject', JSONObjectResolver);
builder.addScalarType('JSON', JSONResolver);
