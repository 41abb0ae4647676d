/**
 * Issue 14, section 3: what a newcomer ran into — the events query takes the subscription's
 * prefix language, expired credentials are listed as EXPIRED, GraphiQL needs no CDN, the first
 * start prints the agk_ token and a header, and a lost admin key is recoverable offline.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { AuthgraphAdmin, AuthenticationError } from '@authgraph/sdk';
import { startServer, type TestServer } from './helpers/server.js';
import { manualClock } from './helpers/clock.js';
import { buildApp } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';

const clock = manualClock();
let server: TestServer;
let admin: AuthgraphAdmin;
let issuerId: string;

beforeAll(async () => {
  server = await startServer({}, { clock });
  admin = new AuthgraphAdmin({ apiKey: { id: server.keyId, secret: server.keySecret }, baseUrl: server.url });
  issuerId = (await admin.issuers.create({ name: 'newcomer' })).id;
});
afterAll(() => server.stop());

describe('events(filter: { types }) takes the same prefix language as the subscription', () => {
  it('events(filter: { types: ["session.*"] }) returns the session events', async () => {
    const user = await admin.issuer(issuerId).users.create({ username: 'prefix@example.com' });
    const issuer = await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: issuerId } });
    const { session } = await server.app.services.sessions.signIn({
      issuer,
      userId: user.id,
      clientId: null,
      amr: ['pwd'],
      device: { userAgent: 'vitest', ip: null },
    });
    await admin.sessions.revoke(session.id);
    const raw = await server.gql.request<{ events: { edges: { node: { type: string; subject: string } }[] } }, unknown>(
      /* GraphQL */ `query { events(first: 50, filter: { types: ["session.*"] }) { edges { node { type subject } } } }`,
    );
    const nodes = raw.events.edges.map((e) => e.node);
    expect(
      nodes
        .filter((n) => n.subject === session.id)
        .map((n) => n.type)
        .sort(),
    ).toEqual(['session.created', 'session.revoked']);
    expect(nodes.every((n) => n.type.startsWith('session.'))).toBe(true);
  });

  it('prefixes and exact types mix; a prefix matches nested types; exact types still match exactly', async () => {
    const org = await admin.issuer(issuerId).organizations.create({ name: 'Prefixed' });
    const user = await admin.issuer(issuerId).users.create({ username: 'nested@example.com' });
    await admin
      .issuer(issuerId)
      .organization(org.id)
      .members.create({ memberId: user.id, scopes: ['a:b'] });
    const types = async (filter: string[]) => (await admin.events.list({ limit: 100, types: filter, issuerId })).data.map((e) => e.type);
    const nested = await types(['organization.*']);
    expect(nested).toContain('organization.created');
    expect(nested).toContain('organization.membership.created');
    expect(new Set(await types(['organization.*', 'user.created']))).toEqual(
      new Set(['organization.created', 'organization.membership.created', 'user.created']),
    );
    expect(new Set(await types(['organization.created']))).toEqual(new Set(['organization.created']));
    expect(await types(['organization'])).toEqual([]);
  });
});

describe('credential status', () => {
  it('an API key past its expiresAt is listed as EXPIRED (and refused); revoked ones stay REVOKED', async () => {
    const org = await admin.issuer(issuerId).organizations.create({ name: 'Expiring' });
    const soon = new Date(clock.now().getTime() + 60_000).toISOString();
    const expiring = await admin
      .issuer(issuerId)
      .organization(org.id)
      .apiKeys.create({ name: 'short', scopes: ['org:read'], expiresAt: soon });
    const revoked = await admin
      .issuer(issuerId)
      .organization(org.id)
      .apiKeys.create({ name: 'gone', scopes: ['org:read'], expiresAt: soon });
    await admin.apiKeys.revoke(revoked.id);
    const status = async () =>
      Object.fromEntries((await admin.issuer(issuerId).organization(org.id).apiKeys.list().toArray()).map((k) => [k.id, k.status]));
    expect(await status()).toEqual({ [expiring.id]: 'ACTIVE', [revoked.id]: 'REVOKED' });
    clock.advance(61_000);
    expect(await status()).toEqual({ [expiring.id]: 'EXPIRED', [revoked.id]: 'REVOKED' });
    await expect(new AuthgraphAdmin({ apiKey: expiring.token, baseUrl: server.url, maxRetries: 0 }).whoami()).rejects.toBeInstanceOf(
      AuthenticationError,
    );
  });

  it('a personal token past its expiresAt is listed as EXPIRED', async () => {
    const org = await admin.issuer(issuerId).organizations.create({ name: 'Personal' });
    const user = await admin.issuer(issuerId).users.create({ username: 'pt@example.com' });
    await admin
      .issuer(issuerId)
      .organization(org.id)
      .members.create({ memberId: user.id, scopes: ['org:read'] });
    const expiresAt = new Date(clock.now().getTime() + 60_000).toISOString();
    await server.gql.request(/* GraphQL */ `mutation($i: CreatePersonalTokenInput!) { createPersonalToken(input: $i) { __typename } }`, {
      i: { userId: user.id, organizationId: org.id, name: 'pt', scopes: ['org:read'], expiresAt },
    });
    const read = async () =>
      (
        await server.gql.request<{ node: { personalTokens: { status: string }[] } }, unknown>(
          /* GraphQL */ `query($id: ID!) { node(id: $id) { ... on User { personalTokens { status } } } }`,
          { id: user.id },
        )
      ).node.personalTokens;
    expect(await read()).toEqual([{ status: 'ACTIVE' }]);
    clock.advance(61_000);
    expect(await read()).toEqual([{ status: 'EXPIRED' }]);
  });
});

describe('GraphiQL', () => {
  it('is served from the install: the page loads no script or stylesheet from another host', async () => {
    const response = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toMatch(/graphiql/i);
    const external = [...html.matchAll(/<(?:script|link)[^>]+(?:src|href)=["']([^"']+)["']/gi)]
      .map((m) => m[1]!)
      .filter((u) => /^(https?:)?\/\//.test(u));
    expect(external).toEqual([]);
    expect(html).not.toMatch(/unpkg\.com|jsdelivr|cdnjs/);
  });
});

// Both use the embedded database of a data directory whatever the project: run them once, in the PGlite project.
describe.skipIf(process.env.AUTHGRAPH_TEST_DB === 'postgres')('first start and offline recovery', () => {
  const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

  it('the first start prints the agk_ token, the id and secret, and a ready-to-paste Authorization header', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'authgraph-first-'));
    const child = spawn(tsx, ['src/main.ts'], {
      env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', AUTHGRAPH_ADMIN_KEY: '' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      for (let i = 0; i < 600 && !out.includes('Authorization: Bearer'); i++) await new Promise((r) => setTimeout(r, 100));
      const token = /AUTHGRAPH_API_KEY=(agk_\S+)/.exec(out)?.[1];
      expect(token).toMatch(/^agk_[0-9a-hjkmnp-tv-z]{26}[A-Za-z0-9_-]{43}_[0-9A-Za-z]{6}$/);
      expect(out).toMatch(/AUTHGRAPH_KEY_ID=key_\S+/);
      expect(out).toMatch(/AUTHGRAPH_KEY_SECRET=\S{43}/);
      expect(out).toContain(`Authorization: Bearer ${token}`);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('npm run admin -- create-key mints a working admin key from the database directly, once, as an event', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'authgraph-recover-'));
    const env = { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, AUTHGRAPH_MASTER_KEY: randomBytes(32).toString('hex') };
    try {
      // a server ran once (its first key is lost), then stopped
      const first = await buildApp({ config: loadConfig(env) });
      await first.stop();
      const out = await new Promise<{ code: number; stdout: string }>((resolve) =>
        execFile(tsx, ['scripts/admin.ts', 'create-key', '--json'], { env: { ...process.env, ...env } }, (error, stdout) =>
          resolve({ code: error ? 1 : 0, stdout }),
        ),
      );
      expect(out.code).toBe(0);
      const key = JSON.parse(out.stdout) as { id: string; secret: string; token: string };
      const app = await buildApp({ config: loadConfig(env) });
      try {
        const url = await app.start(0, '127.0.0.1');
        const who = await new AuthgraphAdmin({ apiKey: key.token, baseUrl: url }).whoami();
        expect(who).toMatchObject({ type: 'api_key', id: key.id, key_type: 'account' });
        const events = await app.db.prisma.event.findMany({ where: { subject: key.id, type: 'api-key.created' } });
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({ actorType: 'system', data: expect.objectContaining({ via: 'recovery' }) });
        const stored = await app.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
        expect(stored.secretHash).not.toContain(key.secret);
      } finally {
        await app.stop();
      }
      const usage = await new Promise<number>((resolve) =>
        execFile(tsx, ['scripts/admin.ts'], { env: { ...process.env, ...env } }, (error) => resolve(error ? (error.code as number) : 0)),
      );
      expect(usage).toBe(2);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
