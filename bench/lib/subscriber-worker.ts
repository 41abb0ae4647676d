/**
 * The subscriber side of the mutation-to-subscriber figure, run as a child process
 * (`runForkedJob('subscriber-worker.ts', job)` from ./fork-job.ts) so that the server's process
 * runs no clients. Per phase it opens `subscribers` graphql-ws clients (one WebSocket each)
 * subscribed to organization.created of one issuer, then sends createOrganization over HTTP one
 * at a time, and for each one times, on this process's clock, the HTTP round trip and the
 * arrival of the event at every subscriber; it closes every socket before the next phase. With
 * `subscribers: 0` it only times the mutation (the baseline). Bounded: at most MAX_SUBSCRIBERS
 * sockets, opened `connectConcurrency` at a time, at most 5 000 mutations and a time budget per
 * phase, 127.0.0.1 only.
 * @module
 */
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { createClient, type Client } from 'graphql-ws';
import { assertLoopback, serveOneJob } from './fork-job.js';

export const MAX_SUBSCRIBERS = 2000;
const EVENT_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15_000;

export interface SubscriberPhase {
  /** 0: no subscription, only the mutation's round trip (the baseline) */
  subscribers: number;
  /** mutations timed (after the warm-up) */
  iterations: number;
  /** mutations sent and waited for, not timed */
  warmup: number;
}

export interface SubscriberJob {
  /** http://127.0.0.1:port of the server (GraphQL at /graphql, WebSocket at ws://…/graphql) */
  url: string;
  authorization: string;
  issuerId: string;
  /** run one after another; each opens its subscribers and closes them before the next */
  phases: SubscriberPhase[];
  /** sockets opened at the same time */
  connectConcurrency: number;
  /** per phase, opening and closing included; measuring stops early when it runs out */
  phaseBudgetMs: number;
  /** org names are `${tag} ${n}` */
  tag: string;
}

export interface SubscriberJobReply {
  kind: 'subscribers';
  phases: SubscriberReply[];
}

export interface SubscriberReply {
  subscribers: number;
  /** opening and subscribing every socket, until each one had received a first event */
  readyMs: number;
  /** HTTP round trip of each timed mutation */
  mutationMs: number[];
  /** every (timed mutation, subscriber) pair: event arrival − mutation sent */
  deliveryMs: number[];
  /** per timed mutation: when the last subscriber had it */
  slowestMs: number[];
  /** deliveries that did not arrive within EVENT_TIMEOUT_MS */
  lost: number;
  /** the budget ran out before `iterations` mutations */
  truncated: boolean;
  closeMs: number;
}

const MUTATION = `mutation BenchLiveCreateOrg($input: CreateOrganizationInput!) { createOrganization(input: $input) { __typename ... on CreateOrganizationPayload { organization { id } } ... on Error { message } } }`;
const SUBSCRIPTION = `subscription BenchLiveEvents($filter: EventStreamFilter) { events(filter: $filter) { id type organizationId } }`;

let counter = 0;

async function run(job: SubscriberJob): Promise<SubscriberJobReply> {
  assertLoopback(job.url);
  if (job.phases.length > 8) throw new Error('at most 8 phases per job');
  const phases: SubscriberReply[] = [];
  for (const phase of job.phases) phases.push(await runPhase(job, phase));
  return { kind: 'subscribers', phases };
}

async function runPhase(job: SubscriberJob, phase: SubscriberPhase): Promise<SubscriberReply> {
  if (!(phase.subscribers >= 0 && phase.subscribers <= MAX_SUBSCRIBERS))
    throw new Error(`subscribers must be within [0, ${MAX_SUBSCRIBERS}]`);
  if (phase.iterations + phase.warmup > 5000) throw new Error('at most 5000 mutations per phase');
  const deadline = performance.now() + Math.min(job.phaseBudgetMs, 60_000);
  const started = performance.now();
  const wsUrl = `${job.url.replace(/^http/, 'ws')}/graphql`;
  const n = phase.subscribers;

  // organizationId → arrival times (this process's clock); the waiter of the mutation in flight
  const arrivals = new Map<string, number[]>();
  const received = new Uint32Array(n);
  let waiting: { organizationId: string; resolve: () => void } | null = null;
  const failures: string[] = [];

  const clients: Client[] = [];
  const unsubscribes: (() => void)[] = [];

  async function createOrganization(): Promise<{ id: string; sentAt: number; ms: number }> {
    const sentAt = performance.now();
    const response = await fetch(`${job.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        authorization: job.authorization,
      },
      body: JSON.stringify({ query: MUTATION, variables: { input: { issuerId: job.issuerId, name: `${job.tag} ${counter++}` } } }),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = performance.now() - sentAt;
    const id = (JSON.parse(text) as { data?: { createOrganization?: { organization?: { id: string } } } }).data?.createOrganization
      ?.organization?.id;
    if (response.status !== 200 || !id) throw new Error(`createOrganization answered ${response.status}: ${text.slice(0, 300)}`);
    return { id, sentAt, ms };
  }

  /** Resolves once `n` subscribers have the event of `organizationId` (or after `timeoutMs`). */
  function allReceived(organizationId: string, timeoutMs: number): Promise<void> {
    if ((arrivals.get(organizationId)?.length ?? 0) >= n) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        waiting = null;
        resolve();
      }
      waiting = { organizationId, resolve: done };
    });
  }

  function open(index: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: job.authorization },
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: (error) => reject(new Error(`subscriber ${index}: ${String((error as { reason?: string }).reason ?? error)}`)),
        on: { connected: () => resolve() },
      });
      clients.push(client);
      const unsubscribe = client.subscribe<{ events: { id: string; type: string; organizationId: string | null } }>(
        { query: SUBSCRIPTION, variables: { filter: { types: ['organization.created'], issuerId: job.issuerId } } },
        {
          next: (message) => {
            const at = performance.now();
            const organizationId = message.data?.events.organizationId;
            if (!organizationId) {
              if (failures.length < 5) failures.push(`subscriber ${index}: ${JSON.stringify(message.errors ?? message).slice(0, 300)}`);
              return;
            }
            received[index]! += 1;
            let list = arrivals.get(organizationId);
            if (!list) arrivals.set(organizationId, (list = []));
            list.push(at);
            if (waiting && waiting.organizationId === organizationId && list.length >= n) waiting.resolve();
          },
          error: (error) => {
            if (failures.length < 5)
              failures.push(`subscriber ${index} ended: ${error instanceof Error ? error.message : JSON.stringify(error).slice(0, 300)}`);
          },
          complete: () => {},
        },
      );
      unsubscribes.push(unsubscribe);
    });
  }

  const reply: SubscriberReply = {
    subscribers: n,
    readyMs: 0,
    mutationMs: [],
    deliveryMs: [],
    slowestMs: [],
    lost: 0,
    truncated: false,
    closeMs: 0,
  };
  try {
    // Open every socket, a bounded number at a time.
    for (let i = 0; i < n; i += job.connectConcurrency) {
      if (performance.now() > deadline) throw new Error(`opening ${n} subscribers exceeded the budget`);
      const batch = [];
      for (let j = i; j < Math.min(n, i + job.connectConcurrency); j++) batch.push(open(j));
      await Promise.all(batch);
    }
    // A subscription is live once its first event arrives: prime until every socket had one.
    if (n > 0) {
      for (let attempt = 0; received.some((count) => count === 0); attempt++) {
        if (attempt >= 30 || performance.now() > deadline)
          throw new Error(`only ${received.filter((c) => c > 0).length}/${n} subscribers received an event; ${failures.join('; ')}`);
        const { id } = await createOrganization();
        await allReceived(id, 2000);
        arrivals.delete(id);
      }
    }
    reply.readyMs = performance.now() - started;

    for (let i = 0; i < phase.warmup + phase.iterations; i++) {
      if (performance.now() > deadline) {
        reply.truncated = true;
        break;
      }
      const { id, sentAt, ms } = await createOrganization();
      if (n > 0) await allReceived(id, EVENT_TIMEOUT_MS);
      const times = arrivals.get(id) ?? [];
      arrivals.delete(id);
      if (i < phase.warmup) continue;
      reply.mutationMs.push(ms);
      if (n === 0) continue;
      for (const at of times) reply.deliveryMs.push(at - sentAt);
      reply.lost += Math.max(0, n - times.length);
      if (times.length > 0) reply.slowestMs.push(Math.max(...times) - sentAt);
    }
  } finally {
    const closing = performance.now();
    for (const unsubscribe of unsubscribes) unsubscribe();
    await Promise.allSettled(clients.map((c) => c.dispose()));
    reply.closeMs = performance.now() - closing;
  }
  if (failures.length && reply.lost > 0) throw new Error(`subscribers failed: ${failures.join('; ')}`);
  return reply;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) serveOneJob(run);
