/**
 * Events at scale: the filtered `events` query and a subscription replay as the Event table grows
 * from 10k to 100k to 1M rows, on the embedded default and on PostgreSQL + Redis. The rows are
 * seeded with one `INSERT … SELECT FROM generate_series` per step (not through the API): 30 %
 * metered `token.issued`, the rest spread over 10 types and 10 organizations, so the filter
 * (`types: ["organization.updated"], organizationId`) matches about 1 row in 143.
 *
 * - events query: `events(first: 50, filter: { types, organizationId }) { edges { node { id } } }`
 *   over HTTP with the admin key; median of BENCH_QUERIES (20) sequential requests.
 * - replay: the subscription's replay read (`readOutbox` after a position, with the filter's SQL)
 *   from an event 1 000 rows before the end; median of the same count, in process.
 * Both measured before and after an `ANALYZE "Event"` at each size (the embedded database only
 * gets planner statistics from an ANALYZE), once the relay has carried the seeded events (a bulk
 * seed of relayed rows keeps it and the bus busy for seconds, which is not what is measured). Baseline: the 10k row; goal: every size within ±50 %.
 *
 *   npx tsx bench/events-scale.ts      (BENCH_EVENT_SCALES=10000,100000,1000000; BENCH_BACKENDS)
 * @module
 */
import { Prisma } from '../src/generated/prisma/client.js';
import { readOutbox, positionOf } from '../src/events/outbox.js';
import { createIssuerAndOrg, fmt, gql, machineNote, median, ms, printTable, progress, ratio } from './lib/common.js';
import { accountOf, BACKEND_LABEL, figureBackends, startEventServer, type Backend, type EventBenchServer } from './lib/event-backends.js';

const SCALES = (process.env.BENCH_EVENT_SCALES ?? '10000,100000,1000000').split(',').map(Number);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 20);
const ORGS = 10;
const TYPES = [
  'organization.updated',
  'organization.created',
  'user.created',
  'user.updated',
  'client.created',
  'client.updated',
  'session.created',
  'session.revoked',
  'api-key.created',
  'organization.membership.created',
];

const QUERY = `query($types: [String!], $org: ID) { events(first: 50, filter: { types: $types, organizationId: $org }) { edges { node { id type } } } }`;

/** Rows [from, to) of the synthetic history: ids `evt_` + 26 digits (valid TypeID characters, sorting by n and below any id made now). */
async function seed(
  server: EventBenchServer,
  accountId: string,
  issuerId: string,
  orgs: string[],
  from: number,
  to: number,
): Promise<number> {
  const started = performance.now();
  const step = 250_000;
  for (let lo = from; lo < to; lo += step) {
    const hi = Math.min(to, lo + step);
    await server.app.db.prisma.$executeRaw`
      INSERT INTO "Event" (id, "accountId", "issuerId", "organizationId", type, source, subject, "actorType", "actorId", data, metered, time)
      SELECT 'evt_' || lpad(n::text, 26, '0'), ${accountId}, ${issuerId}, (${orgs}::text[])[1 + (n / 100) % ${ORGS}],
             CASE WHEN n % 10 < 3 THEN 'token.issued' ELSE (${TYPES}::text[])[1 + (n / 10) % ${TYPES.length}] END,
             ${`/issuers/${issuerId}`}, 'subject_' || n, 'api_key', ${server.keyId}, '{"name":"seeded"}'::jsonb, n % 10 < 3, now()
      FROM generate_series(${lo}::int, ${hi - 1}::int) AS n`;
  }
  return performance.now() - started;
}

async function timings(server: EventBenchServer, org: string): Promise<{ query: number; replay: number }> {
  const prisma = server.app.db.prisma;
  const variables = { types: ['organization.updated'], org };
  const first = await gql<{ events: { edges: { node: { type: string } }[] } }>(server.url, server.authorization, QUERY, variables);
  if (first.events.edges.length !== 50 || first.events.edges.some((e) => e.node.type !== 'organization.updated'))
    throw new Error(`events answered ${JSON.stringify(first).slice(0, 200)}`);
  const query: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    await gql(server.url, server.authorization, QUERY, variables);
    query.push(performance.now() - t);
  }
  const [anchor] = await prisma.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Event" WHERE metered = false ORDER BY id DESC OFFSET 1000 LIMIT 1`;
  const from = await positionOf(prisma, anchor!.id);
  const where = Prisma.sql`AND e.type IN ('organization.updated') AND e."organizationId" = ${org}`;
  const replay: number[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const t = performance.now();
    await readOutbox(prisma, from!, 500, where);
    replay.push(performance.now() - t);
  }
  return { query: median(query), replay: median(replay) };
}

/**
 * Resolves once this process's event loop has been idle for a while (five 20 ms timers in a row
 * each late by less than 5 ms): the bus deliveries of a seeded batch (with Redis: every event
 * published and received back) are over, so the timings measure the reads, not the relay
 * catching up on the seed.
 */
async function quiet(): Promise<void> {
  let calm = 0;
  while (calm < 5) {
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 20));
    calm = performance.now() - started < 25 ? calm + 1 : 0;
  }
}

async function measure(backend: Backend): Promise<string[][]> {
  const server = await startEventServer(backend);
  try {
    const { issuerId, organizationId } = await createIssuerAndOrg(server, 'Events scale');
    const accountId = await accountOf(server, issuerId);
    const orgs = [organizationId, ...Array.from({ length: ORGS - 1 }, (_, i) => `org_noise${String(i).padStart(22, '0')}`)];
    const rows: string[][] = [];
    let seeded = 0;
    let base: { query: number; replay: number } | null = null;
    for (const size of SCALES) {
      progress(`${backend}: seeding to ${fmt(size, 0)} events`);
      const took = await seed(server, accountId, issuerId, orgs, seeded, size);
      seeded = size;
      progress(`${backend}: letting the relay carry the seeded events`);
      await server.app.relay.drain();
      await quiet();
      const cold = await timings(server, organizationId);
      await server.app.db.prisma.$executeRawUnsafe('ANALYZE "Event"');
      const warm = await timings(server, organizationId);
      base ??= warm;
      rows.push([
        BACKEND_LABEL[backend],
        fmt(size, 0),
        `${fmt(took / 1000, 1)} s`,
        ms(cold.query),
        ms(warm.query),
        ratio(warm.query / base.query),
        ms(cold.replay),
        ms(warm.replay),
        ratio(warm.replay / base.replay),
      ]);
    }
    return rows;
  } finally {
    await server.stop();
  }
}

async function main() {
  const { run, notes } = await figureBackends();
  const rows: string[][] = [];
  for (const backend of run) rows.push(...(await measure(backend)));
  printTable(
    'Events at scale: filtered events query and subscription replay, 10k → 1M events',
    ['backend', 'events', 'seed step', 'query (no ANALYZE)', 'query', 'vs first size', 'replay (no ANALYZE)', 'replay', 'vs first size'],
    rows,
    [
      `goal: every size within ±50 % of the first (≤ 1.50×), after ANALYZE; the "no ANALYZE" columns show what the planner does without statistics`,
      `query: events(first: 50, filter: { types: ["organization.updated"], organizationId }) over HTTP, median of ${QUERIES}; replay: readOutbox after the event 1 000 rows before the end with the same filter, median of ${QUERIES}`,
      `30 % metered token.issued rows; 10 types × 10 organizations for the rest; seeded with generate_series`,
      ...notes,
      machineNote(),
    ],
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
