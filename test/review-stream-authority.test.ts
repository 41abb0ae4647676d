/**
 * Review of the live streams' authority re-check (events/subscriptions.ts): a stream whose viewer
 * was derived before an authority event it never heard derives it again at start. That second
 * derivation must read live state: it must not be served a re-derivation another stream of the
 * same credential made before that authority event (the hub shares re-derivations per
 * "generation", which must end with every authority event this node hears, streams open or not).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createLocalBus } from '../src/events/bus.js';
import { createEventStreams } from '../src/events/subscriptions.js';
import type { OutboxEvent } from '../src/events/outbox.js';
import type { PrismaClient } from '../src/data/database.js';
import { newId } from '../src/lib/ids.js';
import { UNRESTRICTED, type Viewer } from '../src/domain/viewer.js';
import { outboxEvent, outboxRow } from './helpers/outbox-event.js';
import WebSocket from 'ws';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { startServer, type TestServer } from './helpers/server.js';
import { readSseMessages, type ReceivedEvent } from './helpers/sse.js';
import { basic } from './helpers/graphql.js';
import { createApiKey, createIssuer, createOrganization } from './helpers/fixtures.js';
import { gqlAs } from './helpers/tenants.js';

const accountId = newId('account');
const orgId = newId('organization');
let seq = 0;

function event(type: string): OutboxEvent {
  seq++;
  return outboxEvent(accountId, seq, { type, organizationId: orgId });
}

const orgKey: Viewer = {
  kind: 'organization_api_key',
  credentialId: 'key_review',
  accountId,
  issuerId: 'i_x',
  organizationId: orgId,
  scopes: ['events:read'],
  restrictions: UNRESTRICTED,
};

describe('a stream that starts after an authority event no stream heard re-derives from live state', () => {
  it('does not reuse a re-derivation an earlier (closed) stream of the same credential made before the revocation', async () => {
    const bus = createLocalBus();
    let revoked = false;
    const calls: boolean[] = [];
    const streams = createEventStreams({
      prisma: null as unknown as PrismaClient,
      bus,
      refresh: async (v) => {
        calls.push(revoked);
        return revoked ? null : v;
      },
    });
    // 1. an SSE stream (no mark: it re-derives at start, valid), receives one event, is closed
    const first = streams.stream(orgKey, {}, null);
    const firstNext = first.next();
    await bus.publish([event('organization.updated')]);
    expect((await firstNext).value?.type).toBe('organization.updated');
    await first.return?.();
    expect(streams.size()).toBe(0);
    // 2. the same credential subscribes again: its viewer is derived (valid) ...
    const derivedAt = streams.authorityMark();
    // 3. ... then the key is revoked before the stream's first pull; no stream listens
    revoked = true;
    await bus.publish([event('api-key.revoked')]);
    expect(streams.authorityMark()).toBe(derivedAt + 1);
    // 4. the stream starts: it must derive the viewer again from live state and end
    const second = streams.stream(orgKey, {}, null, derivedAt);
    const secondNext = second.next();
    await bus.publish([event('organization.updated')]);
    const outcome = await Promise.race([
      secondNext.then(
        (r) => `delivered ${r.value?.type}`,
        (e: { extensions?: { reason?: string } }) => `ended ${e.extensions?.reason}`,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 500)),
    ]);
    expect(outcome).toBe('ended STREAM_AUTHORITY_LOST');
    expect(calls).toEqual([false, true]);
    await second.return?.();
    await bus.close();
  });
});

describe('a replay (`after`) does not carry events committed after a revocation its node has not heard yet', () => {
  it('re-derives the viewer after reading a page, before yielding it: the revocation committed before the read ends the stream', async () => {
    const bus = createLocalBus();
    let revoked = false;
    const calls: boolean[] = [];
    let queries = 0;
    // positionOf answers the resume point; the page read happens after the key's revocation and
    // an event committed after it were committed (the relay has not published either yet)
    const prisma = {
      $queryRaw: async () => {
        if (queries++ === 0) return [{ txid_text: '10', seq: 1n }];
        if (queries > 2) return [];
        revoked = true;
        return [outboxRow(accountId, orgId, 2, 11)];
      },
    } as unknown as PrismaClient;
    const streams = createEventStreams({
      prisma,
      bus,
      refresh: async (v) => {
        calls.push(revoked);
        return revoked ? null : v;
      },
    });
    // graphql-ws: the mark read before the (valid) viewer was derived; no authority event heard since
    const stream = streams.stream(orgKey, {}, newId('event'), streams.authorityMark());
    const outcome = await Promise.race([
      stream.next().then(
        (r) => `delivered ${r.value?.type}`,
        (e: { extensions?: { reason?: string } }) => `ended ${e.extensions?.reason}`,
      ),
      new Promise((resolve) => setTimeout(() => resolve('still open'), 500)),
    ]);
    expect(outcome).toBe('ended STREAM_AUTHORITY_LOST');
    expect(calls).toEqual([true]);
    await stream.return?.();
    await bus.close();
  });
});

const SUBSCRIPTION = `subscription Review { events { id type subject organizationId } }`;
type Received = ReceivedEvent;

describe('revoking a key right after it subscribes (real server, graphql-ws and SSE, two tenants)', () => {
  let server: TestServer;
  const clients: Client[] = [];
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await server?.stop();
  });
  const until = async (ok: () => boolean, ms: number) => {
    const deadline = Date.now() + ms;
    while (!ok() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return ok();
  };

  function wsSubscribe(authorization: string) {
    const got: Received[] = [];
    const errors: unknown[] = [];
    const state = { closed: null as null | { code: number; reason: string } };
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
      lazy: true,
    });
    clients.push(client);
    client.on('closed', (e) => {
      state.closed = { code: (e as { code: number }).code, reason: String((e as { reason?: string }).reason ?? '') };
    });
    client.subscribe(
      { query: SUBSCRIPTION },
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
    return { got, errors, state, client };
  }

  function sseSubscribe(authorization: string) {
    const got: Received[] = [];
    const errors: unknown[] = [];
    const state = { ended: false, status: 0 };
    const controller = new AbortController();
    void (async () => {
      try {
        const res = await fetch(`${server.url}/graphql`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json', accept: 'text/event-stream' },
          body: JSON.stringify({ query: SUBSCRIPTION }),
          signal: controller.signal,
        });
        state.status = res.status;
        await readSseMessages(res.body!, (message) => {
          const body = message as { data?: { events?: Received }; errors?: unknown[] };
          if (body.errors) errors.push(body.errors);
          if (body.data?.events) got.push(body.data.events);
        });
      } catch {
        // aborted
      }
      state.ended = true;
    })();
    return { got, errors, state, abort: () => controller.abort() };
  }

  it('after the revocation no event of the organization reaches the subscriber and the stream ends (many iterations)', async () => {
    server ??= await startServer();
    const admin = basic(server.keyId, server.keySecret);
    const issuerA = await createIssuer(server.gql);
    const issuerB = await createIssuer(server.gql);
    const orgA = await createOrganization(server.gql, issuerA.id);
    const orgB = await createOrganization(server.gql, issuerB.id);
    const keyB = await createApiKey(server.gql, { organizationId: orgB.id, scopes: ['events:read'] });
    const watcherB = wsSubscribe(basic(keyB.id, keyB.secret));
    const revoke = async (id: string) => {
      const r = await gqlAs(server, admin, 'mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }', { id });
      expect(r.data?.revokeApiKey?.__typename).toBe('RevokeApiKeyPayload');
    };
    const markersA = new Set<string>();
    const markersB = new Set<string>();
    const failures: string[] = [];
    for (let i = 0; i < 12; i++) {
      for (const transport of ['ws', 'sse'] as const) {
        for (const kind of ['org', 'account'] as const) {
          const key = await createApiKey(
            server.gql,
            kind === 'org' ? { organizationId: orgA.id, scopes: ['events:read'] } : { scopes: [] },
          );
          await server.app.relay.drain();
          const auth = basic(key.id, key.secret);
          const sub = transport === 'ws' ? wsSubscribe(auth) : sseSubscribe(auth);
          // revoke at once, racing the subscription's start (a few ms later on odd iterations)
          if (i % 2) await new Promise((r) => setTimeout(r, i));
          await revoke(key.id);
          await server.app.relay.drain();
          const marker = await createApiKey(server.gql, { organizationId: orgA.id, scopes: ['events:read'] });
          const markerB = await createApiKey(server.gql, { organizationId: orgB.id, scopes: ['events:read'] });
          markersA.add(marker.id);
          markersB.add(markerB.id);
          await server.app.relay.drain();
          const ended = await until(
            () => ('closed' in sub.state ? sub.state.closed !== null : (sub.state as { ended: boolean }).ended),
            3000,
          );
          await new Promise((r) => setTimeout(r, 100));
          const leaked = sub.got.filter((e) => e.subject === marker.id || e.subject === markerB.id);
          const label = `${transport} ${kind} key #${i}`;
          if (leaked.length) failures.push(`${label}: received ${leaked.map((e) => `${e.type} ${e.subject}`).join(', ')} after revocation`);
          if (transport === 'ws') {
            const closed = (sub.state as { closed: { code: number } | null }).closed;
            // refused at subscribe (4403) or ended by the stream (4403 with the authority reason)
            if (!ended || closed?.code !== 4403) failures.push(`${label}: socket ${JSON.stringify(closed)} (expected 4403)`);
          } else {
            const s = sub.state as { ended: boolean; status: number };
            if (s.status === 200 && !ended) failures.push(`${label}: SSE stream still open after revocation`);
            if (s.status === 200 && ended) {
              const reasons = JSON.stringify(sub.errors);
              if (!reasons.includes('STREAM_AUTHORITY_LOST'))
                failures.push(`${label}: SSE ended without STREAM_AUTHORITY_LOST: ${reasons}`);
            }
            (sub as { abort: () => void }).abort();
          }
          if (transport === 'ws') await (sub as { client: Client }).client.dispose();
        }
      }
    }
    expect(failures).toEqual([]);
    // no regression: the other tenant's valid subscriber got its own events, none of A's
    await until(() => [...markersB].every((id) => watcherB.got.some((e) => e.subject === id)), 5000);
    expect(watcherB.got.filter((e) => e.subject && markersB.has(e.subject))).toHaveLength(markersB.size);
    expect(watcherB.got.filter((e) => e.organizationId !== orgB.id)).toEqual([]);
    expect(watcherB.state.closed).toBeNull();
  }, 120_000);

  it('SSE: the same key streams, disconnects, subscribes again and is revoked at once: nothing after the revocation arrives (many iterations)', async () => {
    server ??= await startServer();
    // no other stream open on the node (the defect this pins needs a node with none listening)
    for (const c of clients.splice(0)) await c.dispose();
    expect(await until(() => server.app.streams.size() === 0, 3000)).toBe(true);
    const admin = basic(server.keyId, server.keySecret);
    const issuer = await createIssuer(server.gql);
    const org = await createOrganization(server.gql, issuer.id);
    const failures: string[] = [];
    for (let i = 0; i < 40; i++) {
      const key = await createApiKey(server.gql, { organizationId: org.id, scopes: ['events:read'] });
      const auth = basic(key.id, key.secret);
      await server.app.relay.drain();
      // a first stream of this key, valid, receives an event, then disconnects
      const first = sseSubscribe(auth);
      await until(() => first.state.status === 200, 3000);
      await new Promise((r) => setTimeout(r, 20));
      const warm = await createApiKey(server.gql, { organizationId: org.id, scopes: ['events:read'] });
      await server.app.relay.drain();
      expect(await until(() => first.got.some((e) => e.subject === warm.id), 3000)).toBe(true);
      first.abort();
      expect(await until(() => server.app.streams.size() === 0, 3000)).toBe(true);
      // the same key again, revoked while its stream starts
      const second = sseSubscribe(auth);
      await new Promise((r) => setTimeout(r, i % 5));
      const r = await gqlAs(server, admin, 'mutation($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }', { id: key.id });
      expect(r.data?.revokeApiKey?.__typename).toBe('RevokeApiKeyPayload');
      await server.app.relay.drain();
      const marker = await createApiKey(server.gql, { organizationId: org.id, scopes: ['events:read'] });
      await server.app.relay.drain();
      await until(() => second.state.ended, 1500);
      const leaked = second.got.filter((e) => e.subject === marker.id);
      if (leaked.length) failures.push(`#${i}: received ${marker.id} after the key was revoked (stream ended: ${second.state.ended})`);
      else if (second.state.status === 200 && !second.state.ended) failures.push(`#${i}: stream still open after revocation`);
      second.abort();
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it("deleting a key's organization ends its streams on both transports (4403 / STREAM_AUTHORITY_LOST), the other tenant's stream keeps running", async () => {
    server ??= await startServer();
    const admin = basic(server.keyId, server.keySecret);
    const issuer = await createIssuer(server.gql);
    const doomed = await createOrganization(server.gql, issuer.id);
    const other = await createOrganization(server.gql, issuer.id);
    const key = await createApiKey(server.gql, { organizationId: doomed.id, scopes: ['events:read'] });
    const otherKey = await createApiKey(server.gql, { organizationId: other.id, scopes: ['events:read'] });
    await server.app.relay.drain();
    const before = server.app.streams.size();
    const onWs = wsSubscribe(basic(key.id, key.secret));
    const onSse = sseSubscribe(basic(key.id, key.secret));
    const survivor = wsSubscribe(basic(otherKey.id, otherKey.secret));
    expect(await until(() => server.app.streams.size() === before + 3, 5000)).toBe(true);
    // all three listen: an event of each organization arrives
    const warm = await createApiKey(server.gql, { organizationId: doomed.id, scopes: ['events:read'] });
    const warmOther = await createApiKey(server.gql, { organizationId: other.id, scopes: ['events:read'] });
    await server.app.relay.drain();
    const warmed = await until(() => onWs.got.some((e) => e.subject === warm.id) && onSse.got.some((e) => e.subject === warm.id), 5000);
    expect(
      warmed,
      JSON.stringify({ warm: warm.id, ws: onWs.got, sse: onSse.got, wsErr: onWs.errors, sseErr: onSse.errors, st: onSse.state }),
    ).toBe(true);
    expect(await until(() => survivor.got.some((e) => e.subject === warmOther.id), 5000)).toBe(true);
    const r = await gqlAs(server, admin, 'mutation($id: ID!) { deleteOrganization(input: { id: $id }) { __typename } }', { id: doomed.id });
    expect(r.data?.deleteOrganization?.__typename).toBe('DeleteOrganizationPayload');
    await server.app.relay.drain();
    expect(await until(() => onWs.state.closed !== null && onSse.state.ended, 5000)).toBe(true);
    expect(onWs.state.closed?.code).toBe(4403);
    expect(JSON.stringify(onSse.errors)).toContain('STREAM_AUTHORITY_LOST');
    const after = await createApiKey(server.gql, { organizationId: other.id, scopes: ['events:read'] });
    await server.app.relay.drain();
    expect(await until(() => survivor.got.some((e) => e.subject === after.id), 5000)).toBe(true);
    expect(survivor.got.filter((e) => e.organizationId !== other.id)).toEqual([]);
    expect(survivor.state.closed).toBeNull();
  });
});
