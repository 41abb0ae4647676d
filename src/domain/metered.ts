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

export type MeteredEvent = Omit<NewEvent, 'type' | 'metered'> & { type: 'api-key.verified' | 'token.issued' };

export function createMeteredEvents(deps: { prisma: PrismaClient; clock: Clock; logger: Logger; flushIntervalMs?: number; maxBatch?: number }) {
  const { prisma, clock, logger, flushIntervalMs = 1000, maxBatch = 500 } = deps;
  let queue: Prisma.EventCreateManyInput[] = [];
  let flushing: Promise<void> | null = null;

  async function flush(): Promise<void> {
    while (flushing) await flushing;
    if (queue.length === 0) return;
    const batch = queue;
    queue = [];
    flushing = prisma.event
      .createMany({ data: batch })
      .then(() => undefined)
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
