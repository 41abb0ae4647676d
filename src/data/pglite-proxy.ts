/**
 * The embedded database off the event loop: PGlite instances opened in the database thread
 * (./pglite-thread.ts, one worker thread per process, shared by every database the process
 * opens) and used from here through {@link LiteProxy}, which has the part of PGlite's interface
 * the app uses (`query`, `exec`, `transaction`, `listen`, `parsers`, `close`) with the same
 * results, errors (`messages.DatabaseError` with its fields) and ordering.
 *
 * Why: PGlite runs PostgreSQL's WASM on the thread that calls it. In-process, a refresh rotation
 * spent about half of its CPU there, on the same thread that parses HTTP and signs tokens; here
 * the two overlap on a second core. Values cross as PostgreSQL's text and are parsed in this
 * thread by PGlite's own parsers (and the array parsers it builds from `pg_type` at start), so
 * a driver adapter's parser map works as before.
 *
 * The thread is unreferenced while no request is outstanding: it never keeps a process alive.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { messages, type Results, type Transaction, types } from '@electric-sql/pglite';
import type { Parser, RawRows } from './sql.js';

/** A result as it crosses threads: values as text. */
export interface RawResults extends RawRows {
  affectedRows: number;
  /** the command tag's first word ("SELECT", "INSERT", "CREATE", …), as PGlite reports it */
  command?: string;
  /** the row count of the command tag, when it has one */
  rowCount?: number;
}
/** An array type of the database: its element type and array type OIDs (as PGlite reads them). */
export interface ArrayType {
  oid: number;
  typarray: number;
}
/** An error as it crosses threads: `fields` are its own scalar properties (code, detail, …). */
export interface WireError {
  message: string;
  name: string;
  /** it was a `messages.DatabaseError` (PostgreSQL's ErrorResponse) */
  database: boolean;
  fields: Record<string, unknown>;
}

/** The requests the database thread answers (see ./pglite-thread.ts). */
export type ThreadRequest = { id: number } & (
  | { op: 'open'; db: number; startParams: string[]; dataDir: string | null; templateFile: string | null }
  | { op: 'query'; db: number; tx?: number; sql: string; params: unknown[] }
  | { op: 'exec'; db: number; tx?: number; sql: string }
  | { op: 'statement'; db: number; text: string; values: readonly unknown[] }
  | { op: 'begin'; db: number }
  | { op: 'rollback'; tx: number }
  | { op: 'end'; tx: number; commit: boolean }
  | { op: 'listen'; db: number; channel: string; listener: number }
  | { op: 'unlisten'; db: number; listener: number }
  | { op: 'close'; db: number }
);
/** A reply to request `id`, or a notification for listener `notify`. */
export type ThreadReply = { id: number; result?: unknown; error?: WireError } | { notify: number; payload: string };

type QueryOptions = { rowMode?: 'array' | 'object'; parsers?: Record<number, Parser> };

/**
 * tsx's loader API, resolved from here: an eval'd worker resolves bare specifiers from the working
 * directory, which need not be this project's (`tsx /path/to/authgraph/scripts/admin.ts` run elsewhere).
 */
function tsxApi(): string {
  return import.meta.resolve('tsx/esm/api');
}

/** Where the thread's module is: the compiled file next to this one, or the TypeScript source through tsx. */
function threadModule(): { url: URL; source: boolean } {
  const source = import.meta.url.endsWith('.ts');
  // from the bundle (dist/bundle/main.js) too: ../data/ is dist/data/, where tsc put the thread
  return { url: new URL(source ? '../data/pglite-thread.ts' : '../data/pglite-thread.js', import.meta.url), source };
}

let thread: Thread | null = null;

/** The process's database thread: requests out, replies and notifications in. */
class Thread {
  private readonly worker: Worker;
  private next = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  readonly listeners = new Map<number, (payload: string) => void>();
  /** told once when the thread dies (see {@link openLiteProxy}'s `onFailure`) */
  readonly failureListeners = new Set<(error: Error) => void>();
  private failure: Error | null = null;

  constructor() {
    const { url, source } = threadModule();
    // the TypeScript source (tests, `npm run dev`) needs tsx's loader in the thread as well
    this.worker = source
      ? new Worker(`import(${JSON.stringify(tsxApi())}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`, {
          eval: true,
        })
      : new Worker(url);
    this.worker.unref();
    this.worker.on('message', (reply: ThreadReply) => {
      if ('notify' in reply) {
        this.listeners.get(reply.notify)?.(reply.payload);
        return;
      }
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) this.worker.unref();
      if (reply.error) waiting.reject(errorOf(reply.error));
      else waiting.resolve(reply.result);
    });
    // 'error' (an uncaught exception in the thread) is followed by 'exit': the first names the cause
    const fail = (error: Error) => {
      if (this.failure) return;
      this.failure = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
      this.listeners.clear();
      if (thread === this) thread = null;
      for (const listener of this.failureListeners) listener(error);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`the database thread exited (code ${code})`)));
  }

  /** Sends a request (its `id` is assigned here) and resolves to the thread's answer. */
  request<T>(request: DistributiveOmit<ThreadRequest, 'id'>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      try {
        this.worker.postMessage({ ...request, id });
      } catch (error) {
        // a value structured clone refuses (a function, a symbol): nothing was sent, so no answer
        // will come; without this the request stayed pending and kept the process alive for good
        this.pending.delete(id);
        if (this.pending.size === 0) this.worker.unref();
        reject(error as Error);
      }
    });
  }

  /** A fresh id for a database or a listener. */
  id(): number {
    return this.next++;
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

function errorOf(wire: WireError): Error {
  const error = wire.database ? new messages.DatabaseError(wire.message, 0, 'error') : new Error(wire.message);
  Object.assign(error, wire.fields);
  if (!wire.database) (error as { name: string }).name = wire.name;
  return error;
}

/** Parses raw rows as PGlite's `query` does: arrays (`rowMode: 'array'`) or objects by column name. */
function parsed<T>(result: RawResults, parsers: Record<number, Parser>, options?: QueryOptions): Results<T> {
  const parse = options?.parsers ? { ...parsers, ...options.parsers } : parsers;
  const { fields } = result;
  const array = options?.rowMode === 'array';
  const rows = result.rows.map((values) => {
    const row: unknown[] | Record<string, unknown> = array ? [] : {};
    for (let i = 0; i < fields.length; i++) {
      const value = values[i];
      const type = fields[i]!.type;
      const parser = parse[type];
      const out = value === null || value === undefined ? null : parser ? parser(value, type) : value;
      if (array) (row as unknown[]).push(out);
      else (row as Record<string, unknown>)[fields[i]!.name] = out;
    }
    return row;
  });
  const { command, rowCount, affectedRows } = result;
  return {
    rows: rows as T[],
    fields: fields.map((f) => ({ name: f.name, dataTypeID: f.type })),
    ...(command !== undefined ? { command } : {}),
    affectedRows,
    ...(rowCount !== undefined ? { rowCount } : {}),
  };
}

/** PGlite's query errors also carry the call's parameters and options (they stay on this side). */
function withCall(error: unknown, params: unknown[] | undefined, options: QueryOptions | undefined): never {
  if (error instanceof messages.DatabaseError) Object.assign(error, { params, queryOptions: options });
  throw error;
}

/**
 * One embedded database in the database thread (see the module comment). `parsers` is this
 * side's parser map (PGlite's defaults plus the array parsers of the database's array types),
 * which callers may extend as they extend `PGlite.parsers`.
 */
export class LiteProxy {
  readonly parsers: Record<number, Parser>;
  /** resolved: the proxy is opened by {@link openLiteProxy} only once the database is ready */
  readonly waitReady = Promise.resolve();
  private closed = false;
  /** this database's listeners in {@link Thread.listeners}, dropped when it closes */
  private readonly listenerIds = new Set<number>();

  constructor(
    private readonly thread: Thread,
    readonly db: number,
    arrayTypes: ArrayType[],
    private readonly onFailure?: (error: Error) => void,
  ) {
    const parsers: Record<number, Parser> = { ...(types.parsers as Record<number, Parser>) };
    // as PGlite builds them: the element parser is looked up when a value is parsed
    for (const { oid, typarray } of arrayTypes) parsers[typarray] = (text) => types.arrayParser(text, parsers[oid] as never, typarray);
    this.parsers = parsers;
  }

  async query<T>(sql: string, params: unknown[] = [], options?: QueryOptions, tx?: number): Promise<Results<T>> {
    const result = await this.thread
      .request<RawResults>({ op: 'query', db: this.db, tx, sql, params })
      .catch((error: unknown) => withCall(error, params, options));
    return parsed<T>(result, this.parsers, options);
  }

  async exec(sql: string, options?: QueryOptions, tx?: number): Promise<Results[]> {
    const results = await this.thread
      .request<RawResults[]>({ op: 'exec', db: this.db, tx, sql })
      .catch((error: unknown) => withCall(error, undefined, options));
    return results.map((result) => parsed(result, this.parsers, options));
  }

  /** Runs a statement of the typed query layer (./sql.ts) in the thread; rows unparsed. */
  statement(text: string, values: readonly unknown[]): Promise<RawRows> {
    return this.thread.request<RawRows>({ op: 'statement', db: this.db, text, values });
  }

  /**
   * PGlite's `transaction`: BEGIN, `callback` with a transaction handle, COMMIT when it resolves
   * (unless it rolled back), ROLLBACK when it throws (and the error is rethrown). Other requests
   * wait until it ends, as in PGlite.
   */
  async transaction<T>(callback: (tx: Transaction) => Promise<T>): Promise<T> {
    const { tx } = await this.thread.request<{ tx: number }>({ op: 'begin', db: this.db });
    let closed = false;
    const handle = {
      query: <R>(sql: string, params?: unknown[], options?: QueryOptions) => this.query<R>(sql, params, options, tx),
      exec: (sql: string, options?: QueryOptions) => this.exec(sql, options, tx),
      rollback: async () => {
        await this.thread.request({ op: 'rollback', tx });
        closed = true;
      },
      get closed() {
        return closed;
      },
    };
    let result: T;
    try {
      result = await callback(handle as unknown as Transaction);
    } catch (error) {
      await this.thread.request({ op: 'end', tx, commit: false }).catch(() => {});
      throw error;
    }
    await this.thread.request({ op: 'end', tx, commit: true });
    return result;
  }

  /** LISTEN on `channel`; `callback` gets each notification's payload. Resolves to the UNLISTEN. */
  async listen(channel: string, callback: (payload: string) => void): Promise<() => Promise<void>> {
    const listener = this.thread.id();
    this.thread.listeners.set(listener, callback);
    this.listenerIds.add(listener);
    const forget = () => {
      this.thread.listeners.delete(listener);
      this.listenerIds.delete(listener);
    };
    try {
      await this.thread.request({ op: 'listen', db: this.db, channel, listener });
    } catch (error) {
      forget();
      throw error;
    }
    return async () => {
      forget();
      await this.thread.request({ op: 'unlisten', db: this.db, listener });
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.listenerIds) this.thread.listeners.delete(listener);
    this.listenerIds.clear();
    if (this.onFailure) this.thread.failureListeners.delete(this.onFailure);
    await this.thread.request({ op: 'close', db: this.db });
  }
}

/**
 * Opens an embedded database in the database thread (started on first use): `dataDir` on disk,
 * or in memory (`dataDir` null), loaded from the PGlite dump `templateFile` when given.
 * `onFailure` is called once if the thread dies (an uncaught exception or exit in it): every
 * database in it is gone then, and each of their requests, pending or later, rejects with that
 * error; a database opened afterwards starts a new thread.
 * @throws the thread's error when PGlite cannot start (a damaged data directory, say)
 */
export async function openLiteProxy(options: {
  startParams: string[];
  dataDir: string | null;
  templateFile: string | null;
  onFailure?: (error: Error) => void;
}): Promise<LiteProxy> {
  const { onFailure, ...open } = options;
  thread ??= new Thread();
  const current = thread;
  const db = current.id();
  const arrayTypes = await current.request<ArrayType[]>({ op: 'open', db, ...open });
  if (onFailure) current.failureListeners.add(onFailure);
  return new LiteProxy(current, db, arrayTypes, onFailure);
}
