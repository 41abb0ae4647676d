/**
 * The outbox relay: moves committed events from the Event table to the live bus and to the
 * webhook fan-out, in (txid, seq) order, resuming from a persisted cursor after a crash or a
 * restart. Every node runs one; a session-level advisory lock makes exactly one of them the
 * leader at a time, and when the leader's process or connection dies its lock is released and
 * another node takes over from the persisted cursor.
 *
 * Order of work per batch: publish to the bus first, then run the handlers (webhook fan-out)
 * and advance the cursor in one transaction. A crash in between publishes a batch twice (the
 * bus is at-least-once; subscribers drop positions they have seen) but never loses one, and
 * the fan-out happens exactly once because it commits with the cursor.
 * @module
 */
import type { PrismaClient, Database, DedicatedSession, Tx } from '../data/database.js';
import type { Logger } from '../lib/logger.js';
import { readOutbox, START, type OutboxEvent, type Position } from './outbox.js';
import type { EventBus } from './bus.js';

export type RelayHandler = (tx: Tx, events: OutboxEvent[]) => Promise<void>;

export interface RelayOptions {
  db: Database;
  bus: EventBus;
  logger: Logger;
  handlers?: RelayHandler[];
  /** the longest wait between polls when no notification arrives (NOTIFY wakes it on every commit) */
  idleMs?: number;
  /** called after a batch's handlers committed (e.g. to wake the webhook dispatcher) */
  onCommitted?: () => void;
  /** how often a follower tries to become the leader */
  leaderRetryMs?: number;
  batchSize?: number;
  name?: string;
}

const RELAY_LOCK = 0x61677265; // "agre"
const CHANNEL = 'authgraph_events';

export function createRelay(options: RelayOptions) {
  const { db, bus, logger, handlers = [], onCommitted, idleMs = 2000, leaderRetryMs = 1000, batchSize = 500, name = 'default' } = options;
  const prisma: PrismaClient = db.prisma;
  let running = false;
  let leader = false;
  let session: DedicatedSession | null = null;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  let relayed = 0;

  // A NOTIFY that arrives while the relay is draining must not be lost: remember it, and the
  // next sleep returns at once instead of waiting out the idle time.
  let notified = false;
  const nudge = () => {
    notified = true;
    wake?.();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (notified) {
        notified = false;
        resolve();
        return;
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        if (wake === done) wake = null;
        notified = false;
        resolve();
      }
      wake = done;
    });

  async function loadCursor(): Promise<Position> {
    const row = await prisma.relayCursor.findUnique({ where: { name } });
    return row ? { txid: row.txid, seq: row.seq } : START;
  }

  let draining: Promise<number> | null = null;

  /** Relays everything committed so far; returns how many events it moved (one drain at a time). */
  function drain(): Promise<number> {
    draining ??= drainOnce().finally(() => {
      draining = null;
    });
    return draining;
  }

  async function drainOnce(): Promise<number> {
    let cursor = await loadCursor();
    let moved = 0;
    for (;;) {
      const batch = await readOutbox(prisma, cursor, batchSize);
      if (batch.length === 0) return moved;
      await bus.publish(batch);
      const last = batch[batch.length - 1]!.position;
      await prisma.$transaction(async (tx) => {
        for (const handle of handlers) await handle(tx, batch);
        await tx.relayCursor.upsert({
          where: { name },
          create: { name, txid: last.txid, seq: last.seq },
          update: { txid: last.txid, seq: last.seq },
        });
      });
      onCommitted?.();
      cursor = last;
      moved += batch.length;
      relayed += batch.length;
      if (batch.length < batchSize) return moved;
    }
  }

  async function becomeLeader(): Promise<boolean> {
    try {
      session ??= await db.openSession();
      if (!(await session.tryLock(RELAY_LOCK))) return false;
      await session.listen(CHANNEL, nudge);
      void session.lost.then(() => {
        if (leader) logger.warn({ relay: name }, 'relay lost its leadership session');
        leader = false;
        session = null;
        wake?.();
      });
      leader = true;
      logger.info({ relay: name }, 'relay leading');
      return true;
    } catch (error) {
      logger.warn({ err: error, relay: name }, 'relay could not take the lead');
      await session?.close().catch(() => {});
      session = null;
      return false;
    }
  }

  async function run() {
    while (running) {
      if (!leader && !(await becomeLeader())) {
        await sleep(leaderRetryMs);
        continue;
      }
      try {
        await drain();
      } catch (error) {
        logger.warn({ err: error, relay: name }, 'relay batch failed; retrying');
      }
      if (running) await sleep(idleMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    /** Wakes the relay now (e.g. after a local commit) instead of at its next poll. */
    poke: nudge,
    isLeader: () => leader,
    /** events relayed by this node since start */
    relayed: () => relayed,
    /** Relays what is committed now and waits for it (tests; only meaningful on the leader). */
    drain,
    async stop() {
      running = false;
      wake?.();
      await loop;
      await session?.close().catch(() => {});
      session = null;
      leader = false;
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
