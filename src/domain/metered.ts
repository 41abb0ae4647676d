/**
 * Metered per-request events (api-key.verified, token.issued): stored and queryable but not part
 * of any business transaction, so they are buffered and written in batches instead of costing a
 * database write on every request. A crash loses at most one flush interval of them.
 * @module
 */
import { eventRow } from './events.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { PrismaClient } from '../data/database.js';
import type { Prisma } from '../generated/prisma/client.js';
import type { NewEvent } from './events.js';
import { actorOf, type Viewer } from './viewer.js';
import { eventData } from './event-payloads.js';

export type MeteredEvent = Omit<NewEvent, 'type' | 'metered'> & { type: 'api-key.verified' | 'token.issued' };

/**
 * One INSERT … SELECT FROM unnest(…) with a dozen array parameters: far cheaper to build and run
 * than a createMany with a dozen parameters per row (thousands of rows a second on the embedded
 * database otherwise cost more than minting the tokens).
 */
async function insertRows(prisma: PrismaClient, rows: Prisma.EventCreateManyInput[]): Promise<void> {
  const col = <K extends keyof Prisma.EventCreateManyInput>(key: K) => rows.map((r) => r[key] ?? null);
  await prisma.$executeRaw`
    INSERT INTO "Event" (id, "accountId", "issuerId", "organizationId", type, source, subject, "actorType", "actorId", "actorOnBehalfOf", data, metered, time)
    SELECT id, account, issuer, org, type, source, subject, actor_type, actor_id, on_behalf_of, data::jsonb, true, time
    FROM unnest(${col('id')}::text[], ${col('accountId')}::text[], ${col('issuerId')}::text[], ${col('organizationId')}::text[],
                ${col('type')}::text[], ${col('source')}::text[], ${col('subject')}::text[], ${col('actorType')}::text[],
                ${col('actorId')}::text[], ${col('actorOnBehalfOf')}::text[], ${rows.map((r) => JSON.stringify(r.data ?? {}))}::text[], ${rows.map((r) => new Date(r.time as Date).toISOString())}::timestamptz[])
      AS t(id, account, issuer, org, type, source, subject, actor_type, actor_id, on_behalf_of, data, time)`;
}

export function createMeteredEvents(deps: {
  prisma: PrismaClient;
  clock: Clock;
  logger: Logger;
  flushIntervalMs?: number;
  maxBatch?: number;
}) {
  const { prisma, clock, logger, flushIntervalMs = 1000, maxBatch = 5000 } = deps;
  let queue: Prisma.EventCreateManyInput[] = [];
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (flushing) await flushing;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    flushing = insertRows(prisma, batch)
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
      queue.push(eventRow({ ...event, metered: true }, clock.now()));
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
