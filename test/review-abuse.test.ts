/**
 * Black-box review of the issue-10 fixes (rev10): each test is one finding, named after it, and
 * fails on main until the finding is fixed. The real server on a loopback port; source addresses
 * are varied through X-Forwarded-For from a trusted proxy (TRUST_PROXY=127.0.0.1).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer, createOrganization, createUser } from './helpers/fixtures.js';
import { basic } from './helpers/graphql.js';
import { Secret, TOTP } from 'otpauth';

type Obj = Record<string, any>;

const PASSWORD = 'violet-anchor-quartz-88';
const REDIRECT = 'https://rp.example.com/callback';
const CreateClient = `mutation RvClient($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }`;
const CreateApiKey = `mutation RvKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { secret apiKey { id } } ... on Error { code message } } }`;
const CreateInvitation = `mutation RvInvite($input: CreateInvitationInput!) { createInvitation(input: $input) { __typename ... on CreateInvitationPayload { acceptUrl } ... on Error { code message } } }`;
const EnrollTotp = `mutation RvEnroll($input: EnrollTotpInput!) { enrollTotp(input: $input) { __typename ... on EnrollTotpPayload { secret } ... on Error { code message } } }`;
const VerifyTotp = `mutation RvVerify($input: VerifyTotpInput!) { verifyTotp(input: $input) { __typename ... on Error { code message } } }`;
const SetPassword = `mutation RvPassword($input: SetUserPasswordInput!) { setUserPassword(input: $input) { __typename ... on Error { code message } } }`;

async function mutate(server: TestServer, doc: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, unknown>(doc, { input });
  return Object.values(data)[0]!;
}
const form = (params: Record<string, string>) => new URLSearchParams(params).toString();
const basicAuth = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64')}`;

/** A browser for the hosted sign-in from one source address (cookies kept, redirects not followed). */
class Browser {
  readonly cookies = new Map<string, string>();
  constructor(readonly address: string) {}
  async request(url: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    headers.set('x-forwarded-for', this.address);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
    return { res, body: await res.text() };
  }
  async signIn(baseUrl: string, issuerId: string, clientId: string, username: string, password: string): Promise<number> {
    this.cookies.delete('ag_session');
    const params = new URLSearchParams({ client_id: clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'openid', state: 's' });
    const page = await this.request(`${baseUrl}/${issuerId}/authorize?${params}`);
    expect(page.res.status).toBe(200);
    const state = /name="ag_state" value="([^"]+)"/.exec(page.body)![1]!;
    const { res } = await this.request(`${baseUrl}/${issuerId}/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form({ ag_state: state, username, password }),
    });
    return res.status;
  }
}

/** Fullwidth form of an ASCII letter (U+FF21..): the sign-in lookup maps it back (RFC 8264 §9.2). */
const fullwidth = (ch: string) => String.fromCodePoint(ch.codePointAt(0)! - 0x21 + 0xff01);

describe('review of abuse resistance (rev10)', () => {
  let server: TestServer;
  let issuerId: string;
  let issuerUrl: string;
  let web: string;
  let m2m: { id: string; secret: string };
  let orgId: string;

  beforeAll(async () => {
    server = await startServer({
      TRUST_PROXY: '127.0.0.1',
      AUTH_FAILURE_LIMIT: '5',
      AUTH_FAILURE_ADDRESS_LIMIT: '12',
      SIGN_IN_USERNAME_LIMIT: '5',
      SIGN_IN_ADDRESS_LIMIT: '8',
    });
    issuerId = (await createIssuer(server.gql)).id;
    orgId = (await createOrganization(server.gql, issuerId)).id;
    issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
    web = (await mutate(server, CreateClient, { issuerId, name: 'web', redirectUris: [REDIRECT], scopes: [] })).client.id;
    const c = await mutate(server, CreateClient, { issuerId, name: 'svc', type: 'M2M', scopes: ['org:read'], organizationId: orgId });
    m2m = { id: c.client.id, secret: c.secret };
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('F1 fullwidth spelling of a locked username gets a fresh per-username counter (sign-in lockout bypass)', async () => {
    const local = `grace${randomBytes(3).toString('hex')}`;
    const username = `${local}@example.com`;
    const user = await createUser(server.gql, issuerId, username);
    expect((await mutate(server, SetPassword, { userId: user.id, password: PASSWORD })).__typename).toBe('SetUserPasswordPayload');
    // the lookup accepts the fullwidth spelling as the same user (width mapping)
    const variant = `${fullwidth(local[0]!)}${local.slice(1)}@example.com`;
    expect(await new Browser('198.51.100.1').signIn(server.url, issuerId, web, variant, PASSWORD)).toBe(303);

    // strangers from five addresses lock the exact name for unknown browsers
    for (let i = 0; i < 5; i++)
      expect(await new Browser(`203.0.113.${10 + i}`).signIn(server.url, issuerId, web, username, 'wrong-password-1')).toBe(400);
    expect(await new Browser('203.0.113.30').signIn(server.url, issuerId, web, username, PASSWORD)).toBe(429);
    // the same user under a fullwidth spelling must be locked too; today it is a fresh counter
    expect(await new Browser('203.0.113.31').signIn(server.url, issuerId, web, variant, 'wrong-password-2')).toBe(429);
    expect(await new Browser('203.0.113.32').signIn(server.url, issuerId, web, variant, PASSWORD)).toBe(429);
  });

  it('F2 IPv6 addresses are counted one by one: rotating within one /64 never trips the failed-authentication or sign-in address limits', async () => {
    // /token: wrong client secrets for one client, each from another address of 2001:db8:1:2::/64
    const statuses: number[] = [];
    for (let i = 1; i <= 14; i++) {
      const res = await fetch(`${issuerUrl}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: basicAuth(m2m.id, `wrong-${i}`),
          'x-forwarded-for': `2001:db8:1:2::${i.toString(16)}`,
        },
        body: form({ grant_type: 'client_credentials' }),
      });
      statuses.push(res.status);
    }
    expect.soft(statuses, `/token statuses ${statuses}`).toContain(429);

    // sign-in: one /64 spraying usernames
    const sprayed: number[] = [];
    for (let i = 1; i <= 9; i++)
      sprayed.push(
        await new Browser(`2001:db8:9:9::${i.toString(16)}`).signIn(
          server.url,
          issuerId,
          web,
          `nobody${i}-${randomBytes(2).toString('hex')}@example.com`,
          'wrong-password-1',
        ),
      );
    expect(sprayed, `sprayed ${sprayed}`).toContain(429);
  });

  it('F3 distributed guessing of one API key (a few failures from each of many addresses) never fires credential.guessing-suspected for that key', async () => {
    const key = await mutate(server, CreateApiKey, { organizationId: orgId, name: 'distributed', scopes: ['org:read'] });
    const id = key.apiKey.id as string;
    // 40 wrong secrets: 4 from each of 10 addresses (under both the per-identifier and per-address limits)
    for (let a = 0; a < 10; a++) {
      for (let i = 0; i < 4; i++) {
        const res = await fetch(`${server.url}/v1/me`, {
          headers: { authorization: basic(id, `wrong-${a}-${i}`), 'x-forwarded-for': `192.0.2.${100 + a}` },
        });
        expect(res.status).toBe(401);
      }
    }
    // 40 failures on one key (8x AUTH_FAILURE_LIMIT) must reach the key's owner (events are recorded after the answer)
    let found = 0;
    for (let i = 0; i < 30 && found === 0; i++) {
      const events = await server.app.db.prisma.event.findMany({ where: { type: 'credential.guessing-suspected' } });
      found = events.filter((e) => (e.data as Obj).identifier === id).length;
      if (found === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(found, 'no guessing event for the key').toBeGreaterThan(0);
  });

  it('F4 a stranger holding an invitation to the victim address locks the victim out: wrong passwords on the invitation page set the per-user lock that the sign-in second factor obeys', async () => {
    const email = `victim${randomBytes(3).toString('hex')}@example.com`;
    const victim = await createUser(server.gql, issuerId, email);
    expect((await mutate(server, SetPassword, { userId: victim.id, password: PASSWORD })).__typename).toBe('SetUserPasswordPayload');
    const secret = (await mutate(server, EnrollTotp, { userId: victim.id })).secret as string;
    const totp = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
    expect((await mutate(server, VerifyTotp, { userId: victim.id, code: totp.generate() })).__typename).toBe('VerifyTotpPayload');

    // the owner signed in from this browser before: it holds the device cookie (OWASP device
    // cookies; unknown browsers are throttled per username by design, known ones never)
    const owner = new Browser('198.51.100.200');
    const signIn = async (code: string) => {
      // prompt=login: the browser's earlier sign-in must not answer for it
      const params = new URLSearchParams({
        client_id: web,
        redirect_uri: REDIRECT,
        response_type: 'code',
        scope: 'openid',
        state: 's',
        prompt: 'login',
      });
      const page = await owner.request(`${server.url}/${issuerId}/authorize?${params}`);
      const state = /name="ag_state" value="([^"]+)"/.exec(page.body)![1]!;
      const asked = await owner.request(`${server.url}/${issuerId}/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ ag_state: state, username: email, password: PASSWORD }),
      });
      expect(asked.res.status).toBe(200);
      const mfaState = /name="ag_state" value="([^"]+)"/.exec(asked.body)![1]!;
      return owner.request(`${server.url}/${issuerId}/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ ag_state: mfaState, code }),
      });
    };
    expect((await signIn(totp.generate({ timestamp: Date.now() + 30_000 }))).res.status).toBe(303);

    // the attacker runs their own organization in the same issuer and invites the victim's address
    const attackerOrg = (await createOrganization(server.gql, issuerId)).id;
    const invitation = await mutate(server, CreateInvitation, { organizationId: attackerOrg, email, scopes: ['org:read'] });
    expect(invitation.__typename).toBe('CreateInvitationPayload');
    const formUrl = new URL(invitation.acceptUrl);
    formUrl.search = '';
    for (let i = 0; i < 6; i++) {
      const attacker = new Browser(`203.0.113.${120 + i}`);
      const page = await attacker.request(invitation.acceptUrl);
      const state = /name="ag_state" value="([^"]+)"/.exec(page.body)![1]!;
      await attacker.request(formUrl.toString(), {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form({ ag_state: state, password: `wrong-password-${i}` }),
      });
    }

    // the victim, from their own (known) browser: the password step passes (signIn asserts 200, not
    // 429), and the account carries no lock the second factor would obey (the TOTP code of the first
    // sign-in may not be replayed, so the lock is read rather than provoked with another code)
    await signIn(totp.generate({ timestamp: Date.now() + 30_000 }));
    const row = await server.app.db.prisma.user.findUniqueOrThrow({
      where: { id: victim.id },
      select: { lockedUntil: true, failedLoginCount: true },
    });
    expect(row, 'the owner is locked out by a stranger').toEqual({ lockedUntil: null, failedLoginCount: 0 });
  });
});
