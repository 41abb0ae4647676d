/**
 * Operators (issue 15) without a browser: the setup link creates the first owner once; an
 * operator signs in on the system issuer's hosted page with code + PKCE (the console is a public
 * client) and the access token is an account-level credential on the Core API; read-only operators
 * read everything and every mutation is refused; signing out (end_session) stops the token at once;
 * the system issuer never shows in the tenant graph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { startServer, type TestServer } from './helpers/server.js';
import { Browser, sealedState, acceptBySignUp, TEST_PASSWORD } from './helpers/browser.js';

interface ConsoleConfig {
  issuer: string;
  clientId: string;
}

let server: TestServer;
let config: ConsoleConfig;

const b64url = (buf: Buffer) => buf.toString('base64url');

/** The console's sign-in, as the SPA does it: authorize with PKCE S256, password, code → tokens. */
async function signIn(
  username: string,
  password: string,
): Promise<{ access_token: string; refresh_token: string; id_token: string; browser: Browser }> {
  const browser = new Browser('console-test/1.0');
  const verifier = b64url(randomBytes(32));
  const challenge = b64url(createHash('sha256').update(verifier).digest());
  const redirectUri = `${server.url}/console/callback`;
  const query = new URLSearchParams({
    client_id: config.clientId,
    redirect_uri: redirectUri,
    response_type: 'code',
    scope: 'openid offline_access',
    state: 'st',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const form = await browser.get(`${config.issuer}/authorize?${query}`);
  expect(form.res.status).toBe(200);
  const step = await browser.post(`${config.issuer}/authorize`, { ag_state: sealedState(form.body), username, password });
  const location = step.res.headers.get('location');
  expect(step.res.status, step.body.slice(0, 300)).toBe(303);
  const code = new URL(location!).searchParams.get('code')!;
  const res = await fetch(`${config.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      client_id: config.clientId,
      code_verifier: verifier,
    }),
  });
  const body = (await res.json()) as { access_token: string; refresh_token: string; id_token: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return { ...body, browser };
}

async function gql(token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as { data?: Record<string, any>; errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

async function setup(link: string, email: string, password: string) {
  const token = new URL(link).hash.replace('#token=', '');
  const res = await fetch(`${server.url}/console/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email, password }),
  });
  return { status: res.status, body: (await res.json()) as { userId?: string; errors?: { path: string; message: string }[] } };
}

beforeAll(async () => {
  server = await startServer();
  const res = await fetch(`${server.url}/console/config.json`);
  config = (await res.json()) as ConsoleConfig;
});
afterAll(() => server?.stop());

describe('operators', () => {
  let owner: Awaited<ReturnType<typeof signIn>>;

  it('the setup link creates the first owner exactly once; a weak password changes nothing', async () => {
    const link = await server.app.services.operators.setupLink(server.url);
    expect(link).toMatch(/\/console\/setup#token=ags_/);
    const weak = await setup(link!, 'ops@example.com', 'password');
    expect(weak.status).toBe(400);
    expect(weak.body.errors![0]!.path).toBe('password');
    const made = await setup(link!, 'ops@example.com', TEST_PASSWORD);
    expect(made.status).toBe(201);
    const again = await setup(link!, 'other@example.com', TEST_PASSWORD);
    expect(again.status).toBe(400);
    expect(again.body.errors![0]!.path).toBe('token');
    // an operator exists now: no further setup links
    expect(await server.app.services.operators.setupLink(server.url)).toBeNull();
  });

  it("an owner's console token is an account-level credential; the system issuer stays out of the graph", async () => {
    owner = await signIn('ops@example.com', TEST_PASSWORD);
    const me = await gql(owner.access_token, '{ currentOperator { role userId } issuers(first: 10) { totalCount edges { node { id } } } }');
    expect(me.body.errors).toBeUndefined();
    expect(me.body.data!.currentOperator.role).toBe('OWNER');
    expect(me.body.data!.issuers.totalCount).toBe(0);
    const whoami = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${owner.access_token}` } });
    const who = (await whoami.json()) as { data: { type: string; sub?: string; subject?: string } };
    expect(whoami.status).toBe(200);
    expect(who.data.type).toBe('access_token');
    expect(JSON.stringify(who.data)).toContain(me.body.data!.currentOperator.userId);
    const created = await gql(
      owner.access_token,
      'mutation { createIssuer(input: { name: "acme" }) { __typename ... on CreateIssuerPayload { issuer { id } } } }',
    );
    expect(created.body.data!.createIssuer.__typename).toBe('CreateIssuerPayload');
    const systemIssuerId = new URL(config.issuer).pathname.slice(1);
    const hidden = await gql(owner.access_token, 'query($id: ID!) { issuer(id: $id) { id } node(id: $id) { id } }', { id: systemIssuerId });
    expect(hidden.body.data).toEqual({ issuer: null, node: null });
    // the admin key does not see it either
    const byKey = await server.gql.request<{ issuers: { totalCount: number } }, unknown>('{ issuers { totalCount } }');
    expect(byKey.issuers.totalCount).toBe(1);
  });

  it('a read-only operator reads everything and every mutation is refused with FORBIDDEN', async () => {
    const invited = await gql(
      owner.access_token,
      'mutation { inviteOperator(input: { email: "viewer@example.com", role: READ_ONLY }) { __typename ... on InviteOperatorPayload { acceptUrl } ... on Error { code message } } }',
    );
    expect(invited.body.data!.inviteOperator.__typename).toBe('InviteOperatorPayload');
    const accepted = await acceptBySignUp(invited.body.data!.inviteOperator.acceptUrl, TEST_PASSWORD);
    expect(accepted.res.status).toBe(200);
    const reader = await signIn('viewer@example.com', TEST_PASSWORD);
    const read = await gql(
      reader.access_token,
      '{ currentOperator { role } issuers(first: 10) { totalCount } events(first: 5) { edges { node { type } } } }',
    );
    expect(read.body.data!.currentOperator.role).toBe('READ_ONLY');
    expect(read.body.data!.issuers.totalCount).toBe(1);
    expect(read.body.data!.events.edges.length).toBeGreaterThan(0);
    const refused = await gql(reader.access_token, 'mutation { createIssuer(input: { name: "nope" }) { __typename } }');
    expect(refused.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    expect(refused.body.errors![0]!.message).toMatch(/Read-only operator/);
    const operators = await gql(reader.access_token, '{ operators { username } }');
    expect(operators.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const count = await gql(owner.access_token, '{ issuers { totalCount } operators { username role } }');
    expect(count.body.data!.issuers.totalCount).toBe(1);
    expect(count.body.data!.operators.map((o: { role: string }) => o.role).sort()).toEqual(['OWNER', 'READ_ONLY']);
  });

  it('signing out (RP-initiated logout) stops the operator token at once', async () => {
    const before = await gql(owner.access_token, '{ currentOperator { role } }');
    expect(before.status).toBe(200);
    // the console's own browser (its ag_session cookie names the signed-in operator)
    const out = await owner.browser.get(
      `${config.issuer}/end_session?${new URLSearchParams({ id_token_hint: owner.id_token, post_logout_redirect_uri: `${server.url}/console/`, client_id: config.clientId })}`,
    );
    expect(out.res.status).toBe(303);
    const after = await gql(owner.access_token, '{ currentOperator { role } }');
    expect(after.status).toBe(401);
  });
});
