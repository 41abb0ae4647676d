/**
 * Figure 9: outbox relay throughput. N events (BENCH_EVENTS, default 20 000) are written straight
 * into the Event table (`INSERT … SELECT FROM unnest`, 1 000 rows per statement, ids from
 * newId('event'), shaped like the events mutations write), then `app.relay.drain()` moves them
 * all: reads in (txid, seq) order 500 at a time, publishes each batch to the bus, advances the
 * cursor. Events/s of the drain, against the baseline, the INSERT rate of the same rows in the
 * same run, for the embedded setup (in-memory PGlite, local bus) and on PostgreSQL (a fresh
 * database on this machine, dropped at the end) with the Redis bus (local bus when Redis does not
 * answer; skipped with a note when PostgreSQL does not). With Redis, a separate subscriber
 * connection on the bus channel also counts the events, to tell when they have all arrived.
 *
 * The relay's own loop is stopped after setup, so nothing drains while the rows are inserted;
 * A warm-up of 2 000 events, then BENCH_ROUNDS (3) rounds of insert-then-drain; the median round
 * is reported.
 * `npx tsx bench/relay-throughput.ts`
 * @module
 */
import { Redis } from 'ioredis';
import { createIssuerAndOrg, fmt, machineNote, median, ms, printTable, progress, ratio } from './lib/common.js';
import {
  BACKEND_LABEL,
  REDIS_URL,
  accountOf,
  insertEvents,
  postgresUnavailable,
  redisUnavailable,
  startEventServer,
  type Backend,
} from './lib/event-backends.js';

const EVENTS = Math.min(200_000, Math.max(1000, Number(process.env.BENCH_EVENTS) || 20_000));
const ROUNDS = Math.min(10, Math.max(1, Number(process.env.BENCH_ROUNDS) || 3));
const INSERT_BATCH = 1000;
const WARMUP_EVENTS = 2000;
const RELAY_BATCH = 500; // createRelay's default batchSize
const BUS_CHANNEL = 'authgraph:events'; // src/events/bus.ts

interface Round {
  insertMs: number;
  drainMs: number;
  /** until the Redis subscriber had every event (Redis bus only) */
  busMs: number | null;
  statements: number;
}

/** Counts this account's events on the Redis bus channel, from a connection of its own. */
async function redisCounter(accountId: string) {
  const sub = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  sub.on('error', () => {});
  await sub.connect();
  await sub.subscribe(BUS_CHANNEL);
  let seen = 0;
  let target = Infinity;
  let reached: (() => void) | null = null;
  sub.on('message', (_channel: string, message: string) => {
    const events = JSON.parse(message) as { accountId: string }[];
    for (const e of events) if (e.accountId === accountId) seen += 1;
    if (seen >= target) reached?.();
  });
  return {
    /** resolves with the time (performance.now()) when `count` more events have arrived */
    expect(count: number, timeoutMs: number): Promise<number | null> {
      target = seen + count;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          reached = null;
          resolve(null);
        }, timeoutMs);
        reached = () => {
          clearTimeout(timer);
          reached = null;
          resolve(performance.now());
        };
      });
    },
    close: () => sub.disconnect(),
  };
}

async function measure(backend: Backend): Promise<Round[]> {
  progress(`${BACKEND_LABEL[backend]}: starting the server`);
  const server = await startEventServer(backend);
  const counter = { current: null as Awaited<ReturnType<typeof redisCounter>> | null };
  try {
    const { issuerId, organizationId } = await createIssuerAndOrg(server, `Relay ${backend}`);
    const accountId = await accountOf(server, issuerId);
    await server.app.relay.drain();
    await server.app.relay.stop(); // from here on only drain() moves events
    if (backend === 'redis') counter.current = await redisCounter(accountId);
    progress(`${backend}: warm-up: INSERT ${WARMUP_EVENTS} events, then drain()`);
    await insertEvents(server, {
      accountId,
      issuerId,
      organizationId,
      type: 'organization.updated',
      count: WARMUP_EVENTS,
      batch: INSERT_BATCH,
    });
    if (counter.current) {
      const warm = counter.current.expect(WARMUP_EVENTS, 30_000);
      await server.app.relay.drain();
      if ((await warm) === null) throw new Error('the Redis subscriber did not receive the warm-up events within 30 s');
    } else {
      await server.app.relay.drain();
    }
    const rounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      progress(`${backend}: round ${r + 1}/${ROUNDS}: INSERT ${EVENTS} events, then drain()`);
      const { ms: insertMs } = await insertEvents(server, {
        accountId,
        issuerId,
        organizationId,
        type: 'organization.updated',
        count: EVENTS,
        batch: INSERT_BATCH,
      });
      const onBus = counter.current?.expect(EVENTS, 60_000) ?? null;
      const before = server.app.db.queryCount();
      const started = performance.now();
      const moved = await server.app.relay.drain();
      const drainMs = performance.now() - started;
      const statements = server.app.db.queryCount() - before;
      if (moved !== EVENTS) throw new Error(`drain() moved ${moved} events, expected ${EVENTS}`);
      let busMs: number | null = null;
      if (onBus) {
        const at = await onBus;
        if (at === null) throw new Error('the Redis subscriber did not receive every event within 60 s');
        busMs = at - started;
      }
      rounds.push({ insertMs, drainMs, busMs, statements });
    }
    return rounds;
  } finally {
    counter.current?.close();
    await server.stop();
  }
}

const results: { backend: Backend; rounds: Round[] }[] = [];
const notes: string[] = [];
results.push({ backend: 'embedded', rounds: await measure('embedded') });
const noPostgres = await postgresUnavailable();
if (noPostgres) {
  notes.push(`PostgreSQL not measured: ${noPostgres}.`);
  process.stderr.write(`  … PostgreSQL skipped: ${noPostgres}\n`);
} else {
  const noRedis = await redisUnavailable();
  if (noRedis) notes.push(`Redis bus not measured (PostgreSQL measured with the local bus): ${noRedis}.`);
  const backend: Backend = noRedis ? 'postgres' : 'redis';
  results.push({ backend, rounds: await measure(backend) });
}

const perSecond = (count: number, millis: number) => (count * 1000) / millis;
const rows: string[][] = [];
for (const { backend, rounds } of results) {
  const insert = median(rounds.map((r) => perSecond(EVENTS, r.insertMs)));
  const drain = median(rounds.map((r) => perSecond(EVENTS, r.drainMs)));
  const bus = rounds.every((r) => r.busMs !== null) ? median(rounds.map((r) => perSecond(EVENTS, r.busMs!))) : null;
  const batches = Math.ceil(EVENTS / RELAY_BATCH);
  rows.push([
    BACKEND_LABEL[backend],
    fmt(insert, 0),
    fmt(drain, 0),
    bus === null ? '—' : fmt(bus, 0),
    ms(median(rounds.map((r) => r.drainMs)) / batches),
    fmt(median(rounds.map((r) => r.statements)) / batches, 1),
    ratio(drain / insert),
  ]);
}

printTable(
  `9. Outbox relay throughput: drain() of ${EVENTS.toLocaleString('en-US')} committed events`,
  [
    'setup',
    'INSERT events/s (baseline)',
    'relay events/s',
    'on Redis subscriber events/s',
    'per relay batch',
    'SQL per batch',
    'relay / INSERT',
  ],
  rows,
  [
    `INSERT: the same rows written with INSERT … SELECT FROM unnest, ${INSERT_BATCH.toLocaleString('en-US')} per statement (each its own transaction and txid).`,
    `relay: app.relay.drain() from the start of the drain until every event was read (${RELAY_BATCH} per batch, in (txid, seq) order), published to the bus and the cursor advanced.`,
    'on Redis subscriber: from the start of the drain until a separate Redis connection subscribed to the bus channel had every event (Redis bus only).',
    `Median of ${ROUNDS} round${ROUNDS === 1 ? '' : 's'} (insert, then drain) after a ${WARMUP_EVENTS.toLocaleString('en-US')}-event warm-up. drain() includes the handlers src/app.ts gives the relay (the webhook fan-out finds no endpoint here and queues nothing).`,
    ...notes,
    machineNote().replace('; load generated by a separate process', '; no HTTP load (the relay runs in the bench process)'),
  ],
);
process.exit(0);
