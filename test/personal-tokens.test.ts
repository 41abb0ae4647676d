/** Personal tokens: act as the user, never beyond what the user's membership holds now. */
import { describe, expect, test } from './fixtures.js';
import { createClient } from './helpers/graphql.js';
import { createIssuer, createOrganization, createPersonalToken, expectType } from './helpers/fixtures.js';
import { graphql } from './gql/index.js';

const CreatePat = graphql(`
  mutation PatCreate($input: CreatePersonalTokenInput!) {
    createPersonalToken(input: $input) {
      __typename
      ... on CreatePersonalTokenPayload { token personalToken { id prefix scopes status } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
    }
  }
`);

// Every test: a user of a fresh issuer, member of a fresh organization with these scopes.
const it = test.extend({ memberScopes: ['invoices:read', 'invoices:write', 'members:read'] });

describe('personal tokens', () => {
  const whoami = (url: string, token: string) => fetch(`${url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });

  it('acts as the user in the organization, shown once, verified by whoami and usable on the Core API', async ({
    server,
    admin,
    organization,
    user,
    membership,
  }) => {
    const res = await admin.request(CreatePat, {
      input: { userId: user.id, organizationId: organization.id, name: 'cli', scopes: ['invoices:read', 'members:read'] },
    });
    const { token, personalToken } = expectType(res.createPersonalToken, 'CreatePersonalTokenPayload');
    expect(token).toMatch(/^agp_[0-9a-hjkmnp-tv-z]{26}[A-Za-z0-9_-]{43}_[0-9A-Za-z]{6}$/);
    const row = await server.app.db.prisma.personalToken.findUniqueOrThrow({ where: { id: personalToken.id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(row.secretHash);

    const who = await (await whoami(server.url, token)).json();
    expect(who.data).toMatchObject({
      type: 'personal_token',
      id: row.id,
      subject: user.id,
      organizations: [
        { org_id: organization.id, status: 'active', membership_status: 'active', scopes: ['invoices:read', 'members:read'] },
      ],
    });
    const members = await createClient(server.url, null).request<{ organization: unknown; node: { id: string } | null }, unknown>(
      `query PatMembers($org: ID!, $mem: ID!) { organization(id: $org) { id } node(id: $mem) { id } }`,
      { org: organization.id, mem: membership.id },
      { authorization: `Bearer ${token}` },
    );
    // members:read but not org:read: the membership is visible, the organization itself is not
    expect(members).toEqual({ organization: null, node: { id: membership.id } });
  });

  it('refuses scopes the user does not hold, and creates nothing', async ({ server, admin, organization, user, membership }) => {
    expect(membership.scopes).not.toContain('members:write');
    const create = (input: { organizationId: string; name: string; scopes: string[] }) =>
      admin.request(CreatePat, { input: { userId: user.id, ...input } });
    const before = await server.app.db.prisma.personalToken.count();
    const res = await create({ organizationId: organization.id, name: 'greedy', scopes: ['invoices:read', 'members:write'] });
    expect(expectType(res.createPersonalToken, 'ValidationError').fields).toEqual([
      { path: 'scopes', message: 'the user does not hold members:write in this organization' },
    ]);
    const none = await create({ organizationId: organization.id, name: 'empty', scopes: [] });
    expect(none.createPersonalToken.__typename).toBe('ValidationError');
    const other = await createOrganization(admin, (await createIssuer(admin)).id);
    const notMember = await create({ organizationId: other.id, name: 'elsewhere', scopes: ['invoices:read'] });
    expect(notMember.createPersonalToken.__typename).toBe('NotFoundError');
    expect(await server.app.db.prisma.personalToken.count()).toBe(before);
  });

  it('follows the membership: fewer scopes at once, none when suspended; revoked → 401', async ({
    server,
    admin,
    organization,
    user,
    membership,
  }) => {
    const me = async (token: string) => (await (await whoami(server.url, token)).json()).data;
    const pat = await createPersonalToken(admin, {
      userId: user.id,
      organizationId: organization.id,
      name: 'follows',
      scopes: ['invoices:read', 'invoices:write'],
    });
    const update = (input: Record<string, unknown>) =>
      admin.request(`mutation PatUpdate($input: UpdateMembershipInput!) { updateMembership(input: $input) { __typename } }`, {
        input: { id: membership.id, ...input },
      });
    await update({ scopes: ['invoices:read', 'members:read'] });
    expect((await me(pat.token)).organizations[0].scopes).toEqual(['invoices:read']);
    await update({ status: 'SUSPENDED' });
    expect((await me(pat.token)).organizations[0]).toMatchObject({ membership_status: 'suspended', scopes: [] });
    await update({ status: 'ACTIVE', scopes: ['invoices:read', 'invoices:write', 'members:read'] });

    const revoked = await admin.request<{ revokePersonalToken: { __typename: string } }, unknown>(
      `mutation PatRevoke($id: ID!) { revokePersonalToken(input: { id: $id }) { __typename } }`,
      { id: pat.id },
    );
    expect(revoked.revokePersonalToken.__typename).toBe('RevokePersonalTokenPayload');
    expect((await whoami(server.url, pat.token)).status).toBe(401);
    const events = await server.app.db.prisma.event.findMany({ where: { subject: pat.id, metered: false }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['personal-token.created', 'personal-token.revoked']);
  });

  it('refuses a token with a wrong checksum or secret', async ({ server, admin, organization, user, membership }) => {
    expect(membership.scopes).toContain('invoices:read');
    const { token: t } = await createPersonalToken(admin, {
      userId: user.id,
      organizationId: organization.id,
      name: 'tamper',
      scopes: ['invoices:read'],
    });
    const flipped = t.slice(0, 35) + (t[35] === 'a' ? 'b' : 'a') + t.slice(36);
    expect((await whoami(server.url, flipped)).status).toBe(401);
    expect((await whoami(server.url, t)).status).toBe(200);
  });
});
