/**
 * The shared work of a live-event fan-out (issue 12): what many subscribers share must never
 * carry one subscriber's view to another, and sharing must not let an event through to a
 * credential that lost authority.
 * - Streams (events/subscriptions.ts): while a stream re-derives its viewer after an authority
 *   event it delivers nothing, and what waited is delivered only if the re-derived viewer may read
 *   it; streams of the same credential share one re-derivation per authority event.
 * - Payloads (http/use-shared-subscriptions.ts): one execution per event for subscribers with the
 *   same operation and sharing key, a separate one for a different key.
 * - Relay (postgres): a commit whose events are held behind another transaction's horizon reaches
 *   the bus once that transaction ends, without waiting for the idle poll.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { EventEmitter, on } from 'node:events';
import pg from 'pg';
import { createSchema, createYoga } from 'graphql-yoga';
import { parse, type ExecutionResult } from 'graphql';
import { createLocalBus } from '../src/events/bus.js';
import { createEventStreams } from '../src/events/subscriptions.js';
import { createRelay } from '../src/events/relay.js';
import type { OutboxEvent } from '../src/events/outbox.js';
import type { PrismaClient } from '../src/data/database.js';
import { useSharedSubscriptionPayloads } from '../src/http/use-shared-subscriptions.js';
import { createLogger } from '../src/lib/logger.js';
import { newId } from '../src/lib/ids.js';
import { UNRESTRICTED, type Viewer } from '../src/domain/viewer.js';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer, createOrganization } from './helpers/fixtures.js';
import { outboxEvent } from './helpers/outbox-event.js';

const accountId = newId('account');
const orgId = newId('organization');
let seq = 0;

function event(type: string, organizationId: string | null = orgId): OutboxEvent {
  seq++;
  return outboxEvent(accountId, seq, { type, organizationId });
}

const orgKey = (scopes: string[]): Viewer => ({
  kind: 'organization_api_key',
  credentialId: 'key_shared',
  accountId,
  issuerId: 'i_x',
  organizationId: orgId,
  scopes,
  restrictions: UNRESTRICTED,
});

/** Lets every pending promise callback run (no timing involved). */
const settle = async () => {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Streams on a local bus whose re-derivation answers `answer(viewer)` and records each viewer it was asked for. */
function recordingStreams(answer: (viewer: Viewer) => Viewer | null) {
  const bus = createLocalBus();
  const calls: Viewer[] = [];
  const streams = createEventStreams({
    prisma: null as unknown as PrismaClient,
    bus,
    refresh: async (v) => {
      calls.push(v);
      return answer(v);
    },
  });
  return { bus, streams, calls };
}

describe('streams share re-derivations and hold events while one runs', () => {
  it('delivers nothing while the re-check runs, then ends without the waiting events when events:read is gone', async () => {
    const bus = createLocalBus();
    let answer: (v: Viewer | null) => void = () => {};
    const streams = createEventStreams({
      prisma: null as unknown as PrismaClient,
      bus,
      refresh: () => new Promise<Viewer | null>((resolve) => (answer = resolve)),
    });
    const stream = streams.stream(orgKey(['events:read']), {}, null, streams.authorityMark());
    const first = stream.next();
    let settled = false;
    void first.then(
      () => (settled = true),
      () => (settled = true),
    );
    // the scope removal and an event committed after it, in one batch
    await bus.publish([event('organization.membership.updated'), event('organization.updated')]);
    await settle();
    expect(settled).toBe(false);
    answer(orgKey([]));
    await expect(first).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN', reason: 'STREAM_AUTHORITY_LOST' } });
    expect((await stream.next()).done).toBe(true);
    expect(streams.size()).toBe(0);
    await bus.close();
  });

  it('after a re-check that keeps the viewer, delivers what waited in order', async () => {
    const bus = createLocalBus();
    let release: () => void = () => {};
    const streams = createEventStreams({
      prisma: null as unknown as PrismaClient,
      bus,
      refresh: (v) => new Promise<Viewer | null>((resolve) => (release = () => resolve(v))),
    });
    const stream = streams.stream(orgKey(['events:read']), {}, null, streams.authorityMark());
    const first = stream.next();
    const batch = [
      event('organization.membership.updated'),
      event('organization.updated'),
      event('organization.updated', newId('organization')),
    ];
    await bus.publish(batch);
    await settle();
    release();
    expect((await first).value?.id).toBe(batch[0]!.id);
    expect((await stream.next()).value?.id).toBe(batch[1]!.id);
    await stream.return?.();
    await bus.close();
  });

  it('streams of the same credential share one re-derivation per authority event; another credential gets its own', async () => {
    const { bus, streams, calls } = recordingStreams((v) => v);
    // equal viewers as distinct objects (each connection derives its own), and one other credential
    const same = [0, 1, 2].map(() => streams.stream(orgKey(['events:read']), {}, null, streams.authorityMark()));
    const other = streams.stream({ ...orgKey(['events:read']), credentialId: 'key_other' }, {}, null, streams.authorityMark());
    const pending = [...same, other].map((s) => s.next());
    await bus.publish([event('api-key.revoked')]);
    for (const p of pending) expect((await p).value?.type).toBe('api-key.revoked');
    expect(calls.map((v) => v.credentialId).sort()).toEqual(['key_other', 'key_shared']);
    // a later authority event: a new re-derivation, never the earlier one
    const again = [...same, other].map((s) => s.next());
    await bus.publish([event('api-key.revoked')]);
    for (const p of again) await p;
    expect(calls).toHaveLength(4);
    for (const s of [...same, other]) await s.return?.();
    await bus.close();
  });
});

describe('a stream derives its viewer again when authority changed before it listened', () => {
  it('an authority event heard between deriving the viewer and the first pull (no stream listening yet) ends the stream once it starts', async () => {
    const { bus, streams, calls } = recordingStreams(() => null); // revoked meanwhile
    const derivedAt = streams.authorityMark(); // read before the viewer is derived (graphql-ws onSubscribe)
    await bus.publish([event('api-key.revoked')]); // heard by no stream: none listens yet
    expect(streams.authorityMark()).toBe(derivedAt + 1);
    const stream = streams.stream(orgKey(['events:read']), {}, null, derivedAt);
    await expect(stream.next()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED', reason: 'STREAM_AUTHORITY_LOST' } });
    expect(calls).toHaveLength(1);
    await bus.close();
  });

  it('no authority event since the viewer was derived: the stream starts without deriving it again; unknown: it derives it', async () => {
    const { bus, streams, calls } = recordingStreams((v) => v);
    await bus.publish([event('api-key.revoked')]);
    const current = streams.stream(orgKey(['events:read']), {}, null, streams.authorityMark());
    const first = current.next();
    await bus.publish([event('organization.updated')]);
    expect((await first).value?.type).toBe('organization.updated');
    expect(calls).toHaveLength(0);
    const unknown = streams.stream({ ...orgKey(['events:read']), credentialId: 'key_other' }, {}, null);
    const next = unknown.next();
    await bus.publish([event('organization.updated')]);
    expect((await next).value?.type).toBe('organization.updated');
    expect(calls.map((v) => v.credentialId)).toEqual(['key_other']);
    await current.return?.();
    await unknown.return?.();
    await bus.close();
  });
});

describe('shared subscription payloads', () => {
  it('executes a payload once per event for subscribers with the same key, and separately for another key', async () => {
    const source = new EventEmitter();
    let executions = 0;
    const yoga = createYoga<{ who: string }>({
      schema: createSchema<{ who: string }>({
        typeDefs: /* GraphQL */ `
          type Query { ok: Boolean }
          type Tick { n: Int! seenBy: String! }
          type Subscription { ticks: Tick! }
        `,
        resolvers: {
          Subscription: {
            ticks: {
              subscribe: async function* (_root, _args, _ctx, info) {
                void info;
                for await (const [tick] of on(source, 'tick')) yield tick as { n: number };
              },
              resolve: (tick: { n: number }) => tick,
            },
          },
          Tick: {
            seenBy: (_tick: unknown, _args: unknown, ctx: { who: string }) => {
              executions++;
              return ctx.who;
            },
          },
        },
      }),
      plugins: [useSharedSubscriptionPayloads<{ who: string }>({ shareKey: (ctx) => ctx.who })],
    });
    const document = parse('subscription { ticks { n seenBy } }');
    async function subscriber(who: string): Promise<AsyncIterator<ExecutionResult>> {
      const { subscribe, contextFactory, schema } = yoga.getEnveloped({ who } as never);
      const result = await subscribe({ schema, document, contextValue: await contextFactory() });
      return (result as AsyncIterable<ExecutionResult>)[Symbol.asyncIterator]();
    }
    const subscribers = [await subscriber('alice'), await subscriber('alice'), await subscriber('bob')];
    const next = subscribers.map((s) => s.next());
    await settle();
    source.emit('tick', { n: 1 });
    const results = await Promise.all(next);
    expect(results.map((r) => (r.value as ExecutionResult<{ ticks: { seenBy: string } }>).data?.ticks.seenBy)).toEqual([
      'alice',
      'alice',
      'bob',
    ]);
    expect(executions).toBe(2);
    for (const s of subscribers) await s.return?.();
  });
});

const onPostgres = process.env.AUTHGRAPH_TEST_DB === 'postgres';

describe.skipIf(!onPostgres)('relay behind another transaction (PostgreSQL)', () => {
  let server: TestServer | null = null;
  afterAll(async () => {
    await server?.stop();
  });

  it('relays a notified commit once the transaction holding the read horizon ends, without waiting for the idle poll', async () => {
    server = await startServer();
    const app = server.app;
    // this test's relay alone, with an idle poll far longer than the test
    await app.relay.stop();
    const bus = createLocalBus();
    const relay = createRelay({ db: app.db, bus, logger: createLogger('silent'), idleMs: 600_000, name: 'held-horizon' });
    const received: string[] = [];
    bus.subscribe((events) => received.push(...events.map((e) => e.type)));
    relay.start();
    for (let i = 0; i < 100 && !relay.isLeader(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(relay.isLeader()).toBe(true);
    await relay.drain();
    received.length = 0;

    const config = app.config.database;
    if (config.kind !== 'postgres') throw new Error('postgres only');
    const blocker = new pg.Client({ connectionString: config.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('SELECT pg_current_xact_id()');
      const issuer = await createIssuer(server.gql, 'Held horizon');
      await createOrganization(server.gql, issuer.id, { name: 'Held' });
      // the commits notified the relay; their events are not readable while the blocker runs
      await new Promise((r) => setTimeout(r, 300));
      expect(received).not.toContain('organization.created');
      await blocker.query('COMMIT');
      const deadline = Date.now() + 10_000;
      while (!received.includes('organization.created') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(received).toContain('organization.created');
    } finally {
      await blocker.end();
      await relay.stop();
      await bus.close();
    }
  });
});
