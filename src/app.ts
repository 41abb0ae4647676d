/**
 * The composition root: one node:http server carrying the GraphQL Core API (graphql-yoga) and the
 * plain HTTP routes (health, readiness, metrics). Returns { start, stop } so tests and main.ts
 * drive the same thing.
 * @module
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { Redis } from 'ioredis';
import type { AddressInfo } from 'node:net';
import { createYoga, maskError } from 'graphql-yoga';
import { GraphQLError, Kind, parse, type OperationDefinitionNode } from 'graphql';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { EnvelopArmorPlugin } from '@escape.tech/graphql-armor';
import type { Config } from './config/env.js';
import { openDatabase, type Database } from './data/database.js';
import { isDatabaseUnavailable } from './data/errors.js';
import { createServices, type Services } from './domain/services.js';
import { resolveMasterKey } from './config/master-key.js';
import { createSealer } from './lib/sealed.js';
import { createEventRecorder, type Faults } from './domain/events.js';
import type { Viewer } from './domain/viewer.js';
import { systemClock, type Clock } from './lib/clock.js';
import { createLogger, type Logger } from './lib/logger.js';
import { schema } from './graphql/schema.js';
import type { GraphQLContext } from './graphql/context.js';
import { createLoaders } from './graphql/loaders.js';
import { readBody, sendJson, graphqlError, BodyTooLargeError } from './http/node-io.js';
import { createAuthenticator, type Authentication } from './http/authenticate.js';
import { createClientIpResolver, createTrustedPeerCheck } from './http/client-ip.js';
import { createFailureCounter } from './http/failure-counter.js';
import { createFailedAuthLimiter, guessingSuspectedData, type GuessingTrip } from './http/failed-auth.js';
import { readCredential } from './http/credentials.js';
import { currentRequestId, requestIdFor, runInRequest } from './lib/request-context.js';
import { createReplayCache, createRedisReplayCache } from './oauth/replay-cache.js';
import { createSignInThrottle } from './domain/passwords.js';
import { idKind } from './lib/ids.js';
import { createRateLimiter } from './http/rate-limit.js';
import { createLastUsedRecorder } from './domain/last-used.js';
import { createMeteredEvents } from './domain/metered.js';
import { describeViewer, whoamiJson, type Whoami } from './domain/whoami.js';
import { actorOf } from './domain/viewer.js';
import { createMetrics } from './http/metrics.js';
import { createOAuthRouter } from './oauth/router.js';
// GraphiQL's HTML, JavaScript and CSS inlined from the install: no CDN, works offline (issue 14).
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createLocalBus, createRedisBus } from './events/bus.js';
import { createRelay, type Relay } from './events/relay.js';
import { createWebhookFanOut } from './webhooks/fan-out.js';
import { createWebhookDispatcher, type WebhookDispatcher } from './webhooks/dispatcher.js';
import { createEventStreams } from './events/subscriptions.js';
import { PRINCIPAL_CACHE_INVALIDATORS } from './domain/principals.js';
import { KEY_CACHE_INVALIDATORS } from './domain/api-keys.js';
import { GRANT_INVALIDATORS, createAuthority } from './domain/authorization/live.js';
import { attachGraphQLWebSocket } from './http/graphql-ws.js';
import { createAccessTokenVerifier } from './oauth/access-tokens.js';
import { dpopHeader } from './oauth/dpop.js';
import { eventData } from './domain/event-payloads.js';

const GRAPHQL_BODY_LIMIT = 256 * 1024;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** True when the response is a server error or carries a masked (unexpected) GraphQL error. */
function failedUnexpectedly(out: { status: number; body: string }): boolean {
  if (out.status >= 500) return true;
  try {
    const parsed = JSON.parse(out.body) as { errors?: { extensions?: { code?: unknown } }[] };
    return (parsed.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR');
  } catch {
    return true;
  }
}

/** How many root fields the request's mutation selects (0 when it is not a mutation or unreadable). */
function rootMutationFields(body: Buffer | null): number {
  try {
    const { query, operationName } = JSON.parse(body?.toString('utf8') ?? '') as { query?: string; operationName?: string };
    const document = parse(query ?? '');
    const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    const operation = operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
    if (!operation || operation.operation !== 'mutation') return 0;
    // A fragment spread at the root could hide more fields: count it as "several".
    return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD) ? operation.selectionSet.selections.length : 2;
  } catch {
    return 0;
  }
}

export interface AppOptions {
  config: Config;
  clock?: Clock;
  logger?: Logger;
}

export interface App {
  config: Config;
  db: Database;
  services: Services;
  /** test-only fault injection (see domain/events.ts) */
  faults: Faults;
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
}

export async function buildApp({ config, clock = systemClock, logger = createLogger(config.logLevel) }: AppOptions): Promise<App> {
  const masterKey = resolveMasterKey(config);
  const db = await openDatabase(config.database, logger);
  const faults: Faults = { failEventWrite: null };
  const sealer = createSealer(masterKey);
  const recordEvent = createEventRecorder(clock, faults);
  const services = createServices({ prisma: db.prisma, clock, config, sealer, recordEvent });
  const bootstrap = await services.apiKeys.bootstrap(config.adminKey);
  const metrics = createMetrics(() => db.queryCount());
  const metered = createMeteredEvents({ prisma: db.prisma, clock, logger });
  const clientIp = createClientIpResolver(config.trustProxy);
  const fromTrustedProxy = createTrustedPeerCheck(config.trustProxy);
  const rateLimiter = createRateLimiter({ redisUrl: config.redisUrl, defaultLimit: config.rateLimit.limit, defaultWindowSeconds: config.rateLimit.windowSeconds, logger });
  const lastUsed = createLastUsedRecorder({ prisma: db.prisma, clock, logger });
  // Failure counters, the sign-in throttle and the client-assertion replay cache: in this process,
  // or shared by every node through Redis when REDIS_URL is set.
  const counterRedis = config.redisUrl
    ? new Redis(config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 500, connectTimeout: 2_000, retryStrategy: (times) => Math.min(times * 200, 5_000) })
    : null;
  counterRedis?.on('error', (error: Error) => logger.debug({ err: error.message }, 'failure counters: Redis error'));
  const failedAuth = createFailedAuthLimiter({
    counter: createFailureCounter({ redis: counterRedis, prefix: 'authgraph:fail:auth', windowSeconds: config.authFailures.windowSeconds }),
    perIdentifier: config.authFailures.perIdentifier,
    perAddress: config.authFailures.perAddress,
    onTripped: (trip) => void reportGuessing(trip).catch((error: unknown) => logger.error({ err: error }, 'recording credential.guessing-suspected failed')),
  });
  const signInThrottle = createSignInThrottle(createFailureCounter({ redis: counterRedis, prefix: 'authgraph:fail:signin', windowSeconds: 900 }), config.signIn, (trip) => {
    void (async () => {
      const issuer = await db.prisma.issuer.findUnique({ where: { id: trip.issuerId }, select: { accountId: true } });
      if (issuer) await reportGuessing({ ...trip, owner: { accountId: issuer.accountId, issuerId: trip.issuerId } });
    })().catch((error: unknown) => logger.error({ err: error }, 'recording credential.guessing-suspected failed'));
  });
  const replay = counterRedis ? createRedisReplayCache(counterRedis) : createReplayCache();
  let publicUrl = config.publicUrl;
  const oauthRouter = createOAuthRouter({ config, publicUrl: () => publicUrl, services, clock, logger, metered, sealer, clientIp, failedAuth, replay, signInThrottle });
  const accessTokens = createAccessTokenVerifier({ prisma: db.prisma, signingKeys: services.signingKeys, publicUrl: () => publicUrl, clock, revocations: services.revokedTokens, replay });
  // Production unless AUTHGRAPH_ENV=development says otherwise (NODE_ENV does not decide it).
  const production = config.mode !== 'development';
  const bus = config.redisUrl ? await createRedisBus(config.redisUrl, logger) : createLocalBus();
  const webhooks = createWebhookDispatcher({ prisma: db.prisma, clock, logger, sealer, recordEvent, config });
  // The relay fans committed events out to webhook deliveries in the transaction that advances
  // its cursor (exactly once), then wakes this node's dispatcher.
  const relay = createRelay({ db, bus, logger, handlers: [createWebhookFanOut({ prisma: db.prisma, clock })], onCommitted: () => webhooks.wake() });
  const refresh = createAuthority({ prisma: db.prisma, clock, liveGrants: services.liveGrants, sessionActive: (id) => services.sessions.isActive(id), tokenRevoked: (jti) => services.revokedTokens.isRevoked(jti) });
  const streams = createEventStreams({ prisma: db.prisma, bus, refresh });
  // Changes committed on any node reach every node's caches through the bus.
  bus.subscribe((events) => {
    if (events.some((e) => PRINCIPAL_CACHE_INVALIDATORS.has(e.type))) services.principals.invalidate();
    if (events.some((e) => KEY_CACHE_INVALIDATORS.has(e.type))) services.apiKeys.invalidate();
    if (events.some((e) => GRANT_INVALIDATORS.has(e.type))) services.liveGrants.invalidate();
  });
  // Access tokens revoked on any node (`token.revoked`) are refused on this one from now on.
  bus.subscribe((events) => services.revokedTokens.hear(events));

  const yoga = createYoga<{ viewer: Viewer }, GraphQLContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    // The page holds no data: without a credential its requests answer 401 and it shows nothing.
    graphiql: true,
    renderGraphiQL,
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
    context: ({ viewer }) => {
      let described: Promise<Whoami> | null = null;
      return {
        viewer,
        prisma: db.prisma,
        services,
        loaders: createLoaders(db.prisma, viewer),
        streams,
        whoami: () => (described ??= describeViewer(db.prisma, viewer)),
        recordVerified: () => recordVerified(viewer, 'query viewer'),
        lastUsed: (id: string) => lastUsed.lastUsed(id),
        publicUrl: () => publicUrl,
      };
    },
    plugins: [
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
    ],
  });

  const authenticator = createAuthenticator({
    services,
    clientIp,
    verifyPersonalToken: (id, secret, ip) => services.personalTokens.verify(id, secret, ip),
    // Access tokens work on the Core API when minted for it: the audience is the issuer URL
    // (no `resource` parameter), and their org_id and scope claims confine them.
    verifyAccessToken: async (token, req, scheme) => {
      // RFC 9449 §7: a DPoP-bound token needs a proof for this request (htu: the public URL of the path)
      let proof: string | undefined;
      try {
        proof = dpopHeader(req.headers, req.rawHeaders);
      } catch {
        return null;
      }
      const binding = { scheme, proof, method: req.method ?? 'GET', url: `${publicUrl}${(req.url ?? '/').split('?')[0]}` };
      const verified = await accessTokens.verify(token, { binding });
      if (!verified) return null;
      // A user token stops working the moment its session is revoked (not only at exp).
      const sessionEnds = verified.sessionId ? await services.sessions.activeUntil(verified.sessionId) : null;
      if (verified.sessionId && !sessionEnds) return null;
      return {
        kind: 'access_token',
        credentialId: verified.jti,
        accountId: verified.accountId,
        issuerId: verified.issuerId,
        subject: verified.subject,
        clientId: verified.clientId,
        organizationId: verified.organizationId,
        // the claim as minted ∩ what the principal holds now (membership, organization status)
        scopes: await services.liveGrants.liveScopes(verified, verified.scopes),
        claimedScopes: verified.scopes,
        expiresAt: verified.expiresAt,
        sessionId: verified.sessionId,
        actorId: verified.actorId,
        // what a person creates with their own sign-in lives no longer than the session (and dies
        // with it); what a delegated token (an agent acting for them) creates, no longer than the token
        restrictions: { ipAllowlist: [], expiresAt: sessionEnds && !verified.actorId ? sessionEnds : verified.expiresAt, rateLimit: null },
      };
    },
  });

  /**
   * The rate limit a credential is counted under: its effective limit as the kernel reads it (its
   * own rateLimit, else its kind's default: see `restrictions.rateLimit`). Access tokens count per
   * (client, subject), so minting new tokens does not reset it.
   */
  function limitOf(auth: Extract<Authentication, { ok: true }>): { key: string; limit: number; windowSeconds: number } {
    const viewer = auth.viewer;
    const own = viewer.restrictions.rateLimit;
    if (viewer.kind === 'access_token') return { key: `accessToken:${viewer.issuerId}:${viewer.clientId}:${viewer.subject}`, limit: own?.limit ?? config.rateLimit.accessToken, windowSeconds: own?.windowSeconds ?? config.rateLimit.windowSeconds };
    const key = auth.apiKey ? `apiKey:${auth.apiKey.id}` : `${viewer.kind === 'personal_token' ? 'personalToken' : 'credential'}:${viewer.credentialId}`;
    return { key, limit: own?.limit ?? config.rateLimit.limit, windowSeconds: own?.windowSeconds ?? config.rateLimit.windowSeconds };
  }

  /** Counts one operation of an authenticated caller against its limit. */
  function consumeLimit(auth: Extract<Authentication, { ok: true }>) {
    const { key, limit, windowSeconds } = limitOf(auth);
    return rateLimiter.consume(key, limit, windowSeconds);
  }

  /** The identifier a failed credential is counted under (the key or token id; null for a JWT). */
  function presentedIdentifier(headers: IncomingHttpHeaders): string | null {
    const presented = readCredential(headers);
    return presented.kind === 'api_key' || presented.kind === 'personal_token' ? presented.id : null;
  }

  /**
   * Verifies the credential (failed attempts throttled per identifier and address, 429 past the
   * limit), then applies the credential's rate limit (headers on every answer, 429 past it) and
   * notes the credential's last use (in memory, written in batches).
   */
  async function authenticate(req: IncomingMessage, res: ServerResponse): Promise<Authentication | { ok: false; limited: true }> {
    const identifier = presentedIdentifier(req.headers);
    const address = clientIp(req);
    const verdict = await failedAuth.check(identifier, address);
    if (verdict.blocked) {
      sendJson(res, 429, graphqlError('Too many failed authentications: retry after the number of seconds in Retry-After.', 'RATE_LIMITED'), { 'retry-after': String(verdict.retryAfterSeconds) });
      return { ok: false, limited: true };
    }
    const auth = await authenticator(req);
    if (!auth.ok) {
      if (auth.presented) await failedAuth.failed(identifier, address);
      return auth;
    }
    if (auth.viewer.kind === 'personal_token') lastUsed.touch('personalToken', auth.viewer.credentialId);
    if (auth.apiKey) lastUsed.touch('apiKey', auth.apiKey.id);
    const limit = await consumeLimit(auth);
    for (const [name, value] of Object.entries(rateLimiter.headers(limit))) res.setHeader(name, value);
    if (limit.allowed) return auth;
    logger.info({ credential: auth.viewer.credentialId }, 'rate limited');
    sendJson(res, 429, graphqlError('Rate limit exceeded: retry after the number of seconds in Retry-After.', 'RATE_LIMITED'));
    return { ok: false, limited: true };
  }

  /**
   * Authenticates a WebSocket connection from its connection_init payload (authorization or
   * x-api-key, as in HTTP headers). Failed attempts count like HTTP ones; each operation is then
   * counted against the credential's rate limit (see `limitOperation`).
   */
  async function authenticateHeaders(upgrade: IncomingMessage, params: Record<string, unknown>): Promise<Extract<Authentication, { ok: true }> | null> {
    const pick = (...names: string[]) => names.map((n) => params[n]).find((v): v is string => typeof v === 'string');
    const headers: IncomingHttpHeaders = {};
    const authorization = pick('authorization', 'Authorization');
    const apiKey = pick('x-api-key', 'X-API-Key', 'apiKey');
    // RFC 9449 has no WebSocket binding: a proof for GET {publicUrl}/graphql rides in connection_init
    const proof = pick('dpop', 'DPoP');
    if (proof) headers.dpop = proof;
    if (authorization) headers.authorization = authorization;
    if (apiKey) headers['x-api-key'] = apiKey;
    const shim = Object.assign(Object.create(upgrade) as IncomingMessage, { headers: { ...upgrade.headers, ...headers } });
    if (!authorization && !apiKey) delete (shim.headers as Record<string, unknown>).authorization;
    if (!proof) delete (shim.headers as Record<string, unknown>).dpop;
    Object.defineProperty(shim, 'rawHeaders', { value: [] });
    const identifier = presentedIdentifier(shim.headers);
    const address = clientIp(upgrade);
    if ((await failedAuth.check(identifier, address)).blocked) return null;
    const auth = await authenticator(shim);
    if (!auth.ok) {
      if (auth.presented) await failedAuth.failed(identifier, address);
      return null;
    }
    return auth;
  }

  /** One graphql-ws operation counted like an HTTP request: null when allowed, else seconds to wait. */
  async function limitOperation(auth: Extract<Authentication, { ok: true }>): Promise<number | null> {
    const limit = await consumeLimit(auth);
    return limit.allowed ? null : (limit.retryAfterSeconds ?? 1);
  }

  /**
   * Records `credential.guessing-suspected` (a normal, webhook-deliverable event) for the account
   * that owns the identifier: the issuer's at /token, the key's owner for an API key. A trip on an
   * identifier nobody owns is logged only.
   */
  async function reportGuessing(trip: GuessingTrip) {
    logger.warn({ identifier: trip.identifier, sourceAddress: trip.sourceAddress, scope: trip.scope, failures: trip.failures }, 'credential guessing suspected');
    let owner = trip.owner;
    if (!owner && idKind(trip.identifier) === 'apiKey') {
      const key = await db.prisma.apiKey.findUnique({ where: { id: trip.identifier }, select: { accountId: true, organization: { select: { issuerId: true } } } });
      owner = key && { accountId: key.accountId, issuerId: key.organization?.issuerId ?? null };
    }
    if (!owner) return;
    const { accountId, issuerId } = owner;
    await db.prisma.$transaction((tx) =>
      recordEvent(tx, {
        type: 'credential.guessing-suspected',
        accountId,
        issuerId,
        subject: trip.identifier || (trip.sourceAddress ?? 'unknown'),
        actor: { type: 'system', id: null },
        data: eventData('credential.guessing-suspected', guessingSuspectedData(trip)),
      }),
    );
  }

  /** 401 for every refused credential alike; the reason goes to the debug log only. */
  function unauthorized(res: ServerResponse, reason: string): number {
    logger.debug({ reason }, 'credential refused');
    sendJson(res, 401, graphqlError('Authentication required: present a valid credential (HTTP Basic key_id:secret, or Bearer).', 'UNAUTHENTICATED'), {
      'www-authenticate': 'Basic realm="authgraph", charset="UTF-8", Bearer realm="authgraph"',
    });
    return 401;
  }

  /** Counts a successful verification as a metered api-key.verified event (never sent to webhooks). */
  function recordVerified(viewer: Viewer, via: string) {
    metered.record({
      type: 'api-key.verified',
      accountId: viewer.accountId,
      issuerId: viewer.kind === 'account_api_key' ? null : viewer.issuerId,
      organizationId: viewer.kind === 'account_api_key' ? null : viewer.organizationId,
      subject: viewer.credentialId,
      actor: actorOf(viewer),
      data: eventData('api-key.verified', { credentialType: viewer.kind, via }),
    });
  }

  async function handleWhoami(req: IncomingMessage, res: ServerResponse): Promise<number> {
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: 'method_not_allowed' }, { allow: 'GET' });
      return 405;
    }
    const auth = await authenticate(req, res);
    if (!auth.ok) return 'limited' in auth ? 429 : unauthorized(res, auth.reason);
    recordVerified(auth.viewer, 'GET /v1/me');
    sendJson(res, 200, whoamiJson(await describeViewer(db.prisma, auth.viewer)), { 'cache-control': 'no-store' });
    return 200;
  }

  async function runGraphQL(req: IncomingMessage, body: Buffer | null, viewer: Viewer) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string') headers.set(name, value);
      else if (Array.isArray(value)) headers.set(name, value.join(', '));
    }
    const request = new Request(url, { method: req.method, headers, body: body && body.length ? new Uint8Array(body) : undefined });
    const response = await yoga.handleRequest(request, { viewer });
    return response;
  }

  /** Event streams (GraphQL over SSE, incremental delivery) are piped as they come; the rest is read whole. */
  const isStream = (response: Response) => /^(text\/event-stream|multipart\/mixed)/.test(response.headers.get('content-type') ?? '');

  function pipeStream(res: ServerResponse, response: Response): number {
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    res.writeHead(response.status, headers);
    if (!response.body) {
      res.end();
      return response.status;
    }
    res.flushHeaders();
    // yoga's streams are its own (whatwg-node) implementation: read them chunk by chunk
    const reader = response.body.getReader();
    res.on('close', () => void reader.cancel().catch(() => {}));
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          res.write(value);
        }
        res.end();
      } catch {
        res.destroy();
      }
    })();
    return response.status;
  }

  const readWhole = async (response: Response) => ({ status: response.status, headers: response.headers, body: await response.text() });

  function writeResponse(res: ServerResponse, out: { status: number; headers: Headers; body: string }, extra: Record<string, string> = {}) {
    const headers: Record<string, string> = { ...extra };
    out.headers.forEach((value, name) => {
      if (name !== 'content-length') headers[name] = value;
    });
    headers['content-length'] = String(Buffer.byteLength(out.body));
    res.writeHead(out.status, headers);
    res.end(out.body);
  }

  async function handleGraphQL(req: IncomingMessage, res: ServerResponse): Promise<number> {
    const wantsGraphiQL = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    if (wantsGraphiQL && !req.headers.authorization) {
      const page = await yoga.handleRequest(new Request(new URL(req.url ?? '/', 'http://localhost'), { headers: { accept: 'text/html' } }), {
        viewer: null as never,
      });
      writeResponse(res, { status: page.status, headers: page.headers, body: await page.text() });
      return page.status;
    }
    const auth = await authenticate(req, res);
    if (!auth.ok) return 'limited' in auth ? 429 : unauthorized(res, auth.reason);
    const viewer = auth.viewer;
    let body: Buffer | null = null;
    if (req.method === 'POST') {
      try {
        body = await readBody(req, GRAPHQL_BODY_LIMIT);
      } catch (error) {
        if (error instanceof BodyTooLargeError) {
          sendJson(res, 413, graphqlError(`The request body is larger than ${GRAPHQL_BODY_LIMIT} bytes.`, 'PAYLOAD_TOO_LARGE'), { connection: 'close' });
          return 413;
        }
        throw error;
      }
    }

    const idempotencyKey = req.headers['idempotency-key'];
    if (req.method !== 'POST' || idempotencyKey === undefined) {
      const response = await runGraphQL(req, body, viewer);
      if (isStream(response)) return pipeStream(res, response);
      const out = await readWhole(response);
      writeResponse(res, out);
      return out.status;
    }
    if (typeof idempotencyKey !== 'string' || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
      sendJson(res, 400, graphqlError('Idempotency-Key must be 1 to 255 visible ASCII characters.', 'BAD_REQUEST'));
      return 400;
    }
    const claim = await services.idempotency.claim(viewer.credentialId, idempotencyKey, body?.toString('utf8') ?? '');
    if (claim.kind === 'mismatch') {
      sendJson(res, 422, graphqlError('This Idempotency-Key was used with a different request body.', 'IDEMPOTENCY_KEY_REUSED'));
      return 422;
    }
    if (claim.kind === 'in_progress') {
      sendJson(res, 409, graphqlError('A request with this Idempotency-Key is still in progress.', 'IDEMPOTENCY_KEY_IN_PROGRESS'), { 'retry-after': '1' });
      return 409;
    }
    if (claim.kind === 'replay') {
      // Same negotiation as the GraphQL server: the newer media type when the client accepts it.
      const type = (req.headers.accept ?? '').includes('application/graphql-response+json') ? 'application/graphql-response+json' : 'application/json';
      res.writeHead(claim.status, { 'content-type': `${type}; charset=utf-8`, 'idempotent-replayed': 'true', 'content-length': Buffer.byteLength(claim.body) });
      res.end(claim.body);
      return claim.status;
    }
    try {
      const response = await runGraphQL(req, body, viewer);
      if (isStream(response)) {
        // a stream is not a replayable answer
        await services.idempotency.release(claim.recordId);
        return pipeStream(res, response);
      }
      const out = await readWhole(response);
      // An unexpected (masked) failure of a single mutation changed nothing (each mutation is one
      // transaction), so the client may retry with the same key. With several mutation fields one
      // may have committed before another failed: that answer is final, as any other.
      if (failedUnexpectedly(out) && rootMutationFields(body) === 1) await services.idempotency.release(claim.recordId);
      else await services.idempotency.complete(claim.recordId, out.status, out.body);
      writeResponse(res, out);
      return out.status;
    } catch (error) {
      await services.idempotency.release(claim.recordId);
      throw error;
    }
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<[string, number]> {
    const path = (req.url ?? '/').split('?')[0];
    switch (path) {
      case '/graphql':
        return ['/graphql', await handleGraphQL(req, res)];
      case '/v1/me':
        return ['/v1/me', await handleWhoami(req, res)];
      case '/healthz':
        sendJson(res, 200, { status: 'up' });
        return [path, 200];
      case '/readyz': {
        // Open to anyone, so it says only up or down; what is down goes to the log.
        const database = await db.ping();
        const redis = bus.kind === 'redis' ? bus.healthy() : null;
        const ok = database && redis !== false;
        if (!ok) logger.warn({ database: database ? 'up' : 'down', redis: redis === null ? 'none' : redis ? 'up' : 'down' }, 'not ready');
        sendJson(res, ok ? 200 : 503, { status: ok ? 'up' : 'down' });
        return [path, ok ? 200 : 503];
      }
      case '/metrics': {
        // Per-route counts are not for everyone: a METRICS_TOKEN bearer, or the loopback METRICS_PORT.
        if (!metricsToken) {
          sendJson(res, 404, { error: 'not_found' });
          return ['other', 404];
        }
        if (!bearerMatches(req.headers.authorization, metricsToken)) {
          sendJson(res, 401, { error: 'unauthorized' }, { 'www-authenticate': 'Bearer realm="metrics"' });
          return [path, 401];
        }
        await serveMetrics(res);
        return [path, 200];
      }
      default: {
        // The REST sidecar of an issuer: /{issuer_id}/.well-known/…, /jwks, /token, …, and the
        // RFC 8414 form of discovery, /.well-known/oauth-authorization-server/{issuer_id}.
        const rfc8414 = /^\/\.well-known\/(oauth-authorization-server|openid-configuration)\/(i_[0-9a-z]{26})$/.exec(path ?? '');
        const match = rfc8414 ? [path, rfc8414[2], `/.well-known/${rfc8414[1]}`] : /^\/(i_[0-9a-z]{26})(\/.*)$/.exec(path ?? '');
        if (match) {
          const status = await oauthRouter(req, res, match[1]!, match[2]!);
          // Route label for metrics: the known path when it was served, never an arbitrary one.
          if (status !== null) return [status === 404 ? 'other' : `/{issuer}${match[2]}`, status];
        }
        sendJson(res, 404, { error: 'not_found' });
        return ['other', 404];
      }
    }
  }

  const metricsToken = config.metricsToken ? createHash('sha256').update(config.metricsToken).digest() : null;

  /** Constant-time check of `Authorization: Bearer <token>` against the token's SHA-256. */
  function bearerMatches(header: string | undefined, expected: Buffer): boolean {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
    return match !== null && timingSafeEqual(createHash('sha256').update(match[1]!).digest(), expected);
  }

  async function serveMetrics(res: ServerResponse) {
    const text = await metrics.registry.metrics();
    res.writeHead(200, { 'content-type': metrics.registry.contentType });
    res.end(text);
  }

  /** The request id of a request: X-Request-Id from a trusted proxy, else a new one. */
  const requestIdOf = (req: IncomingMessage) => requestIdFor(req.headers['x-request-id'], fromTrustedProxy(req));

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    const requestId = requestIdOf(req);
    res.setHeader('x-request-id', requestId);
    runInRequest({ requestId }, () =>
      route(req, res)
        .then(([name, status]) => metrics.observe(name, status, Number(process.hrtime.bigint() - started) / 1e9))
        .catch((error: unknown) => {
          const unavailable = isDatabaseUnavailable(error);
          const log = logger.child({ requestId });
          if (unavailable) log.warn({ err: error, path: req.url }, 'database unavailable');
          else log.error({ err: error, path: req.url }, 'request failed');
          if (res.headersSent) res.destroy();
          else if (unavailable) sendJson(res, 503, graphqlError('The service is temporarily unavailable; retry shortly.', 'SERVICE_UNAVAILABLE'), { 'retry-after': '2' });
          else sendJson(res, 500, { errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } }] });
        }),
    );
  });
  server.keepAliveTimeout = 65_000;

  /** ALLOWED_ORIGINS, else the origin of PUBLIC_URL (or of the address listened on). */
  function originAllowed(origin: string): boolean {
    const allowed = config.allowedOrigins.length ? config.allowedOrigins : [new URL(publicUrl).origin];
    return allowed.includes('*') || allowed.includes(origin);
  }
  const ws = attachGraphQLWebSocket({
    server,
    yoga,
    path: '/graphql',
    authenticate: async (upgrade, params) => {
      const auth = await authenticateHeaders(upgrade, params);
      return auth && { viewer: auth.viewer, limit: () => limitOperation(auth) };
    },
    reauthorize: refresh,
    originAllowed,
    requestIdOf,
    logger,
  });
  // /metrics without a token, on a loopback-only port (for a scraper on the same host).
  let metricsServer: Server | null = null;

  let listeningUrl = '';
  return {
    config,
    db,
    services,
    faults,
    bootstrap,
    url: () => listeningUrl,
    publicUrl: () => publicUrl,
    flushMetered: () => metered.flush(),
    relay,
    webhooks,
    async start(port = config.port, host = config.host) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      listeningUrl = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
      if (!config.publicUrlConfigured) publicUrl = listeningUrl.replace('//0.0.0.0:', '//127.0.0.1:');
      if (config.metricsPort) {
        const loopback = createServer((req, res) => {
          if ((req.url ?? '/').split('?')[0] === '/metrics') void serveMetrics(res).catch(() => res.destroy());
          else sendJson(res, 404, { error: 'not_found' });
        });
        await new Promise<void>((resolve, reject) => {
          loopback.once('error', reject);
          loopback.listen(config.metricsPort, '127.0.0.1', () => resolve());
        });
        metricsServer = loopback;
      }
      relay.start();
      webhooks.start();
      return listeningUrl;
    },
    async stop() {
      await ws.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await relay.stop();
      await webhooks.stop();
      await bus.close();
      await metered.stop();
      await lastUsed.stop();
      await rateLimiter.close();
      if (metricsServer) await new Promise<void>((resolve) => metricsServer!.close(() => resolve()));
      counterRedis?.disconnect();
      await db.close();
    },
  };
}
