/**
 * Figure 10: webhook deliveries/s to a local receiver. Measured only when the webhook code is
 * there (src/webhooks/dispatcher.ts, src/webhooks/fan-out.ts and the createWebhookEndpoint
 * mutation); otherwise it prints "not measured: webhooks not present" and exits 0.
 *
 * One endpoint (createWebhookEndpoint, `WEBHOOK_ALLOW_PRIVATE_NETWORKS=true` so it may point at
 * 127.0.0.1) subscribed to organization.updated; the receiver is node:http answering 200 in a
 * process of its own (lib/webhook-receiver.ts). N events (BENCH_DELIVERIES, default 1 000) are
 * written straight into the Event table, and the time runs from before that INSERT until the
 * receiver has answered N deliveries: relay → fan-out (one delivery row per event) → dispatcher
 * (WEBHOOK_CONCURRENCY attempts at a time, each a signed CloudEvent POST on a new connection,
 * recorded in the database). When src/app.ts does not start a dispatcher yet, the bench drives
 * the same pieces the way test/webhooks.test.ts does (a relay with its own cursor whose handler
 * is the fan-out, and a started dispatcher) in the bench process; the table says which.
 *
 * Baseline, same run and receiver: a plain fetch loop from the bench process posting the same
 * number of requests of the same size, with the same concurrency (keep-alive, as fetch does),
 * and the same loop on node:http opening a new connection per request (as the dispatcher does).
 * Embedded (in-memory PGlite) and, when it answers, PostgreSQL (a fresh database on this
 * machine, dropped at the end). BENCH_ROUNDS (2) alternating rounds; the median is reported.
 * `npx tsx bench/webhook-throughput.ts`
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Webhook } from 'standardwebhooks';
import { schema } from '../src/graphql/schema.js';
import type { PrismaClient } from '../src/data/database.js';
import type { App } from '../src/app.js';
import { createRelay, type RelayHandler } from '../src/events/relay.js';
import { createLocalBus } from '../src/events/bus.js';
import { createSealer } from '../src/lib/sealed.js';
import { resolveMasterKey } from '../src/config/master-key.js';
import { createEventRecorder } from '../src/domain/events.js';
import { systemClock } from '../src/lib/clock.js';
import { createLogger } from '../src/lib/logger.js';
import { createIssuerAndOrg, fmt, machineNote, median, ms, mutate, printTable, progress, ratio } from './lib/common.js';
import { REPO_ROOT } from './lib/load.js';
import {
  BACKEND_LABEL,
  accountOf,
  insertEvents,
  postgresUnavailable,
  startEventServer,
  type Backend,
  type EventBenchServer,
} from './lib/event-backends.js';
import { startWebhookReceiver, type ReceivedRequest, type WebhookReceiver } from './lib/webhook-receiver.js';

const DELIVERIES = Math.min(20_000, Math.max(100, Number(process.env.BENCH_DELIVERIES) || 1000));
const ROUNDS = Math.min(5, Math.max(1, Number(process.env.BENCH_ROUNDS) || 2));
const WARMUP = 100;
const TITLE = '10. Webhook deliveries: events → relay → fan-out → dispatcher → local receiver';

const DISPATCHER = join(REPO_ROOT, 'src/webhooks/dispatcher.ts');
const FAN_OUT = join(REPO_ROOT, 'src/webhooks/fan-out.ts');

// ------------------------------------------------------------------ is the webhook code there?

const missing = [
  ...(existsSync(DISPATCHER) ? [] : ['src/webhooks/dispatcher.ts']),
  ...(existsSync(FAN_OUT) ? [] : ['src/webhooks/fan-out.ts']),
  ...(schema.getMutationType()?.getFields().createWebhookEndpoint ? [] : ['the createWebhookEndpoint mutation']),
];
if (missing.length) {
  printTable(
    TITLE,
    ['figure', 'result'],
    [['webhook deliveries/s', 'not measured: webhooks not present']],
    [`missing: ${missing.join(', ')}`],
  );
  process.exit(0);
}

/** The parts of the webhook modules the bench drives when the app does not (loaded at run time: they may not exist). */
interface DispatcherModule {
  createWebhookDispatcher(deps: {
    prisma: PrismaClient;
    clock: typeof systemClock;
    logger: ReturnType<typeof createLogger>;
    sealer: ReturnType<typeof createSealer>;
    recordEvent: ReturnType<typeof createEventRecorder>;
    config: App['config'];
  }): { start(): void; stop(): Promise<void>; wake(): void };
}
interface FanOutModule {
  createWebhookFanOut(deps: { prisma: PrismaClient }): RelayHandler;
}

/** True when some module outside src/webhooks creates a dispatcher (the app runs its own). */
function appStartsDispatcher(): boolean {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return name === 'webhooks' || name === 'generated' ? [] : walk(path);
      return name.endsWith('.ts') ? [path] : [];
    });
  return walk(join(REPO_ROOT, 'src')).some((file) => /createWebhookDispatcher\s*\(/.test(readFileSync(file, 'utf8')));
}

// ------------------------------------------------------------------ baselines

const SAMPLE_BODY = JSON.stringify({
  specversion: '1.0',
  id: 'evt_01kawzzzzzzzzzzzzzzzzzzzzz',
  source: '/issuers/i_01kawzzzzzzzzzzzzzzzzzzzzz',
  type: 'organization.updated',
  subject: 'org_01kawzzzzzzzzzzzzzzzzzzzzz',
  time: new Date().toISOString(),
  datacontenttype: 'application/json',
  data: { name: 'Bench organization', status: 'ACTIVE' },
});
const SAMPLE_HEADERS = {
  'content-type': 'application/cloudevents+json; charset=utf-8',
  'webhook-id': 'evt_01kawzzzzzzzzzzzzzzzzzzzzz',
  'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
  'webhook-signature': `v1,${Buffer.alloc(32).toString('base64')}`,
};

/** `count` POSTs, `concurrency` at a time, with `send`; returns when all have been answered. */
async function loop(count: number, concurrency: number, send: () => Promise<number>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next += 1;
      const status = await send();
      if (status !== 200) throw new Error(`the receiver answered ${status}`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

const fetchOnce = (url: string) => async () => {
  const response = await fetch(url, { method: 'POST', headers: SAMPLE_HEADERS, body: SAMPLE_BODY, signal: AbortSignal.timeout(15_000) });
  await response.arrayBuffer();
  return response.status;
};

/** node:http, a new connection per request (no agent, `connection: close`), as the dispatcher sends. */
const newConnectionOnce = (url: string) => () =>
  new Promise<number>((resolve, reject) => {
    const body = Buffer.from(SAMPLE_BODY);
    const req = httpRequest(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { ...SAMPLE_HEADERS, 'content-length': String(body.length), connection: 'close' },
        timeout: 15_000,
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });

/** Requests/s of a loop, from its start until the receiver had them all (this process's clock). */
async function timedLoop(receiver: WebhookReceiver, concurrency: number, send: () => Promise<number>): Promise<number> {
  const { done } = await receiver.expect(DELIVERIES, 60_000);
  const started = performance.now();
  await loop(DELIVERIES, concurrency, send);
  const { at } = await done;
  return (DELIVERIES * 1000) / (at - started);
}

// ------------------------------------------------------------------ deliveries

interface Result {
  backend: Backend;
  driver: 'app' | 'bench';
  concurrency: number;
  deliveries: number[];
  fetchLoop: number[];
  newConnectionLoop: number[];
  attemptP50: number;
  sqlPerDelivery: number;
}

async function measure(backend: Backend, receiver: WebhookReceiver, appDelivers: boolean): Promise<Result> {
  progress(`${BACKEND_LABEL[backend]}: starting the server`);
  const server: EventBenchServer = await startEventServer(backend, { env: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' } });
  let stopDriver = async () => {};
  try {
    const { app } = server;
    const { issuerId, organizationId } = await createIssuerAndOrg(server, `Webhooks ${backend}`);
    const accountId = await accountOf(server, issuerId);
    const endpoint = await mutate<{ secret: string; webhookEndpoint: { id: string } }>(
      server,
      `mutation($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename ... on CreateWebhookEndpointPayload { secret webhookEndpoint { id } } ... on Error { message } } }`,
      'createWebhookEndpoint',
      { url: `${receiver.url}hook`, eventTypes: ['organization.updated'], description: 'bench receiver' },
    );
    const endpointId = endpoint.webhookEndpoint.id;

    // Moves committed events to the receiver: the app on its own, or the pieces driven here.
    let kick = async () => {};
    if (!appDelivers) {
      const { createWebhookDispatcher } = (await import(pathToFileURL(DISPATCHER).href)) as DispatcherModule;
      const { createWebhookFanOut } = (await import(pathToFileURL(FAN_OUT).href)) as FanOutModule;
      const logger = createLogger('silent');
      const relay = createRelay({
        db: app.db,
        bus: createLocalBus(),
        logger,
        handlers: [createWebhookFanOut({ prisma: app.db.prisma })],
        name: 'bench-webhooks',
      });
      const dispatcher = createWebhookDispatcher({
        prisma: app.db.prisma,
        clock: systemClock,
        logger,
        sealer: createSealer(resolveMasterKey(app.config)),
        recordEvent: createEventRecorder({ clock: systemClock }),
        config: app.config,
      });
      dispatcher.start();
      stopDriver = () => dispatcher.stop();
      kick = async () => {
        await relay.drain();
        dispatcher.wake();
      };
    }

    const deliveryRound = async (count: number, timeoutMs: number): Promise<{ perSecond: number; first: ReceivedRequest | null }> => {
      const { done } = await receiver.expect(count, timeoutMs);
      const started = performance.now();
      await insertEvents(server, { accountId, issuerId, organizationId, type: 'organization.updated', count, batch: 1000 });
      await kick();
      const { at, first } = await done;
      return { perSecond: (count * 1000) / (at - started), first };
    };
    /** Waits until every delivery so far is recorded as succeeded (the last attempts are written after the answer). */
    const settled = async (expected: number) => {
      const deadline = Date.now() + 15_000;
      for (;;) {
        const succeeded = await app.db.prisma.webhookDelivery.count({ where: { endpointId, status: 'succeeded' } });
        if (succeeded >= expected) return;
        if (Date.now() > deadline) throw new Error(`${succeeded} of ${expected} deliveries recorded as succeeded after 15 s`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };

    progress(
      `${backend}: warm-up, ${WARMUP} deliveries (${appDelivers ? "the app's relay and dispatcher" : 'relay + fan-out + dispatcher driven by the bench'})`,
    );
    const warm = await deliveryRound(WARMUP, 15_000);
    if (!warm.first) throw new Error('no delivery was captured');
    // The receiver's first request must carry a valid Standard Webhooks signature of the endpoint's secret.
    new Webhook(endpoint.secret).verify(warm.first.body, warm.first.headers);
    await settled(WARMUP);

    const deliveries: number[] = [];
    const fetchLoop: number[] = [];
    const newConnectionLoop: number[] = [];
    const concurrency = app.config.webhooks.concurrency;
    let statements = 0;
    for (let r = 0; r < ROUNDS; r++) {
      progress(`${backend}: round ${r + 1}/${ROUNDS}: fetch loop, new-connection loop, ${DELIVERIES} deliveries`);
      fetchLoop.push(await timedLoop(receiver, concurrency, fetchOnce(`${receiver.url}baseline`)));
      newConnectionLoop.push(await timedLoop(receiver, concurrency, newConnectionOnce(`${receiver.url}baseline`)));
      const before = app.db.queryCount();
      deliveries.push((await deliveryRound(DELIVERIES, 60_000)).perSecond);
      await settled(WARMUP + (r + 1) * DELIVERIES);
      statements += app.db.queryCount() - before;
    }
    const attempts = await app.db.prisma.webhookAttempt.findMany({ where: { delivery: { endpointId } }, select: { latencyMs: true } });
    return {
      backend,
      driver: appDelivers ? 'app' : 'bench',
      concurrency,
      deliveries,
      fetchLoop,
      newConnectionLoop,
      attemptP50: median(attempts.map((a) => a.latencyMs)),
      sqlPerDelivery: statements / (ROUNDS * DELIVERIES),
    };
  } finally {
    await stopDriver();
    await server.stop();
  }
}

const appDelivers = appStartsDispatcher();
const receiver = await startWebhookReceiver();
const results: Result[] = [];
const notes: string[] = [];
try {
  results.push(await measure('embedded', receiver, appDelivers));
  const noPostgres = await postgresUnavailable();
  if (noPostgres) {
    notes.push(`PostgreSQL not measured: ${noPostgres}.`);
    process.stderr.write(`  … PostgreSQL skipped: ${noPostgres}\n`);
  } else {
    results.push(await measure('postgres', receiver, appDelivers));
  }
} finally {
  await receiver.close();
}

const rows = results.map((r) => {
  const delivered = median(r.deliveries);
  const fetched = median(r.fetchLoop);
  return [
    BACKEND_LABEL[r.backend].replace(', local bus', ''),
    String(r.concurrency),
    fmt(delivered, 0),
    fmt(fetched, 0),
    fmt(median(r.newConnectionLoop), 0),
    ratio(delivered / fetched),
    ratio(delivered / median(r.newConnectionLoop)),
    ms(r.attemptP50),
    fmt(r.sqlPerDelivery, 1),
  ];
});

printTable(
  TITLE,
  [
    'setup',
    'concurrency',
    'deliveries/s',
    'fetch loop req/s (baseline)',
    'new-connection loop req/s',
    'deliveries / fetch',
    'deliveries / new-conn',
    'attempt p50',
    'SQL per delivery',
  ],
  rows,
  [
    `deliveries/s: ${DELIVERIES.toLocaleString('en-US')} events INSERTed into the Event table, from before the INSERT until the receiver had answered every delivery (median of ${ROUNDS} rounds, after ${WARMUP} warm-up deliveries).`,
    results[0]?.driver === 'app'
      ? 'Delivered by the app itself: its relay (fan-out handler) and its dispatcher.'
      : 'src/app.ts starts no webhook dispatcher yet: the bench drives the real pieces as test/webhooks.test.ts does (createRelay with the createWebhookFanOut handler, drained after the INSERT, and a started createWebhookDispatcher), in the bench process.',
    "Every delivery is checked as succeeded in the database; the first one's signature is verified with standardwebhooks against the endpoint secret.",
    'Baselines: the same number of POSTs of the same size to the same receiver from the bench process, `concurrency` at a time: fetch (keep-alive) and node:http with a new connection per request (as the dispatcher sends).',
    "attempt p50: the dispatcher's own recorded latency of one attempt (connect, send, answer). SQL per delivery: every statement of the round (INSERT, relay, fan-out, claims, attempts) over its deliveries.",
    ...notes,
    machineNote().replace('load generated by a separate process', 'the receiver runs in a separate process'),
  ],
);
process.exit(0);
