/**
 * Interop: relying-party libraries nobody here wrote drive the server, each through discovery,
 * client_credentials (client_secret_basic, client_secret_post, private_key_jwt), code + PKCE via
 * the hosted page, ID token validation (iss, aud, nonce, at_hash, auth_time), refresh, userinfo by
 * GET and by POST, introspection and revocation:
 *
 * - oauth4webapi, strict (its defaults: issuer and RFC 9207 `iss` checks, nonce, max_age);
 * - openid-client;
 * - Python authlib, Debian's `python3-authlib` (installed by .ci/run; a machine without it skips
 *   that part and says so; AUTHGRAPH_REQUIRE_AUTHLIB=1 makes it required);
 * - a real Chromium page on another origin (http://localhost:<port>, the issuer being on
 *   127.0.0.1) running oauth4webapi in the browser as a public SPA client: discovery, JWKS, token
 *   and userinfo all through CORS (skipped without /usr/bin/chromium unless
 *   AUTHGRAPH_REQUIRE_BROWSER=1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as oauth from 'oauth4webapi';
import * as oidc from 'openid-client';
import { decodeJwt, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer } from './helpers/fixtures.js';
import { PASSWORD, signInAt } from './helpers/hosted.js';

type Obj = Record<string, unknown>;

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(chromiumPath);
if (!hasBrowser) {
  if (process.env.AUTHGRAPH_REQUIRE_BROWSER === '1')
    throw new Error(`Chromium is required but missing at ${chromiumPath} (apt-get install chromium)`);
  console.warn(`[authgraph] no Chromium at ${chromiumPath}: SKIPPING the interop browser SPA test (apt-get install chromium)`);
}
/** Debian's interpreter (its dist-packages hold python3-authlib), not whatever `python3` is first on PATH. */
const PYTHON = process.env.AUTHGRAPH_PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const authlibProbe = spawnSync(PYTHON, ['-c', 'import authlib, requests; print(authlib.__version__)'], { encoding: 'utf8' });
const hasAuthlib = authlibProbe.status === 0;
if (!hasAuthlib) {
  if (process.env.AUTHGRAPH_REQUIRE_AUTHLIB === '1')
    throw new Error(
      `Python authlib is required but missing (apt-get install python3-authlib python3-requests): ${authlibProbe.stderr?.trim()}`,
    );
  console.warn(
    '[authgraph] no Python authlib (python3-authlib, python3-requests): SKIPPING the authlib interop tests (apt-get install python3-authlib python3-requests)',
  );
}

const CreateClient = `
  mutation IopCreateClient($input: CreateClientInput!) {
    createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } }
  }`;
const CreateUser = `
  mutation IopCreateUser($input: CreateUserInput!) {
    createUser(input: $input) { __typename ... on CreateUserPayload { user { id username } } ... on Error { code message } }
  }`;
const SetPassword = `
  mutation IopSetPassword($input: SetUserPasswordInput!) {
    setUserPassword(input: $input) { __typename ... on Error { code message } }
  }`;

const REDIRECT = 'https://rp.example.com/callback';

let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let counter = 0;

async function mutate(doc: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, unknown>(doc, { input });
  const payload = Object.values(data)[0]!;
  expect(payload.__typename, JSON.stringify(payload)).not.toMatch(/Error$/);
  return payload;
}

async function createClient(input: Obj): Promise<{ id: string; secret: string | null }> {
  const r = await mutate(CreateClient, { issuerId, name: `interop ${counter++}`, ...input });
  return { id: (r.client as { id: string }).id, secret: r.secret as string | null };
}

async function userWithPassword(): Promise<{ id: string; username: string }> {
  const r = await mutate(CreateUser, {
    issuerId,
    username: `Interop.User${counter++}x${Date.now().toString(36)}`,
    usernameType: 'USERNAME',
    firstName: 'Grace',
    lastName: 'Hopper',
    email: `interop${counter++}@example.com`,
  });
  const user = r.user as { id: string; username: string };
  await mutate(SetPassword, { userId: user.id, password: PASSWORD });
  return user;
}

/** RFC 9068 / OIDC Core §3.1.3.6: the left half of SHA-256 of the access token, base64url. */
const atHash = (token: string) => createHash('sha256').update(token, 'ascii').digest().subarray(0, 16).toString('base64url');

async function keyPair() {
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  return {
    publicJwk: { ...(await exportJWK(publicKey)), alg: 'ES256', use: 'sig', kid: `k${counter++}` },
    privateKey,
    privateJwk: await exportJWK(privateKey),
  };
}

let m2mBasic: { id: string; secret: string | null };
let m2mPost: { id: string; secret: string | null };
let m2mJwt: { id: string; privateKey: CryptoKey; kid: string; privateJwk: Obj };
let web: { id: string; secret: string | null };
let user: { id: string; username: string };

beforeAll(async () => {
  server = await startServer();
  issuerId = (await createIssuer(server.gql)).id;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  m2mBasic = await createClient({ type: 'M2M', scopes: ['invoices:read'] });
  m2mPost = await createClient({ type: 'M2M', scopes: ['invoices:read'], tokenEndpointAuthMethod: 'CLIENT_SECRET_POST' });
  const pair = await keyPair();
  const jwtClient = await createClient({ type: 'M2M', scopes: ['invoices:read'], jwks: { keys: [pair.publicJwk] } });
  m2mJwt = {
    id: jwtClient.id,
    privateKey: pair.privateKey,
    kid: pair.publicJwk.kid,
    privateJwk: { ...pair.privateJwk, kid: pair.publicJwk.kid, alg: 'ES256' },
  };
  web = await createClient({ redirectUris: [REDIRECT], scopes: ['invoices:read'] });
  user = await userWithPassword();
});
afterAll(async () => {
  await server?.stop();
});

describe('oauth4webapi (strict)', () => {
  const options = { [oauth.allowInsecureRequests]: true } as const;
  let as: oauth.AuthorizationServer;
  beforeAll(async () => {
    as = await oauth.processDiscoveryResponse(
      new URL(issuerUrl),
      await oauth.discoveryRequest(new URL(issuerUrl), { algorithm: 'oidc', ...options }),
    );
  });

  it('client_credentials with client_secret_basic, client_secret_post and private_key_jwt; introspection and revocation', async () => {
    const cases: [oauth.Client, oauth.ClientAuth][] = [
      [{ client_id: m2mBasic.id }, oauth.ClientSecretBasic(m2mBasic.secret!)],
      [{ client_id: m2mPost.id }, oauth.ClientSecretPost(m2mPost.secret!)],
      [{ client_id: m2mJwt.id }, oauth.PrivateKeyJwt({ key: m2mJwt.privateKey, kid: m2mJwt.kid })],
    ];
    for (const [client, auth] of cases) {
      const response = await oauth.clientCredentialsGrantRequest(
        as,
        client,
        auth,
        new URLSearchParams({ scope: 'invoices:read' }),
        options,
      );
      const tokens = await oauth.processClientCredentialsResponse(as, client, response);
      expect(tokens.scope).toBe('invoices:read');
      const claims = await oauth.validateJwtAccessToken(
        as,
        new Request('http://rs/', { headers: { authorization: `Bearer ${tokens.access_token}` } }),
        issuerUrl,
        options,
      );
      expect(claims.client_id).toBe(client.client_id);
      const info = await oauth.processIntrospectionResponse(
        as,
        client,
        await oauth.introspectionRequest(as, client, auth, tokens.access_token, options),
      );
      expect(info).toMatchObject({ active: true, client_id: client.client_id });
      await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, tokens.access_token, options));
    }
  });

  it('code + PKCE through the hosted page, ID token (iss, aud, nonce, at_hash, auth_time), refresh, userinfo GET and POST, revocation', async () => {
    const client: oauth.Client = { client_id: web.id, default_max_age: 600 };
    const auth = oauth.ClientSecretBasic(web.secret!);
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const url = new URL(as.authorization_endpoint!);
    for (const [k, v] of Object.entries({
      client_id: web.id,
      redirect_uri: REDIRECT,
      response_type: 'code',
      scope: 'openid profile email offline_access',
      state,
      nonce,
      max_age: '600',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    }))
      url.searchParams.set(k, v);
    const signedIn = await signInAt(url.toString(), user.username.toUpperCase());
    expect(signedIn.status, signedIn.body.slice(0, 200)).toBe(303);
    // strict: the RFC 9207 iss parameter and the state are checked
    const params = oauth.validateAuthResponse(as, client, new URL(signedIn.location!), state);
    const response = await oauth.authorizationCodeGrantRequest(as, client, auth, params, REDIRECT, verifier, options);
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, response, {
      expectedNonce: nonce,
      requireIdToken: true,
      maxAge: 600,
    });
    const claims = oauth.getValidatedIdTokenClaims(tokens)!;
    expect(claims).toMatchObject({ iss: issuerUrl, aud: web.id, sub: user.id, nonce, at_hash: atHash(tokens.access_token) });
    expect(typeof claims.auth_time).toBe('number');

    // userinfo by GET and by POST with no body (OIDC Core §5.3.1)
    const got = await oauth.processUserInfoResponse(
      as,
      client,
      user.id,
      await oauth.userInfoRequest(as, client, tokens.access_token, options),
    );
    expect(got).toMatchObject({ sub: user.id, preferred_username: user.username, given_name: 'Grace' });
    const posted = await oauth.protectedResourceRequest(
      tokens.access_token,
      'POST',
      new URL(as.userinfo_endpoint!),
      new Headers({ accept: 'application/json' }),
      null,
      options,
    );
    expect(posted.status).toBe(200);
    expect(((await posted.json()) as Obj).sub).toBe(user.id);

    const refreshed = await oauth.processRefreshTokenResponse(
      as,
      client,
      await oauth.refreshTokenGrantRequest(as, client, auth, tokens.refresh_token!, options),
    );
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(oauth.getValidatedIdTokenClaims(refreshed)).toMatchObject({ sub: user.id, at_hash: atHash(refreshed.access_token) });
    const live = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, refreshed.refresh_token!, options),
    );
    expect(live.active).toBe(true);
    await oauth.processRevocationResponse(await oauth.revocationRequest(as, client, auth, refreshed.refresh_token!, options));
    const dead = await oauth.processIntrospectionResponse(
      as,
      client,
      await oauth.introspectionRequest(as, client, auth, refreshed.refresh_token!, options),
    );
    expect(dead.active).toBe(false);
  });
});

describe('openid-client', () => {
  const execute = [oidc.allowInsecureRequests];

  it('client_credentials with client_secret_basic, client_secret_post and private_key_jwt; introspection and revocation', async () => {
    const cases: [string, oidc.ClientAuth][] = [
      [m2mBasic.id, oidc.ClientSecretBasic(m2mBasic.secret!)],
      [m2mPost.id, oidc.ClientSecretPost(m2mPost.secret!)],
      [m2mJwt.id, oidc.PrivateKeyJwt({ key: m2mJwt.privateKey, kid: m2mJwt.kid })],
    ];
    for (const [clientId, auth] of cases) {
      const config = await oidc.discovery(new URL(issuerUrl), clientId, undefined, auth, { execute });
      const tokens = await oidc.clientCredentialsGrant(config, { scope: 'invoices:read' });
      expect(decodeJwt(tokens.access_token).client_id).toBe(clientId);
      expect(await oidc.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true, client_id: clientId });
      await oidc.tokenRevocation(config, tokens.access_token);
    }
  });

  it('code + PKCE through the hosted page, ID token (iss, aud, nonce, at_hash, auth_time), refresh, userinfo GET and POST', async () => {
    const config = await oidc.discovery(new URL(issuerUrl), web.id, { default_max_age: 600 }, oidc.ClientSecretPost(web.secret!), {
      execute,
    });
    const verifier = oidc.randomPKCECodeVerifier();
    const state = oidc.randomState();
    const nonce = oidc.randomNonce();
    const url = oidc.buildAuthorizationUrl(config, {
      redirect_uri: REDIRECT,
      scope: 'openid profile email',
      state,
      nonce,
      max_age: '600',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    });
    const signedIn = await signInAt(url.toString(), user.username);
    const tokens = await oidc.authorizationCodeGrant(config, new URL(signedIn.location!), {
      pkceCodeVerifier: verifier,
      expectedState: state,
      expectedNonce: nonce,
      idTokenExpected: true,
      maxAge: 600,
    });
    const claims = tokens.claims()!;
    expect(claims).toMatchObject({ iss: issuerUrl, aud: web.id, sub: user.id, nonce, at_hash: atHash(tokens.access_token) });
    expect(typeof claims.auth_time).toBe('number');
    const got = await oidc.fetchUserInfo(config, tokens.access_token, user.id);
    expect(got).toMatchObject({ sub: user.id, email: expect.stringContaining('@example.com') });
    const posted = await oidc.fetchProtectedResource(
      config,
      tokens.access_token,
      new URL(config.serverMetadata().userinfo_endpoint!),
      'POST',
    );
    expect([posted.status, ((await posted.json()) as Obj).sub]).toEqual([200, user.id]);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.claims()).toMatchObject({ sub: user.id, at_hash: atHash(refreshed.access_token) });
    expect(await oidc.tokenIntrospection(config, refreshed.refresh_token!)).toMatchObject({ active: true });
    await oidc.tokenRevocation(config, refreshed.refresh_token!);
    expect(await oidc.tokenIntrospection(config, refreshed.refresh_token!)).toEqual({ active: false });
  });
});

describe.skipIf(!hasAuthlib)('Python authlib (Debian python3-authlib)', () => {
  it('discovery, client_credentials (basic, post, private_key_jwt), code + PKCE with ID token validation, refresh, userinfo GET and POST, introspection, revocation', async () => {
    const script = fileURLToPath(new URL('./interop/authlib_rp.py', import.meta.url));
    const input = {
      issuer: issuerUrl,
      basic: m2mBasic,
      post: m2mPost,
      jwt: { id: m2mJwt.id, key: m2mJwt.privateJwk },
      web: { ...web, redirect_uri: REDIRECT },
      user: { username: user.username.toLowerCase(), password: PASSWORD, sub: user.id },
    };
    // spawn asynchronously: the server answers on this event loop
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(PYTHON, [script], { stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
      child.stdin.end(JSON.stringify(input));
    });
    expect(out.code, out.stderr).toBe(0);
    const report = JSON.parse(out.stdout) as Obj;
    expect(report.version).toMatch(/^\d+\.\d+/);
    expect(report.client_credentials).toEqual({
      client_secret_basic: m2mBasic.id,
      client_secret_post: m2mPost.id,
      private_key_jwt: m2mJwt.id,
    });
    expect(report.introspected).toEqual({ active: true, client_id: m2mBasic.id });
    expect(report.id_token).toMatchObject({
      iss: issuerUrl,
      aud: web.id,
      sub: user.id,
      nonce: expect.any(String),
      at_hash_ok: true,
      auth_time_ok: true,
    });
    expect(report.userinfo_get).toBe(user.id);
    expect(report.userinfo_post).toBe(user.id);
    expect(report.refreshed).toBe(true);
    expect(report.revoked).toEqual({ before: true, after: false });
  });
});

describe.skipIf(!hasBrowser)('a browser SPA on another origin (Chromium, oauth4webapi in the page, through CORS)', () => {
  let browser: Browser;
  let spaServer: Server;
  let spaOrigin: string;

  beforeAll(async () => {
    const library = readFileSync(fileURLToPath(new URL('../node_modules/oauth4webapi/build/index.js', import.meta.url)), 'utf8');
    const page = readFileSync(fileURLToPath(new URL('./interop/spa.html', import.meta.url)), 'utf8');
    spaServer = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (path === '/oauth4webapi.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        res.end(library);
      } else {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(page);
      }
    });
    await new Promise<void>((resolve) => spaServer.listen(0, '127.0.0.1', resolve));
    // "localhost" vs the issuer's 127.0.0.1: another origin, so every call is cross-origin
    spaOrigin = `http://localhost:${(spaServer.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => spaServer?.close(resolve));
  });

  it('runs code + PKCE as a public SPA client: discovery, JWKS, token and userinfo by fetch from http://localhost', async () => {
    const spa = await createClient({ confidential: false, applicationType: 'SPA', redirectUris: [`${spaOrigin}/callback`], scopes: [] });
    const context = await browser.newContext();
    const page = await context.newPage();
    const failures: string[] = [];
    page.on('console', (m) => m.type() === 'error' && failures.push(m.text()));
    await page.goto(`${spaOrigin}/?issuer=${encodeURIComponent(issuerUrl)}&client_id=${spa.id}`);
    // the SPA navigates to the hosted page; the person signs in there
    await page.waitForURL((url) => url.href.startsWith(`${issuerUrl}/authorize`));
    await page.fill('#username', user.username);
    await page.fill('#password', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.href.startsWith(`${spaOrigin}/callback`)), page.click('button[type=submit]')]);
    await page.waitForFunction(() => (window as unknown as { done?: boolean }).done === true, undefined, { timeout: 20_000 });
    const result = (await page.evaluate(() => (window as unknown as { result: unknown }).result)) as Obj;
    expect(result.error ?? null, JSON.stringify(result)).toBeNull();
    expect(result).toMatchObject({
      origin: spaOrigin,
      sub: user.id,
      aud: spa.id,
      iss: issuerUrl,
      userinfoSub: user.id,
      userinfoPostSub: user.id,
      jwksKeys: expect.any(Number),
      refreshed: true,
      revoked: true,
    });
    // the one failed load the page means: the revoked refresh token refused (400); no CORS errors
    expect(failures, failures.join('\n')).toEqual(['Failed to load resource: the server responded with a status of 400 (Bad Request)']);
    await context.close();
  });

  it('a page on an origin the client did not register cannot read the token response', async () => {
    const spa = await createClient({
      confidential: false,
      applicationType: 'SPA',
      redirectUris: ['https://elsewhere.example.com/callback'],
      scopes: [],
    });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${spaOrigin}/probe`);
    const outcome = await page.evaluate(
      async ({ tokenUrl, discoveryUrl, clientId }) => {
        const discovery = await fetch(discoveryUrl).then(
          (r) => r.status,
          (e: Error) => e.name,
        );
        const token = await fetch(tokenUrl, {
          method: 'POST',
          body: new URLSearchParams({ grant_type: 'authorization_code', code: 'x', client_id: clientId }),
        }).then(
          (r) => r.status,
          (e: Error) => e.name,
        );
        return { discovery, token };
      },
      { tokenUrl: `${issuerUrl}/token`, discoveryUrl: `${issuerUrl}/.well-known/openid-configuration`, clientId: spa.id },
    );
    // discovery answers any origin; the token endpoint only the client's own (the browser blocks the read)
    expect(outcome).toEqual({ discovery: 200, token: 'TypeError' });
    await context.close();
  });
});
