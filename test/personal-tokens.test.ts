/** Personal tokens: act as the user, never beyond what the user's membership holds now. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { createClient } from './helpers/graphql.js';
import { createIssuer, createOrganization, createUser, createMembership } from './helpers/fixtures.js';

const CREATE_PAT = `
  mutation PatCreate($input: CreatePersonalTokenInput!) {
    createPersonalToken(input: $input) {
      __typename
      ... on CreatePersonalTokenPayload { token personalToken { id prefix scopes status } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
    }
  }
`;

describe('personal tokens', () => {
  let server: TestServer;
  let orgId: string;
  let userId: string;
  let membershipId: string;

  const me = (token: string) => fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  const create = (input: Record<string, unknown>) =>
    server.gql.request<{ createPersonalToken: { __typename: string; token?: string; personalToken?: { id: string; prefix: string }; fields?: { path: string; message: string }[] } }, unknown>(CREATE_PAT, { input });

  beforeAll(async () => {
    server = await startServer();
    const issuer = await createIssuer(server.gql);
    orgId = (await createOrganization(server.gql, issuer.id)).id;
    userId = (await createUser(server.gql, issuer.id, 'ada@globex.example')).id;
    membershipId = (await createMembership(server.gql, orgId, userId, ['invoices:read', 'invoices:write', 'members:read'])).id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('acts as the user in the organization, shown once, verified by whoami and usable on the Core API', async () => {
    const res = await create({ userId, organizationId: orgId, name: 'cli', scopes: ['invoices:read', 'members:read'] });
    expect(res.createPersonalToken.__typename).toBe('CreatePersonalTokenPayload');
    const token = res.createPersonalToken.token!;
    expect(token).toMatch(/^agp_[0-9a-hjkmnp-tv-z]{26}[A-Za-z0-9_-]{43}_[0-9A-Za-z]{6}$/);
    const row = await server.app.db.prisma.personalToken.findUniqueOrThrow({ where: { id: res.createPersonalToken.personalToken!.id } });
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toContain(row.secretHash);

    const who = await (await me(token)).json();
    expect(who.data).toMatchObject({
      type: 'personal_token',
      id: row.id,
      subject: userId,
      organizations: [{ org_id: orgId, status: 'active', membership_status: 'active', scopes: ['invoices:read', 'members:read'] }],
    });
    const members = await createClient(server.url, null).request<{ organization: unknown; node: { id: string } | null }, unknown>(
      `query PatMembers($org: ID!, $mem: ID!) { organization(id: $org) { id } node(id: $mem) { id } }`,
      { org: orgId, mem: membershipId },
      { authorization: `Bearer ${token}` },
    );
    // members:read but not org:read: the membership is visible, the organization itself is not
    expect(members).toEqual({ organization: null, node: { id: membershipId } });
  });

  it('refuses scopes the user does not hold, and creates nothing', async () => {
    const before = await server.app.db.prisma.personalToken.count();
    const res = await create({ userId, organizationId: orgId, name: 'greedy', scopes: ['invoices:read', 'members:write'] });
    expect(res.createPersonalToken.__typename).toBe('ValidationError');
    expect(res.createPersonalToken.fields).toEqual([{ path: 'scopes', message: 'the user does not hold members:write in this organization' }]);
    const none = await create({ userId, organizationId: orgId, name: 'empty', scopes: [] });
    expect(none.createPersonalToken.__typename).toBe('ValidationError');
    const other = await createOrganization(server.gql, (await createIssuer(server.gql)).id);
    const notMember = await create({ userId, organizationId: other.id, name: 'elsewhere', scopes: ['invoices:read'] });
    expect(notMember.createPersonalToken.__typename).toBe('NotFoundError');
    expect(await server.app.db.prisma.personalToken.count()).toBe(before);
  });

  it('follows the membership: fewer scopes at once, none when suspended; revoked → 401', async () => {
    const token = (await create({ userId, organizationId: orgId, name: 'follows', scopes: ['invoices:read', 'invoices:write'] })).createPersonalToken;
    const update = (input: Record<string, unknown>) =>
      server.gql.request(`mutation PatUpdate($input: UpdateMembershipInput!) { updateMembership(input: $input) { __typename } }`, { input: { id: membershipId, ...input } });
    await update({ scopes: ['invoices:read', 'members:read'] });
    expect((await (await me(token.token!)).json()).data.organizations[0].scopes).toEqual(['invoices:read']);
    await update({ status: 'SUSPENDED' });
    expect((await (await me(token.token!)).json()).data.organizations[0]).toMatchObject({ membership_status: 'suspended', scopes: [] });
    await update({ status: 'ACTIVE', scopes: ['invoices:read', 'invoices:write', 'members:read'] });

    const revoked = await server.gql.request<{ revokePersonalToken: { __typename: string } }, unknown>(
      `mutation PatRevoke($id: ID!) { revokePersonalToken(input: { id: $id }) { __typename } }`,
      { id: token.personalToken!.id },
    );
    expect(revoked.revokePersonalToken.__typename).toBe('RevokePersonalTokenPayload');
    expect((await me(token.token!)).status).toBe(401);
    const events = await server.app.db.prisma.event.findMany({ where: { subject: token.personalToken!.id, metered: false }, orderBy: { id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(['personal-token.created', 'personal-token.revoked']);
  });

  it('refuses a token with a wrong checksum or secret', async () => {
    const { token } = (await create({ userId, organizationId: orgId, name: 'tamper', scopes: ['invoices:read'] })).createPersonalToken;
    const t = token!;
    const flipped = t.slice(0, 35) + (t[35] === 'a' ? 'b' : 'a') + t.slice(36);
    expect((await me(flipped)).status).toBe(401);
    expect((await me(t)).status).toBe(200);
  });
});
