/**
 * Configuration: the only reader of process.env. Everything else receives a frozen Config.
 * @module
 */
import * as z from 'zod';
import { normaliseCidr } from '../lib/cidr.js';

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  PUBLIC_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./data'),
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
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== ''))
    .superRefine((entries, ctx) => {
      const bad = entries.filter((entry) => normaliseCidr(entry) === null);
      if (bad.length) ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR: ${bad.join(', ')}` });
    })
    .transform((entries) => entries.map((entry) => normaliseCidr(entry)!)),
  /** requests per window per API key, unless the key sets its own */
  RATE_LIMIT: z.coerce.number().int().min(1).default(300),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).default(900),
  /** development only: let webhook endpoints resolve to loopback/private/link-local addresses */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
  /** one delivery attempt (connect + response) is aborted after this long */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(1).max(120_000).default(15_000),
  /** delays after the 1st, 2nd, … failed attempt (comma-separated ms, jittered); when exhausted the delivery fails */
  WEBHOOK_RETRY_SCHEDULE_MS: z
    .string()
    .default('5000,300000,1800000,7200000,18000000,36000000,50400000,72000000,86400000')
    .transform((value) => value.split(',').map((entry) => entry.trim()).filter((entry) => entry !== '').map(Number))
    .refine((delays) => delays.every((d) => Number.isInteger(d) && d >= 0 && d <= 7 * 86_400_000), { message: 'comma-separated whole milliseconds (at most 7 days each)' }),
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
  host: string;
  port: number;
  /** the externally visible base URL; when PUBLIC_URL is not set, the app uses the address it listens on */
  publicUrl: string;
  publicUrlConfigured: boolean;
  /** `{ kind: 'pglite', dataDir: null }` is an in-memory database (tests). */
  database: { kind: 'pglite'; dataDir: string | null } | { kind: 'postgres'; url: string };
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
  /** default per-API-key rate limit (RATE_LIMIT requests per RATE_LIMIT_WINDOW_SECONDS) */
  rateLimit: { limit: number; windowSeconds: number };
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
    host: e.HOST,
    port: e.PORT,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST === '0.0.0.0' ? '127.0.0.1' : e.HOST}:${e.PORT}`).replace(/\/$/, ''),
    publicUrlConfigured: e.PUBLIC_URL !== undefined,
    database: e.DATABASE_URL
      ? { kind: 'postgres' as const, url: e.DATABASE_URL }
      : { kind: 'pglite' as const, dataDir: e.DATA_DIR },
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
    rateLimit: { limit: e.RATE_LIMIT, windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS },
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
