/**
 * The database thread (src/data/pglite-proxy.ts, src/data/pglite-thread.ts): PGlite in a worker
 * thread answers as PGlite in this thread does — the same parsed values, the same errors, the
 * same transaction semantics and ordering, notifications — and its work leaves the event loop free.
 */
import { PGlite, messages } from '@electric-sql/pglite';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/data/database.js';
import { openLiteProxy, type LiteProxy } from '../src/data/pglite-proxy.js';
import { createLogger } from '../src/lib/logger.js';
import { pgliteRunner, rawRowsRunner } from '../src/data/sql.js';

const SETUP = `
  CREATE TYPE mood AS ENUM ('calm', 'busy');
  CREATE TABLE item (
    id text PRIMARY KEY, n int4, big int8, ok boolean, at timestamptz, tags text[], moods mood[],
    doc jsonb, raw bytea, price numeric(10,2), CONSTRAINT item_n_positive CHECK (n > 0)
  );
  INSERT INTO item VALUES ('a', 1, 9007199254740993, true, '2026-11-30T10:00:00.123Z', '{x,"y z",NULL}', '{calm,busy}',
    '{"k":[1,{"v":null}]}', '\\x00ff10', 12.5);
`;
const SELECT = 'SELECT id, n, big, ok, at, tags, moods, doc, raw, price, now() > at AS later FROM item ORDER BY id';

let local: PGlite;
let remote: LiteProxy;

beforeAll(async () => {
  local = new PGlite();
  await local.exec(SETUP);
  remote = await openLiteProxy({ startParams: PGlite.defaultStartParams, dataDir: null, templateFile: null });
  await remote.exec(SETUP);
});
afterAll(async () => {
  await local.close();
  await remote.close();
});

describe('the database thread', () => {
  it('answers the same parsed values as PGlite in this thread, as objects and as arrays', async () => {
    for (const rowMode of ['object', 'array'] as const) {
      const [mine, theirs] = await Promise.all([local.query(SELECT, [], { rowMode }), remote.query(SELECT, [], { rowMode })]);
      // the whole result: rows, fields, command, rowCount, affectedRows
      expect(theirs).toEqual(mine);
      expect(theirs.command).toBe('SELECT');
    }
    const exec =
      'CREATE TEMP TABLE scratch (n int); INSERT INTO scratch VALUES (1), (2); UPDATE scratch SET n = n + 1; SELECT n FROM scratch; DROP TABLE scratch';
    const [mineExec, theirsExec] = [await local.exec(exec), await remote.exec(exec)];
    expect(theirsExec).toEqual(mineExec);
    expect(theirsExec.map((r) => [r.command, r.rowCount])).toEqual([
      ['CREATE', undefined],
      ['INSERT', 2],
      ['UPDATE', 2],
      ['SELECT', 2],
      ['DROP', undefined],
    ]);
    const [row] = (await remote.query<Record<string, unknown>>(SELECT)).rows;
    expect(row!.at).toEqual(new Date('2026-11-30T10:00:00.123Z'));
    expect(row!.tags).toEqual(['x', 'y z', null]);
    expect(row!.doc).toEqual({ k: [1, { v: null }] });
    expect(row!.raw).toEqual(new Uint8Array([0, 255, 16]));
  });

  it('serializes parameters in the thread as PGlite does (dates, arrays, JSON) and counts affected rows', async () => {
    const insert = 'INSERT INTO item (id, n, at, tags, doc) VALUES ($1, $2, $3, $4, $5)';
    const values = ['b', 2, new Date('2026-01-02T03:04:05.006Z'), ['p', 'q'], JSON.stringify({ a: 1 })];
    const [mine, theirs] = await Promise.all([local.query(insert, values), remote.query(insert, values)]);
    expect(theirs.affectedRows).toBe(1);
    expect(theirs.affectedRows).toBe(mine.affectedRows);
    const read = 'SELECT at, tags, doc FROM item WHERE id = $1';
    expect((await remote.query(read, ['b'])).rows).toEqual((await local.query(read, ['b'])).rows);
  });

  it('applies a caller’s parser map on its side (a driver adapter’s, e.g. timestamps as text)', async () => {
    const parsers = { 1184: (text: string) => `text:${text}` };
    const [mine, theirs] = await Promise.all([
      local.query('SELECT at FROM item WHERE id = $1', ['a'], { parsers }),
      remote.query('SELECT at FROM item WHERE id = $1', ['a'], { parsers }),
    ]);
    expect(theirs.rows).toEqual(mine.rows);
    expect(theirs.rows).toEqual([{ at: 'text:2026-11-30 10:00:00.123+00' }]);
  });

  it('rejects with a messages.DatabaseError that carries PostgreSQL’s fields (what the Prisma adapter maps)', async () => {
    const failing = (db: PGlite | LiteProxy) => db.query('INSERT INTO item (id, n) VALUES ($1, $2)', ['a', 1]).catch((e: unknown) => e);
    const [mine, theirs] = (await Promise.all([failing(local), failing(remote)])) as [messages.DatabaseError, messages.DatabaseError];
    expect(theirs).toBeInstanceOf(messages.DatabaseError);
    for (const field of ['message', 'code', 'constraint', 'table', 'detail', 'severity'] as const) expect(theirs[field]).toBe(mine[field]);
    // PGlite adds the call to its errors (loggers read them)
    const call = (e: unknown) => e as { query: string; params: unknown[] };
    expect([call(theirs).query, call(theirs).params]).toEqual([call(mine).query, call(mine).params]);
    expect(call(theirs).params).toEqual(['a', 1]);
    expect(theirs.code).toBe('23505');
    const check = (await remote.query('UPDATE item SET n = 0 WHERE id = $1', ['a']).catch((e: unknown) => e)) as messages.DatabaseError;
    expect([check.code, check.constraint]).toEqual(['23514', 'item_n_positive']);
    const syntax = (await remote.exec('SELEC 1').catch((e: unknown) => e)) as messages.DatabaseError;
    expect(syntax.code).toBe('42601');
  });

  it('commits a transaction whose callback resolves, and returns its value', async () => {
    const value = await remote.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id, n) VALUES ($1, $2)', ['t1', 5]);
      return (await tx.query<{ n: number }>('SELECT n FROM item WHERE id = $1', ['t1'])).rows[0]!.n;
    });
    expect(value).toBe(5);
    expect((await remote.query('SELECT id FROM item WHERE id = $1', ['t1'])).rows).toHaveLength(1);
  });

  it('rolls back a transaction whose callback throws (and rethrows), or that rolls back itself', async () => {
    const thrown = new Error('nope');
    await expect(
      remote.transaction(async (tx) => {
        await tx.query('INSERT INTO item (id, n) VALUES ($1, $2)', ['t2', 5]);
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    await remote.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id, n) VALUES ($1, $2)', ['t3', 5]);
      await tx.rollback();
    });
    // a failed statement aborts the transaction; rolling back after it (what Prisma does) leaves nothing
    await remote.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id, n) VALUES ($1, $2)', ['t4', 5]);
      await expect(tx.query('INSERT INTO item (id, n) VALUES ($1, $2)', ['a', 1])).rejects.toMatchObject({ code: '23505' });
      await tx.rollback();
    });
    expect((await remote.query("SELECT id FROM item WHERE id IN ('t2', 't3', 't4')")).rows).toEqual([]);
  });

  it('keeps PGlite’s order: a statement sent during a transaction waits until it ends', async () => {
    const seen: string[] = [];
    let inside!: () => void;
    const entered = new Promise<void>((resolve) => (inside = resolve));
    const transaction = remote.transaction(async (tx) => {
      await tx.query('INSERT INTO item (id, n) VALUES ($1, $2)', ['o1', 1]);
      inside();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await tx.query('UPDATE item SET n = 2 WHERE id = $1', ['o1']);
      seen.push('committed');
    });
    await entered;
    const outside = remote.query<{ n: number }>('SELECT n FROM item WHERE id = $1', ['o1']).then((r) => {
      seen.push('read');
      return r.rows[0]?.n;
    });
    await transaction;
    expect(await outside).toBe(2);
    expect(seen).toEqual(['committed', 'read']);
  });

  it('runs the typed query layer’s prepared statements in the thread with the same results', async () => {
    const mine = pgliteRunner(local, local.parsers);
    const theirs = rawRowsRunner((text, values) => remote.statement(text, values), remote.parsers);
    const text = 'SELECT id, at, tags, doc, big FROM item WHERE id = $1';
    for (let i = 0; i < 3; i++) expect(await theirs.query(text, ['a'])).toEqual(await mine.query(text, ['a']));
    expect(theirs.count()).toBe(3);
    await expect(theirs.query('INSERT INTO item (id, n) VALUES ($1, $2)', ['a', 1])).rejects.toMatchObject({ code: '23505' });
  });

  it('delivers notifications to listeners until they unlisten', async () => {
    const got: string[] = [];
    const unlisten = await remote.listen('ping', (payload) => got.push(payload));
    await remote.query("SELECT pg_notify('ping', 'one')");
    await expect.poll(() => got).toEqual(['one']);
    await unlisten();
    await remote.query("SELECT pg_notify('ping', 'two')");
    await remote.query('SELECT 1');
    expect(got).toEqual(['one']);
  });

  it('a burst of interactive Prisma transactions queues for the one connection instead of failing to start (P2028)', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: null }, createLogger('silent'));
    try {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 200 }, () =>
          db.prisma.$transaction(async (tx) => {
            for (let i = 0; i < 22; i++) await tx.$queryRaw`SELECT 1`;
          }),
        ),
      );
      // with Prisma's default maxWait (2 s) about two thirds of these failed to start on this machine
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason).slice(0, 120))).toEqual(
        [],
      );
    } finally {
      await db.close();
    }
  });

  it('leaves the event loop free while the database works', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const started = performance.now();
    // about a second of PostgreSQL work in the thread
    await remote.query('SELECT count(*) FROM generate_series(1, 3000000) s WHERE s % 7 = 0');
    const elapsed = performance.now() - started;
    clearInterval(timer);
    // on this thread the timer could not have fired once while PGlite ran
    expect(ticks).toBeGreaterThan(Math.floor(elapsed / 5 / 4));
  });
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROXY = pathToFileURL(join(ROOT, 'src/data/pglite-proxy.ts')).href;
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Runs `body` (an ES module; `open(onFailure?)` in scope: an in-memory database in the thread) in
 * a Node process of its own, as a script would run, from a directory outside the project: how it
 * ends (its exit code, or `killed` after `timeoutMs`) is the point.
 */
/**
 * A script's own deadline: a hang is what it catches, so it is far above the few seconds a script
 * takes on a quiet machine (two database starts under tsx took over 30 s once, in a full run with
 * the machine's load at 5).
 */
const SCRIPT_TIMEOUT_MS = 100_000;

function script(
  body: string,
  timeoutMs = SCRIPT_TIMEOUT_MS,
): Promise<{ code: number | null; killed: boolean; stdout: string; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-thread-'));
  const file = join(dir, 'script.mts');
  writeFileSync(
    file,
    `import { openLiteProxy } from ${JSON.stringify(PROXY)};\nconst startParams = ${JSON.stringify(PGlite.defaultStartParams)};\n` +
      `const open = (onFailure) => openLiteProxy({ startParams, dataDir: null, templateFile: null, onFailure });\n${body}\n`,
  );
  return new Promise((resolve) => {
    // run from elsewhere than the project (as `tsx /path/to/authgraph/scripts/admin.ts` may be)
    execFile(process.execPath, ['--import', TSX, file], { cwd: dir, timeout: timeoutMs }, (error, stdout, stderr) => {
      rmSync(dir, { recursive: true, force: true });
      const code = error ? ((error as { code?: unknown }).code as number | null) : 0;
      resolve({ code: typeof code === 'number' ? code : null, killed: Boolean(error?.killed), stdout, stderr });
    });
  });
}

describe('the app’s embedded database over the thread', () => {
  it('pings false, not a rejection, once the database is gone (as PostgreSQL’s ping does)', async () => {
    const db = await openDatabase({ kind: 'pglite', dataDir: null }, createLogger('silent'));
    expect(await db.ping()).toBe(true);
    await db.close();
    expect(await db.ping()).toBe(false);
  });
});

describe('the database thread in a process of its own', () => {
  it(
    'keeps a script alive while it awaits an answer, and lets it exit after a parameter that cannot cross threads',
    async () => {
      const run = await script(`
      const db = await open();
      // a function cannot be structured-cloned: the request must fail, not stay pending for ever
      const refused = await db.query('SELECT $1::text', [() => 1]).then(() => 'sent', (e) => e.name);
      console.log('refused:' + refused);
      // nothing but this answer keeps the process alive (top-level await does not)
      const { rows } = await db.query("SELECT pg_sleep(0.3)::text AS slept, 'yes' AS answered");
      console.log('answered:' + rows[0].answered);
      // no close(): an idle database thread must not keep the process alive
    `);
      expect(run.killed, run.stderr).toBe(false);
      expect(run.stdout, run.stderr).toContain('refused:DataCloneError');
      expect(run.stdout).toContain('answered:yes');
      expect(run.code).toBe(0);
    },
    SCRIPT_TIMEOUT_MS + 20_000,
  );

  it(
    'when the thread dies: pending and later requests reject with its error, onFailure hears it once, a new database gets a new thread',
    async () => {
      const run = await script(
        `
      const failures = [];
      const db = await open((error) => failures.push(error.message));
      const pending = db.query('SELECT count(*) FROM generate_series(1, 3000000)').then(() => 'answered', (e) => 'rejected:' + e.message);
      // the thread dying as a crash would (PGlite aborting, an uncaught exception there)
      await db.thread.worker.terminate();
      console.log('pending=' + (await pending));
      console.log('later=' + (await db.query('SELECT 1').then(() => 'answered', (e) => 'rejected:' + e.message)));
      console.log('failures=' + JSON.stringify(failures));
      const fresh = await open();
      console.log('fresh=' + (await fresh.query('SELECT 2 AS two')).rows[0].two);
      await fresh.close();
    `,
      );
      expect(run.killed, run.stderr).toBe(false);
      expect(run.stdout, run.stderr).toContain('pending=rejected:the database thread exited (code 1)');
      expect(run.stdout).toContain('later=rejected:the database thread exited (code 1)');
      expect(run.stdout).toContain('failures=["the database thread exited (code 1)"]');
      expect(run.stdout).toContain('fresh=2');
      expect(run.code).toBe(0);
    },
    SCRIPT_TIMEOUT_MS + 20_000,
  );
});
