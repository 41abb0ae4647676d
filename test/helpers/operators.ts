/**
 * Operators as the console makes them, without a browser: the setup link's first owner, invited
 * operators of each role, and the console's code + PKCE sign-in on the system issuer's hosted
 * page (test/operators.test.ts walks the same steps with assertions of its own).
 */
import { expect } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import type { TestServer } from './server.js';
import { Browser, sealedState, acceptBySignUp, TEST_PASSWORD } from './browser.js';

export interface ConsoleConfig {
  issuer: string;
  clientId: string;
}

export interface OperatorSignIn {
  access_token: string;
  refresh_token: string;
  id_token: string;
  browser: Browser;
}

/** The console's configuration (its issuer and public client). */
export async function consoleConfig(server: TestServer): Promise<ConsoleConfig> {
  return (await (await fetch(`${server.url}/console/config.json`)).json()) as ConsoleConfig;
}

/**
 * The console's sign-in, as the SPA does it: authorize with PKCE S256, password (TEST_PASSWORD
 * unless given), the TOTP step when the page asks for one (`totp` makes the code; without it that
 * step throws "the sign-in asks for a second factor"), code → tokens.
 */
export async function operatorSignIn(
  server: TestServer,
  config: ConsoleConfig,
  username: string,
  options: { password?: string; totp?: () => string } = {},
): Promise<OperatorSignIn> {
  const browser = new Browser('operator-test/1.0');
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest().toString('base64url');
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
  let step = await browser.post(`${config.issuer}/authorize`, {
    ag_state: sealedState(form.body),
    username,
    password: options.password ?? TEST_PASSWORD,
  });
  if (step.res.status === 200 && step.body.includes('name="code"')) {
    if (!options.totp) throw new Error('the sign-in asks for a second factor');
    step = await browser.post(`${config.issuer}/authorize`, { ag_state: sealedState(step.body), code: options.totp() });
  }
  expect(step.res.status, step.body.slice(0, 300)).toBe(303);
  const code = new URL(step.res.headers.get('location')!).searchParams.get('code')!;
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
  const body = (await res.json()) as Omit<OperatorSignIn, 'browser'>;
  expect(res.status, JSON.stringify(body)).toBe(200);
  return { ...body, browser };
}

/** Signs the operator out of the console (RP-initiated logout with the console's browser). */
export async function operatorSignOut(server: TestServer, config: ConsoleConfig, op: OperatorSignIn): Promise<void> {
  const out = await op.browser.get(
    `${config.issuer}/end_session?${new URLSearchParams({ id_token_hint: op.id_token, post_logout_redirect_uri: `${server.url}/console/`, client_id: config.clientId })}`,
  );
  expect(out.res.status).toBe(303);
}

/** A GraphQL request with `Bearer token`; the HTTP status and the JSON body. */
export async function gqlAs(server: TestServer, token: string, query: string, variables: Record<string, unknown> = {}) {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return {
    status: res.status,
    body: (await res.json()) as {
      data?: Record<string, any>;
      errors?: { message: string; extensions?: { code?: string; reason?: string } }[];
    },
  };
}

/** Spends the server's setup link: the first owner, `email`, with TEST_PASSWORD. */
export async function firstOwner(server: TestServer, email: string): Promise<void> {
  const link = await server.app.services.operators.setupLink(server.url);
  const token = new URL(link!).hash.replace('#token=', '');
  const res = await fetch(`${server.url}/console/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email, password: TEST_PASSWORD }),
  });
  expect(res.status).toBe(201);
}

/** An owner's invitation of `email` with `role`, accepted by sign-up (TEST_PASSWORD). */
export async function inviteOperator(server: TestServer, ownerToken: string, email: string, role: 'OWNER' | 'ADMIN' | 'READ_ONLY') {
  const invited = await gqlAs(
    server,
    ownerToken,
    'mutation($e: String!, $r: OperatorRole!) { inviteOperator(input: { email: $e, role: $r }) { __typename ... on InviteOperatorPayload { acceptUrl } ... on Error { message } } }',
    { e: email, r: role },
  );
  expect(invited.body.data?.inviteOperator.__typename, JSON.stringify(invited.body)).toBe('InviteOperatorPayload');
  const accepted = await acceptBySignUp(invited.body.data!.inviteOperator.acceptUrl, TEST_PASSWORD);
  expect(accepted.res.status).toBe(200);
}
