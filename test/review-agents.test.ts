/**
 * Adversarial review of items 5-7 of issue 16 (DPoP, CIBA + RAR, delegations), black-box against
 * a real server: each case is an attack that must fail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import { SignJWT, calculateJwkThumbprint, decodeJwt, exportJWK, generateKeyPair } from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import { newId } from '../src/lib/ids.js';
import { randomSecret, sha256Hex } from '../src/lib/crypto.js';

type Obj = Record<string, unknown>;
const GRANT = 'urn:openid:params:grant-type:ciba';

let server: TestServer;
let counter = 0;

async function admin(query: string, field: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(query, { input });
  const payload = data[field]!;
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

interface Tenant {
  issuerId: string;
  issuerUrl: string;
  agentId: string;
  agentAuth: string;
}

async function tenant(name: string): Promise<Tenant> {
  const issuerId = (
    (
      await admin(
        `mutation($input: CreateIssuerInput!) { createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } } }`,
        'createIssuer',
        { name },
      )
    ).issuer as Obj
  ).id as string;
  const agentId = (
    (
      await admin(
        `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id } } } }`,
        'createAgent',
        { issuerId, name: 'payer', scopes: ['payments:initiate'] },
      )
    ).agent as Obj
  ).id as string;
  const secret = (
    await admin(
      `mutation($input: CreateAgentVerifierInput!) { createAgentVerifier(input: $input) { __typename ... on CreateAgentVerifierPayload { secret } } }`,
      'createAgentVerifier',
      { agentId, type: 'SECRET' },
    )
  ).secret as string;
  return { issuerId, issuerUrl: `${server.app.publicUrl()}/${issuerId}`, agentId, agentAuth: basic(agentId, secret) };
}

async function user(t: Tenant): Promise<{ id: string; username: string; cookie: string }> {
  const username = `review${counter++}@example.com`;
  const id = (
    (
      await admin(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on CreateUserPayload { user { id } } } }`,
        'createUser',
        { issuerId: t.issuerId, username },
      )
    ).user as Obj
  ).id as string;
  const issuer = (await server.app.services.principals.issuer(t.issuerId))!;
  const { cookie } = await server.app.services.sessions.signIn({
    issuer,
    userId: id,
    clientId: null,
    amr: ['pwd'],
    device: { userAgent: 'vitest', ip: null },
  });
  return { id, username, cookie };
}

async function post(url: string, params: Record<string, string>, authorization: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: response.status, json: (await response.json()) as Obj };
}

const ask = (t: Tenant, loginHint: string, extra: Record<string, string> = {}, auth = t.agentAuth) =>
  post(
    `${t.issuerUrl}/bc-authorize`,
    {
      scope: 'openid payments:initiate',
      login_hint: loginHint,
      authorization_details: JSON.stringify([{ type: 'payment', amount: '1.00', currency: 'EUR' }]),
      ...extra,
    },
    auth,
  );
const poll = (t: Tenant, authReqId: string) => post(`${t.issuerUrl}/token`, { grant_type: GRANT, auth_req_id: authReqId }, t.agentAuth);

/** The id of the last pending request of a user (as the approver's page link names it). */
async function requestOf(userId: string): Promise<string> {
  const row = await server.app.db.prisma.backchannelRequest.findFirst({ where: { userId }, orderBy: { createdAt: 'desc' } });
  return row!.id;
}

async function openPage(t: Tenant, requestId: string, cookie: string) {
  const response = await fetch(`${t.issuerUrl}/approve?request=${requestId}`, { headers: { cookie: `ag_session=${cookie}` } });
  return { status: response.status, html: await response.text() };
}

async function approve(t: Tenant, requestId: string, cookie: string, decision = 'approve') {
  const { html } = await openPage(t, requestId, cookie);
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const response = await fetch(`${t.issuerUrl}/approve`, {
    method: 'POST',
    headers: { cookie: `ag_session=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, csrf, decision }),
  });
  return response.status;
}

const me = async (token: string) => (await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

let a: Tenant;
let b: Tenant;

beforeAll(async () => {
  server = await startServer();
  a = await tenant('Review A');
  b = await tenant('Review B');
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe('review: CIBA', () => {
  it('an agent cannot ask another issuer, nor name another issuer’s user', async () => {
    const ua = await user(a);
    const ub = await user(b);
    // B's agent at A's endpoint: not a caller of A
    const foreign = await ask(a, ua.username, {}, b.agentAuth);
    expect(foreign.status).toBe(401);
    expect(foreign.json.error).toBe('invalid_client');
    // A's agent names B's user, by id and by username: as unknown as nobody
    expect((await ask(a, ub.id)).json.error).toBe('unknown_user_id');
    expect((await ask(a, ub.username)).json.error).toBe('unknown_user_id');
  });

  it('markup in binding_message and authorization_details is shown as text', async () => {
    const u = await user(a);
    const asked = await ask(a, u.username, {
      binding_message: '<img src=x onerror=alert(1)>',
      authorization_details: JSON.stringify([{ type: '</pre><script>alert(1)</script>', note: '"\'><b>' }]),
    });
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    const page = await openPage(a, await requestOf(u.id), u.cookie);
    expect(page.status).toBe(200);
    expect(page.html).not.toContain('<img');
    expect(page.html).not.toContain('<script>');
    expect(page.html).not.toContain('<b>');
  });

  it('a binding_message with bidirectional overrides or C1 controls (which would reorder what the user compares) is refused', async () => {
    const u = await user(a);
    for (const message of ['PAY \u202eRUE 0001', 'A\u2066B\u2069', 'x\u0085y', 'tab\there'])
      expect((await ask(a, u.username, { binding_message: message })).json.error, JSON.stringify(message)).toBe('invalid_binding_message');
    expect((await ask(a, u.username, { binding_message: 'Zahlung 42 € – OK' })).status).toBe(200);
  });

  it('another user’s session cannot open or decide a request (404, as if none)', async () => {
    const owner = await user(a);
    const other = await user(a);
    await ask(a, owner.username);
    const requestId = await requestOf(owner.id);
    expect((await openPage(a, requestId, other.cookie)).status).toBe(404);
    // the owner's CSRF token posted with another session
    const { html } = await openPage(a, requestId, owner.cookie);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
    const forged = await fetch(`${a.issuerUrl}/approve`, {
      method: 'POST',
      headers: { cookie: `ag_session=${other.cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: requestId, csrf, decision: 'approve' }),
    });
    expect(forged.status).toBe(404);
    // no session cookie at all (a cross-site post without the cookie)
    const anonymous = await fetch(`${a.issuerUrl}/approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: requestId, csrf, decision: 'approve' }),
    });
    expect(anonymous.status).toBe(401);
    expect((await server.app.db.prisma.backchannelRequest.findUnique({ where: { id: requestId } }))!.status).toBe('pending');
  });

  it('a user suspended after approving: no working token comes out of the approval', async () => {
    const u = await user(a);
    const authReqId = (await ask(a, u.username)).json.auth_req_id as string;
    expect(await approve(a, await requestOf(u.id), u.cookie)).toBe(200);
    await admin(
      `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename ... on UpdateUserPayload { user { id } } } }`,
      'updateUser',
      { id: u.id, status: 'SUSPENDED' },
    );
    const answer = await poll(a, authReqId);
    expect([answer.status, answer.json.error, answer.json.access_token]).toEqual([400, 'invalid_grant', undefined]);
  });

  it('a CIBA token stops working when its user is suspended', async () => {
    const u = await user(a);
    const authReqId = (await ask(a, u.username)).json.auth_req_id as string;
    expect(await approve(a, await requestOf(u.id), u.cookie)).toBe(200);
    const answer = await poll(a, authReqId);
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const token = answer.json.access_token as string;
    expect(decodeJwt(token).exp! - decodeJwt(token).iat!).toBeLessThanOrEqual(300);
    expect(await me(token)).toBe(200);
    const rs = await admin(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }`,
      'createClient',
      { issuerId: a.issuerId, name: 'resource server', grantTypes: ['CLIENT_CREDENTIALS'], scopes: [] },
    );
    const rsAuth = basic((rs.client as Obj).id as string, rs.secret as string);
    const introspect = async () => (await post(`${a.issuerUrl}/introspect`, { token }, rsAuth)).json.active;
    expect(await introspect()).toBe(true);
    // a live connection with the token
    let acknowledged!: () => void;
    const connected = new Promise<void>((r) => (acknowledged = r));
    let closedWith!: (code: number) => void;
    const closed = new Promise<number>((r) => (closedWith = r));
    const ws = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      on: { connected: () => acknowledged(), closed: (event) => closedWith((event as { code: number }).code) },
    });
    ws.subscribe({ query: 'subscription { approvals { id } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    await connected;
    await admin(
      `mutation($input: UpdateUserInput!) { updateUser(input: $input) { __typename ... on UpdateUserPayload { user { id } } } }`,
      'updateUser',
      { id: u.id, status: 'SUSPENDED' },
    );
    await wait(100);
    expect(await me(token)).toBe(401);
    const userinfo = await fetch(`${a.issuerUrl}/userinfo`, { headers: { authorization: `Bearer ${token}` } });
    expect(userinfo.status).toBe(401);
    expect(await introspect()).toBe(false);
    expect(await closed).toBe(4403);
    await ws.dispose();
  });
});

/** A DPoP key and a proof-maker for the token endpoint (answers the nonce challenge once). */
async function dpopKey() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(publicKey);
  const jkt = await calculateJwkThumbprint(jwk, 'sha256');
  const proof = (htu: string, extra: Obj = {}) =>
    new SignJWT({ htm: 'POST', htu, jti: randomBytes(12).toString('base64url'), iat: Math.floor(Date.now() / 1000), ...extra })
      .setProtectedHeader({ alg: 'ES256', typ: 'dpop+jwt', jwk })
      .sign(privateKey);
  return { jkt, proof };
}

async function tokenWithProof(t: Tenant, key: Awaited<ReturnType<typeof dpopKey>>, params: Record<string, string>, auth: string) {
  const send = async (dpop: string) => {
    const response = await fetch(`${t.issuerUrl}/token`, {
      method: 'POST',
      headers: { authorization: auth, dpop, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    return { status: response.status, nonce: response.headers.get('dpop-nonce'), json: (await response.json()) as Obj };
  };
  const first = await send(await key.proof(`${t.issuerUrl}/token`));
  if (first.json.error !== 'use_dpop_nonce') return first;
  return send(await key.proof(`${t.issuerUrl}/token`, { nonce: first.nonce }));
}

describe('review: DPoP', () => {
  it('a code redemption refused for a missing DPoP proof (its resource requires DPoP) does not spend the code', async () => {
    const redirect = 'https://app.example.com/cb';
    const identifier = `https://api-${counter++}.example.com`;
    await admin(
      `mutation($input: CreateResourceInput!) { createResource(input: $input) { __typename ... on CreateResourcePayload { resource { id } } ... on Error { code message } } }`,
      'createResource',
      { issuerId: a.issuerId, name: 'bound API', identifier, scopes: ['invoices:read'], dpopRequired: true },
    );
    const created = await admin(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }`,
      'createClient',
      { issuerId: a.issuerId, name: 'web', redirectUris: [redirect], scopes: ['openid', 'invoices:read'] },
    );
    const clientId = (created.client as Obj).id as string;
    const clientAuth = basic(clientId, created.secret as string);
    const u = await user(a);
    const issuer = (await server.app.services.principals.issuer(a.issuerId))!;
    const session = (
      await server.app.services.sessions.signIn({
        issuer,
        userId: u.id,
        clientId: null,
        amr: ['pwd'],
        device: { userAgent: 'vitest', ip: null },
      })
    ).session;
    const verifier = oidc.randomPKCECodeVerifier();
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId,
      redirectUri: redirect,
      scope: 'openid',
      resources: [identifier],
      nonce: null,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      codeChallengeMethod: 'S256',
    });
    const params = { grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: verifier };
    const bare = await post(`${a.issuerUrl}/token`, params, clientAuth);
    expect([bare.status, bare.json.error, bare.json.access_token]).toEqual([400, 'invalid_dpop_proof', undefined]);
    const key = await dpopKey();
    const retried = await tokenWithProof(a, key, params, clientAuth);
    expect(retried.status, JSON.stringify(retried.json)).toBe(200);
    expect(decodeJwt(retried.json.access_token as string)).toMatchObject({ aud: identifier, cnf: { jkt: key.jkt } });
    expect(await server.app.services.sessions.isActive(session.id)).toBe(true);
  });

  it('a refresh refused for a missing DPoP proof (its resource now requires DPoP) does not spend the refresh token', async () => {
    const redirect = 'https://app.example.com/cb';
    const identifier = `https://api-${counter++}.example.com`;
    const resource = (
      await admin(
        `mutation($input: CreateResourceInput!) { createResource(input: $input) { __typename ... on CreateResourcePayload { resource { id } } ... on Error { code message } } }`,
        'createResource',
        { issuerId: a.issuerId, name: 'API', identifier, scopes: ['invoices:read'] },
      )
    ).resource as Obj;
    const created = await admin(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }`,
      'createClient',
      {
        issuerId: a.issuerId,
        name: 'web',
        redirectUris: [redirect],
        grantTypes: ['AUTHORIZATION_CODE', 'REFRESH_TOKEN'],
        scopes: ['openid', 'invoices:read'],
      },
    );
    const clientAuth = basic((created.client as Obj).id as string, created.secret as string);
    const u = await user(a);
    const issuer = (await server.app.services.principals.issuer(a.issuerId))!;
    const session = (
      await server.app.services.sessions.signIn({
        issuer,
        userId: u.id,
        clientId: null,
        amr: ['pwd'],
        device: { userAgent: 'vitest', ip: null },
      })
    ).session;
    const verifier = oidc.randomPKCECodeVerifier();
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId: (created.client as Obj).id as string,
      redirectUri: redirect,
      scope: 'openid',
      resources: [identifier],
      nonce: null,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      codeChallengeMethod: 'S256',
    });
    const redeemed = await post(
      `${a.issuerUrl}/token`,
      { grant_type: 'authorization_code', code, redirect_uri: redirect, code_verifier: verifier },
      clientAuth,
    );
    expect(redeemed.status, JSON.stringify(redeemed.json)).toBe(200);
    const refreshToken = redeemed.json.refresh_token as string;
    // the resource now accepts only DPoP-bound tokens
    await admin(
      `mutation($input: UpdateResourceInput!) { updateResource(input: $input) { __typename ... on UpdateResourcePayload { resource { id } } ... on Error { code message } } }`,
      'updateResource',
      { id: resource.id, dpopRequired: true },
    );
    const bare = await post(`${a.issuerUrl}/token`, { grant_type: 'refresh_token', refresh_token: refreshToken }, clientAuth);
    expect([bare.status, bare.json.error, bare.json.refresh_token]).toEqual([400, 'invalid_dpop_proof', undefined]);
    // the client adds the proof and retries with the same refresh token: not a reuse
    const key = await dpopKey();
    const retried = await tokenWithProof(a, key, { grant_type: 'refresh_token', refresh_token: refreshToken }, clientAuth);
    expect(retried.status, JSON.stringify(retried.json)).toBe(200);
    expect(decodeJwt(retried.json.access_token as string)).toMatchObject({ aud: identifier, cnf: { jkt: key.jkt } });
    expect(await server.app.services.sessions.isActive(session.id)).toBe(true);
  });
});

describe('review: approvals subscription', () => {
  it('another account’s admin key, even naming this issuer, sees none of its approvals; this account’s does', async () => {
    const prisma = server.app.db.prisma;
    const accountId = newId('account');
    const keyId = newId('apiKey');
    const secret = randomSecret();
    await prisma.account.create({ data: { id: accountId, name: 'Other tenant' } });
    await prisma.apiKey.create({
      data: { id: keyId, accountId, name: 'other admin', secretHash: sha256Hex(secret), prefix: secret.slice(0, 6) },
    });
    const follow = (authorization: string, issuerId?: string) => {
      const seen: Obj[] = [];
      let ready!: () => void;
      const connected = new Promise<void>((r) => (ready = r));
      const client = createWsClient({
        url: `${server.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization },
        retryAttempts: 0,
        lazy: false,
        onNonLazyError: () => {},
        on: { connected: () => ready() },
      });
      client.subscribe<{ approvals: Obj }>(
        { query: 'subscription($issuerId: ID) { approvals(issuerId: $issuerId) { id type subject data } }', variables: { issuerId } },
        { next: (r) => r.data && seen.push(r.data.approvals), error: (e) => seen.push({ error: e }), complete: () => {} },
      );
      return { seen, connected, client };
    };
    const mine = follow(basic(server.keyId, server.keySecret), a.issuerId);
    const foreign = follow(basic(keyId, secret), a.issuerId);
    const foreignAll = follow(basic(keyId, secret));
    await Promise.all([mine.connected, foreign.connected, foreignAll.connected]);
    await wait(300);
    const u = await user(a);
    await ask(a, u.username);
    const requestId = await requestOf(u.id);
    for (let i = 0; i < 100 && !mine.seen.some((e) => e.subject === requestId); i++) await wait(50);
    expect(mine.seen.some((e) => e.subject === requestId)).toBe(true);
    await wait(300);
    expect(foreign.seen.filter((e) => !('error' in e))).toEqual([]);
    expect(foreignAll.seen).toEqual([]);
    await Promise.all([mine.client.dispose(), foreign.client.dispose(), foreignAll.client.dispose()]);
  });
});

describe('review: CIBA callers', () => {
  it('a self-registered (RFC 7591, third-party) client cannot ask users for approvals, nor learn which users exist', async () => {
    const issuerId = (
      (
        await admin(
          `mutation($input: CreateIssuerInput!) { createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } } }`,
          'createIssuer',
          { name: 'Open registration', dynamicRegistrationEnabled: true },
        )
      ).issuer as Obj
    ).id as string;
    const issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
    const registered = await fetch(`${issuerUrl}/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://stranger.example.com/cb'], client_name: 'stranger' }),
    });
    expect(registered.status).toBe(201);
    const client = (await registered.json()) as Obj;
    const t: Tenant = { issuerId, issuerUrl, agentId: '', agentAuth: basic(client.client_id as string, client.client_secret as string) };
    const u = await user(t);
    const known = await ask(t, u.username, { scope: 'openid' });
    const unknown = await ask(t, 'nobody-here@example.com', { scope: 'openid' });
    expect([known.status, known.json.error]).toEqual([400, 'unauthorized_client']);
    expect([unknown.status, unknown.json.error]).toEqual([400, 'unauthorized_client']);
    expect(await server.app.db.prisma.backchannelRequest.count({ where: { issuerId } })).toBe(0);
  });
});
