/**
 * Opens the database: PGlite (embedded Postgres in WASM) by default, PostgreSQL through
 * `@prisma/adapter-pg` when DATABASE_URL is set. Migrations are applied before the client is used.
 * This and the repositories are the only modules that import the generated Prisma client.
 *
 * Embedded start-up and footprint:
 * - An empty DATA_DIR starts as a copy of the migrated template data directory that `npm install`
 *   builds (`npm run build` → dist/pglite-template, see {@link createPgliteTemplate}) instead of
 *   running `initdb` and every migration; a template made from other migrations is ignored.
 * - An in-memory database (tests, benches) loads the tarball named by AUTHGRAPH_PGLITE_TEMPLATE
 *   when set (made once per test run by test/setup/global.ts).
 * - PostgreSQL runs in single-user mode inside this process: shared_buffers is cut from initdb's
 *   128MB to {@link PGLITE_SHARED_BUFFERS} (the OS page cache still caches the files) and
 *   max_connections to 1, which roughly halves PGlite's resident memory and its start time.
 * - Planner statistics: there is no autovacuum, so `ANALYZE` runs after migrations, and every
 *   {@link AUTO_ANALYZE_CHECK_MS} each table changed past autovacuum's own threshold is analyzed
 *   ({@link analyzeChanged}).
 * - PGlite runs in the database thread (./pglite-proxy.ts), off the event loop, so SQL and HTTP
 *   work overlap on two cores; `PGLITE_THREAD=main` keeps it on the main thread (as before
 *   2026-11-30; for comparison and diagnosis).
 * @module
 */
import { constants, copyFileSync, existsSync, readFileSync, readdirSync, writeFileSync, rmSync, mkdirSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDataDir, tightenDataDir } from '../config/data-dir.js';
import { PGlite, type PGliteOptions, type Transaction } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaClient } from '../generated/prisma/client.js';
import { migrate, readMigrations, type Migration, type SqlSession } from './migrate.js';
import type { Config } from '../config/env.js';
import type { Logger } from '../lib/logger.js';
import { pgliteRunner, pgRunner, rawRowsRunner, type Parser, type SqlRunner } from './sql.js';
import { openLiteProxy, type LiteProxy } from './pglite-proxy.js';

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
  /** the typed query layer of the hot paths: prepared statements straight to the driver (./sql.ts) */
  sql: SqlRunner;
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

/** PGlite's shared_buffers (initdb writes 128MB): resident WASM memory grows with it. */
export const PGLITE_SHARED_BUFFERS = '32MB';
/**
 * How often the embedded database looks for tables whose planner statistics are out of date (ms;
 * PostgreSQL's autovacuum does this itself). The look is one read of `pg_stat_user_tables`.
 */
export const AUTO_ANALYZE_CHECK_MS = 2_000;
/**
 * A table is analyzed again once more rows changed since its last `ANALYZE` than
 * `ANALYZE_THRESHOLD + ANALYZE_SCALE_FACTOR × live rows`: PostgreSQL's autovacuum_analyze_threshold
 * and autovacuum_analyze_scale_factor defaults.
 */
export const ANALYZE_THRESHOLD = 50;
export const ANALYZE_SCALE_FACTOR = 0.1;
/**
 * How long an interactive transaction on the embedded database may wait to start (ms; Prisma's
 * `maxWait`, default 2 000). PGlite is one connection, so under a burst transactions queue for it
 * one after another: measured, 200 concurrent 22-statement transactions straight through Prisma
 * all finish within 2.7 s, while 2 s failed 131 of them with P2028. With PGlite on the event loop
 * (PGLITE_THREAD=main) Prisma's timers could not fire while SQL ran, so no wait ever timed out.
 */
export const EMBEDDED_TRANSACTION_MAX_WAIT_MS = 15_000;

/** PGlite's start parameters: its defaults plus the smaller memory settings above. */
export function pgliteStartParams(): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`, '-c', 'max_connections=5'];
}

/** Where `npm run build` puts the migrated template data directory, and its stamp file. */
export const PGLITE_TEMPLATE_DIR = fileURLToPath(new URL('../../dist/pglite-template', import.meta.url));
const templateStamp = (dir: string) => `${dir}.json`;

/** SHA-256 over the migrations' names and checksums: a template is used only with the same set. */
export function migrationsDigest(migrations: Migration[]): string {
  const hash = createHash('sha256');
  for (const m of migrations) hash.update(`${m.name}\0${m.checksum}\n`);
  return hash.digest('hex');
}

/** What the app uses of PGlite, in this thread ({@link PGlite}) or in the database thread ({@link LiteProxy}). */
type Lite = Pick<PGlite, 'query' | 'exec' | 'transaction' | 'listen' | 'close' | 'waitReady'> & { parsers: Record<number, Parser> };

function liteSession(lite: Lite): SqlSession {
  return {
    exec: async (sql) => {
      await lite.exec(sql);
    },
    query: async <Row>(sql: string, params?: unknown[]) => (await lite.query<Row>(sql, params)).rows,
  };
}

/**
 * Builds a migrated, analyzed, checkpointed PGlite data directory at `dir` (replacing it) and
 * stamps it with the migrations' digest. `npm run build` calls it for {@link PGLITE_TEMPLATE_DIR}.
 */
export async function createPgliteTemplate(dir: string = PGLITE_TEMPLATE_DIR, migrations = readMigrations()): Promise<void> {
  rmSync(dir, { recursive: true, force: true });
  rmSync(templateStamp(dir), { force: true });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const lite = new PGlite({ dataDir: dir, startParams: pgliteStartParams() });
  await migrate(liteSession(lite), migrations);
  await lite.exec('ANALYZE');
  await lite.exec('CHECKPOINT');
  await lite.close();
  writeFileSync(templateStamp(dir), `${JSON.stringify({ migrations: migrationsDigest(migrations) })}\n`);
}

/**
 * A migrated in-memory database dumped as an uncompressed tarball (PGlite `dumpDataDir`), for
 * AUTHGRAPH_PGLITE_TEMPLATE: tests make it once per run instead of migrating per file.
 */
export async function dumpPgliteTemplate(migrations = readMigrations()): Promise<Uint8Array> {
  const lite = new PGlite({ startParams: pgliteStartParams() });
  await migrate(liteSession(lite), migrations);
  await lite.exec('ANALYZE');
  const dump = await lite.dumpDataDir('none');
  await lite.close();
  return new Uint8Array(await dump.arrayBuffer());
}

/**
 * Copies the template tree `from` into `to` (directories 0700; files get the template's mode under
 * the 0077 umask that prepareDataDir set, i.e. 0600 at most). Never overwrites: a file already in
 * `to` (master.key) makes it throw. Copy-on-write clones where the file system has them. One
 * readdir per directory and one copy per file: about a third of the CPU of `cpSync`, which stats
 * every source and destination path first.
 */
function copyTemplate(from: string, to: string): void {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyTemplate(source, target);
    else if (entry.isFile()) copyFileSync(source, target, constants.COPYFILE_EXCL | constants.COPYFILE_FICLONE);
  }
}

/** True when `dir` holds a template made from exactly `migrations`. */
function templateMatches(dir: string, migrations: Migration[]): boolean {
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) return false;
    const stamp = JSON.parse(readFileSync(templateStamp(dir), 'utf8')) as { migrations?: string };
    return stamp.migrations === migrationsDigest(migrations);
  } catch {
    return false;
  }
}

/**
 * Opens PGlite: an existing data directory as it is; an empty one as a copy of the template
 * (when one matches the migrations); an in-memory one from AUTHGRAPH_PGLITE_TEMPLATE when set.
 * In the database thread unless `thread` is `main` (PGLITE_THREAD; see the module comment).
 * @returns the database, its typed query layer, and whether it came from a template (then
 *   migrations are already applied)
 */
async function openLite(
  dataDir: string | null,
  thread: 'worker' | 'main',
  migrations: Migration[],
  logger: Logger,
): Promise<{ lite: Lite; sql: SqlRunner; fromTemplate: boolean }> {
  const startParams = pgliteStartParams();
  let fromTemplate = false;
  let templateFile: string | null = null;
  if (dataDir) {
    if (!existsSync(join(dataDir, 'PG_VERSION')) && templateMatches(PGLITE_TEMPLATE_DIR, migrations)) {
      // never overwrite: master.key may already be there, nothing else of a database is
      copyTemplate(PGLITE_TEMPLATE_DIR, dataDir);
      fromTemplate = true;
      logger.info({ template: PGLITE_TEMPLATE_DIR }, 'new data directory from the migrated template');
    }
  } else {
    templateFile = process.env.AUTHGRAPH_PGLITE_TEMPLATE || null;
    fromTemplate = templateFile !== null;
  }
  if (thread === 'main') {
    const options: PGliteOptions = { startParams };
    const lite = dataDir
      ? new PGlite({ ...options, dataDir })
      : templateFile
        ? new PGlite({ ...options, loadDataDir: new Blob([readFileSync(templateFile)]) })
        : new PGlite(options);
    await lite.waitReady;
    // PGlite's own value parsers, before the Prisma adapter's map replaces some (withParsersOnce)
    return { lite, sql: pgliteRunner(lite, lite.parsers), fromTemplate };
  }
  const lite: LiteProxy = await openLiteProxy({
    startParams,
    dataDir,
    templateFile,
    // in this thread PGlite dying would take the process with it; there, only the database goes:
    // say so, since from now on every query fails with this error
    onFailure: (error) => logger.error({ err: error.message }, 'the database thread failed: the embedded database is gone'),
  });
  return { lite: lite as unknown as Lite, sql: rawRowsRunner((text, values) => lite.statement(text, values), lite.parsers), fromTemplate };
}

type QueryArgs = Parameters<PGlite['query']>;

/**
 * The PGlite handle given to the Prisma adapter. The adapter passes its own parser map with every
 * query, and PGlite copies that map over its ~200 default parsers on every call (the hottest
 * function in the whoami profile). This handle installs the adapter's map into PGlite's own
 * parsers on first sight and then drops it from each query, so no per-query merge happens.
 * Only this adapter's queries go through here; the map it passes never changes.
 */
function withParsersOnce(lite: Lite): PGlite {
  let installed: object | null = null;
  const strip = (options: QueryArgs[2]): QueryArgs[2] => {
    if (!options?.parsers) return options;
    if (installed === null) {
      Object.assign(lite.parsers, options.parsers);
      installed = options.parsers;
    }
    if (options.parsers !== installed) return options; // another map: let PGlite merge it
    const { parsers: _parsers, ...rest } = options;
    return rest;
  };
  const wrapTx = (tx: Transaction): Transaction => ({
    query: <T>(sql: string, params?: unknown[], options?: QueryArgs[2]) => tx.query<T>(sql, params, strip(options)),
    sql: tx.sql,
    exec: tx.exec,
    rollback: tx.rollback,
    listen: tx.listen,
    get closed() {
      return tx.closed;
    },
  });
  const handle = {
    query: <T>(sql: string, params?: unknown[], options?: QueryArgs[2]) => lite.query<T>(sql, params, strip(options)),
    exec: (sql: string, options?: Parameters<PGlite['exec']>[1]) => lite.exec(sql, options),
    transaction: <T>(callback: (tx: Transaction) => Promise<T>) => lite.transaction((tx) => callback(wrapTx(tx))),
  };
  return handle as unknown as PGlite;
}

/**
 * Analyzes the tables that changed past autovacuum's threshold since their last `ANALYZE` (see
 * {@link ANALYZE_THRESHOLD}) and resolves to their names; logs and swallows failures (statistics
 * are only an optimisation).
 *
 * Why: a plan is chosen from the statistics the planner has. A table that grows from the
 * migrated template's few rows keeps being planned as tiny, so its lookups stay sequential scans:
 * measured on a fresh embedded server, each refresh rotation scanned about 1 700 RefreshToken rows
 * after a few thousand rotations (the one-statement rotation's prepared plan), and the database
 * thread spent 1.7 ms per rotation instead of 0.9 ms after an `ANALYZE`. The former schedule
 * (first pass a minute after start, then every 15 minutes) left such plans in place for minutes.
 * An `ANALYZE` of a table of a million events takes about 0.26 s here and happens again only
 * after another tenth of it changed.
 */
export async function analyzeChanged(lite: Pick<PGlite, 'query' | 'exec'>, logger: Logger): Promise<string[]> {
  const started = performance.now();
  try {
    const { rows } = await lite.query<{ relname: string }>(
      'SELECT relname FROM pg_stat_user_tables WHERE n_mod_since_analyze > $1::float8 + $2::float8 * n_live_tup ORDER BY relname',
      [ANALYZE_THRESHOLD, ANALYZE_SCALE_FACTOR],
    );
    const tables = rows.map((r) => r.relname);
    for (const table of tables) await lite.exec(`ANALYZE "${table.replace(/"/g, '""')}"`);
    if (tables.length) logger.debug({ tables, ms: Math.round(performance.now() - started) }, 'analyze done');
    return tables;
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'analyze failed');
    return [];
  }
}

/** Runs `ANALYZE` (whole database); logs and swallows failures, since it is only an optimisation. */
async function analyze(lite: Lite, logger: Logger, why: string): Promise<void> {
  const started = performance.now();
  try {
    await lite.exec('ANALYZE');
    logger.debug({ why, ms: Math.round(performance.now() - started) }, 'analyze done');
  } catch (error) {
    logger.warn({ err: error instanceof Error ? error.message : String(error), why }, 'analyze failed');
  }
}

/**
 * Opens the database named by `config` (see the module comment) and applies pending migrations.
 * `mark` (optional) is told when each start-up phase ends: `database-open`, `migrations`, `prisma`.
 */
export async function openDatabase(
  config: Config['database'],
  logger: Logger,
  mark: (phase: string) => void = () => {},
): Promise<Database> {
  if (config.kind === 'pglite') {
    // 0700 directory, 0600 files; a group- or world-writable directory is refused
    if (config.dataDir) prepareDataDir(config.dataDir);
    const migrations = readMigrations();
    const { lite, sql, fromTemplate } = await openLite(config.dataDir, config.thread ?? 'worker', migrations, logger);
    mark('database-open');
    const applied = await migrate(liteSession(lite), migrations);
    if (applied.length) {
      logger.info({ applied, fromTemplate }, 'migrations applied');
      await analyze(lite, logger, 'migrations');
    }
    mark('migrations');
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
    // No autovacuum here: analyze what changed enough, as autovacuum would (see analyzeChanged).
    let analyzer: NodeJS.Timeout | null = null;
    const scheduleAnalyze = () => {
      analyzer = setTimeout(() => {
        void analyzeChanged(lite, logger).then(() => {
          if (analyzer) scheduleAnalyze();
        });
      }, AUTO_ANALYZE_CHECK_MS);
      analyzer.unref();
    };
    scheduleAnalyze();
    const prisma = new PrismaClient({
      adapter: new PrismaPGlite(withParsersOnce(lite)),
      log: [{ emit: 'event', level: 'query' }],
      // one connection: interactive transactions queue for it (see EMBEDDED_TRANSACTION_MAX_WAIT_MS)
      transactionOptions: { maxWait: EMBEDDED_TRANSACTION_MAX_WAIT_MS },
    });
    const prismaCount = counting(prisma);
    const queryCount = () => prismaCount() + sql.count() + sql.background.count();
    const afterCommit = trackCommits(prisma);
    mark('prisma');
    return {
      kind: 'pglite',
      prisma,
      sql,
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
      // false, not a rejection, when the database is gone (its thread died, or it was closed):
      // /readyz then answers 503 and logs the database as down, as with PostgreSQL
      ping: async () => {
        try {
          return (await lite.query('SELECT 1')).rows.length === 1;
        } catch {
          return false;
        }
      },
      close: async () => {
        if (tightener) clearInterval(tightener);
        if (analyzer) clearTimeout(analyzer);
        analyzer = null;
        await prisma.$disconnect();
        await lite.close();
        keepPrivate();
      },
    };
  }

  // loaded only here: the embedded default never needs the PostgreSQL driver (~150 ms CPU at start)
  const [{ PrismaPg }, { default: pg }] = await Promise.all([import('@prisma/adapter-pg'), import('pg')]);
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
  const sql = pgRunner(pool);
  const prismaCount = counting(prisma);
  const queryCount = () => prismaCount() + sql.count() + sql.background.count();
  const afterCommit = trackCommits(prisma);
  return {
    kind: 'postgres',
    prisma,
    sql,
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
