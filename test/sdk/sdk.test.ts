/**
 * Issue 14: @authgraph/sdk against a real server — retries that never create twice, auto-
 * pagination, typed errors with the request id, verification across a key rotation, the
 * User-Agent, webhook verification, and a live subscription that resumes after a drop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer } from 'node:net';
import WebSocket from 'ws';
import { Webhook } from 'standardwebhooks';
import {
  AuthgraphAdmin,
  AuthgraphError,
  AuthenticationError,
  ConflictError,
  ForbiddenError,
  InvalidStateError,
  LimitReachedError,
  NetworkError,
  NotFoundError,
  RateLimitedError,
  TimeoutError,
  ValidationError,
  VERSION,
  WebhookVerificationError,
  clearJwksCache,
  requireScopes,
  verifyAccessToken,
  webhooks,
  type AuthgraphEvent,
} from '@authgraph/sdk';
import { startServer, type TestServer } from '../helpers/server.js';
import { startProxy } from '../helpers/proxy.js';
import { seedMemberships, seedUsers } from '../helpers/bulk.js';

let server: TestServer;
let admin: AuthgraphAdmin;
let issuerId: string;

const adminFor = (baseUrl: string, extra: Partial<ConstructorParameters<typeof AuthgraphAdmin>[0]> = {}) =>
  new AuthgraphAdmin({ apiKey: { id: server.keyId, secret: server.keySecret }, baseUrl, ...extra });

/** A fetch that records what went out and what came back. */
function recordingFetch() {
  const seen: { url: string; headers: Headers; status: number; requestId: string | null; replayed: boolean }[] = [];
  const impl: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    seen.push({
      url: String(input),
      headers: new Headers(init?.headers),
      status: response.status,
      requestId: response.headers.get('x-request-id'),
      replayed: response.headers.get('idempotent-replayed') === 'true',
    });
    return response;
  };
  return { impl, seen };
}

async function eventsAbout(subject: string, type: string): Promise<number> {
  await server.app.relay.drain?.();
  return server.app.db.prisma.event.count({ where: { subject, type } });
}

/** The server's clock runs `offsetMs` ahead of the real one (signing keys activate on the server's clock). */
let offsetMs = 0;
const offsetClock = { now: () => new Date(Date.now() + offsetMs) };

beforeAll(async () => {
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' }, { clock: offsetClock });
  admin = adminFor(server.url);
  issuerId = (await admin.issuers.create({ name: 'sdk-tests' })).id;
});
afterAll(() => server.stop());

describe('retries and idempotency', () => {
  it('a create retried after an injected connection drop happens exactly once (one organization.created event)', async () => {
    const proxy = await startProxy(server.url);
    try {
      proxy.dropResponses(1);
      const { impl, seen } = recordingFetch();
      const sdk = adminFor(proxy.url, { fetch: impl });
      const org = await sdk.issuer(issuerId).organizations.create({ name: 'Dropped Once', slug: 'dropped-once' });
      expect(proxy.connections).toBeGreaterThanOrEqual(2);
      expect(await eventsAbout(org.id, 'organization.created')).toBe(1);
      expect(await server.app.db.prisma.organization.count({ where: { slug: 'dropped-once', issuerId } })).toBe(1);
      // the one answer that arrived was the server's replay of the first attempt
      expect(seen).toHaveLength(1);
      expect(seen[0]!.replayed).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('every attempt of one mutation carries the same Idempotency-Key; two calls carry two keys', async () => {
    const keys: string[] = [];
    let fail = 1;
    const flaky: typeof fetch = async (input, init) => {
      keys.push(new Headers(init?.headers).get('idempotency-key') ?? '');
      const response = await fetch(input, init);
      if (fail-- > 0) throw new TypeError('fetch failed (injected after the server answered)');
      return response;
    };
    const sdk = adminFor(server.url, { fetch: flaky });
    const a = await sdk.issuer(issuerId).users.create({ username: 'retry-once@example.com' });
    await sdk.issuer(issuerId).users.create({ username: 'retry-twice@example.com' });
    expect(keys).toHaveLength(3);
    expect(keys[0]).toBe(keys[1]);
    expect(keys[2]).not.toBe(keys[0]);
    expect(await eventsAbout(a.id, 'user.created')).toBe(1);
  });

  it('with maxRetries 0 a dropped answer is a NetworkError (retryable, status 0)', async () => {
    const proxy = await startProxy(server.url);
    try {
      proxy.dropResponses(1);
      const error = await adminFor(proxy.url, { maxRetries: 0 })
        .issuers.list()
        .page()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect(error).toMatchObject({ code: 'NETWORK_ERROR', status: 0, retryable: true });
    } finally {
      await proxy.close();
    }
  });

  it('429 is retried after Retry-After; with no retries left it is a RateLimitedError with retryAfter', async () => {
    const org = await admin.issuer(issuerId).organizations.create({ name: 'Limited' });
    const key = await admin
      .issuer(issuerId)
      .organization(org.id)
      .apiKeys.create({ name: 'tiny', scopes: ['org:read'], rateLimit: 1, rateLimitWindowSeconds: 60 });
    const limited = new AuthgraphAdmin({ apiKey: key.token, baseUrl: server.url, maxRetries: 0 });
    await limited.whoami();
    const error = await limited.whoami().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).status).toBe(429);
    expect((error as RateLimitedError).retryAfter).toBeGreaterThan(0);
    expect((error as RateLimitedError).retryable).toBe(true);
  });
});

describe('auto-pagination', () => {
  it('walks 1 000 members exactly once, 100 per page', async () => {
    const org = await admin.issuer(issuerId).organizations.create({ name: 'Thousand' });
    const users = await seedUsers(server.app, issuerId, 1000);
    const memberships = await seedMemberships(
      server.app,
      users.map((userId) => ({ organizationId: org.id, userId })),
    );
    const { impl, seen } = recordingFetch();
    const list = adminFor(server.url, { fetch: impl }).issuer(issuerId).organization(org.id).members.list();
    const ids: string[] = [];
    for await (const member of list) ids.push(member.id);
    expect(ids).toHaveLength(1000);
    expect(new Set(ids).size).toBe(1000);
    expect([...ids].sort()).toEqual([...memberships].sort());
    expect(seen).toHaveLength(10);
    const page = await list.page({ first: 7 });
    expect(page.data).toHaveLength(7);
    expect(page.totalCount).toBe(1000);
    const next = await list.page({ first: 7, after: page.nextCursor });
    expect(next.data[0]!.id).not.toBe(page.data[6]!.id);
    expect(ids.slice(0, 14)).toEqual([...page.data, ...next.data].map((m) => m.id));
  });

  it('events.list({ limit: 20 }) awaited is one page with .data (seed 003), newest first', async () => {
    const events = await admin.events.list({ limit: 20 });
    expect(events.data.length).toBeGreaterThan(0);
    expect(events.data.length).toBeLessThanOrEqual(20);
    const times = events.data.map((e) => e.time);
    expect([...times].sort().reverse()).toEqual(times);
  });
});

describe('clients.update', () => {
  it('fixes a redirect URI in place and reports what changed; a fragment is a ValidationError on its path', async () => {
    const clients = admin.issuer(issuerId).clients;
    const web = await clients.create({ name: 'sdk web', scopes: ['openid'], redirectUris: ['https://old.example.com/cb'] });
    const updated = await clients.update(web.id, { redirectUris: ['https://new.example.com/cb'] });
    expect(updated.client.redirectUris).toEqual(['https://new.example.com/cb']);
    expect(updated.changed).toContain('redirectUris');
    expect((await clients.get(web.id)).redirectUris).toEqual(['https://new.example.com/cb']);
    const refused = await clients.update(web.id, { redirectUris: ['https://new.example.com/cb#'] }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).fields.map((f) => f.path)).toEqual(['redirectUris.0']);
  });
});

describe('errors', () => {
  /** Calls, expects a failure of `type`, and checks requestId is the X-Request-Id the server sent. */
  async function expectFailure<E extends AuthgraphError>(
    run: (sdk: AuthgraphAdmin) => Promise<unknown>,
    type: new (...args: never[]) => E,
    sdk?: (f: typeof fetch) => AuthgraphAdmin,
  ): Promise<E> {
    const { impl, seen } = recordingFetch();
    const error = await run(sdk ? sdk(impl) : adminFor(server.url, { fetch: impl, maxRetries: 0 })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).toBeInstanceOf(AuthgraphError);
    const sent = seen.at(-1)?.requestId ?? null;
    // the server's X-Request-Id (issue 10) is what the error reports
    expect((error as E).requestId).toBe(sent);
    return error as E;
  }

  it('ValidationError with field paths (createOrganization with an empty name)', async () => {
    const e = await expectFailure((s) => s.issuer(issuerId).organizations.create({ name: '' }), ValidationError);
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.fields.map((f) => f.path)).toContain('name');
    expect(e.retryable).toBe(false);
  });

  it("NotFoundError for an unknown issuer, and for another issuer's organization", async () => {
    const e = await expectFailure((s) => s.issuers.get('i_01hzzzzzzzzzzzzzzzzzzzzzzz'), NotFoundError);
    expect(e.code).toBe('NOT_FOUND');
    const other = await admin.issuers.create({ name: 'other' });
    const org = await admin.issuer(other.id).organizations.create({ name: 'Elsewhere' });
    await expectFailure((s) => s.issuer(issuerId).organizations.get(org.id), NotFoundError);
    await expectFailure(
      (s) =>
        s
          .issuer(issuerId)
          .organization('org_01hzzzzzzzzzzzzzzzzzzzzzzz')
          .members.create({ memberId: 'usr_01hzzzzzzzzzzzzzzzzzzzzzzz', scopes: ['a:b'] }),
      NotFoundError,
    );
  });

  it('ConflictError for a taken slug', async () => {
    await admin.issuer(issuerId).organizations.create({ name: 'Taken', slug: 'taken-slug' });
    const e = await expectFailure(
      (s) => s.issuer(issuerId).organizations.create({ name: 'Taken again', slug: 'taken-slug' }),
      ConflictError,
    );
    expect(e.code).toBe('CONFLICT');
    expect(e.reason).toBe('SLUG_TAKEN');
    expect(e.field).toBe('slug');
  });

  it('LimitReachedError past the member limit', async () => {
    const org = await admin.issuer(issuerId).organizations.create({ name: 'Small', memberLimit: 1 });
    const [u1, u2] = await Promise.all([
      admin.issuer(issuerId).users.create({ username: 'one@small.example' }),
      admin.issuer(issuerId).users.create({ username: 'two@small.example' }),
    ]);
    await admin
      .issuer(issuerId)
      .organization(org.id)
      .members.create({ memberId: u1.id, scopes: ['a:b'] });
    const e = await expectFailure(
      (s) =>
        s
          .issuer(issuerId)
          .organization(org.id)
          .members.create({ memberId: u2.id, scopes: ['a:b'] }),
      LimitReachedError,
    );
    expect(e.limit).toBe(1);
    expect(e.reason).toBe('MEMBER_LIMIT');
  });

  it('InvalidStateError revoking a revoked key', async () => {
    const key = await admin.apiKeys.create({ name: 'twice' });
    await admin.apiKeys.revoke(key.id);
    const e = await expectFailure((s) => s.apiKeys.revoke(key.id), InvalidStateError);
    expect(e).toMatchObject({ code: 'INVALID_STATE', reason: 'ALREADY_REVOKED' });
  });

  it('ForbiddenError for an organization key without members:write', async () => {
    const org = await admin.issuer(issuerId).organizations.create({ name: 'Scoped' });
    const user = await admin.issuer(issuerId).users.create({ username: 'scoped@example.com' });
    const key = await admin
      .issuer(issuerId)
      .organization(org.id)
      .apiKeys.create({ name: 'reader', scopes: ['members:read', 'api-keys:write'] });
    const e = await expectFailure(
      (s) =>
        s
          .issuer(issuerId)
          .organization(org.id)
          .members.create({ memberId: user.id, scopes: ['a:b'] }),
      ForbiddenError,
      (f) => new AuthgraphAdmin({ apiKey: key.token, baseUrl: server.url, fetch: f, maxRetries: 0 }),
    );
    expect(e.code).toBe('FORBIDDEN');
    // the field's scope is missing: a request-level refusal, no reason
    expect(e.reason).toBeNull();
    // a grant beyond the credential's own: a typed refusal naming its reason and field
    const wider = await expectFailure(
      (s) =>
        s
          .issuer(issuerId)
          .organization(org.id)
          .apiKeys.create({ name: 'wider', scopes: ['members:write'] }),
      ForbiddenError,
      (f) => new AuthgraphAdmin({ apiKey: key.token, baseUrl: server.url, fetch: f, maxRetries: 0 }),
    );
    expect(wider).toMatchObject({ code: 'FORBIDDEN', reason: 'SCOPE_NOT_HELD', field: 'scopes' });
  });

  it('AuthenticationError (401) for a wrong secret, on GraphQL and on whoami', async () => {
    const bad = (f: typeof fetch) =>
      new AuthgraphAdmin({ apiKey: { id: server.keyId, secret: 'x'.repeat(43) }, baseUrl: server.url, fetch: f, maxRetries: 0 });
    const e = await expectFailure((s) => s.issuers.list().page(), AuthenticationError, bad);
    expect(e).toMatchObject({ code: 'UNAUTHENTICATED', status: 401, retryable: false });
    await expectFailure((s) => s.whoami(), AuthenticationError, bad);
  });

  it('TimeoutError when no answer comes within timeoutMs', async () => {
    const silent = createTcpServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    try {
      const port = (silent.address() as { port: number }).port;
      const error = await adminFor(`http://127.0.0.1:${port}`, { timeoutMs: 200, maxRetries: 0 })
        .whoami()
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
      expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    } finally {
      silent.close();
    }
  });

  it('the server answers every request with an X-Request-Id that errors report (issue 10)', async () => {
    const response = await fetch(`${server.url}/v1/me`);
    const header = response.headers.get('x-request-id');
    // Until issue 10 is merged the server sends none; the SDK then reports null (asserted above).
    if (header !== null) {
      const error = await new AuthgraphAdmin({ apiKey: 'agk_nope', baseUrl: server.url, maxRetries: 0 }).whoami().catch((e: unknown) => e);
      expect((error as AuthgraphError).requestId).toMatch(/\S/);
    }
  });
});

describe('verifyAccessToken and sessions.verify', () => {
  let clientId: string;
  let clientSecret: string;
  const token = async () => {
    const response = await fetch(`${server.url}/${issuerId}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${clientId}:${clientSecret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&scope=reports:read',
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as { access_token: string }).access_token;
  };

  beforeAll(async () => {
    const client = await admin
      .issuer(issuerId)
      .clients.create({ name: 'svc', type: 'M2M', grantTypes: ['CLIENT_CREDENTIALS'], scopes: ['reports:read'] });
    clientId = client.id;
    clientSecret = client.secret!;
  });

  it('verifies a client_credentials token and shares one JWKS fetch across instances', async () => {
    clearJwksCache();
    let jwksFetches = 0;
    const counting: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/jwks')) jwksFetches++;
      return fetch(input, init);
    };
    const t = await token();
    const a = adminFor(server.url, { fetch: counting });
    const b = adminFor(server.url);
    const s = await a.sessions.verify(t);
    expect(s).toMatchObject({
      subject: clientId,
      type: 'client',
      clientId,
      scopes: ['reports:read'],
      orgId: null,
      orgScopes: [],
      sessionId: null,
      actor: null,
    });
    expect(s!.expiresAt.getTime()).toBeGreaterThan(Date.now());
    for (let i = 0; i < 20; i++) expect(await (i % 2 ? a : b).sessions.verify(t)).not.toBeNull();
    expect(await verifyAccessToken(t, { issuer: `${server.url}/${issuerId}` })).not.toBeNull();
    expect(jwksFetches).toBe(1);
    expect(requireScopes(s!, ['reports:read'])).toBe(s);
    expect(() => requireScopes(s!, ['reports:write'])).toThrow(ForbiddenError);
  });

  it('returns null for a tampered token, another audience, and a token of another issuer', async () => {
    const t = await token();
    const [h, p, sig] = t.split('.');
    const payload = JSON.parse(Buffer.from(p!, 'base64url').toString()) as Record<string, unknown>;
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...payload, scope: 'reports:read admin:all' })).toString('base64url')}.${sig}`;
    expect(await admin.sessions.verify(forged)).toBeNull();
    expect(await admin.sessions.verify('not.a.jwt')).toBeNull();
    expect(await verifyAccessToken(t, { issuer: `${server.url}/${issuerId}`, audience: 'https://api.example.com' })).toBeNull();
    const other = await admin.issuers.create({ name: 'other-verify' });
    expect(await verifyAccessToken(t, { issuer: `${server.url}/${other.id}` })).toBeNull();
  });

  it('survives a signing-key rotation: old tokens still verify, new ones (new kid) verify after the cooldown', async () => {
    clearJwksCache();
    const before = await token();
    expect(await admin.sessions.verify(before)).not.toBeNull();
    const rotated = await admin.issuers.rotateSigningKeys(issuerId);
    const kid = (t: string) => (JSON.parse(Buffer.from(t.split('.')[0]!, 'base64url').toString()) as { kid: string }).kid;
    // the next key is published at once but signs only from activatesAt (a JWKS cache lifetime ahead)
    expect(kid(await token())).toBe(kid(before));
    try {
      offsetMs = new Date(rotated.activatesAt).getTime() - Date.now() + 1000;
      const after = await token();
      expect(kid(after)).toBe(rotated.kid);
      expect(kid(after)).not.toBe(kid(before));
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await admin.sessions.verify(after)).toMatchObject({ subject: clientId });
      expect(await admin.sessions.verify(before)).toMatchObject({ subject: clientId });
    } finally {
      offsetMs = 0;
    }
  });

  it('a user token: type user, sessionId, orgId and orgScopes; after revokeSession only { introspect: true } refuses it', async () => {
    const web = await admin
      .issuer(issuerId)
      .clients.create({ name: 'web', scopes: ['openid', 'invoices:read'], redirectUris: ['http://localhost:3000/cb'] });
    const org = await admin.issuer(issuerId).organizations.create({ name: 'User Token Org' });
    const user = await admin.issuer(issuerId).users.create({ username: 'token-user@example.com' });
    await admin
      .issuer(issuerId)
      .organization(org.id)
      .members.create({ memberId: user.id, scopes: ['invoices:read'] });
    const row = (await server.app.services.principals.issuer(issuerId))!;
    const { session } = await server.app.services.sessions.signIn({
      issuer: row,
      userId: user.id,
      clientId: null,
      amr: ['pwd'],
      device: { userAgent: 'vitest', ip: null },
    });
    const verifier = 'v'.repeat(64);
    const challenge = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))).toString('base64url');
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId: web.id,
      redirectUri: 'http://localhost:3000/cb',
      scope: 'openid invoices:read',
      nonce: null,
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
    const answer = await fetch(`${server.url}/${issuerId}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${btoa(`${web.id}:${web.secret}`)}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: 'http://localhost:3000/cb',
        code_verifier: verifier,
      }),
    });
    expect(answer.status).toBe(200);
    const { access_token: userToken } = (await answer.json()) as { access_token: string };
    const introspecting = { introspect: true, client: { id: web.id, secret: web.secret! } };
    expect(await admin.sessions.verify(userToken, introspecting)).toMatchObject({
      subject: user.id,
      type: 'user',
      sessionId: session.id,
      orgId: org.id,
      orgScopes: ['invoices:read'],
      actor: null,
      clientId: web.id,
    });
    await admin.sessions.revoke(session.id);
    expect(await admin.sessions.verify(userToken)).not.toBeNull(); // a local check sees revocation only at exp
    expect(await admin.sessions.verify(userToken, introspecting)).toBeNull();
  });

  it('{ introspect: true } asks the issuer too (RFC 7662) and needs a client', async () => {
    const t = await token();
    expect(await admin.sessions.verify(t, { introspect: true, client: { id: clientId, secret: clientSecret } })).toMatchObject({
      subject: clientId,
    });
    await expect(admin.sessions.verify(t, { introspect: true })).rejects.toThrow(TypeError);
  });
});

describe('User-Agent', () => {
  it('is authgraph-sdk/<version> (<appInfo>) and VERSION is the package version', async () => {
    const { impl, seen } = recordingFetch();
    await adminFor(server.url, { fetch: impl, appInfo: { name: 'billing-service', version: '2.1.0' } }).whoami();
    const pkg = JSON.parse(readFileSync(new URL('../../packages/sdk/package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).toBe(pkg.version);
    expect(seen[0]!.headers.get('user-agent')).toBe(`authgraph-sdk/${pkg.version} (billing-service/2.1.0)`);
  });
});

describe('webhooks.verify', () => {
  const secret = `whsec_${Buffer.from('k'.repeat(32)).toString('base64')}`;
  const body = JSON.stringify({
    specversion: '1.0',
    id: 'evt_01hxxxxxxxxxxxxxxxxxxxxxxx',
    source: '/x',
    type: 'organization.created',
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: { id: 'org_1' },
  });
  const sign = (at = new Date()) => ({
    'webhook-id': 'evt_01hxxxxxxxxxxxxxxxxxxxxxxx',
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign('evt_01hxxxxxxxxxxxxxxxxxxxxxxx', at, body),
  });

  it('returns the typed CloudEvent for a signed delivery (Headers or a plain record)', () => {
    const event = webhooks.verify(body, new Headers(sign()), secret);
    expect(event).toMatchObject({ specversion: '1.0', type: 'organization.created', data: { id: 'org_1' } });
    expect(admin.webhooks.verify(body, sign(), secret).id).toBe('evt_01hxxxxxxxxxxxxxxxxxxxxxxx');
  });

  it('refuses a tampered body, a wrong secret, an old timestamp and missing headers', () => {
    expect(() => webhooks.verify(body.replace('org_1', 'org_2'), sign(), secret)).toThrow(WebhookVerificationError);
    expect(() => webhooks.verify(body, sign(), `whsec_${Buffer.from('z'.repeat(32)).toString('base64')}`)).toThrow(
      WebhookVerificationError,
    );
    expect(() => webhooks.verify(body, sign(new Date(Date.now() - 10 * 60_000)), secret)).toThrow(WebhookVerificationError);
    expect(() => webhooks.verify(body, {}, secret)).toThrow(WebhookVerificationError);
  });
});

describe('events.subscribe', () => {
  it('resumes from the last event it saw after the connection drops: every event exactly once', async () => {
    const proxy = await startProxy(server.url);
    const sdk = adminFor(proxy.url);
    const seen: AuthgraphEvent[] = [];
    let reconnects = 0;
    const created: string[] = [];
    // the creations of this test as they arrived (on PostgreSQL the relay may publish an earlier
    // test's event only after this stream opened, held behind another database's transaction: a
    // live stream without `after` rightly delivers it, and it is neither missing nor a duplicate)
    const mine = () => seen.filter((e) => e.type === 'organization.created' && created.includes(e.subject ?? ''));
    const waitFor = async (n: number) => {
      for (let i = 0; i < 200 && mine().length < n; i++) await new Promise((r) => setTimeout(r, 50));
      expect(mine().length).toBeGreaterThanOrEqual(n);
    };
    const streams = server.app.streams.size();
    const sub = sdk.events.subscribe({ filter: { types: ['organization.*'], issuerId } }, (e) => void seen.push(e), {
      webSocketImpl: WebSocket,
      onReconnect: () => reconnects++,
    });
    try {
      for (let i = 0; i < 200 && server.app.streams.size() <= streams; i++) await new Promise((r) => setTimeout(r, 20));
      for (let i = 0; i < 3; i++) created.push((await admin.issuer(issuerId).organizations.create({ name: `Live ${i}` })).id);
      await server.app.relay.drain?.();
      await waitFor(3);
      proxy.cut();
      // while the stream is down
      for (let i = 3; i < 6; i++) created.push((await admin.issuer(issuerId).organizations.create({ name: `Live ${i}` })).id);
      await server.app.relay.drain?.();
      await waitFor(6);
      expect(reconnects).toBeGreaterThanOrEqual(1);
      const ids = seen.map((e) => e.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(mine().map((e) => e.subject)).toEqual(created);
      expect(sub.lastEventId).toBe(ids.at(-1));
    } finally {
      sub.unsubscribe();
      await sub.closed;
      await proxy.close();
    }
  });
});
