/**
 * Two stateless nodes on one PostgreSQL and one Redis, as in production: a subscriber on node 1
 * gets what is committed through node 2; when node 2 (the relay leader) is killed in the middle
 * of a burst, node 1 takes over and every committed event still reaches the subscriber, once.
 * Runs in the postgres project when Redis answers (REDIS_URL, default redis://127.0.0.1:6379).
 */
import { redisAnswers, redisUrl } from './helpers/redis.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import pg from 'pg';
import { createPostgresDatabase } from './helpers/server.js';
import { basic, createClient } from './helpers/graphql.js';
import { newId } from '../src/lib/ids.js';

const onPostgres = process.env.AUTHGRAPH_TEST_DB === 'postgres';
const withRedis = onPostgres && (await redisAnswers());
if (onPostgres && !withRedis) {
  if (process.env.AUTHGRAPH_REQUIRE_REDIS === '1') throw new Error(`Redis is required but does not answer at ${redisUrl}`);
  console.warn(`[authgraph] Redis does not answer at ${redisUrl}: SKIPPING the multi-node suite`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

describe.skipIf(!withRedis)('multi-node on PostgreSQL + Redis', () => {
  const keyId = newId('apiKey');
  const keySecret = randomBytes(32).toString('base64url');
  const masterKey = randomBytes(32).toString('hex');
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const nodes: ChildProcess[] = [];
  const clients: Client[] = [];

  async function startNode(env: Record<string, string> = {}): Promise<{ url: string; child: ChildProcess }> {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      env: {
        ...process.env,
        ...env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        HOST: '127.0.0.1',
        DATABASE_URL: database.url,
        REDIS_URL: redisUrl,
        AUTHGRAPH_MASTER_KEY: masterKey,
        AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    nodes.push(child);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error('node did not become ready');
      try {
        if ((await fetch(`${url}/readyz`)).status === 200) return { url, child };
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    database = await createPostgresDatabase();
  });
  afterAll(async () => {
    for (const c of clients) await c.dispose();
    for (const n of nodes) n.kill('SIGKILL');
    await new Promise((r) => setTimeout(r, 300));
    await database?.drop();
  });

  it('a subscriber on node 1 receives what node 2 commits, and every committed event after node 2 dies mid-burst', async () => {
    // node 2 starts first, so it leads the relay; node 1 follows
    const node2 = await startNode();
    const node1 = await startNode();
    const ready = await (await fetch(`${node1.url}/readyz`)).json();
    expect(ready).toEqual({ status: 'up' });

    const gql2 = createClient(node2.url, { username: keyId, password: keySecret });
    const issuer = await gql2.request<{ createIssuer: { issuer: { id: string } } }, unknown>(
      `mutation MnIssuer { createIssuer(input: { name: "multi" }) { ... on CreateIssuerPayload { issuer { id } } } }`,
    );
    const issuerId = issuer.createIssuer.issuer.id;

    const received: string[] = [];
    const client = createWsClient({
      url: `${node1.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: basic(keyId, keySecret) },
      retryAttempts: 0,
    });
    clients.push(client);
    client.subscribe<{ events: { id: string } }>(
      { query: `subscription MnEvents { events(filter: { types: ["organization.created"] }) { id } }` },
      { next: (m) => m.data && received.push(m.data.events.id), error: () => {}, complete: () => {} },
    );
    await new Promise((r) => setTimeout(r, 500));

    const create = (gqlUrl: string, i: number) =>
      fetch(`${gqlUrl}/graphql`, {
        method: 'POST',
        headers: { authorization: basic(keyId, keySecret), 'content-type': 'application/json' },
        body: JSON.stringify({
          query: `mutation { createOrganization(input: { issuerId: "${issuerId}", name: "Org ${i}" }) { __typename } }`,
        }),
      }).then((r) => r.status);

    // node 2 commits, node 1's subscriber hears it (through the relay on node 2 and Redis)
    await create(node2.url, 0);
    const deadline1 = Date.now() + 10_000;
    while (received.length < 1 && Date.now() < deadline1) await new Promise((r) => setTimeout(r, 20));
    expect(received).toHaveLength(1);

    // a burst through node 2; kill it in the middle
    const burst = (async () => {
      for (let i = 1; i <= 200; i++) {
        try {
          await create(node2.url, i);
        } catch {
          return; // node 2 is gone
        }
      }
    })();
    await new Promise((r) => setTimeout(r, 700));
    node2.child.kill('SIGKILL');
    await burst;

    const db = new pg.Client({ connectionString: database.url });
    await db.connect();
    const committed =
      // the burst's issuer only: each node's start also creates the account's operators issuer and
      // its organization (issue 15), which no account key sees
      (
        await db.query<{ id: string }>(`SELECT id FROM "Event" WHERE type = 'organization.created' AND "issuerId" = $1 ORDER BY id`, [
          issuerId,
        ])
      ).rows.map((r) => r.id);
    await db.end();
    expect(committed.length).toBeGreaterThan(5);
    expect(committed.length).toBeLessThan(201); // the kill did land mid-burst

    // node 1 takes the relay over from the persisted cursor
    const deadline2 = Date.now() + 20_000;
    while (received.length < committed.length && Date.now() < deadline2) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    expect(new Set(received).size).toBe(received.length); // once each
    expect([...received].sort()).toEqual(committed);
  });

  it('an access token revoked on node A is refused on node B (token.revoked on the bus)', async () => {
    // behind one load balancer: both nodes serve the same PUBLIC_URL (the issuer URL in tokens)
    const shared = { PUBLIC_URL: 'https://auth.multi-node.test' };
    const [nodeA, nodeB] = [await startNode(shared), await startNode(shared)];
    const gqlA = createClient(nodeA.url, { username: keyId, password: keySecret });
    const issuer = await gqlA.request<{ createIssuer: { issuer: { id: string } } }, unknown>(
      `mutation MnRevIssuer { createIssuer(input: { name: "revocation" }) { ... on CreateIssuerPayload { issuer { id } } } }`,
    );
    const issuerId = issuer.createIssuer.issuer.id;
    const made = await gqlA.request<{ createClient: { secret: string; client: { id: string } } }, { issuerId: string }>(
      `mutation MnRevClient($issuerId: ID!) { createClient(input: { issuerId: $issuerId, name: "m2m", type: M2M, scopes: ["invoices:read"] }) { ... on CreateClientPayload { secret client { id } } } }`,
      { issuerId },
    );
    const client = basic(made.createClient.client.id, made.createClient.secret);
    const form = (url: string, params: Record<string, string>) =>
      fetch(url, {
        method: 'POST',
        headers: { authorization: client, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(params),
      });
    const minted = (await (await form(`${nodeA.url}/${issuerId}/token`, { grant_type: 'client_credentials' })).json()) as {
      access_token: string;
    };
    const token = minted.access_token;
    const me = async (node: { url: string }) =>
      (await fetch(`${node.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
    const introspect = async (node: { url: string }) =>
      ((await (await form(`${node.url}/${issuerId}/introspect`, { token })).json()) as { active: boolean }).active;
    // node B has checked (and so loaded its revocation list) before the revocation
    expect([await me(nodeB), await introspect(nodeB)]).toEqual([200, true]);

    expect((await form(`${nodeA.url}/${issuerId}/revoke`, { token, token_type_hint: 'access_token' })).status).toBe(200);
    expect([await me(nodeA), await introspect(nodeA)]).toEqual([401, false]);
    // Node B hears of it on the bus. The deadline is below SYNC_INTERVAL_MS (5 s), so passing
    // proves the bus delivered it, not node B's periodic re-read.
    const deadline = Date.now() + 4_000;
    while ((await me(nodeB)) !== 401 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect([await me(nodeB), await introspect(nodeB)]).toEqual([401, false]);
  });
});
