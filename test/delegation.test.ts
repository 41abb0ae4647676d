/**
 * Delegation (RFC 8693 §4.4 may_act kept server-side): token exchange needs a user's delegation
 * naming the agent; agents pass narrower parts of theirs on, so chains nest `act` claims; revoking
 * a link ends every delegation and token below it, on every path that verifies tokens; events
 * record the whole chain.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { decodeJwt } from 'jose';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import { startServer, type TestServer } from './helpers/server.js';

type Obj = Record<string, unknown>;
interface Caller {
  id: string;
  secret: string;
}

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const AT_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const REDIRECT = 'https://app.example.com/callback';

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let orgId: string;
let web: Caller;
let counter = 0;

async function admin(query: string, field: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(query, { input });
  const payload = data[field]!;
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

/** A GraphQL call with an access token. */
async function asToken(
  token: string,
  query: string,
  variables: Obj = {},
): Promise<{ status: number; body: { data?: Record<string, Obj | null>; errors?: unknown[] } }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as { data?: Record<string, Obj | null> } };
}

const CREATE = `mutation($input: CreateDelegationInput!) { createDelegation(input: $input) { __typename ... on CreateDelegationPayload { delegation { id scopes chain parentId } } ... on Error { code message } } }`;
const REVOKE = `mutation($input: RevokeDelegationInput!) { revokeDelegation(input: $input) { __typename ... on RevokeDelegationPayload { delegation { id status } } ... on Error { code message } } }`;

async function delegate(token: string, input: Obj): Promise<Obj> {
  const { body } = await asToken(token, CREATE, { input });
  return body.data!.createDelegation!;
}

async function post(path: string, params: Record<string, string>, caller: Caller) {
  const response = await fetch(`${issuerUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${caller.id}:${caller.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(params),
  });
  return { status: response.status, json: (await response.json()) as Obj };
}

const exchange = (caller: Caller, subjectToken: string, extra: Record<string, string> = {}) =>
  post('/token', { grant_type: GRANT, subject_token: subjectToken, subject_token_type: AT_TYPE, ...extra }, caller);

async function agentInOrg(scopes: string[]): Promise<Caller> {
  const id = (
    (
      await admin(
        `mutation($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id } } } }`,
        'createAgent',
        { issuerId, name: `agent ${counter++}`, scopes },
      )
    ).agent as Obj
  ).id as string;
  await admin(`mutation($input: CreateMembershipInput!) { createMembership(input: $input) { __typename } }`, 'createMembership', {
    organizationId: orgId,
    memberId: id,
    scopes,
  });
  const secret = (
    await admin(
      `mutation($input: CreateAgentVerifierInput!) { createAgentVerifier(input: $input) { __typename ... on CreateAgentVerifierPayload { secret } } }`,
      'createAgentVerifier',
      { agentId: id, type: 'SECRET' },
    )
  ).secret as string;
  return { id, secret };
}

/** A member of the org with these scopes signs in: their access token (code flow through the session service). */
async function userToken(scopes: string[], client: Caller = web) {
  const userId = (
    (
      await admin(
        `mutation($input: CreateUserInput!) { createUser(input: $input) { __typename ... on CreateUserPayload { user { id } } } }`,
        'createUser',
        { issuerId, username: `deleg${counter++}@example.com` },
      )
    ).user as Obj
  ).id as string;
  await admin(`mutation($input: CreateMembershipInput!) { createMembership(input: $input) { __typename } }`, 'createMembership', {
    organizationId: orgId,
    memberId: userId,
    scopes,
  });
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
    clientId: client.id,
    redirectUri: REDIRECT,
    scope: 'openid',
    nonce: null,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    codeChallengeMethod: 'S256',
  });
  const answer = await post('/token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier }, client);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return { userId, token: answer.json.access_token as string };
}

const me = async (token: string) => (await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status;
const active = async (token: string) => (await post('/introspect', { token }, web)).json.active;

beforeAll(async () => {
  server = await startServer();
  issuerId = (
    (
      await admin(
        `mutation($input: CreateIssuerInput!) { createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } } }`,
        'createIssuer',
        { name: 'Delegation' },
      )
    ).issuer as Obj
  ).id as string;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  orgId = (
    (
      await admin(
        `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { __typename ... on CreateOrganizationPayload { organization { id } } } }`,
        'createOrganization',
        { issuerId, name: 'Acme' },
      )
    ).organization as Obj
  ).id as string;
  const p = await admin(
    `mutation($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } } }`,
    'createClient',
    { issuerId, name: 'web', redirectUris: [REDIRECT], scopes: ['openid', 'invoices:read', 'invoices:write', 'reports:read'] },
  );
  web = { id: (p.client as Obj).id as string, secret: p.secret as string };
});

afterAll(async () => {
  await server?.stop();
});

describe('delegation', () => {
  it('without a delegation, token exchange is refused; with one it carries at most its scopes', async () => {
    const agent = await agentInOrg(['invoices:read', 'invoices:write']);
    const user = await userToken(['invoices:read', 'invoices:write']);
    const refused = await exchange(agent, user.token);
    expect([refused.status, refused.json.error]).toEqual([400, 'invalid_request']);
    expect(refused.json.access_token).toBeUndefined();
    // another agent's delegation does not count
    const other = await agentInOrg(['invoices:read']);
    expect((await delegate(user.token, { agentId: other.id, scopes: ['invoices:read'] })).__typename).toBe('CreateDelegationPayload');
    expect((await exchange(agent, user.token)).json.error).toBe('invalid_request');
    // a user cannot delegate what they do not hold
    expect(await delegate(user.token, { agentId: agent.id, scopes: ['reports:read'] })).toMatchObject({ code: 'FORBIDDEN' });
    expect((await delegate(user.token, { agentId: agent.id, scopes: ['invoices:read'] })).__typename).toBe('CreateDelegationPayload');
    const granted = await exchange(agent, user.token);
    expect(granted.status, JSON.stringify(granted.json)).toBe(200);
    expect(granted.json.scope).toBe('invoices:read');
    expect((await exchange(agent, user.token, { scope: 'invoices:write' })).json.error).toBe('invalid_scope');
    // an admin key is not the user: it cannot consent for them
    const byAdmin = await server.gql.raw(CREATE, { input: { agentId: agent.id, scopes: [] } });
    expect((byAdmin.data as Record<string, Obj>).createDelegation).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('a three-hop chain nests act and narrows scopes; revoking the middle link kills the tokens of both later hops', async () => {
    const [a, b, c] = [
      await agentInOrg(['invoices:read', 'invoices:write']),
      await agentInOrg(['invoices:read', 'invoices:write']),
      await agentInOrg(['invoices:read', 'invoices:write']),
    ];
    const user = await userToken(['invoices:read', 'invoices:write', 'reports:read']);
    const d1 = (await delegate(user.token, { agentId: a.id, scopes: ['invoices:read', 'invoices:write'] })).delegation as Obj;
    const t1 = (await exchange(a, user.token)).json.access_token as string;
    expect(decodeJwt(t1)).toMatchObject({
      sub: user.userId,
      act: { sub: a.id },
      delegations: [d1.id],
      scope: 'invoices:read invoices:write',
    });

    // A passes part of its delegation to B (never more than it was given)
    expect(await delegate(t1, { agentId: b.id, scopes: ['reports:read'], parentId: d1.id })).toMatchObject({ code: 'FORBIDDEN' });
    const d2 = (await delegate(t1, { agentId: b.id, scopes: ['invoices:read', 'invoices:write'], parentId: d1.id })).delegation as Obj;
    expect(d2.chain).toEqual([d1.id, d2.id]);
    const t2 = (await exchange(b, t1)).json.access_token as string;
    expect(decodeJwt(t2)).toMatchObject({ sub: user.userId, act: { sub: b.id, act: { sub: a.id } }, delegations: [d1.id, d2.id] });

    // B passes a narrower part to C
    const d3 = (await delegate(t2, { agentId: c.id, scopes: ['invoices:read'], parentId: d2.id })).delegation as Obj;
    const hop3 = await exchange(c, t2);
    expect(hop3.status, JSON.stringify(hop3.json)).toBe(200);
    const t3 = hop3.json.access_token as string;
    expect(decodeJwt(t3)).toMatchObject({
      sub: user.userId,
      act: { sub: c.id, act: { sub: b.id, act: { sub: a.id } } },
      delegations: [d1.id, d2.id, d3.id],
      scope: 'invoices:read',
    });
    for (const token of [t1, t2, t3]) expect([await me(token), await active(token)]).toEqual([200, true]);
    // C follows approvals live over graphql-ws with its delegated token
    let acknowledged!: () => void;
    const connected = new Promise<void>((r) => (acknowledged = r));
    let revocationSent = false;
    let closedWith!: (how: [number, string, boolean]) => void;
    const closed = new Promise<[number, string, boolean]>((r) => (closedWith = r));
    const ws = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${t3}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
      on: {
        connected: () => acknowledged(),
        closed: (event) => {
          const { code, reason } = event as { code: number; reason: string };
          closedWith([code, reason, revocationSent]);
        },
      },
    });
    ws.subscribe({ query: 'subscription { approvals { id } }' }, { next: () => {}, error: () => {}, complete: () => {} });
    await connected;

    // the user revokes the middle link
    revocationSent = true;
    const revoked = await asToken(user.token, REVOKE, { input: { id: d2.id } });
    expect(revoked.body.data!.revokeDelegation).toMatchObject({ delegation: { id: d2.id, status: 'REVOKED' } });
    expect([await me(t1), await active(t1)]).toEqual([200, true]);
    for (const token of [t2, t3]) {
      expect(await me(token)).toBe(401);
      expect(await active(token)).toBe(false);
      expect((await asToken(token, '{ viewer { __typename } }')).status).toBe(401);
    }
    // the live connection of the third hop is closed too (the credential is no longer valid)
    expect(await closed).toEqual([4403, expect.stringContaining('no longer valid'), true]);
    await ws.dispose();
    // the links below are revoked with it, and nothing new can be exchanged under them
    expect((await exchange(b, t1)).json.error).toBe('invalid_request');
    expect((await exchange(c, t2)).json.error).toBe('invalid_grant');
    const node = await server.gql.raw(`query($id: ID!) { node(id: $id) { ... on Delegation { status chain } } }`, { id: d3.id });
    expect((node.data as { node: Obj }).node).toEqual({ status: 'REVOKED', chain: [d1.id, d2.id, d3.id] });

    // events record the whole chain, and what caused each revocation
    const events = await server.app.db.prisma.event.findMany({
      where: { type: 'delegation.revoked', subject: { in: [d2.id as string, d3.id as string] } },
    });
    expect(events.map((e) => [e.subject, (e.data as Obj).chain, (e.data as Obj).cause ?? null]).sort()).toEqual(
      [
        [
          d2.id,
          [
            { id: d1.id, agentId: a.id },
            { id: d2.id, agentId: b.id },
          ],
          null,
        ],
        [
          d3.id,
          [
            { id: d1.id, agentId: a.id },
            { id: d2.id, agentId: b.id },
            { id: d3.id, agentId: c.id },
          ],
          { revokedWith: d2.id },
        ],
      ].sort(),
    );
    await server.app.flushMetered();
    const issued = await server.app.db.prisma.event.findMany({ where: { type: 'token.issued', actorId: c.id } });
    expect(issued[0]!.data).toMatchObject({ delegations: [d1.id, d2.id, d3.id], actors: [a.id, b.id, c.id] });
  });

  it('a delegation is visible to its user, not to another user', async () => {
    const agent = await agentInOrg(['invoices:read']);
    const owner = await userToken(['invoices:read']);
    const stranger = await userToken(['invoices:read']);
    const d = (await delegate(owner.token, { agentId: agent.id, scopes: ['invoices:read'] })).delegation as Obj;
    const query = `query($id: ID!) { node(id: $id) { id } }`;
    expect((await asToken(owner.token, query, { id: d.id })).body.data!.node).toEqual({ id: d.id });
    expect((await asToken(stranger.token, query, { id: d.id })).body.data!.node).toBeNull();
    expect((await asToken(stranger.token, REVOKE, { input: { id: d.id } })).body.data!.revokeDelegation).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('delegation: adversarial review', () => {
  it('a third-party client’s token for the user cannot let agents act for them', async () => {
    const p = await admin(
      `mutation($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } } }`,
      'createClient',
      { issuerId, name: 'third party', redirectUris: [REDIRECT], scopes: ['openid', 'invoices:read'] },
    );
    const third = { id: (p.client as Obj).id as string, secret: p.secret as string };
    await server.app.db.prisma.client.update({ where: { id: third.id }, data: { thirdParty: true } });
    const agent = await agentInOrg(['invoices:read']);
    const user = await userToken(['invoices:read'], third);
    expect(await delegate(user.token, { agentId: agent.id, scopes: [] })).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('an agent cannot pass on another user’s or another agent’s delegation, outlive its own, or skip the chain', async () => {
    const [a, b, c] = [await agentInOrg(['invoices:read']), await agentInOrg(['invoices:read']), await agentInOrg(['invoices:read'])];
    const user = await userToken(['invoices:read']);
    const other = await userToken(['invoices:read']);
    const d1 = (await delegate(user.token, { agentId: a.id, scopes: ['invoices:read'] })).delegation as Obj;
    const otherToA = (await delegate(other.token, { agentId: a.id, scopes: ['invoices:read'] })).delegation as Obj;
    const toB = (await delegate(user.token, { agentId: b.id, scopes: ['invoices:read'] })).delegation as Obj;
    const t1 = (await exchange(a, user.token)).json.access_token as string;
    // another user's delegation to A, and the user's delegation to B, are not A's to pass on
    expect(await delegate(t1, { agentId: c.id, scopes: [], parentId: otherToA.id })).toMatchObject({ code: 'NOT_FOUND' });
    expect(await delegate(t1, { agentId: c.id, scopes: [], parentId: toB.id })).toMatchObject({ code: 'NOT_FOUND' });
    // to itself, or past its own delegation's expiry
    expect(await delegate(t1, { agentId: a.id, scopes: [], parentId: d1.id })).toMatchObject({ code: 'NOT_FOUND' });
    const later = new Date(Date.now() + 7_200_000).toISOString();
    expect(await delegate(t1, { agentId: c.id, scopes: [], parentId: d1.id, expiresAt: later })).toMatchObject({ code: 'FORBIDDEN' });
    // C, delegated by A, cannot use the user's own token (its delegation is under A's, not the user's)
    const d2 = (await delegate(t1, { agentId: c.id, scopes: ['invoices:read'], parentId: d1.id })).delegation as Obj;
    expect(d2.chain).toEqual([d1.id, d2.id]);
    expect((await exchange(c, user.token)).json.error).toBe('invalid_request');
    // C's token cannot revoke the user's delegation to A, nor the user's to B
    const t2 = (await exchange(c, t1)).json.access_token as string;
    expect(decodeJwt(t2)).toMatchObject({ delegations: [d1.id, d2.id] });
    for (const id of [d1.id, toB.id, otherToA.id])
      expect((await asToken(t2, REVOKE, { input: { id } })).body.data!.revokeDelegation).toMatchObject({ code: 'NOT_FOUND' });
    // and sees neither
    for (const id of [d1.id, toB.id, otherToA.id])
      expect((await asToken(t2, `query($id: ID!) { node(id: $id) { id } }`, { id })).body.data!.node).toBeNull();
    expect(await me(t2)).toBe(200);
  });

  it('an exchange for a registered Resource carries only the scopes it defines and lives no longer than it allows', async () => {
    const identifier = `https://exchange-api-${counter++}.example.com`;
    await admin(
      `mutation($input: CreateResourceInput!) { createResource(input: $input) { __typename ... on CreateResourcePayload { resource { id } } } }`,
      'createResource',
      { issuerId, name: 'narrow API', identifier, scopes: ['invoices:read'], accessTokenTtlSeconds: 60 },
    );
    const agent = await agentInOrg(['invoices:read', 'invoices:write']);
    const user = await userToken(['invoices:read', 'invoices:write']);
    await delegate(user.token, { agentId: agent.id, scopes: ['invoices:read', 'invoices:write'] });
    const answer = await exchange(agent, user.token, { resource: identifier });
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    const claims = decodeJwt(answer.json.access_token as string);
    expect([claims.aud, claims.scope]).toEqual([identifier, 'invoices:read']);
    expect(claims.exp! - claims.iat!).toBeLessThanOrEqual(60);
    expect(answer.json.expires_in).toBeLessThanOrEqual(60);
    // a scope the Resource does not define is not granted for it
    expect((await exchange(agent, user.token, { resource: identifier, scope: 'invoices:write' })).json.error).toBe('invalid_scope');
  });
});
