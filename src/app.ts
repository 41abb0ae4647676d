/**
 * The composition root: builds one node's parts and wires them — the database, the domain
 * services, the event relay and bus, the Core API pipeline (src/http/core-api.ts and its plugins)
 * and the router of the one node:http server (src/http/routes.ts). It handles no request itself.
 * Returns { start, stop } so tests and main.ts drive the same thing.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config/env.js';
import { openDatabase, type Database } from './data/database.js';
import { createServices, type Services } from './services.js';
import { resolveMasterKey } from './config/master-key.js';
import { createSealer } from './lib/sealed.js';
import { createEventRecorder, type Faults } from './domain/events.js';
import { createCacheInvalidation } from './domain/cache-invalidation.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLogger, type Logger } from './lib/logger.js';
import type { StartupPhases } from './lib/startup-phases.js';
import { sendError } from './http/node-io.js';
import { accessTokenViewers, createAuthenticator } from './http/authenticate.js';
import { createClientIpResolver, createTrustedPeerCheck } from './http/client-ip.js';
import { createGuessingDefences } from './http/guessing.js';
import { createCredentialCheck } from './http/credential.js';
import { createRateLimitCheck } from './http/use-rate-limit.js';
import { useRequestId } from './http/request-id.js';
import { createCoreApi } from './http/core-api.js';
import { createRouter, serveMetrics } from './http/routes.js';
import { createHttpServer } from './http/server.js';
import { createRateLimiter } from './http/rate-limit.js';
import { createLastUsedRecorder } from './domain/last-used.js';
import { createMeteredEvents } from './domain/metered.js';
import { createMetrics } from './http/metrics.js';
import { createOAuthRouter } from './oauth/router.js';
import { createLocalBus, createRedisBus, type EventBus } from './events/bus.js';
import { createRelay, type Relay } from './events/relay.js';
import { createWebhookFanOut } from './webhooks/fan-out.js';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher.js';
import { createEventStreams, type EventStreams } from './events/subscriptions.js';
import { createAuthority } from './domain/authorization/live.js';
import { attachGraphQLWebSocket } from './http/graphql-ws.js';
import { createConsoleHandler } from './http/console.js';
import { createAccessTokenVerifier } from './oauth/access-tokens.js';

export interface AppOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
  /** fault injection for tests (domain/events.ts); none in production */
  faults?: Faults;
  /** start-up accounting (main.ts logs it) */
  phases?: StartupPhases;
}

export interface App {
  config: Config;
  db: Database;
  services: Services;
  /** the key printed on first start, when one was generated */
  bootstrap: Awaited<ReturnType<Services['apiKeys']['bootstrap']>>;
  start(port?: number, host?: string): Promise<string>;
  stop(): Promise<void>;
  url(): string;
  /** `{PUBLIC_URL}`: as configured, else the address the server listens on */
  publicUrl(): string;
  /** writes buffered metered events now (they are otherwise written about once a second) */
  flushMetered(): Promise<void>;
  /** the outbox relay of this node (tests: `relay.drain()` moves what is committed now) */
  relay: Relay;
  /** the webhook dispatcher of this node */
  webhooks: WebhookDispatcher;
  /** the live event streams of this node (tests: `streams.size()` counts the open ones) */
  streams: Pick<EventStreams, 'size'>;
}

export async function buildApp({
  config,
  clock = systemClock,
  logger = createLogger(config.logLevel),
  faults,
  phases,
}: AppOptions): Promise<App> {
  const mark = (phase: string) => phases?.mark(phase);
  const db = await openDatabase(config.database, logger, mark);
  const sealer = createSealer(resolveMasterKey(config));
  // Caches learn of this node's changes as they commit, of every node's through the bus (below).
  const committed = { afterCommit: db.afterCommit, notify: (type: string) => invalidateCaches([type]) };
  const recordEvent = createEventRecorder({ clock, faults, committed });
  const services = createServices({ prisma: db.prisma, sql: db.sql, clock, config, sealer, recordEvent });
  const invalidateCaches = createCacheInvalidation(services);
  mark('services');
  const bootstrap = await services.apiKeys.bootstrap(config.adminKey);
  mark('bootstrap');
  const metrics = createMetrics(() => db.queryCount());
  const metered = createMeteredEvents({ sql: db.sql, clock, logger });
  const clientIp = createClientIpResolver(config.trustProxy);
  const rateLimiter = createRateLimiter({
    redisUrl: config.redisUrl,
    defaultLimit: config.rateLimit.limit,
    defaultWindowSeconds: config.rateLimit.windowSeconds,
    logger,
  });
  const lastUsed = createLastUsedRecorder({ prisma: db.prisma, clock, logger });
  const guessing = createGuessingDefences({ config, prisma: db.prisma, recordEvent, logger });
  let publicUrl = config.publicUrl;
  const { failedAuth, signInThrottle, replay } = guessing;
  const oauth = createOAuthRouter({
    config,
    publicUrl: () => publicUrl,
    services,
    clock,
    logger,
    metered,
    sealer,
    clientIp,
    failedAuth,
    signInThrottle,
    replay,
  });
  const accessTokens = createAccessTokenVerifier({
    prisma: db.prisma,
    signingKeys: services.signingKeys,
    publicUrl: () => publicUrl,
    clock,
    revocations: services.revokedTokens,
    replay,
  });
  const bus = config.redisUrl ? await createRedisBus(config.redisUrl, logger) : createLocalBus();
  const webhooks = createWebhookDispatcher({ prisma: db.prisma, clock, logger, sealer, recordEvent, config });
  // The relay fans committed events out to webhook deliveries in the transaction that advances
  // its cursor (exactly once), then wakes this node's dispatcher.
  const fanOut = createWebhookFanOut({ prisma: db.prisma, clock });
  const relay = createRelay({ db, bus, logger, handlers: [fanOut], onCommitted: () => webhooks.wake() });
  const refresh = createAuthority({
    prisma: db.prisma,
    clock,
    liveGrants: services.liveGrants,
    sessionActive: (id) => services.sessions.isActive(id),
    tokenRevoked: (jti) => services.revokedTokens.isRevoked(jti),
  });
  const streams = createEventStreams({ prisma: db.prisma, bus, refresh });
  bus.subscribe((events) => invalidateCaches(events.map((e) => e.type)));
  // Access tokens revoked on any node (`token.revoked`) are refused on this one from now on.
  bus.subscribe((events) => services.revokedTokens.hear(events));

  // The Core API pipeline: the same credential, rate limit and request ids for HTTP, SSE and graphql-ws.
  const authenticate = createAuthenticator({
    services,
    clientIp,
    verifyPersonalToken: (id, secret, ip) => services.personalTokens.verify(id, secret, ip),
    // an operator's console token is an account-level credential (domain/operators.ts)
    accountLevel: (token) =>
      services.operators.operatorViewer(token, { limit: config.rateLimit.accountKey, windowSeconds: config.rateLimit.windowSeconds }),
    verifyAccessToken: accessTokenViewers(
      (token, binding) => accessTokens.verify(token, { binding }),
      services,
      () => publicUrl,
    ),
  });
  const credential = createCredentialCheck({ authenticate, failedAuth, clientIp, lastUsed, logger });
  const rateLimit = createRateLimitCheck(rateLimiter, config.rateLimit);
  const requestIds = useRequestId(createTrustedPeerCheck(config.trustProxy));
  const core = createCoreApi({
    config,
    logger,
    prisma: db.prisma,
    services,
    streams,
    metered,
    lastUsed,
    publicUrl: () => publicUrl,
    credential,
    rateLimit,
  });
  const readMetrics = async () => ({ text: await metrics.registry.metrics(), contentType: metrics.registry.contentType });
  const route = createRouter({
    core,
    credential,
    rateLimit,
    prisma: db.prisma,
    metered,
    logger,
    metrics: readMetrics,
    metricsToken: config.metricsToken,
    activeOrganization: services.principals.activeOrganization,
    oauth: (req, res, issuerId, path) => oauth(req, res, issuerId, path),
    console: createConsoleHandler({ services, prisma: db.prisma, publicUrl: () => publicUrl, logger }),
    ready: () => ready(db, bus, logger),
  });
  const server = createHttpServer({ route, requestIds, observe: (...args) => metrics.observe(...args), logger });
  const ws = attachGraphQLWebSocket({
    server,
    yoga: core,
    path: '/graphql',
    credential,
    rateLimit,
    requestIds,
    reauthorize: refresh,
    authorityMark: streams.authorityMark,
    originAllowed: (origin) => originAllowed(config, publicUrl, origin),
    logger,
  });
  let metricsServer: Server | null = null;
  mark('pipeline');

  let listeningUrl = '';
  return {
    config,
    db,
    services,
    bootstrap,
    url: () => listeningUrl,
    publicUrl: () => publicUrl,
    flushMetered: () => metered.flush(),
    relay,
    webhooks,
    streams,
    async start(port = config.port, host = config.host) {
      await listen(server, port, host);
      const address = server.address() as AddressInfo;
      listeningUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      if (!config.publicUrlConfigured) publicUrl = listeningUrl.replace('//0.0.0.0:', '//127.0.0.1:');
      if (config.metricsPort) metricsServer = await listenMetrics(config.metricsPort, readMetrics);
      relay.start();
      webhooks.start();
      return listeningUrl;
    },
    async stop() {
      await ws.close();
      await close(server);
      await relay.stop();
      await webhooks.stop();
      await bus.close();
      await metered.stop();
      await lastUsed.stop();
      await rateLimiter.close();
      if (metricsServer) await close(metricsServer);
      guessing.close();
      await db.close();
    },
  };
}

/** `/readyz`: the database answers, and Redis does when it is used; what is down goes to the log. */
async function ready(db: Database, bus: Pick<EventBus, 'kind' | 'healthy'>, logger: Logger): Promise<boolean> {
  const database = await db.ping();
  const redis = bus.kind === 'redis' ? bus.healthy() : null;
  const ok = database && redis !== false;
  if (!ok) logger.warn({ database: database ? 'up' : 'down', redis: redis === null ? 'none' : redis ? 'up' : 'down' }, 'not ready');
  return ok;
}

/** graphql-ws origins: ALLOWED_ORIGINS, else the origin of PUBLIC_URL (or of the address listened on). */
function originAllowed(config: Config, publicUrl: string, origin: string): boolean {
  const allowed = config.allowedOrigins.length ? config.allowedOrigins : [new URL(publicUrl).origin];
  return allowed.includes('*') || allowed.includes(origin);
}

/** /metrics without a token, on a loopback-only port (for a scraper on the same host). */
async function listenMetrics(port: number, readMetrics: () => Promise<{ text: string; contentType: string }>): Promise<Server> {
  const server = createServer((req, res) => {
    if ((req.url ?? '/').split('?')[0] === '/metrics') void serveMetrics(res, readMetrics).catch(() => res.destroy());
    else sendError(res, 'NOT_FOUND', 'No such route.');
  });
  await listen(server, port, '127.0.0.1');
  return server;
}

/** Stops accepting connections and ends the open ones. */
function close(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
}
