/**
 * A person at the hosted pages, driven like a browser: fetch with `redirect: 'manual'` and a
 * cookie jar. Used to accept invitations on the hosted page and to get a user access token through
 * the real sign-in flow (authorize → password → [TOTP] → code → token endpoint).
 */
import { randomBytes } from 'node:crypto';
import type { GraphQLClient } from './graphql.js';

/** A browser: a cookie jar (name → value, paths ignored: one issuer per browser) and fetch without following redirects. */
export class Browser {
  readonly cookies = new Map<string, string>();
  /** the raw Set-Cookie values of the last response */
  lastSetCookies: string[] = [];

  /** `userAgent`: the User-Agent every request sends (sessions record it as the device) */
  constructor(private readonly userAgent = 'browser-helper/1.0') {}

  async request(url: string, init: RequestInit = {}): Promise<{ res: Response; body: string }> {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('user-agent', this.userAgent);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    this.lastSetCookies = res.headers.getSetCookie();
    for (const line of this.lastSetCookies) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      if (/;\s*Max-Age=0\b/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return { res, body: await res.text() };
  }

  get(url: string) {
    return this.request(url);
  }

  post(url: string, form: Record<string, string>) {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  }
}

/** The sealed state of the page's (first) form. */
export function sealedState(html: string): string {
  const match = /name="ag_state" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no sealed state in page: ${html.slice(0, 300)}`);
  return match[1]!;
}

const CreateClient = `
  mutation BrowserCreateClient($input: CreateClientInput!) {
    createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } }
  }`;

export interface WebClient {
  id: string;
  secret: string;
  redirectUri: string;
}

/**
 * A confidential web client of `issuerId` (authorization_code, client_secret_basic), made with an
 * account key; it may ask for `openid email` and the organization scopes in `scopes`.
 */
export async function createWebClient(gql: GraphQLClient, issuerId: string, scopes: string[] = []): Promise<WebClient> {
  const redirectUri = 'https://app.example.com/callback';
  const data = await gql.request<Record<string, { __typename: string; secret?: string; client?: { id: string } }>, unknown>(CreateClient, {
    input: { issuerId, name: `web ${randomBytes(3).toString('hex')}`, redirectUris: [redirectUri], scopes: ['openid', 'email', ...scopes] },
  });
  const payload = data.createClient!;
  if (payload.__typename !== 'CreateClientPayload') throw new Error(`createClient failed: ${JSON.stringify(payload)}`);
  return { id: payload.client!.id, secret: payload.secret!, redirectUri };
}

export interface SignInOptions {
  /** returns the current TOTP code, for a user with TOTP enrolled */
  totp?: () => string;
}

/**
 * Signs `username` in on the hosted page of `issuerId` and redeems the code at the token endpoint:
 * a user access token bound to a sign-in session (`sid`), as an application would get it.
 */
export async function userTokenBySignIn(
  baseUrl: string,
  issuerId: string,
  client: WebClient,
  username: string,
  password: string,
  options: SignInOptions = {},
): Promise<string> {
  const browser = new Browser();
  const issuerUrl = `${baseUrl}/${issuerId}`;
  const query = new URLSearchParams({
    client_id: client.id,
    redirect_uri: client.redirectUri,
    response_type: 'code',
    scope: 'openid email',
    state: 's',
  });
  const form = await browser.get(`${issuerUrl}/authorize?${query}`);
  if (form.res.status !== 200) throw new Error(`authorize answered ${form.res.status}: ${form.body.slice(0, 300)}`);
  let step = await browser.post(`${issuerUrl}/authorize`, { ag_state: sealedState(form.body), username, password });
  if (step.res.status === 200 && step.body.includes('name="code"')) {
    if (!options.totp) throw new Error('the sign-in asks for a second factor');
    step = await browser.post(`${issuerUrl}/authorize`, { ag_state: sealedState(step.body), code: options.totp() });
  }
  const location = step.res.headers.get('location');
  if (step.res.status !== 303 || !location) throw new Error(`sign-in did not redirect (${step.res.status}): ${step.body.slice(0, 300)}`);
  const code = new URL(location).searchParams.get('code');
  if (!code) throw new Error(`no code in ${location}`);
  const res = await fetch(`${issuerUrl}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(client.id)}:${encodeURIComponent(client.secret)}`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: client.redirectUri }).toString(),
  });
  const body = (await res.json()) as { access_token?: string };
  if (res.status !== 200 || !body.access_token) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

/** Where an invitation page's form posts: `invitation`, relative to the page's URL. */
export function invitationFormUrl(acceptUrl: string): string {
  const url = new URL(acceptUrl);
  url.search = '';
  return url.toString();
}

/**
 * Accepts an invitation on the hosted page as a new user: opens `acceptUrl`, chooses `password`.
 * Returns the final page.
 */
export async function acceptBySignUp(acceptUrl: string, password: string, browser = new Browser()) {
  const page = await browser.get(acceptUrl);
  if (page.res.status !== 200) return page;
  return browser.post(invitationFormUrl(acceptUrl), { ag_state: sealedState(page.body), password, password_confirm: password });
}

/** Accepts on the hosted page as the existing invitee: password, then the TOTP code when asked. */
export async function acceptBySignIn(acceptUrl: string, password: string, options: SignInOptions = {}, browser = new Browser()) {
  const page = await browser.get(acceptUrl);
  if (page.res.status !== 200) return page;
  const step = await browser.post(invitationFormUrl(acceptUrl), { ag_state: sealedState(page.body), password });
  if (step.res.status === 200 && step.body.includes('name="code"') && options.totp) {
    return browser.post(invitationFormUrl(acceptUrl), { ag_state: sealedState(step.body), code: options.totp() });
  }
  return step;
}

/** A password the policy accepts, for test users. */
export const TEST_PASSWORD = 'violet-anchor-quartz-88';

const CreateUserWithEmail = `
  mutation BrowserCreateUser($input: CreateUserInput!) {
    createUser(input: $input) { __typename ... on CreateUserPayload { user { id } } ... on Error { code message } }
  }`;
const SetUserPassword = `
  mutation BrowserSetPassword($input: SetUserPasswordInput!) {
    setUserPassword(input: $input) { __typename ... on Error { code message } }
  }`;

/**
 * A user of `issuerId` with username `email` and a password (made with the account key `gql`),
 * signed in through the hosted page: returns the user id and its user access token.
 */
export async function signedInUser(
  gql: GraphQLClient,
  baseUrl: string,
  issuerId: string,
  client: WebClient,
  email: string,
  /** runs after the user is made and before the sign-in (e.g. to add a membership) */
  beforeSignIn?: (userId: string) => Promise<unknown>,
): Promise<{ id: string; token: string }> {
  const created = (
    await gql.request<Record<string, { __typename: string; user?: { id: string } }>, unknown>(CreateUserWithEmail, {
      input: { issuerId, username: email },
    })
  ).createUser!;
  if (created.__typename !== 'CreateUserPayload') throw new Error(`createUser failed: ${JSON.stringify(created)}`);
  const set = (
    await gql.request<Record<string, { __typename: string }>, unknown>(SetUserPassword, {
      input: { userId: created.user!.id, password: TEST_PASSWORD },
    })
  ).setUserPassword!;
  if (set.__typename !== 'SetUserPasswordPayload') throw new Error(`setUserPassword failed: ${JSON.stringify(set)}`);
  await beforeSignIn?.(created.user!.id);
  return { id: created.user!.id, token: await userTokenBySignIn(baseUrl, issuerId, client, email, TEST_PASSWORD) };
}

/** Headers that make a GraphQL request with a bearer token instead of the client's own credential. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
