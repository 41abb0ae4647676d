/**
 * RFC 8693 token exchange against a real server: an agent presents a user's access token and
 * gets a short delegated token (`sub` = user, `act.sub` = agent), scoped to what the user, the
 * agent and both memberships allow (SECURITY-CASES §1.10, TE-15…TE-19). The user's token comes
 * from a real code exchange (the session service issues the code, as the hosted page would).
 *
 * Error codes decided here: a malformed request (missing or unsupported token types, an
 * actor_token) is `invalid_request`; a subject token that is not acceptable (garbage, expired,
 * another issuer's, not a user's, already delegated, of an ended session) is `invalid_grant`; an
 * agent outside the token's organization is `invalid_request` (a policy refusal, §2.2.2).
 */
import { afterEach } from 'vitest';
import { describe, expect, test as withFixtures } from './fixtures.js';
import * as fixtures from './helpers/fixtures.js';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeJwt, jwtVerify, type JWTPayload } from 'jose';
import type { TestServer } from './helpers/server.js';
import type { Clock } from '../src/lib/clock.js';

const CreateClient = `
  mutation TxCreateClient($input: CreateClientInput!) {
    createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } }
  }`;
const CreateAgent = `
  mutation TxCreateAgent($input: CreateAgentInput!) {
    createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id } } ... on Error { code message } }
  }`;
const CreateAgentVerifier = `
  mutation TxCreateAgentVerifier($input: CreateAgentVerifierInput!) {
    createAgentVerifier(input: $input) { __typename ... on CreateAgentVerifierPayload { secret } ... on Error { code message } }
  }`;

type Obj = Record<string, unknown>;
interface Caller {
  id: string;
  secret: string;
}
interface Answer {
  status: number;
  headers: Headers;
  json: Obj;
}

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const AT_TYPE = 'urn:ietf:params:oauth:token-type:access_token';
const REDIRECT = 'https://app.example.com/callback';
const INVALID_SUBJECT = {
  error: 'invalid_grant',
  error_description: 'the subject_token is invalid, expired or revoked, or cannot be exchanged',
};
const clock: Clock & { offsetMs: number } = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let orgId: string;
let web: Caller;
/** member of the org with invoices:read + invoices:write; holds invoices:read, invoices:write, tickets:read itself */
let agent: Caller;
let counter = 0;

async function mutate(doc: string, field: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(doc, { input });
  const payload = data[field]!;
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

const idOf = (payload: Obj, key: string) => (payload[key] as Obj).id as string;

async function createIssuer(): Promise<string> {
  return (await fixtures.createIssuer(server.gql, `Exchange ${counter++}`)).id;
}

async function createUser(issuer = issuerId): Promise<string> {
  return (await fixtures.createUser(server.gql, issuer, `user${counter++}@example.com`)).id;
}

async function createAgent(scopes: string[], issuer = issuerId): Promise<Caller> {
  const id = idOf(await mutate(CreateAgent, 'createAgent', { issuerId: issuer, name: `Agent ${counter++}`, scopes }), 'agent');
  const v = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId: id, type: 'SECRET' });
  return { id, secret: v.secret as string };
}

async function createWebClient(extra: Obj = {}, issuer = issuerId): Promise<Caller> {
  const p = await mutate(CreateClient, 'createClient', {
    issuerId: issuer,
    name: `web ${counter++}`,
    redirectUris: [REDIRECT],
    scopes: [
      'openid',
      'profile',
      'invoices:read',
      'invoices:write',
      'invoices:approve',
      'reports:read',
      'tickets:read',
      'members:read',
      'members:write',
    ],
    ...extra,
  });
  return { id: idOf(p, 'client'), secret: p.secret as string };
}

async function post(path: string, params: Record<string, string>, caller: Caller, issuer = issuerUrl): Promise<Answer> {
  const response = await fetch(`${issuer}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${caller.id}:${caller.secret}`).toString('base64')}`,
    },
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Obj) : {} };
}

/** The user signs in and the web client redeems a code: the user's access and refresh tokens. */
async function userTokens(userId: string, options: { client?: Caller; issuer?: string; scope?: string } = {}) {
  const issuer = options.issuer ?? issuerId;
  const client = options.client ?? web;
  const row = (await server.app.services.principals.issuer(issuer))!;
  const { session } = await server.app.services.sessions.signIn({
    issuer: row,
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
    scope: options.scope ?? 'openid profile',
    nonce: null,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    codeChallengeMethod: 'S256',
  });
  const answer = await post(
    '/token',
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
    client,
    `${server.app.publicUrl()}/${issuer}`,
  );
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  const accessToken = answer.json.access_token as string;
  // the user lets the agent act for them (token exchange needs a delegation: test/delegation.test.ts)
  if (issuer === issuerId && agent) await delegate(accessToken, agent.id);
  return { session, accessToken, refreshToken: answer.json.refresh_token as string };
}

/** createDelegation with the user's own token: the agent may act for them with every resource scope the token holds. */
async function delegate(userToken: string, agentId: string) {
  const scopes = String(decodeJwt(userToken).scope ?? '')
    .split(' ')
    .filter((s) => s.includes(':'));
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { authorization: `Bearer ${userToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: CreateDelegationInput!) { createDelegation(input: $input) { __typename ... on Error { message } } }',
      variables: { input: { agentId, scopes } },
    }),
  });
  const body = (await response.json()) as { data?: { createDelegation?: { __typename: string } } };
  expect(body.data?.createDelegation?.__typename, JSON.stringify(body)).toBe('CreateDelegationPayload');
}

function exchange(caller: Caller, subjectToken: string, extra: Record<string, string> = {}) {
  return post('/token', { grant_type: GRANT, subject_token: subjectToken, subject_token_type: AT_TYPE, ...extra }, caller);
}

async function verify(token: string, audience = issuerUrl): Promise<JWTPayload> {
  return (
    await jwtVerify(token, createRemoteJWKSet(new URL(`${issuerUrl}/jwks`)), {
      issuer: issuerUrl,
      audience,
      typ: 'at+jwt',
      currentDate: clock.now(),
    })
  ).payload;
}

/** A user in the org with the given scopes, and that user's tokens (org selected at sign-in). */
async function member(scopes = ['invoices:read', 'invoices:write', 'reports:read']) {
  const userId = await createUser();
  await fixtures.createMembership(server.gql, orgId, userId, scopes);
  return { userId, ...(await userTokens(userId)) };
}

// A file-local extension, not `test.override`: the test runner shares one fixtures module among
// the files of a worker (isolate: false), and a top-level override would outlive this file.
const test = withFixtures.extend({ serverClock: [clock, { scope: 'file' }] });
const it = test;

test.beforeAll(async ({ server: started }) => {
  server = started;
  issuerId = await createIssuer();
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  orgId = (await fixtures.createOrganization(server.gql, issuerId, { name: 'Acme' })).id;
  web = await createWebClient();
  agent = await createAgent(['invoices:read', 'invoices:write', 'tickets:read']);
  await fixtures.createMembership(server.gql, orgId, agent.id, ['invoices:read', 'tickets:read']);
}, 180_000);

afterEach(() => {
  clock.offsetMs = 0;
});

describe('token exchange: agents acting for users', () => {
  it('TE-17: issues a ≤300 s delegated token (sub = user, act.sub = agent) with the intersection of scopes and no refresh token', async () => {
    const user = await member();
    expect((await verify(user.accessToken)).scope).toBe('openid profile invoices:read invoices:write reports:read');
    const config = await oidc.discovery(new URL(issuerUrl), agent.id, undefined, oidc.ClientSecretBasic(agent.secret), {
      execute: [oidc.allowInsecureRequests],
    });
    const tokens = await oidc.genericGrantRequest(config, GRANT, { subject_token: user.accessToken, subject_token_type: AT_TYPE });
    expect(tokens).toMatchObject({ token_type: 'bearer', issued_token_type: AT_TYPE, scope: 'invoices:read' });
    expect(tokens.expires_in).toBeLessThanOrEqual(300);
    expect(tokens.refresh_token).toBeUndefined();
    const payload = await verify(tokens.access_token);
    expect(payload).toMatchObject({
      sub: user.userId,
      client_id: agent.id,
      act: { sub: agent.id },
      sid: user.session.id,
      org_id: orgId,
      scope: 'invoices:read',
      aud: issuerUrl,
    });
    expect(payload.exp! - payload.iat!).toBeLessThanOrEqual(300);

    const raw = await exchange(agent, user.accessToken);
    expect(raw.headers.get('cache-control')).toBe('no-store');
    expect(raw.json).not.toHaveProperty('refresh_token');
    expect(raw.json).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
  });

  it('grants a requested subset; a scope outside the intersection is invalid_scope; OIDC scopes never carry over', async () => {
    const user = await member(['invoices:read']);
    expect((await exchange(agent, user.accessToken, { scope: 'invoices:read' })).json.scope).toBe('invoices:read');
    // the agent holds tickets:read (itself and in the org) but the user does not
    for (const scope of ['tickets:read', 'invoices:write', 'openid', 'invoices:read profile']) {
      const answer = await exchange(agent, user.accessToken, { scope });
      expect([scope, answer.status, answer.json.error]).toEqual([scope, 400, 'invalid_scope']);
    }
  });

  it('never outlives the subject token', async () => {
    const shortLived = await createWebClient({ accessTokenTtlSeconds: 120 });
    const userId = await createUser();
    await fixtures.createMembership(server.gql, orgId, userId, ['invoices:read']);
    const user = await userTokens(userId, { client: shortLived });
    const subject = await verify(user.accessToken);
    const answer = await exchange(agent, user.accessToken);
    const payload = await verify(answer.json.access_token as string);
    expect(answer.json.expires_in).toBeLessThanOrEqual(120);
    expect(payload.exp).toBeLessThanOrEqual(subject.exp!);
  });

  it('uses the requested resource or audience; another issuer of this server is invalid_target', async () => {
    const user = await member();
    const forApi = await exchange(agent, user.accessToken, { resource: 'https://api.example.com/' });
    expect((await verify(forApi.json.access_token as string, 'https://api.example.com/')).aud).toBe('https://api.example.com/');
    const named = await exchange(agent, user.accessToken, { audience: 'billing-api' });
    expect((await verify(named.json.access_token as string, 'billing-api')).aud).toBe('billing-api');
    const other = await exchange(agent, user.accessToken, { audience: `${server.app.publicUrl()}/${await createIssuer()}` });
    expect([other.status, other.json.error]).toEqual([400, 'invalid_target']);
    expect((await exchange(agent, user.accessToken, { resource: 'https://a.example/', audience: 'b' })).json.error).toBe('invalid_request');
  });

  it('records token.issued with the agent as actor on behalf of the user', async () => {
    const user = await member();
    const answer = await exchange(agent, user.accessToken);
    const { jti } = await verify(answer.json.access_token as string);
    await server.app.flushMetered();
    const events = await server.app.db.prisma.event.findMany({ where: { type: 'token.issued', actorId: agent.id, subject: user.userId } });
    const event = events.find((e) => (e.data as Obj).jti === jti)!;
    expect(event).toMatchObject({
      actorType: 'agent',
      actorId: agent.id,
      actorOnBehalfOf: user.userId,
      metered: true,
      organizationId: orgId,
      issuerId,
    });
    expect(event.data).toMatchObject({
      grantType: GRANT,
      userId: user.userId,
      agentId: agent.id,
      sessionId: user.session.id,
      scope: ['invoices:read'],
    });
  });

  it('the delegated token dies with the user’s session', async () => {
    const user = await member();
    const delegated = (await exchange(agent, user.accessToken)).json.access_token as string;
    expect(await post('/introspect', { token: delegated }, web)).toMatchObject({
      json: { active: true, act: { sub: agent.id }, sid: user.session.id },
    });
    expect((await post('/revoke', { token: user.refreshToken }, web)).status).toBe(200);
    expect((await post('/introspect', { token: delegated }, web)).json).toEqual({ active: false });
    // and the user's token can no longer be exchanged
    expect((await exchange(agent, user.accessToken)).json).toEqual(INVALID_SUBJECT);
  });
});

describe('token exchange: refusals', () => {
  it('a client (not an agent) is unauthorized_client', async () => {
    const user = await member();
    const answer = await exchange(web, user.accessToken);
    expect([answer.status, answer.json]).toEqual([
      400,
      { error: 'unauthorized_client', error_description: 'only agents may exchange tokens' },
    ]);
  });

  it('TE-15/TE-16: missing or unsupported token types and actor tokens are invalid_request', async () => {
    const user = await member();
    const cases: [Record<string, string>, string][] = [
      [{ grant_type: GRANT, subject_token: user.accessToken }, 'subject_token_type is required'],
      [{ grant_type: GRANT, subject_token_type: AT_TYPE }, 'subject_token is required'],
      [
        { grant_type: GRANT, subject_token: user.accessToken, subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' },
        `subject_token_type must be ${AT_TYPE}`,
      ],
      [
        { grant_type: GRANT, subject_token: user.accessToken, subject_token_type: AT_TYPE, actor_token: 'x' },
        'actor_token_type is required with actor_token',
      ],
      [
        { grant_type: GRANT, subject_token: user.accessToken, subject_token_type: AT_TYPE, actor_token: 'x', actor_token_type: AT_TYPE },
        'the authenticated agent is the actor: actor_token is not accepted',
      ],
      [
        {
          grant_type: GRANT,
          subject_token: user.accessToken,
          subject_token_type: AT_TYPE,
          requested_token_type: 'urn:ietf:params:oauth:token-type:refresh_token',
        },
        `requested_token_type must be ${AT_TYPE}`,
      ],
    ];
    for (const [params, description] of cases) {
      const answer = await post('/token', params, agent);
      expect([answer.status, answer.json]).toEqual([400, { error: 'invalid_request', error_description: description }]);
    }
  });

  it('an invalid, expired, foreign, non-user or already delegated subject token is invalid_grant', async () => {
    const user = await member();
    const m2m = await mutate(CreateClient, 'createClient', { issuerId, name: 'm2m', type: 'M2M', scopes: ['invoices:read'] });
    const clientToken = (
      await post('/token', { grant_type: 'client_credentials' }, { id: idOf(m2m, 'client'), secret: m2m.secret as string })
    ).json.access_token as string;
    const agentToken = (await post('/token', { grant_type: 'client_credentials' }, agent)).json.access_token as string;
    const delegated = (await exchange(agent, user.accessToken)).json.access_token as string;
    const otherIssuer = await createIssuer();
    const otherWeb = await createWebClient({}, otherIssuer);
    const foreign = (await userTokens(await createUser(otherIssuer), { client: otherWeb, issuer: otherIssuer })).accessToken;
    // the agent's own delegated token cannot be exchanged by the agent again (it already acts in the chain)
    expect((await exchange(agent, delegated)).json).toEqual({
      error: 'invalid_request',
      error_description: 'the agent already acts in this delegation chain',
    });
    for (const [name, token] of Object.entries({ garbage: 'not-a-token', clientToken, agentToken, foreign })) {
      const answer = await exchange(agent, token);
      expect([name, answer.status, answer.json]).toEqual([name, 400, INVALID_SUBJECT]);
    }
    clock.offsetMs = (900 + 120) * 1000;
    expect((await exchange(agent, user.accessToken)).json).toEqual(INVALID_SUBJECT);
  });

  it('an agent that is not an active member of the token’s organization is refused', async () => {
    const user = await member();
    const outsider = await createAgent(['invoices:read']);
    const answer = await exchange(outsider, user.accessToken);
    expect([answer.status, answer.json]).toEqual([
      400,
      { error: 'invalid_request', error_description: 'the agent is not an active member of the subject token’s organization' },
    ]);
  });

  it('a token without organization carries only what the user holds outside one: nothing', async () => {
    const userId = await createUser();
    const user = await userTokens(userId);
    const answer = await exchange(agent, user.accessToken);
    expect(answer.status).toBe(200);
    expect(answer.json).not.toHaveProperty('scope');
    const payload = await verify(answer.json.access_token as string);
    expect(payload).not.toHaveProperty('org_id');
    expect(payload).not.toHaveProperty('scope');
    expect((await exchange(agent, user.accessToken, { scope: 'invoices:read' })).json.error).toBe('invalid_scope');
  });
});
