/**
 * API keys (seed 004, quickstart step 5): created with the secret shown once, verified by whoami
 * in every presentation, revoked at once; organization keys confined to their organization and
 * their management scopes.
 */
import { afterAll, beforeAll } from 'vitest';
import { describe, expect, it, test } from './fixtures.js';
import { startServer, type TestServer } from './helpers/server.js';
import { basic, createClient, type GraphQLClient } from './helpers/graphql.js';
import { createIssuer, createOrganization, createUser, createMembership } from './helpers/fixtures.js';

const CREATE_KEY = `
  mutation KeysCreate($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { secret token apiKey { id name prefix scopes ipAllowlist status organization { id } } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
    }
  }
`;
const REVOKE_KEY = `
  mutation KeysRevoke($id: ID!) {
    revokeApiKey(input: { id: $id }) { __typename ... on RevokeApiKeyPayload { apiKey { id status revokedAt } } ... on Error { code } }
  }
`;

interface Created {
  id: string;
  secret: string;
  token: string;
}

describe('API keys and whoami', () => {
  let server: TestServer;
  let issuerId: string;
  let orgId: string;
  let otherOrgId: string;

  async function createKey(gql: GraphQLClient, input: Record<string, unknown>): Promise<Created> {
    const res = await gql.request<{ createApiKey: { __typename: string; secret: string; token: string; apiKey: { id: string } } }, unknown>(
      CREATE_KEY,
      { input },
    );
    expect(res.createApiKey.__typename, JSON.stringify(res)).toBe('CreateApiKeyPayload');
    return { id: res.createApiKey.apiKey.id, secret: res.createApiKey.secret, token: res.createApiKey.token };
  }

  const me = (headers: Record<string, string>) => fetch(`${server.url}/v1/me`, { headers });
  const keyClient = (key: Created) => createClient(server.url, { username: key.id, password: key.secret });

  test.beforeAll(async ({ server: started }) => {
    server = started;
    issuerId = (await createIssuer(server.gql, 'acme-prod')).id;
    orgId = (await createOrganization(server.gql, issuerId, { name: 'Globex Corp' })).id;
    otherOrgId = (await createOrganization(server.gql, issuerId, { name: 'Initech' })).id;
  });

  it('quickstart step 5: an org key scoped to invoices:read is verified by GET /v1/me, then refused right after revokeApiKey', async () => {
    const key = await createKey(server.gql, { organizationId: orgId, name: 'globex-backend', scopes: ['invoices:read'] });
    expect(key.id).toMatch(/^key_[0-9a-z]{26}$/);

    const res = await me({ authorization: basic(key.id, key.secret) });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body.data).toMatchObject({
      type: 'api_key',
      id: key.id,
      key_type: 'organization',
      organizations: [{ org_id: orgId, scopes: ['invoices:read'], status: 'active' }],
    });

    const revoked = await server.gql.request<{ revokeApiKey: { __typename: string; apiKey: { status: string } } }, unknown>(REVOKE_KEY, {
      id: key.id,
    });
    expect(revoked.revokeApiKey).toMatchObject({ __typename: 'RevokeApiKeyPayload', apiKey: { status: 'REVOKED' } });
    expect((await me({ authorization: basic(key.id, key.secret) })).status).toBe(401);
    expect((await me({ authorization: `Bearer ${key.token}` })).status).toBe(401);
    const again = await server.gql.request<{ revokeApiKey: { __typename: string; code: string } }, unknown>(REVOKE_KEY, { id: key.id });
    expect(again.revokeApiKey).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
  });

  it('accepts the bearer form in Authorization and in X-API-Key; the token carries a checksum scanners can check', async () => {
    const key = await createKey(server.gql, { organizationId: orgId, name: 'bearer', scopes: ['invoices:read'] });
    expect(key.token).toMatch(/^agk_[0-9a-hjkmnp-tv-z]{26}[A-Za-z0-9_-]{43}_[0-9A-Za-z]{6}$/);
    expect(key.token).toContain(key.id.slice(4));
    const forms: Record<string, string>[] = [{ authorization: `Bearer ${key.token}` }, { 'x-api-key': key.token }];
    for (const headers of forms) {
      const res = await me(headers);
      expect(res.status).toBe(200);
      expect((await res.json()).data.id).toBe(key.id);
    }
    // one character off anywhere: the checksum (or the secret) no longer matches
    const flipped = key.token.slice(0, 40) + (key.token[40] === 'a' ? 'b' : 'a') + key.token.slice(41);
    expect((await me({ authorization: `Bearer ${flipped}` })).status).toBe(401);
    // two credentials at once is ambiguous
    expect((await me({ authorization: basic(key.id, key.secret), 'x-api-key': key.token })).status).toBe(401);
  });

  it('shows the secret once: lists show the prefix only', async () => {
    const key = await createKey(server.gql, { organizationId: orgId, name: 'listed', scopes: ['invoices:read'] });
    const listed = await server.gql.request<{ organization: { apiKeys: { edges: { node: { id: string; prefix: string } }[] } } }, unknown>(
      `query KeysList($id: ID!) { organization(id: $id) { apiKeys(first: 100) { edges { node { id prefix name scopes status } } } } }`,
      { id: orgId },
    );
    const node = listed.organization.apiKeys.edges.find((e) => e.node.id === key.id)!.node;
    expect(node.prefix).toBe(key.secret.slice(0, 6));
    expect(JSON.stringify(listed)).not.toContain(key.secret);
    const row = await server.app.db.prisma.apiKey.findUniqueOrThrow({ where: { id: key.id } });
    expect(row.secretHash).not.toContain(key.secret);
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses wrong secrets, unknown keys, expired keys and calls from outside the IP allowlist with 401 + WWW-Authenticate', async () => {
    const key = await createKey(server.gql, {
      organizationId: orgId,
      name: 'expiring',
      scopes: ['invoices:read'],
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    });
    expect((await me({ authorization: basic(key.id, key.secret) })).status).toBe(200);
    const wrong = await me({ authorization: basic(key.id, `${key.secret.slice(0, -1)}x`) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toContain('Basic');
    expect((await me({ authorization: basic('key_01jd0000000000000000000000', key.secret) })).status).toBe(401);
    await server.app.db.prisma.apiKey.update({ where: { id: key.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    server.app.services.apiKeys.invalidate(); // the row changed behind the API's back: drop the cached copy
    expect((await me({ authorization: basic(key.id, key.secret) })).status).toBe(401);

    const elsewhere = await createKey(server.gql, {
      organizationId: orgId,
      name: 'office only',
      scopes: ['invoices:read'],
      ipAllowlist: ['10.0.0.0/8', '2001:db8::/32'],
    });
    expect((await me({ authorization: basic(elsewhere.id, elsewhere.secret) })).status).toBe(401);
    const local = await createKey(server.gql, {
      organizationId: orgId,
      name: 'loopback',
      scopes: ['invoices:read'],
      ipAllowlist: ['127.0.0.0/8', '::1'],
    });
    expect((await me({ authorization: basic(local.id, local.secret) })).status).toBe(200);
    // a forged X-Forwarded-For from a hop that is not a trusted proxy changes nothing (AK-07)
    const office = await createKey(server.gql, {
      organizationId: orgId,
      name: 'office',
      scopes: ['invoices:read'],
      ipAllowlist: ['10.0.0.0/30'],
    });
    expect((await me({ authorization: basic(office.id, office.secret), 'x-forwarded-for': '10.0.0.1' })).status).toBe(401);
  });

  it('refuses bad key input with typed errors and creates nothing', async () => {
    const before = await server.app.db.prisma.apiKey.count();
    const cases: [Record<string, unknown>, string][] = [
      [{ organizationId: orgId, name: 'no scopes', scopes: [] }, 'scopes'],
      [{ organizationId: orgId, name: 'bad scope', scopes: ['not a scope'] }, 'scopes.0'],
      [{ organizationId: orgId, name: 'bad cidr', scopes: ['a:b'], ipAllowlist: ['10.0.0.0/33'] }, 'ipAllowlist.0'],
      [{ organizationId: orgId, name: 'past', scopes: ['a:b'], expiresAt: new Date(Date.now() - 1000).toISOString() }, 'expiresAt'],
      [{ name: 'account key with scopes', scopes: ['a:b'] }, 'scopes'],
    ];
    for (const [input, path] of cases) {
      const res = await server.gql.request<{ createApiKey: { __typename: string; fields?: { path: string }[] } }, unknown>(CREATE_KEY, {
        input,
      });
      expect(res.createApiKey.__typename, JSON.stringify(input)).toBe('ValidationError');
      expect(res.createApiKey.fields!.map((f) => f.path)).toContain(path);
    }
    const unknown = await server.gql.request<{ createApiKey: { __typename: string } }, unknown>(CREATE_KEY, {
      input: { organizationId: 'org_01jd0000000000000000000000', name: 'x', scopes: ['a:b'] },
    });
    expect(unknown.createApiKey.__typename).toBe('NotFoundError');
    expect(await server.app.db.prisma.apiKey.count()).toBe(before);
  });

  it('records every successful verification as a metered api-key.verified event', async () => {
    const key = await createKey(server.gql, { organizationId: orgId, name: 'metered', scopes: ['invoices:read'] });
    await me({ authorization: basic(key.id, key.secret) });
    await me({ authorization: `Bearer ${key.token}` });
    await server.app.flushMetered();
    const events = await server.app.db.prisma.event.findMany({ where: { type: 'api-key.verified', subject: key.id } });
    expect(events).toHaveLength(2);
    expect(events.every((e) => e.metered && e.organizationId === orgId)).toBe(true);
  });

  it('an account key describes itself as the account; a suspended organization grants no scopes', async () => {
    const res = await me({ authorization: basic(server.keyId, server.keySecret) });
    expect((await res.json()).data).toMatchObject({ type: 'api_key', key_type: 'account', organizations: [] });

    const org = await createOrganization(server.gql, issuerId, { name: 'Soon Suspended' });
    const key = await createKey(server.gql, { organizationId: org.id, name: 'suspended', scopes: ['invoices:read', 'org:read'] });
    await server.gql.request(`mutation KeysSuspend($id: ID!) { suspendOrganization(input: { id: $id }) { __typename } }`, { id: org.id });
    const body = await (await me({ authorization: basic(key.id, key.secret) })).json();
    expect(body.data.organizations).toEqual([{ org_id: org.id, status: 'suspended', membership_status: null, scopes: [] }]);
    const seen = await keyClient(key).request<{ organization: unknown }, unknown>(
      `query KeysSuspendedOrg($id: ID!) { organization(id: $id) { id } }`,
      { id: org.id },
    );
    expect(seen.organization).toBeNull();
  });

  describe('an organization key in the Core API', () => {
    let reader: Created;
    let bare: Created;
    let membershipId: string;
    let otherMembershipId: string;

    beforeAll(async () => {
      const user = await createUser(server.gql, issuerId);
      membershipId = (await createMembership(server.gql, orgId, user.id, ['invoices:read'])).id;
      const other = await createUser(server.gql, issuerId);
      otherMembershipId = (await createMembership(server.gql, otherOrgId, other.id, ['invoices:read'])).id;
      await createMembership(server.gql, otherOrgId, user.id, ['reports:read']);
      reader = await createKey(server.gql, {
        organizationId: orgId,
        name: 'reader',
        scopes: ['org:read', 'members:read', 'events:read', 'api-keys:write'],
      });
      bare = await createKey(server.gql, { organizationId: orgId, name: 'bare', scopes: ['invoices:read'] });
    });

    it('query { viewer } tells the key its organization and scopes', async () => {
      const res = await keyClient(reader).request<{ viewer: unknown }, unknown>(
        `query KeysViewer { viewer { id type scopes organizations { organizationId status scopes organization { id name } } } }`,
      );
      expect(res.viewer).toEqual({
        id: reader.id,
        type: 'ORGANIZATION_API_KEY',
        scopes: ['org:read', 'members:read', 'events:read', 'api-keys:write'],
        organizations: [
          {
            organizationId: orgId,
            status: 'ACTIVE',
            scopes: ['org:read', 'members:read', 'events:read', 'api-keys:write'],
            organization: { id: orgId, name: 'Globex Corp' },
          },
        ],
      });
    });

    it('sees its own organization and members, and nothing of another organization (null, not an error)', async () => {
      const gql = keyClient(reader);
      const own = await gql.request<{ organization: { id: string; members: { edges: { node: { id: string } }[] } } }, unknown>(
        `query KeysOwnOrg($id: ID!) { organization(id: $id) { id members(first: 50) { edges { node { id } } } } }`,
        { id: orgId },
      );
      expect(own.organization.members.edges.map((e) => e.node.id)).toContain(membershipId);
      const other = await gql.raw<{ organization: unknown; node: unknown; nodes: unknown[] }, unknown>(
        `query KeysOtherOrg($id: ID!, $mem: ID!) { organization(id: $id) { id } node(id: $mem) { id } nodes(ids: [$mem]) { id } }`,
        { id: otherOrgId, mem: otherMembershipId },
      );
      expect(other.errors).toBeUndefined();
      expect(other.data).toEqual({ organization: null, node: null, nodes: [null] });
      // a member's memberships elsewhere stay hidden too
      const user = await gql.request<{ node: { user: { memberships: { edges: { node: { organization: { id: string } } }[] } } } }, unknown>(
        `query KeysUserMemberships($id: ID!) { node(id: $id) { ... on Membership { user { memberships(first: 10) { edges { node { organization { id } } } } } } } }`,
        { id: membershipId },
      );
      expect(user.node.user.memberships.edges.map((e) => e.node.organization.id)).toEqual([orgId]);
    });

    it('lists only its organization events', async () => {
      const res = await keyClient(reader).request<{ events: { edges: { node: { organizationId: string | null } }[] } }, unknown>(
        `query KeysEvents { events(first: 100) { edges { node { organizationId type } } } }`,
      );
      expect(res.events.edges.length).toBeGreaterThan(0);
      expect(new Set(res.events.edges.map((e) => e.node.organizationId))).toEqual(new Set([orgId]));
      // a filter narrows the tenancy filter, it never replaces it
      const other = await keyClient(reader).request<{ events: { edges: unknown[] } }, unknown>(
        `query KeysOtherEvents($org: ID!) { events(first: 100, filter: { organizationId: $org }) { edges { node { id } } } }`,
        { org: otherOrgId },
      );
      expect(other.events.edges).toEqual([]);
    });

    it('without management scopes it sees nothing, and may change nothing (FORBIDDEN, data unchanged)', async () => {
      const gql = keyClient(bare);
      const read = await gql.request<{ organization: unknown; issuers: { edges: unknown[] }; events: { edges: unknown[] } }, unknown>(
        `query KeysBare($id: ID!) { organization(id: $id) { id } issuers(first: 5) { edges { node { id } } } events(first: 5) { edges { node { id } } } }`,
        { id: orgId },
      );
      expect(read).toEqual({ organization: null, issuers: { edges: [] }, events: { edges: [] } });
      const before = await server.app.db.prisma.membership.count();
      const user = await createUser(server.gql, issuerId);
      const write = await gql.raw(
        `mutation KeysBareWrite($org: ID!, $user: ID!) { createMembership(input: { organizationId: $org, memberId: $user, scopes: ["a:b"] }) { __typename } }`,
        {
          org: orgId,
          user: user.id,
        },
      );
      expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await server.app.db.prisma.membership.count()).toBe(before);
      const issuerWide = await keyClient(reader).raw(`mutation KeysIssuerWide { createIssuer(input: { name: "nope" }) { __typename } }`);
      expect(issuerWide.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });

    it("cannot change another organization's objects: not found, and they stay as they were (TI-06)", async () => {
      const writer = await createKey(server.gql, { organizationId: orgId, name: 'writer', scopes: ['members:write', 'api-keys:write'] });
      const otherKey = await createKey(server.gql, { organizationId: otherOrgId, name: 'theirs', scopes: ['invoices:read'] });
      const gql = keyClient(writer);
      const revoke = await gql.request<{ revokeApiKey: { __typename: string } }, unknown>(REVOKE_KEY, { id: otherKey.id });
      expect(revoke.revokeApiKey.__typename).toBe('NotFoundError');
      const update = await gql.request<{ updateMembership: { __typename: string } }, unknown>(
        `mutation KeysForeignUpdate($id: ID!) { updateMembership(input: { id: $id, scopes: ["members:write"] }) { __typename } }`,
        { id: otherMembershipId },
      );
      expect(update.updateMembership.__typename).toBe('NotFoundError');
      const remove = await gql.request<{ deleteMembership: { __typename: string } }, unknown>(
        `mutation KeysForeignDelete($id: ID!) { deleteMembership(input: { id: $id }) { __typename } }`,
        { id: otherMembershipId },
      );
      expect(remove.deleteMembership.__typename).toBe('NotFoundError');
      expect((await server.app.db.prisma.apiKey.findUniqueOrThrow({ where: { id: otherKey.id } })).status).toBe('active');
      expect((await server.app.db.prisma.membership.findUniqueOrThrow({ where: { id: otherMembershipId } })).scopes).toEqual([
        'invoices:read',
      ]);
    });

    it('creates organization keys only in its organization and never beyond its own scopes', async () => {
      const gql = keyClient(reader);
      const ok = await createKey(gql, { organizationId: orgId, name: 'child', scopes: ['members:read'] });
      expect((await me({ authorization: basic(ok.id, ok.secret) })).status).toBe(200);
      const beyond = await gql.request<{ createApiKey: { __typename: string } }, unknown>(CREATE_KEY, {
        input: { organizationId: orgId, name: 'escalate', scopes: ['members:write'] },
      });
      expect(beyond.createApiKey.__typename).toBe('ForbiddenError');
      const elsewhere = await gql.request<{ createApiKey: { __typename: string } }, unknown>(CREATE_KEY, {
        input: { organizationId: otherOrgId, name: 'elsewhere', scopes: ['members:read'] },
      });
      expect(elsewhere.createApiKey.__typename).toBe('NotFoundError');
      const accountKey = await gql.request<{ createApiKey: { __typename: string } }, unknown>(CREATE_KEY, { input: { name: 'account' } });
      expect(accountKey.createApiKey.__typename).toBe('NotFoundError');
    });
  });
});

describe('rate limits on the real server', () => {
  let server: TestServer;
  test.beforeAll(async ({ server: started }) => {
    server = started;
  });

  it('answers request 301 of a 15-minute window with 429, the three headers and Retry-After; another key is unaffected', async () => {
    const issuerId = (await createIssuer(server.gql)).id;
    const orgId = (await createOrganization(server.gql, issuerId)).id;
    const res = await server.gql.request<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(CREATE_KEY, {
      input: { organizationId: orgId, name: 'busy', scopes: ['a:b'] },
    });
    const auth = { authorization: basic(res.createApiKey.apiKey.id, res.createApiKey.secret) };
    let last: Response | null = null;
    for (let i = 1; i <= 300; i++) {
      last = await fetch(`${server.url}/v1/me`, { headers: auth });
      expect(last.status, `request ${i}`).toBe(200);
      await last.arrayBuffer();
    }
    expect(last!.headers.get('x-ratelimit-limit')).toBe('300');
    expect(last!.headers.get('x-ratelimit-remaining')).toBe('0');
    const refused = await fetch(`${server.url}/v1/me`, { headers: auth });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-limit')).toBe('300');
    expect(refused.headers.get('x-ratelimit-remaining')).toBe('0');
    const reset = Number(refused.headers.get('x-ratelimit-reset'));
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThanOrEqual(900);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await refused.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    // the GraphQL endpoint shares the key's counter
    const gql = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
    expect(gql.status).toBe(429);
    // other keys are unaffected; account keys have their own, higher default (RATE_LIMIT_ACCOUNT_KEY)
    const admin = await fetch(`${server.url}/v1/me`, { headers: { authorization: basic(server.keyId, server.keySecret) } });
    expect(admin.status).toBe(200);
    expect(admin.headers.get('x-ratelimit-limit')).toBe('20000');
  });

  it("applies a key's own limit", async () => {
    const issuerId = (await createIssuer(server.gql)).id;
    const orgId = (await createOrganization(server.gql, issuerId)).id;
    const res = await server.gql.request<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(CREATE_KEY, {
      input: { organizationId: orgId, name: 'five', scopes: ['a:b'], rateLimit: 5, rateLimitWindowSeconds: 60 },
    });
    const auth = { authorization: basic(res.createApiKey.apiKey.id, res.createApiKey.secret) };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${server.url}/v1/me`, { headers: auth })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
  });
});

describe('behind a trusted proxy (TRUST_PROXY)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: '127.0.0.1' });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("believes the proxy's X-Forwarded-For, read from the right", async () => {
    const issuerId = (await createIssuer(server.gql)).id;
    const orgId = (await createOrganization(server.gql, issuerId)).id;
    const res = await server.gql.request<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(CREATE_KEY, {
      input: { organizationId: orgId, name: 'office', scopes: ['a:b'], ipAllowlist: ['10.0.0.0/30'] },
    });
    const auth = basic(res.createApiKey.apiKey.id, res.createApiKey.secret);
    const me = (xff?: string) =>
      fetch(`${server.url}/v1/me`, { headers: { authorization: auth, ...(xff ? { 'x-forwarded-for': xff } : {}) } });
    expect((await me('10.0.0.1')).status).toBe(200);
    expect((await me()).status).toBe(401); // the proxy itself is not in the allowlist
    expect((await me('10.0.0.1, 203.0.113.9')).status).toBe(401); // the right-most untrusted hop is the client
  });
});
