/**
 * User sessions at the token endpoint against a real server: authorization_code (+ PKCE, OIDC ID
 * tokens) for confidential and public clients, refresh-token rotation under the strict reuse
 * policy (SECURITY-CASES §6.4 RR-01…RR-16), session timeouts on a clock the test moves, org
 * context on refresh and at /userinfo, revocation and introspection of session tokens.
 *
 * Codes come from the session service (`signIn` + `issueCode`), as the hosted sign-in page would
 * make them; everything after that goes over HTTP, with openid-client where a relying party
 * would use it and raw fetch where the exact answer matters.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import type { Clock } from '../src/lib/clock.js';
import { PUBLISH_AHEAD_SECONDS } from '../src/domain/signing-keys.js';
import { ValidationError } from '../src/domain/errors.js';
import { UNRESTRICTED } from '../src/domain/viewer.js';

const CreateIssuer = `
  mutation SsCreateIssuer($input: CreateIssuerInput!) {
    createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } ... on Error { code message } }
  }`;
const UpdateIssuer = `
  mutation SsUpdateIssuer($input: UpdateIssuerInput!) {
    updateIssuer(input: $input) { __typename ... on UpdateIssuerPayload { issuer { id } } ... on Error { code message } }
  }`;
const CreateOrganization = `
  mutation SsCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) { __typename ... on CreateOrganizationPayload { organization { id } } ... on Error { code message } }
  }`;
const SuspendOrganization = `
  mutation SsSuspendOrganization($input: SuspendOrganizationInput!) {
    suspendOrganization(input: $input) { __typename ... on SuspendOrganizationPayload { organization { id } } ... on Error { code message } }
  }`;
const CreateUser = `
  mutation SsCreateUser($input: CreateUserInput!) {
    createUser(input: $input) { __typename ... on CreateUserPayload { user { id } } ... on Error { code message } }
  }`;
const UpdateUser = `
  mutation SsUpdateUser($input: UpdateUserInput!) {
    updateUser(input: $input) { __typename ... on UpdateUserPayload { user { id } } ... on Error { code message } }
  }`;
const CreateMembership = `
  mutation SsCreateMembership($input: CreateMembershipInput!) {
    createMembership(input: $input) { __typename ... on CreateMembershipPayload { membership { id } } ... on Error { code message } }
  }`;
const UpdateMembership = `
  mutation SsUpdateMembership($input: UpdateMembershipInput!) {
    updateMembership(input: $input) { __typename ... on UpdateMembershipPayload { membership { id scopes } } ... on Error { code message } }
  }`;
const CreateClient = `
  mutation SsCreateClient($input: CreateClientInput!) {
    createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } }
  }`;
const CreateAgent = `
  mutation SsCreateAgent($input: CreateAgentInput!) {
    createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id } } ... on Error { code message } }
  }`;
const CreateAgentVerifier = `
  mutation SsCreateAgentVerifier($input: CreateAgentVerifierInput!) {
    createAgentVerifier(input: $input) { __typename ... on CreateAgentVerifierPayload { secret } ... on Error { code message } }
  }`;
const RotateSigningKeys = `
  mutation SsRotateSigningKeys($input: RotateSigningKeysInput!) {
    rotateSigningKeys(input: $input) { __typename ... on RotateSigningKeysPayload { kid previousKids } ... on Error { code message } }
  }`;
const ClientAlg = `
  query SsClientAlg($id: ID!) {
    node(id: $id) { ... on Client { idTokenSignedResponseAlg } }
  }`;
const IssuerKeys = `
  query SsIssuerKeys($id: ID!) {
    issuer(id: $id) { signingKeys { kid alg status } }
  }`;
const Events = `
  query SsEvents($filter: EventFilter) {
    events(first: 100, filter: $filter) { edges { node { type subject data } } }
  }`;

type Obj = Record<string, unknown>;
interface Answer {
  status: number;
  headers: Headers;
  json: Obj;
}
interface TestClient {
  id: string;
  secret: string | null;
}
interface Tokens {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  scope?: string;
  expires_in: number;
  token_type: string;
}

const REDIRECT = 'https://app.example.com/callback';
/** The server's clock: real time plus an offset the timeout tests move. */
const clock: Clock & { offsetMs: number } = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };
const INVALID_GRANT_CODE = 'the authorization code is invalid, expired or already used, or was issued to another client or redirect URI';
const INVALID_GRANT_RT = 'the refresh token is invalid, expired or revoked, or was issued to another client';

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
/** confidential, client_secret_basic, authorization_code + refresh_token */
let web: TestClient;

const CreateResource = `mutation CreateRes($input: CreateResourceInput!) { createResource(input: $input) { __typename ... on Error { code message } ... on CreateResourcePayload { resource { id } } } }`;
async function mutate(doc: string, field: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(doc, { input });
  const payload = data[field]!;
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

let counter = 0;
async function createIssuer(): Promise<string> {
  const p = await mutate(CreateIssuer, 'createIssuer', { name: `Sessions ${counter++}` });
  return (p.issuer as Obj).id as string;
}

async function createUser(extra: Obj = {}, issuer = issuerId): Promise<string> {
  const email = `person${counter++}@example.com`;
  const p = await mutate(CreateUser, 'createUser', {
    issuerId: issuer,
    username: email,
    email,
    emailVerified: true,
    firstName: 'Ada',
    lastName: 'Lovelace',
    ...extra,
  });
  return (p.user as Obj).id as string;
}

async function createOrganization(): Promise<string> {
  const p = await mutate(CreateOrganization, 'createOrganization', { issuerId, name: `Org ${counter++}` });
  return (p.organization as Obj).id as string;
}

async function addMember(organizationId: string, memberId: string, scopes: string[]): Promise<string> {
  const p = await mutate(CreateMembership, 'createMembership', { organizationId, memberId, scopes });
  return (p.membership as Obj).id as string;
}

async function createClient(extra: Obj = {}, issuer = issuerId): Promise<TestClient> {
  const p = await mutate(CreateClient, 'createClient', {
    issuerId: issuer,
    name: `web ${counter++}`,
    redirectUris: [REDIRECT],
    scopes: [
      'openid',
      'profile',
      'email',
      'offline_access',
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
  return { id: (p.client as Obj).id as string, secret: (p.secret as string | null) ?? null };
}

/** Starts a session for the user, as the hosted sign-in page does. */
async function signIn(userId: string, issuer = issuerId) {
  const row = (await server.app.services.principals.issuer(issuer))!;
  return (
    await server.app.services.sessions.signIn({
      issuer: row,
      userId,
      clientId: null,
      amr: ['pwd'],
      device: { userAgent: 'vitest', ip: '127.0.0.1' },
    })
  ).session;
}

type Session = Awaited<ReturnType<typeof signIn>>;

const challengeOf = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

/** Issues a code for the session, as /authorize would after consent. */
async function codeFor(
  session: Session,
  client: TestClient,
  options: { scope?: string; nonce?: string | null; verifier?: string | null; redirectUri?: string; resources?: string[] } = {},
) {
  const verifier = options.verifier === undefined ? oidc.randomPKCECodeVerifier() : options.verifier;
  const code = await server.app.services.sessions.issueCode({
    session,
    clientId: client.id,
    redirectUri: options.redirectUri ?? REDIRECT,
    scope: options.scope ?? 'openid profile email',
    nonce: options.nonce === undefined ? 'n-0S6_WzA2Mj' : options.nonce,
    codeChallenge: verifier ? challengeOf(verifier) : null,
    codeChallengeMethod: verifier ? 'S256' : null,
    ...(options.resources ? { resources: options.resources } : {}),
  });
  return { code, verifier };
}

const basicOf = (c: TestClient) =>
  `Basic ${Buffer.from(`${encodeURIComponent(c.id)}:${encodeURIComponent(c.secret!)}`).toString('base64')}`;

/** POSTs a form to an endpoint of the issuer, authenticating with Basic (or client_id alone for a public client). */
async function post(path: string, params: Record<string, string>, client: TestClient | null, issuer = issuerUrl): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  const body = new URLSearchParams(params);
  if (client?.secret) headers.authorization = basicOf(client);
  else if (client) body.set('client_id', client.id);
  const response = await fetch(`${issuer}${path}`, { method: 'POST', headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Obj) : {} };
}

/** Redeems a code with raw HTTP. */
function redeem(client: TestClient, code: string, verifier: string | null, extra: Record<string, string> = {}) {
  return post(
    '/token',
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, ...(verifier ? { code_verifier: verifier } : {}), ...extra },
    client,
  );
}

function refresh(client: TestClient, refreshToken: string, extra: Record<string, string> = {}, issuer = issuerUrl) {
  return post('/token', { grant_type: 'refresh_token', refresh_token: refreshToken, ...extra }, client, issuer);
}

/** Signs the user in and redeems a code: the tokens a relying party holds after login. */
async function login(
  client: TestClient,
  userId: string,
  options: { scope?: string; resources?: string[] } = {},
): Promise<Tokens & { session: Session }> {
  const session = await signIn(userId);
  const { code, verifier } = await codeFor(session, client, options);
  const answer = await redeem(client, code, verifier);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return { ...(answer.json as unknown as Tokens), session };
}

async function verifyAccessToken(token: string): Promise<JWTPayload> {
  const { payload } = await jwtVerify(token, createRemoteJWKSet(new URL(`${issuerUrl}/jwks`)), {
    issuer: issuerUrl,
    typ: 'at+jwt',
    currentDate: clock.now(),
  });
  return payload;
}

async function userinfo(accessToken: string, issuer = issuerUrl): Promise<Answer> {
  const response = await fetch(`${issuer}/userinfo`, { headers: { authorization: `Bearer ${accessToken}` } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as Obj) : {} };
}

const introspect = async (token: string, caller: TestClient = web) => (await post('/introspect', { token }, caller)).json;

async function eventsOf(type: string, subject?: string): Promise<Obj[]> {
  const data = await server.gql.request<{ events: { edges: { node: Obj }[] } }, Obj>(Events, {
    filter: { types: [type], issuerId, ...(subject ? { subject } : {}) },
  });
  return data.events.edges.map((e) => e.node);
}

const sessionRow = (id: string) => server.app.db.prisma.session.findUniqueOrThrow({ where: { id } });

/** An openid-client configuration for a client of the test issuer. */
function configure(client: TestClient) {
  const auth = client.secret ? oidc.ClientSecretBasic(client.secret) : oidc.None();
  return oidc.discovery(new URL(issuerUrl), client.id, undefined, auth, { execute: [oidc.allowInsecureRequests] });
}

/** The callback URL /authorize would redirect to (RFC 9207 `iss` included). */
const callback = (code: string) => new URL(`${REDIRECT}?code=${encodeURIComponent(code)}&iss=${encodeURIComponent(issuerUrl)}`);

beforeAll(async () => {
  server = await startServer({}, { clock });
  issuerId = await createIssuer();
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  web = await createClient();
  await mutate(CreateResource, 'createResource', {
    issuerId,
    name: 'API',
    identifier: 'https://api.example.com/',
    scopes: ['invoices:read'],
  });
});

afterAll(async () => {
  await server?.stop();
});

afterEach(() => {
  clock.offsetMs = 0;
});

describe('discovery', () => {
  it('advertises the session endpoints, public clients, PKCE S256 and every grant', async () => {
    const meta = (await (await fetch(`${issuerUrl}/.well-known/openid-configuration`)).json()) as Obj;
    expect(meta).toMatchObject({
      userinfo_endpoint: `${issuerUrl}/userinfo`,
      end_session_endpoint: `${issuerUrl}/end_session`,
      code_challenge_methods_supported: ['S256'],
      response_modes_supported: ['query'],
      // the OIDC scopes, then those the issuer's resources define (its one resource: invoices:read)
      scopes_supported: ['openid', 'profile', 'email', 'offline_access', 'invoices:read'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
      request_parameter_supported: false,
      request_uri_parameter_supported: false,
      claims_parameter_supported: false,
      id_token_signing_alg_values_supported: ['ES256', 'EdDSA', 'RS256'],
    });
    expect(meta.grant_types_supported).toEqual([
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'urn:ietf:params:oauth:grant-type:token-exchange',
      'urn:openid:params:grant-type:ciba',
    ]);
    expect(meta.token_endpoint_auth_methods_supported).toEqual(['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none']);
    expect(meta.introspection_endpoint_auth_methods_supported).not.toContain('none');
    // dynamic registration is off by default: no registration_endpoint is advertised
    expect(meta.registration_endpoint).toBeUndefined();
    expect(meta.claims_supported).toEqual(
      expect.arrayContaining(['sub', 'auth_time', 'nonce', 'sid', 'at_hash', 'email', 'preferred_username', 'org_id']),
    );
  });
});

describe('authorization_code', () => {
  it('a confidential client (basic) gets an access token, a verified ID token and a refresh token; userinfo answers', async () => {
    const userId = await createUser();
    const session = await signIn(userId);
    const { code, verifier } = await codeFor(session, web, { nonce: 'abc123' });
    const config = await configure(web);
    const tokens = await oidc.authorizationCodeGrant(config, callback(code), {
      pkceCodeVerifier: verifier!,
      expectedNonce: 'abc123',
      idTokenExpected: true,
    });
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(900);
    expect(tokens.scope).toBe('openid profile email');
    expect(tokens.refresh_token).toMatch(/^agr_/);

    const { payload: id, protectedHeader } = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(`${issuerUrl}/jwks`)), {
      issuer: issuerUrl,
      audience: web.id,
      typ: 'JWT',
    });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'JWT', kid: expect.stringMatching(/^kid_/) });
    const hash = createHash('sha256').update(tokens.access_token).digest();
    expect(id).toMatchObject({
      iss: issuerUrl,
      sub: userId,
      aud: web.id,
      azp: web.id,
      nonce: 'abc123',
      sid: session.id,
      auth_time: Math.floor(session.authTime.getTime() / 1000),
      at_hash: hash.subarray(0, 16).toString('base64url'),
      amr: ['pwd'],
      email: expect.stringMatching(/@example\.com$/),
      email_verified: true,
      name: 'Ada Lovelace',
      given_name: 'Ada',
      family_name: 'Lovelace',
      preferred_username: expect.stringMatching(/^person/),
      updated_at: expect.any(Number),
    });
    expect(id.exp! - id.iat!).toBe(900);
    expect(tokens.claims()).toMatchObject({ sub: userId, sid: session.id });

    const at = await verifyAccessToken(tokens.access_token);
    expect(at).toMatchObject({ sub: userId, client_id: web.id, aud: issuerUrl, sid: session.id, scope: 'openid profile email' });
    expect(at.exp! - at.iat!).toBe(900);
    expect(at).not.toHaveProperty('org_id');
    expect(at).not.toHaveProperty('act');

    const info = await oidc.fetchUserInfo(config, tokens.access_token, userId);
    expect(info).toMatchObject({ sub: userId, email_verified: true, name: 'Ada Lovelace', preferred_username: expect.any(String) });
    expect(info).not.toHaveProperty('org_id');
  });

  it('a public client (none + PKCE S256) redeems with client_id alone, refreshes, and may not use client_credentials', async () => {
    const spa = await createClient({ confidential: false, applicationType: 'SPA' });
    expect(spa.secret).toBeNull();
    const userId = await createUser();
    const session = await signIn(userId);
    const { code, verifier } = await codeFor(session, spa, { nonce: 'spa-nonce' });
    const config = await configure(spa);
    const tokens = await oidc.authorizationCodeGrant(config, callback(code), {
      pkceCodeVerifier: verifier!,
      expectedNonce: 'spa-nonce',
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({ sub: userId, aud: spa.id, nonce: 'spa-nonce', sid: session.id });
    expect((await verifyAccessToken(tokens.access_token)).client_id).toBe(spa.id);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.claims()).toMatchObject({ sub: userId, sid: session.id });
    expect(refreshed.claims()).not.toHaveProperty('nonce');

    // PKCE is the public client's only proof: no verifier, no tokens
    const again = await codeFor(await signIn(userId), spa);
    expect(await redeem(spa, again.code, null)).toMatchObject({
      status: 400,
      json: { error: 'invalid_grant', error_description: INVALID_GRANT_CODE },
    });
    const cc = await post('/token', { grant_type: 'client_credentials' }, spa);
    expect([cc.status, cc.json.error, cc.headers.get('www-authenticate')]).toEqual([
      401,
      'invalid_client',
      'Basic realm="authgraph", error="invalid_client"',
    ]);
    // a confidential client cannot skip its secret
    const noSecret = await post('/token', { grant_type: 'refresh_token', refresh_token: tokens.refresh_token!, client_id: web.id }, null);
    expect([noSecret.status, noSecret.json.error]).toEqual([401, 'invalid_client']);
    // a public client may not introspect
    expect((await post('/introspect', { token: refreshed.access_token }, spa)).status).toBe(401);
  });

  it('a reused code is invalid_grant and kills everything the first redemption issued', async () => {
    const userId = await createUser();
    const session = await signIn(userId);
    const { code, verifier } = await codeFor(session, web);
    const first = await redeem(web, code, verifier);
    expect(first.status).toBe(200);
    const tokens = first.json as unknown as Tokens;
    expect(await introspect(tokens.access_token)).toMatchObject({ active: true, sid: session.id });
    expect((await userinfo(tokens.access_token)).status).toBe(200);

    const second = await redeem(web, code, verifier);
    expect([second.status, second.json]).toEqual([400, { error: 'invalid_grant', error_description: INVALID_GRANT_CODE }]);
    expect(second.headers.get('cache-control')).toBe('no-store');
    expect((await refresh(web, tokens.refresh_token!)).json.error).toBe('invalid_grant');
    expect(await introspect(tokens.access_token)).toEqual({ active: false });
    const info = await userinfo(tokens.access_token);
    expect(info.status).toBe(401);
    expect(info.headers.get('www-authenticate')).toMatch(/^Bearer realm="authgraph", error="invalid_token"/);
    expect((await sessionRow(session.id)).status).toBe('revoked');
  });

  it('refuses a wrong redirect_uri, a missing or wrong code_verifier, another client and an expired code alike', async () => {
    const userId = await createUser();
    const other = await createClient();
    const cases: [string, (c: { code: string; verifier: string | null }) => Promise<Answer>][] = [
      ['redirect_uri', (c) => redeem(web, c.code, c.verifier, { redirect_uri: 'https://app.example.com/other' })],
      ['no redirect_uri', (c) => post('/token', { grant_type: 'authorization_code', code: c.code, code_verifier: c.verifier! }, web)],
      ['no verifier', (c) => redeem(web, c.code, null)],
      ['wrong verifier', (c) => redeem(web, c.code, oidc.randomPKCECodeVerifier())],
      ['other client', (c) => redeem(other, c.code, c.verifier)],
      [
        'expired',
        async (c) => {
          clock.offsetMs += 61_000;
          return redeem(web, c.code, c.verifier);
        },
      ],
      ['garbage', () => redeem(web, 'agc_not-a-code', null)],
    ];
    for (const [name, attempt] of cases) {
      const issued = await codeFor(await signIn(userId), web);
      const answer = await attempt(issued);
      expect([name, answer.status, answer.json]).toEqual([name, 400, { error: 'invalid_grant', error_description: INVALID_GRANT_CODE }]);
    }
    expect((await redeem(web, 'agc_x', null, { code: '' })).json).toEqual({
      error: 'invalid_request',
      error_description: 'code is required',
    });
  });

  it('issues no refresh token without the grant, no ID token without openid; agents and M2M clients may not redeem', async () => {
    const noRefresh = await createClient({ grantTypes: ['AUTHORIZATION_CODE'] });
    const userId = await createUser();
    const { code, verifier } = await codeFor(await signIn(userId), noRefresh, { scope: 'profile' });
    const answer = await redeem(noRefresh, code, verifier);
    expect(answer.status).toBe(200);
    expect(answer.json).not.toHaveProperty('refresh_token');
    expect(answer.json).not.toHaveProperty('id_token');
    expect(answer.json.scope).toBe('profile');
    // without openid, userinfo is not for this token
    const info = await userinfo(answer.json.access_token as string);
    expect([info.status, info.json.error, info.headers.get('www-authenticate')]).toEqual([
      403,
      'insufficient_scope',
      'Bearer realm="authgraph", error="insufficient_scope", error_description="the access token lacks the openid scope", scope="openid"',
    ]);

    const m2m = await createClient({ type: 'M2M', redirectUris: [], scopes: ['invoices:read'] });
    const refused = await redeem(m2m, code, verifier);
    expect([refused.status, refused.json.error]).toEqual([400, 'unauthorized_client']);
  });
});

describe('ID token signing alg (idTokenSignedResponseAlg)', () => {
  // an issuer of its own (ES256): these tests add RS256 keys and rotate
  let algIssuerId: string;
  let algIssuerUrl: string;
  /** asks for RS256 ID tokens */
  let rp: TestClient;
  /** registered nothing: the issuer's ES256 */
  let plain: TestClient;

  const jwksOf = (url: string) => createRemoteJWKSet(new URL(`${url}/jwks`));
  const publishedKeys = async (url: string) => ((await (await fetch(`${url}/jwks`)).json()) as { keys: JWK[] }).keys;
  const leftHalfSha256 = (token: string) => createHash('sha256').update(token, 'ascii').digest().subarray(0, 16).toString('base64url');

  /** Signs a new user in at the test issuer and redeems a code with raw HTTP. */
  async function loginThere(client: TestClient): Promise<Tokens & { userId: string }> {
    const userId = await createUser({}, algIssuerId);
    const { code, verifier } = await codeFor(await signIn(userId, algIssuerId), client);
    const answer = await post(
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier! },
      client,
      algIssuerUrl,
    );
    expect(answer.status, JSON.stringify(answer.json)).toBe(200);
    return { ...(answer.json as unknown as Tokens), userId };
  }

  beforeAll(async () => {
    algIssuerId = await createIssuer();
    algIssuerUrl = `${server.app.publicUrl()}/${algIssuerId}`;
    rp = await createClient({ idTokenSignedResponseAlg: 'RS256' }, algIssuerId);
    plain = await createClient({}, algIssuerId);
  });

  it('discovery offers the issuer alg first, then the others clients may register (RS256 always), never twice', async () => {
    const meta = async (url: string) =>
      ((await (await fetch(`${url}/.well-known/openid-configuration`)).json()) as Obj).id_token_signing_alg_values_supported;
    expect(await meta(algIssuerUrl)).toEqual(['ES256', 'EdDSA', 'RS256']);
    const rsa = (await mutate(CreateIssuer, 'createIssuer', { name: `RSA ${counter++}`, signingAlg: 'RS256' })).issuer as Obj;
    expect(await meta(`${server.app.publicUrl()}/${rsa.id as string}`)).toEqual(['RS256', 'ES256', 'EdDSA']);
    const ed = (await mutate(CreateIssuer, 'createIssuer', { name: `Ed ${counter++}`, signingAlg: 'EdDSA' })).issuer as Obj;
    expect(await meta(`${server.app.publicUrl()}/${ed.id as string}`)).toEqual(['EdDSA', 'ES256', 'RS256']);
  });

  it('a client registered for RS256 gets an RS256 ID token (JWKS, at_hash, openid-client) and an ES256 access token', async () => {
    const data = await server.gql.request<{ node: Obj }, Obj>(ClientAlg, { id: rp.id });
    expect(data.node).toEqual({ idTokenSignedResponseAlg: 'RS256' });
    // the RS256 key was published when the client registered, before any RS256 ID token
    expect((await publishedKeys(algIssuerUrl)).map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);

    const userId = await createUser({}, algIssuerId);
    const session = await signIn(userId, algIssuerId);
    const { code, verifier } = await codeFor(session, rp, { nonce: 'rs-nonce' });
    const config = await oidc.discovery(
      new URL(algIssuerUrl),
      rp.id,
      { id_token_signed_response_alg: 'RS256' },
      oidc.ClientSecretBasic(rp.secret!),
      { execute: [oidc.allowInsecureRequests] },
    );
    const callbackUrl = new URL(`${REDIRECT}?code=${encodeURIComponent(code)}&iss=${encodeURIComponent(algIssuerUrl)}`);
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: verifier!,
      expectedNonce: 'rs-nonce',
      idTokenExpected: true,
    });
    expect(tokens.claims()).toMatchObject({ sub: userId, aud: rp.id, nonce: 'rs-nonce', sid: session.id });

    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwksOf(algIssuerUrl), {
      issuer: algIssuerUrl,
      audience: rp.id,
      typ: 'JWT',
      algorithms: ['RS256'],
    });
    expect(protectedHeader).toMatchObject({ alg: 'RS256', typ: 'JWT', kid: expect.stringMatching(/^kid_/) });
    expect(payload.at_hash).toBe(leftHalfSha256(tokens.access_token));

    const at = decodeProtectedHeader(tokens.access_token);
    expect(at).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
    expect(at.kid).not.toBe(protectedHeader.kid);
    const { payload: access } = await jwtVerify(tokens.access_token, jwksOf(algIssuerUrl), {
      issuer: algIssuerUrl,
      typ: 'at+jwt',
      algorithms: ['ES256'],
    });
    expect(access).toMatchObject({ sub: userId, client_id: rp.id });

    // JWKS now publishes both current keys; the graph lists them
    const keys = await publishedKeys(algIssuerUrl);
    expect(keys.map((k) => [k.kid, k.alg, k.kty]).sort()).toEqual(
      [
        [at.kid, 'ES256', 'EC'],
        [protectedHeader.kid, 'RS256', 'RSA'],
      ].sort(),
    );
    for (const key of keys) for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(secret);
    const listed = await server.gql.request<{ issuer: { signingKeys: Obj[] } }, Obj>(IssuerKeys, { id: algIssuerId });
    expect(listed.issuer.signingKeys.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);
    expect(listed.issuer.signingKeys.every((k) => k.status === 'CURRENT')).toBe(true);

    // a relying party that expects RS256 refuses an ES256 ID token: the alg check is real
    const plainSession = await signIn(userId, algIssuerId);
    const other = await codeFor(plainSession, plain, { nonce: 'x' });
    const strict = await oidc.discovery(
      new URL(algIssuerUrl),
      plain.id,
      { id_token_signed_response_alg: 'RS256' },
      oidc.ClientSecretBasic(plain.secret!),
      { execute: [oidc.allowInsecureRequests] },
    );
    await expect(
      oidc.authorizationCodeGrant(
        strict,
        new URL(`${REDIRECT}?code=${encodeURIComponent(other.code)}&iss=${encodeURIComponent(algIssuerUrl)}`),
        { pkceCodeVerifier: other.verifier!, expectedNonce: 'x', idTokenExpected: true },
      ),
    ).rejects.toThrow();

    // refresh keeps the client's alg
    const refreshed = await refresh(rp, tokens.refresh_token!, {}, algIssuerUrl);
    expect(refreshed.status, JSON.stringify(refreshed.json)).toBe(200);
    const again = await jwtVerify(refreshed.json.id_token as string, jwksOf(algIssuerUrl), {
      issuer: algIssuerUrl,
      audience: rp.id,
      algorithms: ['RS256'],
    });
    expect(again.protectedHeader.kid).toBe(protectedHeader.kid);
    expect(again.payload.at_hash).toBe(leftHalfSha256(refreshed.json.access_token as string));
    expect(decodeProtectedHeader(refreshed.json.access_token as string).alg).toBe('ES256');
  });

  it('a client without the setting still gets ES256 ID tokens once an RS256 key exists', async () => {
    await loginThere(rp); // makes sure the RS256 key exists (newer than the ES256 one)
    const tokens = await loginThere(plain);
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token!, jwksOf(algIssuerUrl), {
      issuer: algIssuerUrl,
      audience: plain.id,
      algorithms: ['ES256'],
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(protectedHeader.kid).toBe(decodeProtectedHeader(tokens.access_token).kid);
    expect(payload.at_hash).toBe(leftHalfSha256(tokens.access_token));
    // openid-client with no alg of its own accepts what discovery offers
    const session = await signIn(tokens.userId, algIssuerId);
    const { code, verifier } = await codeFor(session, plain, { nonce: 'p' });
    const config = await oidc.discovery(new URL(algIssuerUrl), plain.id, undefined, oidc.ClientSecretBasic(plain.secret!), {
      execute: [oidc.allowInsecureRequests],
    });
    const viaLibrary = await oidc.authorizationCodeGrant(
      config,
      new URL(`${REDIRECT}?code=${encodeURIComponent(code)}&iss=${encodeURIComponent(algIssuerUrl)}`),
      { pkceCodeVerifier: verifier!, expectedNonce: 'p', idTokenExpected: true },
    );
    expect(decodeProtectedHeader(viaLibrary.id_token!).alg).toBe('ES256');
  });

  it('after rotateSigningKeys the next keys are published first, and sign once two JWKS cache lifetimes have passed', async () => {
    const before = await loginThere(rp);
    const oldKid = decodeProtectedHeader(before.id_token!).kid;
    const oldAccessKid = decodeProtectedHeader(before.access_token).kid;
    const rotated = await mutate(RotateSigningKeys, 'rotateSigningKeys', { issuerId: algIssuerId });
    expect((rotated.previousKids as string[]).sort()).toEqual([oldKid, oldAccessKid].sort());

    // published at once, not signing yet: the old keys still sign
    const ahead = await publishedKeys(algIssuerUrl);
    expect(ahead.map((k) => k.kid)).toContain(rotated.kid);
    expect(ahead).toHaveLength(4);
    const meanwhile = await loginThere(rp);
    expect([decodeProtectedHeader(meanwhile.id_token!).kid, decodeProtectedHeader(meanwhile.access_token).kid]).toEqual([
      oldKid,
      oldAccessKid,
    ]);
    const listedAhead = await server.gql.request<{ issuer: { signingKeys: Obj[] } }, Obj>(IssuerKeys, { id: algIssuerId });
    expect(listedAhead.issuer.signingKeys.map((k) => [k.alg, k.status]).sort()).toEqual([
      ['ES256', 'NEXT'],
      ['ES256', 'PREVIOUS'],
      ['RS256', 'NEXT'],
      ['RS256', 'PREVIOUS'],
    ]);

    clock.offsetMs += (PUBLISH_AHEAD_SECONDS + 1) * 1000;
    const after = await loginThere(rp);
    const header = decodeProtectedHeader(after.id_token!);
    expect(header.alg).toBe('RS256');
    expect(header.kid).not.toBe(oldKid);
    expect(decodeProtectedHeader(after.access_token).kid).toBe(rotated.kid);
    // every kid was in the JWKS fetched before it signed anything
    expect(ahead.map((k) => k.kid)).toContain(header.kid);
    // both verify against the published keys: the retired RS256 key stays until its window ends
    const jwks = jwksOf(algIssuerUrl);
    await jwtVerify(before.id_token!, jwks, { issuer: algIssuerUrl, audience: rp.id, algorithms: ['RS256'], currentDate: clock.now() });
    await jwtVerify(after.id_token!, jwks, { issuer: algIssuerUrl, audience: rp.id, algorithms: ['RS256'], currentDate: clock.now() });
    const keys = await publishedKeys(algIssuerUrl);
    expect(keys.map((k) => k.kid).sort()).toEqual([rotated.kid, header.kid, oldKid, oldAccessKid].sort());
    const listed = await server.gql.request<{ issuer: { signingKeys: Obj[] } }, Obj>(IssuerKeys, { id: algIssuerId });
    expect(listed.issuer.signingKeys.map((k) => [k.alg, k.status]).sort()).toEqual([
      ['ES256', 'CURRENT'],
      ['ES256', 'PREVIOUS'],
      ['RS256', 'CURRENT'],
      ['RS256', 'PREVIOUS'],
    ]);
  });

  it('looks keys up by alg: a new signingAlg gets a key of its own, the old alg keeps its key, concurrent first uses make one key', async () => {
    const issuer = await createIssuer();
    const store = server.app.services.signingKeys;
    const es = await store.currentSigner(issuer, 'ES256');
    expect(es.alg).toBe('ES256');
    await mutate(UpdateIssuer, 'updateIssuer', { id: issuer, signingAlg: 'EdDSA' });
    const ed = await store.currentSigner(issuer, 'EdDSA');
    expect([ed.alg, ed.kid === es.kid]).toEqual(['EdDSA', false]);
    expect((await store.currentSigner(issuer, 'ES256')).kid).toBe(es.kid);
    const rs = await Promise.all(Array.from({ length: 5 }, () => store.currentSigner(issuer, 'RS256')));
    expect(new Set(rs.map((r) => r.kid)).size).toBe(1);
    expect(rs[0]!.alg).toBe('RS256');
    expect((await store.jwks(issuer)).keys.map((k) => k.alg).sort()).toEqual(['ES256', 'EdDSA', 'RS256']);
    await expect(store.currentSigner(issuer, 'HS256')).rejects.toThrow(/not a signing alg/);
  });

  it('refuses an alg it cannot sign with, and the setting on a client that gets no ID tokens', async () => {
    const account = (await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: algIssuerId } })).accountId;
    const viewer = {
      kind: 'account_api_key' as const,
      credentialId: server.keyId,
      accountId: account,
      restrictions: UNRESTRICTED,
      systemIssuerId: null,
    };
    for (const alg of ['HS256', 'none', 'PS256', 'rs256', '']) {
      const attempt = server.app.services.clients.create(viewer, {
        issuerId: algIssuerId,
        name: 'bad alg',
        redirectUris: [REDIRECT],
        idTokenSignedResponseAlg: alg,
      });
      await expect(attempt, alg).rejects.toBeInstanceOf(ValidationError);
      await expect(attempt).rejects.toMatchObject({ fields: [{ path: 'idTokenSignedResponseAlg' }] });
    }
    const m2m = await server.gql.request<{ createClient: Obj }, Obj>(CreateClient, {
      input: { issuerId: algIssuerId, name: 'm2m', type: 'M2M', scopes: ['invoices:read'], idTokenSignedResponseAlg: 'RS256' },
    });
    expect(m2m.createClient).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    // GraphQL itself refuses a value outside the SigningAlg enum
    await expect(
      server.gql.request(CreateClient, {
        input: { issuerId: algIssuerId, name: 'x', redirectUris: [REDIRECT], idTokenSignedResponseAlg: 'HS256' },
      }),
    ).rejects.toThrow();
  });
});

describe('refresh_token rotation', () => {
  it('RR-01: rotates on every use; the new ID token keeps sid and auth_time and has no nonce', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    const r1 = await refresh(web, first.refresh_token!);
    expect(r1.status, JSON.stringify(r1.json)).toBe(200);
    expect(r1.headers.get('cache-control')).toBe('no-store');
    expect(r1.headers.get('pragma')).toBe('no-cache');
    const r2 = await refresh(web, r1.json.refresh_token as string);
    expect(r2.status).toBe(200);
    const rts = [first.refresh_token, r1.json.refresh_token, r2.json.refresh_token];
    expect(new Set(rts).size).toBe(3);
    const id = decodeJwt(r2.json.id_token as string);
    expect(id).toMatchObject({ sub: userId, sid: first.session.id, auth_time: Math.floor(first.session.authTime.getTime() / 1000) });
    expect(id).not.toHaveProperty('nonce');
    expect(r2.json).toMatchObject({ token_type: 'Bearer', expires_in: 900, scope: 'openid profile email' });
  });

  it('works for every refresh token, including those whose base64url secret contains _ or -', async () => {
    const userId = await createUser();
    let rt = (await login(web, userId)).refresh_token!;
    const secretOf = (token: string) => token.slice('agr_'.length + 27);
    const seen = new Set<string>();
    // about half of all secrets hold a `_`: rotate until both kinds were used (or give up after 40)
    for (let i = 0; i < 40 && seen.size < 2; i++) {
      seen.add(secretOf(rt).includes('_') ? 'underscore' : 'plain');
      const answer = await refresh(web, rt);
      expect([secretOf(rt), answer.status]).toEqual([secretOf(rt), 200]);
      rt = answer.json.refresh_token as string;
    }
    expect(seen).toEqual(new Set(['underscore', 'plain']));
  });

  it('RR-02: replaying a rotated token kills the session: invalid_grant, the successor dies, one session.compromised', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    const r1 = await refresh(web, first.refresh_token!);
    const replay = await refresh(web, first.refresh_token!);
    expect([replay.status, replay.json]).toEqual([400, { error: 'invalid_grant', error_description: INVALID_GRANT_RT }]);
    expect((await refresh(web, r1.json.refresh_token as string)).json.error).toBe('invalid_grant');
    expect((await refresh(web, first.refresh_token!)).json.error).toBe('invalid_grant');
    expect(await introspect(r1.json.access_token as string)).toEqual({ active: false });
    expect((await sessionRow(first.session.id)).status).toBe('compromised');
    const events = await eventsOf('session.compromised', first.session.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ sessionId: first.session.id, userId });
  });

  it('RR-03: ten concurrent refreshes with one token give exactly one 200', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    const answers = await Promise.all(Array.from({ length: 10 }, () => refresh(web, first.refresh_token!)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status === 400 && a.json.error === 'invalid_grant')).toHaveLength(9);
    // strict policy: the losers presented a rotated token, so the session is over
    expect((await sessionRow(first.session.id)).status).toBe('compromised');
    expect(await eventsOf('session.compromised', first.session.id)).toHaveLength(1);
  });

  it('RR-05: another client cannot use the token, and the owner still can', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    const other = await createClient();
    expect((await refresh(other, first.refresh_token!)).json).toEqual({ error: 'invalid_grant', error_description: INVALID_GRANT_RT });
    expect((await refresh(web, first.refresh_token!)).status).toBe(200);
  });

  it('RR-06: a refresh token of another issuer is invalid_grant there', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    const otherIssuer = await createIssuer();
    const otherUrl = `${server.app.publicUrl()}/${otherIssuer}`;
    const client = await createClient({}, otherIssuer);
    expect((await refresh(client, first.refresh_token!, {}, otherUrl)).json.error).toBe('invalid_grant');
    expect((await refresh(web, first.refresh_token!)).status).toBe(200);
  });

  it('RR-13: scope narrows but never widens', async () => {
    const userId = await createUser();
    const first = await login(web, userId, { scope: 'openid profile' });
    const wider = await refresh(web, first.refresh_token!, { scope: 'openid profile email' });
    expect([wider.status, wider.json.error]).toEqual([400, 'invalid_scope']);
    const narrower = await refresh(web, first.refresh_token!, { scope: 'openid' });
    expect(narrower.status).toBe(200);
    expect(narrower.json.scope).toBe('openid');
    // the grant itself is unchanged
    const full = await refresh(web, narrower.json.refresh_token as string);
    expect(full.json.scope).toBe('openid profile');
  });

  it('RR-09: suspending the user ends the session: refresh, introspection and userinfo stop at once', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    await mutate(UpdateUser, 'updateUser', { id: userId, status: 'SUSPENDED' });
    expect((await refresh(web, first.refresh_token!)).json.error).toBe('invalid_grant');
    expect(await introspect(first.access_token)).toEqual({ active: false });
    expect((await userinfo(first.access_token)).status).toBe(401);
  });

  it('RR-15: agents get no refresh token and may not use the refresh_token grant', async () => {
    const agent = await mutate(CreateAgent, 'createAgent', { issuerId, name: 'Helper', scopes: ['tickets:read'] });
    const agentId = (agent.agent as Obj).id as string;
    const v = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId, type: 'SECRET' });
    const asAgent = { id: agentId, secret: v.secret as string };
    const cc = await post('/token', { grant_type: 'client_credentials' }, asAgent);
    expect(cc.status).toBe(200);
    expect(cc.json).not.toHaveProperty('refresh_token');
    const userId = await createUser();
    const first = await login(web, userId);
    for (const token of [first.refresh_token!, 'agr_anything']) {
      const answer = await refresh(asAgent, token);
      expect([answer.status, answer.json.error]).toEqual([400, 'unauthorized_client']);
    }
    const m2m = await createClient({ type: 'M2M', redirectUris: [], scopes: ['invoices:read'] });
    expect((await refresh(m2m, first.refresh_token!)).json.error).toBe('unauthorized_client');
    expect((await refresh(web, first.refresh_token!)).status).toBe(200);
  });
});

describe('session timeouts (issuer policy, moved clock)', () => {
  let policyIssuerUrl: string;
  let policyIssuerId: string;
  let client: TestClient;

  beforeAll(async () => {
    policyIssuerId = await createIssuer();
    policyIssuerUrl = `${server.app.publicUrl()}/${policyIssuerId}`;
    await mutate(UpdateIssuer, 'updateIssuer', { id: policyIssuerId, sessionIdleTimeoutSeconds: 300, sessionAbsoluteLifetimeSeconds: 600 });
    client = await createClient({}, policyIssuerId);
  });

  async function redeemThere(code: string, verifier: string) {
    return post(
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      client,
      policyIssuerUrl,
    );
  }

  it('RR-08: a session idle past the idle timeout is over', async () => {
    const userId = await createUser({}, policyIssuerId);
    const session = await signIn(userId, policyIssuerId);
    const { code, verifier } = await codeFor(session, client);
    const tokens = (await redeemThere(code, verifier!)).json;
    clock.offsetMs += 200_000;
    const r1 = await refresh(client, tokens.refresh_token as string, {}, policyIssuerUrl);
    expect(r1.status).toBe(200);
    clock.offsetMs += 301_000;
    const r2 = await refresh(client, r1.json.refresh_token as string, {}, policyIssuerUrl);
    expect([r2.status, r2.json.error]).toEqual([400, 'invalid_grant']);
    expect((await sessionRow(session.id)).status).toBe('expired');
  });

  it('RR-07: a session older than the absolute lifetime is over, however active', async () => {
    const userId = await createUser({}, policyIssuerId);
    const session = await signIn(userId, policyIssuerId);
    const { code, verifier } = await codeFor(session, client);
    let rt = (await redeemThere(code, verifier!)).json.refresh_token as string;
    for (let i = 0; i < 2; i++) {
      clock.offsetMs += 250_000;
      const r = await refresh(client, rt, {}, policyIssuerUrl);
      expect(r.status).toBe(200);
      rt = r.json.refresh_token as string;
    }
    clock.offsetMs += 250_000;
    expect((await refresh(client, rt, {}, policyIssuerUrl)).json.error).toBe('invalid_grant');
    expect((await sessionRow(session.id)).status).toBe('expired');
  });
});

describe('revocation (RFC 7009)', () => {
  it('RR-10: revoking a refresh token ends the grant: the token, its access tokens at introspection and userinfo', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    const r1 = await refresh(web, first.refresh_token!);
    const revoked = await post('/revoke', { token: r1.json.refresh_token as string, token_type_hint: 'refresh_token' }, web);
    expect([revoked.status, revoked.headers.get('cache-control')]).toEqual([200, 'no-store']);
    expect((await refresh(web, r1.json.refresh_token as string)).json.error).toBe('invalid_grant');
    expect(await introspect(r1.json.access_token as string)).toEqual({ active: false });
    expect((await userinfo(r1.json.access_token as string)).status).toBe(401);
    expect((await sessionRow(first.session.id)).status).toBe('revoked');
    // revoking again, or a rotated token, is still 200
    expect((await post('/revoke', { token: r1.json.refresh_token as string }, web)).status).toBe(200);
  });

  it('RR-11: garbage and unknown tokens are 200', async () => {
    for (const token of [
      'doesnotexist',
      'agr_00000000000000000000000000_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      'eyJhbGciOiJub25lIn0.e30.',
    ]) {
      expect((await post('/revoke', { token }, web)).status).toBe(200);
    }
  });

  it('RR-12: another client’s refresh token is refused and stays valid; a public client revokes its own', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    const other = await createClient();
    const refused = await post('/revoke', { token: first.refresh_token! }, other);
    expect([refused.status, refused.json]).toEqual([
      400,
      { error: 'unauthorized_client', error_description: 'the token was issued to another client' },
    ]);
    expect((await refresh(web, first.refresh_token!)).status).toBe(200);

    const spa = await createClient({ confidential: false, applicationType: 'SPA' });
    const own = await login(spa, userId);
    expect((await post('/revoke', { token: own.refresh_token! }, spa)).status).toBe(200);
    expect((await refresh(spa, own.refresh_token!)).json.error).toBe('invalid_grant');
  });
});

describe('introspection (RFC 7662)', () => {
  it('RR-16: live tokens are active with their claims; rotated, foreign and killed ones are exactly inactive', async () => {
    const userId = await createUser();
    const first = await login(web, userId);
    const r1 = await refresh(web, first.refresh_token!);
    const rt2 = r1.json.refresh_token as string;
    expect(await introspect(first.refresh_token!)).toEqual({ active: false });
    expect(await introspect(rt2)).toMatchObject({
      active: true,
      token_type: 'refresh_token',
      client_id: web.id,
      sub: userId,
      sid: first.session.id,
      scope: 'openid profile email',
      exp: expect.any(Number),
    });
    expect(await introspect(r1.json.access_token as string)).toMatchObject({
      active: true,
      sub: userId,
      client_id: web.id,
      sid: first.session.id,
      scope: 'openid profile email',
    });
    // another client learns nothing about this client's refresh token
    expect(await introspect(rt2, await createClient())).toEqual({ active: false });
    await server.app.services.sessions.signOut(first.session.id);
    expect(await introspect(rt2)).toEqual({ active: false });
    expect(await introspect(r1.json.access_token as string)).toEqual({ active: false });
    expect(await introspect(first.access_token)).toEqual({ active: false });
  });
});

describe('organization context', () => {
  it('one organization is selected at sign-in; several mean none until one is chosen at refresh', async () => {
    const org1 = await createOrganization();
    const org2 = await createOrganization();
    const userId = await createUser();
    await addMember(org1, userId, ['invoices:read', 'invoices:write']);
    const one = await login(web, userId);
    expect(await verifyAccessToken(one.access_token)).toMatchObject({
      org_id: org1,
      scope: 'openid profile email invoices:read invoices:write',
    });
    expect(decodeJwt(one.id_token!).org_id).toBe(org1);
    expect(one.scope).toBe('openid profile email invoices:read invoices:write');

    await addMember(org2, userId, ['reports:read']);
    const two = await login(web, userId);
    const plain = await verifyAccessToken(two.access_token);
    expect(plain).not.toHaveProperty('org_id');
    expect(plain.scope).toBe('openid profile email');

    const switched = await refresh(web, two.refresh_token!, { organization_id: org2 });
    expect(switched.status).toBe(200);
    expect(await verifyAccessToken(switched.json.access_token as string)).toMatchObject({
      org_id: org2,
      scope: 'openid profile email reports:read',
    });
    // the session stays there on the next refresh
    const next = await refresh(web, switched.json.refresh_token as string);
    expect((await verifyAccessToken(next.json.access_token as string)).org_id).toBe(org2);
    // narrowing to one org scope (the grant named none, so it covers what is held there)
    const narrowed = await refresh(web, next.json.refresh_token as string, { scope: 'openid reports:read' });
    expect(narrowed.json.scope).toBe('openid reports:read');
    const beyond = await refresh(web, narrowed.json.refresh_token as string, { scope: 'openid invoices:read' });
    expect(beyond.json.error).toBe('invalid_scope');

    const stranger = await createOrganization();
    const refused = await refresh(web, narrowed.json.refresh_token as string, { organization_id: stranger });
    expect([refused.status, refused.json]).toEqual([
      400,
      {
        error: 'invalid_request',
        error_description: 'the user is not an active member of an active organization with that organization_id',
      },
    ]);
    expect((await refresh(web, narrowed.json.refresh_token as string, { organization_id: 'not-an-org' })).json.error).toBe(
      'invalid_request',
    );
    // a refused switch spent nothing: the token still works
    expect((await refresh(web, narrowed.json.refresh_token as string)).status).toBe(200);
  });

  it('a grant that named resource scopes carries only those the user holds', async () => {
    const org = await createOrganization();
    const userId = await createUser();
    await addMember(org, userId, ['invoices:read', 'invoices:write']);
    const tokens = await login(web, userId, { scope: 'openid invoices:read reports:read' });
    expect(tokens.scope).toBe('openid invoices:read');
  });

  it('a suspended organization drops the org claims at the next refresh; membership scope changes show at refresh and at once at userinfo', async () => {
    const org = await createOrganization();
    const userId = await createUser();
    const membershipId = await addMember(org, userId, ['invoices:read']);
    const first = await login(web, userId);
    expect(await userinfo(first.access_token)).toMatchObject({
      status: 200,
      json: { sub: userId, org_id: org, org_scopes: ['invoices:read'] },
    });

    await mutate(UpdateMembership, 'updateMembership', { id: membershipId, scopes: ['invoices:read', 'invoices:approve'] });
    expect((await userinfo(first.access_token)).json.org_scopes).toEqual(['invoices:read', 'invoices:approve']);
    const r1 = await refresh(web, first.refresh_token!);
    expect((await verifyAccessToken(r1.json.access_token as string)).scope).toBe('openid profile email invoices:read invoices:approve');

    await mutate(SuspendOrganization, 'suspendOrganization', { id: org });
    const info = await userinfo(r1.json.access_token as string);
    expect(info.status).toBe(200);
    expect(info.json).not.toHaveProperty('org_id');
    expect(info.json).not.toHaveProperty('org_scopes');
    const r2 = await refresh(web, r1.json.refresh_token as string);
    const after = await verifyAccessToken(r2.json.access_token as string);
    expect(after).not.toHaveProperty('org_id');
    expect(after.scope).toBe('openid profile email');
    expect(decodeJwt(r2.json.id_token as string)).not.toHaveProperty('org_id');
  });
});

describe('userinfo', () => {
  it('answers 401 invalid_token for no, bad, foreign or non-user tokens; accepts the form parameter on POST', async () => {
    const none = await fetch(`${issuerUrl}/userinfo`);
    expect(none.status).toBe(401);
    // RFC 6750 §3.1: no credentials, so the challenge names no error
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="authgraph"');
    expect(none.headers.get('cache-control')).toBe('no-store');
    expect((await userinfo('not.a.jwt')).json.error).toBe('invalid_token');

    const m2m = await createClient({ type: 'M2M', redirectUris: [], scopes: ['invoices:read'] });
    const cc = await post('/token', { grant_type: 'client_credentials' }, m2m);
    expect((await userinfo(cc.json.access_token as string)).status).toBe(401);

    const userId = await createUser();
    const tokens = await login(web, userId);
    const otherIssuer = await createIssuer();
    expect((await userinfo(tokens.access_token, `${server.app.publicUrl()}/${otherIssuer}`)).status).toBe(401);

    const form = await fetch(`${issuerUrl}/userinfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: tokens.access_token }),
    });
    expect(form.status).toBe(200);
    expect(((await form.json()) as Obj).sub).toBe(userId);
    const both = await fetch(`${issuerUrl}/userinfo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${tokens.access_token}` },
      body: new URLSearchParams({ access_token: tokens.access_token }),
    });
    expect(both.status).toBe(400);
    // a token minted for another resource (one the authorization named) is not for userinfo
    const apiTokens = await login(web, userId, { resources: ['https://api.example.com/'] });
    const forApi = await refresh(web, apiTokens.refresh_token!, { resource: 'https://api.example.com/' });
    expect((await verifyAccessToken(forApi.json.access_token as string)).aud).toBe('https://api.example.com/');
    expect((await userinfo(forApi.json.access_token as string)).status).toBe(401);
  });
});
