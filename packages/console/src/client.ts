/**
 * The GraphQL client: urql with Graphcache (a normalized cache keyed by the Relay ids, connections
 * merged page by page with `relayPagination`) over HTTP for queries and mutations, and graphql-ws
 * for subscriptions (the live event tail). Every request carries the operator's access token.
 */
import { Client, fetchExchange, subscriptionExchange } from 'urql';
import { cacheExchange, type Cache } from '@urql/exchange-graphcache';
import { relayPagination } from '@urql/exchange-graphcache/extras';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { accessToken, forget } from './auth';

/** Types without an id of their own: stored inside their parent. */
const EMBEDDED = [
  'SigningKey',
  'RateLimit',
  'EventActor',
  'FieldIssue',
  'PageInfo',
  'OrganizationDomain',
  'Operator',
  'OperatorPayload',
  'CurrentOperator',
  'Viewer',
  'ViewerOrganization',
  'WebhookAttempt',
];

/** Every connection field the console pages through. */
const CONNECTIONS: Record<string, string[]> = {
  Query: ['issuers', 'events', 'webhookEndpoints'],
  Issuer: ['organizations', 'users', 'clients', 'agents'],
  Organization: ['members', 'apiKeys', 'invitations'],
  User: ['memberships', 'sessions'],
  WebhookEndpoint: ['deliveries'],
};

/** After a create or delete, the list it changes is read again (every page and argument set). */
function invalidate(cache: Cache, entity: string | { __typename: string; id: string }, field: string) {
  for (const f of cache.inspectFields(entity)) if (f.fieldName === field) cache.invalidate(entity as never, f.fieldKey);
}

type Args = { input?: Record<string, unknown> };

export function createWs(url: string): WsClient {
  return createWsClient({
    url: url.replace(/^http/, 'ws'),
    lazy: true,
    retryAttempts: Infinity,
    shouldRetry: () => true,
    connectionParams: async () => {
      const token = await accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
  });
}

export function createGraphQLClient(url: string, ws: WsClient, onUnauthenticated: () => void): Client {
  const resolvers: Record<string, Record<string, ReturnType<typeof relayPagination>>> = {};
  for (const [type, fields] of Object.entries(CONNECTIONS)) resolvers[type] = Object.fromEntries(fields.map((f) => [f, relayPagination()]));
  const keys = Object.fromEntries(EMBEDDED.map((t) => [t, () => null]));
  return new Client({
    url,
    requestPolicy: 'cache-and-network',
    // POST: the server's CSRF prevention wants a preflighted request (never a simple GET)
    preferGetMethod: false,
    exchanges: [
      cacheExchange({
        keys: {
          ...keys,
          // connection wrappers and payloads are embedded in their parents
        },
        resolvers,
        updates: {
          Mutation: {
            createIssuer: (_r, _a, cache) => invalidate(cache, 'Query', 'issuers'),
            changeOperatorRole: (_r, _a, cache) => invalidate(cache, 'Query', 'operators'),
            suspendOperator: (_r, _a, cache) => invalidate(cache, 'Query', 'operators'),
            reactivateOperator: (_r, _a, cache) => invalidate(cache, 'Query', 'operators'),
            removeOperator: (_r, _a, cache) => invalidate(cache, 'Query', 'operators'),
            createWebhookEndpoint: (_r, _a, cache) => invalidate(cache, 'Query', 'webhookEndpoints'),
            sendTestEvent: (_r, a, cache) =>
              invalidate(cache, { __typename: 'WebhookEndpoint', id: String((a as Args).input?.endpointId) }, 'deliveries'),
            deleteWebhookEndpoint: (_r, _a, cache) => invalidate(cache, 'Query', 'webhookEndpoints'),
            createOrganization: (_r, a, cache) =>
              invalidate(cache, { __typename: 'Issuer', id: String((a as Args).input?.issuerId) }, 'organizations'),
            createUser: (_r, a, cache) => invalidate(cache, { __typename: 'Issuer', id: String((a as Args).input?.issuerId) }, 'users'),
            createClient: (_r, a, cache) => invalidate(cache, { __typename: 'Issuer', id: String((a as Args).input?.issuerId) }, 'clients'),
            createAgent: (_r, a, cache) => invalidate(cache, { __typename: 'Issuer', id: String((a as Args).input?.issuerId) }, 'agents'),
            createMembership: (_r, a, cache) =>
              invalidate(cache, { __typename: 'Organization', id: String((a as Args).input?.organizationId) }, 'members'),
            createApiKey: (_r, a, cache) =>
              invalidate(cache, { __typename: 'Organization', id: String((a as Args).input?.organizationId) }, 'apiKeys'),
            createInvitation: (_r, a, cache) =>
              invalidate(cache, { __typename: 'Organization', id: String((a as Args).input?.organizationId) }, 'invitations'),
          },
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? '' }, sink) }),
        }),
      }),
    ],
    fetch: async (input, init) => {
      const token = await accessToken();
      const headers = new Headers(init?.headers);
      if (token) headers.set('authorization', `Bearer ${token}`);
      const res = await fetch(input, { ...init, headers });
      if (res.status === 401) {
        forget();
        onUnauthenticated();
      }
      return res;
    },
  });
}
