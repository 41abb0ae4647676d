/**
 * RFC 7009 for JWT access tokens (issue 9, item 8): `POST /{issuer}/revoke` with an access token
 * makes its `jti` refused everywhere this server checks access tokens — introspection, userinfo,
 * `/v1/me`, GraphQL over HTTP, graphql-ws and SSE connection-time authentication, token exchange
 * — until its `exp`, and emits one `token.revoked` (jti, client_id, sub, exp, token_type_hint).
 * Another client's access token answers 200 and changes nothing (§2.2). The same holds for every
 * kind of access token: a user's, an M2M client's, an agent's and a delegated (exchanged) one.
 * Two nodes: test/multi-node.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import * as oidc from 'openid-client';
import { startServer, type TestServer } from './helpers/server.js';
import { newId } from '../src/lib/ids.js';

type Obj = Record<string, unknown>;
interface Caller {
  id: string;
  secret: string;
}

const REDIRECT = 'https://app.example.com/callback';
const EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const AT_TYPE = 'urn:ietf:params:oauth:token-type:access_token';

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let orgId: string;
let web: Caller;
let other: Caller;
let m2m: Caller;
let agent: Caller;
let userId: string;
let counter = 0;

async function mutate(field: string, inputType: string, input: Obj, select: string): Promise<Obj> {
  const doc = `mutation M($input: ${inputType}!) { ${field}(input: $input) { __typename ... on Error { code message } ${select} } }`;
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(doc, { input });
  const payload = data[field]!;
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

async function post(path: string, params: Record<string, string>, caller: Caller): Promise<{ status: number; json: Obj }> {
  const response = await fetch(`${issuerUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${caller.id}:${caller.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Obj) : {} };
}

async function createClient(extra: Obj): Promise<Caller> {
  const p = await mutate(
    'createClient',
    'CreateClientInput',
    { issuerId, name: `client ${counter++}`, ...extra },
    '... on CreateClientPayload { secret client { id } }',
  );
  return { id: (p.client as Obj).id as string, secret: p.secret as string };
}

/** A user's tokens from a real code exchange (the session service issues the code, as the hosted page would). */
async function userTokens(): Promise<{ accessToken: string; refreshToken: string }> {
  const issuer = (await server.app.services.principals.issuer(issuerId))!;
  const { session } = await server.app.services.sessions.signIn({
    issuer,
    userId,
    clientId: null,
    amr: ['pwd'],
    device: { userAgent: 'vitest', ip: null },
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const code = await server.app.services.sessions.issueCode({
    session,
    clientId: web.id,
    redirectUri: REDIRECT,
    scope: 'openid profile',
    nonce: null,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    codeChallengeMethod: 'S256',
  });
  const answer = await post('/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, web);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return { accessToken: answer.json.access_token as string, refreshToken: answer.json.refresh_token as string };
}

async function clientCredentials(caller: Caller): Promise<string> {
  const answer = await post('/token', { grant_type: 'client_credentials' }, caller);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return answer.json.access_token as string;
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const introspect = async (token: string) => (await post('/introspect', { token }, m2m)).json;
const userinfo = async (token: string) => (await fetch(`${issuerUrl}/userinfo`, { headers: bearer(token) })).status;
const whoami = async (token: string) => (await fetch(`${server.url}/v1/me`, { headers: bearer(token) })).status;
const graphql = async (token: string) =>
  (
    await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...bearer(token), 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    })
  ).status;
const sse = async (token: string) => {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { ...bearer(token), 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query: 'subscription { events { id } }' }),
  });
  await response.body?.cancel();
  return response.status;
};
/** How a graphql-ws connection authenticated with the token ends: 'acknowledged' or the close code. */
async function websocket(token: string): Promise<'acknowledged' | number> {
  return new Promise((resolve) => {
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${token}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      on: {
        connected: () => {
          resolve('acknowledged');
          void client.dispose();
        },
        closed: (event) => resolve((event as { code: number }).code),
      },
    });
  });
}
const exchange = (token: string) => post('/token', { grant_type: EXCHANGE, subject_token: token, subject_token_type: AT_TYPE }, agent);
const revoke = (token: string, caller: Caller, hint?: string) =>
  post('/revoke', { token, ...(hint ? { token_type_hint: hint } : {}) }, caller);

async function revokedEvents(jti: string) {
  return server.app.db.prisma.event.findMany({ where: { type: 'token.revoked', subject: jti } });
}
const jtiOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { jti: string }).jti;
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as Obj;

/** Webhook deliveries received by a local endpoint (a resource server that verifies JWTs locally). */
const deliveries: { headers: Record<string, string>; body: string }[] = [];
let receiver: Server;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({
        headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', WEBHOOK_POLL_INTERVAL_MS: '50' });
  issuerId = (
    (await mutate('createIssuer', 'CreateIssuerInput', { name: 'Revocation' }, '... on CreateIssuerPayload { issuer { id } }'))
      .issuer as Obj
  ).id as string;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  orgId = (
    (
      await mutate(
        'createOrganization',
        'CreateOrganizationInput',
        { issuerId, name: 'Acme' },
        '... on CreateOrganizationPayload { organization { id } }',
      )
    ).organization as Obj
  ).id as string;
  const clientScopes = ['openid', 'profile', 'invoices:read', 'members:read'];
  web = await createClient({ redirectUris: [REDIRECT], scopes: clientScopes });
  other = await createClient({ redirectUris: [REDIRECT], scopes: clientScopes });
  m2m = await createClient({ type: 'M2M', scopes: ['invoices:read'] });
  userId = (
    (
      await mutate(
        'createUser',
        'CreateUserInput',
        { issuerId, username: 'revoked@example.com' },
        '... on CreateUserPayload { user { id } }',
      )
    ).user as Obj
  ).id as string;
  await mutate(
    'createMembership',
    'CreateMembershipInput',
    { organizationId: orgId, memberId: userId, scopes: ['invoices:read', 'members:read'] },
    '... on CreateMembershipPayload { membership { id } }',
  );
  const agentId = (
    (
      await mutate(
        'createAgent',
        'CreateAgentInput',
        { issuerId, name: 'Agent', scopes: ['invoices:read'] },
        '... on CreateAgentPayload { agent { id } }',
      )
    ).agent as Obj
  ).id as string;
  const verifier = await mutate(
    'createAgentVerifier',
    'CreateAgentVerifierInput',
    { agentId, type: 'SECRET' },
    '... on CreateAgentVerifierPayload { secret }',
  );
  agent = { id: agentId, secret: verifier.secret as string };
  // the user lets the agent act for them (token exchange needs a delegation: test/delegation.test.ts)
  const { accountId } = (await server.app.db.prisma.issuer.findUnique({ where: { id: issuerId }, select: { accountId: true } }))!;
  await server.app.db.prisma.delegation.create({
    data: {
      id: newId('delegation'),
      accountId,
      issuerId,
      userId,
      agentId,
      scopes: ['invoices:read'],
      expiresAt: new Date(Date.now() + 3_600_000),
    },
  });
  await mutate(
    'createMembership',
    'CreateMembershipInput',
    { organizationId: orgId, memberId: agentId, scopes: ['invoices:read'] },
    '... on CreateMembershipPayload { membership { id } }',
  );
});

afterAll(async () => {
  await server?.stop();
  receiver.closeAllConnections();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('revoking an access token (RFC 7009)', () => {
  it('revoked access token is refused by introspection, userinfo, /v1/me, GraphQL, token exchange', async () => {
    const { accessToken, refreshToken } = await userTokens();
    const { jti, exp, sub } = claimsOf(accessToken) as { jti: string; exp: number; sub: string };
    // accepted everywhere before
    expect(await introspect(accessToken)).toMatchObject({ active: true, jti });
    expect(await userinfo(accessToken)).toBe(200);
    expect(await whoami(accessToken)).toBe(200);
    expect(await graphql(accessToken)).toBe(200);
    expect(await websocket(accessToken)).toBe('acknowledged');
    expect((await exchange(accessToken)).status).toBe(200);

    const answer = await revoke(accessToken, web, 'access_token');
    expect(answer).toEqual({ status: 200, json: {} });

    expect(await introspect(accessToken)).toEqual({ active: false });
    expect(await userinfo(accessToken)).toBe(401);
    expect(await whoami(accessToken)).toBe(401);
    expect(await graphql(accessToken)).toBe(401);
    expect(await sse(accessToken)).toBe(401);
    expect(await websocket(accessToken)).toBe(4403);
    expect((await exchange(accessToken)).json).toMatchObject({ error: 'invalid_grant' });

    // one event, with exactly the documented fields and no secret
    const events = await revokedEvents(jti);
    expect(events.map((e) => [e.type, e.issuerId, e.actorType, e.actorId, e.metered])).toEqual([
      ['token.revoked', issuerId, 'client', web.id, false],
    ]);
    expect(events[0]!.data).toEqual({ jti, client_id: web.id, sub, exp, token_type_hint: 'access_token' });
    const row = await server.app.db.prisma.revokedToken.findUnique({ where: { jti } });
    expect(row?.expiresAt.getTime()).toBe(exp * 1000);

    // revoking it again answers 200 and emits nothing more
    expect((await revoke(accessToken, web)).status).toBe(200);
    expect(await revokedEvents(jti)).toHaveLength(1);

    // the session lives on: its refresh token still works, and a new access token is accepted
    const refreshed = await post('/token', { grant_type: 'refresh_token', refresh_token: refreshToken }, web);
    expect(refreshed.status).toBe(200);
    expect(await whoami(refreshed.json.access_token as string)).toBe(200);
  });

  it('another client’s access token: 200 and nothing changes (RFC 7009 §2.2)', async () => {
    const { accessToken } = await userTokens();
    expect(await revoke(accessToken, other)).toEqual({ status: 200, json: {} });
    expect(await introspect(accessToken)).toMatchObject({ active: true });
    expect(await whoami(accessToken)).toBe(200);
    expect(await revokedEvents(jtiOf(accessToken))).toEqual([]);
    // an M2M client's token revoked by the web client, and garbage: 200, nothing happens
    const machine = await clientCredentials(m2m);
    expect((await revoke(machine, web)).status).toBe(200);
    expect(await introspect(machine)).toMatchObject({ active: true });
    expect((await revoke('eyJhbGciOiJub25lIn0.e30.', web)).status).toBe(200);
  });

  it('an M2M client’s, an agent’s and a delegated access token are revoked by their own client or agent', async () => {
    const machine = await clientCredentials(m2m);
    const agentToken = await clientCredentials(agent);
    const { accessToken } = await userTokens();
    const delegated = (await exchange(accessToken)).json.access_token as string;
    for (const token of [machine, agentToken, delegated]) expect(await whoami(token)).toBe(200);

    expect((await revoke(machine, m2m)).status).toBe(200);
    expect((await revoke(agentToken, agent)).status).toBe(200);
    expect((await revoke(delegated, agent)).status).toBe(200);

    for (const token of [machine, agentToken, delegated]) {
      expect(await introspect(token)).toEqual({ active: false });
      expect(await whoami(token)).toBe(401);
      expect(await graphql(token)).toBe(401);
    }
    // revoking the delegated token does not touch the user's own token or session
    expect(await whoami(accessToken)).toBe(200);
    const agentEvents = await revokedEvents(jtiOf(delegated));
    expect(agentEvents.map((e) => [e.actorType, e.actorId])).toEqual([['agent', agent.id]]);
  });

  it('a node that starts after a revocation refuses the token too (the list is stored)', async () => {
    const { accessToken } = await userTokens();
    expect((await revoke(accessToken, web)).status).toBe(200);
    const fresh = await import('../src/domain/revoked-tokens.js');
    const service = fresh.createRevokedTokenService({
      prisma: server.app.db.prisma,
      clock: { now: () => new Date() },
      recordEvent: async () => 'unused',
    });
    expect(await service.isRevoked(jtiOf(accessToken))).toBe(true);
    expect(await service.isRevoked('not-a-revoked-jti')).toBe(false);
  });

  it('a resource server that verifies JWTs locally hears of it: a signed token.revoked webhook (CloudEvents) with jti and exp', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const hook = await mutate(
      'createWebhookEndpoint',
      'CreateWebhookEndpointInput',
      { url: `http://127.0.0.1:${port}/revocations`, eventTypes: ['token.revoked'], issuerId },
      '... on CreateWebhookEndpointPayload { secret }',
    );
    const machine = await clientCredentials(m2m);
    expect((await revoke(machine, m2m)).status).toBe(200);
    const { jti, exp } = claimsOf(machine) as { jti: string; exp: number };
    const deadline = Date.now() + 15_000;
    const mine = () => deliveries.find((d) => d.body.includes(jti));
    while (!mine() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const delivery = mine();
    expect(delivery).toBeDefined();
    // verified as any Standard Webhooks consumer would, on the raw body
    const verified = new Webhook(hook.secret as string).verify(delivery!.body, delivery!.headers) as Obj;
    expect(verified).toMatchObject({
      specversion: '1.0',
      type: 'token.revoked',
      subject: jti,
      data: { jti, client_id: m2m.id, sub: m2m.id, exp, token_type_hint: 'access_token' },
    });
    expect(Object.keys(verified.data as Obj).sort()).toEqual(['client_id', 'exp', 'jti', 'sub', 'token_type_hint']);
  });
});
