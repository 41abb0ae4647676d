/**
 * Opens the database: PGlite (embedded Postgres in WASM) by default, PostgreSQL through
 * `@prisma/adapter-pg` when DATABASE_URL is set. Migrations are applied before the client is used.
 * This and the repositories are the only modules that import the generated Prisma client.
 * @module
 */
import { prepareDataDir, tightenDataDir } from '../config/data-dir.js';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/prisma/client.js';
import { migrate } from './migrate.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../lib/logger.js';

export type { PrismaClient };
export type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];
export type Db = PrismaClient | Tx;

/**
 * A dedicated database session (not from the pool): session-level advisory locks for leader
 * election and LISTEN for wake-ups. When the connection drops, the lock goes with it and
 * `lost` resolves, so another node can take over.
 */
export interface DedicatedSession {
  tryLock(key: number): Promise<boolean>;
  listen(channel: string, onNotify: () => void): Promise<void>;
  lost: Promise<void>;
  close(): Promise<void>;
}

export interface Database {
  kind: 'pglite' | 'postgres';
  prisma: PrismaClient;
  /** SQL statements sent so far (the N+1 guard and /metrics read it). */
  queryCount(): number;
  /** Opens a dedicated session (PGlite: the one in-process database). */
  openSession(): Promise<DedicatedSession>;
  /** True when a trivial query answers. */
  ping(): Promise<boolean>;
  /**
   * Runs `fn` once the interactive transaction `tx` (`prisma.$transaction(async (tx) => …)`) has
   * committed, before that `$transaction` call returns to its caller; never when it rolls back.
   * Outside such a transaction (`tx` is the client itself: autocommit) `fn` runs at once.
   */
  afterCommit(tx: Db, fn: () => void): void;
  close(): Promise<void>;
}

/**
 * Wraps the client's interactive `$transaction` so that callbacks registered for its `tx` run
 * right after COMMIT (Rails' after_commit): caches this node holds learn of a change before the
 * mutation that made it answers. The array (batch) form passes through unchanged.
 */
function trackCommits(prisma: PrismaClient): Database['afterCommit'] {
  const pending = new WeakMap<object, (() => void)[]>();
  const original = prisma.$transaction.bind(prisma) as (arg: unknown, options?: unknown) => Promise<unknown>;
  const tracked = async (arg: unknown, options?: unknown): Promise<unknown> => {
    if (typeof arg !== 'function') return original(arg, options);
    const callbacks: (() => void)[] = [];
    const result = await original((tx: object) => {
      pending.set(tx, callbacks);
      return (arg as (tx: object) => unknown)(tx);
    }, options);
    for (const fn of callbacks) fn();
    return result;
  };
  Object.defineProperty(prisma, '$transaction', { value: tracked, configurable: true, writable: true });
  return (tx, fn) => {
    const callbacks = pending.get(tx);
    if (callbacks) callbacks.push(fn);
    else fn();
  };
}

function counting(prisma: PrismaClient) {
  let count = 0;
  prisma.$on('query' as never, () => {
    count += 1;
  });
  return () => count;
}

export async function openDatabase(config: Config['database'], logger: Logger): Promise<Database> {
  if (config.kind === 'pglite') {
    // 0700 directory, 0600 files; a group- or world-writable directory is refused
    if (config.dataDir) prepareDataDir(config.dataDir);
    const lite = config.dataDir ? new PGlite(config.dataDir) : new PGlite();
    const applied = await migrate({
      exec: async (sql) => {
        await lite.exec(sql);
      },
      query: async <Row>(sql: string, params?: unknown[]) => (await lite.query<Row>(sql, params)).rows,
    });
    if (applied.length) logger.info({ applied }, 'migrations applied');
    // PGlite's file system writes its files 0666 whatever the umask: make them 0600 now, and again
    // every minute for the files it adds (the 0700 directory already keeps other users out).
    const keepPrivate = () => {
      try {
        if (config.dataDir) tightenDataDir(config.dataDir);
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not tighten data file modes');
      }
    };
    keepPrivate();
    const tightener = config.dataDir ? setInterval(keepPrivate, 60_000) : null;
    tightener?.unref();
    const prisma = new PrismaClient({
      adapter: new PrismaPGlite(lite),
      log: [{ emit: 'event', level: 'query' }],
    });
    const queryCount = counting(prisma);
    const afterCommit = trackCommits(prisma);
    return {
      kind: 'pglite',
      prisma,
      queryCount,
      afterCommit,
      // One process owns the embedded database: it is always the leader.
      openSession: async () => {
        const unlisten: (() => Promise<void>)[] = [];
        return {
          tryLock: async () => true,
          listen: async (channel, onNotify) => {
            unlisten.push(await lite.listen(channel, () => onNotify()));
          },
          lost: new Promise<void>(() => {}),
          close: async () => {
            await Promise.all(unlisten.map((u) => u()));
          },
        };
      },
      ping: async () => (await lite.query('SELECT 1')).rows.length === 1,
      close: async () => {
        if (tightener) clearInterval(tightener);
        await prisma.$disconnect();
        await lite.close();
        keepPrivate();
      },
    };
  }

  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  // A dropped connection must not crash the process; the next query gets a fresh one.
  pool.on('error', (error) => logger.warn({ err: error.message }, 'postgres pool error'));
  const client = await pool.connect();
  try {
    const applied = await migrate({
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
    });
    if (applied.length) logger.info({ applied }, 'migrations applied');
  } finally {
    client.release();
  }
  const prisma = new PrismaClient({
    adapter: new PrismaPg(pool),
    log: [{ emit: 'event', level: 'query' }],
  });
  const queryCount = counting(prisma);
  const afterCommit = trackCommits(prisma);
  return {
    kind: 'postgres',
    prisma,
    queryCount,
    afterCommit,
    openSession: async () => {
      const session = new pg.Client({ connectionString: config.url });
      let markLost: () => void = () => {};
      const lost = new Promise<void>((resolve) => {
        markLost = resolve;
      });
      session.on('error', (error) => {
        logger.warn({ err: error.message }, 'dedicated session lost');
        markLost();
      });
      session.on('end', () => markLost());
      await session.connect();
      return {
        tryLock: async (key) => (await session.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [key])).rows[0]?.ok === true,
        listen: async (channel, onNotify) => {
          session.on('notification', (message) => {
            if (message.channel === channel) onNotify();
          });
          await session.query(`LISTEN "${channel.replace(/"/g, '')}"`);
        },
        lost,
        close: async () => {
          await session.end().catch(() => {});
        },
      };
    },
    ping: async () => {
      try {
        await pool.query('SELECT 1');
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
