/**
 * Figure 8: mutation-to-subscriber latency. The time from sending `createOrganization` (HTTP) to
 * a graphql-ws subscriber of `events(filter: { types: ["organization.created"], issuerId })`
 * receiving its organization.created event, with 1 and with 1 000 concurrent subscribers (one
 * WebSocket each), in the embedded setup (in-memory PGlite, local bus) and the Redis setup (a
 * fresh PostgreSQL database on this machine, Redis bus; skipped with a note when either does not
 * answer). The subscribers and the mutations come from a separate process
 * (lib/subscriber-worker.ts), which times both on its own clock; mutations go one at a time and
 * the next one waits until every subscriber has the previous event.
 *
 * Baseline, in the same run and setup: the same mutation's plain HTTP round trip with no
 * subscriber connected (half before and half after the subscriber runs), so `event p50 −
 * baseline p50` is what the event path (commit → NOTIFY → relay → bus → stream → WebSocket)
 * adds to an ordinary answer.
 *
 * `npx tsx bench/subscriber-latency.ts`; BENCH_SUBSCRIBERS (1000), BENCH_MUTATIONS (100 timed
 * mutations for the baseline and for 1 subscriber, half that with many subscribers).
 * @module
 */
import { createIssuerAndOrg, fmt, machineNote, median, ms, percentile, printTable, progress, ratio } from './lib/common.js';
import { BACKEND_LABEL, postgresUnavailable, redisUnavailable, startEventServer, type Backend } from './lib/event-backends.js';
import { runForkedJob } from './lib/fork-job.js';
import { MAX_SUBSCRIBERS, type SubscriberJob, type SubscriberJobReply, type SubscriberReply } from './lib/subscriber-worker.js';

const MANY = Math.min(MAX_SUBSCRIBERS, Math.max(2, Number(process.env.BENCH_SUBSCRIBERS) || 1000));
const MUTATIONS = Math.min(2000, Math.max(10, Number(process.env.BENCH_MUTATIONS) || 100));
const HALF = Math.ceil(MUTATIONS / 2);
const CONNECT_CONCURRENCY = 50;

interface ModeResult {
  backend: Backend;
  baseline: number[];
  one: SubscriberReply;
  many: SubscriberReply;
}

async function measure(backend: Backend): Promise<ModeResult> {
  const t = performance.now();
  progress(`${BACKEND_LABEL[backend]}: starting the server`);
  const server = await startEventServer(backend);
  try {
    const { issuerId } = await createIssuerAndOrg(server, `Live ${backend}`);
    progress(
      `${backend}: baseline (${HALF} mutations), 1 subscriber (${MUTATIONS}), ${MANY} subscribers (${HALF}), baseline again (${HALF}), from one separate process`,
    );
    const reply = await runForkedJob<SubscriberJob, SubscriberJobReply>(
      'subscriber-worker.ts',
      {
        url: server.url,
        authorization: server.authorization,
        issuerId,
        phases: [
          { subscribers: 0, iterations: HALF, warmup: 20 },
          { subscribers: 1, iterations: MUTATIONS, warmup: 10 },
          { subscribers: MANY, iterations: HALF, warmup: 5 },
          { subscribers: 0, iterations: HALF, warmup: 5 },
        ],
        connectConcurrency: CONNECT_CONCURRENCY,
        phaseBudgetMs: 25_000,
        tag: `Live ${backend}`,
      },
      90_000,
    );
    const [before, one, many, after] = reply.phases as [SubscriberReply, SubscriberReply, SubscriberReply, SubscriberReply];
    progress(`${backend}: done in ${fmt((performance.now() - t) / 1000, 1)} s`);
    return { backend, baseline: [...before.mutationMs, ...after.mutationMs], one, many };
  } finally {
    await server.stop();
  }
}

const results: ModeResult[] = [];
const skipped: string[] = [];
results.push(await measure('embedded'));
const unavailable = (await postgresUnavailable()) ?? (await redisUnavailable());
if (unavailable) {
  skipped.push(`Redis mode not measured: ${unavailable}.`);
  process.stderr.write(`  … Redis mode skipped: ${unavailable}\n`);
} else {
  results.push(await measure('redis'));
}

const dash = '—';
const rows: string[][] = [];
const notes: string[] = [];
for (const r of results) {
  const base50 = median(r.baseline);
  rows.push([
    BACKEND_LABEL[r.backend],
    'none (baseline)',
    String(r.baseline.length),
    dash,
    dash,
    dash,
    dash,
    dash,
    ms(base50),
    ms(percentile(r.baseline, 99)),
    dash,
    dash,
  ]);
  for (const [count, s] of [
    [1, r.one],
    [MANY, r.many],
  ] as const) {
    const p50 = median(s.deliveryMs);
    rows.push([
      BACKEND_LABEL[r.backend],
      count.toLocaleString('en-US'),
      String(s.mutationMs.length) + (s.truncated ? ' (budget)' : ''),
      s.deliveryMs.length.toLocaleString('en-US') + (s.lost ? ` (${s.lost} lost)` : ''),
      ms(p50),
      ms(percentile(s.deliveryMs, 99)),
      ms(median(s.slowestMs)),
      String(s.slowestMs.filter((t) => t > 1000).length),
      ms(median(s.mutationMs)),
      ms(percentile(s.mutationMs, 99)),
      `${p50 - base50 >= 0 ? '+' : '−'}${ms(Math.abs(p50 - base50))}`,
      ratio(p50 / base50),
    ]);
  }
  notes.push(
    `${BACKEND_LABEL[r.backend]}: ${MANY.toLocaleString('en-US')} sockets opened and subscribed in ${fmt(r.many.readyMs / 1000, 1)} s (${CONNECT_CONCURRENCY} at a time), closed in ${ms(r.many.closeMs)}.`,
  );
}

printTable(
  '8. Mutation to subscriber: createOrganization → organization.created over graphql-ws',
  [
    'setup',
    'subscribers',
    'mutations',
    'deliveries',
    'event p50',
    'event p99',
    'slowest p50',
    'slowest > 1 s',
    'mutation p50',
    'mutation p99',
    'event − base p50',
    'event / base p50',
  ],
  rows,
  [
    'event: from sending the mutation to a subscriber receiving the event, over every (mutation, subscriber) pair; slowest: per mutation, the last subscriber to have it;',
    '  slowest > 1 s: mutations whose event took longer than 1 s to reach every subscriber (e.g. a missed relay wake-up waiting for its idle poll).',
    'mutation: the HTTP round trip of the same createOrganization; the baseline rows are that round trip with no subscriber (half before, half after the subscriber runs).',
    'Mutations go one at a time; the next waits until every subscriber has the event. Subscribers and mutations run in one separate process, timed on its clock.',
    ...notes,
    ...skipped,
    machineNote(),
  ],
);
process.exit(0);
