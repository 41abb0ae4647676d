/**
 * Abuse resistance (issue 10): each failing input of the issue is a named test. Guessing is
 * throttled (failed-authentication limiter, sign-in throttle with device cookies), strangers cannot
 * lock users out, every operation is counted (each graphql-ws subscribe, each SSE request, every
 * credential kind), and the defaults are safe (data directory modes, request ids, depth limits,
 * webhook SSRF ranges, production mode, closed metrics, WebSocket errors and Origin checks).
 *
 * Source addresses are varied through X-Forwarded-For from a trusted proxy (TRUST_PROXY=127.0.0.1),
 * the way a deployment behind a reverse proxy sees them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, statSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as createNetServer } from 'node:net';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import { Redis } from 'ioredis';
import { startServer, createPostgresDatabase, type TestServer } from './helpers/server.js';
import { basic, createClient } from './helpers/graphql.js';
import { createIssuer, createOrganization, createUser } from './helpers/fixtures.js';
import { redisAnswers, redisUrl } from './helpers/redis.js';
import type { Faults } from '../src/domain/events.js';
import { buildApp, type App } from '../src/app.js';
import { loadConfig } from '../src/config/env.js';
import { createLogger } from '../src/lib/logger.js';
import { newId } from '../src/lib/ids.js';
import { createReplayCache, createRedisReplayCache } from '../src/oauth/replay-cache.js';
import { blockedRange, guardedLookup } from '../src/webhooks/ssrf.js';
import { SUBSCRIBABLE_EVENT_TYPES } from '../src/webhooks/service.js';
import { signInCounterKey } from '../src/domain/passwords.js';

type Obj = Record<string, any>;

const PASSWORD = 'violet-anchor-quartz-88';
const RP = 'https://rp.example.com';
const REDIRECT = `${RP}/callback`;

const CreateClient = `mutation AbClient($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }`;
const CreateApiKey = `mutation AbKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { secret token apiKey { id } } ... on Error { code message } } }`;
const CreatePat = `mutation AbPat($input: CreatePersonalTokenInput!) { createPersonalToken(input: $input) { __typename ... on CreatePersonalTokenPayload { token } ... on Error { code message } } }`;
const CreateMembership = `mutation AbMember($input: CreateMembershipInput!) { createMembership(input: $input) { __typename ... on Error { code message } } }`;
const CreateAgent = `mutation AbAgent($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id } } ... on Error { code message } } }`;
const CreateAgentVerifier = `mutation AbVerifier($input: CreateAgentVerifierInput!) { createAgentVerifier(input: $input) { __typename ... on CreateAgentVerifierPayload { secret } ... on Error { code message } ... on ValidationError { fields { path message } } } }`;
const SetPassword = `mutation AbPassword($input: SetUserPasswordInput!) { setUserPassword(input: $input) { __typename ... on Error { code message } } }`;
const CreateWebhook = `mutation AbHook($input: CreateWebhookEndpointInput!) { createWebhookEndpoint(input: $input) { __typename ... on Error { code message } ... on ValidationError { fields { path message } } } }`;
const CreateOrganization = `mutation AbOrg($input: CreateOrganizationInput!) { createOrganization(input: $input) { __typename ... on CreateOrganizationPayload { organization { id } } ... on Error { code message } ... on ValidationError { fields { path message } } } }`;

/** Runs a mutation with the server's admin key; returns its payload. */
async function mutate(server: TestServer, doc: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, unknown>(doc, { input });
  return Object.values(data)[0]!;
}

const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const from = (address: string) => ({ 'x-forwarded-for': address });
const basicAuth = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createNetServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Waits until `probe` answers something truthy (events are recorded after the answer). */
async function eventually<T>(probe: () => Promise<T | null | undefined>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A raw graphql-transport-ws client: every message kept, so a test sees errors and closes as sent. */
class RawSocket {
  readonly messages: Obj[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: (() => void)[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(String(data)) as Obj);
      this.wake();
    });
    ws.on('close', (code, reason) => {
      this.closed = { code, reason: String(reason) };
      this.wake();
    });
  }
  private wake() {
    for (const w of this.waiters.splice(0)) w();
  }
  static async open(url: string, connectionParams: Obj, headers: Record<string, string> = {}): Promise<RawSocket> {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    const socket = new RawSocket(ws);
    ws.send(JSON.stringify({ type: 'connection_init', payload: connectionParams }));
    await socket.until((m) => m.type === 'connection_ack');
    return socket;
  }
  async until(match: (m: Obj) => boolean, timeoutMs = 5_000): Promise<Obj> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found) return found;
      if (this.closed) throw new Error(`socket closed ${this.closed.code} ${this.closed.reason}`);
      if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(this.messages).slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 100);
      });
    }
  }
  subscribe(id: string, query: string) {
    this.ws.send(JSON.stringify({ type: 'subscribe', id, payload: { query } }));
  }
  /** The operation's outcome: its `error` message, or its `complete` (after its `next`s). */
  outcome(id: string) {
    return this.until((m) => m.id === id && (m.type === 'error' || m.type === 'complete'));
  }
  close() {
    this.ws.close();
  }
}

/** A browser for the hosted sign-in: a cookie jar, a fixed source address, no redirects followed. */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly address: string) {}
  async request(url: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('x-forwarded-for', this.address);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/;\s*Max-Age=0\b/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { res, body: await res.text() };
  }
  /** Opens the sign-in form and posts a username and password; the status of the answer. */
  async signIn(baseUrl: string, issuerId: string, clientId: string, username: string, password: string): Promise<number> {
    // a fresh sign-in each time: the SSO session ends, the device cookie stays
    this.cookies.delete('ag_session');
    const params = new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's' });
    const page = await this.request(`${baseUrl}/${issuerId}/authorize?${params}`);
    expect(page.res.status).toBe(200);
    const state = /name="ag_state" value="([^"]+)"/.exec(page.body)![1]!;
    const { res } = await this.request(`${baseUrl}/${issuerId}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ag_state: state, username, password }),
    });
    return res.status;
  }
}

/** The issuer, clients, agent and keys most inputs use, on one server. */
async function seed(server: TestServer) {
  const issuerId = (await createIssuer(server.gql)).id;
  const orgId = (await createOrganization(server.gql, issuerId)).id;
  const issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  const m2m = await mutate(server, CreateClient, { issuerId, name: 'svc', type: 'M2M', scopes: ['org:read'], organizationId: orgId });
  const web = await mutate(server, CreateClient, { issuerId, name: 'web', redirectUris: [REDIRECT], scopes: [] });
  const agent = await mutate(server, CreateAgent, { issuerId, name: 'agent', scopes: ['org:read'] });
  const agentSecret = await mutate(server, CreateAgentVerifier, { agentId: agent.agent.id, type: 'SECRET' });
  return {
    issuerId,
    orgId,
    issuerUrl,
    client: { id: m2m.client.id as string, secret: m2m.secret as string },
    webClient: web.client.id as string,
    agent: { id: agent.agent.id as string, secret: agentSecret.secret as string },
  };
}

function tokenRequest(issuerUrl: string, headers: Record<string, string>, params: Record<string, string>) {
  return fetch(`${issuerUrl}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: form(params),
  });
}

describe('abuse resistance', () => {
  let server: TestServer;
  let s: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    server = await startServer({
      TRUST_PROXY: '127.0.0.1',
      AUTH_FAILURE_LIMIT: '5',
      AUTH_FAILURE_ADDRESS_LIMIT: '12',
      RATE_LIMIT_PERSONAL_TOKEN: '5',
      RATE_LIMIT_ACCESS_TOKEN: '5',
      SIGN_IN_USERNAME_LIMIT: '5',
      SIGN_IN_ADDRESS_LIMIT: '8',
    });
    s = await seed(server);
  });
  afterAll(async () => {
    await server?.stop();
  });

  const guessingEvents = () =>
    server.app.db.prisma.event.findMany({ where: { type: 'credential.guessing-suspected' }, orderBy: { id: 'asc' } });

  it('input 1: WebSocket bypasses the rate limit — each graphql-ws subscribe and each SSE request counts; past the limit an error message RATE_LIMITED with the retry delay, the socket stays up', async () => {
    const key = await mutate(server, CreateApiKey, {
      organizationId: s.orgId,
      name: 'ws-limited',
      scopes: ['org:read'],
      rateLimit: 5,
      rateLimitWindowSeconds: 600,
    });
    const socket = await RawSocket.open(server.url, { authorization: basic(key.apiKey.id, key.secret) });
    const outcomes: Obj[] = [];
    for (let i = 1; i <= 8; i++) {
      socket.subscribe(`op${i}`, '{ viewer { id } }');
      outcomes.push(await socket.outcome(`op${i}`));
    }
    expect(outcomes.slice(0, 5).map((o) => o.type)).toEqual(Array(5).fill('complete'));
    for (const refused of outcomes.slice(5)) {
      expect(refused.type).toBe('error');
      expect(refused.payload[0].extensions.code).toBe('RATE_LIMITED');
      expect(refused.payload[0].extensions.retryAfterSeconds).toBeGreaterThan(0);
      expect(refused.payload[0].extensions.retryAfterSeconds).toBeLessThanOrEqual(600);
    }
    expect(socket.closed).toBeNull();
    socket.ws.send(JSON.stringify({ type: 'ping' }));
    await socket.until((m) => m.type === 'pong');
    socket.close();

    // GraphQL over SSE: each request counts the same way
    const sseKey = await mutate(server, CreateApiKey, { organizationId: s.orgId, name: 'sse-limited', scopes: ['org:read'], rateLimit: 3 });
    const sse = () =>
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { authorization: basic(sseKey.apiKey.id, sseKey.secret), 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: '{ viewer { id } }' }),
      });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await sse();
      statuses.push(res.status);
      await res.text();
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
  });

  it('input 2: unlimited credentials — personal tokens and user access tokens have a default limit per kind, with X-RateLimit-* headers on every answer', async () => {
    // personal token: RATE_LIMIT_PERSONAL_TOKEN=5
    const user = await createUser(server.gql, s.issuerId);
    expect((await mutate(server, CreateMembership, { organizationId: s.orgId, memberId: user.id, scopes: ['org:read'] })).__typename).toBe(
      'CreateMembershipPayload',
    );
    const pat = await mutate(server, CreatePat, { userId: user.id, organizationId: s.orgId, name: 'cli', scopes: ['org:read'] });
    expect(pat.__typename).toBe('CreatePersonalTokenPayload');
    const answers: Response[] = [];
    for (let i = 0; i < 6; i++) answers.push(await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${pat.token}` } }));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.map((r) => r.headers.get('x-ratelimit-limit'))).toEqual(Array(6).fill('5'));
    expect(answers.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(Number(answers[5]!.headers.get('retry-after'))).toBeGreaterThan(0);

    // access tokens: RATE_LIMIT_ACCESS_TOKEN=5, counted per (client, subject): a fresh token does not reset it
    const mint = async () => {
      const res = await tokenRequest(
        s.issuerUrl,
        { authorization: basicAuth(s.client.id, s.client.secret) },
        { grant_type: 'client_credentials', scope: 'org:read' },
      );
      expect(res.status).toBe(200);
      return (await res.json()).access_token as string;
    };
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${await mint()}` } })).status);
    const second = await mint();
    for (let i = 0; i < 3; i++) {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { authorization: `Bearer ${second}`, 'content-type': 'application/json' },
        body: '{"query":"{ viewer { id } }"}',
      });
      expect(res.headers.get('x-ratelimit-limit')).toBe('5');
      statuses.push(res.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

    // account keys are limited too (RATE_LIMIT_ACCOUNT_KEY, default 20 000), headers included
    const admin = await fetch(`${server.url}/v1/me`, { headers: { authorization: basic(server.keyId, server.keySecret) } });
    expect(admin.headers.get('x-ratelimit-limit')).toBe('20000');
  });

  it('input 3: no throttling of failed authentication — per identifier and address at /token (client and agent secrets, private_key_jwt), /introspect, /revoke and API-key Basic auth; 429 + Retry-After; successes never counted; credential.guessing-suspected; other addresses keep working', async () => {
    const attacker = '203.0.113.7';
    const owner = '198.51.100.9';
    const wrong = (id: string) => ({ authorization: basicAuth(id, 'wrong-secret'), ...from(attacker) });
    // successes are never counted: 8 good requests from the attacker's address first
    for (let i = 0; i < 8; i++)
      expect(
        (
          await tokenRequest(
            s.issuerUrl,
            { authorization: basicAuth(s.client.id, s.client.secret), ...from(attacker) },
            { grant_type: 'client_credentials' },
          )
        ).status,
      ).toBe(200);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++)
      statuses.push((await tokenRequest(s.issuerUrl, wrong(s.client.id), { grant_type: 'client_credentials' })).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    const blocked = await tokenRequest(
      s.issuerUrl,
      { authorization: basicAuth(s.client.id, s.client.secret), ...from(attacker) },
      { grant_type: 'client_credentials' },
    );
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await blocked.json()).toMatchObject({ error: 'temporarily_unavailable' });
    // the client's owner, from its own address, is not locked out
    expect(
      (
        await tokenRequest(
          s.issuerUrl,
          { authorization: basicAuth(s.client.id, s.client.secret), ...from(owner) },
          { grant_type: 'client_credentials' },
        )
      ).status,
    ).toBe(200);

    // the security event: identifier and source, a normal (webhook-deliverable) event
    const [event] = await eventually(async () => {
      const found = (await guessingEvents()).filter((e) => (e.data as Obj).identifier === s.client.id);
      return found.length ? found : null;
    });
    expect(event!.data).toEqual({
      identifier: s.client.id,
      sourceAddress: attacker,
      scope: 'identifier',
      failures: 5,
      limit: 5,
      windowSeconds: 300,
    });
    expect(event).toMatchObject({ metered: false, issuerId: s.issuerId, actorType: 'system' });
    expect(SUBSCRIBABLE_EVENT_TYPES).toContain('credential.guessing-suspected');

    // sibling credentials, each from its own address: agent secrets, private_key_jwt, /introspect, /revoke, API-key Basic on /graphql and /v1/me
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const other = await generateKeyPair('ES256');
    const jwk: JWK = { ...(await exportJWK(publicKey)), alg: 'ES256' };
    const pkjClient = await mutate(server, CreateClient, {
      issuerId: s.issuerId,
      name: 'pkj',
      type: 'M2M',
      scopes: ['org:read'],
      organizationId: s.orgId,
      jwks: { keys: [jwk] },
    });
    const badAssertion = () => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({
        jti: randomUUID(),
        iss: pkjClient.client.id,
        sub: pkjClient.client.id,
        aud: s.issuerUrl,
        iat: now,
        exp: now + 60,
      })
        .setProtectedHeader({ alg: 'ES256' })
        .sign(other.privateKey);
    };
    const key = await mutate(server, CreateApiKey, { organizationId: s.orgId, name: 'guessed', scopes: ['org:read'] });
    const siblings: [string, (address: string) => Promise<Response>][] = [
      [
        'agent secret at /token',
        (a) =>
          tokenRequest(s.issuerUrl, { authorization: basicAuth(s.agent.id, 'nope'), ...from(a) }, { grant_type: 'client_credentials' }),
      ],
      [
        'private_key_jwt at /token',
        async (a) =>
          tokenRequest(s.issuerUrl, from(a), {
            grant_type: 'client_credentials',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: await badAssertion(),
          }),
      ],
      [
        'client secret at /introspect',
        (a) =>
          fetch(`${s.issuerUrl}/introspect`, {
            method: 'POST',
            headers: { authorization: basicAuth(s.client.id, 'nope'), 'content-type': 'application/x-www-form-urlencoded', ...from(a) },
            body: form({ token: 'x' }),
          }),
      ],
      [
        'client secret at /revoke',
        (a) =>
          fetch(`${s.issuerUrl}/revoke`, {
            method: 'POST',
            headers: { authorization: basicAuth(s.client.id, 'nope'), 'content-type': 'application/x-www-form-urlencoded', ...from(a) },
            body: form({ token: 'x' }),
          }),
      ],
      [
        'API-key Basic on /graphql',
        (a) =>
          fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { authorization: basic(key.apiKey.id, 'nope'), 'content-type': 'application/json', ...from(a) },
            body: '{"query":"{ viewer { id } }"}',
          }),
      ],
      [
        'API-key Basic on /v1/me',
        (a) => fetch(`${server.url}/v1/me`, { headers: { authorization: basic(key.apiKey.id, 'nope'), ...from(a) } }),
      ],
    ];
    for (const [index, [name, attempt]] of siblings.entries()) {
      const address = `203.0.113.${20 + index}`;
      const seen: number[] = [];
      for (let i = 0; i < 6; i++) seen.push((await attempt(address)).status);
      expect(
        seen.slice(0, 5).every((status) => status === 401),
        `${name}: ${seen}`,
      ).toBe(true);
      expect(seen[5], name).toBe(429);
    }
    // the API key's owner account hears of it too
    await eventually(async () => (await guessingEvents()).find((e) => (e.data as Obj).identifier === key.apiKey.id));
    expect(
      (await fetch(`${server.url}/v1/me`, { headers: { authorization: basic(key.apiKey.id, key.secret), ...from(owner) } })).status,
    ).toBe(200);

    // per address: one address trying many identifiers is stopped after AUTH_FAILURE_ADDRESS_LIMIT (12)
    const sprayer = '203.0.113.99';
    const sprayed: number[] = [];
    for (let i = 0; i < 13; i++)
      sprayed.push(
        (
          await tokenRequest(
            s.issuerUrl,
            { authorization: basicAuth(`c_guess${i}`, 'x'), ...from(sprayer) },
            { grant_type: 'client_credentials' },
          )
        ).status,
      );
    expect(sprayed.slice(0, 12).every((status) => status === 401)).toBe(true);
    expect(sprayed[12]).toBe(429);
    const addressEvent = await eventually(async () =>
      (await guessingEvents()).find((e) => (e.data as Obj).scope === 'address' && (e.data as Obj).sourceAddress === sprayer),
    );
    expect(addressEvent.data).toMatchObject({ sourceAddress: sprayer, failures: 12, limit: 12 });
  });

  it('input 4: anyone can lock a user out — a browser that signed in before keeps signing in while strangers are throttled per username and per address; known and unknown names answer the same, whatever the case', async () => {
    const username = `Alice.${randomBytes(3).toString('hex')}@Example.com`;
    const user = await createUser(server.gql, s.issuerId, username);
    expect((await mutate(server, SetPassword, { userId: user.id, password: PASSWORD })).__typename).toBe('SetUserPasswordPayload');

    const owner = new Browser('198.51.100.50');
    expect(await owner.signIn(server.url, s.issuerId, s.webClient, username, PASSWORD)).toBe(303);
    expect(owner.cookies.has('ag_device')).toBe(true);

    // a stranger fails on the all-caps spelling: the counter is case-insensitive
    const stranger = new Browser('203.0.113.60');
    const strangerCodes: number[] = [];
    for (let i = 0; i < 6; i++)
      strangerCodes.push(await stranger.signIn(server.url, s.issuerId, s.webClient, username.toUpperCase(), 'wrong-password-1'));
    expect(strangerCodes).toEqual([400, 400, 400, 400, 400, 429]);
    // unknown browsers are throttled for that username, even with the right password and exact spelling
    expect(await new Browser('203.0.113.61').signIn(server.url, s.issuerId, s.webClient, username, PASSWORD)).toBe(429);
    // the owner's browser is exempt from the per-username lockout
    expect(await owner.signIn(server.url, s.issuerId, s.webClient, username, PASSWORD)).toBe(303);
    // the account hears of it: credential.guessing-suspected with the name as compared
    const tripped = await eventually(async () =>
      (await guessingEvents()).find((e) => (e.data as Obj).identifier === username.toLowerCase()),
    );
    expect(tripped.data).toEqual({
      identifier: username.toLowerCase(),
      sourceAddress: '203.0.113.60',
      scope: 'identifier',
      failures: 5,
      limit: 5,
      windowSeconds: 900,
    });

    // an unknown username: the same codes after the same number of tries, in any spelling
    const ghost = `Ghost.${randomBytes(3).toString('hex')}@Example.com`;
    const ghostCodes: number[] = [];
    const other = new Browser('203.0.113.62');
    for (let i = 0; i < 6; i++)
      ghostCodes.push(await other.signIn(server.url, s.issuerId, s.webClient, ghost.toUpperCase(), 'wrong-password-1'));
    expect(ghostCodes).toEqual(strangerCodes);
    expect(await new Browser('203.0.113.63').signIn(server.url, s.issuerId, s.webClient, ghost, PASSWORD)).toBe(429);
    expect(signInCounterKey('i', ' ÅLICE ')).toBe(signInCounterKey('i', 'A\u030alice'));

    // per address: one address spraying many usernames is stopped (SIGN_IN_ADDRESS_LIMIT=8)
    const sprayer = new Browser('203.0.113.64');
    const sprayed: number[] = [];
    for (let i = 0; i < 9; i++)
      sprayed.push(await sprayer.signIn(server.url, s.issuerId, s.webClient, `nobody${i}@example.com`, 'wrong-password-1'));
    expect(sprayed).toEqual([400, 400, 400, 400, 400, 400, 400, 400, 429]);
    // the lockout is not the user row's: the stranger's failures left it untouched
    expect(
      await server.app.db.prisma.user.findUniqueOrThrow({ where: { id: user.id }, select: { lockedUntil: true, failedLoginCount: true } }),
    ).toEqual({ lockedUntil: null, failedLoginCount: 0 });
  });

  it('input 5: client-assertion replay cache — lifetimes over 5 min refused, a replay refused, one client filling its partition never blocks another', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), alg: 'ES256' };
    const client = await mutate(server, CreateClient, {
      issuerId: s.issuerId,
      name: 'pkj-replay',
      type: 'M2M',
      scopes: ['org:read'],
      organizationId: s.orgId,
      jwks: { keys: [jwk] },
    });
    const id = client.client.id as string;
    const now = Math.floor(Date.now() / 1000);
    const assertion = (claims: Obj) =>
      new SignJWT({ jti: randomUUID(), iss: id, sub: id, aud: s.issuerUrl, ...claims })
        .setProtectedHeader({ alg: 'ES256' })
        .sign(privateKey);
    const exchange = async (value: string) =>
      tokenRequest(s.issuerUrl, from('198.51.100.70'), {
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: value,
      });
    expect((await exchange(await assertion({ iat: now, exp: now + 300 }))).status).toBe(200);
    expect((await exchange(await assertion({ iat: now - 400, exp: now + 200 }))).status).toBe(401); // exp - iat = 600 s
    expect((await exchange(await assertion({ exp: now + 400 }))).status).toBe(401); // exp - now = 400 s
    const once = await assertion({ iat: now, exp: now + 60 });
    expect((await exchange(once)).status).toBe(200);
    expect((await exchange(once)).status).toBe(401);

    // partitioned per client with a quota: a full partition refuses only its own client
    const cache = createReplayCache({ perClientQuota: 3 });
    const t = Date.now();
    for (let i = 0; i < 3; i++) expect(await cache.consume('i:c_a', `j${i}`, t + 60_000, t)).toBe(true);
    expect(await cache.consume('i:c_a', 'j3', t + 60_000, t)).toBe(false);
    expect(await cache.consume('i:c_b', 'j0', t + 60_000, t)).toBe(true);
    expect(await cache.consume('i:c_b', 'j0', t + 60_000, t)).toBe(false);
    // expired ids make room again
    expect(await cache.consume('i:c_a', 'j4', t + 120_000, t + 61_000)).toBe(true);
  });

  it('input 8: deep input overflows the stack — metadata 2 500 and 100 000 levels deep is a ValidationError on the field, never an internal error', async () => {
    const nest = (depth: number) => {
      let value: unknown = 1;
      for (let i = 0; i < depth; i++) value = { a: value };
      return value as Obj;
    };
    const deep = await mutate(server, CreateOrganization, { issuerId: s.issuerId, name: 'deep', metadata: nest(2_500) });
    expect(deep.__typename).toBe('ValidationError');
    expect(deep.fields).toEqual([{ path: 'metadata', message: 'must nest at most 32 levels deep' }]);
    // 100 000 levels, arrays inside (about 200 KB, under the body limit), sent as a raw body
    const body = `{"query":${JSON.stringify(CreateOrganization)},"variables":{"input":{"issuerId":"${s.issuerId}","name":"deeper","metadata":{"a":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}}`;
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: basic(server.keyId, server.keySecret), 'content-type': 'application/json' },
      body,
    });
    const json = (await res.json()) as Obj;
    expect(JSON.stringify(json)).not.toContain('INTERNAL_SERVER_ERROR');
    expect(json.data.createOrganization).toMatchObject({ __typename: 'ValidationError', fields: [{ path: 'metadata' }] });
    // exactly 32 levels is fine
    expect((await mutate(server, CreateOrganization, { issuerId: s.issuerId, name: 'deep-ok', metadata: nest(31) })).__typename).toBe(
      'CreateOrganizationPayload',
    );
    // the same bound on the other JSON inputs: a JWK with a deep member
    const agent = await mutate(server, CreateAgent, { issuerId: s.issuerId, name: 'deep-jwk', scopes: [] });
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const verifier = await mutate(server, CreateAgentVerifier, {
      agentId: agent.agent.id,
      type: 'PRIVATE_KEY_JWT',
      publicJwk: { ...(await exportJWK(publicKey)), ext: nest(2_500) },
    });
    expect(verifier.__typename).toBe('ValidationError');
    // a literal nested in the query text is refused before it is walked
    const literal = `mutation { createOrganization(input: { issuerId: "${s.issuerId}", name: "lit", metadata: ${'{a:'.repeat(2_500)}1${'}'.repeat(2_500)} }) { __typename } }`;
    const literalRes = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: basic(server.keyId, server.keySecret), 'content-type': 'application/json' },
      body: JSON.stringify({ query: literal }),
    });
    expect(JSON.stringify(await literalRes.json())).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('input 9: IPv6 forms slip past the webhook guard — every non-global spelling refused at registration and at connect time', async () => {
    const refused = [
      'https://[::127.0.0.1]/hook',
      'https://[::169.254.169.254]/latest/meta-data',
      'https://[::ffff:127.0.0.1]/',
      'https://[::ffff:0:7f00:1]/',
      'https://[64:ff9b::10.0.0.1]/',
      'https://[64:ff9b:1::a9fe:a9fe]/',
      'https://[2002:7f00:1::1]/',
      'https://[2002:c0a8:101::1]/',
      'https://[2001::1]/',
      'https://[fd12:3456::1]/',
      'https://[fe80::1]/',
      'https://[ff02::1]/',
      'https://[2001:db8::1]/',
      'https://[::]/',
      'https://[::1]/',
      'https://[100::1]/',
      'https://[3fff::1]/',
      'https://0177.0.0.1/',
      'https://192.0.2.10/',
    ];
    for (const url of refused) {
      const res = await mutate(server, CreateWebhook, { url, eventTypes: ['organization.created'], organizationId: s.orgId });
      expect(res.__typename, url).toBe('ValidationError');
    }
    expect(blockedRange('2606:4700:4700::1111')).toBeNull();
    expect(blockedRange('8.8.8.8')).toBeNull();
    // connect time (DNS rebinding): a name that now resolves to an IPv4-compatible loopback
    const lookup = guardedLookup({ allowPrivateNetworks: false, resolve: async () => [{ address: '::7f00:1', family: 6 }] });
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => lookup('rebind.example', { all: false }, (e) => resolve(e)));
    expect(error?.code).toBe('EUNSAFEADDRESS');
  });
});

describe('safe defaults', () => {
  it('input 6: world-writable data — under umask 022 the data directory is 0700 and every file 0600 (master key too); a group- or world-writable directory is refused', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'authgraph-i6-')), 'data');
    const previous = process.umask(0o022);
    try {
      const config = {
        ...loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dir }),
        database: { kind: 'pglite' as const, dataDir: dir },
      };
      const app = await buildApp({ config });
      await app.stop();
      expect(statSync(dir).mode & 0o777).toBe(0o700);
      const loose: string[] = [];
      const walk = (d: string) => {
        for (const entry of readdirSync(d, { withFileTypes: true })) {
          const path = join(d, entry.name);
          if (entry.isDirectory()) {
            if ((statSync(path).mode & 0o777) !== 0o700) loose.push(path);
            walk(path);
          } else if ((statSync(path).mode & 0o777) !== 0o600) loose.push(path);
        }
      };
      walk(dir);
      expect(loose).toEqual([]);
      expect(statSync(join(dir, 'master.key')).mode & 0o777).toBe(0o600);

      chmodSync(dir, 0o770);
      await expect(buildApp({ config })).rejects.toThrow(/group- or world-writable/);
    } finally {
      process.umask(previous);
    }
  });

  it('input 7: failures nobody can trace — X-Request-Id on every response (a trusted proxy’s kept, a client’s replaced), on every log line of the request, unexpected errors logged with their stack and quoted in extensions.requestId', async () => {
    const lines: Obj[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Obj);
        done();
      },
    });
    const keyId = newId('apiKey');
    const keySecret = randomBytes(32).toString('base64url');
    const config = {
      ...loadConfig({
        NODE_ENV: 'test',
        LOG_LEVEL: 'debug',
        TRUST_PROXY: '127.0.0.1',
        AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
        AUTHGRAPH_MASTER_KEY: randomBytes(32).toString('hex'),
      }),
      database: { kind: 'pglite' as const, dataDir: null },
    };
    const faults: Faults = { failEventWrite: null };
    const app = await buildApp({ config, faults, logger: createLogger('debug', stream) });
    const url = await app.start(0, '127.0.0.1');
    try {
      const auth = { authorization: basic(keyId, keySecret), 'content-type': 'application/json' };
      const issuerId = (await createIssuer(createClient(url, { username: keyId, password: keySecret }))).id;
      const answers = await Promise.all([
        fetch(`${url}/graphql`, { method: 'POST', headers: auth, body: '{"query":"{ viewer { id } }"}' }),
        fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ viewer { id } }"}' }),
        fetch(`${url}/nope`),
        fetch(`${url}/healthz`),
        fetch(`${url}/${issuerId}/.well-known/openid-configuration`),
        fetch(`${url}/${issuerId}/token`, { method: 'POST' }),
        fetch(`${url}/${newId('issuer')}/jwks`),
      ]);
      const ids = answers.map((r) => r.headers.get('x-request-id'));
      for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
      expect(new Set(ids).size).toBe(ids.length);
      // a trusted proxy's id is kept (here the peer is the trusted 127.0.0.1)
      expect((await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'edge-42' } })).headers.get('x-request-id')).toBe('edge-42');

      // an unexpected error: logged at error level with its stack and the request id, which the masked error quotes
      faults.failEventWrite = 'organization.created';
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ query: CreateOrganization, variables: { input: { issuerId, name: 'boom' } } }),
      });
      faults.failEventWrite = null;
      const requestId = res.headers.get('x-request-id')!;
      const body = (await res.json()) as Obj;
      expect(body.errors[0].extensions).toMatchObject({ code: 'INTERNAL_SERVER_ERROR', requestId });
      expect(JSON.stringify(body)).not.toContain('injected fault');
      const logged = await eventually(async () => lines.find((l) => l.level === 50 && l.requestId === requestId));
      expect(logged.err.stack).toContain('injected fault');
      const ofRequest = lines.filter((l) => l.requestId === requestId);
      expect(ofRequest.length).toBeGreaterThan(0);
      // every line logged while a request was served names it (the startup lines have none)
      const during = lines.filter((l) => l.msg !== 'migrations applied' && l.time >= logged.time - 50 && l.time <= logged.time);
      expect(during.every((l) => typeof l.requestId === 'string')).toBe(true);
    } finally {
      await app.stop();
    }
  });

  it('input 10: unsafe default mode — without AUTHGRAPH_ENV=development no field suggestions, no stack traces, and GraphiQL shows nothing without a credential', async () => {
    expect(loadConfig({}).mode).toBe('production');
    expect(loadConfig({ NODE_ENV: 'development' }).mode).toBe('production');
    const [plain, dev] = await Promise.all([startServer(), startServer({ AUTHGRAPH_ENV: 'development' })]);
    try {
      const ask = (srv: TestServer, body: Obj) =>
        fetch(`${srv.url}/graphql`, {
          method: 'POST',
          headers: { authorization: basic(srv.keyId, srv.keySecret), 'content-type': 'application/json' },
          body: JSON.stringify(body),
        }).then((r) => r.json() as Promise<Obj>);
      const typo = { query: '{ viewr { id } }' };
      expect(JSON.stringify(await ask(plain, typo))).not.toContain('Did you mean');
      expect(JSON.stringify(await ask(dev, typo))).toContain('Did you mean');
      const issuerId = (await createIssuer(plain.gql)).id;
      plain.faults.failEventWrite = 'organization.created';
      const masked = await ask(plain, { query: CreateOrganization, variables: { input: { issuerId, name: 'x' } } });
      plain.faults.failEventWrite = null;
      expect(masked.errors[0].message).toBe('Unexpected error.');
      expect(JSON.stringify(masked)).not.toMatch(/stack|injected fault|originalError/);
      const page = await fetch(`${plain.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      // the page is GraphiQL's bundle (served from the install), never our schema: none of its type or field names
      expect(await page.text()).not.toMatch(/createOrganization|CreateOrganizationInput|ApiKeyRef|organizationId/);
      const anonymous = await fetch(`${plain.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __schema { types { name } } }"}',
      });
      expect(anonymous.status).toBe(401);
    } finally {
      await Promise.all([plain.stop(), dev.stop()]);
    }
  });

  it('input 11: open metrics — /metrics needs the METRICS_TOKEN bearer or the loopback METRICS_PORT; /healthz and /readyz say only up or down', async () => {
    const port = await freePort();
    const [closed, guarded] = await Promise.all([
      startServer(),
      startServer({ METRICS_TOKEN: 'a-long-metrics-token-1234', METRICS_PORT: String(port) }),
    ]);
    try {
      expect((await fetch(`${closed.url}/metrics`)).status).toBe(404);
      expect((await fetch(`${guarded.url}/metrics`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer a-long-metrics-token-1235' } })).status).toBe(401);
      const ok = await fetch(`${guarded.url}/metrics`, { headers: { authorization: 'Bearer a-long-metrics-token-1234' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('authgraph_http_requests_total');
      const loopback = await fetch(`http://127.0.0.1:${port}/metrics`);
      expect(loopback.status).toBe(200);
      expect(await loopback.text()).toContain('authgraph_http_requests_total');
      for (const path of ['/healthz', '/readyz']) {
        const res = await fetch(`${closed.url}${path}`);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: 'up' });
      }
    } finally {
      await Promise.all([closed.stop(), guarded.stop()]);
    }
  });

  it('input 12: WebSocket errors — an invalid operation gets the protocol error message, the socket stays, nothing on stdout; production messages do not reveal the limits', async () => {
    const server = await startServer();
    const written: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    const writeErr = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return write(chunk, ...(rest as []));
    }) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return writeErr(chunk, ...(rest as []));
    }) as typeof process.stderr.write;
    try {
      const socket = await RawSocket.open(server.url, { authorization: basic(server.keyId, server.keySecret) });
      socket.subscribe('bad', '{ viewer { id ');
      const bad = await socket.outcome('bad');
      expect(bad.type).toBe('error');
      expect(bad.payload[0].message).toMatch(/Syntax Error/);
      socket.subscribe('unknown', '{ nope }');
      expect((await socket.outcome('unknown')).type).toBe('error');
      const aliases = Array.from({ length: 50 }, (_, i) => `a${i}: viewer { id }`).join(' ');
      socket.subscribe('aliases', `{ ${aliases} }`);
      const flood = await socket.outcome('aliases');
      expect(flood.type).toBe('error');
      expect(JSON.stringify(flood.payload)).not.toMatch(/\b20\b|limit of|found 50/);
      socket.subscribe('good', '{ viewer { id } }');
      await socket.until((m) => m.id === 'good' && m.type === 'next');
      expect(socket.closed).toBeNull();
      socket.close();
      expect(written.join('')).not.toMatch(/\n\s+at |Error:/);
    } finally {
      process.stdout.write = write;
      process.stderr.write = writeErr;
      await server.stop();
    }
  });

  it('input 13: any Origin upgrades — only ALLOWED_ORIGINS (default the PUBLIC_URL origin) or no Origin at all; others 403 before the upgrade', async () => {
    const server = await startServer({ PUBLIC_URL: 'https://auth.example.com' });
    try {
      const handshake = (headers: Record<string, string>) =>
        new Promise<number>((resolve, reject) => {
          const ws = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws', { headers });
          ws.once('open', () => {
            ws.close();
            resolve(101);
          });
          ws.once('unexpected-response', (_req, res) => {
            resolve(res.statusCode ?? 0);
            ws.terminate();
          });
          ws.once('error', (e) => (String(e).includes('Unexpected server response') ? undefined : reject(e)));
        });
      expect(await handshake({ origin: 'https://evil.example' })).toBe(403);
      expect(await handshake({ origin: 'https://auth.example.com.evil.example' })).toBe(403);
      expect(await handshake({ origin: 'https://auth.example.com' })).toBe(101);
      expect(await handshake({})).toBe(101);
    } finally {
      await server.stop();
    }
    const listed = await startServer({ ALLOWED_ORIGINS: 'https://console.example.com, https://admin.example.com' });
    try {
      const socket = await RawSocket.open(
        listed.url,
        { authorization: basic(listed.keyId, listed.keySecret) },
        { origin: 'https://admin.example.com' },
      );
      socket.close();
      await expect(RawSocket.open(listed.url, {}, { origin: listed.url })).rejects.toThrow(/403/);
    } finally {
      await listed.stop();
    }
  });
});

const onPostgres = process.env.AUTHGRAPH_TEST_DB === 'postgres';
const withRedis = onPostgres && (await redisAnswers());

describe.skipIf(!withRedis)('two nodes on PostgreSQL + Redis', () => {
  const keyId = newId('apiKey');
  const keySecret = randomBytes(32).toString('base64url');
  const masterKey = randomBytes(32).toString('hex');
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const apps: App[] = [];
  const urls: string[] = [];
  let s: Awaited<ReturnType<typeof seed>>;

  beforeAll(async () => {
    database = await createPostgresDatabase();
    for (let i = 0; i < 2; i++) {
      const config = {
        ...loadConfig({
          NODE_ENV: 'test',
          LOG_LEVEL: 'silent',
          TRUST_PROXY: '127.0.0.1',
          REDIS_URL: redisUrl,
          AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
          AUTHGRAPH_MASTER_KEY: masterKey,
          SIGN_IN_USERNAME_LIMIT: '5',
        }),
        database: { kind: 'postgres' as const, url: database.url },
      };
      const app = await buildApp({ config });
      apps.push(app);
      urls.push(await app.start(0, '127.0.0.1'));
    }
    const node1: TestServer = {
      app: apps[0]!,
      url: urls[0]!,
      keyId,
      keySecret,
      gql: createClient(urls[0]!, { username: keyId, password: keySecret }),
      faults: { failEventWrite: null },
      stop: async () => {},
    };
    s = await seed(node1);
  });
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await database?.drop();
  });

  it('input 4 on two nodes: the per-username counter is shared (failures on node 1 and node 2 add up), the device cookie works on either', async () => {
    const node1: TestServer = {
      app: apps[0]!,
      url: urls[0]!,
      keyId,
      keySecret,
      gql: createClient(urls[0]!, { username: keyId, password: keySecret }),
      faults: { failEventWrite: null },
      stop: async () => {},
    };
    const username = `Multi.${randomBytes(3).toString('hex')}@Example.com`;
    const user = await createUser(node1.gql, s.issuerId, username);
    expect((await mutate(node1, SetPassword, { userId: user.id, password: PASSWORD })).__typename).toBe('SetUserPasswordPayload');
    const owner = new Browser('198.51.100.80');
    expect(await owner.signIn(urls[0]!, s.issuerId, s.webClient, username, PASSWORD)).toBe(303);
    const codes: number[] = [];
    for (let i = 0; i < 6; i++)
      codes.push(
        await new Browser(`203.0.113.${80 + i}`).signIn(urls[i % 2]!, s.issuerId, s.webClient, username.toLowerCase(), 'wrong-password-1'),
      );
    expect(codes).toEqual([400, 400, 400, 400, 400, 429]);
    expect(await new Browser('203.0.113.90').signIn(urls[0]!, s.issuerId, s.webClient, username, PASSWORD)).toBe(429);
    expect(await owner.signIn(urls[1]!, s.issuerId, s.webClient, username, PASSWORD)).toBe(303);
  });

  it('input 3 on two nodes: failed client authentications on node 1 and node 2 add up (one Redis read checks both counters); past the limit either node answers 429, other addresses keep working', async () => {
    const attacker = `203.0.113.${100 + Math.floor(Math.random() * 100)}`;
    const on = (i: number) => `${urls[i % 2]!}/${s.issuerId}`;
    const statuses: number[] = [];
    // AUTH_FAILURE_LIMIT (10) wrong secrets for one client from one address, alternating nodes
    for (let i = 0; i < 10; i++)
      statuses.push(
        (
          await tokenRequest(
            on(i),
            { authorization: basicAuth(s.client.id, 'wrong-secret'), ...from(attacker) },
            {
              grant_type: 'client_credentials',
            },
          )
        ).status,
      );
    expect(statuses).toEqual(Array(10).fill(401));
    for (const i of [0, 1]) {
      const blocked = await tokenRequest(
        on(i),
        { authorization: basicAuth(s.client.id, s.client.secret), ...from(attacker) },
        {
          grant_type: 'client_credentials',
        },
      );
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    const owner = await tokenRequest(
      on(1),
      { authorization: basicAuth(s.client.id, s.client.secret), ...from('198.51.100.99') },
      {
        grant_type: 'client_credentials',
      },
    );
    expect(owner.status).toBe(200);
  });

  it('input 5 on two nodes: an assertion used on node 1 is a replay on node 2 (Redis SET NX PX); the per-client quota is shared', async () => {
    const node1: TestServer = {
      app: apps[0]!,
      url: urls[0]!,
      keyId,
      keySecret,
      gql: createClient(urls[0]!, { username: keyId, password: keySecret }),
      faults: { failEventWrite: null },
      stop: async () => {},
    };
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const jwk: JWK = { ...(await exportJWK(publicKey)), alg: 'ES256' };
    const client = await mutate(node1, CreateClient, {
      issuerId: s.issuerId,
      name: 'pkj-2',
      type: 'M2M',
      scopes: ['org:read'],
      organizationId: s.orgId,
      jwks: { keys: [jwk] },
    });
    const id = client.client.id as string;
    const now = Math.floor(Date.now() / 1000);
    const once = await new SignJWT({ jti: randomUUID(), iss: id, sub: id, aud: s.issuerUrl, iat: now, exp: now + 60 })
      .setProtectedHeader({ alg: 'ES256' })
      .sign(privateKey);
    const exchange = (url: string) =>
      tokenRequest(
        `${url}/${s.issuerId}`,
        {},
        {
          grant_type: 'client_credentials',
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: once,
        },
      );
    expect((await exchange(urls[0]!)).status).toBe(200);
    expect((await exchange(urls[1]!)).status).toBe(401);

    const a = new Redis(redisUrl);
    const b = new Redis(redisUrl);
    try {
      const prefix = `authgraph:test:jti:${randomUUID()}`;
      const [first, second] = [
        createRedisReplayCache(a, { prefix, perClientQuota: 2 }),
        createRedisReplayCache(b, { prefix, perClientQuota: 2 }),
      ];
      const t = Date.now();
      expect(await first.consume('i:c_x', 'j1', t + 60_000, t)).toBe(true);
      expect(await second.consume('i:c_x', 'j1', t + 60_000, t)).toBe(false);
      expect(await second.consume('i:c_x', 'j2', t + 60_000, t)).toBe(true);
      expect(await first.consume('i:c_x', 'j3', t + 60_000, t)).toBe(false); // the client's quota, across nodes
      expect(await first.consume('i:c_y', 'j1', t + 60_000, t)).toBe(true); // another client is unaffected
      const keys = await a.keys(`${prefix}:*`);
      if (keys.length) await a.del(...keys);
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });
});
