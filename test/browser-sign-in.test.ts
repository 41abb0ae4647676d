/**
 * The acceptance test of the hosted sign-in: a real browser (Debian's Chromium, driven by
 * playwright-core) signs a person in to a relying party built with openid-client — authorization
 * code + PKCE + state + nonce against discovery — and the RP validates what it gets: the ID token
 * (openid-client checks signature, iss, aud, nonce, at_hash), the access token (jose against the
 * issuer's JWKS, RFC 9068), the refresh token (a rotation through openid-client), and userinfo.
 *
 * Needs /usr/bin/chromium (CHROMIUM_PATH to override). A machine without it skips the suite and
 * says so; CI sets AUTHGRAPH_REQUIRE_BROWSER=1 and installs it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as oidc from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer, createMembership, createOrganization, createUser } from './helpers/fixtures.js';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasBrowser = existsSync(chromiumPath);
if (!hasBrowser) {
  if (process.env.AUTHGRAPH_REQUIRE_BROWSER === '1')
    throw new Error(`Chromium is required but missing at ${chromiumPath} (apt-get install chromium)`);
  console.warn(`[authgraph] no Chromium at ${chromiumPath}: SKIPPING the browser sign-in suite (apt-get install chromium)`);
}

const PASSWORD = 'correct horse battery staple 42';

const CreateClient = `
  mutation BrowserCreateClient($input: CreateClientInput!) {
    createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } }
  }`;
const SetPassword = `
  mutation BrowserSetPassword($input: SetUserPasswordInput!) {
    setUserPassword(input: $input) { __typename ... on Error { code message } }
  }`;

/** What the RP saw at its callback, for the assertions. */
interface SignedIn {
  tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
  userinfo: oidc.UserInfoResponse;
}

/**
 * A minimal relying party: /login starts the flow (PKCE, state, nonce kept server-side per
 * attempt), /callback finishes it with openid-client and shows who signed in.
 */
async function startRelyingParty(configFor: (redirectUri: string) => Promise<oidc.Configuration>) {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const results: SignedIn[] = [];
  let config: oidc.Configuration;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base);
      if (url.pathname === '/login') {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        pending.set(state, { verifier, nonce });
        const target = oidc.buildAuthorizationUrl(config, {
          redirect_uri: `${base}/callback`,
          scope: 'openid profile email offline_access',
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
          code_challenge_method: 'S256',
          state,
          nonce,
          ...(url.searchParams.get('prompt') ? { prompt: url.searchParams.get('prompt')! } : {}),
        });
        res.writeHead(302, { location: target.href }).end();
        return;
      }
      if (url.pathname === '/callback') {
        const state = url.searchParams.get('state') ?? '';
        const attempt = pending.get(state);
        if (!attempt) return void res.writeHead(400).end('unknown state');
        pending.delete(state);
        const tokens = await oidc.authorizationCodeGrant(config, url, {
          pkceCodeVerifier: attempt.verifier,
          expectedState: state,
          expectedNonce: attempt.nonce,
        });
        const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
        results.push({ tokens, userinfo });
        res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1 id="who">Signed in as ${userinfo.email}</h1>`);
        return;
      }
      res.writeHead(404).end();
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`RP error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  config = await configFor(`${base}/callback`);
  return { base, results, config, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

describe.skipIf(!hasBrowser)('signing in with a real browser through the hosted page', () => {
  let server: TestServer;
  let browser: Browser;
  let rp: Awaited<ReturnType<typeof startRelyingParty>>;
  let issuerUrl: string;
  let userId: string;
  let organizationId: string;
  let username: string;

  beforeAll(async () => {
    server = await startServer();
    const issuer = await createIssuer(server.gql);
    issuerUrl = `${server.url}/${issuer.id}`;
    const user = await createUser(server.gql, issuer.id);
    userId = user.id;
    username = user.username;
    expect(
      (
        await server.gql.request<{ setUserPassword: { __typename: string } }, unknown>(SetPassword, {
          input: { userId, password: PASSWORD },
        })
      ).setUserPassword.__typename,
    ).toBe('SetUserPasswordPayload');
    const org = await createOrganization(server.gql, issuer.id);
    organizationId = org.id;
    await createMembership(server.gql, org.id, userId, ['invoices:read']);
    rp = await startRelyingParty(async (redirectUri) => {
      const created = await server.gql.request<{ createClient: { __typename: string; secret?: string; client?: { id: string } } }, unknown>(
        CreateClient,
        {
          input: {
            issuerId: issuer.id,
            name: 'Browser RP',
            redirectUris: [redirectUri],
            scopes: ['openid', 'profile', 'email', 'offline_access', 'invoices:read'],
          },
        },
      );
      expect(created.createClient.__typename).toBe('CreateClientPayload');
      return oidc.discovery(
        new URL(issuerUrl),
        created.createClient.client!.id,
        undefined,
        oidc.ClientSecretBasic(created.createClient.secret!),
        { execute: [oidc.allowInsecureRequests] },
      );
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-quic',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await rp?.stop();
    await server?.stop();
  });

  it('signs in through the form, and the RP validates the ID token, access token, refresh token and userinfo', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${rp.base}/login`);
    // the hosted page: a plain form, labelled fields
    expect(page.url().startsWith(`${issuerUrl}/authorize`)).toBe(true);
    await page.getByLabel(/username|email/i).fill(username);
    await page.getByLabel(/password/i).fill(PASSWORD);
    await Promise.all([page.waitForURL(`${rp.base}/callback**`), page.getByRole('button', { name: /sign in|continue/i }).click()]);
    await expect.poll(() => page.locator('#who').textContent()).toBe(`Signed in as ${username}`);

    expect(rp.results).toHaveLength(1);
    const { tokens, userinfo } = rp.results[0]!;
    // the ID token: openid-client verified signature, iss, aud, nonce, at_hash; we check the rest
    const idClaims = tokens.claims()!;
    expect(idClaims.sub).toBe(userId);
    expect(idClaims.iss).toBe(issuerUrl);
    expect(typeof idClaims.auth_time).toBe('number');
    expect(idClaims.email).toBe(username);
    // the access token verifies against the published keys as an RFC 9068 token
    const jwks = createRemoteJWKSet(new URL(`${issuerUrl}/jwks`));
    const { payload, protectedHeader } = await jwtVerify(tokens.access_token, jwks, { issuer: issuerUrl, typ: 'at+jwt' });
    expect(protectedHeader.typ).toBe('at+jwt');
    expect(payload.sub).toBe(userId);
    expect(payload.sid).toBe(idClaims.sid);
    // one organization: it is selected, with the membership's scopes
    expect(payload.org_id).toBe(organizationId);
    expect(String(payload.scope).split(' ')).toContain('invoices:read');
    expect(userinfo.sub).toBe(userId);
    expect(userinfo.email).toBe(username);
    // the refresh token rotates through the same library
    expect(tokens.refresh_token).toMatch(/^agr_/);
    const refreshed = await oidc.refreshTokenGrant(rp.config, tokens.refresh_token!);
    expect(refreshed.refresh_token).toMatch(/^agr_/);
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect((await jwtVerify(refreshed.access_token, jwks, { issuer: issuerUrl, typ: 'at+jwt' })).payload.sid).toBe(idClaims.sid);
    // the rotated-out token is now a reuse: the session dies with it
    await expect(oidc.refreshTokenGrant(rp.config, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await expect(oidc.refreshTokenGrant(rp.config, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
    await context.close();
  });

  it('keeps the browser signed in (single sign-on) until prompt=login asks again', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${rp.base}/login`);
    await page.getByLabel(/username|email/i).fill(username);
    await page.getByLabel(/password/i).fill(PASSWORD);
    await Promise.all([page.waitForURL(`${rp.base}/callback**`), page.getByRole('button', { name: /sign in|continue/i }).click()]);
    const before = rp.results.length;

    // a second sign-in in the same browser goes straight back to the RP, no form
    await page.goto(`${rp.base}/login`);
    await page.waitForURL(`${rp.base}/callback**`);
    await expect.poll(() => page.locator('#who').textContent()).toBe(`Signed in as ${username}`);
    expect(rp.results.length).toBe(before + 1);
    expect(rp.results.at(-1)!.tokens.claims()!.sid).toBe(rp.results.at(-2)!.tokens.claims()!.sid);

    // prompt=login shows the form again
    await page.goto(`${rp.base}/login?prompt=login`);
    expect(page.url().startsWith(`${issuerUrl}/authorize`)).toBe(true);
    expect(await page.getByLabel(/password/i).count()).toBe(1);
    await context.close();
  });

  it('refuses a wrong password with the form again and an error, and no code reaches the RP', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const before = rp.results.length;
    await page.goto(`${rp.base}/login`);
    await page.getByLabel(/username|email/i).fill(username);
    await page.getByLabel(/password/i).fill('not the password at all 1');
    await page.getByRole('button', { name: /sign in|continue/i }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toMatch(/incorrect/i);
    expect(page.url().startsWith(issuerUrl)).toBe(true);
    expect(rp.results.length).toBe(before);
    await context.close();
  });
});
