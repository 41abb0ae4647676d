/**
 * Issue 9's failing inputs 1, 3, 4, 5 and 6 as named regression tests (KERNEL-SPEC: attenuation,
 * createdBy and cascade, visibility, live re-derivation of scopes). Each test states the input it
 * is named after, then a sibling or two of the same kind (another credential kind, another path).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { ask, expectUnchanged } from './helpers/state.js';
import { mutateAs, type MutationOutcome } from './helpers/forbidden.js';
import {
  ALL_SCOPES,
  MANAGEMENT_SCOPES,
  adminMutate,
  clientCredentialsToken,
  createWebClient,
  gqlAs,
  userAccessToken,
  whoami,
} from './helpers/tenants.js';
import { newId } from '../src/lib/ids.js';

let server: TestServer;
let issuerId: string;
let web: { id: string; secret: string };
let counter = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

async function org(): Promise<string> {
  return (
    await adminMutate(server, 'createOrganization', 'CreateOrganizationInput', { issuerId, name: unique('Org') }, 'organization { id }')
  ).organization.id;
}
async function user(): Promise<{ id: string; email: string }> {
  const email = `${unique('u')}@example.com`;
  return {
    id: (
      await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: email, email, emailVerified: true }, 'user { id }')
    ).user.id,
    email,
  };
}
async function member(organizationId: string, memberId: string, scopes: string[]): Promise<string> {
  return (await adminMutate(server, 'createMembership', 'CreateMembershipInput', { organizationId, memberId, scopes }, 'membership { id }'))
    .membership.id;
}
async function orgKey(organizationId: string, scopes: string[], extra: Record<string, unknown> = {}) {
  const p = await adminMutate(
    server,
    'createApiKey',
    'CreateApiKeyInput',
    { organizationId, name: unique('key'), scopes, ...extra },
    'secret apiKey { id }',
  );
  return { id: p.apiKey.id as string, secret: p.secret as string, authorization: basic(p.apiKey.id, p.secret) };
}
async function pat(userId: string, organizationId: string, scopes: string[]) {
  const p = await adminMutate(
    server,
    'createPersonalToken',
    'CreatePersonalTokenInput',
    { userId, organizationId, name: unique('pat'), scopes },
    'token personalToken { id }',
  );
  return { id: p.personalToken.id as string, authorization: `Bearer ${p.token as string}` };
}
const membershipScopes = async (id: string) =>
  (await ask(server.gql, `query RgMembership($id: ID!) { node(id: $id) { ... on Membership { scopes status } } }`, { id })).node;

/**
 * Runs one refused-mutation attempt under expectUnchanged, but records (instead of throwing) what
 * changed, so one test reports every case: `changed` is null when nothing did.
 */
async function attempt(fn: () => Promise<MutationOutcome>): Promise<{ outcome: MutationOutcome; changed: string | null }> {
  let outcome: MutationOutcome | undefined;
  try {
    await expectUnchanged(server, async () => (outcome = await fn()));
    return { outcome: outcome!, changed: null };
  } catch (error) {
    if (!outcome) throw error;
    return { outcome, changed: String((error as Error).message).slice(0, 120) };
  }
}

/** Polls `check` every 50 ms for up to `ms`; returns the last value. */
async function within<T>(ms: number, read: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  const deadline = Date.now() + ms;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 50));
    value = await read();
  }
  return value;
}

const neutral = (value: unknown, ids: string[]) => {
  let text = JSON.stringify(value);
  ids.forEach((id, i) => (text = text.split(id).join(`<id${i}>`)));
  return JSON.parse(text);
};

beforeAll(async () => {
  server = await startServer();
  issuerId = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: unique('Regressions') }, 'issuer { id }')).issuer.id;
  web = await createWebClient(server, issuerId);
});
afterAll(async () => {
  await server?.stop();
});

describe('issue 9 regressions', () => {
  it('input 1: self-escalation through memberships (user token and org key with members:write) is FORBIDDEN and changes nothing', async () => {
    const orgId = await org();
    const u = await user();
    const held = ['members:read', 'members:write', 'invoices:read'];
    const own = await member(orgId, u.id, held);
    const token = await userAccessToken(server, issuerId, web, u.id);
    expect(token.scope.split(' ')).toEqual(expect.arrayContaining(held));
    const key = await orgKey(orgId, ['members:read', 'members:write']);
    const personal = await pat(u.id, orgId, ['members:read', 'members:write']);
    const other = await user();
    const otherMembership = await member(orgId, other.id, ['invoices:read']);
    await server.app.flushMetered();

    const cases: [string, string, string][] = [
      ['user access token raises its own membership', `Bearer ${token.accessToken}`, own],
      ['personal token raises its own membership', personal.authorization, own],
      ['org key (members:write) raises a member to all nine management scopes', key.authorization, otherMembership],
      ['user access token raises another member beyond what it holds', `Bearer ${token.accessToken}`, otherMembership],
    ];
    const results = [];
    for (const [name, authorization, membershipId] of cases) {
      const { outcome, changed } = await attempt(() =>
        mutateAs(
          server,
          authorization,
          'updateMembership',
          'UpdateMembershipInput',
          { id: membershipId, scopes: [...MANAGEMENT_SCOPES] },
          'membership { id scopes }',
        ),
      );
      results.push({ name, typename: outcome.typename, code: outcome.code, field: outcome.field, changed });
    }
    expect
      .soft(results)
      .toEqual(cases.map(([name]) => ({ name, typename: 'ForbiddenError', code: 'FORBIDDEN', field: 'scopes', changed: null })));
    expect.soft((await membershipScopes(own)).scopes).toEqual(held);
    expect.soft((await membershipScopes(otherMembership)).scopes).toEqual(['invoices:read']);
    // and no credential of the member can mint an org key with more than it holds (refused in any way)
    const minted = await mutateAs(
      server,
      personal.authorization,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: orgId, name: 'escalated', scopes: [...MANAGEMENT_SCOPES] },
      'apiKey { id scopes }',
    );
    expect(minted.typename, 'the member minted an org key with every management scope').not.toBe('CreateApiKeyPayload');
  });

  it('input 3: a child key minted by a restricted key is never less restricted, and dies with its parent (createdBy shows the parent)', async () => {
    const orgId = await org();
    const parentExpiry = new Date(Date.now() + 24 * 3600_000);
    const parent = await orgKey(orgId, ['api-keys:read', 'api-keys:write', 'invoices:read'], {
      ipAllowlist: ['127.0.0.1/32'],
      expiresAt: parentExpiry.toISOString(),
      rateLimit: 100,
      rateLimitWindowSeconds: 60,
    });
    expect((await whoami(server, parent.authorization)).status).toBe(200);

    // explicitly looser than the parent: FORBIDDEN naming the field, nothing created
    const looser: [string, Record<string, unknown>][] = [
      ['ipAllowlist', { ipAllowlist: ['0.0.0.0/0'] }],
      ['expiresAt', { expiresAt: new Date(parentExpiry.getTime() + 3600_000).toISOString() }],
      ['rateLimit', { rateLimit: 1000, rateLimitWindowSeconds: 60 }],
      ['scopes', { scopes: ['invoices:read', 'invoices:write'] }],
    ];
    await server.app.flushMetered();
    const results = [];
    for (const [field, extra] of looser) {
      const { outcome, changed } = await attempt(() =>
        mutateAs(
          server,
          parent.authorization,
          'createApiKey',
          'CreateApiKeyInput',
          { organizationId: orgId, name: `looser ${field}`, scopes: ['invoices:read'], ...extra },
          'apiKey { id }',
        ),
      );
      results.push({ field, typename: outcome.typename, code: outcome.code, named: outcome.field, changed });
    }
    expect
      .soft(results)
      .toEqual(looser.map(([field]) => ({ field, typename: 'ForbiddenError', code: 'FORBIDDEN', named: field, changed: null })));

    // silent about restrictions: stored with the parent's (or refused)
    const child = await mutateAs(
      server,
      parent.authorization,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: orgId, name: 'child', scopes: ['invoices:read'] },
      'secret apiKey { id ipAllowlist expiresAt rateLimit { limit windowSeconds } }',
    );
    if (child.typename === 'ForbiddenError') return; // the other accepted answer of the spec
    expect(child.typename).toBe('CreateApiKeyPayload');
    const stored = child.result.apiKey;
    expect.soft(stored.ipAllowlist, 'inherited allowlist').toEqual(['127.0.0.1/32']);
    expect
      .soft(
        stored.expiresAt !== null && new Date(stored.expiresAt).getTime() <= parentExpiry.getTime(),
        `inherited expiry (stored ${stored.expiresAt})`,
      )
      .toBe(true);
    expect
      .soft(stored.rateLimit.limit / stored.rateLimit.windowSeconds, `inherited rate (stored ${JSON.stringify(stored.rateLimit)})`)
      .toBeLessThanOrEqual(100 / 60);
    const childAuth = basic(stored.id, child.result.secret);
    expect((await whoami(server, childAuth)).status).toBe(200);

    // revoking the parent revokes the child, one event each with the cause
    const revoked = await adminMutate(server, 'revokeApiKey', 'RevokeApiKeyInput', { id: parent.id }, 'apiKey { id status }');
    expect(revoked.apiKey.status).toBe('REVOKED');
    const after = await within(
      1500,
      () => whoami(server, childAuth),
      (r) => r.status === 401,
    );
    expect.soft(after.status, 'the child works after its parent was revoked').toBe(401);
    expect
      .soft((await ask(server.gql, `query RgKey($id: ID!) { node(id: $id) { ... on ApiKey { status } } }`, { id: stored.id })).node.status)
      .toBe('REVOKED');
    const events = await server.app.db.prisma.event.findMany({ where: { type: 'api-key.revoked', subject: stored.id } });
    expect
      .soft(
        events.map((e) => e.data),
        'one api-key.revoked event for the child, caused by the parent',
      )
      .toEqual([expect.objectContaining({ cause: { revokedWith: parent.id } })]);

    // createdBy (a new field: fails as a missing field until the kernel adds it)
    const createdBy = await gqlAs(
      server,
      basic(server.keyId, server.keySecret),
      `query RgCreatedBy($id: ID!) { node(id: $id) { ... on ApiKey { createdBy } } }`,
      { id: stored.id },
    );
    expect(createdBy.errors).toBeUndefined();
    expect(createdBy.data.node.createdBy).toBe(parent.id);
  });

  it('input 4: pulling in another tenant’s user (by id or by inviting their address) answers like a nonexistent user and exposes nothing', async () => {
    const orgA = await org();
    const orgB = await org();
    const outsider = await user();
    await member(orgB, outsider.id, ['invoices:read', 'members:read']);
    const outsiderPat = await pat(outsider.id, orgB, ['invoices:read']);
    const keyA = await orgKey(orgA, ['members:read', 'members:write', 'invitations:read', 'invitations:write', 'invoices:read']);
    await server.app.flushMetered();

    // by id: NOT_FOUND exactly as for a nonexistent user id, nothing changes
    const nonexistent = newId('user');
    const { outcome: real, changed } = await attempt(() =>
      mutateAs(
        server,
        keyA.authorization,
        'createMembership',
        'CreateMembershipInput',
        { organizationId: orgA, memberId: outsider.id, scopes: ['invoices:read'] },
        'membership { id }',
      ),
    );
    expect.soft(changed, 'adding a member of another organization by id changed the state').toBeNull();
    const none = await mutateAs(
      server,
      keyA.authorization,
      'createMembership',
      'CreateMembershipInput',
      { organizationId: orgA, memberId: nonexistent, scopes: ['invoices:read'] },
      'membership { id }',
    );
    expect(none.code).toBe('NOT_FOUND');
    expect
      .soft(neutral({ ...real.result, errors: real.errors }, [outsider.id]))
      .toEqual(neutral({ ...none.result, errors: none.errors }, [nonexistent]));

    // by inviting their address: an invitation may be created, but the inviter can never accept it
    const invited = await mutateAs(
      server,
      keyA.authorization,
      'createInvitation',
      'CreateInvitationInput',
      { organizationId: orgA, email: outsider.email, scopes: ['invoices:read'] },
      'token invitation { id }',
    );
    if (invited.typename === 'CreateInvitationPayload') {
      await server.app.flushMetered();
      const accepted = await attempt(() =>
        mutateAs(
          server,
          keyA.authorization,
          'acceptInvitation',
          'AcceptInvitationInput',
          { token: invited.result.token, userId: outsider.id },
          'membership { id }',
        ),
      );
      expect
        .soft([accepted.outcome.typename, accepted.changed], 'the inviting credential accepted the invitation for the outsider')
        .toEqual([expect.not.stringMatching(/Payload$/), null]);
    }

    // nothing of the outsider is readable by org A: the user, their email, their PAT in B
    const read = await gqlAs(
      server,
      keyA.authorization,
      `query RgOutsider($u: ID!, $p: ID!) { user: node(id: $u) { id ... on User { email } } tokens: node(id: $u) { ... on User { personalTokens { id } } } pat: node(id: $p) { id } }`,
      { u: outsider.id, p: outsiderPat.id },
    );
    const [fakeUser, fakePat] = [newId('user'), newId('personalToken')];
    const nothing = await gqlAs(
      server,
      keyA.authorization,
      `query RgOutsider($u: ID!, $p: ID!) { user: node(id: $u) { id ... on User { email } } tokens: node(id: $u) { ... on User { personalTokens { id } } } pat: node(id: $p) { id } }`,
      { u: fakeUser, p: fakePat },
    );
    expect.soft(read.data, 'org A reads the outsider and their personal token in B').toEqual({ user: null, tokens: null, pat: null });
    expect.soft(neutral(read, [outsider.id, outsiderPat.id])).toEqual(neutral(nothing, [fakeUser, fakePat]));
    const members = await gqlAs(
      server,
      keyA.authorization,
      `query RgMembers($org: ID!) { organization(id: $org) { members(first: 100) { edges { node { memberId user { email } } } } } }`,
      { org: orgA },
    );
    expect(JSON.stringify(members)).not.toContain(outsider.id);
    expect(JSON.stringify(members)).not.toContain(outsider.email);
  });

  it('input 5: node(id: "ptk_…") of another organization’s personal token is null for org-A credentials holding members:read', async () => {
    const orgA = await org();
    const orgB = await org();
    const both = await user();
    await member(orgA, both.id, ['members:read', 'invoices:read']);
    await member(orgB, both.id, ['members:read', 'invoices:read']);
    const onlyB = await user();
    await member(orgB, onlyB.id, ['invoices:read']);
    const patInB = await pat(both.id, orgB, ['invoices:read']);
    const patOfOnlyB = await pat(onlyB.id, orgB, ['invoices:read']);
    const patInA = await pat(both.id, orgA, ['members:read']);
    const keyA = await orgKey(orgA, ['members:read']);
    const token = await userAccessToken(server, issuerId, web, both.id); // two organizations: select A
    const session = await adminMutate(
      server,
      'switchOrganization',
      'SwitchOrganizationInput',
      { sessionId: token.sessionId, organizationId: orgA },
      'session { id }',
    );
    expect(session.session.id).toBe(token.sessionId);
    const refreshed = await fetch(`${server.app.publicUrl()}/${issuerId}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(web.id, web.secret) },
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: token.refreshToken }),
    });
    const userToken = ((await refreshed.json()) as { access_token: string }).access_token;

    const q = `query RgPat($id: ID!) { node(id: $id) { __typename id ... on PersonalToken { name scopes prefix status organizationId } } }`;
    for (const [name, authorization] of [
      ['org key', keyA.authorization],
      ['personal token', patInA.authorization],
      ['user access token', `Bearer ${userToken}`],
    ] as const) {
      // control: its own organization's PAT is visible
      expect([name, (await gqlAs(server, authorization, q, { id: patInA.id })).data?.node?.id]).toEqual([name, patInA.id]);
      for (const foreign of [patInB.id, patOfOnlyB.id]) {
        const got = await gqlAs(server, authorization, q, { id: foreign });
        const fake = await gqlAs(server, authorization, q, { id: newId('personalToken') });
        expect([name, foreign, got.data?.node ?? null]).toEqual([name, foreign, null]);
        expect(got).toEqual(fake);
      }
      const many = await gqlAs(server, authorization, `query RgPats($ids: [ID!]!) { nodes(ids: $ids) { id } }`, {
        ids: [patInB.id, patOfOnlyB.id],
      });
      expect([name, many.data?.nodes]).toEqual([name, [null, null]]);
    }
  });

  it('input 6: user, M2M and agent access tokens lose management scopes at /graphql and /v1/me as soon as their membership loses them or their organization is suspended', async () => {
    const VIEW = `query RgLive($org: ID!, $mem: ID!) { viewer { scopes } organization(id: $org) { id } node(id: $mem) { id } }`;
    const management = (scopes: string[]) => scopes.filter((s) => (MANAGEMENT_SCOPES as readonly string[]).includes(s));
    /** what the credential holds now, seen at /graphql and at /v1/me */
    const observe = async (authorization: string, orgId: string, membershipId: string) => {
      const graph = await gqlAs(server, authorization, VIEW, { org: orgId, mem: membershipId });
      const me = await whoami(server, authorization);
      const meScopes: string[] =
        me.status === 200 ? [...me.json.data.scopes, ...me.json.data.organizations.flatMap((o: { scopes: string[] }) => o.scopes)] : [];
      return {
        graphScopes: management(graph.data?.viewer?.scopes ?? []),
        organization: graph.data?.organization?.id ?? null,
        membership: graph.data?.node?.id ?? null,
        meScopes: management(meScopes),
      };
    };
    const stripped = { graphScopes: [], organization: null, membership: null, meScopes: [] };
    const failures: string[] = [];
    const expectStripped = async (name: string, authorization: string, orgId: string, membershipId: string) => {
      const seen = await within(
        1000,
        () => observe(authorization, orgId, membershipId),
        (v) => JSON.stringify(v) === JSON.stringify(stripped),
      );
      if (JSON.stringify(seen) !== JSON.stringify(stripped)) failures.push(`${name}: still ${JSON.stringify(seen)}`);
    };
    const holdsBefore = async (name: string, authorization: string, orgId: string, membershipId: string) => {
      const seen = await observe(authorization, orgId, membershipId);
      expect([name, seen.organization, seen.membership, seen.graphScopes.length > 0]).toEqual([name, orgId, membershipId, true]);
    };

    for (const trigger of ['membership loses its management scopes', 'organization suspended'] as const) {
      // a user token
      {
        const orgId = await org();
        const u = await user();
        const m = await member(orgId, u.id, ALL_SCOPES);
        const token = `Bearer ${(await userAccessToken(server, issuerId, web, u.id)).accessToken}`;
        await holdsBefore(`user token / ${trigger}`, token, orgId, m);
        if (trigger === 'organization suspended')
          await adminMutate(server, 'suspendOrganization', 'SuspendOrganizationInput', { id: orgId }, 'organization { id }');
        else
          await adminMutate(server, 'updateMembership', 'UpdateMembershipInput', { id: m, scopes: ['invoices:read'] }, 'membership { id }');
        await expectStripped(`user access token / ${trigger}`, token, orgId, m);
      }
      // an agent token
      {
        const orgId = await org();
        const agent = (
          await adminMutate(
            server,
            'createAgent',
            'CreateAgentInput',
            { issuerId, name: unique('agent'), scopes: ALL_SCOPES },
            'agent { id }',
          )
        ).agent.id as string;
        const secret = (
          await adminMutate(server, 'createAgentVerifier', 'CreateAgentVerifierInput', { agentId: agent, type: 'SECRET' }, 'secret')
        ).secret as string;
        const m = await member(orgId, agent, ALL_SCOPES);
        const token = `Bearer ${await clientCredentialsToken(server, issuerId, { id: agent, secret }, { organization_id: orgId })}`;
        await holdsBefore(`agent token / ${trigger}`, token, orgId, m);
        if (trigger === 'organization suspended')
          await adminMutate(server, 'suspendOrganization', 'SuspendOrganizationInput', { id: orgId }, 'organization { id }');
        else
          await adminMutate(server, 'updateMembership', 'UpdateMembershipInput', { id: m, scopes: ['invoices:read'] }, 'membership { id }');
        await expectStripped(`agent token / ${trigger}`, token, orgId, m);
      }
    }
    // an M2M client token (no membership: its organization's suspension is what takes its scopes)
    {
      const orgId = await org();
      const someone = await user();
      const m = await member(orgId, someone.id, ['invoices:read']);
      const created = await adminMutate(
        server,
        'createClient',
        'CreateClientInput',
        { issuerId, name: unique('m2m'), type: 'M2M', organizationId: orgId, scopes: ALL_SCOPES },
        'secret client { id }',
      );
      const token = `Bearer ${await clientCredentialsToken(server, issuerId, { id: created.client.id, secret: created.secret })}`;
      await holdsBefore('M2M client token / organization suspended', token, orgId, m);
      await adminMutate(server, 'suspendOrganization', 'SuspendOrganizationInput', { id: orgId }, 'organization { id }');
      await expectStripped('M2M client token / organization suspended', token, orgId, m);
    }
    expect(failures).toEqual([]);
  });
});
