/**
 * Metered per-request events (api-key.verified, token.issued): stored and queryable but not part
 * of any business transaction, so they are buffered and written in batches instead of costing a
 * database write on every request. A crash loses at most one flush interval of them.
 * @module
 */
import { eventRow } from './events.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { SqlRunner } from '../data/sql.js';
import type { NewEvent } from './events.js';
import { actorOf, type Viewer } from './viewer.js';
import { eventData } from './event-payloads.js';

export type MeteredEvent = Omit<NewEvent, 'type' | 'metered'> & { type: 'api-key.verified' | 'token.issued' };

/**
 * One INSERT … SELECT FROM jsonb_populate_recordset($1): the batch travels as one JSON text
 * parameter (`rows`: a JSON array of Event rows). Measured on the embedded database against the
 * former unnest of a dozen text arrays: about 40 % less per row, as the driver no longer escapes
 * every element of every array and the server parses one document instead of twelve arrays.
 * Columns left out of the JSON (seq, txid) take their defaults. Works alike on PostgreSQL. Sent
 * through the typed query layer (data/sql.ts) as a prepared statement, a background one (counted
 * as no request's): through Prisma, its driver adapter went over the megabyte-sized parameter
 * again on the event loop (~2 % of a client_credentials token's CPU).
 */
const INSERT_ROWS = `
    INSERT INTO "Event" (id, "accountId", "issuerId", "organizationId", type, source, subject, "actorType", "actorId", "actorOnBehalfOf", data, metered, time)
    SELECT id, "accountId", "issuerId", "organizationId", type, source, subject, "actorType", "actorId", "actorOnBehalfOf", data, true, time
    FROM jsonb_populate_recordset(NULL::"Event", $1::jsonb)`;

async function insertRows(sql: Pick<SqlRunner, 'background'>, rows: string): Promise<void> {
  await sql.background.query(INSERT_ROWS, [rows]);
}

export function createMeteredEvents(deps: { sql: SqlRunner; clock: Clock; logger: Logger; flushIntervalMs?: number; maxBatch?: number }) {
  const { sql, clock, logger, flushIntervalMs = 1000, maxBatch = 5000 } = deps;
  // Each event is kept as its row's JSON text until the flush: one flat string per event instead
  // of a row object graph that lives long enough (up to a second) to be promoted by the GC.
  let queue: string[] = [];
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (flushing) await flushing;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    flushing = insertRows(sql, `[${batch.join(',')}]`)
      .catch((error: unknown) => logger.warn({ err: error, dropped: batch.length }, 'metered events not stored'))
      .finally(() => {
        flushing = null;
      });
    await flushing;
  }

  const timer = setInterval(() => void flush(), flushIntervalMs);
  timer.unref();

  return {
    record(event: MeteredEvent): void {
      queue.push(JSON.stringify(eventRow({ ...event, metered: true }, clock.now())));
      if (queue.length >= maxBatch) void flush();
    },
    flush,
    async stop(): Promise<void> {
      clearInterval(timer);
      await flush();
    },
  };
}

export type MeteredEvents = ReturnType<typeof createMeteredEvents>;

/**
 * The metered `api-key.verified` event of one successful verification by `viewer` (any
 * credential kind; `via`: where it was verified, e.g. `GET /v1/me`). Never sent to webhooks.
 */
export function verifiedEvent(viewer: Viewer, via: string): MeteredEvent {
  const account = viewer.kind === 'account_api_key';
  return {
    type: 'api-key.verified',
    accountId: viewer.accountId,
    issuerId: account ? null : viewer.issuerId,
    organizationId: account ? null : viewer.organizationId,
    subject: viewer.credentialId,
    actor: actorOf(viewer),
    data: eventData('api-key.verified', { credentialType: viewer.kind, via }),
  };
}
