/**
 * The database thread: a worker thread that owns the process's embedded PostgreSQL instances
 * (PGlite runs its WASM on the thread that calls it; here that is not the event loop serving
 * HTTP). It answers the requests of ./pglite-proxy.ts, which has the protocol; values come back
 * as PostgreSQL's text, unparsed (parsers are functions and stay in the calling thread).
 *
 * Order: requests start in the order they arrive and take PGlite's own locks as in-process calls
 * do (a statement waits for any interactive transaction to end); the operations of one
 * transaction run one after another.
 * @module
 */
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { messages, PGlite, type Results, type Transaction } from '@electric-sql/pglite';
import { pgliteStatements } from './sql.js';
import type { ArrayType, RawResults, ThreadReply, ThreadRequest, WireError } from './pglite-proxy.js';

if (!parentPort) throw new Error('pglite-thread.ts runs as a worker thread (see pglite-proxy.ts)');
const port = parentPort;

interface Open {
  lite: PGlite;
  statements: ReturnType<typeof pgliteStatements>;
  unlisten: Map<number, () => Promise<void>>;
}
interface OpenTransaction {
  tx: Transaction;
  /** the transaction's operations, one after another */
  chain: Promise<unknown>;
  end: (commit: boolean) => void;
  settled: Promise<unknown>;
}

const databases = new Map<number, Open>();
const transactions = new Map<number, OpenTransaction>();
/** thrown into a transaction's callback to roll it back */
const ROLLBACK = Symbol('rollback');
const text = (value: string) => value;

function wireError(error: unknown): WireError {
  if (error instanceof Error) {
    const fields: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(error)) if (typeof value !== 'function' && typeof value !== 'object') fields[key] = value;
    return { message: error.message, name: error.name, database: error instanceof messages.DatabaseError, fields };
  }
  return { message: String(error), name: 'Error', database: false, fields: {} };
}

/** A result with its values as text: the thread's PGlite instances have no value parsers. */
function raw(result: Results): RawResults {
  return {
    fields: result.fields.map((f) => ({ name: f.name, type: f.dataTypeID })),
    rows: result.rows as (string | null)[][],
    affectedRows: result.affectedRows ?? 0,
    ...(result.command !== undefined ? { command: result.command } : {}),
    ...(result.rowCount !== undefined ? { rowCount: result.rowCount } : {}),
  };
}

function database(id: number): Open {
  const open = databases.get(id);
  if (!open) throw new Error(`database ${id} is not open`);
  return open;
}

function transaction(id: number): OpenTransaction {
  const open = transactions.get(id);
  if (!open) throw new Error(`transaction ${id} is not open`);
  return open;
}

/** Runs `op` after the transaction's earlier operations (whatever their outcome). */
function inTransaction<T>(id: number, op: (tx: Transaction) => Promise<T>): Promise<T> {
  const open = transaction(id);
  const next = open.chain.then(
    () => op(open.tx),
    () => op(open.tx),
  );
  open.chain = next.catch(() => {});
  return next;
}

async function handle(request: ThreadRequest): Promise<unknown> {
  switch (request.op) {
    case 'open': {
      const { startParams, dataDir, templateFile } = request;
      const lite = templateFile
        ? new PGlite({ startParams, loadDataDir: new Blob([readFileSync(templateFile)]) })
        : new PGlite({ startParams, ...(dataDir ? { dataDir } : {}) });
      await lite.waitReady;
      const arrayTypes = (
        await lite.query<ArrayType>(
          `SELECT b.oid, b.typarray FROM pg_catalog.pg_type a
           LEFT JOIN pg_catalog.pg_type b ON b.oid = a.typelem
           WHERE a.typcategory = 'A' GROUP BY b.oid, b.typarray ORDER BY b.oid`,
        )
      ).rows;
      // values cross to the calling thread as text: no parsing here (serializers stay). An identity
      // parser per known type, since PGlite falls back to its defaults for a type with none.
      for (const key of Object.keys(lite.parsers)) lite.parsers[key] = text;
      databases.set(request.db, { lite, statements: pgliteStatements(lite), unlisten: new Map() });
      return arrayTypes;
    }
    case 'query': {
      const options = { rowMode: 'array' as const };
      if (request.tx !== undefined) return raw(await inTransaction(request.tx, (tx) => tx.query(request.sql, request.params, options)));
      return raw(await database(request.db).lite.query(request.sql, request.params, options));
    }
    case 'exec': {
      const options = { rowMode: 'array' as const };
      if (request.tx !== undefined) return (await inTransaction(request.tx, (tx) => tx.exec(request.sql, options))).map(raw);
      return (await database(request.db).lite.exec(request.sql, options)).map(raw);
    }
    case 'statement':
      return database(request.db).statements(request.text, request.values);
    case 'begin': {
      const { lite } = database(request.db);
      const id = request.id;
      return new Promise<{ tx: number }>((started, failed) => {
        let end: (commit: boolean) => void = () => {};
        const settled = lite.transaction(async (tx) => {
          const ended = new Promise<void>((commit, rollback) => {
            end = (ok) => (ok ? commit() : rollback(ROLLBACK));
          });
          transactions.set(id, { tx, chain: Promise.resolve(), end: (ok) => end(ok), settled });
          started({ tx: id });
          await ended;
        });
        settled.catch(failed).finally(() => transactions.delete(id));
      });
    }
    case 'rollback':
      return inTransaction(request.tx, (tx) => tx.rollback());
    case 'end': {
      const open = transaction(request.tx);
      await open.chain;
      open.end(request.commit);
      try {
        await open.settled;
      } catch (error) {
        if (error !== ROLLBACK) throw error;
      }
      return null;
    }
    case 'listen': {
      const open = database(request.db);
      const unlisten = await open.lite.listen(request.channel, (payload) => {
        port.postMessage({ notify: request.listener, payload } satisfies ThreadReply);
      });
      open.unlisten.set(request.listener, unlisten);
      return null;
    }
    case 'unlisten': {
      const open = database(request.db);
      await open.unlisten.get(request.listener)?.();
      open.unlisten.delete(request.listener);
      return null;
    }
    case 'close': {
      const open = databases.get(request.db);
      databases.delete(request.db);
      await open?.lite.close();
      return null;
    }
  }
}

port.on('message', (request: ThreadRequest) => {
  handle(request).then(
    (result) => port.postMessage({ id: request.id, result } satisfies ThreadReply),
    (error: unknown) => port.postMessage({ id: request.id, error: wireError(error) } satisfies ThreadReply),
  );
});
