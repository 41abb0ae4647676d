/**
 * Configuration: the only reader of process.env. Everything else receives a frozen Config.
 * @module
 */
import * as z from 'zod';
import { normaliseCidr } from '../lib/cidr.js';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** `development` turns on stack traces, field suggestions and an open GraphiQL; anything else answers like production */
  AUTHGRAPH_ENV: z.enum(['development', 'production']).default('production'),
  /** bearer token /metrics asks for; without it /metrics is served only on METRICS_PORT (loopback) */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** a separate loopback-only port serving /metrics without a token (0: none) */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(0),
  /** comma-separated origins allowed to open a WebSocket (default: the PUBLIC_URL origin) */
  ALLOWED_ORIGINS: z.string().optional(),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
  /** where the embedded database runs: its own worker thread (default) or the main thread */
  PGLITE_THREAD: z.enum(['worker', 'main']).default('worker'),
  DATABASE_URL: z.string().optional(),
  REDIS_URL: z.string().optional(),
  AUTHGRAPH_ADMIN_KEY: z.string().optional(),
  AUTHGRAPH_MASTER_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(1).default(12),
  GRAPHQL_MAX_COST: z.coerce.number().int().min(1).default(20000),
  GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(1).default(4000),
  GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).default(20),
  IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).default(24),
  INVITATION_TTL_HOURS: z.coerce.number().int().min(1).default(168),
  /** comma-separated CIDRs (or addresses) of reverse proxies whose X-Forwarded-For is believed; empty: none */
  TRUST_PROXY: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== ''),
    )
    .superRefine((entries, ctx) => {
      const bad = entries.filter((entry) => normaliseCidr(entry) === null);
      if (bad.length) ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR: ${bad.join(', ')}` });
    })
    .transform((entries) => entries.map((entry) => normaliseCidr(entry)!)),
  /** requests per window per API key, unless the key sets its own */
  RATE_LIMIT: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** per-kind defaults (requests per RATE_LIMIT_WINDOW_SECONDS); an API key's own rateLimit wins */
  RATE_LIMIT_ACCOUNT_KEY: z.coerce.number().int().min(1).default(20_000),
  RATE_LIMIT_PERSONAL_TOKEN: z.coerce.number().int().min(1).default(300),
  /** per (client, subject) of the access tokens presented, so minting new tokens does not reset it */
  RATE_LIMIT_ACCESS_TOKEN: z.coerce.number().int().min(1).default(600),
  /** failed authentications per identifier (client id, key id) and per source address before 429 */
  AUTH_FAILURE_LIMIT: z.coerce.number().int().min(1).default(10),
  AUTH_FAILURE_ADDRESS_LIMIT: z.coerce.number().int().min(1).default(30),
  AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(300),
  /** sign-in: wrong passwords per username (unknown browsers) and per address before 429 */
  SIGN_IN_USERNAME_LIMIT: z.coerce.number().int().min(1).default(5),
  SIGN_IN_ADDRESS_LIMIT: z.coerce.number().int().min(1).default(50),
  /** sign-in: wrong passwords a browser holding a device cookie may make before it is treated as unknown */
  SIGN_IN_DEVICE_LIMIT: z.coerce.number().int().min(1).default(10),
  /** development only: let webhook endpoints resolve to loopback/private/link-local addresses */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** development/test only (ignored when NODE_ENV=production): accept http:// Client ID Metadata Document URLs on loopback hosts */
  CIMD_ALLOW_LOOPBACK_HTTP: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  /** a PEM file of extra certificate authorities trusted when fetching Client ID Metadata Documents (besides Node's roots) */
  CIMD_CA_FILE: z.string().min(1).optional(),
  /** one delivery attempt (connect + response) is aborted after this long */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1).max(120_000).default(15_000),
  /** delays after the 1st, 2nd, … failed attempt (comma-separated ms, jittered); when exhausted the delivery fails */
  WEBHOOK_RETRY_SCHEDULE_MS: z
    .string()
    .default('5000,300000,1800000,7200000,18000000,36000000,50400000,72000000,86400000')
    .transform((value) =>
      value
        .split(',')
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '')
        .map(Number),
    )
    .refine((delays) => delays.every((d) => Number.isInteger(d) && d >= 0 && d <= 7 * 86_400_000), {
      message: 'comma-separated whole milliseconds (at most 7 days each)',
    }),
  /** an endpoint failing without a success for this long is disabled (fractions allowed) */
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().positive().default(72),
  /** after rotateWebhookSecret the previous secret still signs for this long */
  WEBHOOK_SECRET_OVERLAP_HOURS: z.coerce.number().positive().default(24),
  /** deliveries one node sends at the same time */
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  /** how often the dispatcher looks for due deliveries when nothing woke it */
  WEBHOOK_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(1000),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  /**
   * AUTHGRAPH_ENV: `development` only when set explicitly; the default answers like production
   * (masked errors without stacks, no field suggestions, GraphiQL without a credential shows nothing).
   */
  mode: 'development' | 'production';
  /** METRICS_TOKEN: the bearer /metrics asks for; null: /metrics answers 404 on the main port */
  metricsToken: string | null;
  /** METRICS_PORT: a loopback-only port serving /metrics without a token; 0: none */
  metricsPort: number;
  /** origins allowed to open a WebSocket (a request without Origin is always allowed) */
  allowedOrigins: readonly string[];
  host: string;
  port: number;
  /** the externally visible base URL; when PUBLIC_URL is not set, the app uses the address it listens on */
  publicUrl: string;
  publicUrlConfigured: boolean;
  /** `{ kind: 'pglite', dataDir: null }` is an in-memory database (tests). */
  /** `thread`: where PGlite runs (PGLITE_THREAD; absent: `worker`, see src/data/pglite-proxy.ts) */
  database: { kind: 'pglite'; dataDir: string | null; thread?: 'worker' | 'main' } | { kind: 'postgres'; url: string };
  redisUrl: string | null;
  adminKey: string | null;
  /** encrypts private keys at rest; see config/master-key.ts */
  masterKey: string | null;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent';
  graphql: { maxDepth: number; maxCost: number; maxTokens: number; maxAliases: number };
  idempotencyTtlMs: number;
  invitationTtlMs: number;
  /** normalised CIDRs of trusted reverse proxies (TRUST_PROXY); empty: X-Forwarded-For is ignored */
  trustProxy: readonly string[];
  /**
   * default rate limits per credential kind, requests per `windowSeconds` (RATE_LIMIT for
   * organization and issuer API keys, RATE_LIMIT_ACCOUNT_KEY, RATE_LIMIT_PERSONAL_TOKEN,
   * RATE_LIMIT_ACCESS_TOKEN); an API key's own rateLimit overrides its kind's
   */
  rateLimit: { limit: number; windowSeconds: number; accountKey: number; personalToken: number; accessToken: number };
  /** failed-authentication limiter (see http/failed-auth.ts) */
  authFailures: { perIdentifier: number; perAddress: number; windowSeconds: number };
  /** hosted sign-in throttle (see domain/passwords.ts) */
  signIn: { perUsername: number; perAddress: number; perDevice: number };
  /**
   * Client ID Metadata Documents: `allowLoopbackHttp` (CIMD_ALLOW_LOOPBACK_HTTP, never in
   * production) lets a client_id be an http:// URL on 127.0.0.1, [::1] or localhost
   */
  clientMetadataDocuments: { allowLoopbackHttp: boolean; caFile: string | null };
  /** outbound webhooks (WEBHOOK_*) */
  webhooks: {
    allowPrivateNetworks: boolean;
    timeoutMs: number;
    retryScheduleMs: readonly number[];
    disableAfterMs: number;
    secretOverlapMs: number;
    concurrency: number;
    pollIntervalMs: number;
  };
}

/** Reads and validates the environment; throws a readable error naming the bad variables. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    env: e.NODE_ENV,
    mode: e.AUTHGRAPH_ENV,
    metricsToken: e.METRICS_TOKEN ?? null,
    metricsPort: e.METRICS_PORT,
    allowedOrigins: Object.freeze(
      e.ALLOWED_ORIGINS !== undefined
        ? e.ALLOWED_ORIGINS.split(',')
            .map((o) => o.trim())
            .filter((o) => o !== '')
            .map((o) => (o === '*' ? o : new URL(o).origin))
        : e.PUBLIC_URL !== undefined
          ? [new URL(e.PUBLIC_URL).origin]
          : [],
    ),
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'pglite' as const, dataDir: e.DATA_DIR, thread: e.PGLITE_THREAD },
    redisUrl: e.REDIS_URL ?? null,
    adminKey: e.AUTHGRAPH_ADMIN_KEY ?? null,
    masterKey: e.AUTHGRAPH_MASTER_KEY ?? null,
    logLevel: e.LOG_LEVEL,
    graphql: {
      maxDepth: e.GRAPHQL_MAX_DEPTH,
      maxCost: e.GRAPHQL_MAX_COST,
      maxTokens: e.GRAPHQL_MAX_TOKENS,
      maxAliases: e.GRAPHQL_MAX_ALIASES,
    },
    idempotencyTtlMs: e.IDEMPOTENCY_TTL_HOURS * 3_600_000,
    invitationTtlMs: e.INVITATION_TTL_HOURS * 3_600_000,
    trustProxy: Object.freeze(e.TRUST_PROXY),
    rateLimit: {
      limit: e.RATE_LIMIT,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      accountKey: e.RATE_LIMIT_ACCOUNT_KEY,
      personalToken: e.RATE_LIMIT_PERSONAL_TOKEN,
      accessToken: e.RATE_LIMIT_ACCESS_TOKEN,
    },
    authFailures: {
      perIdentifier: e.AUTH_FAILURE_LIMIT,
      perAddress: e.AUTH_FAILURE_ADDRESS_LIMIT,
      windowSeconds: e.AUTH_FAILURE_WINDOW_SECONDS,
    },
    signIn: { perUsername: e.SIGN_IN_USERNAME_LIMIT, perAddress: e.SIGN_IN_ADDRESS_LIMIT, perDevice: e.SIGN_IN_DEVICE_LIMIT },
    clientMetadataDocuments: Object.freeze({
      allowLoopbackHttp: e.CIMD_ALLOW_LOOPBACK_HTTP && e.NODE_ENV !== 'production',
      caFile: e.CIMD_CA_FILE ?? null,
    }),
    webhooks: Object.freeze({
      allowPrivateNetworks: e.WEBHOOK_ALLOW_PRIVATE_NETWORKS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      retryScheduleMs: Object.freeze(e.WEBHOOK_RETRY_SCHEDULE_MS),
      disableAfterMs: Math.round(e.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000),
      secretOverlapMs: Math.round(e.WEBHOOK_SECRET_OVERLAP_HOURS * 3_600_000),
      concurrency: e.WEBHOOK_CONCURRENCY,
      pollIntervalMs: e.WEBHOOK_POLL_INTERVAL_MS,
    }),
  });
}
