/**
 * The two setups of the live-event figures, each with the app in the bench process:
 * - embedded: in-memory PGlite and the in-process bus (the default single-node setup);
 * - redis: a fresh PostgreSQL database on this machine and the Redis bus (the multi-node setup,
 *   one node here). The database is created for the run (as test/helpers/server.ts does) and
 *   dropped when the server stops; the mode is skipped, with a reason, when PostgreSQL or Redis
 *   does not answer.
 * Plus bulk writing of outbox rows straight into the Event table (no mutation per event).
 * @module
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { Redis } from 'ioredis';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config/env.js';
import { newId } from '../../src/lib/ids.js';
import { randomSecret } from '../../src/lib/crypto.js';
import { basic, BENCH_LIMITS, PGLITE_THREAD, type BenchServer } from './common.js';

/** The maintenance database the bench creates its database from (loopback only). */
export const PG_ADMIN_URL =
  process.env.AUTHGRAPH_BENCH_PG_URL ?? process.env.AUTHGRAPH_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export type Backend = 'embedded' | 'postgres' | 'redis';

export const BACKEND_LABEL: Record<Backend, string> = {
  embedded: 'embedded (PGlite, local bus)',
  postgres: 'PostgreSQL, local bus',
  redis: 'PostgreSQL + Redis bus',
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** Redacts the password of a connection URL for notes. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}

/** null when PostgreSQL at PG_ADMIN_URL answers, else why not. */
export async function postgresUnavailable(): Promise<string | null> {
  let host: string;
  try {
    host = new URL(PG_ADMIN_URL).hostname;
  } catch {
    return `AUTHGRAPH_BENCH_PG_URL is not a URL`;
  }
  if (!LOOPBACK.has(host)) return `PostgreSQL at ${host} is not on this machine (the bench only uses 127.0.0.1)`;
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `PostgreSQL does not answer at ${redact(PG_ADMIN_URL)} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await client.end().catch(() => {});
  }
}

/** null when Redis at REDIS_URL answers PING, else why not. */
export async function redisUnavailable(): Promise<string | null> {
  let host: string;
  try {
    host = new URL(REDIS_URL).hostname;
  } catch {
    return 'REDIS_URL is not a URL';
  }
  if (!LOOPBACK.has(host)) return `Redis at ${host} is not on this machine (the bench only uses 127.0.0.1)`;
  const client = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 2000, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG' ? null : `Redis at ${redact(REDIS_URL)} did not answer PONG`;
  } catch (error) {
    return `Redis does not answer at ${redact(REDIS_URL)} (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    client.disconnect();
  }
}

/** A fresh database on the local PostgreSQL, and how to drop it. */
export async function createBenchDatabase(): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  const name = `authgraph_bench_${newId('idempotency').slice(5)}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  let dropped = false;
  return {
    url: url.toString(),
    name,
    async drop() {
      if (dropped) return;
      dropped = true;
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** Databases created by this process and not dropped yet: dropped on SIGINT/SIGTERM too. */
const liveDatabases = new Set<{ drop(): Promise<void> }>();
let signalsHooked = false;
function dropOnSignal() {
  if (signalsHooked) return;
  signalsHooked = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void Promise.allSettled([...liveDatabases].map((d) => d.drop())).finally(() => process.exit(130));
    });
  }
}

export interface EventBenchServer extends BenchServer {
  backend: Backend;
  label: string;
  /** the created database's name (PostgreSQL backends) */
  database: string | null;
}

/**
 * The app on 127.0.0.1 and a free port (or not listening, `listen: false`: no HTTP and no relay
 * loop; `app.relay.drain()` still works), `NODE_ENV=production`, a seeded admin key, extra
 * environment `env` (e.g. WEBHOOK_*). PostgreSQL backends get a fresh database, dropped on stop().
 */
export async function startEventServer(
  backend: Backend,
  options: { env?: Record<string, string>; listen?: boolean } = {},
): Promise<EventBenchServer> {
  const keyId = newId('apiKey');
  const keySecret = randomSecret();
  const database = backend === 'embedded' ? null : await createBenchDatabase();
  if (database) {
    dropOnSignal();
    liveDatabases.add(database);
  }
  try {
    const base = loadConfig({
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
      AUTHGRAPH_MASTER_KEY: randomBytes(32).toString('hex'),
      ...(backend === 'redis' ? { REDIS_URL } : {}),
      ...BENCH_LIMITS,
      ...options.env,
    });
    const config: Config = {
      ...base,
      database: database ? { kind: 'postgres', url: database.url } : { kind: 'pglite', dataDir: null, thread: PGLITE_THREAD },
    };
    const app = await buildApp({ config });
    let url = '';
    try {
      if (options.listen !== false) url = await app.start(0, '127.0.0.1');
    } catch (error) {
      await app.stop().catch(() => {});
      throw error;
    }
    return {
      app,
      url,
      keyId,
      keySecret,
      authorization: basic(keyId, keySecret),
      backend,
      label: BACKEND_LABEL[backend],
      database: database?.name ?? null,
      async stop() {
        try {
          await app.stop();
        } finally {
          if (database) {
            await database.drop();
            liveDatabases.delete(database);
          }
        }
      },
    };
  } catch (error) {
    if (database) {
      await database.drop().catch(() => {});
      liveDatabases.delete(database);
    }
    throw error;
  }
}

/** The account that owns `issuerId` (the seeded admin key's account). */
export async function accountOf(server: BenchServer, issuerId: string): Promise<string> {
  const issuer = await server.app.db.prisma.issuer.findUnique({ where: { id: issuerId }, select: { accountId: true } });
  if (!issuer) throw new Error(`no issuer ${issuerId}`);
  return issuer.accountId;
}

export interface EventRows {
  accountId: string;
  issuerId: string;
  organizationId: string;
  /** a non-metered type, e.g. organization.updated */
  type: string;
  count: number;
  /** rows per INSERT statement (each its own transaction, so its own txid) */
  batch: number;
}

/**
 * Writes `count` outbox rows straight into the Event table, `batch` rows per
 * `INSERT … SELECT FROM unnest(…)` (ids from newId('event'), so they sort in insertion order),
 * shaped like the events mutations write (source, subject, actor, a small JSON `data`). The
 * AFTER INSERT trigger notifies the relay once per statement, as for any commit. Returns the
 * ids and the milliseconds the INSERTs took.
 */
export async function insertEvents(server: BenchServer, rows: EventRows): Promise<{ ids: string[]; ms: number }> {
  const prisma = server.app.db.prisma;
  const ids = Array.from({ length: rows.count }, () => newId('event'));
  const source = `/issuers/${rows.issuerId}`;
  const data = JSON.stringify({ name: 'Bench organization', status: 'ACTIVE' });
  const started = performance.now();
  for (let done = 0; done < rows.count; done += rows.batch) {
    const chunk = ids.slice(done, done + rows.batch);
    await prisma.$executeRaw`
      INSERT INTO "Event" ("id", "accountId", "issuerId", "organizationId", "type", "source", "subject", "actorType", "actorId", "data")
      SELECT e.id, ${rows.accountId}, ${rows.issuerId}, ${rows.organizationId}, ${rows.type}, ${source}, ${rows.organizationId}, 'api_key', ${server.keyId}, ${data}::jsonb
      FROM unnest(${chunk}::text[]) AS e(id)`;
  }
  return { ids, ms: performance.now() - started };
}

/**
 * The backends a figure runs on: the embedded default, and PostgreSQL + Redis when both answer on
 * this machine (else a note saying why that row is missing). `BENCH_BACKENDS=embedded` (or
 * `redis`) runs one alone.
 */
export async function figureBackends(): Promise<{ run: Backend[]; notes: string[] }> {
  const wanted = (process.env.BENCH_BACKENDS ?? 'embedded,redis').split(',').map((b) => b.trim()) as Backend[];
  const run: Backend[] = [];
  const notes: string[] = [];
  if (wanted.includes('embedded')) run.push('embedded');
  if (wanted.includes('redis')) {
    const why = (await postgresUnavailable()) ?? (await redisUnavailable());
    if (why) notes.push(`PostgreSQL + Redis skipped: ${why}`);
    else run.push('redis');
  }
  return { run, notes };
}
