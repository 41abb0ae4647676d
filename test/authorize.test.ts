/**
 * The hosted sign-in page (`/{issuer}/authorize`) and RP-initiated logout (`/{issuer}/end_session`)
 * against a real server, driven like a browser: plain fetch with `redirect: 'manual'` and a small
 * cookie jar per "browser". The server runs on a clock the test moves (form expiry, max_age, TOTP
 * steps). Codes are redeemed with the session service directly (the token endpoint's
 * authorization_code grant has its own suite).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, generateKeyPair } from 'jose';
import { Secret, TOTP } from 'otpauth';
import { startServer, type TestServer } from './helpers/server.js';
import { manualClock, type ManualClock } from './helpers/clock.js';
import { createIssuer, createUser } from './helpers/fixtures.js';
import { Browser } from './helpers/browser.js';

const CreateClient = `
  mutation AzCreateClient($input: CreateClientInput!) {
    createClient(input: $input) { __typename ... on CreateClientPayload { client { id } } ... on Error { code message } }
  }`;
const CreateIssuer = `
  mutation AzCreateIssuer($input: CreateIssuerInput!) {
    createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } ... on Error { code message } }
  }`;
const SetPassword = `
  mutation AzSetPassword($input: SetUserPasswordInput!) {
    setUserPassword(input: $input) { __typename ... on Error { code message } }
  }`;
const EnrollTotp = `
  mutation AzEnrollTotp($input: EnrollTotpInput!) {
    enrollTotp(input: $input) { __typename ... on EnrollTotpPayload { secret } ... on Error { code message } }
  }`;
const VerifyTotp = `
  mutation AzVerifyTotp($input: VerifyTotpInput!) {
    verifyTotp(input: $input) { __typename ... on Error { code message } }
  }`;
const RegenerateBackupCodes = `
  mutation AzBackupCodes($input: RegenerateBackupCodesInput!) {
    regenerateBackupCodes(input: $input) { __typename ... on RegenerateBackupCodesPayload { codes } ... on Error { code message } }
  }`;

type Obj = Record<string, unknown>;
const PASSWORD = 'violet-anchor-quartz-88';
const RP = 'https://rp.example.com';
const REDIRECT = `${RP}/callback`;
const POST_LOGOUT = `${RP}/signed-out`;

/** A browser (test/helpers/browser.ts) whose sessions this file recognises by its User-Agent. */
const newBrowser = () => new Browser('authorize-test/1.0');

/** The sealed state of the page's (first) form. */
function sealedState(html: string): string {
  const match = /name="ag_state" value="([^"]+)"/.exec(html);
  if (!match) throw new Error(`no sealed state in page: ${html.slice(0, 300)}`);
  return match[1]!;
}

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

const totpFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });

describe('hosted sign-in and logout', () => {
  let server: TestServer;
  let clock: ManualClock;
  let issuerId: string;
  let issuerUrl: string;
  /** confidential web client: PKCE optional */
  let webClient: string;
  /** public SPA client: PKCE required */
  let spaClient: string;

  const gql = async (doc: string, input: Obj) => {
    const data = await server.gql.request<Record<string, Obj>, unknown>(doc, { input });
    return Object.values(data)[0]!;
  };
  const createClient = async (input: Obj) => {
    const r = await gql(CreateClient, { issuerId, ...input });
    expect(r.__typename).toBe('CreateClientPayload');
    return (r.client as { id: string }).id;
  };
  /** A user with a password; returns its id and username. */
  const userWithPassword = async (issuer = issuerId) => {
    const username = `u${randomBytes(5).toString('hex')}@example.com`;
    const user = await createUser(server.gql, issuer, username);
    expect((await gql(SetPassword, { userId: user.id, password: PASSWORD })).__typename).toBe('SetUserPasswordPayload');
    return { id: user.id, username };
  };
  /** A user with a password and a confirmed TOTP secret (confirmed at the current step). */
  const enrolledUser = async () => {
    const user = await userWithPassword();
    const secret = (await gql(EnrollTotp, { userId: user.id })).secret as string;
    expect(
      (await gql(VerifyTotp, { userId: user.id, code: totpFor(secret).generate({ timestamp: clock.now().getTime() }) })).__typename,
    ).toBe('VerifyTotpPayload');
    return { ...user, secret };
  };
  const codeNow = (secret: string) => totpFor(secret).generate({ timestamp: clock.now().getTime() });

  const authorizeUrl = (params: Record<string, string>, issuer = issuerId) =>
    `${server.url}/${issuer}/authorize?${new URLSearchParams(params)}`;
  const webRequest = (extra: Record<string, string> = {}) => ({
    client_id: webClient,
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid invoices:read',
    state: 'st-1',
    ...extra,
  });
  const sessionsOf = (userId: string) => server.app.db.prisma.session.findMany({ where: { userId }, orderBy: { id: 'asc' } });

  /** Parses a redirect to the client; fails unless it goes to `base`. */
  function redirectParams(res: Response, base = REDIRECT): URLSearchParams {
    const location = res.headers.get('location');
    expect(location, 'a Location header').toBeTruthy();
    const url = new URL(location!);
    expect(`${url.origin}${url.pathname}`).toBe(base);
    return url.searchParams;
  }

  /** Opens the form and submits the password; returns the last response. */
  async function signIn(browser: Browser, user: { username: string }, params: Record<string, string> = webRequest(), password = PASSWORD) {
    const page = await browser.get(authorizeUrl(params));
    expect(page.res.status).toBe(200);
    return browser.post(`${server.url}/${issuerId}/authorize`, { ag_state: sealedState(page.body), username: user.username, password });
  }

  beforeAll(async () => {
    clock = manualClock();
    server = await startServer({}, { clock });
    issuerId = (await createIssuer(server.gql)).id;
    issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
    webClient = await createClient({
      name: 'Invoices Web',
      redirectUris: [REDIRECT, `${RP}/cb?tenant=a`],
      postLogoutRedirectUris: [POST_LOGOUT],
      scopes: ['invoices:read'],
    });
    spaClient = await createClient({
      name: 'Invoices SPA',
      confidential: false,
      applicationType: 'SPA',
      redirectUris: [REDIRECT],
      scopes: ['invoices:read'],
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  describe('the authorization request', () => {
    it('renders an accessible sign-in page under strict headers, with a CSRF cookie scoped to the issuer', async () => {
      const browser = newBrowser();
      const { res, body } = await browser.get(authorizeUrl(webRequest()));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = res.headers.get('content-security-policy')!;
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      // Chromium applies form-action to the redirect after the submit: the RP's origin is listed
      expect(csp).toContain(`form-action 'self' ${RP}`);
      expect(body).toMatch(/<html lang="en">/);
      expect(body).toMatch(/<form method="post" action="authorize">/);
      expect(body).toMatch(/<label for="username">/);
      expect(body).toMatch(/autocomplete="username"/);
      expect(body).toMatch(/autocomplete="current-password"/);
      expect(body).toMatch(/role="alert"/);
      expect(body).toContain('Invoices Web');
      expect(body).not.toMatch(/<script|src=|href=/);
      const csrf = browser.lastSetCookies.find((c) => c.startsWith('ag_csrf='))!;
      expect(csrf).toMatch(new RegExp(`; Path=/${issuerId}; HttpOnly; SameSite=Lax$`));
    });

    it('signs in with a password: 303 to the client with code, state and iss; the code carries nonce, redirect_uri and the PKCE challenge, once', async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      const { verifier, challenge } = pkce();
      const { res } = await signIn(
        browser,
        user,
        webRequest({ nonce: 'n-0S6_WzA2Mj', code_challenge: challenge, code_challenge_method: 'S256' }),
      );
      expect(res.status).toBe(303);
      expect(res.headers.get('cache-control')).toBe('no-store');
      const params = redirectParams(res);
      expect(params.get('state')).toBe('st-1');
      expect(params.get('iss')).toBe(issuerUrl);
      const code = params.get('code')!;
      expect(code).toMatch(/^agc_/);
      const sessionCookie = browser.lastSetCookies.find((c) => c.startsWith('ag_session='))!;
      expect(sessionCookie).toMatch(new RegExp(`; Max-Age=2592000; Path=/${issuerId}; HttpOnly; SameSite=Lax$`));
      const [session] = await sessionsOf(user.id);
      expect(session).toMatchObject({ status: 'active', amr: ['pwd'], userAgent: 'authorize-test/1.0', clientId: webClient });

      const sessions = server.app.services.sessions;
      const redeem = (codeVerifier: string) =>
        sessions.redeemCode({ issuerId, clientId: webClient, code, redirectUri: REDIRECT, codeVerifier, withRefreshToken: false });
      const first = await redeem(verifier);
      expect(first).toMatchObject({ ok: true, nonce: 'n-0S6_WzA2Mj', redirectUri: REDIRECT, scope: 'openid invoices:read' });
      expect(await redeem(verifier)).toMatchObject({ ok: false, reason: 'reused' });
    });

    it('binds the code to the PKCE challenge: a wrong verifier is refused', async () => {
      const user = await userWithPassword();
      const { challenge } = pkce();
      const { res } = await signIn(newBrowser(), user, {
        client_id: spaClient,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'openid',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      });
      const code = redirectParams(res).get('code')!;
      const redeemed = await server.app.services.sessions.redeemCode({
        issuerId,
        clientId: spaClient,
        code,
        redirectUri: REDIRECT,
        codeVerifier: pkce().verifier,
        withRefreshToken: false,
      });
      expect(redeemed).toEqual({ ok: false, reason: 'pkce' });
    });

    it('keeps the query of a registered redirect_uri and adds its parameters after it', async () => {
      const user = await userWithPassword();
      const { res } = await signIn(newBrowser(), user, webRequest({ redirect_uri: `${RP}/cb?tenant=a` }));
      const location = res.headers.get('location')!;
      expect(location).toMatch(new RegExp(`^${RP}/cb\\?tenant=a&code=agc_`));
    });

    it('shows a 400 page and never redirects for an unknown client, an unregistered or missing redirect_uri, or a client without the code grant', async () => {
      const m2m = await createClient({ name: 'Batch', type: 'M2M', grantTypes: ['CLIENT_CREDENTIALS'] });
      const cases: Record<string, string>[] = [
        webRequest({ client_id: 'c_01jd0000000000000000000000' }),
        webRequest({ client_id: '' }),
        webRequest({ redirect_uri: `${RP}/callback/` }),
        webRequest({ redirect_uri: 'https://evil.example/callback' }),
        webRequest({ redirect_uri: REDIRECT.toUpperCase() }),
        Object.fromEntries(Object.entries(webRequest()).filter(([k]) => k !== 'redirect_uri')),
        webRequest({ client_id: m2m }),
      ];
      for (const params of cases) {
        const { res, body } = await newBrowser().get(authorizeUrl(params));
        expect(res.status, JSON.stringify(params)).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(body).toMatch(/role="alert"/);
        expect(body).not.toContain('evil.example');
      }
    });

    it('answers other errors at the redirect_uri with error, state and iss', async () => {
      const { challenge } = pkce();
      const spa = { client_id: spaClient, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 'xyz' };
      const cases: [Record<string, string>, string][] = [
        [spa, 'invalid_request'], // public client without code_challenge
        [{ ...spa, code_challenge: challenge, code_challenge_method: 'plain' }, 'invalid_request'],
        [{ ...spa, code_challenge: challenge }, 'invalid_request'], // method missing means plain
        [{ ...spa, code_challenge: 'too-short', code_challenge_method: 'S256' }, 'invalid_request'],
        [webRequest({ state: 'xyz', response_type: 'token' }), 'unsupported_response_type'],
        [webRequest({ state: 'xyz', scope: 'openid invoices:write' }), 'invalid_scope'],
        [webRequest({ state: 'xyz', request: 'eyJhbGciOiJub25lIn0.e30.' }), 'request_not_supported'],
        [webRequest({ state: 'xyz', request_uri: 'https://rp.example.com/req' }), 'request_uri_not_supported'],
        [webRequest({ state: 'xyz', prompt: 'none login' }), 'invalid_request'],
        [webRequest({ state: 'xyz', max_age: '-1' }), 'invalid_request'],
        [webRequest({ state: 'xyz', nonce: 'n'.repeat(513) }), 'invalid_request'],
      ];
      for (const [params, error] of cases) {
        const { res } = await newBrowser().get(authorizeUrl(params));
        expect(res.status, JSON.stringify(params)).toBe(302);
        const p = redirectParams(res);
        expect(p.get('error'), JSON.stringify(params)).toBe(error);
        expect(p.get('error_description')).toBeTruthy();
        expect(p.get('state')).toBe('xyz');
        expect(p.get('iss')).toBe(issuerUrl);
        expect(p.get('code')).toBeNull();
      }
    });

    it('accepts a public client with an S256 challenge', async () => {
      const { res, body } = await newBrowser().get(
        authorizeUrl({
          client_id: spaClient,
          redirect_uri: REDIRECT,
          response_type: 'code',
          scope: 'openid',
          code_challenge: pkce().challenge,
          code_challenge_method: 'S256',
        }),
      );
      expect(res.status).toBe(200);
      expect(body).toContain('Invoices SPA');
    });

    it('takes the request as a form POST too (OIDC Core §3.1.2.1), answering errors with 303', async () => {
      const browser = newBrowser();
      const endpoint = `${server.url}/${issuerId}/authorize`;
      const form = await browser.post(endpoint, webRequest());
      expect(form.res.status).toBe(200);
      expect(form.body).toMatch(/autocomplete="current-password"/);
      const refused = await browser.post(endpoint, webRequest({ response_type: 'id_token' }));
      expect(refused.res.status).toBe(303);
      expect(redirectParams(refused.res).get('error')).toBe('unsupported_response_type');
    });

    it('escapes every reflected value (state, login_hint, client name)', async () => {
      const xss = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
      const client = await createClient({ name: `Evil <script>alert(3)</script>`, redirectUris: [REDIRECT] });
      const { res, body } = await newBrowser().get(
        authorizeUrl({ client_id: client, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: xss, login_hint: xss }),
      );
      expect(res.status).toBe(200);
      expect(body).not.toMatch(/<script|<img|onerror=alert\(2\)>/);
      expect(body).toContain('value="&#34;&#62;&#60;script&#62;alert(1)&#60;/script&#62;');
      expect(body).toContain('Evil &#60;script&#62;alert(3)&#60;/script&#62;');
    });
  });

  describe('passwords', () => {
    /** The page with the sealed state, the CSRF value and the username replaced by placeholders. */
    const normalise = (html: string, username: string) =>
      html.replace(/name="ag_state" value="[^"]+"/g, 'name="ag_state" value="…"').replaceAll(username, '<username>');

    it('answers a wrong password and an unknown user with the same status and page', async () => {
      const user = await userWithPassword();
      const unknown = `nobody-${randomBytes(4).toString('hex')}@example.com`;
      const wrong = await signIn(newBrowser(), user, webRequest(), 'not-the-password-1');
      const missing = await signIn(newBrowser(), { username: unknown }, webRequest(), 'not-the-password-1');
      expect(wrong.res.status).toBe(400);
      expect(missing.res.status).toBe(wrong.res.status);
      expect(wrong.body).toContain('Incorrect username or password.');
      expect(normalise(missing.body, unknown)).toBe(normalise(wrong.body, user.username));
      expect(wrong.res.headers.get('location')).toBeNull();
      expect(await sessionsOf(user.id)).toHaveLength(0);
    });

    it('throttles after 5 wrong passwords from unknown browsers: then even the right one gets the "too many attempts" page (an unknown name the same); the window ends it', async () => {
      const user = await userWithPassword();
      const unknown = { username: `ghost-${randomBytes(4).toString('hex')}@example.com` };
      for (const who of [user, unknown]) {
        const statuses: number[] = [];
        for (let i = 0; i < 6; i++) statuses.push((await signIn(newBrowser(), who, webRequest(), `wrong-guess-${i}`)).res.status);
        expect(statuses).toEqual([400, 400, 400, 400, 400, 429]);
        const after = await signIn(newBrowser(), who, webRequest(), PASSWORD);
        expect(after.res.status).toBe(429);
        expect(after.body).toContain('Too many attempts');
        expect(Number(after.res.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(Number(after.res.headers.get('retry-after'))).toBeLessThanOrEqual(900);
      }
      expect(await sessionsOf(user.id)).toHaveLength(0);
    });

    it('asks again when a field is empty', async () => {
      const browser = newBrowser();
      const page = await browser.get(authorizeUrl(webRequest()));
      const { res, body } = await browser.post(`${server.url}/${issuerId}/authorize`, {
        ag_state: sealedState(page.body),
        username: 'someone',
      });
      expect(res.status).toBe(400);
      expect(body).toContain('Enter your username and password.');
      expect(body).toContain('value="someone"');
    });
  });

  describe('the form state and CSRF', () => {
    it('refuses a POST without the CSRF cookie, with another browser’s, with an altered or expired state: 400, no session', async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      const page = await browser.get(authorizeUrl(webRequest()));
      const state = sealedState(page.body);
      const form = { ag_state: state, username: user.username, password: PASSWORD };
      const endpoint = `${server.url}/${issuerId}/authorize`;

      const noCookie = await newBrowser().post(endpoint, form);
      const other = newBrowser();
      await other.get(authorizeUrl(webRequest()));
      const otherCookie = await other.post(endpoint, form);
      const altered = await browser.post(endpoint, { ...form, ag_state: state.slice(0, -4) + (state.endsWith('AAAA') ? 'BBBB' : 'AAAA') });
      const missingState = await browser.post(endpoint, { username: user.username, password: PASSWORD });
      for (const { res, body } of [noCookie, otherCookie, altered, missingState]) {
        expect(res.status).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(body).toContain('This sign-in form expired, start again');
      }
      clock.advance(11 * 60_000);
      const expired = await browser.post(endpoint, form);
      expect(expired.res.status).toBe(400);
      expect(expired.body).toContain('This sign-in form expired');
      expect(await sessionsOf(user.id)).toHaveLength(0);

      // the same browser with a fresh form still signs in
      expect((await signIn(browser, user)).res.status).toBe(303);
    });

    it('keeps the browser’s CSRF token across pages, so two open forms both work', async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      const first = await browser.get(authorizeUrl(webRequest({ state: 'tab-1' })));
      const csrf = browser.cookies.get('ag_csrf');
      await browser.get(authorizeUrl(webRequest({ state: 'tab-2' })));
      expect(browser.cookies.get('ag_csrf')).toBe(csrf);
      const { res } = await browser.post(`${server.url}/${issuerId}/authorize`, {
        ag_state: sealedState(first.body),
        username: user.username,
        password: PASSWORD,
      });
      expect(redirectParams(res).get('state')).toBe('tab-1');
    });

    it('does not open a state sealed for another issuer', async () => {
      const otherIssuer = ((await gql(CreateIssuer, { name: `other-${randomBytes(3).toString('hex')}` })).issuer as { id: string }).id;
      const browser = newBrowser();
      const page = await browser.get(authorizeUrl(webRequest()));
      const { res, body } = await browser.post(`${server.url}/${otherIssuer}/authorize`, {
        ag_state: sealedState(page.body),
        username: 'x',
        password: 'y',
      });
      expect(res.status).toBe(400);
      expect(body).toContain('This sign-in form expired');
    });
  });

  describe('single sign-on', () => {
    it('a second authorization with the session cookie gets a code without a form', async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      expect((await signIn(browser, user)).res.status).toBe(303);
      const { res } = await browser.get(authorizeUrl(webRequest({ state: 'again' })));
      expect(res.status).toBe(302);
      const params = redirectParams(res);
      expect(params.get('code')).toMatch(/^agc_/);
      expect(params.get('state')).toBe('again');
      expect(params.get('iss')).toBe(issuerUrl);
      expect(await sessionsOf(user.id)).toHaveLength(1);
    });

    it('prompt=login shows the form despite the session; signing in again renews the same session', async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      await signIn(browser, user);
      const [before] = await sessionsOf(user.id);
      clock.advance(5_000);
      const page = await browser.get(authorizeUrl(webRequest({ prompt: 'login' })));
      expect(page.res.status).toBe(200);
      expect(page.body).toMatch(/autocomplete="current-password"/);
      const { res } = await browser.post(`${server.url}/${issuerId}/authorize`, {
        ag_state: sealedState(page.body),
        username: user.username,
        password: PASSWORD,
      });
      expect(res.status).toBe(303);
      const after = await sessionsOf(user.id);
      expect(after).toHaveLength(1);
      expect(after[0]!.id).toBe(before!.id);
      expect(after[0]!.authTime.getTime()).toBe(before!.authTime.getTime() + 5_000);
    });

    it('another user signing in on the same browser gets a session of their own', async () => {
      const first = await userWithPassword();
      const second = await userWithPassword();
      const browser = newBrowser();
      await signIn(browser, first);
      const cookie = browser.cookies.get('ag_session');
      await signIn(browser, second, webRequest({ prompt: 'login' }));
      expect(browser.cookies.get('ag_session')).not.toBe(cookie);
      expect(await sessionsOf(second.id)).toHaveLength(1);
    });

    it('prompt=none answers login_required without a session, and a code with one', async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      const none = await browser.get(authorizeUrl(webRequest({ prompt: 'none' })));
      expect(none.res.status).toBe(302);
      const params = redirectParams(none.res);
      expect(params.get('error')).toBe('login_required');
      expect(params.get('state')).toBe('st-1');
      expect(params.get('iss')).toBe(issuerUrl);

      await signIn(browser, user);
      const sso = await browser.get(authorizeUrl(webRequest({ prompt: 'none' })));
      expect(redirectParams(sso.res).get('code')).toMatch(/^agc_/);
    });

    it('max_age: an authentication older than it forces the form (prompt=none: login_required)', async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      await signIn(browser, user);
      expect((await browser.get(authorizeUrl(webRequest({ max_age: '0' })))).res.status).toBe(200);
      expect((await browser.get(authorizeUrl(webRequest({ max_age: '3600' })))).res.status).toBe(302);
      clock.advance(120_000);
      expect((await browser.get(authorizeUrl(webRequest({ max_age: '60' })))).res.status).toBe(200);
      const none = await browser.get(authorizeUrl(webRequest({ max_age: '60', prompt: 'none' })));
      expect(redirectParams(none.res).get('error')).toBe('login_required');
    });

    it('a cookie of another issuer, or a made-up one, is no session', async () => {
      const browser = newBrowser();
      browser.cookies.set('ag_session', `s_01jd0000000000000000000000.${randomBytes(32).toString('base64url')}`);
      const { res } = await browser.get(authorizeUrl(webRequest({ prompt: 'none' })));
      expect(redirectParams(res).get('error')).toBe('login_required');
    });
  });

  describe('two-step verification', () => {
    it('asks an enrolled user for a TOTP code; a correct code finishes; the same code in another sign-in is refused', async () => {
      const user = await enrolledUser();
      clock.advance(30_000);
      const browser = newBrowser();
      const step1 = await signIn(browser, user);
      expect(step1.res.status).toBe(200);
      expect(step1.body).toMatch(/autocomplete="one-time-code"/);
      expect(await sessionsOf(user.id)).toHaveLength(0);

      const code = codeNow(user.secret);
      const endpoint = `${server.url}/${issuerId}/authorize`;
      const wrong = await browser.post(endpoint, { ag_state: sealedState(step1.body), code: code === '000000' ? '111111' : '000000' });
      expect(wrong.res.status).toBe(400);
      expect(wrong.body).toContain('That code is not valid');

      const done = await browser.post(endpoint, { ag_state: sealedState(step1.body), code });
      expect(done.res.status).toBe(303);
      expect(redirectParams(done.res).get('code')).toMatch(/^agc_/);
      const [session] = await sessionsOf(user.id);
      expect(session!.amr).toEqual(['pwd', 'otp']);

      // another browser, same step: the code was used
      const other = newBrowser();
      const again = await signIn(other, user);
      const replay = await other.post(endpoint, { ag_state: sealedState(again.body), code });
      expect(replay.res.status).toBe(400);
      expect(replay.body).toContain('That code is not valid');
      expect(await sessionsOf(user.id)).toHaveLength(1);

      // the next step's code works
      clock.advance(30_000);
      const next = await other.post(endpoint, { ag_state: sealedState(again.body), code: codeNow(user.secret) });
      expect(next.res.status).toBe(303);
    });

    it('accepts a backup code once', async () => {
      const user = await enrolledUser();
      const codes = (await gql(RegenerateBackupCodes, { userId: user.id })).codes as string[];
      const endpoint = `${server.url}/${issuerId}/authorize`;
      const browser = newBrowser();
      const step1 = await signIn(browser, user);
      expect((await browser.post(endpoint, { ag_state: sealedState(step1.body), backup_code: codes[0]! })).res.status).toBe(303);
      const other = newBrowser();
      const again = await signIn(other, user);
      expect((await other.post(endpoint, { ag_state: sealedState(again.body), backup_code: codes[0]! })).res.status).toBe(400);
    });

    it('the second step cannot be skipped: a password-only SSO session of an enrolled user does not give codes', async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      await signIn(browser, user);
      const secret = (await gql(EnrollTotp, { userId: user.id })).secret as string;
      clock.advance(30_000);
      expect((await gql(VerifyTotp, { userId: user.id, code: codeNow(secret) })).__typename).toBe('VerifyTotpPayload');
      const none = await browser.get(authorizeUrl(webRequest({ prompt: 'none' })));
      expect(redirectParams(none.res).get('error')).toBe('login_required');
      expect((await browser.get(authorizeUrl(webRequest()))).res.status).toBe(200);
    });

    it('the second-step state expires', async () => {
      const user = await enrolledUser();
      const browser = newBrowser();
      const step1 = await signIn(browser, user);
      clock.advance(6 * 60_000);
      const late = await browser.post(`${server.url}/${issuerId}/authorize`, {
        ag_state: sealedState(step1.body),
        code: codeNow(user.secret),
      });
      expect(late.res.status).toBe(400);
      expect(late.body).toContain('This sign-in form expired');
      expect(await sessionsOf(user.id)).toHaveLength(0);
    });

    it('a user who must use MFA but has none enrolled cannot sign in', async () => {
      const strict = (
        (await gql(CreateIssuer, { name: `strict-${randomBytes(3).toString('hex')}`, mfaPolicy: 'REQUIRED' })).issuer as { id: string }
      ).id;
      const client = (
        (await gql(CreateClient, { issuerId: strict, name: 'Strict App', redirectUris: [REDIRECT] })).client as { id: string }
      ).id;
      const user = await userWithPassword(strict);
      const browser = newBrowser();
      const page = await browser.get(authorizeUrl({ client_id: client, redirect_uri: REDIRECT, response_type: 'code' }, strict));
      const { res, body } = await browser.post(`${server.url}/${strict}/authorize`, {
        ag_state: sealedState(page.body),
        username: user.username,
        password: PASSWORD,
      });
      expect(res.status).toBe(403);
      expect(body).toContain('administrator');
      expect(res.headers.get('location')).toBeNull();
      expect(await sessionsOf(user.id)).toHaveLength(0);
    });
  });

  describe('RP-initiated logout', () => {
    const endSession = (params: Record<string, string>) => `${server.url}/${issuerId}/end_session?${new URLSearchParams(params)}`;
    /** An ID token for `userId` signed with the issuer's current key (expired: a hint may be). */
    const idToken = async (userId: string, audience = webClient) => {
      const signer = await server.app.services.signingKeys.currentSigner(issuerId, 'ES256');
      const iat = Math.floor(clock.now().getTime() / 1000) - 7200;
      return new SignJWT({})
        .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'JWT' })
        .setIssuer(issuerUrl)
        .setSubject(userId)
        .setAudience(audience)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 300)
        .sign(signer.key);
    };
    const signedIn = async () => {
      const user = await userWithPassword();
      const browser = newBrowser();
      expect((await signIn(browser, user)).res.status).toBe(303);
      const [session] = await sessionsOf(user.id);
      return { user, browser, session: session! };
    };
    const statusOf = async (sessionId: string) =>
      (await server.app.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).status;

    it('with an id_token_hint of the signed-in user: revokes the session, clears the cookie and returns to the registered URI with state', async () => {
      const { user, browser, session } = await signedIn();
      const oldCookie = browser.cookies.get('ag_session')!;
      const { res } = await browser.get(
        endSession({ id_token_hint: await idToken(user.id), post_logout_redirect_uri: POST_LOGOUT, state: 'bye-1' }),
      );
      expect(res.status).toBe(303);
      expect(redirectParams(res, POST_LOGOUT).get('state')).toBe('bye-1');
      expect(browser.lastSetCookies.find((c) => c.startsWith('ag_session='))).toMatch(/^ag_session=; Max-Age=0; Path=\//);
      expect(await statusOf(session.id)).toBe('revoked');

      // the old cookie gives no SSO any more
      const replayed = newBrowser();
      replayed.cookies.set('ag_session', oldCookie);
      const none = await replayed.get(authorizeUrl(webRequest({ prompt: 'none' })));
      expect(redirectParams(none.res).get('error')).toBe('login_required');
    });

    it('redirects only to a registered post-logout URI, and needs to know the client for it', async () => {
      const { user, browser, session } = await signedIn();
      const hint = await idToken(user.id);
      const cases: Record<string, string>[] = [
        { id_token_hint: hint, post_logout_redirect_uri: 'https://evil.example/bye' },
        { id_token_hint: hint, post_logout_redirect_uri: REDIRECT },
        { client_id: webClient, post_logout_redirect_uri: `${POST_LOGOUT}/x` },
        { post_logout_redirect_uri: POST_LOGOUT },
        { id_token_hint: hint, client_id: spaClient, post_logout_redirect_uri: POST_LOGOUT },
      ];
      for (const params of cases) {
        const { res, body } = await browser.get(endSession(params));
        expect(res.status, JSON.stringify(params)).toBe(400);
        expect(res.headers.get('location')).toBeNull();
        expect(body).not.toContain('evil.example');
      }
      expect(await statusOf(session.id)).toBe('active');
    });

    it('refuses a hint not signed by the issuer', async () => {
      const { user, browser, session } = await signedIn();
      const { privateKey } = await generateKeyPair('ES256');
      const signer = await server.app.services.signingKeys.currentSigner(issuerId, 'ES256');
      const forged = await new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: signer.kid })
        .setIssuer(issuerUrl)
        .setSubject(user.id)
        .setAudience(webClient)
        .setIssuedAt()
        .sign(privateKey);
      const { res } = await browser.get(endSession({ id_token_hint: forged, post_logout_redirect_uri: POST_LOGOUT }));
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(await statusOf(session.id)).toBe('active');
    });

    it('without a hint (or with another user’s), asks first; the confirmation is CSRF-protected', async () => {
      const { browser, session } = await signedIn();
      const other = await userWithPassword();
      const requests: Record<string, string>[] = [
        { client_id: webClient, post_logout_redirect_uri: POST_LOGOUT, state: 's2' },
        { id_token_hint: await idToken(other.id), post_logout_redirect_uri: POST_LOGOUT, state: 's2' },
      ];
      for (const params of requests) {
        const page = await browser.get(endSession(params));
        expect(page.res.status).toBe(200);
        expect(page.body).toMatch(/<form method="post" action="end_session">/);
        expect(page.res.headers.get('content-security-policy')).toContain(`form-action 'self' ${RP}`);
        expect(await statusOf(session.id)).toBe('active');
      }
      const page = await browser.get(endSession({ client_id: webClient, post_logout_redirect_uri: POST_LOGOUT, state: 's2' }));
      const form = { ag_state: sealedState(page.body) };
      const endpoint = `${server.url}/${issuerId}/end_session`;

      const stranger = newBrowser();
      stranger.cookies.set('ag_session', browser.cookies.get('ag_session')!);
      const forged = await stranger.post(endpoint, form);
      expect(forged.res.status).toBe(400);
      expect(await statusOf(session.id)).toBe('active');

      const { res } = await browser.post(endpoint, form);
      expect(res.status).toBe(303);
      expect(redirectParams(res, POST_LOGOUT).get('state')).toBe('s2');
      expect(await statusOf(session.id)).toBe('revoked');
    });

    it('without a redirect URI ends on a "You are signed out" page', async () => {
      const { user, browser, session } = await signedIn();
      const { res, body } = await browser.get(endSession({ id_token_hint: await idToken(user.id) }));
      expect(res.status).toBe(200);
      expect(body).toContain('You are signed out');
      expect(await statusOf(session.id)).toBe('revoked');
      expect(browser.cookies.has('ag_session')).toBe(false);
    });
  });
});
