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
 *
 * Cost per pass: the leader keeps its cursor in memory (read once when it takes the lead); the
 * handlers' transaction (with the cursor) is opened only when a handler wants the batch (the
 * webhook fan-out does not when no account of the batch has an enabled endpoint). A batch no
 * handler wants only moves the persisted cursor at most every `cursorFlushMs` (and on stop): after
 * a crash the next leader publishes those events again, which the bus allows (at-least-once;
 * subscribers drop positions they have seen), and nothing fans out twice (no handler wanted them).
 * So a pass is usually one outbox read.
 *
 * A commit's NOTIFY can arrive before its events are readable: the read stops at the oldest
 * transaction still running anywhere on the cluster (`pg_snapshot_xmin`, see ./outbox.ts), and
 * that transaction's end notifies nobody. So when a pass moved events of fewer transactions than
 * it was notified of, the relay asks whether events wait beyond its cursor (`relayedAfter`, one
 * index probe) and, while they do, passes again after a short backoff (`heldRetryMs`, doubling up
 * to `heldRetryMaxMs`) instead of waiting out the idle poll.
 *
 * Passes are coalesced: a wake-up within `minIntervalMs` of the previous pass
 * waits for the rest of that interval, so a stream of commits is relayed in batches (at most one
 * pass per interval) instead of one pass per event, while a lone commit is relayed at once.
 * @module
 */
import type { PrismaClient, Database, DedicatedSession, Tx } from '../data/database.js';
import type { Logger } from '../lib/logger.js';
import { readOutbox, relayedAfter, START, type OutboxEvent, type Position } from './outbox.js';
import type { EventBus } from './bus.js';

/**
 * Runs inside the transaction that advances the cursor. Returns how many rows of work it made
 * (0: nothing for `onCommitted` to pick up), or nothing (taken as work). `wants`, when present,
 * says beforehand whether the batch is of any interest; when no handler wants a batch the
 * cursor advances alone, without a transaction.
 */
export type RelayHandler = ((tx: Tx, events: OutboxEvent[]) => Promise<number | void>) & {
  wants?: (events: OutboxEvent[]) => boolean | Promise<boolean>;
};

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
  /** the shortest time between the starts of two passes woken by commits (coalescing), in ms */
  minIntervalMs?: number;
  /** how long the persisted cursor may lag behind batches no handler wanted, in ms */
  cursorFlushMs?: number;
  /** the first wait before passing again while notified events are not readable yet, in ms (doubles each time) */
  heldRetryMs?: number;
  /** the longest such wait, in ms */
  heldRetryMaxMs?: number;
}

const RELAY_LOCK = 0x61677265; // "agre"
const CHANNEL = 'authgraph_events';

export function createRelay(options: RelayOptions) {
  const {
    db,
    bus,
    logger,
    handlers = [],
    onCommitted,
    idleMs = 2000,
    leaderRetryMs = 1000,
    batchSize = 500,
    name = 'default',
    minIntervalMs = 10,
    cursorFlushMs = 1000,
    heldRetryMs = 5,
    heldRetryMaxMs = 50,
  } = options;
  const prisma: PrismaClient = db.prisma;
  let running = false;
  let leader = false;
  let session: DedicatedSession | null = null;
  let wake: (() => void) | null = null;
  let loop: Promise<void> | null = null;
  let relayed = 0;
  let lastPass = 0;

  // A NOTIFY that arrives while the relay is draining must not be lost: remember it, and the
  // next sleep returns at once instead of waiting out the idle time.
  let notified = false;
  // NOTIFYs heard (one per committed transaction with relayed events), and how many of them the
  // passes so far have accounted for
  let heard = 0;
  let accounted = 0;
  const nudge = () => {
    heard++;
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

  // The persisted cursor, kept while this node leads (only the leader writes it). Forgotten when
  // leadership changes or a pass fails, so it is read again from the database.
  let cached: Position | null = null;

  async function loadCursor(): Promise<Position> {
    if (leader && cached) return cached;
    const row = await prisma.relayCursor.findUnique({ where: { name } });
    return row ? { txid: row.txid, seq: row.seq } : START;
  }

  const saveCursor = (db: Tx | PrismaClient, last: Position) =>
    db.relayCursor.upsert({
      where: { name },
      create: { name, txid: last.txid, seq: last.seq },
      update: { txid: last.txid, seq: last.seq },
    });

  // Relayed but not persisted yet (batches no handler wanted), and when the cursor was last saved.
  let pending: Position | null = null;
  let savedAt = 0;

  async function flushCursor(): Promise<void> {
    const position = pending;
    if (!position) return;
    await saveCursor(prisma, position);
    if (pending === position) pending = null;
    savedAt = Date.now();
  }

  let draining: Promise<number> | null = null;
  // transactions whose events the current pass moved
  let transactions = 0;

  /** Relays everything committed so far; returns how many events it moved (one drain at a time). */
  function pass(): Promise<number> {
    draining ??= drainOnce().finally(() => {
      draining = null;
    });
    return draining;
  }

  /** A pass, then the cursor persisted (what tests and callers outside the loop expect). */
  async function drain(): Promise<number> {
    const moved = await pass();
    await flushCursor();
    return moved;
  }

  async function drainOnce(): Promise<number> {
    lastPass = Date.now();
    transactions = 0;
    try {
      return await relayCommitted();
    } catch (error) {
      cached = null;
      pending = null;
      throw error;
    }
  }

  async function relayCommitted(): Promise<number> {
    let cursor = await loadCursor();
    let moved = 0;
    for (;;) {
      const batch = await readOutbox(prisma, cursor, batchSize);
      if (batch.length === 0) return moved;
      await bus.publish(batch);
      const last = batch[batch.length - 1]!.position;
      for (let i = 0; i < batch.length; i++) if (i === 0 || batch[i]!.position.txid !== batch[i - 1]!.position.txid) transactions++;
      const wanted: RelayHandler[] = [];
      for (const handle of handlers) if (!handle.wants || (await handle.wants(batch))) wanted.push(handle);
      if (wanted.length === 0) {
        pending = last;
        if (Date.now() - savedAt >= cursorFlushMs) await flushCursor();
      } else {
        let work = 0;
        await prisma.$transaction(async (tx) => {
          for (const handle of wanted) work += (await handle(tx, batch)) ?? 1;
          await saveCursor(tx, last);
        });
        pending = null;
        savedAt = Date.now();
        if (work > 0) onCommitted?.();
      }
      cursor = last;
      if (leader) cached = last;
      moved += batch.length;
      relayed += batch.length;
      if (batch.length < batchSize) return moved;
    }
  }

  // Coalescing: when the previous pass started less than minIntervalMs ago, wait out the rest.
  const coalesce = () => {
    const wait = lastPass + minIntervalMs - Date.now();
    return wait > 0 && running ? new Promise<void>((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
  };

  async function becomeLeader(): Promise<boolean> {
    try {
      session ??= await db.openSession();
      if (!(await session.tryLock(RELAY_LOCK))) return false;
      cached = null;
      await session.listen(CHANNEL, nudge);
      void session.lost.then(() => {
        if (leader) logger.warn({ relay: name }, 'relay lost its leadership session');
        leader = false;
        cached = null;
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

  /**
   * After a pass: whether notified events may still wait beyond the cursor (fewer transactions
   * moved than notified, or still waiting since the last pass) and the database says they do.
   */
  async function heldBack(notifications: number, waiting: boolean): Promise<boolean> {
    if (!waiting && notifications <= transactions) return false;
    return relayedAfter(prisma, cached ?? (await loadCursor()));
  }

  async function run() {
    let held = 0; // the current backoff while notified events are not readable yet (0: none)
    while (running) {
      if (!leader && !(await becomeLeader())) {
        await sleep(leaderRetryMs);
        continue;
      }
      let wait = idleMs;
      try {
        await coalesce();
        const notifications = heard - accounted;
        accounted += notifications;
        await pass();
        if (pending && Date.now() - savedAt >= cursorFlushMs) await flushCursor();
        held = (await heldBack(notifications, held > 0)) ? Math.min(held ? held * 2 : heldRetryMs, heldRetryMaxMs) : 0;
        if (held) wait = held;
      } catch (error) {
        held = 0;
        logger.warn({ err: error, relay: name }, 'relay batch failed; retrying');
      }
      if (running) await sleep(Math.min(wait, pending ? Math.min(idleMs, cursorFlushMs) : idleMs));
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
      if (leader) await flushCursor().catch((error: unknown) => logger.warn({ err: error, relay: name }, 'relay cursor not saved at stop'));
      await session?.close().catch(() => {});
      session = null;
      leader = false;
      cached = null;
    },
  };
}

export type Relay = ReturnType<typeof createRelay>;
