/**
 * CIBA beyond poll mode, against a real server: ping mode (CIBA Core §10.2: the client's
 * notification endpoint, a real loopback HTTP server, gets `{auth_req_id}` with the client's
 * bearer token once the user approved, then the token request succeeds), and tokens for a
 * Resource with `singleUseApprovalTokens` (RFC 8707 `resource` at /bc-authorize): the token's
 * `aud` is the resource, the SDK's protectedResource accepts it for one request only, and
 * /introspect answers it active once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { protectedResource } from '../packages/sdk/src/index.js';

type Obj = Record<string, unknown>;
const GRANT = 'urn:openid:params:grant-type:ciba';
const PAYMENT = [{ type: 'payment', amount: '9.99', currency: 'EUR' }];
const RESOURCE = 'https://payments.example.com/api';

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let username: string;
let cookie: string;
let notifications: Server;
let notificationUrl: string;
const received: { authorization: string | undefined; body: Obj }[] = [];

async function mutate(query: string, field: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(query, { input });
  const payload = data[field]!;
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

async function post(path: string, params: Record<string, string>, authorization: string) {
  const response = await fetch(`${issuerUrl}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: response.status, json: (await response.json()) as Obj };
}

/** An agent with `metadata`, and its Basic credential. */
async function agent(metadata: Obj = {}): Promise<{ id: string; auth: string }> {
  const created = await mutate(
    `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id } } ... on Error { code message } } }`,
    'createAgent',
    { issuerId, name: `agent ${received.length}-${Math.random()}`, scopes: ['payments:initiate'], metadata },
  );
  const id = (created.agent as Obj).id as string;
  const secret = (
    await mutate(
      `mutation($input: CreateAgentVerifierInput!) { createAgentVerifier(input: $input) { __typename ... on CreateAgentVerifierPayload { secret } ... on Error { code message } } }`,
      'createAgentVerifier',
      { agentId: id, type: 'SECRET' },
    )
  ).secret as string;
  return { id, auth: basic(id, secret) };
}

/** The pending request of the user with this binding message, as the approvals event recorded it. */
async function requestIdOf(bindingMessage: string): Promise<string> {
  const row = await server.app.db.prisma.backchannelRequest.findFirst({ where: { issuerId, bindingMessage } });
  return row!.id;
}

/** The user approves on the hosted page (signed in: the session cookie), with the form's CSRF token. */
async function approve(requestId: string): Promise<string> {
  const url = `${issuerUrl}/approve?request=${requestId}`;
  const page = await fetch(url, { headers: { cookie: `ag_session=${cookie}` } });
  const html = await page.text();
  expect(page.status).toBe(200);
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const response = await fetch(`${issuerUrl}/approve`, {
    method: 'POST',
    headers: { cookie: `ag_session=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, csrf, decision: 'approve' }),
  });
  expect(response.status).toBe(200);
  return html;
}

/** Waits (bounded) until the notification endpoint got `count` calls. */
async function notified(count: number) {
  for (let i = 0; i < 200 && received.length < count; i++) await new Promise((r) => setTimeout(r, 25));
  expect(received.length).toBe(count);
  return received[count - 1]!;
}

beforeAll(async () => {
  notifications = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ authorization: req.headers.authorization, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Obj });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => notifications.listen(0, '127.0.0.1', r));
  notificationUrl = `http://127.0.0.1:${(notifications.address() as AddressInfo).port}/ciba`;
  // the notification endpoint is on loopback: the operator allows private networks (as for webhooks)
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  issuerId = (
    (
      await mutate(
        `mutation($input: CreateIssuerInput!) { createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } ... on Error { code message } } }`,
        'createIssuer',
        { name: 'CIBA ping' },
      )
    ).issuer as Obj
  ).id as string;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  username = 'approver@example.com';
  const userId = (
    (
      await mutate(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on CreateUserPayload { user { id } } ... on Error { code message } } }`,
        'createUser',
        { issuerId, username },
      )
    ).user as Obj
  ).id as string;
  const issuer = (await server.app.services.principals.issuer(issuerId))!;
  cookie = (
    await server.app.services.sessions.signIn({ issuer, userId, clientId: null, amr: ['pwd'], device: { userAgent: 'vitest', ip: null } })
  ).cookie;
  await mutate(
    `mutation($input: CreateResourceInput!) { createResource(input: $input) { __typename ... on CreateResourcePayload { resource { id singleUseApprovalTokens } } ... on Error { code message } } }`,
    'createResource',
    { issuerId, name: 'payments', identifier: RESOURCE, scopes: ['payments:initiate'], singleUseApprovalTokens: true },
  );
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await new Promise((r) => notifications?.close(r));
});

describe('CIBA ping mode', () => {
  it('the notification endpoint gets auth_req_id with the client notification token; the token request then succeeds', async () => {
    const pinged = await agent({ backchannel_client_notification_endpoint: notificationUrl });
    // ping mode needs the client notification token
    const missing = await post('/bc-authorize', { scope: 'openid', login_hint: username }, pinged.auth);
    expect([missing.status, missing.json.error]).toEqual([400, 'invalid_request']);
    const asked = await post(
      '/bc-authorize',
      {
        scope: 'openid payments:initiate',
        login_hint: username,
        binding_message: 'PING-1',
        authorization_details: JSON.stringify(PAYMENT),
        client_notification_token: 'notify-me-8f2c1a',
      },
      pinged.auth,
    );
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    const authReqId = asked.json.auth_req_id as string;
    const row = await server.app.db.prisma.backchannelRequest.findFirst({ where: { issuerId, bindingMessage: 'PING-1' } });
    expect(row).toMatchObject({ deliveryMode: 'ping', notificationEndpoint: notificationUrl });
    // the notification token is sealed, never stored as sent
    expect(row!.notificationTokenEnc).not.toContain('notify-me-8f2c1a');
    expect(received.length).toBe(0);

    await approve(row!.id);
    const ping = await notified(1);
    expect(ping).toEqual({ authorization: 'Bearer notify-me-8f2c1a', body: { auth_req_id: authReqId } });

    const token = await post('/token', { grant_type: GRANT, auth_req_id: authReqId }, pinged.auth);
    expect(token.status, JSON.stringify(token.json)).toBe(200);
    expect(token.json.authorization_details).toEqual(PAYMENT);
    expect(decodeJwt(token.json.access_token as string)).toMatchObject({ act: { sub: pinged.id }, authorization_details: PAYMENT });
  });
});

describe('single-use approval tokens (Resource.singleUseApprovalTokens)', () => {
  /** A CIBA approval for RESOURCE, redeemed: the access token. */
  async function approvedToken(requester: { auth: string }, bindingMessage: string): Promise<string> {
    const asked = await post(
      '/bc-authorize',
      {
        scope: 'openid payments:initiate',
        login_hint: username,
        binding_message: bindingMessage,
        authorization_details: JSON.stringify(PAYMENT),
        resource: RESOURCE,
      },
      requester.auth,
    );
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    const html = await approve(await requestIdOf(bindingMessage));
    // the approval page names the resource the token is for
    expect(html).toContain(RESOURCE);
    const token = await post('/token', { grant_type: GRANT, auth_req_id: asked.json.auth_req_id as string }, requester.auth);
    expect(token.status, JSON.stringify(token.json)).toBe(200);
    return token.json.access_token as string;
  }

  it('an unknown resource is invalid_target', async () => {
    const requester = await agent();
    const asked = await post(
      '/bc-authorize',
      { scope: 'openid', login_hint: username, resource: 'https://unknown.example.com/' },
      requester.auth,
    );
    expect([asked.status, asked.json.error]).toEqual([400, 'invalid_target']);
  });

  it('the SDK middleware accepts the approval token for one request only', async () => {
    const requester = await agent();
    const token = await approvedToken(requester, 'ONCE-SDK');
    expect(decodeJwt(token)).toMatchObject({ aud: RESOURCE, authorization_details: PAYMENT });
    const guard = protectedResource({ issuer: issuerUrl, resource: RESOURCE, singleUseApprovalTokens: true });
    const request = { method: 'POST', url: `${RESOURCE}/pay`, header: (n: string) => (n === 'authorization' ? `Bearer ${token}` : null) };
    const first = await guard.authenticate(request, ['payments:initiate']);
    expect(first.ok).toBe(true);
    const second = await guard.authenticate(request, ['payments:initiate']);
    expect(second).toMatchObject({ ok: false, status: 401, body: { error: 'invalid_token' } });
    // a resource without the setting keeps accepting it until it expires
    const lenient = protectedResource({ issuer: issuerUrl, resource: RESOURCE });
    expect((await lenient.authenticate(request, ['payments:initiate'])).ok).toBe(true);
    expect((await lenient.authenticate(request, ['payments:initiate'])).ok).toBe(true);
  });

  it('/introspect answers the approval token active once', async () => {
    // a confidential client asks (its own tokens are its to introspect)
    const created = await mutate(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }`,
      'createClient',
      { issuerId, name: 'payments app', redirectUris: ['https://pay.example.com/cb'], scopes: ['openid', 'payments:initiate'] },
    );
    const client = { auth: basic((created.client as Obj).id as string, created.secret as string) };
    const token = await approvedToken(client, 'ONCE-INTROSPECT');
    const first = await post('/introspect', { token }, client.auth);
    expect(first.json).toMatchObject({ active: true, aud: RESOURCE, authorization_details: PAYMENT });
    expect((await post('/introspect', { token }, client.auth)).json).toEqual({ active: false });
  });
});
