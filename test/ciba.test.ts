/**
 * OpenID Connect CIBA (poll mode) with RFC 9396 authorization_details against a real server: an
 * agent asks a user to approve a payment; an approver app follows the approvals subscription
 * (graphql-ws) live; the user approves on the hosted page (plain HTTP form post with the hosted
 * sign-in's session cookie); the agent's poll returns a token carrying exactly the approved
 * authorization_details. Denial and expiry end with access_denied and expired_token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { decodeJwt } from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';

type Obj = Record<string, unknown>;
const GRANT = 'urn:openid:params:grant-type:ciba';
const PAYMENT = [{ type: 'payment', amount: '42.00', currency: 'EUR', creditor: 'ACME Ltd' }];

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let agentAuth: string;
let agentId: string;
let userId: string;
let username: string;
let cookie: string;
let ws: Client;
const seen: Obj[] = [];

async function admin(query: string, field: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(query, { input });
  return data[field]!;
}

async function post(path: string, params: Record<string, string>, authorization = agentAuth) {
  const response = await fetch(`${issuerUrl}${path}`, {
    method: 'POST',
    headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
  });
  return { status: response.status, json: (await response.json()) as Obj };
}

const ask = (extra: Record<string, string> = {}) =>
  post('/bc-authorize', {
    scope: 'openid payments:initiate',
    login_hint: username,
    binding_message: 'W4-SCT',
    authorization_details: JSON.stringify(PAYMENT),
    ...extra,
  });
const poll = (authReqId: string) => post('/token', { grant_type: GRANT, auth_req_id: authReqId });

/** Waits until the subscriber saw an event matching `match`. */
async function sawLive(match: (e: Obj) => boolean): Promise<Obj> {
  for (let i = 0; i < 200; i++) {
    const found = seen.find(match);
    if (found) return found;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the subscriber did not see the event');
}

/** The user decides on the hosted page: GET it (signed in), then post the form with its CSRF token. */
async function decide(requestId: string, decision: 'approve' | 'deny') {
  const url = `${issuerUrl}/approve?request=${requestId}`;
  const pageResponse = await fetch(url, { headers: { cookie: `ag_session=${cookie}` } });
  const html = await pageResponse.text();
  expect(pageResponse.status).toBe(200);
  expect(html).toContain('W4-SCT');
  expect(html).toMatch(/payment[\s\S]*42.00[\s\S]*EUR/);
  const csrf = /name="csrf" value="([^"]+)"/.exec(html)![1]!;
  const response = await fetch(`${issuerUrl}/approve`, {
    method: 'POST',
    headers: { cookie: `ag_session=${cookie}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: requestId, csrf, decision }),
  });
  return { status: response.status, html: await response.text() };
}

beforeAll(async () => {
  server = await startServer();
  issuerId = (
    (
      await admin(
        `mutation($input: CreateIssuerInput!) { createIssuer(input: $input) { ... on CreateIssuerPayload { issuer { id } } } }`,
        'createIssuer',
        { name: 'CIBA' },
      )
    ).issuer as Obj
  ).id as string;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  agentId = (
    (
      await admin(
        `mutation($input: CreateAgentInput!) { createAgent(input: $input) { ... on CreateAgentPayload { agent { id } } } }`,
        'createAgent',
        { issuerId, name: 'payer', scopes: ['payments:initiate'] },
      )
    ).agent as Obj
  ).id as string;
  const secret = (
    await admin(
      `mutation($input: CreateAgentVerifierInput!) { createAgentVerifier(input: $input) { ... on CreateAgentVerifierPayload { secret } } }`,
      'createAgentVerifier',
      { agentId, type: 'SECRET' },
    )
  ).secret as string;
  agentAuth = basic(agentId, secret);
  username = 'payer@example.com';
  userId = (
    (
      await admin(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { ... on CreateUserPayload { user { id } } } }`,
        'createUser',
        { issuerId, username },
      )
    ).user as Obj
  ).id as string;
  const issuer = (await server.app.services.principals.issuer(issuerId))!;
  // the user signed in at the hosted sign-in: the browser holds its session cookie
  cookie = (
    await server.app.services.sessions.signIn({ issuer, userId, clientId: null, amr: ['pwd'], device: { userAgent: 'vitest', ip: null } })
  ).cookie;
  ws = createWsClient({
    url: `${server.url.replace('http', 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: basic(server.keyId, server.keySecret) },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
  });
  ws.subscribe<{ approvals: Obj }>(
    { query: 'subscription { approvals { id type subject data } }' },
    { next: (r) => r.data && seen.push(r.data.approvals), error: () => {}, complete: () => {} },
  );
  await new Promise((r) => setTimeout(r, 500));
}, 180_000);

afterAll(async () => {
  await ws?.dispose();
  await server?.stop();
});

describe('CIBA', () => {
  it('discovery lists the backchannel endpoint, the modes and the grant', async () => {
    const metadata = (await (await fetch(`${issuerUrl}/.well-known/openid-configuration`)).json()) as Obj;
    expect(metadata).toMatchObject({
      backchannel_authentication_endpoint: `${issuerUrl}/bc-authorize`,
      backchannel_token_delivery_modes_supported: ['poll', 'ping'],
      backchannel_user_code_parameter_supported: false,
    });
    expect(metadata.grant_types_supported).toContain(GRANT);
  });

  it('request → pending → approved on the hosted page (seen live) → a token with exactly the approved authorization_details', async () => {
    const asked = await ask();
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    expect(asked.json.expires_in).toBeLessThanOrEqual(300);
    const authReqId = asked.json.auth_req_id as string;
    expect([(await poll(authReqId)).json.error, (await poll(authReqId)).json.error]).toEqual(['authorization_pending', 'slow_down']);

    const requested = await sawLive(
      (e) => e.type === 'approval.requested' && (e.data as Obj).userId === userId && (e.data as Obj).status === 'pending',
    );
    expect((requested.data as Obj).authorizationDetails).toEqual(PAYMENT);
    const decided = await decide(requested.subject as string, 'approve');
    expect([decided.status, decided.html.includes('Approved')]).toEqual([200, true]);
    const live = await sawLive((e) => e.type === 'approval.decided' && e.subject === requested.subject);
    expect((live.data as Obj).status).toBe('approved');

    const token = await poll(authReqId);
    expect(token.status, JSON.stringify(token.json)).toBe(200);
    expect(token.json.authorization_details).toEqual(PAYMENT);
    const claims = decodeJwt(token.json.access_token as string);
    expect(claims).toMatchObject({
      sub: userId,
      client_id: agentId,
      act: { sub: agentId },
      authorization_details: PAYMENT,
      scope: 'openid payments:initiate',
    });
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(300);
    // the request is spent
    expect((await poll(authReqId)).json.error).toBe('invalid_grant');
    // and the user cannot decide it again
    expect(
      (await fetch(`${issuerUrl}/approve?request=${requested.subject as string}`, { headers: { cookie: `ag_session=${cookie}` } })).status,
    ).toBe(409);
  });

  it('a denial ends with access_denied; an expiry with expired_token', async () => {
    const denied = (await ask()).json.auth_req_id as string;
    const requested = await sawLive(
      (e) =>
        e.type === 'approval.requested' &&
        !seen.some((d) => d.type === 'approval.decided' && d.subject === e.subject) &&
        (e.data as Obj).status === 'pending' &&
        e !== undefined &&
        seen.filter((x) => x.subject === e.subject).length === 1,
    );
    expect((await decide(requested.subject as string, 'deny')).status).toBe(200);
    expect((await sawLive((e) => e.type === 'approval.decided' && e.subject === requested.subject)).data).toMatchObject({
      status: 'denied',
    });
    expect((await poll(denied)).json.error).toBe('access_denied');

    const expiring = (await ask({ requested_expiry: '1' })).json.auth_req_id as string;
    await new Promise((r) => setTimeout(r, 1500));
    expect((await poll(expiring)).json.error).toBe('expired_token');
  });

  it('refuses bad requests with the CIBA and RAR error codes', async () => {
    expect((await ask({ binding_message: 'x'.repeat(65) })).json.error).toBe('invalid_binding_message');
    expect((await ask({ authorization_details: '{"type":"payment"}' })).json.error).toBe('invalid_authorization_details');
    expect((await ask({ authorization_details: '[{"amount":1}]' })).json.error).toBe('invalid_authorization_details');
    expect((await ask({ login_hint: 'nobody@example.com' })).json.error).toBe('unknown_user_id');
    expect((await ask({ scope: 'payments:initiate' })).json.error).toBe('invalid_request');
    expect((await ask({ scope: 'openid payments:refund' })).json.error).toBe('invalid_scope');
    expect((await poll('bca_unknown')).json.error).toBe('invalid_grant');
    // another user's (or nobody's) session cannot see the page
    expect((await fetch(`${issuerUrl}/approve?request=bcr_01h0000000000000000000000`)).status).toBe(400);
  });
});
