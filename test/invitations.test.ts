/**
 * Accepting an invitation is the invitee's act (issue 9, input 2 "Escalation through
 * invitations"): a credential holding `invitations:write` creates an invitation and must never be
 * able to accept it with the token it got back. The invitee accepts on the hosted page
 * (`acceptUrl`) by signing up or signing in as the invited address (TOTP when enrolled), or through
 * `acceptInvitation` with their own sign-in token. Driven like a browser against a real server;
 * user tokens come from the real sign-in flow (authorize → password → code → token endpoint).
 *
 * @see issue 9
 */
import { describe, expect, test as withFixtures } from './fixtures.js';
import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import type { TestServer } from './helpers/server.js';
import { manualClock } from './helpers/clock.js';
import { createApiKey, createIssuer, createMembership, createOrganization, createPersonalToken } from './helpers/fixtures.js';
import { createClient as createGraphQLClient } from './helpers/graphql.js';
import { ask, dbCounts, expectTypedError, expectUnchanged, send } from './helpers/state.js';
import { seedDelegation } from './helpers/tenants.js';
import {
  acceptBySignIn,
  acceptBySignUp,
  bearer,
  Browser,
  createWebClient,
  invitationFormUrl,
  sealedState,
  signedInUser,
  TEST_PASSWORD,
  userTokenBySignIn,
  type WebClient,
} from './helpers/browser.js';

const clock = manualClock();
// A file-local extension, not `test.override`: the test runner shares one fixtures module among
// the files of a worker (isolate: false), and a top-level override would outlive this file.
const test = withFixtures.extend({ serverClock: [clock, { scope: 'file' }] });
const it = test;

const CREATE_INVITATION = `
  mutation InvCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      __typename
      ... on CreateInvitationPayload { token acceptUrl invitation { id email scopes status } }
      ... on Error { code message }
    }
  }
`;

const ACCEPT_INVITATION = `
  mutation InvAcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      __typename
      ... on AcceptInvitationPayload { invitation { id status acceptedByUserId } membership { id scopes user { id username } } }
      ... on Error { code message }
      ... on ForbiddenError { field }
    }
  }
`;

const CREATE_CLIENT = `
  mutation InvCreateClient($input: CreateClientInput!) {
    createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } }
  }
`;

const ENROLL_TOTP = `
  mutation InvEnrollTotp($input: EnrollTotpInput!) {
    enrollTotp(input: $input) { __typename ... on EnrollTotpPayload { secret } ... on Error { code message } }
  }
`;

const VERIFY_TOTP = `
  mutation InvVerifyTotp($input: VerifyTotpInput!) {
    verifyTotp(input: $input) { __typename ... on Error { code message } }
  }
`;

const CREATE_AGENT = `
  mutation InvCreateAgent($input: CreateAgentInput!) {
    createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id } } ... on Error { code message } }
  }
`;

const CREATE_AGENT_VERIFIER = `
  mutation InvCreateAgentVerifier($input: CreateAgentVerifierInput!) {
    createAgentVerifier(input: $input) { __typename ... on CreateAgentVerifierPayload { secret } ... on Error { code message } }
  }
`;

const totpFor = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
const address = (name: string) => `${name}-${randomBytes(4).toString('hex')}@example.com`;

describe('accepting an invitation is the invitee’s act (issue 9, input 2)', () => {
  let server: TestServer;
  let issuerId: string;
  let web: WebClient;

  test.beforeAll(async ({ server: started }) => {
    server = started;
    issuerId = (await createIssuer(server.gql)).id;
    web = await createWebClient(server.gql, issuerId);
  }, 180_000);

  const prisma = () => server.app.db.prisma;

  async function invite(organizationId: string, email: string, scopes: string[], headers?: Record<string, string>) {
    const res = await send(server.gql, CREATE_INVITATION, { input: { organizationId, email, scopes } }, headers);
    expect(res.errors).toBeUndefined();
    expect(res.data.createInvitation.__typename, JSON.stringify(res.data)).toBe('CreateInvitationPayload');
    return res.data.createInvitation as { token: string; acceptUrl: string; invitation: { id: string; email: string } };
  }

  const accept = (input: Record<string, unknown>, headers?: Record<string, string>) =>
    send(server.gql, ACCEPT_INVITATION, { input }, headers);

  /** Nothing of the invitation happened: still pending, no membership for its address in its organization, no acceptance event. */
  async function expectNotAccepted(invitationId: string, email: string) {
    const row = await prisma().invitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(row).toMatchObject({ status: 'pending', acceptedAt: null, acceptedByUserId: null });
    expect(await prisma().membership.count({ where: { organizationId: row.organizationId, user: { username: email } } })).toBe(0);
    expect(await prisma().event.count({ where: { type: 'organization.invitation.accepted', subject: invitationId } })).toBe(0);
  }

  /** An org key of `organizationId` holding `scopes`, as a GraphQL client. */
  async function orgKey(organizationId: string, scopes: string[]) {
    const created = await createApiKey(server.gql, { organizationId, name: 'inviter', scopes });
    return createGraphQLClient(server.url, { username: created.id, password: created.secret });
  }

  /** @see issue 9 input 2 */
  it('an inviting credential can never accept its invitation', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const held = ['invitations:write', 'invoices:read'];

    // an organization key holding invitations:write
    const key = await orgKey(org.id, held);
    const another = await invite(org.id, address('by-account'), ['invoices:read']);
    const keyInvite = (
      await send(key, CREATE_INVITATION, { input: { organizationId: org.id, email: address('by-key'), scopes: ['invoices:read'] } })
    ).data.createInvitation;
    expect(keyInvite.__typename).toBe('CreateInvitationPayload');
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      const refused = expectTypedError(
        await send(key, ACCEPT_INVITATION, { input: { token: keyInvite.token } }),
        'acceptInvitation',
        'ForbiddenError',
        'FORBIDDEN',
      );
      expect(refused.field).toBeNull();
      // nor an invitation another credential made
      expectTypedError(
        await send(key, ACCEPT_INVITATION, { input: { token: another.token } }),
        'acceptInvitation',
        'ForbiddenError',
        'FORBIDDEN',
      );
    });
    await expectNotAccepted(keyInvite.invitation.id, keyInvite.invitation.email);

    // the account key
    const byAccount = await invite(org.id, address('by-account-key'), ['invoices:read', 'members:write']);
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      expectTypedError(await accept({ token: byAccount.token }), 'acceptInvitation', 'ForbiddenError', 'FORBIDDEN');
    });
    await expectNotAccepted(byAccount.invitation.id, byAccount.invitation.email);

    // a personal token of a member holding invitations:write, and that member's own sign-in token
    const inviter = await signedInUser(server.gql, server.url, issuerId, web, address('inviter'));
    await createMembership(server.gql, org.id, inviter.id, held);
    const pat = await createPersonalToken(server.gql, { userId: inviter.id, organizationId: org.id, name: 'inviter', scopes: held });
    const byPat = await invite(org.id, address('by-pat'), ['invoices:read'], bearer(pat.token));
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      expectTypedError(await accept({ token: byPat.token }, bearer(pat.token)), 'acceptInvitation', 'ForbiddenError', 'FORBIDDEN');
      // the inviter signed in as themselves is still not the invitee
      const own = expectTypedError(
        await accept({ token: byPat.token }, bearer(inviter.token)),
        'acceptInvitation',
        'ForbiddenError',
        'FORBIDDEN',
      );
      expect(own.field).toBe('token');
    });
    await expectNotAccepted(byPat.invitation.id, byPat.invitation.email);

    // an M2M client's token (client_credentials) of the organization
    const m2m = (
      await ask(server.gql, CREATE_CLIENT, {
        input: { issuerId, organizationId: org.id, name: 'inviter-service', type: 'M2M', scopes: held },
      })
    ).createClient;
    expect(m2m.__typename).toBe('CreateClientPayload');
    const tokenRes = await fetch(`${server.url}/${issuerId}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${m2m.client.id}:${m2m.secret}`).toString('base64')}`,
      },
      body: 'grant_type=client_credentials',
    });
    expect(tokenRes.status).toBe(200);
    const m2mToken = ((await tokenRes.json()) as { access_token: string }).access_token;
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      expectTypedError(await accept({ token: byAccount.token }, bearer(m2mToken)), 'acceptInvitation', 'ForbiddenError', 'FORBIDDEN');
    });
    await expectNotAccepted(byAccount.invitation.id, byAccount.invitation.email);
  });

  /** @see issue 9 input 2 (sibling: an agent acting for the invitee is not the invitee) */
  it('an agent’s delegated token for the invitee (token exchange) cannot accept', async () => {
    const home = await createOrganization(server.gql, issuerId, { name: 'Home Corp' });
    const agent = (await ask(server.gql, CREATE_AGENT, { input: { issuerId, name: 'Helper', scopes: ['invoices:read'] } })).createAgent
      .agent.id as string;
    const secret = (await ask(server.gql, CREATE_AGENT_VERIFIER, { input: { agentId: agent, type: 'SECRET' } })).createAgentVerifier
      .secret as string;
    await createMembership(server.gql, home.id, agent, ['invoices:read']);
    const client = await createWebClient(server.gql, issuerId, ['invoices:read']);
    const email = address('delegating');
    const invitee = await signedInUser(server.gql, server.url, issuerId, client, email, (userId) =>
      createMembership(server.gql, home.id, userId, ['invoices:read']),
    );
    // the invitee lets the agent act for them (token exchange needs a delegation)
    await seedDelegation(server, issuerId, invitee.id, agent, ['invoices:read']);
    const exchanged = await fetch(`${server.url}/${issuerId}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${agent}:${secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
        subject_token: invitee.token,
        subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      }).toString(),
    });
    const body = (await exchanged.json()) as { access_token?: string };
    expect(exchanged.status, JSON.stringify(body)).toBe(200);
    const org = await createOrganization(server.gql, issuerId);
    const { token, invitation } = await invite(org.id, email, ['invoices:read']);
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      expectTypedError(await accept({ token }, bearer(body.access_token!)), 'acceptInvitation', 'ForbiddenError', 'FORBIDDEN');
    });
    await expectNotAccepted(invitation.id, email);
    // the invitee's own sign-in token does accept
    expect((await accept({ token }, bearer(invitee.token))).data.acceptInvitation.__typename).toBe('AcceptInvitationPayload');
  });

  /** @see issue 9 input 2 */
  it('the invitee accepts on the hosted page by signing up', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Acme <Signup> & Co' });
    const email = address('newcomer');
    const { token, acceptUrl, invitation } = await invite(org.id, email, ['invoices:read', 'invoices:write']);
    expect(acceptUrl).toBe(`${server.app.publicUrl()}/${issuerId}/invitation?token=${token}`);

    const browser = new Browser();
    const page = await browser.get(acceptUrl);
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.res.headers.get('cache-control')).toBe('no-store');
    expect(page.res.headers.get('x-frame-options')).toBe('DENY');
    expect(page.res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(page.res.headers.get('content-security-policy')).toMatch(/default-src 'none'.*form-action 'self'; frame-ancestors 'none'/);
    expect(browser.lastSetCookies.find((c) => c.startsWith('ag_csrf='))).toMatch(
      new RegExp(`; Path=/${issuerId}; HttpOnly; SameSite=Lax$`),
    );
    expect(page.body).toContain('Acme &#60;Signup&#62; &#38; Co');
    expect(page.body).not.toContain('<Signup>');
    expect(page.body).toContain(email);
    expect(page.body).toMatch(/autocomplete="new-password"/);
    expect(page.body).toMatch(/<form method="post" action="invitation">/);
    expect(page.body).not.toContain(token);
    const state = sealedState(page.body);
    const form = invitationFormUrl(acceptUrl);

    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      // without the browser's CSRF cookie the form is stale
      const stranger = await new Browser().post(form, { ag_state: state, password: TEST_PASSWORD, password_confirm: TEST_PASSWORD });
      expect(stranger.res.status).toBe(400);
      expect(stranger.body).toContain('This invitation form expired');
      const mismatch = await browser.post(form, { ag_state: state, password: TEST_PASSWORD, password_confirm: `${TEST_PASSWORD}x` });
      expect(mismatch.res.status).toBe(400);
      expect(mismatch.body).toContain('The two passwords differ.');
      const weak = await browser.post(form, { ag_state: state, password: 'password1', password_confirm: 'password1' });
      expect(weak.res.status).toBe(400);
      expect(weak.body).toMatch(/role="alert">The password /);
    });
    await expectNotAccepted(invitation.id, email);

    const before = await dbCounts(server.app);
    const done = await browser.post(form, { ag_state: state, password: TEST_PASSWORD, password_confirm: TEST_PASSWORD });
    expect(done.res.status).toBe(200);
    expect(done.body).toContain('You joined Acme &#60;Signup&#62; &#38; Co');
    expect(await dbCounts(server.app)).toEqual({
      ...before,
      users: before.users! + 1,
      memberships: before.memberships! + 1,
      events: before.events! + 3,
    });

    const user = await prisma().user.findFirstOrThrow({ where: { issuerId, username: email } });
    // the token went to the inviting API caller, not provably to the mailbox: the address stays unverified
    expect(user).toMatchObject({ usernameType: 'email', email, emailVerified: false, status: 'active' });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    const membership = await prisma().membership.findFirstOrThrow({ where: { organizationId: org.id, userId: user.id } });
    expect(membership.scopes).toEqual(['invoices:read', 'invoices:write']);
    expect(await prisma().invitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({
      status: 'accepted',
      acceptedByUserId: user.id,
    });
    const events = await prisma().event.findMany({
      where: {
        OR: [
          { subject: user.id, type: 'user.created' },
          { subject: membership.id },
          { subject: invitation.id, type: 'organization.invitation.accepted' },
        ],
      },
    });
    expect(events.map((e) => [e.type, e.actorType, e.actorId]).sort()).toEqual([
      ['organization.invitation.accepted', 'user', user.id],
      ['organization.membership.created', 'user', user.id],
      ['user.created', 'user', user.id],
    ]);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain('argon2');

    // the new user signs in with the chosen password; the link now says it was used
    expect(await userTokenBySignIn(server.url, issuerId, web, email, TEST_PASSWORD)).toEqual(expect.any(String));
    const again = await new Browser().get(acceptUrl);
    expect(again.res.status).toBe(410);
    expect(again.body).toContain('Invitation already accepted');
    // the old form cannot be replayed
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      const replay = await browser.post(form, { ag_state: state, password: TEST_PASSWORD, password_confirm: TEST_PASSWORD });
      expect(replay.res.status).toBe(410);
    });
  });

  /** @see issue 9 input 2 */
  it('the invitee accepts by signing in (with TOTP when enrolled)', async () => {
    const org = await createOrganization(server.gql, issuerId, { name: 'Signin Corp' });

    // without a second factor: the password is enough
    const plain = await signedInUser(server.gql, server.url, issuerId, web, address('plain'));
    const plainEmail = (await prisma().user.findUniqueOrThrow({ where: { id: plain.id } })).username;
    const first = await invite(org.id, plainEmail, ['reports:read']);
    const page = await new Browser().get(first.acceptUrl);
    expect(page.body).toMatch(/autocomplete="current-password"/);
    expect(page.body).not.toMatch(/new-password/);
    const wrong = await acceptBySignIn(first.acceptUrl, 'not-the-password-at-all');
    expect(wrong.res.status).toBe(400);
    expect(wrong.body).toContain('Incorrect password.');
    await expectNotAccepted(first.invitation.id, plainEmail);
    const joined = await acceptBySignIn(first.acceptUrl, TEST_PASSWORD);
    expect(joined.res.status).toBe(200);
    expect(joined.body).toContain('You joined Signin Corp');
    expect((await prisma().membership.findFirstOrThrow({ where: { organizationId: org.id, userId: plain.id } })).scopes).toEqual([
      'reports:read',
    ]);
    const acceptedEvent = await prisma().event.findFirstOrThrow({
      where: { type: 'organization.invitation.accepted', subject: first.invitation.id },
    });
    expect([acceptedEvent.actorType, acceptedEvent.actorId]).toEqual(['user', plain.id]);

    // with TOTP enrolled: password, then a code
    const enrolled = await signedInUser(server.gql, server.url, issuerId, web, address('totp'));
    const enrolledEmail = (await prisma().user.findUniqueOrThrow({ where: { id: enrolled.id } })).username;
    const secret = (await ask(server.gql, ENROLL_TOTP, { input: { userId: enrolled.id } })).enrollTotp.secret as string;
    const codeNow = () => totpFor(secret).generate({ timestamp: clock.now().getTime() });
    expect((await ask(server.gql, VERIFY_TOTP, { input: { userId: enrolled.id, code: codeNow() } })).verifyTotp.__typename).toBe(
      'VerifyTotpPayload',
    );
    clock.advance(30_000);
    const second = await invite(org.id, enrolledEmail, ['reports:read', 'reports:write']);

    const browser = new Browser();
    const form = invitationFormUrl(second.acceptUrl);
    const opened = await browser.get(second.acceptUrl);
    const asked = await browser.post(form, { ag_state: sealedState(opened.body), password: TEST_PASSWORD });
    expect(asked.res.status).toBe(200);
    expect(asked.body).toMatch(/autocomplete="one-time-code"/);
    await expectNotAccepted(second.invitation.id, enrolledEmail);
    const badCode = await browser.post(form, { ag_state: sealedState(asked.body), code: '000000' === codeNow() ? '111111' : '000000' });
    expect(badCode.res.status).toBe(400);
    await expectNotAccepted(second.invitation.id, enrolledEmail);
    // the second-factor state is bound to this browser
    const elsewhere = await new Browser().post(form, { ag_state: sealedState(asked.body), code: codeNow() });
    expect(elsewhere.res.status).toBe(400);
    await expectNotAccepted(second.invitation.id, enrolledEmail);
    const done = await browser.post(form, { ag_state: sealedState(asked.body), code: codeNow() });
    expect(done.res.status).toBe(200);
    expect(done.body).toContain('You joined Signin Corp');
    expect((await prisma().membership.findFirstOrThrow({ where: { organizationId: org.id, userId: enrolled.id } })).scopes).toEqual([
      'reports:read',
      'reports:write',
    ]);
    const events = await prisma().event.findMany({
      where: {
        organizationId: org.id,
        type: { in: ['organization.invitation.accepted', 'organization.membership.created'] },
        actorId: enrolled.id,
      },
    });
    expect(events.map((e) => [e.type, e.actorType]).sort()).toEqual([
      ['organization.invitation.accepted', 'user'],
      ['organization.membership.created', 'user'],
    ]);
  });

  /** @see issue 9 input 2 */
  it('a user token of another address cannot accept', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const invitee = await signedInUser(server.gql, server.url, issuerId, web, address('intended'));
    const inviteeEmail = (await prisma().user.findUniqueOrThrow({ where: { id: invitee.id } })).username;
    const other = await signedInUser(server.gql, server.url, issuerId, web, address('other'));
    const { token, invitation } = await invite(org.id, inviteeEmail.toUpperCase(), ['invoices:read']);

    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      const refused = expectTypedError(await accept({ token }, bearer(other.token)), 'acceptInvitation', 'ForbiddenError', 'FORBIDDEN');
      expect(refused.field).toBe('token');
      // nor by naming the invitee
      expectTypedError(await accept({ token, userId: invitee.id }, bearer(other.token)), 'acceptInvitation', 'ForbiddenError', 'FORBIDDEN');
      // the invitee cannot accept for someone else
      const forOther = expectTypedError(
        await accept({ token, userId: other.id }, bearer(invitee.token)),
        'acceptInvitation',
        'ForbiddenError',
        'FORBIDDEN',
      );
      expect(forOther.field).toBe('userId');
    });
    await expectNotAccepted(invitation.id, inviteeEmail);

    // the invitee's own sign-in token accepts (the address compares case-insensitively)
    const res = await accept({ token }, bearer(invitee.token));
    expect(res.data.acceptInvitation).toMatchObject({
      __typename: 'AcceptInvitationPayload',
      invitation: { id: invitation.id, status: 'ACCEPTED', acceptedByUserId: invitee.id },
      membership: { scopes: ['invoices:read'], user: { id: invitee.id } },
    });
    const event = await prisma().event.findFirstOrThrow({ where: { type: 'organization.invitation.accepted', subject: invitation.id } });
    expect([event.actorType, event.actorId]).toEqual(['access_token', invitee.id]);
  });

  /** @see issue 9 input 2 */
  it("another issuer's token page answers like an unknown token", async () => {
    const otherIssuer = (await createIssuer(server.gql)).id;
    const otherOrg = await createOrganization(server.gql, otherIssuer, { name: 'Elsewhere Secret Corp' });
    const email = address('elsewhere');
    const foreign = await invite(otherOrg.id, email, ['invoices:read']);
    const unknownToken = `agi_${randomBytes(32).toString('base64url')}`;

    const here = (token: string) => new Browser().get(`${server.url}/${issuerId}/invitation?token=${encodeURIComponent(token)}`);
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      const foreignPage = await here(foreign.token);
      const unknownPage = await here(unknownToken);
      const malformed = await here('not-a-token');
      const missing = await new Browser().get(`${server.url}/${issuerId}/invitation`);
      expect(foreignPage.res.status).toBe(404);
      for (const other of [unknownPage, malformed, missing]) {
        expect(other.res.status).toBe(foreignPage.res.status);
        expect(other.body).toBe(foreignPage.body);
      }
      expect(foreignPage.body).toContain('This invitation link is not valid');
      expect(foreignPage.body).not.toContain('Elsewhere Secret Corp');
      expect(foreignPage.body).not.toContain(email);
    });
    const local = await signedInUser(server.gql, server.url, issuerId, web, email);
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      const a = expectTypedError(
        await accept({ token: foreign.token }, bearer(local.token)),
        'acceptInvitation',
        'NotFoundError',
        'NOT_FOUND',
      );
      const b = expectTypedError(
        await accept({ token: unknownToken }, bearer(local.token)),
        'acceptInvitation',
        'NotFoundError',
        'NOT_FOUND',
      );
      expect(a).toEqual(b);
    });
    await expectNotAccepted(foreign.invitation.id, email);
    // at its own issuer the link works
    expect((await new Browser().get(foreign.acceptUrl)).res.status).toBe(200);
  });

  it('revoked and expired invitations show a page saying so and accept nothing', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const revoked = await invite(org.id, address('revoked'), ['a:b']);
    await ask(server.gql, `mutation InvRevoke($input: RevokeInvitationInput!) { revokeInvitation(input: $input) { __typename } }`, {
      input: { id: revoked.invitation.id },
    });
    const expired = await invite(org.id, address('expired'), ['a:b']);
    await prisma().invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(clock.now().getTime() - 1000) } });
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      const r = await acceptBySignUp(revoked.acceptUrl, TEST_PASSWORD);
      expect(r.res.status).toBe(410);
      expect(r.body).toContain('Invitation withdrawn');
      const e = await acceptBySignUp(expired.acceptUrl, TEST_PASSWORD);
      expect(e.res.status).toBe(410);
      expect(e.body).toContain('Invitation expired');
    });
  });

  /** @see review rev9 F4, F20 (siblings: a personal token, a key made by a key) */
  it('an invitation is its creator’s grant: it records createdBy, expires no later, and is revoked with it', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const held = ['invitations:write', 'api-keys:write', 'invoices:read'];
    const inviter = await signedInUser(server.gql, server.url, issuerId, web, address('lineage-inviter'));
    await createMembership(server.gql, org.id, inviter.id, held);
    const patExpiresAt = new Date(clock.now().getTime() + 3_600_000);
    const pat = (
      await ask(
        server.gql,
        `mutation InvLineagePat($input: CreatePersonalTokenInput!) { createPersonalToken(input: $input) { __typename ... on CreatePersonalTokenPayload { token personalToken { id } } } }`,
        {
          input: { userId: inviter.id, organizationId: org.id, name: 'lineage', scopes: held, expiresAt: patExpiresAt.toISOString() },
        },
      )
    ).createPersonalToken;
    expect(pat.__typename).toBe('CreatePersonalTokenPayload');
    const patId = pat.personalToken.id as string;

    // the default lifetime (7 days) is capped at the token's expiry; an explicit one too
    const pending = await invite(org.id, address('lineage-pending'), ['invoices:read'], bearer(pat.token));
    const longer = (
      await send(
        server.gql,
        CREATE_INVITATION,
        { input: { organizationId: org.id, email: address('lineage-long'), scopes: ['invoices:read'], expiresInHours: 48 } },
        bearer(pat.token),
      )
    ).data.createInvitation;
    expect(longer.__typename).toBe('CreateInvitationPayload');
    const acceptedEmail = address('lineage-accepted');
    const accepted = await invite(org.id, acceptedEmail, ['invoices:read'], bearer(pat.token));
    expect((await acceptBySignUp(accepted.acceptUrl, TEST_PASSWORD)).res.status).toBe(200);
    const INVITATION = `query InvLineageNode($id: ID!) { node(id: $id) { ... on Invitation { createdBy expiresAt status } } }`;
    for (const id of [pending.invitation.id, longer.invitation.id]) {
      const node = (await ask(server.gql, INVITATION, { id })).node;
      expect(node).toEqual({ createdBy: patId, expiresAt: patExpiresAt.toISOString(), status: 'PENDING' });
    }

    // revoking the token revokes its pending invitations (not the accepted one), each with its cause
    await ask(
      server.gql,
      `mutation InvLineageRevokePat($input: RevokePersonalTokenInput!) { revokePersonalToken(input: $input) { __typename } }`,
      { input: { id: patId } },
    );
    for (const id of [pending.invitation.id, longer.invitation.id]) {
      expect(await prisma().invitation.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: 'revoked',
        revokedAt: expect.any(Date),
      });
      const events = await prisma().event.findMany({ where: { type: 'organization.invitation.revoked', subject: id } });
      expect(events.map((e) => e.data)).toEqual([
        expect.objectContaining({ id, status: 'revoked', createdBy: patId, cause: { revokedWith: patId } }),
      ]);
    }
    expect(await prisma().invitation.findUniqueOrThrow({ where: { id: accepted.invitation.id } })).toMatchObject({ status: 'accepted' });
    expect(await prisma().membership.count({ where: { organizationId: org.id, user: { username: acceptedEmail } } })).toBe(1);
    await server.app.flushMetered();
    await expectUnchanged(server, async () => {
      const page = await acceptBySignUp(pending.acceptUrl, TEST_PASSWORD);
      expect(page.res.status).toBe(410);
      expect(page.body).toContain('Invitation withdrawn');
    });

    // down a chain: a key made by a key invites; revoking the first revokes the invitation
    const parent = await createApiKey(server.gql, { organizationId: org.id, name: 'lineage-parent', scopes: held });
    const parentClient = createGraphQLClient(server.url, { username: parent.id, password: parent.secret });
    const child = await createApiKey(parentClient, {
      organizationId: org.id,
      name: 'lineage-child',
      scopes: ['invitations:write', 'invoices:read'],
    });
    const childClient = createGraphQLClient(server.url, { username: child.id, password: child.secret });
    const byChild = (
      await send(childClient, CREATE_INVITATION, {
        input: { organizationId: org.id, email: address('lineage-chain'), scopes: ['invoices:read'] },
      })
    ).data.createInvitation;
    expect(byChild.__typename).toBe('CreateInvitationPayload');
    await ask(server.gql, `mutation InvLineageRevokeKey($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { __typename } }`, {
      input: { id: parent.id },
    });
    expect(await prisma().invitation.findUniqueOrThrow({ where: { id: byChild.invitation.id } })).toMatchObject({
      status: 'revoked',
      createdById: child.id,
    });
    const chainEvent = await prisma().event.findFirstOrThrow({
      where: { type: 'organization.invitation.revoked', subject: byChild.invitation.id },
    });
    expect(chainEvent.data).toMatchObject({ cause: { revokedWith: child.id } });
  });

  it('two browsers signing up with one invitation: exactly one joins', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const email = address('race');
    const { acceptUrl } = await invite(org.id, email, ['a:b']);
    const a = new Browser();
    const b = new Browser();
    const [pageA, pageB] = [await a.get(acceptUrl), await b.get(acceptUrl)];
    const form = invitationFormUrl(acceptUrl);
    const before = await dbCounts(server.app);
    const results = await Promise.all([
      a.post(form, { ag_state: sealedState(pageA.body), password: TEST_PASSWORD, password_confirm: TEST_PASSWORD }),
      b.post(form, { ag_state: sealedState(pageB.body), password: TEST_PASSWORD, password_confirm: TEST_PASSWORD }),
    ]);
    expect(results.map((r) => r.res.status).sort()).toEqual([200, 410]);
    expect(await dbCounts(server.app)).toEqual({
      ...before,
      users: before.users! + 1,
      memberships: before.memberships! + 1,
      events: before.events! + 3,
    });
    const bodies = results.map((r) => r.body).sort((x, y) => (x.includes('You joined') ? -1 : y.includes('You joined') ? 1 : 0));
    expect(bodies[0]).toContain('You joined');
    expect(bodies[1]).toContain('Invitation already accepted');
  });
});
