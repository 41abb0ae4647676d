/**
 * Adversarial review of the shared live-event fan-out (issue 12: commits f054cc0, 7346a20,
 * 1334297, 6ef5903). Each test names the property it attacks; the first ones were failing
 * findings (fixed in src/events/subscriptions.ts), the others guard properties that held.
 *
 * - Finding: a stream resuming with `after` kept sending its replay after its credential lost
 *   authority (revoked key, removed scope), and sent replayed events while a re-check was in
 *   flight: only the live queue was held and checked, the replay was read with the viewer of the
 *   stream's opening until it ran out.
 * - Finding: a re-derivation that failed (database unreachable) kept the stream's viewer as it
 *   was, so a key revoked during a hiccup kept streaming until some later authority event. Now
 *   the re-check is retried while the stream holds its events.
 * - Finding: the shared payload memo lived as long as the event object, so one lagging stream
 *   (up to MAX_QUEUED events queued) kept every other subscriber's results of those events alive:
 *   1 000 subscribers with distinct credentials and one lagging, 1 000 events: ~405 MiB of heap
 *   held (0 without sharing). Now only the last SHARED_EVENTS_WINDOW events keep payloads.
 * - Guards (real server, real graphql-ws and SSE clients): two tenants subscribing with the same
 *   query text, over both transports and with variables in different JSON orders, each get their
 *   own organization's events only; unsubscribe cycles leave no stream or bus listener behind;
 *   a revoked key's socket shared by two subscriptions closes with 4403.
 */
import { afterAll, describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import { createSchema, createYoga } from 'graphql-yoga';
import { parse, type ExecutionResult } from 'graphql';
import { SHARED_EVENTS_WINDOW, useSharedSubscriptionPayloads } from '../src/http/use-shared-subscriptions.js';
import WebSocket from 'ws';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { createLocalBus } from '../src/events/bus.js';
import { createEventStreams } from '../src/events/subscriptions.js';
import type { PrismaClient } from '../src/data/database.js';
import { newId } from '../src/lib/ids.js';
import { UNRESTRICTED, type Viewer } from '../src/domain/viewer.js';
import type { OutboxEvent } from '../src/events/outbox.js';
import { startServer, type TestServer } from './helpers/server.js';
import { readSseMessages, type ReceivedEvent } from './helpers/sse.js';
import { basic } from './helpers/graphql.js';
import { createApiKey, createIssuer, createOrganization } from './helpers/fixtures.js';
import { outboxEvent, outboxRow } from './helpers/outbox-event.js';

const accountId = newId('account');
const orgId = newId('organization');

const viewer: Viewer = {
  kind: 'organization_api_key',
  credentialId: 'key_replayer',
  accountId,
  issuerId: 'i_x',
  organizationId: orgId,
  scopes: ['events:read'],
  restrictions: UNRESTRICTED,
};

const row = (seq: number) => outboxRow(accountId, orgId, seq);

/**
 * A database with `count` committed events after the resume point: positionOf answers the first
 * query, readOutbox pages (500 rows) the following ones.
 */
function outboxOf(count: number): PrismaClient {
  const rows = Array.from({ length: count }, (_, i) => row(i + 2));
  let calls = 0;
  let offset = 0;
  return {
    $queryRaw: async () => {
      if (calls++ === 0) return [{ txid_text: '10', seq: 1n }];
      const page = rows.slice(offset, offset + 500);
      offset += page.length;
      return page;
    },
  } as unknown as PrismaClient;
}

function authorityEvent(): OutboxEvent {
  return outboxEvent(accountId, 100_000, { organizationId: orgId, type: 'api-key.revoked', position: { txid: 20n, seq: 100_000n } });
}

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
};

describe('finding: a replay (`after`) stops when its credential loses authority', () => {
  it('a key revoked in the middle of a replay ends the stream at its next event, not after the replay', async () => {
    const bus = createLocalBus();
    // each replay page read re-derives the viewer (valid until the revocation)
    let revoked = false;
    const streams = createEventStreams({ prisma: outboxOf(600), bus, refresh: async (v) => (revoked ? null : v) });
    const stream = streams.stream(viewer, {}, newId('event'), streams.authorityMark());
    expect((await stream.next()).done).toBe(false);
    revoked = true;
    await bus.publish([authorityEvent()]);
    await settle();
    await expect(stream.next()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'STREAM_AUTHORITY_LOST' } });
    expect((await stream.next()).done).toBe(true);
    expect(streams.size()).toBe(0);
    await bus.close();
  });

  it('events:read removed mid-replay: FORBIDDEN, and no replayed event goes out while the re-check runs', async () => {
    const bus = createLocalBus();
    let answer: (v: Viewer | null) => void = () => {};
    let answered = 0;
    const streams = createEventStreams({
      prisma: outboxOf(10),
      bus,
      // the first re-derivation (after the replay's page is read) keeps the viewer; the next is held
      refresh: (v) => (answered++ === 0 ? Promise.resolve(v) : new Promise<Viewer | null>((resolve) => (answer = resolve))),
    });
    const stream = streams.stream(viewer, {}, newId('event'), streams.authorityMark());
    expect((await stream.next()).done).toBe(false);
    await bus.publish([authorityEvent()]);
    const held = stream.next();
    let settled = false;
    void held.then(
      () => (settled = true),
      () => (settled = true),
    );
    await settle();
    expect(settled).toBe(false);
    answer({ ...viewer, scopes: [] });
    await expect(held).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'STREAM_AUTHORITY_LOST' } });
    await bus.close();
  });

  it('a re-check that keeps the viewer lets the replay go on, in order, then live', async () => {
    const bus = createLocalBus();
    let release: () => void = () => {};
    let refreshes = 0;
    const streams = createEventStreams({
      prisma: outboxOf(3),
      bus,
      // the first re-derivation (after the replay's page is read) answers at once; the next is held
      refresh: (v) => (refreshes++ === 0 ? Promise.resolve(v) : new Promise<Viewer | null>((resolve) => (release = () => resolve(v)))),
    });
    const stream = streams.stream(viewer, {}, newId('event'), streams.authorityMark());
    const seqs: bigint[] = [];
    seqs.push((await stream.next()).value!.seq);
    const live = authorityEvent();
    await bus.publish([live]);
    const held = stream.next();
    await settle();
    release();
    seqs.push((await held).value!.seq);
    seqs.push((await stream.next()).value!.seq);
    expect(seqs).toEqual([2n, 3n, 4n]);
    expect((await stream.next()).value?.id).toBe(live.id);
    await stream.return?.();
    await bus.close();
  });
});

describe('finding: a failed re-check does not keep a revoked credential streaming', () => {
  it('the re-derivation fails once (database hiccup), then finds the key revoked: nothing is delivered meanwhile, and the stream ends', async () => {
    const bus = createLocalBus();
    let calls = 0;
    const streams = createEventStreams({
      prisma: null as unknown as PrismaClient,
      bus,
      refresh: async () => {
        calls++;
        if (calls === 1) throw new Error('connection terminated');
        return null;
      },
    });
    const stream = streams.stream(viewer, {}, null, streams.authorityMark());
    const first = stream.next();
    const later = { ...authorityEvent(), type: 'organization.updated', position: { txid: 21n, seq: 1n } };
    await bus.publish([authorityEvent()]);
    await bus.publish([later]);
    await expect(first).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'STREAM_AUTHORITY_LOST' } });
    expect(calls).toBe(2);
    expect(streams.size()).toBe(0);
    await bus.close();
  });
});

describe("finding: a lagging stream does not keep other subscribers' shared payloads alive", () => {
  it('a result taken by an up-to-date subscriber is freed once it left the sharing window, though a lagging queue still holds its event', async () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const listeners = new Set<(e: object) => void>();
    const yoga = createYoga<{ who: string }>({
      schema: createSchema<{ who: string }>({
        typeDefs: /* GraphQL */ `
          type Query { ok: Boolean }
          type Ev { n: Int! }
          type Subscription { ev: Ev! }
        `,
        resolvers: {
          Subscription: {
            ev: {
              subscribe: () => {
                const queue: object[] = [];
                let wake: (() => void) | null = null;
                const listener = (e: object) => {
                  queue.push(e);
                  wake?.();
                };
                listeners.add(listener);
                const iterator: AsyncIterableIterator<object> = {
                  [Symbol.asyncIterator]: () => iterator,
                  next: async () => {
                    while (!queue.length) await new Promise<void>((resolve) => (wake = resolve));
                    return { value: queue.shift()!, done: false };
                  },
                  return: async () => {
                    listeners.delete(listener);
                    return { value: undefined, done: true };
                  },
                };
                return iterator;
              },
              resolve: (e: unknown) => e,
            },
          },
        },
      }),
      plugins: [useSharedSubscriptionPayloads<{ who: string }>({ shareKey: (ctx) => ctx.who })],
    });
    const document = parse('subscription { ev { n } }');
    const subscribers: AsyncIterator<ExecutionResult>[] = [];
    for (const who of ['alice', 'alice', 'bob']) {
      const { subscribe, contextFactory, schema } = yoga.getEnveloped({ who } as never);
      const result = await subscribe({ schema, document, contextValue: await contextFactory() });
      subscribers.push((result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]());
    }
    // a lagging stream's queue: it holds every event and never takes one
    const lagging: object[] = [];
    listeners.add((e) => lagging.push(e));
    const emit = (n: number) => {
      const e = { n };
      for (const l of [...listeners]) l(e);
    };
    emit(0);
    const first = await Promise.all(subscribers.map((s) => s.next()));
    // same key: one shared result; another key: its own
    expect(first[0]!.value).toBe(first[1]!.value);
    expect(first[2]!.value).not.toBe(first[0]!.value);
    const taken = new WeakRef(first[2]!.value as object);
    first.length = 0;
    for (let n = 1; n <= SHARED_EVENTS_WINDOW + 1; n++) {
      emit(n);
      const results = await Promise.all(subscribers.map((s) => s.next()));
      expect(results.map((r) => (r.value as ExecutionResult<{ ev: { n: number } }>).data?.ev.n)).toEqual([n, n, n]);
    }
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(lagging).toHaveLength(SHARED_EVENTS_WINDOW + 2);
    expect(taken.deref()).toBeUndefined();
    for (const s of subscribers) await s.return?.();
  });
});

const SUBSCRIPTION = `subscription Review($f: EventStreamFilter) { events(filter: $f) { id type subject organizationId __typename } }`;

type Received = ReceivedEvent;

describe('guards on a real server (graphql-ws and SSE, two tenants)', () => {
  let server: TestServer;
  const clients: Client[] = [];
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await server?.stop();
  });

  function ws(authorization: string) {
    let closed!: (e: { code: number; reason: string }) => void;
    const ended = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
    let acknowledged!: () => void;
    const ready = new Promise<void>((resolve) => (acknowledged = resolve));
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
    });
    clients.push(client);
    client.on('connected', () => acknowledged());
    client.on('closed', (e) => closed({ code: (e as { code: number }).code, reason: String((e as { reason?: string }).reason ?? '') }));
    const subscribe = (variables: Record<string, unknown>) => {
      const got: Received[] = [];
      const errors: unknown[] = [];
      const stop = client.subscribe(
        { query: SUBSCRIPTION, variables },
        {
          next: (r) => {
            if (r.errors) errors.push(r.errors);
            const e = (r.data as { events?: Received } | undefined)?.events;
            if (e) got.push(e);
          },
          error: (e) => errors.push(e),
          complete: () => {},
        },
      );
      return { got, errors, stop };
    };
    return { ready, ended, subscribe };
  }

  async function sse(authorization: string, variables: Record<string, unknown>) {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: SUBSCRIPTION, variables }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const got: Received[] = [];
    void readSseMessages(res.body!, (message) => {
      const e = (message as { data?: { events?: Received } }).data?.events;
      if (e) got.push(e);
    }).catch(() => {}); // aborted
    return { got, abort: () => controller.abort() };
  }

  const until = async (what: string, ok: () => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  it('same query text, two tenants, ws and SSE, variables in different JSON orders: each subscriber gets its own organization only', async () => {
    server = await startServer();
    const issuerA = await createIssuer(server.gql);
    const issuerB = await createIssuer(server.gql);
    const orgA = await createOrganization(server.gql, issuerA.id);
    const orgB = await createOrganization(server.gql, issuerB.id);
    const keyA = await createApiKey(server.gql, { organizationId: orgA.id, scopes: ['events:read', 'api-keys:write'] });
    const keyB = await createApiKey(server.gql, { organizationId: orgB.id, scopes: ['events:read', 'api-keys:write'] });
    const authA = basic(keyA.id, keyA.secret);
    const authB = basic(keyB.id, keyB.secret);
    // the creations so far reach the bus before anyone subscribes
    await server.app.relay.drain();

    const socketA = ws(authA);
    const socketB = ws(authB);
    await Promise.all([socketA.ready, socketB.ready]);
    const types = ['api-key.created'];
    // one socket, two subscriptions of the same text, the variables' keys in two orders
    const a1 = socketA.subscribe({ f: { types, organizationId: orgA.id } });
    const a2 = socketA.subscribe({ f: { organizationId: orgA.id, types } });
    const b1 = socketB.subscribe({ f: { types } });
    // account-wide viewer with the same text: sees both
    const socketAdmin = ws(basic(server.keyId, server.keySecret));
    await socketAdmin.ready;
    const all = socketAdmin.subscribe({ f: { types } });
    const sseB = await sse(authB, { f: { types } });
    const sseA = await sse(authA, { f: { organizationId: orgA.id, types } });
    await new Promise((r) => setTimeout(r, 300));

    const createdA = await createApiKey(server.gql, { organizationId: orgA.id, scopes: ['events:read'] });
    const createdB = await createApiKey(server.gql, { organizationId: orgB.id, scopes: ['events:read'] });
    const has = (g: Received[], subject: string) => g.some((e) => e.subject === subject);
    await until(
      'every subscriber',
      () =>
        [a1.got, a2.got, sseA.got].every((g) => has(g, createdA.id)) &&
        [b1.got, sseB.got].every((g) => has(g, createdB.id)) &&
        has(all.got, createdA.id) &&
        has(all.got, createdB.id),
    );
    await new Promise((r) => setTimeout(r, 300));
    for (const g of [a1.got, a2.got, sseA.got, b1.got, sseB.got, all.got]) expect(new Set(g.map((e) => e.id)).size).toBe(g.length);
    for (const g of [a1.got, a2.got, sseA.got]) expect(g.filter((e) => e.organizationId !== orgA.id)).toEqual([]);
    for (const g of [b1.got, sseB.got]) expect(g.filter((e) => e.organizationId !== orgB.id)).toEqual([]);
    for (const s of [a1, a2, b1, all]) expect(s.errors).toEqual([]);
    sseA.abort();
    sseB.abort();

    // the revoked key's socket closes with 4403 although its two subscriptions share payloads
    await server.gql.request(`mutation Revoke($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }`, { id: keyA.id });
    const closed = await Promise.race([
      socketA.ended,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('socket A not closed')), 8000)),
    ]);
    expect(closed.code).toBe(4403);
    // B's stream is unaffected
    const createdB2 = await createApiKey(server.gql, { organizationId: orgB.id, scopes: ['events:read'] });
    await until('B after A revoked', () => has(b1.got, createdB2.id));
    expect(b1.got.every((e) => e.organizationId === orgB.id)).toBe(true);
    for (const s of [b1, all]) s.stop();
  });

  it('many subscribe/unsubscribe cycles (ws and SSE) leave no open stream behind', async () => {
    const socket = ws(basic(server.keyId, server.keySecret));
    await socket.ready;
    const streams = server.app.streams;
    const before = streams.size();
    for (let i = 0; i < 30; i++) {
      const s = socket.subscribe({ f: { types: [`api-key.created.${i}`] } });
      await until('the ws stream opened', () => streams.size() > before);
      s.stop();
      await until('the ws stream closed', () => streams.size() === before);
      const e = await sse(basic(server.keyId, server.keySecret), { f: { types: [`api-key.created.${i}`] } });
      await until('the SSE stream opened', () => streams.size() > before);
      e.abort();
      await until('the SSE stream closed', () => streams.size() === before);
    }
  });
});
