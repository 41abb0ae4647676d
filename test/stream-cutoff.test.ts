/**
 * Issue 9, input 7 — "Streams outlive authority": an event stream opened with a user token, an
 * organization key with `expiresAt`, or a personal token ends at the credential's expiry and
 * within a second of each change that takes its authority away (events:read removed, membership
 * deleted, organization suspended, credential revoked), over graphql-ws (close 4403 with a
 * reason) and SSE (a final error, then the stream closes). With two nodes on PostgreSQL + Redis,
 * a change committed on one node ends a stream held on the other.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { randomBytes } from 'node:crypto';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { createPostgresDatabase, startServer, type TestServer } from './helpers/server.js';
import { basic, createClient as createGqlClient } from './helpers/graphql.js';
import { createIssuer, createMembership, createOrganization, createUser } from './helpers/fixtures.js';
import { redisAnswers, redisUrl } from './helpers/redis.js';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { newId } from '../src/lib/ids.js';
import { randomSecret } from '../src/lib/crypto.js';

const SUBSCRIPTION = `subscription CutoffEvents { events { id type } }`;
const REDIRECT = 'https://app.example.com/callback';
/** Generous: the rule is "within 1 s"; a loaded CI machine gets slack, a stream that never ends fails. */
const ENDS_WITHIN_MS = 8000;

type Gql = TestServer['gql'];

async function userToken(app: App, gql: Gql, issuerId: string, userId: string): Promise<string> {
  const created = await gql.request<{ createClient: { secret: string; client: { id: string } } }, unknown>(
    `mutation CutoffClient($input: CreateClientInput!) { createClient(input: $input) { ... on CreateClientPayload { secret client { id } } } }`,
    { input: { issuerId, name: 'web', redirectUris: [REDIRECT], scopes: ['openid', 'events:read', 'invoices:read'] } },
  );
  const client = created.createClient;
  const issuer = await app.db.prisma.issuer.findUniqueOrThrow({ where: { id: issuerId } });
  const { session } = await app.services.sessions.signIn({
    issuer,
    userId,
    clientId: client.client.id,
    amr: ['pwd'],
    device: { userAgent: null, ip: null },
  });
  const code = await app.services.sessions.issueCode({
    session,
    clientId: client.client.id,
    redirectUri: REDIRECT,
    scope: 'openid events:read invoices:read',
    nonce: null,
    codeChallenge: null,
    codeChallengeMethod: null,
  });
  const response = await fetch(`${app.publicUrl()}/${issuerId}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.client.id, client.secret) },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
  });
  const tokens = (await response.json()) as { access_token: string; scope: string };
  expect(tokens.scope).toContain('events:read');
  return tokens.access_token;
}

async function orgKey(gql: Gql, organizationId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await gql.request<{ createApiKey: { token: string } }, unknown>(
    `mutation CutoffKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { token } ... on Error { code message } } }`,
    { input: { organizationId, name: 'streamer', scopes: ['events:read'], ...extra } },
  );
  return r.createApiKey.token;
}

async function personalToken(
  gql: Gql,
  userId: string,
  organizationId: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; token: string }> {
  const r = await gql.request<{ createPersonalToken: { token: string; personalToken: { id: string } } }, unknown>(
    `mutation CutoffPat($input: CreatePersonalTokenInput!) { createPersonalToken(input: $input) { ... on CreatePersonalTokenPayload { token personalToken { id } } ... on Error { code message } } }`,
    { input: { userId, organizationId, name: 'script', scopes: ['events:read'], ...extra } },
  );
  return { id: r.createPersonalToken.personalToken.id, token: r.createPersonalToken.token };
}

/** A graphql-ws stream: resolves `closed` with the close code and reason when the server ends it. */
function openWs(url: string, authorization: string, clients: Client[]) {
  let closed!: (e: { code: number; reason: string }) => void;
  const ended = new Promise<{ code: number; reason: string }>((resolve) => (closed = resolve));
  let acknowledged!: () => void;
  const ready = new Promise<void>((resolve) => (acknowledged = resolve));
  const client = createWsClient({
    url: `${url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
  });
  clients.push(client);
  client.on('connected', () => acknowledged());
  client.on('closed', (e) => closed({ code: (e as { code: number }).code, reason: String((e as { reason?: string }).reason ?? '') }));
  client.subscribe({ query: SUBSCRIPTION }, { next: () => {}, error: () => {}, complete: () => {} });
  return { ready, ended };
}

/** An SSE stream: resolves with everything it sent once the server closes it. */
async function openSse(url: string, authorization: string) {
  const controller = new AbortController();
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: SUBSCRIPTION }),
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  const reader = res.body!.getReader();
  const ended = (async () => {
    let text = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return text;
      text += new TextDecoder().decode(value);
    }
  })();
  return { ended, abort: () => controller.abort() };
}

async function within<T>(promise: Promise<T>, what: string, ms = ENDS_WITHIN_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      promise,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`${what}: the stream did not end within ${ms} ms`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const settle = () => new Promise((r) => setTimeout(r, 300));

describe('streams end with the authority they were opened with (issue 9, input 7)', () => {
  let server: TestServer;
  let issuerId: string;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startServer();
    issuerId = (await createIssuer(server.gql)).id;
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    await server?.stop();
  });

  async function member(scopes = ['events:read', 'invoices:read']) {
    const org = await createOrganization(server.gql, issuerId);
    const user = await createUser(server.gql, issuerId);
    const membership = await createMembership(server.gql, org.id, user.id, scopes);
    return { org, user, membership };
  }

  const updateScopes = (id: string, scopes: string[]) =>
    server.gql.request(`mutation CutoffUpdate($input: UpdateMembershipInput!) { updateMembership(input: $input) { __typename } }`, {
      input: { id, scopes },
    });
  const deleteMembership = (id: string) =>
    server.gql.request(`mutation CutoffDelete($id: ID!) { deleteMembership(input: { id: $id }) { __typename } }`, { id });
  const suspend = (id: string) =>
    server.gql.request(`mutation CutoffSuspend($id: ID!) { suspendOrganization(input: { id: $id }) { __typename } }`, { id });

  for (const transport of ['graphql-ws', 'SSE'] as const) {
    async function expectEnds(authorization: string, change: () => Promise<unknown>, what: string) {
      if (transport === 'graphql-ws') {
        const ws = openWs(server.url, authorization, clients);
        await within(ws.ready, `${what}: connect`);
        await settle();
        await change();
        const closed = await within(ws.ended, what);
        expect(closed.code).toBe(4403);
        expect(closed.reason).toMatch(/no longer/);
      } else {
        const sse = await openSse(server.url, authorization);
        await settle();
        await change();
        const text = await within(sse.ended, what);
        expect(text).toMatch(/"code":"(FORBIDDEN|UNAUTHENTICATED)"/);
      }
    }

    describe(transport, () => {
      it('user token: ends when events:read is removed from the membership', async () => {
        const { user, membership } = await member();
        const token = await userToken(server.app, server.gql, issuerId, user.id);
        await expectEnds(`Bearer ${token}`, () => updateScopes(membership.id, ['invoices:read']), 'events:read removed');
      });

      it('user token: ends when the membership is deleted', async () => {
        const { user, membership } = await member();
        const token = await userToken(server.app, server.gql, issuerId, user.id);
        await expectEnds(`Bearer ${token}`, () => deleteMembership(membership.id), 'membership deleted');
      });

      it('user token: ends while the organization is suspended', async () => {
        const { org, user } = await member();
        const token = await userToken(server.app, server.gql, issuerId, user.id);
        await expectEnds(`Bearer ${token}`, () => suspend(org.id), 'organization suspended');
      });

      it('organization key with expiresAt: ends at its expiry', async () => {
        const { org } = await member();
        const token = await orgKey(server.gql, org.id, { expiresAt: new Date(Date.now() + 2500).toISOString() });
        await expectEnds(`Bearer ${token}`, async () => {}, 'key expired');
      });

      it('organization key: ends while the organization is suspended', async () => {
        const { org } = await member();
        const token = await orgKey(server.gql, org.id);
        await expectEnds(`Bearer ${token}`, () => suspend(org.id), 'organization suspended');
      });

      it('personal token: ends when events:read is removed from the membership', async () => {
        const { org, user, membership } = await member();
        const pat = await personalToken(server.gql, user.id, org.id);
        await expectEnds(`Bearer ${pat.token}`, () => updateScopes(membership.id, ['invoices:read']), 'events:read removed');
      });

      it('personal token: ends when the membership is deleted', async () => {
        const { org, user, membership } = await member();
        const pat = await personalToken(server.gql, user.id, org.id);
        await expectEnds(`Bearer ${pat.token}`, () => deleteMembership(membership.id), 'membership deleted');
      });

      it('personal token with expiresAt: ends at its expiry', async () => {
        const { org, user } = await member();
        const pat = await personalToken(server.gql, user.id, org.id, { expiresAt: new Date(Date.now() + 2500).toISOString() });
        await expectEnds(`Bearer ${pat.token}`, async () => {}, 'token expired');
      });
    });
  }

  it('a stream whose authority did not change keeps running (a change to another member does not end it)', async () => {
    const { org, user } = await member();
    const other = await createUser(server.gql, issuerId);
    const otherMembership = await createMembership(server.gql, org.id, other.id, ['events:read']);
    const token = await userToken(server.app, server.gql, issuerId, user.id);
    const ws = openWs(server.url, `Bearer ${token}`, clients);
    await within(ws.ready, 'connect');
    await settle();
    await updateScopes(otherMembership.id, ['invoices:read']);
    const outcome = await Promise.race([ws.ended.then(() => 'ended'), new Promise((r) => setTimeout(() => r('running'), 1500))]);
    expect(outcome).toBe('running');
  });
});

const onPostgres = process.env.AUTHGRAPH_TEST_DB === 'postgres';
const withRedis = onPostgres && (await redisAnswers());

describe.skipIf(!withRedis)('streams end across nodes (PostgreSQL + Redis)', () => {
  const keyId = newId('apiKey');
  const keySecret = randomSecret();
  const masterKey = randomBytes(32).toString('hex');
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const apps: App[] = [];
  const clients: Client[] = [];

  async function node(): Promise<{ app: App; url: string }> {
    const base = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
      AUTHGRAPH_MASTER_KEY: masterKey,
      REDIS_URL: redisUrl,
    });
    const app = await buildApp({ config: { ...base, database: { kind: 'postgres', url: database.url } } });
    apps.push(app);
    return { app, url: await app.start(0, '127.0.0.1') };
  }

  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    for (const a of apps) await a.stop();
    await database?.drop();
  });

  it('a change committed on node 2 ends graphql-ws and SSE streams held on node 1 (events:read removed, organization suspended)', async () => {
    const one = await node();
    const two = await node();
    const gqlTwo = createGqlClient(two.url, { username: keyId, password: keySecret });
    const issuer = await createIssuer(gqlTwo);
    const org = await createOrganization(gqlTwo, issuer.id);
    const user = await createUser(gqlTwo, issuer.id);
    const membership = await createMembership(gqlTwo, org.id, user.id, ['events:read', 'invoices:read']);
    const token = await userToken(one.app, gqlTwo, issuer.id, user.id);
    const byUser = openWs(one.url, `Bearer ${token}`, clients);
    const keyToken = await orgKey(gqlTwo, org.id);
    const byKey = openWs(one.url, `Bearer ${keyToken}`, clients);
    const bySse = await openSse(one.url, `Bearer ${keyToken}`);
    await within(Promise.all([byUser.ready, byKey.ready]), 'connect');
    await settle();
    await gqlTwo.request(`mutation CutoffUpdate2($input: UpdateMembershipInput!) { updateMembership(input: $input) { __typename } }`, {
      input: { id: membership.id, scopes: ['invoices:read'] },
    });
    expect((await within(byUser.ended, 'events:read removed on the other node')).code).toBe(4403);
    await gqlTwo.request(`mutation CutoffSuspend2($id: ID!) { suspendOrganization(input: { id: $id }) { __typename } }`, { id: org.id });
    expect((await within(byKey.ended, 'organization suspended on the other node')).code).toBe(4403);
    expect(await within(bySse.ended, 'organization suspended on the other node (SSE)')).toMatch(/"code":"FORBIDDEN"/);
  });
});
