/**
 * Reading the outbox (the Event table) in a commit-safe order. Events are ordered by
 * (txid, seq): the writing transaction's id, then the insert sequence. A reader never goes past
 * the oldest transaction still running (`pg_snapshot_xmin`), so an event whose transaction took
 * its id early but commits late is read after it commits, never skipped (the out-of-order
 * commit pitfall of sequence-only outboxes).
 * @module
 */
import { Prisma, type Event } from '../generated/prisma/client.js';
import type { Db } from '../data/database.js';

export interface Position {
  txid: bigint;
  seq: bigint;
}

export const START: Position = { txid: 0n, seq: 0n };

export interface OutboxEvent extends Event {
  position: Position;
}

export function after(a: Position, b: Position): boolean {
  return a.txid > b.txid || (a.txid === b.txid && a.seq > b.seq);
}

type Row = Event & { txid_text: string };

const toOutboxEvent = ({ txid_text, ...event }: Row): OutboxEvent => ({
  ...event,
  position: { txid: BigInt(txid_text), seq: BigInt(event.seq) },
});

/**
 * The committed events after `from`, in (txid, seq) order, optionally narrowed by `where` (an
 * SQL condition on the row alias `e`). Metered per-request events (api-key.verified,
 * token.issued) are left out: they can arrive by the thousand per second, are stored and
 * queryable with the events query, and are neither streamed nor sent to webhooks. The condition
 * is written `metered = false` so that the (metered, txid, seq) index serves it: the scan starts
 * at `from` among the relayed rows and never visits a metered one (however many accumulate).
 */
export async function readOutbox(db: Db, from: Position, limit: number, where: Prisma.Sql = Prisma.empty): Promise<OutboxEvent[]> {
  const rows = await db.$queryRaw<Row[]>`
    SELECT e.id, e.seq, e."accountId", e."issuerId", e."organizationId", e.type, e.source, e.subject,
           e."actorType", e."actorId", e."actorOnBehalfOf", e.data, e.metered, e.time, e.txid::text AS txid_text
    FROM "Event" e
    WHERE (e.txid, e.seq) > (${from.txid.toString()}::xid8, ${from.seq})
      AND e.txid < pg_snapshot_xmin(pg_current_snapshot())
      AND e.metered = false
      ${where}
    ORDER BY e.txid, e.seq
    LIMIT ${limit}`;
  return rows.map(toOutboxEvent);
}

/**
 * Whether a relayed (not metered) event exists after `from` whatever the read horizon: after a
 * pass that read everything readable, true means events are committed but not readable yet
 * (a transaction older than theirs still runs, anywhere on the cluster: `pg_snapshot_xmin`), or
 * were committed since. One index probe on (metered, txid, seq): the first row in index order.
 * Written as `ORDER BY … LIMIT 1`, not `EXISTS (…)`: PostgreSQL strips the order from an EXISTS
 * and, estimating a third of the table past any row comparison, expected a sequential scan to
 * meet a match at once; the matches are the newest rows, so it read the whole table on every
 * pass (1.1 ms per call with a few thousand events on PostgreSQL, growing with the table).
 */
export async function relayedAfter(db: Db, from: Position): Promise<boolean> {
  return (await db.$queryRaw<{ found: number }[]>(relayedAfterSql(from))).length > 0;
}

/** The statement of {@link relayedAfter}: one row when a relayed event exists after `from`. */
export function relayedAfterSql(from: Position): Prisma.Sql {
  return Prisma.sql`
    SELECT 1 AS found FROM "Event" e
    WHERE e.metered = false AND (e.txid, e.seq) > (${from.txid.toString()}::xid8, ${from.seq})
    ORDER BY e.metered, e.txid, e.seq
    LIMIT 1`;
}

/** The position of one event (for resuming after it), or null when there is none with that id. */
export async function positionOf(db: Db, eventId: string, where: Prisma.Sql = Prisma.empty): Promise<Position | null> {
  const rows = await db.$queryRaw<{ txid_text: string; seq: bigint }[]>`
    SELECT e.txid::text AS txid_text, e.seq FROM "Event" e WHERE e.id = ${eventId} ${where}`;
  const row = rows[0];
  return row ? { txid: BigInt(row.txid_text), seq: BigInt(row.seq) } : null;
}

/** The bus's wire form: JSON with bigints and dates as strings. */
export function serialise(events: OutboxEvent[]): string {
  return JSON.stringify(events, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

export function deserialise(text: string): OutboxEvent[] {
  const raw = JSON.parse(text) as (Omit<OutboxEvent, 'seq' | 'time' | 'position'> & {
    seq: string;
    time: string;
    position: { txid: string; seq: string };
  })[];
  return raw.map((e) => ({
    ...e,
    seq: BigInt(e.seq),
    time: new Date(e.time),
    position: { txid: BigInt(e.position.txid), seq: BigInt(e.position.seq) },
  }));
}
