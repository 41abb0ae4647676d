/**
 * "Last used" times of API keys and personal tokens, recorded without a database write per
 * request: `touch` notes the time in memory, and a timer writes everything touched since the last
 * flush in one UPDATE per table. The column only moves forward, so nodes flushing in any order
 * agree on the latest use. A reader that wants the freshest value takes the later of the stored
 * `lastUsedAt` and `lastUsed(id)` (what this node has not written yet).
 *
 * At most `flushIntervalMs` of usage is lost if the process dies without `stop()`.
 * @module
 */
import type { PrismaClient } from '../data/database.js';
import type { Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';

export type LastUsedKind = 'apiKey' | 'personalToken';

export interface LastUsedRecorder {
  /** Notes that the credential was used now (no I/O). */
  touch(kind: LastUsedKind, id: string): void;
  /** The use this node has noted but not yet written (or is writing), or null. */
  lastUsed(id: string): Date | null;
  /** Writes all pending times; on failure they stay pending for the next flush, and it rejects. */
  flush(): Promise<void>;
  /** Stops the timer and flushes what is pending (logging, not throwing, on failure). */
  stop(): Promise<void>;
}

export interface LastUsedOptions {
  prisma: Pick<PrismaClient, '$executeRaw'>;
  clock: Clock;
  /** 0 disables the timer (flush by hand). Default 30 s. */
  flushIntervalMs?: number;
  logger?: Logger;
}

/** Ids per statement; far above what one node touches in a flush interval, a guard only. */
const CHUNK = 5_000;

type Pending = Map<string, Date>;

export function createLastUsedRecorder({ prisma, clock, flushIntervalMs = 30_000, logger }: LastUsedOptions): LastUsedRecorder {
  let pending: Record<LastUsedKind, Pending> = { apiKey: new Map(), personalToken: new Map() };
  /** what the flush in progress is writing: still visible to lastUsed() until it is stored */
  let inFlight: Record<LastUsedKind, Pending> = { apiKey: new Map(), personalToken: new Map() };
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  const later = (a: Date | undefined, b: Date) => (a && a.getTime() >= b.getTime() ? a : b);

  async function write(kind: LastUsedKind, entries: [string, Date][]): Promise<void> {
    for (let i = 0; i < entries.length; i += CHUNK) {
      const chunk = entries.slice(i, i + CHUNK);
      const ids = chunk.map(([id]) => id);
      const times = chunk.map(([, at]) => at.toISOString());
      // One statement for the whole chunk (ids and ISO times as two parallel arrays, cast in SQL).
      // Only ever moves lastUsedAt forward.
      if (kind === 'apiKey') {
        await prisma.$executeRaw`
          UPDATE "ApiKey" AS t SET "lastUsedAt" = u.at
          FROM unnest(${ids}::text[], ${times}::timestamptz[]) AS u(id, at)
          WHERE t."id" = u.id AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < u.at)`;
      } else {
        await prisma.$executeRaw`
          UPDATE "PersonalToken" AS t SET "lastUsedAt" = u.at
          FROM unnest(${ids}::text[], ${times}::timestamptz[]) AS u(id, at)
          WHERE t."id" = u.id AND (t."lastUsedAt" IS NULL OR t."lastUsedAt" < u.at)`;
      }
    }
  }

  async function flushOnce(): Promise<void> {
    const batch = pending;
    if (batch.apiKey.size === 0 && batch.personalToken.size === 0) return;
    pending = { apiKey: new Map(), personalToken: new Map() };
    inFlight = batch;
    try {
      for (const kind of ['apiKey', 'personalToken'] as const) {
        if (batch[kind].size) await write(kind, [...batch[kind]]);
      }
    } catch (error) {
      // Put the batch back (touches made meanwhile are newer and win) so the next flush retries it.
      for (const kind of ['apiKey', 'personalToken'] as const) {
        for (const [id, at] of batch[kind]) pending[kind].set(id, later(pending[kind].get(id), at));
      }
      throw error;
    } finally {
      inFlight = { apiKey: new Map(), personalToken: new Map() };
    }
  }

  function flush(): Promise<void> {
    // Flushes run one after another: two overlapping UPDATEs would only waste work.
    const next = running.then(flushOnce, flushOnce);
    running = next.catch(() => {});
    return next;
  }

  const timer =
    flushIntervalMs > 0
      ? setInterval(() => {
          flush().catch((error: unknown) =>
            logger?.warn(
              { err: error instanceof Error ? error.message : String(error) },
              'last-used flush failed; retrying at the next interval',
            ),
          );
        }, flushIntervalMs)
      : null;
  timer?.unref();

  return {
    touch(kind, id) {
      if (stopped) {
        logger?.debug({ kind }, 'last-used touch after stop ignored');
        return;
      }
      const map = pending[kind];
      map.set(id, later(map.get(id), clock.now()));
    },

    lastUsed(id) {
      let best: Date | undefined;
      for (const source of [pending, inFlight]) {
        for (const kind of ['apiKey', 'personalToken'] as const) {
          const at = source[kind].get(id);
          if (at) best = later(best, at);
        }
      }
      return best ?? null;
    },

    flush,

    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      try {
        await flush();
      } catch (error) {
        logger?.error(
          { err: error instanceof Error ? error.message : String(error) },
          'last-used final flush failed; recent usage times are lost',
        );
      }
    },
  };
}
