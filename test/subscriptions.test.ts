/**
 * Live events over GraphQL subscriptions (graphql-ws over WebSocket, and SSE): in order, once,
 * only what the credential may read, and `after` resumes with no gap and no duplicate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { createIssuer, createMembership, createOrganization, createUser } from './helpers/fixtures.js';

interface Ev {
  id: string;
  type: string;
  organizationId: string | null;
}

const SUBSCRIPTION = `subscription SubEvents($filter: EventStreamFilter, $after: ID) { events(filter: $filter, after: $after) { id type organizationId } }`;

describe('event subscriptions', () => {
  let server: TestServer;
  let issuerId: string;
  const clients: Client[] = [];

  function wsClient(authorization: string): Client {
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
    });
    clients.push(client);
    return client;
  }

  /** Subscribes and collects events; `ready` resolves once the server has the subscription. */
  function collect(client: Client, variables: Record<string, unknown>) {
    const events: Ev[] = [];
    const errors: unknown[] = [];
    let stop: () => void = () => {};
    const done = new Promise<void>((resolve) => {
      stop = client.subscribe<{ events: Ev }>(
        { query: SUBSCRIPTION, variables },
        {
          next: (m) => (m.data ? events.push(m.data.events) : errors.push(m.errors)),
          error: (e) => (errors.push(e), resolve()),
          complete: resolve,
        },
      );
    });
    return { events, errors, stop: () => stop(), done };
  }

  async function until(check: () => boolean, what: string, ms = 10_000) {
    const deadline = Date.now() + ms;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  const admin = () => basic(server.keyId, server.keySecret);
  /** Waits until the earlier tests' streams have closed on the node; returns how many stay open (0). */
  const noStreams = async () => {
    await until(() => server.app.streams.size() === 0, 'earlier streams to close');
    return 0;
  };
  /** Waits until `n` more live streams are open on the node than `before` (they then get every event). */
  const opened = (before: number, n = 1) => until(() => server.app.streams.size() >= before + n, `${n} open stream(s)`);

  beforeAll(async () => {
    server = await startServer();
    issuerId = (await createIssuer(server.gql)).id;
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await server?.stop();
  });

  it('delivers organization.created after createOrganization, in order, exactly once', async () => {
    const streams = await noStreams();
    const sub = collect(wsClient(admin()), { filter: { types: ['organization.*'] } });
    await opened(streams);
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await createOrganization(server.gql, issuerId));
    await createUser(server.gql, issuerId); // not organization.*: filtered out
    await until(() => sub.events.length >= 5, '5 events');
    await new Promise((r) => setTimeout(r, 300));
    sub.stop();
    expect(sub.errors).toEqual([]);
    expect(sub.events.map((e) => e.type)).toEqual(Array(5).fill('organization.created'));
    expect(sub.events.map((e) => e.organizationId)).toEqual(made.map((o) => o.id));
  });

  it("an organization key's subscription sees only its organization; another org's events never arrive", async () => {
    const orgA = await createOrganization(server.gql, issuerId);
    const orgB = await createOrganization(server.gql, issuerId);
    const key = await server.gql.request<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(
      `mutation SubKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { secret apiKey { id } } } }`,
      { input: { organizationId: orgA.id, name: 'watcher', scopes: ['events:read'] } },
    );
    // the creations above are published before subscribing (a relay pass already under way may
    // have read before them, hence two): a live stream that opens while orgA's creation is still
    // in the outbox may rightly deliver it
    await server.app.relay.drain();
    await server.app.relay.drain();
    const streams = await noStreams();
    const scoped = collect(wsClient(basic(key.createApiKey.apiKey.id, key.createApiKey.secret)), { filter: { types: ['organization.*'] } });
    const adminSub = collect(wsClient(admin()), { filter: { types: ['organization.updated'], organizationId: orgA.id } });
    await opened(streams, 2);
    const update = (id: string, name: string) =>
      server.gql.request(
        `mutation SubUpdate($id: ID!, $name: String) { updateOrganization(input: { id: $id, name: $name }) { __typename } }`,
        { id, name },
      );
    await update(orgB.id, 'B renamed');
    await update(orgA.id, 'A renamed');
    await until(() => scoped.events.length >= 1 && adminSub.events.length >= 1, 'org A events');
    await new Promise((r) => setTimeout(r, 300));
    scoped.stop();
    adminSub.stop();
    // orgA's own creation may arrive too: on PostgreSQL the relay can publish it after the stream
    // opened (held behind another database's transaction), which a live stream rightly delivers
    expect(scoped.events.filter((e) => e.type !== 'organization.created').map((e) => [e.type, e.organizationId])).toEqual([
      ['organization.updated', orgA.id],
    ]);
    expect(scoped.events.every((e) => e.organizationId === orgA.id)).toBe(true);
    expect(adminSub.events.map((e) => e.organizationId)).toEqual([orgA.id]);
  });

  it("ends a key's subscription when the key is revoked", async () => {
    const org = await createOrganization(server.gql, issuerId);
    const key = await server.gql.request<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(
      `mutation SubRevKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { secret apiKey { id } } } }`,
      { input: { organizationId: org.id, name: 'short-lived', scopes: ['events:read'] } },
    );
    const streams = await noStreams();
    const sub = collect(wsClient(basic(key.createApiKey.apiKey.id, key.createApiKey.secret)), {});
    await opened(streams);
    await server.gql.request(`mutation SubRevoke($id: ID!) { revokeApiKey(input: { id: $id }) { __typename } }`, {
      id: key.createApiKey.apiKey.id,
    });
    await Promise.race([sub.done, new Promise((r) => setTimeout(r, 10_000))]);
    // the connection was opened with that credential: it closes with 4403 and the reason
    expect(sub.errors.map((e) => (e as { code?: number }).code)).toContain(4403);
    expect(sub.errors.map((e) => String((e as { reason?: string }).reason))).toContainEqual(expect.stringMatching(/no longer valid/));
  });

  it("ends a user token's subscription when its session is revoked", async () => {
    const REDIRECT = 'https://app.example.com/callback';
    const org = await createOrganization(server.gql, issuerId);
    const user = await createUser(server.gql, issuerId);
    await createMembership(server.gql, org.id, user.id, ['events:read']);
    const created = await server.gql.request<{ createClient: { secret: string; client: { id: string } } }, unknown>(
      `mutation SubWebClient($input: CreateClientInput!) { createClient(input: $input) { ... on CreateClientPayload { secret client { id } } } }`,
      { input: { issuerId, name: 'web', redirectUris: [REDIRECT], scopes: ['openid', 'events:read'] } },
    );
    const client = created.createClient;
    const issuer = await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: issuerId } });
    const { session } = await server.app.services.sessions.signIn({
      issuer,
      userId: user.id,
      clientId: client.client.id,
      amr: ['pwd'],
      device: { userAgent: null, ip: null },
    });
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId: client.client.id,
      redirectUri: REDIRECT,
      scope: 'openid',
      nonce: null,
      codeChallenge: null,
      codeChallengeMethod: null,
    });
    const response = await fetch(`${server.app.publicUrl()}/${issuerId}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.client.id, client.secret) },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    });
    const tokens = (await response.json()) as { access_token: string; scope: string };
    expect(tokens.scope).toContain('events:read');

    const userClient = wsClient(`Bearer ${tokens.access_token}`);
    // revoke only once the server has accepted the connection: the close must come from the
    // revocation, not from the opening credential check
    const connected = new Promise<void>((resolve) => userClient.on('connected', () => resolve()));
    const sub = collect(userClient, {});
    await connected;
    await server.gql.request(`mutation SubRevokeSession($id: ID!) { revokeSession(input: { id: $id }) { __typename } }`, {
      id: session.id,
    });
    await Promise.race([sub.done, new Promise((r) => setTimeout(r, 10_000))]);
    // the connection was opened with that credential: it closes with 4403 and the reason
    expect(sub.errors.map((e) => (e as { code?: number }).code)).toContain(4403);
    expect(sub.errors.map((e) => String((e as { reason?: string }).reason))).toContainEqual(expect.stringMatching(/no longer valid/));
  });

  it('refuses a connection without a valid credential', async () => {
    const client = wsClient(basic(server.keyId, 'wrong-secret-wrong-secret-wrong'));
    const sub = collect(client, {});
    await sub.done;
    expect(sub.events).toEqual([]);
    expect((sub.errors[0] as { code?: number }).code).toBe(4403);
  });

  it('resumes with after: while 200 events are written, the two streams together hold each exactly once, in order', async () => {
    const filter = { types: ['user.created'] };
    const streams = await noStreams();
    const first = collect(wsClient(admin()), { filter });
    await opened(streams);
    const writing = (async () => {
      for (let i = 0; i < 200; i++) await createUser(server.gql, issuerId);
    })();
    await until(() => first.events.length >= 40, 'first 40 events');
    first.stop(); // the client goes away mid-burst…
    const lastSeen = first.events.at(-1)!.id;
    const second = collect(wsClient(admin()), { filter, after: lastSeen }); // …and comes back
    await writing;
    await until(() => first.events.length + second.events.length >= 200, 'all 200 events');
    await new Promise((r) => setTimeout(r, 300));
    second.stop();
    const ids = [...first.events, ...second.events].map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toHaveLength(200);
    expect([...ids].sort()).toEqual(ids);
    const stored = await server.app.db.prisma.event.findMany({
      where: { type: 'user.created', id: { gte: first.events[0]!.id } },
      orderBy: { id: 'asc' },
      select: { id: true },
    });
    expect(ids).toEqual(stored.map((e) => e.id));
  });

  it('streams over SSE (GraphQL over HTTP with text/event-stream)', async () => {
    const streams = await noStreams();
    const controller = new AbortController();
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: admin(), 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: SUBSCRIPTION, variables: { filter: { types: ['organization.created'] } } }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await opened(streams);
    const org = await createOrganization(server.gql, issuerId);
    let text = '';
    const deadline = Date.now() + 10_000;
    while (!text.includes(org.id) && Date.now() < deadline) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    expect(text).toContain('"type":"organization.created"');
    expect(text).toContain(org.id);
  });
});
