/**
 * Issue 11: every stock client works. Each failing input of the issue is a named test here (named
 * after the input), with its siblings (other endpoints, spellings, credential kinds); plus
 * `updateClient` and the discovery document checked field by field against behaviour. The
 * independent RP libraries and the browser run in ./interop.test.ts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import { SignJWT, decodeProtectedHeader, exportJWK, generateKeyPair, type JWK } from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer } from './helpers/fixtures.js';
import { PASSWORD, pkcePair, signInAt } from './helpers/hosted.js';
import { PUBLISH_AHEAD_SECONDS } from '../src/domain/signing-keys.js';
import { migrate, readMigrations } from '../src/data/migrate.js';
import { matchesRegisteredUri, redirectUriProblem } from '../src/domain/client-uris.js';
import { normalizeUsername } from '../src/domain/usernames.js';
import type { Clock } from '../src/lib/clock.js';
import { UNRESTRICTED } from '../src/domain/viewer.js';

type Obj = Record<string, unknown>;

const CreateClient = `
  mutation ScCreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      __typename
      ... on CreateClientPayload { secret client { id allowedOrigins redirectUris } }
      ... on ValidationError { code fields { path message } }
      ... on Error { code message }
    }
  }`;
const UpdateClient = `
  mutation ScUpdateClient($input: UpdateClientInput!) {
    updateClient(input: $input) {
      __typename
      ... on UpdateClientPayload { changed client { id name redirectUris postLogoutRedirectUris allowedOrigins scopes grantTypes accessTokenTtlSeconds idTokenSignedResponseAlg } }
      ... on ValidationError { code fields { path message } }
      ... on Error { code message }
    }
  }`;
const CreateUser = `
  mutation ScCreateUser($input: CreateUserInput!) {
    createUser(input: $input) { __typename ... on CreateUserPayload { user { id username } } ... on Error { code message } }
  }`;
const SetPassword = `
  mutation ScSetPassword($input: SetUserPasswordInput!) {
    setUserPassword(input: $input) { __typename ... on Error { code message } }
  }`;
const Events = `
  query ScEvents($filter: EventFilter) {
    events(first: 50, filter: $filter) { edges { node { type subject data } } }
  }`;

const SPA_ORIGIN = 'http://localhost:5173';
const RP = 'https://rp.example.com';

/** The server's clock: real time plus an offset (moved by the key test, put back after each test). */
const clock: Clock & { offsetMs: number } = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let counter = 0;

async function mutate(doc: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, unknown>(doc, { input });
  return Object.values(data)[0]!;
}

interface TestClient {
  id: string;
  secret: string | null;
  allowedOrigins: string[];
}

async function createClient(input: Obj, issuer = issuerId): Promise<TestClient> {
  const r = await mutate(CreateClient, { issuerId: issuer, name: `client ${counter++}`, ...input });
  expect(r.__typename, JSON.stringify(r)).toBe('CreateClientPayload');
  const client = r.client as { id: string; allowedOrigins: string[] };
  return { id: client.id, secret: r.secret as string | null, allowedOrigins: client.allowedOrigins };
}

async function userWithPassword(
  username = `u${counter++}-${Date.now().toString(36)}@example.com`,
  usernameType = 'EMAIL',
  issuer = issuerId,
) {
  const r = await mutate(CreateUser, { issuerId: issuer, username, usernameType });
  expect(r.__typename, JSON.stringify(r)).toBe('CreateUserPayload');
  const user = r.user as { id: string; username: string };
  expect((await mutate(SetPassword, { userId: user.id, password: PASSWORD })).__typename).toBe('SetUserPasswordPayload');
  return user;
}

const authorizeUrl = (params: Record<string, string>, issuer = issuerUrl) => `${issuer}/authorize?${new URLSearchParams(params)}`;

/** A code for a public client through the hosted page, and its PKCE verifier. */
async function codeFor(client: TestClient, redirectUri: string, username: string, extra: Record<string, string> = {}) {
  const { verifier, challenge } = pkcePair();
  const done = await signInAt(
    authorizeUrl({
      client_id: client.id,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid profile',
      code_challenge: challenge,
      code_challenge_method: 'S256',
      state: 's1',
      ...extra,
    }),
    username,
  );
  expect(done.status, done.body.slice(0, 300)).toBe(303);
  const location = new URL(done.location!);
  return { code: location.searchParams.get('code')!, verifier, location };
}

async function form(path: string, params: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await fetch(`${issuerUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(params),
  });
  const text = await res.text();
  return { res, status: res.status, json: (text ? JSON.parse(text) : null) as Obj | null };
}

const basicOf = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

beforeAll(async () => {
  server = await startServer({}, { clock });
  issuerId = (await createIssuer(server.gql)).id;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
});
afterAll(async () => {
  await server?.stop();
});
afterEach(() => {
  clock.offsetMs = 0;
  server.faults.failEventWrite = null;
});

describe('1. No CORS', () => {
  let spa: TestClient;
  let user: { id: string; username: string };
  beforeAll(async () => {
    spa = await createClient({ confidential: false, applicationType: 'SPA', redirectUris: [`${SPA_ORIGIN}/callback`], scopes: [] });
    user = await userWithPassword();
  });

  it('a page on http://localhost:5173 calling discovery, /jwks or /token: discovery and JWKS answer any origin, the token endpoint its SPA client’s origin, with 204 preflights', async () => {
    // the SPA's origin is its default allowed origin
    expect(spa.allowedOrigins).toEqual([SPA_ORIGIN]);
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server', '/jwks']) {
      for (const origin of [SPA_ORIGIN, 'https://anyone.example']) {
        const res = await fetch(`${issuerUrl}${path}`, { headers: { origin } });
        expect([path, res.status, res.headers.get('access-control-allow-origin')]).toEqual([path, 200, '*']);
      }
      const pre = await fetch(`${issuerUrl}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://anyone.example', 'access-control-request-method': 'GET' },
      });
      expect([pre.status, pre.headers.get('access-control-allow-origin'), pre.headers.get('access-control-allow-methods')]).toEqual([
        204,
        '*',
        'GET',
      ]);
    }

    // OPTIONS /token used to answer 405
    const pre = await fetch(`${issuerUrl}/token`, {
      method: 'OPTIONS',
      headers: { origin: SPA_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, dpop' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(pre.headers.get('access-control-allow-methods')).toBe('POST');
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-type');
    expect(pre.headers.get('access-control-allow-headers')).toContain('dpop');
    expect(pre.headers.get('vary')).toContain('Origin');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    // an origin no client registered gets no permission
    const stranger = await fetch(`${issuerUrl}/token`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect([stranger.status, stranger.headers.get('access-control-allow-origin')]).toEqual([204, null]);

    const { code, verifier } = await codeFor(spa, `${SPA_ORIGIN}/callback`, user.username);
    const tokens = await form(
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: `${SPA_ORIGIN}/callback`, code_verifier: verifier, client_id: spa.id },
      { origin: SPA_ORIGIN },
    );
    expect(tokens.status, JSON.stringify(tokens.json)).toBe(200);
    expect(tokens.res.headers.get('access-control-allow-origin')).toBe(SPA_ORIGIN);
    expect(tokens.res.headers.get('access-control-expose-headers')).toContain('www-authenticate');
    // another origin cannot read the SPA's answers
    const foreign = await form(
      '/token',
      { grant_type: 'refresh_token', refresh_token: tokens.json!.refresh_token as string, client_id: spa.id },
      { origin: 'https://evil.example' },
    );
    expect([foreign.status, foreign.res.headers.get('access-control-allow-origin')]).toEqual([200, null]);

    // userinfo (GET and POST), revocation: the token's client decides
    const access = tokens.json!.access_token as string;
    for (const method of ['GET', 'POST']) {
      const info = await fetch(`${issuerUrl}/userinfo`, { method, headers: { authorization: `Bearer ${access}`, origin: SPA_ORIGIN } });
      expect([method, info.status, info.headers.get('access-control-allow-origin')]).toEqual([method, 200, SPA_ORIGIN]);
      const other = await fetch(`${issuerUrl}/userinfo`, {
        method,
        headers: { authorization: `Bearer ${access}`, origin: 'https://evil.example' },
      });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    }
    const infoPre = await fetch(`${issuerUrl}/userinfo`, {
      method: 'OPTIONS',
      headers: { origin: SPA_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect([
      infoPre.status,
      infoPre.headers.get('access-control-allow-origin'),
      infoPre.headers.get('access-control-allow-methods'),
    ]).toEqual([204, SPA_ORIGIN, 'GET, POST']);
    const revoked = await form('/revoke', { token: foreign.json!.refresh_token as string, client_id: spa.id }, { origin: SPA_ORIGIN });
    expect([revoked.status, revoked.res.headers.get('access-control-allow-origin')]).toEqual([200, SPA_ORIGIN]);
    // the error of a refused request is readable too (same client, same origin)
    const again = await form(
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: `${SPA_ORIGIN}/callback`, code_verifier: verifier, client_id: spa.id },
      { origin: SPA_ORIGIN },
    );
    expect([again.status, again.json?.error, again.res.headers.get('access-control-allow-origin')]).toEqual([
      400,
      'invalid_grant',
      SPA_ORIGIN,
    ]);
  });

  it('introspection answers the origins registered on the (confidential) client; a web client registers none by default', async () => {
    const web = await createClient({ redirectUris: [`${RP}/cb`], scopes: [] });
    expect(web.allowedOrigins).toEqual([]);
    const withOrigin = await createClient({ redirectUris: [`${RP}/cb`], allowedOrigins: ['https://console.example.com'], scopes: [] });
    expect(withOrigin.allowedOrigins).toEqual(['https://console.example.com']);
    const asked = await form(
      '/introspect',
      { token: 'x' },
      { authorization: basicOf(web.id, web.secret!), origin: 'https://console.example.com' },
    );
    expect([asked.status, asked.res.headers.get('access-control-allow-origin')]).toEqual([200, null]);
    const allowed = await form(
      '/introspect',
      { token: 'x' },
      { authorization: basicOf(withOrigin.id, withOrigin.secret!), origin: 'https://console.example.com' },
    );
    expect([allowed.status, allowed.res.headers.get('access-control-allow-origin')]).toEqual([200, 'https://console.example.com']);
    const pre = await fetch(`${issuerUrl}/introspect`, {
      method: 'OPTIONS',
      headers: { origin: 'https://console.example.com', 'access-control-request-method': 'POST' },
    });
    expect([pre.status, pre.headers.get('access-control-allow-origin')]).toEqual([204, 'https://console.example.com']);
  });

  it('/authorize and /end_session never answer CORS: no headers on navigations, and OPTIONS is not served', async () => {
    for (const path of ['/authorize', '/end_session']) {
      const pre = await fetch(`${issuerUrl}${path}`, {
        method: 'OPTIONS',
        headers: { origin: SPA_ORIGIN, 'access-control-request-method': 'GET' },
      });
      expect([path, pre.status, pre.headers.get('access-control-allow-origin')]).toEqual([path, 405, null]);
      const nav = await fetch(`${issuerUrl}${path}?client_id=${spa.id}`, { headers: { origin: SPA_ORIGIN }, redirect: 'manual' });
      expect(nav.headers.get('access-control-allow-origin')).toBeNull();
    }
  });
});

describe('2. Userinfo by POST', () => {
  it('POST /{issuer}/userinfo with only Authorization: Bearer … and no body is accepted; its errors carry WWW-Authenticate: Bearer', async () => {
    const spa = await createClient({ confidential: false, applicationType: 'SPA', redirectUris: [`${SPA_ORIGIN}/cb2`] });
    const user = await userWithPassword();
    const { code, verifier } = await codeFor(spa, `${SPA_ORIGIN}/cb2`, user.username);
    const tokens = await form('/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: `${SPA_ORIGIN}/cb2`,
      code_verifier: verifier,
      client_id: spa.id,
    });
    const access = tokens.json!.access_token as string;

    // no body and no content type at all (what oauth4webapi and openid-client send)
    const noBody = await fetch(`${issuerUrl}/userinfo`, { method: 'POST', headers: { authorization: `Bearer ${access}` } });
    expect(noBody.status).toBe(200);
    expect(((await noBody.json()) as Obj).sub).toBe(user.id);
    // an empty form body, and a content type with no body, are the same request
    for (const headers of [{ 'content-type': 'application/x-www-form-urlencoded' }, { 'content-type': 'application/json' }]) {
      const res = await fetch(`${issuerUrl}/userinfo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${access}`, ...headers },
        body: '',
      });
      expect(res.status).toBe(200);
    }

    // RFC 6750 §3: every error challenges with Bearer
    const bad = await fetch(`${issuerUrl}/userinfo`, { method: 'POST', headers: { authorization: 'Bearer not.a.jwt' } });
    expect([bad.status, bad.headers.get('www-authenticate')]).toEqual([
      401,
      expect.stringMatching(/^Bearer realm="authgraph", error="invalid_token"/),
    ]);
    const none = await fetch(`${issuerUrl}/userinfo`, { method: 'POST' });
    expect([none.status, none.headers.get('www-authenticate')]).toEqual([401, 'Bearer realm="authgraph"']);
    const twice = await fetch(`${issuerUrl}/userinfo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ access_token: access }),
    });
    expect([twice.status, ((await twice.json()) as Obj).error, twice.headers.get('www-authenticate')]).toEqual([
      400,
      'invalid_request',
      expect.stringMatching(/^Bearer realm="authgraph", error="invalid_request"/),
    ]);
    const json = await fetch(`${issuerUrl}/userinfo`, {
      method: 'POST',
      headers: { authorization: `Bearer ${access}`, 'content-type': 'application/json' },
      body: '{"a":1}',
    });
    expect([json.status, json.headers.get('www-authenticate')]).toEqual([
      400,
      expect.stringMatching(/^Bearer realm="authgraph", error="invalid_request"/),
    ]);
  });
});

describe('3. Wrong challenge', () => {
  it('with client_secret_post or no client credentials, the 401 from /token, /introspect and /revoke carries WWW-Authenticate: Basic realm=…', async () => {
    const web = await createClient({ redirectUris: [`${RP}/cb`] });
    const m2m = await createClient({ type: 'M2M', scopes: ['invoices:read'] });
    const attempts: [string, Record<string, string>, Record<string, string>][] = [];
    for (const path of ['/token', '/introspect', '/revoke']) {
      const base: Record<string, string> = path === '/token' ? { grant_type: 'client_credentials' } : { token: 'x' };
      attempts.push([path, { ...base, client_id: m2m.id, client_secret: 'wrong' }, {}]); // client_secret_post
      attempts.push([path, { ...base, client_id: 'c_01jdzzzzzzzzzzzzzzzzzzzzzz', client_secret: 'wrong' }, {}]); // unknown client
      attempts.push([path, { ...base }, {}]); // no credentials
      attempts.push([path, { ...base }, { authorization: basicOf(m2m.id, 'wrong') }]); // client_secret_basic
      attempts.push([
        path,
        {
          ...base,
          client_id: web.id,
          client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
          client_assertion: 'a.b.c',
        },
        {},
      ]); // private_key_jwt
    }
    attempts.push(['/introspect', { token: 'x', client_id: web.id }, {}]); // a public-style call to a confidential-only endpoint
    for (const [path, params, headers] of attempts) {
      const answer = await form(path, params, headers);
      const what = `${path} ${JSON.stringify(params)} ${JSON.stringify(headers)}`;
      expect(answer.status, what).toBe(401);
      expect(answer.json?.error, what).toBe('invalid_client');
      expect(answer.res.headers.get('www-authenticate'), what).toBe('Basic realm="authgraph", error="invalid_client"');
    }
  });
});

describe('4. A key published only when first used', () => {
  it('the RS256 key is in JWKS from the moment its client registers, so a JWKS cached before the first RS256 ID token verifies it', async () => {
    const issuer = (await createIssuer(server.gql)).id;
    const url = `${server.app.publicUrl()}/${issuer}`;
    const keysOf = async () => ((await (await fetch(`${url}/jwks`)).json()) as { keys: JWK[] }).keys;
    expect((await keysOf()).map((k) => k.alg)).toEqual(['ES256']);
    const rp = await createClient(
      { confidential: false, applicationType: 'SPA', redirectUris: [`${SPA_ORIGIN}/rs`], idTokenSignedResponseAlg: 'RS256' },
      issuer,
    );
    // a verifier caches the JWKS now, before any token
    const cached = await keysOf();
    expect(cached.map((k) => k.alg).sort()).toEqual(['ES256', 'RS256']);

    const user = await userWithPassword(undefined, 'EMAIL', issuer);
    const { verifier, challenge } = pkcePair();
    const done = await signInAt(
      authorizeUrl(
        {
          client_id: rp.id,
          redirect_uri: `${SPA_ORIGIN}/rs`,
          response_type: 'code',
          scope: 'openid',
          code_challenge: challenge,
          code_challenge_method: 'S256',
        },
        url,
      ),
      user.username,
    );
    const code = new URL(done.location!).searchParams.get('code')!;
    const res = await fetch(`${url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: `${SPA_ORIGIN}/rs`,
        code_verifier: verifier,
        client_id: rp.id,
      }),
    });
    const tokens = (await res.json()) as { id_token: string; access_token: string };
    const idHeader = decodeProtectedHeader(tokens.id_token);
    expect(idHeader.alg).toBe('RS256');
    expect(cached.map((k) => k.kid)).toContain(idHeader.kid);
    expect(cached.map((k) => k.kid)).toContain(decodeProtectedHeader(tokens.access_token).kid);

    // the same for updateClient to another alg, and updateIssuer to another signingAlg: published before they answer
    const changed = await mutate(UpdateClient, { id: rp.id, idTokenSignedResponseAlg: 'EdDSA' });
    expect(changed.__typename, JSON.stringify(changed)).toBe('UpdateClientPayload');
    expect((await keysOf()).map((k) => k.alg).sort()).toEqual(['ES256', 'EdDSA', 'RS256']);
  });

  it('a rotation publishes the next key at least one JWKS cache lifetime before it signs', async () => {
    const issuer = (await createIssuer(server.gql)).id;
    const url = `${server.app.publicUrl()}/${issuer}`;
    const m2m = await createClient({ type: 'M2M', scopes: ['invoices:read'] }, issuer);
    const grant = async () => {
      const res = await fetch(`${url}/token`, {
        method: 'POST',
        headers: { authorization: basicOf(m2m.id, m2m.secret!), 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      return decodeProtectedHeader(((await res.json()) as { access_token: string }).access_token).kid;
    };
    const jwksResponse = await fetch(`${url}/jwks`);
    const maxAge = Number(/max-age=(\d+)/.exec(jwksResponse.headers.get('cache-control') ?? '')?.[1]);
    expect(maxAge).toBeGreaterThan(0);
    expect(PUBLISH_AHEAD_SECONDS).toBeGreaterThanOrEqual(maxAge);
    const oldKid = await grant();
    const rotated = await server.app.services.signingKeyRotation.rotate(
      {
        kind: 'account_api_key',
        credentialId: server.keyId,
        accountId: (await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: issuer } })).accountId,
        restrictions: UNRESTRICTED,
        systemIssuerId: null,
      },
      { issuerId: issuer },
    );
    const published = ((await (await fetch(`${url}/jwks`)).json()) as { keys: JWK[] }).keys.map((k) => k.kid);
    expect(published).toEqual([rotated.current.id, oldKid]);
    clock.offsetMs = (maxAge - 1) * 1000;
    expect(await grant()).toBe(oldKid);
    clock.offsetMs = (PUBLISH_AHEAD_SECONDS + 1) * 1000;
    expect(await grant()).toBe(rotated.current.id);
  });
});

describe('5. Loopback redirects with a run-time port', () => {
  let native: TestClient;
  let user: { id: string; username: string };
  beforeAll(async () => {
    native = await createClient({
      confidential: false,
      applicationType: 'NATIVE',
      redirectUris: ['http://127.0.0.1/callback', 'http://[::1]/callback', 'http://localhost/callback', 'com.example.app:/oauth2redirect'],
    });
    user = await userWithPassword();
  });

  it('a native public client registered with http://127.0.0.1/callback signs in at redirect_uri=http://127.0.0.1:51004/callback, and the same for [::1]', async () => {
    for (const redirectUri of [
      'http://127.0.0.1:51004/callback',
      'http://[::1]:51004/callback',
      'http://127.0.0.1/callback',
      'com.example.app:/oauth2redirect',
    ]) {
      const { code, verifier, location } = await codeFor(native, redirectUri, user.username);
      // the code goes to the URI the app asked for, port included
      expect(location.toString().startsWith(`${redirectUri}?`)).toBe(true);
      // the token request names the redirect_uri the code was issued to, port included
      const tokens = await form('/token', {
        grant_type: 'authorization_code',
        code,
        redirect_uri: redirectUri,
        code_verifier: verifier,
        client_id: native.id,
      });
      expect(tokens.status, `${redirectUri} ${JSON.stringify(tokens.json)}`).toBe(200);
    }
  });

  it('everything else matches exactly: localhost with a port, another path, https, a trailing slash, another scheme are the error page', async () => {
    for (const redirectUri of [
      'http://localhost:51004/callback',
      'http://127.0.0.1:51004/callback/',
      'http://127.0.0.1:51004/other',
      'https://127.0.0.1:51004/callback',
      'http://127.0.0.2:51004/callback',
      'http://127.0.0.1:51004/callback?x=1',
      'http://127.0.0.1:99999/callback',
    ]) {
      const page = await fetch(
        authorizeUrl({
          client_id: native.id,
          redirect_uri: redirectUri,
          response_type: 'code',
          code_challenge: pkcePair().challenge,
          code_challenge_method: 'S256',
        }),
        { redirect: 'manual' },
      );
      expect([redirectUri, page.status, page.headers.get('content-type')]).toEqual([redirectUri, 400, 'text/html; charset=utf-8']);
    }
    expect(matchesRegisteredUri(['http://127.0.0.1:8080/cb'], 'http://127.0.0.1:9090/cb')).toBe(true);
    expect(matchesRegisteredUri(['https://rp.example.com/cb'], 'https://rp.example.com:444/cb')).toBe(false);
  });
});

describe('6. Fragments in redirect URIs', () => {
  const refusedRedirects = [
    'https://rp.example.com/cb#',
    'https://rp.example.com/cb#frag',
    'https://*.example.com/cb',
    'https://rp.example.com/*',
    'https://user@rp.example.com/cb',
    'https://user:pw@rp.example.com/cb',
    'http://rp.example.com/cb',
    'http://10.0.0.5/cb',
    'javascript:alert(1)',
    'data:text/html,hi',
    'file:///etc/passwd',
    '/relative/cb',
    'rp.example.com/cb',
    'https://rp.example.com/c b',
    'https://rp.example.com\\@evil.example/cb',
    'https://rp.example.com/%zz',
    'https://rp.éxample.com/cb',
    'https:///cb',
    'com.example.app:/cb',
    '',
  ];

  it('createClient refuses https://rp.example.com/cb# and every other malformed or unsafe URI, for redirect and post-logout URIs alike', async () => {
    for (const uri of refusedRedirects) {
      for (const field of ['redirectUris', 'postLogoutRedirectUris']) {
        const r = await mutate(CreateClient, {
          issuerId,
          name: 'bad',
          redirectUris: field === 'redirectUris' ? [uri] : [`${RP}/cb`],
          [field]: [uri],
        });
        expect([uri, field, r.__typename, r.code], JSON.stringify(r)).toEqual([uri, field, 'ValidationError', 'VALIDATION_FAILED']);
        expect(
          (r.fields as { path: string }[]).map((f) => f.path),
          uri,
        ).toContain(`${field}.0`);
      }
    }
    // the private-use scheme is refused above because the client is a web client; a native app may use it
    expect(redirectUriProblem('com.example.app:/cb', 'native')).toBeNull();
    for (const ok of [
      'https://rp.example.com/cb',
      'https://rp.example.com/cb?tenant=a',
      'http://127.0.0.1/cb',
      'http://[::1]:8080/cb',
      'http://localhost:5173/',
    ])
      expect([ok, redirectUriProblem(ok, 'web')]).toEqual([ok, null]);
    // nothing was created
    expect(await server.app.db.prisma.client.count({ where: { issuerId, name: 'bad' } })).toBe(0);
  });

  it('allowed origins go through the same strictness: bare https origins only', async () => {
    for (const origin of [
      'https://a.example.com/',
      'https://a.example.com/path',
      '*',
      'https://*.example.com',
      'http://a.example.com',
      'null',
      'a.example.com',
    ]) {
      const r = await mutate(CreateClient, { issuerId, name: 'bad origin', redirectUris: [`${RP}/cb`], allowedOrigins: [origin] });
      expect([origin, r.__typename]).toEqual([origin, 'ValidationError']);
    }
  });
});

describe('7. Usernames that differ only in case', () => {
  it('Grace.Hopper and grace.hopper are one username; signing in as GRACE.HOPPER works; the display form stays as entered', async () => {
    const grace = await userWithPassword('Grace.Hopper', 'USERNAME');
    expect(grace.username).toBe('Grace.Hopper');
    for (const twin of ['grace.hopper', 'GRACE.HOPPER', 'Ｇｒａｃｅ.Ｈｏｐｐｅｒ', ' grace.hopper ']) {
      const r = await mutate(CreateUser, { issuerId, username: twin, usernameType: 'USERNAME' });
      expect([twin, r.__typename, r.code]).toEqual([twin, 'ConflictError', 'CONFLICT']);
    }
    expect(await server.app.db.prisma.user.count({ where: { issuerId, usernameNormalized: 'grace.hopper' } })).toBe(1);

    const spa = await createClient({ confidential: false, applicationType: 'SPA', redirectUris: [`${SPA_ORIGIN}/u`] });
    for (const typed of ['GRACE.HOPPER', 'grace.hopper', 'Ｇｒａｃｅ．Ｈｏｐｐｅｒ']) {
      const { location } = await codeFor(spa, `${SPA_ORIGIN}/u`, typed);
      expect(location.searchParams.get('code'), typed).toMatch(/^agc_/);
    }
    const stored = await server.app.db.prisma.user.findUniqueOrThrow({ where: { id: grace.id } });
    expect([stored.username, stored.usernameNormalized]).toEqual(['Grace.Hopper', 'grace.hopper']);
    // emails: the domain (and, as before, the whole address) compares without case
    const mail = await userWithPassword('Ada@Example.COM');
    expect((await mutate(CreateUser, { issuerId, username: 'ada@example.com' })).__typename).toBe('ConflictError');
    expect(new URL((await codeFor(spa, `${SPA_ORIGIN}/u`, 'ADA@EXAMPLE.COM')).location).searchParams.get('code')).toMatch(/^agc_/);
    expect(mail.username).toBe('ada@example.com');
    // NFC: a decomposed é is the composed one
    expect(normalizeUsername('username', 'Jose\u0301')).toBe(normalizeUsername('username', 'JOS\u00c9'));
  });

  it('the migration reports existing collisions by name at start instead of failing silently', async () => {
    const all = readMigrations();
    const at = all.findIndex((m) => m.name.endsWith('_cors_username_normalized_key_activation'));
    expect(at).toBeGreaterThan(0);
    const db = new PGlite();
    const session = {
      exec: async (sql: string) => void (await db.exec(sql)),
      query: async <Row>(sql: string, params?: unknown[]) => (await db.query<Row>(sql, params)).rows,
    };
    try {
      await migrate(session, all.slice(0, at));
      await db.exec(`INSERT INTO "Account" (id, name) VALUES ('acct_1', 'a');
        INSERT INTO "Issuer" (id, "accountId", name, "updatedAt") VALUES ('i_1', 'acct_1', 'i', now());
        INSERT INTO "User" (id, "issuerId", "usernameType", username, "updatedAt") VALUES
          ('usr_a', 'i_1', 'username', 'Grace.Hopper', now()), ('usr_b', 'i_1', 'username', 'grace.hopper', now()), ('usr_c', 'i_1', 'username', 'ada', now());`);
      const failed = await migrate(session, all.slice(0, at + 1)).then(
        () => null,
        (error: unknown) => error as Error,
      );
      expect(failed?.message).toMatch(/username collisions/);
      expect(failed?.message).toContain("'Grace.Hopper' (usr_a), 'grace.hopper' (usr_b)");
      expect(failed?.message).not.toContain('usr_c');
      // nothing half-done: fix the data and the same migration applies
      await db.exec(`UPDATE "User" SET username = 'grace.hopper2' WHERE id = 'usr_b'`);
      expect(await migrate(session, all.slice(0, at + 1))).toEqual([all[at]!.name]);
      const rows = await db.query<{ id: string; usernameNormalized: string }>(`SELECT id, "usernameNormalized" FROM "User" ORDER BY id`);
      expect(rows.rows).toEqual([
        { id: 'usr_a', usernameNormalized: 'grace.hopper' },
        { id: 'usr_b', usernameNormalized: 'grace.hopper2' },
        { id: 'usr_c', usernameNormalized: 'ada' },
      ]);
    } finally {
      await db.close();
    }
  });
});

describe('8. A repeated parameter at /authorize', () => {
  let web: TestClient;
  beforeAll(async () => {
    web = await createClient({ redirectUris: [`${RP}/cb`], postLogoutRedirectUris: [`${RP}/out`] });
  });
  const valid = () => `client_id=${web.id}&redirect_uri=${encodeURIComponent(`${RP}/cb`)}&response_type=code&scope=openid`;

  it('a valid request plus &state=a&state=b goes back by redirect: error=invalid_request, iss, no ambiguous state', async () => {
    const res = await fetch(`${issuerUrl}/authorize?${valid()}&state=a&state=b`, { redirect: 'manual' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(`${location.origin}${location.pathname}`).toBe(`${RP}/cb`);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('iss')).toBe(issuerUrl);
    expect(location.searchParams.has('state')).toBe(false);
    // another repeated parameter keeps the (single) state
    const scope = await fetch(`${issuerUrl}/authorize?${valid()}&state=keep&nonce=1&nonce=2`, { redirect: 'manual' });
    const at = new URL(scope.headers.get('location')!);
    expect([scope.status, at.searchParams.get('error'), at.searchParams.get('state')]).toEqual([302, 'invalid_request', 'keep']);
    // the same by POST
    const post = await fetch(`${issuerUrl}/authorize`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `${valid()}&state=a&state=b`,
    });
    expect([post.status, new URL(post.headers.get('location')!).searchParams.get('error')]).toEqual([303, 'invalid_request']);
  });

  it('when client_id or redirect_uri is repeated, missing or wrong, the HTML error page; never JSON to a navigation', async () => {
    const pages = [
      `${valid()}&client_id=${web.id}`,
      `${valid()}&redirect_uri=${encodeURIComponent(`${RP}/cb`)}`,
      `${valid()}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`,
      `client_id=${web.id}&response_type=code`,
      `redirect_uri=${encodeURIComponent(`${RP}/cb`)}&response_type=code`,
    ];
    for (const query of pages) {
      const res = await fetch(`${issuerUrl}/authorize?${query}`, { redirect: 'manual' });
      expect([query, res.status, res.headers.get('content-type'), res.headers.get('location')]).toEqual([
        query,
        400,
        'text/html; charset=utf-8',
        null,
      ]);
    }
    // a body that is not a form, a repeated field in a sign-in step, repeated logout parameters: pages too
    const notForm = await fetch(`${issuerUrl}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"client_id":"x"}',
    });
    expect([notForm.status, notForm.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
    const step = await fetch(`${issuerUrl}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'ag_state=a&ag_state=b',
    });
    expect([step.status, step.headers.get('content-type')]).toEqual([400, 'text/html; charset=utf-8']);
    const logout = await fetch(
      `${issuerUrl}/end_session?client_id=${web.id}&post_logout_redirect_uri=${encodeURIComponent(`${RP}/out`)}&state=a&state=b`,
      { redirect: 'manual' },
    );
    expect([logout.status, logout.headers.get('content-type'), logout.headers.get('location')]).toEqual([
      400,
      'text/html; charset=utf-8',
      null,
    ]);
    // the JSON endpoints still refuse repeats with JSON (RFC 6749 §3.1)
    const token = await form('/token', {}, {});
    expect(token.json?.error).toBe('invalid_request');
    const repeatedToken = await fetch(`${issuerUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&grant_type=client_credentials',
    });
    expect([repeatedToken.status, ((await repeatedToken.json()) as Obj).error]).toEqual([400, 'invalid_request']);
  });
});

describe('updateClient', () => {
  it('fixes a wrong redirect URI in place: typed errors, client.updated in the same transaction with public fields only, origins that were the default follow', async () => {
    const spa = await createClient({
      confidential: false,
      applicationType: 'SPA',
      redirectUris: ['https://old.example.com/cb'],
      postLogoutRedirectUris: ['https://old.example.com/out'],
    });
    expect(spa.allowedOrigins).toEqual(['https://old.example.com']);

    // refused: each URI through the strict parser; nothing changes
    const bad = await mutate(UpdateClient, { id: spa.id, redirectUris: ['https://new.example.com/cb#'] });
    expect([bad.__typename, (bad.fields as { path: string }[])[0]!.path]).toEqual(['ValidationError', 'redirectUris.0']);
    const badLogout = await mutate(UpdateClient, { id: spa.id, postLogoutRedirectUris: ['http://new.example.com/out'] });
    expect(badLogout.__typename).toBe('ValidationError');
    const rules = await mutate(UpdateClient, { id: spa.id, grantTypes: ['CLIENT_CREDENTIALS'] });
    expect([rules.__typename, (rules.fields as { path: string }[]).map((f) => f.path)]).toEqual(['ValidationError', ['grantTypes']]);
    const missing = await mutate(UpdateClient, { id: 'c_01jdzzzzzzzzzzzzzzzzzzzzzz', name: 'x' });
    expect(missing.code).toBe('NOT_FOUND');
    // the change and its event are one transaction
    server.faults.failEventWrite = 'client.updated';
    await expect(server.gql.request(UpdateClient, { input: { id: spa.id, name: 'renamed' } })).rejects.toThrow();
    server.faults.failEventWrite = null;
    expect((await server.app.db.prisma.client.findUniqueOrThrow({ where: { id: spa.id } })).name).not.toBe('renamed');

    const ok = await mutate(UpdateClient, {
      id: spa.id,
      name: 'Renamed SPA',
      redirectUris: ['https://new.example.com/cb'],
      accessTokenTtlSeconds: 600,
      scopes: ['invoices:read'],
    });
    expect(ok.__typename, JSON.stringify(ok)).toBe('UpdateClientPayload');
    expect(ok.client).toMatchObject({
      name: 'Renamed SPA',
      redirectUris: ['https://new.example.com/cb'],
      allowedOrigins: ['https://new.example.com'],
      accessTokenTtlSeconds: 600,
      scopes: ['invoices:read'],
    });
    expect((ok.changed as string[]).sort()).toEqual(['accessTokenTtlSeconds', 'allowedOrigins', 'name', 'redirectUris', 'scopes']);
    // the new URI works at once (the cached client is dropped), the old one does not
    const user = await userWithPassword();
    expect(new URL((await codeFor(spa, 'https://new.example.com/cb', user.username)).location).searchParams.get('code')).toMatch(/^agc_/);
    const old = await fetch(
      authorizeUrl({
        client_id: spa.id,
        redirect_uri: 'https://old.example.com/cb',
        response_type: 'code',
        code_challenge: pkcePair().challenge,
        code_challenge_method: 'S256',
      }),
      { redirect: 'manual' },
    );
    expect(old.status).toBe(400);
    // explicit origins stay explicit; null resets a lifetime
    const explicit = await mutate(UpdateClient, { id: spa.id, allowedOrigins: ['https://app.example.com'], accessTokenTtlSeconds: null });
    expect(explicit.client).toMatchObject({ allowedOrigins: ['https://app.example.com'], accessTokenTtlSeconds: null });
    const moved = await mutate(UpdateClient, { id: spa.id, redirectUris: ['https://third.example.com/cb'] });
    expect((moved.client as Obj).allowedOrigins).toEqual(['https://app.example.com']);
    // nothing to change: no event
    const same = await mutate(UpdateClient, { id: spa.id, name: 'Renamed SPA' });
    expect(same.changed).toEqual([]);

    const events = await server.gql.request<{ events: { edges: { node: { type: string; subject: string; data: Obj } }[] } }, unknown>(
      Events,
      { filter: { types: ['client.updated'], subject: spa.id } },
    );
    const updates = events.events.edges.map((e) => e.node);
    expect(updates).toHaveLength(3);
    for (const update of updates) {
      expect(update.subject).toBe(spa.id);
      expect(Object.keys(update.data)).not.toContain('secretHash');
      expect(Object.keys(update.data)).not.toContain('previousSecretHash');
      expect(Object.keys(update.data).sort()).toEqual([
        'accessTokenTtlSeconds',
        'allowedOrigins',
        'applicationType',
        'blockedAt',
        'changed',
        'confidential',
        'createdAt',
        'dpopBoundAccessTokens',
        'grantTypes',
        'id',
        'idTokenSignedResponseAlg',
        'issuerId',
        'jwks',
        'metadata',
        'metadataDocumentUrl',
        'name',
        'organizationId',
        'postLogoutRedirectUris',
        'previousSecretExpiresAt',
        'redirectUris',
        'registrationType',
        'scopes',
        'secretPrefix',
        'thirdParty',
        'tokenEndpointAuthMethod',
        'type',
        'updatedAt',
      ]);
    }
    // a confidential client's event carries its secret prefix, never its hash
    const web = await createClient({ redirectUris: [`${RP}/cb`] });
    await mutate(UpdateClient, { id: web.id, name: 'web renamed' });
    const webEvents = await server.gql.request<{ events: { edges: { node: { data: Obj } }[] } }, unknown>(Events, {
      filter: { types: ['client.updated'], subject: web.id },
    });
    const data = webEvents.events.edges[0]!.node.data;
    expect(data.secretPrefix).toBe(web.secret!.slice(0, 6));
    expect(JSON.stringify(data)).not.toContain(
      (await server.app.db.prisma.client.findUniqueOrThrow({ where: { id: web.id } })).secretHash!,
    );
  });
});

describe('discovery lists everything the server does and nothing it does not', () => {
  it('checks every field of the metadata against behaviour', async () => {
    const meta = (await (await fetch(`${issuerUrl}/.well-known/openid-configuration`)).json()) as Obj;
    const rfc8414 = (await (await fetch(`${issuerUrl}/.well-known/oauth-authorization-server`)).json()) as Obj;
    expect(rfc8414).toEqual(meta);
    const checked = new Set<string>();
    const field = <T>(name: string): T => {
      checked.add(name);
      return meta[name] as T;
    };

    expect(field('issuer')).toBe(issuerUrl);
    // every endpoint exists and answers its method
    const endpoints: [string, string][] = [
      ['authorization_endpoint', 'GET'],
      ['token_endpoint', 'POST'],
      ['userinfo_endpoint', 'GET'],
      ['jwks_uri', 'GET'],
      ['end_session_endpoint', 'GET'],
      ['introspection_endpoint', 'POST'],
      ['revocation_endpoint', 'POST'],
      ['backchannel_authentication_endpoint', 'POST'],
    ];
    for (const [name, method] of endpoints) {
      const url = field<string>(name);
      expect(url.startsWith(`${issuerUrl}/`), name).toBe(true);
      const res = await fetch(url, {
        method,
        redirect: 'manual',
        ...(method === 'POST' ? { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '' } : {}),
      });
      expect([name, res.status === 404 || res.status === 405]).toEqual([name, false]);
    }
    // no registration endpoint (off by default), no device flow, no PAR, no signed CIBA requests, no
    // RAR at /authorize (authorization_details is taken by the CIBA endpoint only) are claimed
    for (const absent of [
      'registration_endpoint',
      'device_authorization_endpoint',
      'pushed_authorization_request_endpoint',
      'check_session_iframe',
      'frontchannel_logout_supported',
      'backchannel_logout_supported',
      'backchannel_authentication_request_signing_alg_values_supported',
      'authorization_details_types_supported',
      'require_pushed_authorization_requests',
    ])
      expect(meta, absent).not.toHaveProperty(absent);

    const web = await createClient({ redirectUris: [`${RP}/cb`], scopes: ['invoices:read'] });
    const m2m = await createClient({ type: 'M2M', scopes: ['invoices:read'] });
    const spa = await createClient({ confidential: false, applicationType: 'SPA', redirectUris: [`${SPA_ORIGIN}/d`] });
    const user = await userWithPassword();

    // grant types: each one is known to the token endpoint (an unknown one is unsupported_grant_type)
    const grants = field<string[]>('grant_types_supported');
    expect(grants).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
    for (const grant of grants) {
      const answer = await form('/token', { grant_type: grant }, { authorization: basicOf(m2m.id, m2m.secret!) });
      expect([grant, answer.json?.error]).not.toEqual([grant, 'unsupported_grant_type']);
    }
    expect((await form('/token', { grant_type: 'password' }, { authorization: basicOf(m2m.id, m2m.secret!) })).json?.error).toBe(
      'unsupported_grant_type',
    );
    expect(
      (
        await form(
          '/token',
          { grant_type: 'urn:ietf:params:oauth:grant-type:device_code' },
          { authorization: basicOf(m2m.id, m2m.secret!) },
        )
      ).json?.error,
    ).toBe('unsupported_grant_type');

    // response types and modes: code by query only
    expect(field('response_types_supported')).toEqual(['code']);
    expect(field('response_modes_supported')).toEqual(['query']);
    const base = { client_id: web.id, redirect_uri: `${RP}/cb`, state: 'd' };
    const errorOf = async (params: Record<string, string>) =>
      new URL((await fetch(authorizeUrl({ ...base, ...params }), { redirect: 'manual' })).headers.get('location')!).searchParams.get(
        'error',
      );
    expect(await errorOf({ response_type: 'token' })).toBe('unsupported_response_type');
    expect(await errorOf({ response_type: 'code id_token' })).toBe('unsupported_response_type');
    expect(await errorOf({ response_type: 'code', response_mode: 'fragment' })).toBe('invalid_request');
    expect(await errorOf({ response_type: 'code', response_mode: 'form_post' })).toBe('invalid_request');
    // PKCE: S256 only
    expect(field('code_challenge_methods_supported')).toEqual(['S256']);
    expect(await errorOf({ response_type: 'code', code_challenge: pkcePair().challenge, code_challenge_method: 'plain' })).toBe(
      'invalid_request',
    );
    // request objects and the claims parameter are not supported, and say so
    expect(field('request_parameter_supported')).toBe(false);
    expect(field('request_uri_parameter_supported')).toBe(false);
    expect(field('claims_parameter_supported')).toBe(false);
    expect(await errorOf({ response_type: 'code', request: 'eyJhbGciOiJub25lIn0.e30.' })).toBe('request_not_supported');
    expect(await errorOf({ response_type: 'code', request_uri: 'https://rp.example.com/r' })).toBe('request_uri_not_supported');
    // CIMD: a client_id that is an https URL is resolved from its metadata document (behaviour: test/mcp.test.ts, test/resources-cimd.test.ts)
    expect(field('client_id_metadata_document_supported')).toBe(true);
    // RFC 9207: iss on every authorization response
    expect(field('authorization_response_iss_parameter_supported')).toBe(true);
    const signedIn = await codeFor(spa, `${SPA_ORIGIN}/d`, user.username, { nonce: 'n1' });
    expect(signedIn.location.searchParams.get('iss')).toBe(issuerUrl);

    // scopes: each one can be granted; claims: each one shows up in an ID token or userinfo
    const scopes = field<string[]>('scopes_supported');
    expect(scopes).toContain('openid');
    const full = await codeFor(spa, `${SPA_ORIGIN}/d`, user.username, { scope: scopes.join(' '), nonce: 'n2', max_age: '600' });
    const tokens = await form('/token', {
      grant_type: 'authorization_code',
      code: full.code,
      redirect_uri: `${SPA_ORIGIN}/d`,
      code_verifier: full.verifier,
      client_id: spa.id,
    });
    expect(tokens.status, JSON.stringify(tokens.json)).toBe(200);
    expect((tokens.json!.scope as string).split(' ').sort()).toEqual([...scopes].sort());
    const idClaims = JSON.parse(Buffer.from((tokens.json!.id_token as string).split('.')[1]!, 'base64url').toString()) as Obj;
    const info = (await (
      await fetch(`${issuerUrl}/userinfo`, { headers: { authorization: `Bearer ${tokens.json!.access_token as string}` } })
    ).json()) as Obj;
    const seen = new Set([...Object.keys(idClaims), ...Object.keys(info)]);
    const claims = field<string[]>('claims_supported');
    // org claims appear only for a session acting in an organization (covered in oauth-sessions.test.ts)
    for (const claim of claims.filter((c) => !['org_id', 'org_scopes', 'given_name', 'family_name', 'name'].includes(c)))
      expect(seen, claim).toContain(claim);
    for (const claim of seen) expect(claims, claim).toContain(claim);

    // subject type public: the same sub for two clients
    expect(field('subject_types_supported')).toEqual(['public']);
    // ID token algs: a client may register each, and gets its ID token signed with it
    const algs = field<string[]>('id_token_signing_alg_values_supported');
    expect(algs).toContain('RS256');
    expect(algs[0]).toBe('ES256');
    for (const alg of algs) {
      const client = await createClient({
        confidential: false,
        applicationType: 'SPA',
        redirectUris: [`${SPA_ORIGIN}/alg`],
        idTokenSignedResponseAlg: alg,
      });
      const c = await codeFor(client, `${SPA_ORIGIN}/alg`, user.username);
      const t = await form('/token', {
        grant_type: 'authorization_code',
        code: c.code,
        redirect_uri: `${SPA_ORIGIN}/alg`,
        code_verifier: c.verifier,
        client_id: client.id,
      });
      expect([alg, decodeProtectedHeader(t.json!.id_token as string).alg]).toEqual([alg, alg]);
      expect(JSON.parse(Buffer.from((t.json!.id_token as string).split('.')[1]!, 'base64url').toString()).sub).toBe(idClaims.sub);
    }

    // client authentication: each method listed works at its endpoint; `none` only where listed
    const tokenMethods = field<string[]>('token_endpoint_auth_methods_supported');
    const introspectionMethods = field<string[]>('introspection_endpoint_auth_methods_supported');
    const revocationMethods = field<string[]>('revocation_endpoint_auth_methods_supported');
    expect(tokenMethods.sort()).toEqual(['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt']);
    expect(revocationMethods.sort()).toEqual(['client_secret_basic', 'client_secret_post', 'none', 'private_key_jwt']);
    expect(introspectionMethods.sort()).toEqual(['client_secret_basic', 'client_secret_post', 'private_key_jwt']);
    expect((await form('/token', { grant_type: 'client_credentials' }, { authorization: basicOf(m2m.id, m2m.secret!) })).status).toBe(200);
    expect((await form('/token', { grant_type: 'client_credentials', client_id: m2m.id, client_secret: m2m.secret! })).status).toBe(200);
    expect((await form('/revoke', { token: 'x', client_id: spa.id })).status).toBe(200);
    expect((await form('/introspect', { token: 'x', client_id: spa.id })).status).toBe(401);
    expect((await form('/introspect', { token: 'x', client_id: m2m.id, client_secret: m2m.secret! })).status).toBe(200);
    // private_key_jwt and its algs are exercised by the interop suite (openid-client, authlib); here the lists agree
    const assertionAlgs = field<string[]>('token_endpoint_auth_signing_alg_values_supported');
    expect(field('introspection_endpoint_auth_signing_alg_values_supported')).toEqual(assertionAlgs);
    expect(field('revocation_endpoint_auth_signing_alg_values_supported')).toEqual(assertionAlgs);
    expect(assertionAlgs).not.toContain('none');
    expect(assertionAlgs.some((a) => a.startsWith('HS'))).toBe(false);

    // CIBA (poll and ping; poll here, ping and the hosted approval in test/ciba*.test.ts): a
    // confidential client asks for a user's approval and gets an auth_req_id to poll; user_code is
    // refused, as backchannel_user_code_parameter_supported says
    expect(field('backchannel_token_delivery_modes_supported')).toEqual(['poll', 'ping']);
    expect(field('backchannel_user_code_parameter_supported')).toBe(false);
    const cibaClient = await createClient({ redirectUris: [`${RP}/ciba`], scopes: ['openid'] });
    const asked = await form(
      '/bc-authorize',
      { scope: 'openid', login_hint: user.username },
      { authorization: basicOf(cibaClient.id, cibaClient.secret!) },
    );
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    expect(asked.json).toMatchObject({ auth_req_id: expect.any(String), expires_in: expect.any(Number), interval: expect.any(Number) });
    expect(
      (
        await form(
          '/token',
          { grant_type: 'urn:openid:params:grant-type:ciba', auth_req_id: asked.json!.auth_req_id as string },
          { authorization: basicOf(cibaClient.id, cibaClient.secret!) },
        )
      ).json?.error,
    ).toBe('authorization_pending');
    const withUserCode = await form(
      '/bc-authorize',
      { scope: 'openid', login_hint: user.username, user_code: '1234' },
      { authorization: basicOf(cibaClient.id, cibaClient.secret!) },
    );
    expect([withUserCode.status, withUserCode.json?.error]).toEqual([400, 'invalid_request']);

    // DPoP (RFC 9449): a proof signed with each advertised alg binds a token; a MAC alg is refused
    const dpopAlgs = field<string[]>('dpop_signing_alg_values_supported');
    expect(dpopAlgs).toContain('ES256');
    let nonce: string | null = null;
    const proofWith = async (alg: string) => {
      const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
      const jwk = await exportJWK(publicKey);
      return async () =>
        new SignJWT({
          htm: 'POST',
          htu: `${issuerUrl}/token`,
          jti: randomBytes(12).toString('base64url'),
          iat: Math.floor(clock.now().getTime() / 1000),
          ...(nonce ? { nonce } : {}),
        })
          .setProtectedHeader({ alg, typ: 'dpop+jwt', jwk })
          .sign(privateKey);
    };
    for (const alg of dpopAlgs) {
      const sign = await proofWith(alg);
      const request = async () =>
        form('/token', { grant_type: 'client_credentials' }, { authorization: basicOf(m2m.id, m2m.secret!), dpop: await sign() });
      let answer = await request();
      nonce = answer.res.headers.get('dpop-nonce') ?? nonce;
      if (answer.json?.error === 'use_dpop_nonce') answer = await request();
      expect([alg, answer.status, answer.json?.token_type]).toEqual([alg, 200, 'DPoP']);
    }
    const hmacProof = await new SignJWT({ htm: 'POST', htu: `${issuerUrl}/token`, jti: 'hmac-proof-1', iat: Math.floor(Date.now() / 1000) })
      .setProtectedHeader({ alg: 'HS256', typ: 'dpop+jwt' })
      .sign(new Uint8Array(32));
    expect(
      (await form('/token', { grant_type: 'client_credentials' }, { authorization: basicOf(m2m.id, m2m.secret!), dpop: hmacProof })).json
        ?.error,
    ).toBe('invalid_dpop_proof');

    // every field was checked against behaviour above
    expect(Object.keys(meta).filter((k) => !checked.has(k))).toEqual([]);
  });
});
