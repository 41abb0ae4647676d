/**
 * The Core API: graphql-yoga over the Pothos schema, composed the way yoga composes itself
 * (graphql-yoga's server.ts): one plugin per concern, each in its own file —
 *
 *   useCredential → useRateLimit → useBodyLimit → useIdempotencyKey   (src/http/*.ts)
 *
 * then yoga's own request parsing, CSRF prevention, graphql-armor's limits, execution and error
 * masking; subscription payloads are shared between subscribers (./use-shared-subscriptions.ts). It is mounted on the node server as yoga's node listener (req/res handed straight to
 * it, the answer written by yoga), serves HTTP and SSE (`Accept: text/event-stream`), and its
 * envelop (`getEnveloped`) serves graphql-ws (src/http/graphql-ws.ts), whose credential and
 * rate limit go through the same checks. The GraphiQL page is a plain route (src/http/routes.ts).
 * @module
 */
import { createYoga, maskError, type YogaServerInstance } from 'graphql-yoga';
import { GraphQLError } from 'graphql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import { useOperatorRoles } from '../graphql/operator-guard.js';
import type { Config } from '../config/env.js';
import type { PrismaClient } from '../data/database.js';
import { isDatabaseUnavailable } from '../data/errors.js';
import type { Services } from '../services.js';
import type { Viewer } from '../domain/viewer.js';
import { describeViewer, type Whoami } from '../domain/whoami.js';
import { verifiedEvent, type MeteredEvents } from '../domain/metered.js';
import type { LastUsedRecorder } from '../domain/last-used.js';
import type { EventStreams } from '../events/subscriptions.js';
import { schema } from '../graphql/schema.js';
import type { GraphQLContext } from '../graphql/context.js';
import { createLoaders } from '../graphql/loaders.js';
import type { Logger } from '../lib/logger.js';
import { currentRequestId } from '../lib/request-context.js';
import type { Authenticated } from './authenticate.js';
import type { CoreServerContext } from './context.js';
import { useCredential, type CredentialCheck } from './credential.js';
import { useRateLimit, type RateLimitCheck } from './use-rate-limit.js';
import { useBodyLimit } from './body-limit.js';
import { useIdempotencyKey } from './idempotency-key.js';
import { guarded } from './unexpected.js';
import { useSharedSubscriptionPayloads } from './use-shared-subscriptions.js';

/** The largest GraphQL request body accepted (bytes). */
export const GRAPHQL_BODY_LIMIT = 256 * 1024;

/**
 * What the GraphQL context is built from: HTTP requests carry `authentication`, graphql-ws
 * operations their (re-derived) `viewer` and when it was derived (`viewerDerivedAt`, see GraphQLContext).
 */
export type CoreInitialContext = Partial<CoreServerContext> & { viewer?: Viewer; viewerDerivedAt?: number };

export type CoreApi = YogaServerInstance<CoreInitialContext, GraphQLContext>;

export interface CoreApiDeps {
  config: Config;
  logger: Logger;
  prisma: PrismaClient;
  services: Services;
  streams: EventStreams;
  metered: Pick<MeteredEvents, 'record'>;
  lastUsed: Pick<LastUsedRecorder, 'lastUsed'>;
  publicUrl: () => string;
  credential: CredentialCheck;
  rateLimit: RateLimitCheck;
}

export function createCoreApi({
  config,
  logger,
  prisma,
  services,
  streams,
  metered,
  lastUsed,
  publicUrl,
  credential,
  rateLimit,
}: CoreApiDeps): CoreApi {
  // Production unless AUTHGRAPH_ENV=development says otherwise (NODE_ENV does not decide it).
  const production = config.mode !== 'development';
  return createYoga<CoreInitialContext, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    // useBodyLimit bounds bodies without copying the stream (see there)
    maxRequestBodySize: false,
    maskedErrors: {
      isDev: !production,
      // An unreachable database is a 503 the client may retry, not an internal error. An
      // unexpected error is logged with its stack, and its masked form quotes the request id.
      maskError: (error, message, isDev) => {
        if (isDatabaseUnavailable(error)) {
          return new GraphQLError('The service is temporarily unavailable; retry shortly.', {
            extensions: { code: 'SERVICE_UNAVAILABLE', http: { status: 503, headers: { 'retry-after': '2' } } },
          });
        }
        const masked = maskError(error, message, isDev) as GraphQLError;
        if (masked.extensions?.code !== 'INTERNAL_SERVER_ERROR') return masked;
        const original = error instanceof GraphQLError && error.originalError ? error.originalError : error;
        logger.error({ err: original }, 'unexpected error in a GraphQL operation');
        const requestId = currentRequestId();
        return requestId ? new GraphQLError(masked.message, { ...masked, extensions: { ...masked.extensions, requestId } }) : masked;
      },
    },
    logging: false,
    context: ({ authentication, viewer: wsViewer, viewerDerivedAt }): GraphQLContext => {
      const auth: Pick<Authenticated, 'viewer' | 'organizationStatus'> = authentication ?? { viewer: wsViewer! };
      const viewer = auth.viewer;
      let described: Promise<Whoami> | null = null;
      return {
        viewer,
        viewerDerivedAt,
        prisma,
        services,
        loaders: createLoaders(prisma, viewer),
        streams,
        whoami: () =>
          (described ??= describeViewer(prisma, viewer, {
            organizationStatus: auth.organizationStatus,
            activeOrganization: services.principals.activeOrganization,
          })),
        recordVerified: () => metered.record(verifiedEvent(viewer, 'query viewer')),
        lastUsed: (id: string) => lastUsed.lastUsed(id),
        publicUrl,
      };
    },
    plugins: [
      guarded(useCredential(credential), logger),
      guarded(useRateLimit(rateLimit, logger), logger),
      guarded(useBodyLimit(GRAPHQL_BODY_LIMIT), logger),
      guarded(useIdempotencyKey(services.idempotency, GRAPHQL_BODY_LIMIT), logger),
      // Browsers may replay cached Basic credentials: a request that could skip the CORS preflight
      // (GET, or a form content type) must carry a custom header.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'graphql-client-name', 'apollo-require-preflight'] }),
      EnvelopArmorPlugin({
        // The configured limits appear in messages only in development.
        maxDepth: { n: config.graphql.maxDepth, ignoreIntrospection: true, exposeLimits: !production },
        costLimit: { maxCost: config.graphql.maxCost, ignoreIntrospection: true, exposeLimits: !production },
        maxTokens: { n: config.graphql.maxTokens, exposeLimits: !production },
        maxAliases: { n: config.graphql.maxAliases, exposeLimits: !production },
        maxDirectives: { n: 20, exposeLimits: !production },
        blockFieldSuggestion: { enabled: production },
      }),
      // a read-only operator's mutations are refused before any resolver runs (issue 15)
      useOperatorRoles(),
      // a subscription event's payload is executed once for every subscriber with the same
      // operation and the same viewer (the context's only input to the Event resolvers)
      useSharedSubscriptionPayloads<GraphQLContext>({ shareKey: (ctx) => (ctx.viewer ? JSON.stringify(ctx.viewer) : null) }),
    ],
  });
}
