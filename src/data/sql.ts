/**
 * The small typed query layer of the hot paths (refresh rotation, code exchange): SQL the
 * repositories write themselves, sent to the driver directly as **prepared statements** instead
 * of through Prisma's query interpreter and driver adapter.
 *
 * - A statement is parsed and planned once per connection (a named prepared statement, keyed by
 *   its text) and afterwards only bound and executed: on the embedded database one call into
 *   PGlite's WASM per statement (Bind, Execute, Sync in one buffer) instead of six round trips
 *   (Parse, Describe, Bind, Describe, Execute, Sync) and a fresh parse and plan every time;
 *   on PostgreSQL `pg`'s named statements (Parse once per pooled connection).
 * - Values are parsed as the drivers do by default: timestamptz → Date, arrays → arrays,
 *   int4 → number, bool → boolean, json/jsonb → parsed JSON, int8 → string (pg) or number
 *   (PGlite, when safe): cast counts to `::int`.
 * - Only for statements outside an interactive transaction: each one runs in its own implicit
 *   transaction (a CTE that changes several tables commits or rolls back as a whole). On PGlite
 *   it waits, like `PGlite.query`, for any interactive transaction to end.
 * - Statement texts must be fixed (values only as `$n` parameters, never inlined): every distinct
 *   text becomes one prepared statement per connection. Past {@link MAX_PREPARED} distinct texts
 *   the layer stops preparing and runs further texts unnamed.
 * - Errors are the drivers' own (a PostgreSQL error with `code`, e.g. 23505), not Prisma's.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Prisma } from '../generated/prisma/client.js';
import type { PGlite } from '@electric-sql/pglite';
import { protocol } from '@electric-sql/pglite';
import type { Pool } from 'pg';

/** A value parser by type OID (PGlite's signature). */
export type Parser = (text: string, typeId: number) => unknown;

/** Distinct statement texts prepared at most (per connection); beyond, statements run unnamed. */
export const MAX_PREPARED = 256;

/**
 * Runs statements of the typed query layer (see the module comment). `query` takes SQL text with
 * `$1`… placeholders and its values; `run` takes a `Prisma.sql` template (its text and values).
 * Both resolve to the rows as objects keyed by column name.
 */
export interface SqlRunner {
  query<Row>(text: string, values: readonly unknown[]): Promise<Row[]>;
  run<Row>(statement: Prisma.Sql): Promise<Row[]>;
  /** statements sent so far through `query` and `run` (added to `Database.queryCount`) */
  count(): number;
  /**
   * The same statements, left out of `count` and counted by `background.count` instead: for
   * background writers whose statements belong to no request (the metered-event batches), so that
   * counting what a request sends stays exact (`Database.queryCount` adds both).
   */
  background: Pick<SqlRunner, 'query' | 'run' | 'count'>;
}

/** A stable statement name for a text: `ag_` + 20 hex digits of its SHA-1. */
function statementName(text: string): string {
  return `ag_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
}

/** A runner over `execute`; `counted: false` keeps `count` at 0 (Prisma counts those itself). */
function runner(execute: SqlRunner['query'], counted = true): SqlRunner {
  let sent = 0;
  let sentInBackground = 0;
  const query = <Row>(text: string, values: readonly unknown[]) => {
    if (counted) sent += 1;
    return execute<Row>(text, values);
  };
  const background = <Row>(text: string, values: readonly unknown[]) => {
    if (counted) sentInBackground += 1;
    return execute<Row>(text, values);
  };
  return {
    query,
    run: <Row>(statement: Prisma.Sql) => query<Row>(statement.text, statement.values),
    count: () => sent,
    background: {
      query: background,
      run: <Row>(statement: Prisma.Sql) => background<Row>(statement.text, statement.values),
      count: () => sentInBackground,
    },
  };
}

/** The layer over a `pg` pool: `pg` prepares a named statement once per pooled connection. */
export function pgRunner(pool: Pool): SqlRunner {
  const names = new Map<string, string>();
  const nameOf = (text: string): string | undefined => {
    const known = names.get(text);
    if (known !== undefined || names.size >= MAX_PREPARED) return known;
    const name = statementName(text);
    names.set(text, name);
    return name;
  };
  return runner(async <Row>(text: string, values: readonly unknown[]) => {
    const result = await pool.query({ name: nameOf(text), text, values: values as unknown[] });
    return result.rows as Row[];
  });
}

interface Prepared {
  name: string;
  /** the parameters' type OIDs (as PostgreSQL inferred them) */
  params: number[];
  /** the result columns (name, type OID), empty when the statement returns no rows */
  fields: { name: string; type: number }[];
}

/**
 * A statement's result as it comes off the wire: the columns (name, type OID) and each row's
 * values as PostgreSQL's text (null for NULL), not yet parsed. This is what crosses from the
 * database thread (./pglite-thread.ts) to the caller's.
 */
export interface RawRows {
  fields: { name: string; type: number }[];
  rows: (string | null)[][];
}

/**
 * Rows as objects keyed by column name, each value parsed by `parse[type]` (kept as text when
 * no parser is known for its type, as PGlite does).
 */
export function parseRows<Row>(raw: RawRows, parse: Record<number, Parser>): Row[] {
  const { fields } = raw;
  const rows: Row[] = [];
  for (const values of raw.rows) {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const value = values[i];
      const field = fields[i]!;
      const parser = parse[field.type];
      row[field.name] = value === null || value === undefined ? null : parser ? parser(value, field.type) : value;
    }
    rows.push(row as Row);
  }
  return rows;
}

/**
 * Named prepared statements on one PGlite instance (see the module comment), unparsed: runs
 * `text` with `values` (serialized by PGlite's serializers for the parameter types PostgreSQL
 * inferred) and resolves to the raw rows. Takes PGlite's own locks as `PGlite.query` does: after
 * any interactive transaction, one statement at a time.
 */
export function pgliteStatements(lite: PGlite): (text: string, values: readonly unknown[]) => Promise<RawRows> {
  const prepared = new Map<string, Prepared>();

  /** Parses `text` as a named statement (kept for reuse), or as the unnamed one when `keep` is false. */
  async function prepare(text: string, keep: boolean): Promise<Prepared> {
    const name = keep ? statementName(text) : '';
    const messages = await lite.execProtocolStream(
      Buffer.concat([
        protocol.serialize.parse({ name, text }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const statement: Prepared = { name, params: [], fields: [] };
    for (const m of messages as unknown as Record<string, unknown>[]) {
      if (m.name === 'parameterDescription') statement.params = m.dataTypeIDs as number[];
      else if (m.name === 'rowDescription')
        statement.fields = (m.fields as { name: string; dataTypeID: number }[]).map((f) => ({ name: f.name, type: f.dataTypeID }));
    }
    if (keep) prepared.set(text, statement);
    return statement;
  }

  async function execute(text: string, values: readonly unknown[]): Promise<RawRows> {
    // (PGlite.query here would wait for the locks this call already holds: parse unnamed instead)
    const statement = prepared.get(text) ?? (await prepare(text, prepared.size < MAX_PREPARED));
    const serialized = values.map((value, i) => {
      if (value === null || value === undefined) return null;
      const serialize = lite.serializers[statement.params[i]!];
      return serialize ? (serialize(value) as string) : String(value);
    });
    const messages = await lite.execProtocolStream(
      Buffer.concat([
        protocol.serialize.bind({ statement: statement.name, values: serialized }),
        protocol.serialize.execute({}),
        protocol.serialize.sync(),
      ]),
    );
    const rows: (string | null)[][] = [];
    for (const m of messages as unknown as { name: string; fields: (string | null)[] }[]) if (m.name === 'dataRow') rows.push(m.fields);
    return { fields: statement.fields, rows };
  }

  return async (text, values) => {
    await lite.waitReady;
    // _runExclusive*: PGlite's own locks (part of its PGliteInterface), as PGlite.query takes them
    return lite._runExclusiveTransaction(() => lite._runExclusiveQuery(() => execute(text, values)));
  };
}

/**
 * The layer over a statement executor that answers raw rows: PGlite in this thread
 * ({@link pgliteStatements}) or in the database thread (./pglite-thread.ts). `parsers`: PGlite's
 * value parsers as they were before any driver adapter replaced some of them (Prisma's adapter
 * turns timestamps into strings, for instance); a copy is taken here.
 */
export function rawRowsRunner(
  execute: (text: string, values: readonly unknown[]) => Promise<RawRows>,
  parsers: Record<number, Parser>,
): SqlRunner {
  const parse = { ...parsers };
  return runner(async <Row>(text: string, values: readonly unknown[]) => parseRows<Row>(await execute(text, values), parse));
}

/** The layer over PGlite in this thread (see {@link rawRowsRunner}). */
export function pgliteRunner(lite: PGlite, parsers: Record<number, Parser>): SqlRunner {
  return rawRowsRunner(pgliteStatements(lite), parsers);
}

/**
 * The layer over Prisma's raw queries (`$queryRawUnsafe`): for services built without a database
 * handle (tests that assemble their own dependencies). Same rows, no prepared statements.
 */
export function prismaRunner(prisma: { $queryRawUnsafe<T>(query: string, ...values: unknown[]): Promise<T> }): SqlRunner {
  return runner(<Row>(text: string, values: readonly unknown[]) => prisma.$queryRawUnsafe<Row[]>(text, ...values), false);
}
