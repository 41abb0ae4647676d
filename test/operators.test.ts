/**
 * Operators (issue 15) without a browser: the setup link creates the first owner once; an
 * operator signs in on the system issuer's hosted page with code + PKCE (the console is a public
 * client) and the access token is an account-level credential on the Core API; read-only operators
 * read everything and every mutation is refused; signing out (end_session) stops the token at once;
 * the system issuer never shows in the tenant graph.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { acceptBySignIn, acceptBySignUp, TEST_PASSWORD } from './helpers/browser.js';
import { consoleConfig, gqlAs, operatorSignIn, type ConsoleConfig } from './helpers/operators.js';
import { Secret, TOTP } from 'otpauth';

let server: TestServer;
let config: ConsoleConfig;

/** The console's sign-in (test/helpers/operators.ts) as this file calls it. */
const signIn = (username: string, password: string, totp?: () => string) => operatorSignIn(server, config, username, { password, totp });
const gql = (token: string, query: string, variables: Record<string, unknown> = {}) => gqlAs(server, token, query, variables);

async function setup(link: string, email: string, password: string, totp?: { secret: string; code: string }) {
  const token = new URL(link).hash.replace('#token=', '');
  const res = await fetch(`${server.url}/console/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email, password, totp }),
  });
  return { status: res.status, body: (await res.json()) as { userId?: string; errors?: { path: string; message: string }[] } };
}

beforeAll(async () => {
  server = await startServer();
  config = await consoleConfig(server);
});
afterAll(() => server?.stop());

describe('operators', () => {
  let owner: Awaited<ReturnType<typeof signIn>>;
  let ownerTotp: TOTP;

  it('the setup link creates the first owner exactly once, TOTP enrolled; a weak password or a wrong code changes nothing', async () => {
    const link = await server.app.services.operators.setupLink(server.url);
    expect(link).toMatch(/\/console\/setup#token=ags_/);
    const token = new URL(link!).hash.replace('#token=', '');
    const offered = await fetch(`${server.url}/console/api/setup/totp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, email: 'ops@example.com' }),
    });
    expect(offered.status).toBe(200);
    const enrol = (await offered.json()) as { secret: string; otpauthUri: string };
    expect(enrol.otpauthUri).toMatch(/^otpauth:\/\/totp\/Authgraph%20console:ops%40example\.com\?/);
    ownerTotp = new TOTP({ secret: Secret.fromBase32(enrol.secret), algorithm: 'SHA1', digits: 6, period: 30 });
    const weak = await setup(link!, 'ops@example.com', 'password');
    expect(weak.status).toBe(400);
    expect(weak.body.errors![0]!.path).toBe('password');
    const stale = ownerTotp.generate({ timestamp: Date.now() - 10 * 60_000 });
    const wrongCode = await setup(link!, 'ops@example.com', TEST_PASSWORD, { secret: enrol.secret, code: stale });
    expect(wrongCode.status).toBe(400);
    expect(wrongCode.body.errors![0]!.path).toBe('totp.code');
    const made = await setup(link!, 'ops@example.com', TEST_PASSWORD, { secret: enrol.secret, code: ownerTotp.generate() });
    expect(made.status).toBe(201);
    const stored = await server.app.db.prisma.user.findUniqueOrThrow({ where: { id: made.body.userId! } });
    expect(stored.totpSecretEnc).not.toBeNull();
    expect(stored.totpSecretEnc).not.toContain(enrol.secret);
    const again = await setup(link!, 'other@example.com', TEST_PASSWORD);
    expect(again.status).toBe(400);
    expect(again.body.errors![0]!.path).toBe('token');
    // an operator exists now: no further setup links
    expect(await server.app.services.operators.setupLink(server.url)).toBeNull();
  });

  it("an owner's console token is an account-level credential; the system issuer stays out of the graph", async () => {
    // the sign-in asks for the code (the setup spent the current step: the next one is accepted)
    await expect(signIn('ops@example.com', TEST_PASSWORD)).rejects.toThrow(/second factor/);
    owner = await signIn('ops@example.com', TEST_PASSWORD, () => ownerTotp.generate({ timestamp: Date.now() + 30_000 }));
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
    // their own second factor is the one change a read-only operator makes, on their own user only
    const readerId = (await gql(reader.access_token, '{ currentOperator { userId } }')).body.data!.currentOperator.userId;
    const ownerUserId = (await gql(owner.access_token, '{ currentOperator { userId } }')).body.data!.currentOperator.userId;
    const enrol = 'mutation($input: EnrollTotpInput!) { enrollTotp(input: $input) { __typename ... on EnrollTotpPayload { secret } } }';
    expect((await gql(reader.access_token, enrol, { input: { userId: readerId } })).body.data!.enrollTotp.__typename).toBe(
      'EnrollTotpPayload',
    );
    expect((await gql(reader.access_token, enrol, { input: { userId: ownerUserId } })).body.data!.enrollTotp.__typename).toBe(
      'NotFoundError',
    );
    const mixed = await gql(
      reader.access_token,
      'mutation($input: EnrollTotpInput!) { enrollTotp(input: $input) { __typename } createIssuer(input: { name: "smuggled" }) { __typename } }',
      { input: { userId: readerId } },
    );
    expect(mixed.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');
    const count = await gql(owner.access_token, '{ issuers { totalCount } operators { username role } }');
    expect(count.body.data!.issuers.totalCount).toBe(1);
    expect(count.body.data!.operators.map((o: { role: string }) => o.role).sort()).toEqual(['OWNER', 'READ_ONLY']);
  });

  it("an operator's refresh tokens rotate; a reused one ends the whole family at once", async () => {
    const reader = await signIn('viewer@example.com', TEST_PASSWORD);
    const refresh = (token: string) =>
      fetch(`${config.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token, client_id: config.clientId }),
      });
    const first = await refresh(reader.refresh_token);
    const rotated = (await first.json()) as { access_token: string; refresh_token: string };
    expect(first.status).toBe(200);
    expect(rotated.refresh_token).not.toBe(reader.refresh_token);
    expect((await gql(rotated.access_token, '{ currentOperator { role } }')).body.data!.currentOperator.role).toBe('READ_ONLY');
    // the spent token presented again: reuse, the session is compromised
    const reused = await refresh(reader.refresh_token);
    expect(reused.status).toBe(400);
    expect(((await reused.json()) as { error: string }).error).toBe('invalid_grant');
    expect((await gql(rotated.access_token, '{ currentOperator { role } }')).status).toBe(401);
    expect((await gql(reader.access_token, '{ currentOperator { role } }')).status).toBe(401);
    expect((await refresh(rotated.refresh_token)).status).toBe(400);
  });

  it('owners change roles, suspend, reactivate and remove operators; the last owner stays; tokens stop at once', async () => {
    const op = (mutation: string, input: Record<string, unknown>, token = owner.access_token) =>
      gql(
        token,
        `mutation($input: ${mutation === 'changeOperatorRole' ? 'ChangeOperatorRoleInput' : 'OperatorInput'}!) { ${mutation}(input: $input) { __typename ... on OperatorPayload { operator { userId role status } } ... on Error { code message } ... on InvalidStateError { reason } ... on ForbiddenError { reason } } }`,
        { input },
      );
    const ownerId = (await gql(owner.access_token, '{ currentOperator { userId } }')).body.data!.currentOperator.userId as string;
    // the only owner may not demote, suspend or remove themself: a typed error, nothing changed
    for (const [mutation, input] of [
      ['changeOperatorRole', { userId: ownerId, role: 'ADMIN' }],
      ['suspendOperator', { userId: ownerId }],
      ['removeOperator', { userId: ownerId }],
    ] as const) {
      const refused = await op(mutation, input);
      expect(refused.body.data![mutation]).toMatchObject({ __typename: 'InvalidStateError', reason: 'LAST_OWNER' });
    }
    expect((await gql(owner.access_token, '{ currentOperator { role } }')).body.data!.currentOperator.role).toBe('OWNER');

    const invited = await gql(
      owner.access_token,
      'mutation { inviteOperator(input: { email: "second@example.com", role: ADMIN }) { ... on InviteOperatorPayload { acceptUrl } } }',
    );
    expect((await acceptBySignUp(invited.body.data!.inviteOperator.acceptUrl, TEST_PASSWORD)).res.status).toBe(200);
    const second = await signIn('second@example.com', TEST_PASSWORD);
    const secondId = (await gql(second.access_token, '{ currentOperator { userId role } }')).body.data!.currentOperator;
    expect(secondId.role).toBe('ADMIN');
    // an admin may not manage operators
    const byAdmin = await op('suspendOperator', { userId: ownerId }, second.access_token);
    expect(byAdmin.body.data!.suspendOperator).toMatchObject({ __typename: 'ForbiddenError', reason: 'OPERATOR_OWNER_ONLY' });
    const unknown = await op('suspendOperator', { userId: 'usr_nobody' });
    expect(unknown.body.data!.suspendOperator.__typename).toBe('NotFoundError');

    const promoted = await op('changeOperatorRole', { userId: secondId.userId, role: 'OWNER' });
    expect(promoted.body.data!.changeOperatorRole.operator).toMatchObject({ role: 'OWNER', status: 'active' });
    // with two owners, one may step down
    const demoted = await op('changeOperatorRole', { userId: secondId.userId, role: 'READ_ONLY' });
    expect(demoted.body.data!.changeOperatorRole.operator.role).toBe('READ_ONLY');
    // the demoted operator's token no longer acts as admin (refused, or read-only)
    const afterDemotion = await gql(second.access_token, 'mutation { createIssuer(input: { name: "after-demotion" }) { __typename } }');
    expect([401, 200]).toContain(afterDemotion.status);
    if (afterDemotion.status === 200) expect(afterDemotion.body.errors![0]!.extensions!.code).toBe('FORBIDDEN');

    const again = await signIn('second@example.com', TEST_PASSWORD);
    expect((await gql(again.access_token, '{ currentOperator { role } }')).body.data!.currentOperator.role).toBe('READ_ONLY');
    const suspended = await op('suspendOperator', { userId: secondId.userId });
    expect(suspended.body.data!.suspendOperator.operator.status).toBe('suspended');
    expect((await gql(again.access_token, '{ currentOperator { role } }')).status).toBe(401);
    const twice = await op('suspendOperator', { userId: secondId.userId });
    expect(twice.body.data!.suspendOperator).toMatchObject({ reason: 'OPERATOR_ALREADY_SUSPENDED' });
    const events = await server.app.db.prisma.event.findMany({
      where: { type: { in: ['organization.membership.updated', 'session.revoked'] }, actorId: ownerId },
      orderBy: { seq: 'asc' },
      select: { type: true },
    });
    expect(events.map((e) => e.type)).toEqual([
      'organization.membership.updated',
      'organization.membership.updated',
      'organization.membership.updated',
      // both of its sign-ins (the one from before the demotion, and the new one)
      'session.revoked',
      'session.revoked',
    ]);

    const reactivated = await op('reactivateOperator', { userId: secondId.userId });
    expect(reactivated.body.data!.reactivateOperator.operator.status).toBe('active');
    const back = await signIn('second@example.com', TEST_PASSWORD);
    expect((await gql(back.access_token, '{ currentOperator { role } }')).status).toBe(200);
    const removed = await op('removeOperator', { userId: secondId.userId });
    expect(removed.body.data!.removeOperator.operator.userId).toBe(secondId.userId);
    expect((await gql(back.access_token, '{ currentOperator { role } }')).status).toBe(401);
    const list = await gql(owner.access_token, '{ operators { username role status } }');
    expect(list.body.data!.operators.map((o: { username: string }) => o.username)).not.toContain('second@example.com');
    // a removed operator can be invited again, and accepts by signing in as themself
    const reinvited = await gql(
      owner.access_token,
      'mutation { inviteOperator(input: { email: "second@example.com", role: READ_ONLY }) { __typename ... on InviteOperatorPayload { acceptUrl } } }',
    );
    expect(reinvited.body.data!.inviteOperator.__typename).toBe('InviteOperatorPayload');
    expect((await acceptBySignIn(reinvited.body.data!.inviteOperator.acceptUrl, TEST_PASSWORD)).res.status).toBe(200);
    const returned = await signIn('second@example.com', TEST_PASSWORD);
    expect((await gql(returned.access_token, '{ currentOperator { role } }')).body.data!.currentOperator.role).toBe('READ_ONLY');
  });

  it("an operator enrols their own TOTP (same machinery as every user); their next sign-in asks for a code; no one else's", async () => {
    const invited = await gql(
      owner.access_token,
      'mutation { inviteOperator(input: { email: "third@example.com", role: ADMIN }) { ... on InviteOperatorPayload { acceptUrl } } }',
    );
    expect((await acceptBySignUp(invited.body.data!.inviteOperator.acceptUrl, TEST_PASSWORD)).res.status).toBe(200);
    const third = await signIn('third@example.com', TEST_PASSWORD);
    const me = (await gql(third.access_token, '{ currentOperator { userId mfa } }')).body.data!.currentOperator;
    expect(me.mfa).toBe(false);
    const ownerId = (await gql(owner.access_token, '{ currentOperator { userId mfa } }')).body.data!.currentOperator;
    expect(ownerId.mfa).toBe(true);
    // another operator's second factor is out of reach (the system issuer's users are in no graph)
    const other = await gql(
      third.access_token,
      'mutation($input: EnrollTotpInput!) { enrollTotp(input: $input) { __typename ... on EnrollTotpPayload { secret } } }',
      { input: { userId: ownerId.userId } },
    );
    expect(other.body.data!.enrollTotp.__typename).toBe('NotFoundError');
    const started = await gql(
      third.access_token,
      'mutation($input: EnrollTotpInput!) { enrollTotp(input: $input) { __typename ... on EnrollTotpPayload { secret otpauthUri } } }',
      { input: { userId: me.userId } },
    );
    expect(started.body.data!.enrollTotp.__typename).toBe('EnrollTotpPayload');
    const totp = new TOTP({ secret: Secret.fromBase32(started.body.data!.enrollTotp.secret), algorithm: 'SHA1', digits: 6, period: 30 });
    const verified = await gql(third.access_token, 'mutation($input: VerifyTotpInput!) { verifyTotp(input: $input) { __typename } }', {
      input: { userId: me.userId, code: totp.generate() },
    });
    expect(verified.body.data!.verifyTotp.__typename).toBe('VerifyTotpPayload');
    expect((await gql(third.access_token, '{ currentOperator { mfa } }')).body.data!.currentOperator.mfa).toBe(true);
    await expect(signIn('third@example.com', TEST_PASSWORD)).rejects.toThrow(/second factor/);
    const again = await signIn('third@example.com', TEST_PASSWORD, () => totp.generate({ timestamp: Date.now() + 30_000 }));
    expect((await gql(again.access_token, '{ currentOperator { role } }')).body.data!.currentOperator.role).toBe('ADMIN');
  });

  it('organizations are searched on the server by name or slug substring, paged, through the visibility rule', async () => {
    const created = await gql(
      owner.access_token,
      'mutation { createIssuer(input: { name: "search" }) { ... on CreateIssuerPayload { issuer { id } } } }',
    );
    const issuerId = created.body.data!.createIssuer.issuer.id as string;
    for (const name of ['Acme Corp', 'Globex', 'Initech', 'ACME Labs', 'Umbrella 100%'])
      await gql(owner.access_token, 'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { __typename } }', {
        input: { issuerId, name },
      });
    const search = (text: string, after?: string) =>
      gql(
        owner.access_token,
        'query($id: ID!, $q: String, $after: String) { issuer(id: $id) { organizations(search: $q, first: 1, after: $after) { totalCount edges { node { name slug } } pageInfo { hasNextPage endCursor } } } }',
        { id: issuerId, q: text, after },
      );
    const first = (await search('acme')).body.data!.issuer.organizations;
    expect(first.totalCount).toBe(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await search('acme', first.pageInfo.endCursor)).body.data!.issuer.organizations;
    expect([first.edges[0].node.name, second.edges[0].node.name].sort()).toEqual(['ACME Labs', 'Acme Corp']);
    expect(second.pageInfo.hasNextPage).toBe(false);
    // by slug, and LIKE wildcards match only themselves
    expect((await search('initech')).body.data!.issuer.organizations.totalCount).toBe(1);
    expect((await search('%')).body.data!.issuer.organizations.totalCount).toBe(1);
    expect((await search('_')).body.data!.issuer.organizations.totalCount).toBe(0);
    expect((await search('  ')).body.data!.issuer.organizations.totalCount).toBe(5);
    const tooLong = await search('x'.repeat(101));
    expect(tooLong.body.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
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
