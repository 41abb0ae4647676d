/**
 * Security review (rev9) of the authorization kernel, black-box against the real server: each
 * test is one finding, named after it, and FAILS while the finding stands. The assertion states
 * the rule the README / DESIGN promise; the comment above each test gives the reproduction.
 *
 * Two servers: one on the real clock, one on a manual clock (expiry and idle-timeout findings).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient as createWsClient, type Client } from 'graphql-ws';
import { startServer, type TestServer } from './helpers/server.js';
import { manualClock, type ManualClock } from './helpers/clock.js';
import { basic } from './helpers/graphql.js';
import { mutateAs } from './helpers/forbidden.js';
import {
  ALL_SCOPES,
  adminMutate,
  clientCredentialsToken,
  createWebClient,
  exchangeToken,
  seedDelegation,
  gqlAs,
  postForm,
  userAccessToken,
  whoami,
} from './helpers/tenants.js';
import { acceptBySignUp, TEST_PASSWORD } from './helpers/browser.js';

let counter = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** Small fixtures on one server, all made with the account's admin key. */
function fixtures(get: () => TestServer) {
  const s = () => get();
  return {
    async issuer(extra: Record<string, unknown> = {}) {
      return (await adminMutate(s(), 'createIssuer', 'CreateIssuerInput', { name: unique('Review'), ...extra }, 'issuer { id }')).issuer
        .id as string;
    },
    async org(issuerId: string, extra: Record<string, unknown> = {}) {
      const p = await adminMutate(
        s(),
        'createOrganization',
        'CreateOrganizationInput',
        { issuerId, name: unique('Org'), ...extra },
        'organization { id slug }',
      );
      return { id: p.organization.id as string, slug: p.organization.slug as string };
    },
    async user(issuerId: string) {
      const email = `${unique('u')}@example.com`;
      return (
        await adminMutate(s(), 'createUser', 'CreateUserInput', { issuerId, username: email, email, emailVerified: true }, 'user { id }')
      ).user.id as string;
    },
    async member(organizationId: string, memberId: string, scopes: string[] = ALL_SCOPES) {
      return (
        await adminMutate(s(), 'createMembership', 'CreateMembershipInput', { organizationId, memberId, scopes }, 'membership { id }')
      ).membership.id as string;
    },
    async orgKey(organizationId: string, scopes: string[], extra: Record<string, unknown> = {}) {
      const p = await adminMutate(
        s(),
        'createApiKey',
        'CreateApiKeyInput',
        { organizationId, name: unique('key'), scopes, ...extra },
        'secret apiKey { id }',
      );
      return { id: p.apiKey.id as string, authorization: basic(p.apiKey.id, p.secret) };
    },
    async agent(issuerId: string, organizationId: string, scopes: string[] = ALL_SCOPES) {
      const agentId = (
        await adminMutate(s(), 'createAgent', 'CreateAgentInput', { issuerId, name: unique('agent'), scopes }, 'agent { id }')
      ).agent.id as string;
      const secret = (await adminMutate(s(), 'createAgentVerifier', 'CreateAgentVerifierInput', { agentId, type: 'SECRET' }, 'secret'))
        .secret as string;
      await this.member(organizationId, agentId, scopes);
      return { id: agentId, secret };
    },
  };
}

/** Runs one operation (query or mutation) over an open graphql-ws connection; the error when it is refused. */
function overSocket(
  client: Client,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<{ data?: any; errors?: any[]; refused?: string }> {
  return new Promise((resolve) => {
    let result: { data?: any; errors?: any[] } = {};
    client.subscribe(
      { query, variables },
      {
        next: (r) => (result = r as typeof result),
        error: (e) =>
          resolve({ refused: e instanceof Error ? e.message : JSON.stringify((e as { code?: number; reason?: string })?.code ?? e) }),
        complete: () => resolve(result),
      },
    );
  });
}

const CREATE_KEY_SELECTION = 'secret apiKey { id expiresAt rateLimit { limit windowSeconds } }';
const keyAuthorization = (outcome: { result: Record<string, any> }) => basic(outcome.result.apiKey.id, outcome.result.secret);

describe('security review rev9 (real clock)', () => {
  let server: TestServer;
  const f = fixtures(() => server);
  let issuerId: string;
  let web: { id: string; secret: string };
  let orgA: { id: string; slug: string };
  let orgB: { id: string; slug: string };
  let userA: string;

  beforeAll(async () => {
    server = await startServer();
    issuerId = await f.issuer();
    web = await createWebClient(server, issuerId);
    orgA = await f.org(issuerId);
    orgB = await f.org(issuerId);
    userA = await f.user(issuerId);
    await f.member(orgA.id, userA);
  });
  afterAll(async () => {
    await server?.stop();
  });

  // Repro: user A signs in (org A selected); agent A exchanges the user's token (RFC 8693); with the
  // delegated token it calls createApiKey in org A; the operator then revokes the user's session.
  // The delegated token dies (its sid is checked) but the key it minted lives on: lineageOf()
  // records the agent (act.sub), not the session, so endSessionIn's revokeDescendants([s_…]) misses it.
  it('F1 a key minted with a token-exchange (delegated) token survives revocation of the user’s session', async () => {
    const agent = await f.agent(issuerId, orgA.id);
    const user = await userAccessToken(server, issuerId, web, userA);
    await seedDelegation(server, issuerId, userA, agent.id);
    const exchanged = await exchangeToken(server, issuerId, agent, user.accessToken);
    expect(exchanged.status).toBe(200);
    const delegated = `Bearer ${exchanged.json.access_token as string}`;
    const created = await mutateAs(
      server,
      delegated,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: orgA.id, name: unique('delegated'), scopes: ['members:read'] },
      CREATE_KEY_SELECTION,
    );
    expect(created.typename).toBe('CreateApiKeyPayload');
    const key = keyAuthorization(created);
    expect((await whoami(server, key)).status).toBe(200);

    await adminMutate(server, 'revokeSession', 'RevokeSessionInput', { id: user.sessionId }, 'session { id }');
    expect((await whoami(server, delegated)).status).toBe(401); // the delegated token is gone …
    expect((await whoami(server, key)).status, 'the key the delegated token minted must die with the session').toBe(401); // … its key is not
  });

  // Repro: same delegated token (expires_in ≤ 300 s) creates a key without expiresAt. The key
  // inherits the *session's* absolute end (30 days by default), because app.ts builds every
  // sid-carrying token's restrictions.expiresAt from the session — for an agent acting for a user too.
  it('F1b a 300-second delegated token mints a key that lives for the session’s whole absolute lifetime', async () => {
    const agent = await f.agent(issuerId, orgA.id);
    const user = await userAccessToken(server, issuerId, web, userA);
    await seedDelegation(server, issuerId, userA, agent.id);
    const exchanged = await exchangeToken(server, issuerId, agent, user.accessToken);
    expect(exchanged.status).toBe(200);
    const created = await mutateAs(
      server,
      `Bearer ${exchanged.json.access_token as string}`,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: orgA.id, name: unique('delegated'), scopes: ['members:read'] },
      CREATE_KEY_SELECTION,
    );
    expect(created.typename).toBe('CreateApiKeyPayload');
    const expiresAt = created.result.apiKey.expiresAt ? Date.parse(created.result.apiKey.expiresAt) : Infinity;
    const tokenEnds = Date.now() + (exchanged.json.expires_in as number) * 1000 + 5_000;
    expect(expiresAt, 'a delegated token’s key must not outlive the delegated token').toBeLessThanOrEqual(tokenEnds);
  });

  // Repro: an organization key created without rateLimit (the server default, 300 / 15 min)
  // calls createApiKey with rateLimit 1000000 per 1 s. attenuateRestrictions only compares when
  // the creator's restriction is non-null, and a defaulted limit is stored as null.
  it('F2 an organization key on the default rate limit creates a child key with a far higher rate', async () => {
    const parent = await f.orgKey(orgA.id, ['api-keys:write', 'invoices:read']);
    const parentLimit = (await fetch(`${server.url}/v1/me`, { headers: { authorization: parent.authorization } })).headers.get(
      'x-ratelimit-limit',
    );
    expect(parentLimit).toBe('300');
    const child = await mutateAs(
      server,
      parent.authorization,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: orgA.id, name: unique('fast'), scopes: ['invoices:read'], rateLimit: 1_000_000, rateLimitWindowSeconds: 1 },
      CREATE_KEY_SELECTION,
    );
    expect({ typename: child.typename, field: child.field }).toEqual({ typename: 'ForbiddenError', field: 'rateLimit' });
  });

  // Repro: createPersonalToken accepts rateLimit / rateLimitWindowSeconds (and inherits the
  // creator's), but app.ts authenticate() applies the limiter only when auth.apiKey is set — a
  // personal token is never counted, so the stored (and attenuated) limit is a no-op.
  it('F3 a personal token’s rate limit is stored but never enforced', async () => {
    const p = await adminMutate(
      server,
      'createPersonalToken',
      'CreatePersonalTokenInput',
      { userId: userA, organizationId: orgA.id, name: unique('pat'), scopes: ['members:read'], rateLimit: 2, rateLimitWindowSeconds: 900 },
      'token personalToken { id }',
    );
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await whoami(server, `Bearer ${p.token as string}`)).status);
    expect(statuses, 'a token limited to 2 requests per 15 minutes must be refused on the third').toContain(429);
  });

  // Repro: an organization key (invitations:write) invites an address, then the key is revoked
  // (e.g. it leaked). The invitation it created stays pending and is accepted afterwards: a grant
  // made by a revoked credential still takes effect. Lineage (lineage.ts) walks keys, personal
  // tokens and verifiers only; invitations have no createdBy.
  it('F4 an invitation created by a key stays acceptable after the key is revoked', async () => {
    const key = await f.orgKey(orgA.id, ['invitations:write', 'invoices:read']);
    const email = `${unique('invitee')}@example.com`;
    const invited = await mutateAs(
      server,
      key.authorization,
      'createInvitation',
      'CreateInvitationInput',
      { organizationId: orgA.id, email, scopes: ['invoices:read'] },
      'acceptUrl invitation { id }',
    );
    expect(invited.typename).toBe('CreateInvitationPayload');
    await adminMutate(server, 'revokeApiKey', 'RevokeApiKeyInput', { id: key.id }, 'apiKey { id }');
    expect((await whoami(server, key.authorization)).status).toBe(401);

    await acceptBySignUp(invited.result.acceptUrl as string, TEST_PASSWORD);
    const row = await server.app.db.prisma.invitation.findUnique({ where: { id: invited.result.invitation.id }, select: { status: true } });
    const members = await server.app.db.prisma.membership.count({ where: { organizationId: orgA.id, user: { username: email } } });
    expect({ status: row?.status, members }, 'the revoked key’s invitation must not grant a membership').toEqual({
      status: 'revoked',
      members: 0,
    });
  });

  // Repro: a user in A and B signs in (no org selected); the session is switched to B, then to A.
  // The session.organization-switched event is recorded in org A with data.previousOrganizationId
  // = org B, so any events:read credential of A reads B's id (and that this person belongs to B).
  it('F6 events of organization A reveal organization B’s id (session.organization-switched previousOrganizationId)', async () => {
    const shared = await f.user(issuerId);
    await f.member(orgA.id, shared);
    await f.member(orgB.id, shared);
    const { sessionId } = await userAccessToken(server, issuerId, web, shared);
    await adminMutate(server, 'switchOrganization', 'SwitchOrganizationInput', { sessionId, organizationId: orgB.id }, 'session { id }');
    await adminMutate(server, 'switchOrganization', 'SwitchOrganizationInput', { sessionId, organizationId: orgA.id }, 'session { id }');
    const keyA = await f.orgKey(orgA.id, ['events:read']);
    const res = await gqlAs(
      server,
      keyA.authorization,
      `query Rev9Events($s: ID!) { events(first: 50, filter: { subject: $s }) { edges { node { type organizationId data } } } }`,
      { s: sessionId },
    );
    const seen = JSON.stringify(res.data);
    expect(seen).toContain('session.organization-switched'); // A does see the switch into A …
    expect(seen, 'org A’s event trail must not name org B').not.toContain(orgB.id); // … and B's id with it
  });

  // Repro: an organization key with org:write of A renames its slug to B's slug → CONFLICT
  // "The slug "…" is already used in this issuer."; to an unused slug → success. An existence
  // oracle for other tenants' organizations in the same issuer (README: "Objects of another tenant
  // are indistinguishable from missing ones").
  it('F7 updateOrganization(slug) tells an organization key whether another tenant uses a slug', async () => {
    const org = await f.org(issuerId);
    const key = await f.orgKey(org.id, ['org:write', 'org:read']);
    const taken = await mutateAs(
      server,
      key.authorization,
      'updateOrganization',
      'UpdateOrganizationInput',
      { id: org.id, slug: orgB.slug },
      'organization { id }',
    );
    const free = await mutateAs(
      server,
      key.authorization,
      'updateOrganization',
      'UpdateOrganizationInput',
      { id: org.id, slug: unique('free-slug') },
      'organization { id }',
    );
    expect(taken.typename, `taken elsewhere: ${taken.message}`).toBe(free.typename);
  });

  // Repro: an organization with mfaPolicy REQUIRED, memberLimit 5 and members holding every scope.
  // A key holding only org:write + org:read sets mfaPolicy INHERIT (MFA off for the org's sign-ins
  // and switches), memberLimit null (the operator's cap gone) and defaultMemberScopes to a scope it
  // does not hold. All three succeed: updateOrganization has no attenuation and no field guard.
  it('F8 an org:write key loosens the organization’s MFA policy, lifts its member limit and sets default scopes it does not hold', async () => {
    const org = await f.org(issuerId, { mfaPolicy: 'REQUIRED', memberLimit: 5 });
    await f.member(org.id, await f.user(issuerId));
    const key = await f.orgKey(org.id, ['org:write', 'org:read']);
    const outcomes: Record<string, string> = {};
    for (const [field, value] of [
      ['mfaPolicy', 'INHERIT'],
      ['memberLimit', null],
      ['defaultMemberScopes', ['billing:admin']],
    ] as const) {
      const o = await mutateAs(
        server,
        key.authorization,
        'updateOrganization',
        'UpdateOrganizationInput',
        { id: org.id, [field]: value },
        'organization { id }',
      );
      outcomes[field] = o.typename;
    }
    const row = await server.app.db.prisma.organization.findUnique({
      where: { id: org.id },
      select: { mfaPolicy: true, memberLimit: true, defaultMemberScopes: true },
    });
    expect(row, `outcomes ${JSON.stringify(outcomes)}`).toEqual({ mfaPolicy: 'required', memberLimit: 5, defaultMemberScopes: [] });
  });

  // Repro: an M2M client gets a client_credentials token and revokes it at /revoke (RFC 7009):
  // 200, but the token still authenticates at /v1/me and /graphql until exp. DESIGN §3: "a revoked
  // jti is refused wherever this server checks tokens until it expires". (revocation.ts documents
  // the deviation; createAuthority's `tokenRevoked` hook is never wired in app.ts.)
  it('F9 a revoked (RFC 7009) access token keeps working on the Core API', async () => {
    const m2m = await adminMutate(
      server,
      'createClient',
      'CreateClientInput',
      { issuerId, name: unique('m2m'), type: 'M2M', organizationId: orgA.id, scopes: ['members:read'] },
      'secret client { id }',
    );
    const caller = { id: m2m.client.id as string, secret: m2m.secret as string };
    const token = await clientCredentialsToken(server, issuerId, caller);
    const revoked = await postForm(server, issuerId, '/revoke', { token, token_type_hint: 'access_token' }, caller);
    expect(revoked.status).toBe(200);
    expect((await whoami(server, `Bearer ${token}`)).status).toBe(401);
  });

  // Repro: an organization key (invitations:write) invites ceo@<someone else's domain>, an address
  // the issuer does not know, and opens the acceptUrl itself (the token is returned to the
  // creator; Authgraph sends no mail). The hosted page signs up an issuer-wide user with
  // emailVerified: true and a password the key holder chose. createUser is account-only, and no one
  // proved the mailbox.
  it('F10 an organization key mints an issuer-wide user with a verified email it never proved (own invitation, hosted sign-up)', async () => {
    const key = await f.orgKey(orgA.id, ['invitations:write', 'invoices:read']);
    const email = `${unique('ceo')}@victim-corp.example`;
    const invited = await mutateAs(
      server,
      key.authorization,
      'createInvitation',
      'CreateInvitationInput',
      { organizationId: orgA.id, email, scopes: ['invoices:read'] },
      'acceptUrl',
    );
    expect(invited.typename).toBe('CreateInvitationPayload');
    await acceptBySignUp(invited.result.acceptUrl as string, TEST_PASSWORD);
    const user = await server.app.db.prisma.user.findFirst({
      where: { issuerId, username: email },
      select: { emailVerified: true, passwordHash: true },
    });
    expect(user, 'the sign-up happened').not.toBeNull();
    expect(user!.emailVerified, 'the inviter held the token: the address is not verified').toBe(false);
  });

  // Repro: a personal token (api-keys:write, members:read) mints an org key with members:read.
  // The operator then cuts the user's membership to invoices:read. The personal token is re-derived
  // live and no longer holds members:read — but the key it minted still does (and still lists the
  // organization's members). A credential's children keep authority the parent has lost.
  it('F11 a key minted by a personal token keeps scopes the token’s user no longer holds', async () => {
    const u = await f.user(issuerId);
    const membershipId = await f.member(orgA.id, u, ['api-keys:write', 'members:read', 'invoices:read']);
    const p = await adminMutate(
      server,
      'createPersonalToken',
      'CreatePersonalTokenInput',
      { userId: u, organizationId: orgA.id, name: unique('pat'), scopes: ['api-keys:write', 'members:read'] },
      'token',
    );
    const pat = `Bearer ${p.token as string}`;
    const created = await mutateAs(
      server,
      pat,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: orgA.id, name: unique('from-pat'), scopes: ['members:read'] },
      CREATE_KEY_SELECTION,
    );
    expect(created.typename).toBe('CreateApiKeyPayload');
    await adminMutate(
      server,
      'updateMembership',
      'UpdateMembershipInput',
      { id: membershipId, scopes: ['invoices:read'] },
      'membership { id }',
    );

    expect((await whoami(server, pat)).json.data.scopes).toEqual([]); // the parent lost members:read …
    const childScopes: string[] = (await whoami(server, keyAuthorization(created))).json.data?.scopes ?? [];
    expect(childScopes, 'the child must not hold what its creator no longer holds').not.toContain('members:read'); // … its child did not
  });

  // Repro: an organization key opens a graphql-ws connection (authenticated once, at
  // connection_init). The operator revokes the key: HTTP answers 401 at once. On the socket that is
  // still open, the revoked key sends a createApiKey *mutation* (graphql-ws executes queries and
  // mutations too) — graphql-ws.ts reuses ctx.extra.viewer for every operation and nothing
  // re-checks it, so the mutation succeeds and mints a brand-new active key after the cascade ran.
  it('F14 a revoked key keeps executing mutations over an already-open graphql-ws connection (and mints a fresh live key)', async () => {
    const key = await f.orgKey(orgA.id, ['api-keys:write', 'invoices:read']);
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: key.authorization },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
    });
    try {
      expect((await overSocket(client, '{ __typename }')).data).toEqual({ __typename: 'Query' });
      await adminMutate(server, 'revokeApiKey', 'RevokeApiKeyInput', { id: key.id }, 'apiKey { id }');
      expect((await whoami(server, key.authorization)).status).toBe(401);

      const r = await overSocket(
        client,
        `mutation Rev9WsKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { __typename ... on CreateApiKeyPayload { secret apiKey { id } } } }`,
        {
          input: { organizationId: orgA.id, name: unique('after-revoke'), scopes: ['invoices:read'] },
        },
      );
      const minted =
        r.data?.createApiKey?.__typename === 'CreateApiKeyPayload'
          ? (await whoami(server, basic(r.data.createApiKey.apiKey.id, r.data.createApiKey.secret))).status
          : null;
      expect(
        { typename: r.data?.createApiKey?.__typename ?? null, mintedKeyStatus: minted },
        'a revoked key must not act over a socket it opened before',
      ).toEqual({ typename: null, mintedKeyStatus: null });
    } finally {
      await client.dispose();
    }
  });

  // Sibling of F14 with another credential kind: a person's access token opens the socket, then
  // the operator revokes the session ("access tokens carrying its sid on their next use" stop).
  // Over the open socket the token still reads the organization's members.
  it('F14b a user access token of a revoked session keeps reading over an already-open graphql-ws connection', async () => {
    const user = await userAccessToken(server, issuerId, web, userA);
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${user.accessToken}` },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
    });
    const read = `query Rev9WsMembers($o: ID!) { organization(id: $o) { members(first: 5) { totalCount } } }`;
    try {
      expect((await overSocket(client, read, { o: orgA.id })).data?.organization?.members?.totalCount).toBeGreaterThan(0);
      await adminMutate(server, 'revokeSession', 'RevokeSessionInput', { id: user.sessionId }, 'session { id }');
      expect((await whoami(server, `Bearer ${user.accessToken}`)).status).toBe(401);
      const after = await overSocket(client, read, { o: orgA.id });
      expect(after.data?.organization ?? null, 'a revoked session must not read over its old socket').toBeNull();
    } finally {
      await client.dispose();
    }
  });

  // Repro: an organization key limited to 3 requests per 15 minutes: HTTP answers 429 on the 4th.
  // The same key opens ONE graphql-ws connection (one unit of the limit is consumed at
  // connection_init) and then runs as many queries/mutations as it likes over it.
  it('F15 a rate-limited key bypasses its rate limit by sending operations over one graphql-ws connection', async () => {
    const key = await f.orgKey(orgA.id, ['members:read'], { rateLimit: 3, rateLimitWindowSeconds: 900 });
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: key.authorization },
      retryAttempts: 0,
      lazy: false,
      onNonLazyError: () => {},
    });
    try {
      let served = 0;
      for (let i = 0; i < 8; i++) if ((await overSocket(client, '{ __typename }')).data) served++;
      expect(served, 'a key limited to 3 requests must not be served 8 operations').toBeLessThanOrEqual(3);
    } finally {
      await client.dispose();
    }
  });

  // Repro: an organization key with only api-keys:write + api-keys:read revokes the tenant's
  // admin key holding every scope (and, by the cascade, every key that admin key made).
  // Memberships are protected by "no credential changes or removes a member holding scopes it does
  // not hold"; keys, the stronger credentials, are not.
  it('F13 a weak key revokes a key holding scopes it does not hold (and its whole lineage)', async () => {
    const strong = await f.orgKey(orgA.id, ALL_SCOPES);
    const weak = await f.orgKey(orgA.id, ['api-keys:write', 'api-keys:read']);
    const o = await mutateAs(server, weak.authorization, 'revokeApiKey', 'RevokeApiKeyInput', { id: strong.id }, 'apiKey { id status }');
    expect({ typename: o.typename, strongStillWorks: (await whoami(server, strong.authorization)).status }).toEqual({
      typename: 'ForbiddenError',
      strongStillWorks: 200,
    });
  });

  // Repro: a person is a member of A and B; their session is in A. Tenant A's key with
  // members:write calls switchOrganization(sessionId, organizationId: <B>): it succeeds, moving
  // the person's session (and their next tokens) into tenant B, and B's event trail records A's
  // key as the actor. mayRevoke() checks the session's *current* org only; the target org is not
  // checked against the credential (reachable.organization).
  it('F16 an organization key of A switches a person’s session into organization B', async () => {
    const shared = await f.user(issuerId);
    await f.member(orgA.id, shared);
    await f.member(orgB.id, shared);
    const { sessionId } = await userAccessToken(server, issuerId, web, shared);
    await adminMutate(server, 'switchOrganization', 'SwitchOrganizationInput', { sessionId, organizationId: orgA.id }, 'session { id }');
    const keyA = await f.orgKey(orgA.id, ['members:write', 'members:read']);
    const o = await mutateAs(
      server,
      keyA.authorization,
      'switchOrganization',
      'SwitchOrganizationInput',
      { sessionId, organizationId: orgB.id },
      'session { id organizationId }',
    );
    const row = await server.app.db.prisma.session.findUnique({ where: { id: sessionId }, select: { organizationId: true } });
    expect({ typename: o.typename, organizationId: row?.organizationId }).toEqual({ typename: 'NotFoundError', organizationId: orgA.id });
  });

  // Repro: tenant A's M2M client (registered to org A) calls /introspect with its own credentials
  // on a user access token of tenant B (same issuer): active: true with B's sub, org_id, scope and
  // sid. Any confidential client of the issuer introspects every token of every tenant.
  // SECURITY-CASES TI-07 ("RS credentials of A introspect B's token → {active: false}"), RFC 7662 §4.
  it('F17 tenant A’s M2M client introspects tenant B’s user token and reads its claims', async () => {
    const m2m = await adminMutate(
      server,
      'createClient',
      'CreateClientInput',
      { issuerId, name: unique('m2m-a'), type: 'M2M', organizationId: orgA.id, scopes: ['invoices:read'] },
      'secret client { id }',
    );
    const userB = await f.user(issuerId);
    await f.member(orgB.id, userB);
    const tokenB = await userAccessToken(server, issuerId, web, userB);
    const answer = await postForm(
      server,
      issuerId,
      '/introspect',
      { token: tokenB.accessToken },
      { id: m2m.client.id, secret: m2m.secret },
    );
    expect(answer.json, `introspection by A's client: ${JSON.stringify(answer.json).slice(0, 200)}`).toEqual({ active: false });
  });

  // Repro: org S is suspended. Its M2M client (scopes invoices:write) still gets client_credentials
  // tokens: org_id is dropped, but `scope` still carries invoices:write, and /v1/me lists it — the
  // answer a tenant's own API reads ("forwards the credential and enforces the returned scopes").
  // Same for an agent whose only organization is suspended or who was removed from it: it gets
  // every scope of the agent, with no org. DESIGN §1: "Suspend: newly issued tokens carry no
  // claims for that org".
  it('F18 a suspended organization’s M2M client still mints tokens carrying its resource scopes', async () => {
    const org = await f.org(issuerId);
    const m2m = await adminMutate(
      server,
      'createClient',
      'CreateClientInput',
      { issuerId, name: unique('m2m-s'), type: 'M2M', organizationId: org.id, scopes: ['invoices:write'] },
      'secret client { id }',
    );
    await adminMutate(server, 'suspendOrganization', 'SuspendOrganizationInput', { id: org.id }, 'organization { id }');
    const answer = await postForm(
      server,
      issuerId,
      '/token',
      { grant_type: 'client_credentials' },
      { id: m2m.client.id, secret: m2m.secret },
    );
    const me = answer.status === 200 ? (await whoami(server, `Bearer ${answer.json.access_token as string}`)).json.data?.scopes : [];
    expect({ scope: answer.json.scope ?? null, whoamiScopes: me }).toEqual({ scope: null, whoamiScopes: [] });
  });

  // Repro: a person is a member of A and B. Signed in, they switch to B (refresh with
  // organization_id) and create an API key in B. Later their session acts in A. Tenant A's key
  // with members:write may end sessions acting in A — and revokeSession's lineage cascade
  // (endSessionIn → revokeDescendants) then revokes the key in organization B, with A's key
  // recorded as the actor in B's event trail. A tenant destroys another tenant's credential.
  it('F19 tenant A’s key revokes tenant B’s API key through the session-lineage cascade', async () => {
    const shared = await f.user(issuerId);
    await f.member(orgA.id, shared);
    await f.member(orgB.id, shared);
    const signIn = await userAccessToken(server, issuerId, web, shared);
    const inB = await postForm(
      server,
      issuerId,
      '/token',
      { grant_type: 'refresh_token', refresh_token: signIn.refreshToken, organization_id: orgB.id },
      web,
    );
    expect(inB.status).toBe(200);
    const keyB = await mutateAs(
      server,
      `Bearer ${inB.json.access_token as string}`,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: orgB.id, name: unique('b-key'), scopes: ['invoices:read'] },
      CREATE_KEY_SELECTION,
    );
    expect(keyB.typename).toBe('CreateApiKeyPayload');
    const inA = await postForm(
      server,
      issuerId,
      '/token',
      { grant_type: 'refresh_token', refresh_token: inB.json.refresh_token as string, organization_id: orgA.id },
      web,
    );
    expect(inA.status).toBe(200);

    const keyA = await f.orgKey(orgA.id, ['members:write', 'members:read']);
    await mutateAs(server, keyA.authorization, 'revokeSession', 'RevokeSessionInput', { id: signIn.sessionId }, 'session { id status }');
    expect((await whoami(server, keyAuthorization(keyB))).status, 'org B’s key must not be revoked by a credential of org A').toBe(200);
  });
});

describe('security review rev9 (manual clock)', () => {
  let server: TestServer;
  let clock: ManualClock;
  const f = fixtures(() => server);

  beforeAll(async () => {
    clock = manualClock();
    server = await startServer({}, { clock });
  });
  afterAll(async () => {
    await server?.stop();
  });

  // Repro: issuer idle timeout 300 s. A user signs in and, with the access token (15-minute TTL),
  // creates an org key. Nobody refreshes for 6 minutes: the session is over by the issuer's policy
  // (a refresh now answers invalid_grant), but the key — whose expiry is the session's *absolute*
  // end — keeps working, and so does the access token: activeUntil() ignores the idle timeout, and
  // the cascade only runs if someone happens to present the refresh token.
  it('F5 keys made with a person’s sign-in outlive the session’s idle timeout', async () => {
    const issuerId = await f.issuer({ sessionIdleTimeoutSeconds: 300 });
    const web = await createWebClient(server, issuerId);
    const org = await f.org(issuerId);
    const userId = await f.user(issuerId);
    await f.member(org.id, userId);
    const user = await userAccessToken(server, issuerId, web, userId);
    const created = await mutateAs(
      server,
      `Bearer ${user.accessToken}`,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: org.id, name: unique('from-session'), scopes: ['members:read'] },
      CREATE_KEY_SELECTION,
    );
    expect(created.typename).toBe('CreateApiKeyPayload');

    clock.advance(360_000);
    expect(
      { key: (await whoami(server, keyAuthorization(created))).status, token: (await whoami(server, `Bearer ${user.accessToken}`)).status },
      'an idle-expired sign-in ends what it made',
    ).toEqual({ key: 401, token: 401 });
  });

  // Repro: an organization key that expires in 60 s (invitations:write) creates an invitation
  // (default lifetime: days). After the key has expired (401), the invitation is still accepted
  // on the hosted page and grants the membership. DESIGN §2 lists invitations among what must be
  // "no looser" than their creator; attenuateRestrictions is applied to keys and personal tokens only.
  it('F20 an invitation outlives the expiry of the key that created it', async () => {
    const issuerId = await f.issuer();
    const org = await f.org(issuerId);
    const keyExpiresAt = new Date(clock.now().getTime() + 60_000);
    const key = await f.orgKey(org.id, ['invitations:write', 'invoices:read'], { expiresAt: keyExpiresAt.toISOString() });
    const email = `${unique('late')}@example.com`;
    const invited = await mutateAs(
      server,
      key.authorization,
      'createInvitation',
      'CreateInvitationInput',
      { organizationId: org.id, email, scopes: ['invoices:read'] },
      'acceptUrl invitation { id expiresAt }',
    );
    expect(invited.typename).toBe('CreateInvitationPayload');
    clock.advance(120_000);
    expect((await whoami(server, key.authorization)).status).toBe(401);
    await acceptBySignUp(invited.result.acceptUrl as string, TEST_PASSWORD);
    const members = await server.app.db.prisma.membership.count({ where: { organizationId: org.id, user: { username: email } } });
    expect({ withinKeyExpiry: Date.parse(invited.result.invitation.expiresAt) <= keyExpiresAt.getTime(), members }).toEqual({
      withinKeyExpiry: true,
      members: 0,
    });
  });

  // Repro: the operator gives a contractor an account key restricted to 127.0.0.1/32 that expires
  // in 60 s. With it the contractor creates an agent, a SECRET verifier and a membership. After
  // the key has expired (401), the verifier still gets agent tokens (from any address) that act in
  // the organization. DESIGN §2: what a credential creates — agents, verifiers — has
  // "restrictions (IP allowlist, expiry, rate limit) no looser". createClient (M2M secret) is the same.
  it('F12 an expiring, IP-restricted account key mints agent verifiers that outlive its expiry', async () => {
    const issuerId = await f.issuer();
    const org = await f.org(issuerId);
    const k = await adminMutate(
      server,
      'createApiKey',
      'CreateApiKeyInput',
      { name: unique('contractor'), ipAllowlist: ['127.0.0.1/32'], expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() },
      'secret apiKey { id }',
    );
    const restricted = basic(k.apiKey.id, k.secret);
    const agent = await mutateAs(
      server,
      restricted,
      'createAgent',
      'CreateAgentInput',
      { issuerId, name: unique('agent'), scopes: ['members:read'] },
      'agent { id }',
    );
    expect(agent.typename).toBe('CreateAgentPayload');
    const agentId = agent.result.agent.id as string;
    const verifier = await mutateAs(
      server,
      restricted,
      'createAgentVerifier',
      'CreateAgentVerifierInput',
      { agentId, type: 'SECRET' },
      'secret',
    );
    expect(verifier.typename).toBe('CreateAgentVerifierPayload');
    const membership = await mutateAs(
      server,
      restricted,
      'createMembership',
      'CreateMembershipInput',
      { organizationId: org.id, memberId: agentId, scopes: ['members:read'] },
      'membership { id }',
    );
    expect(membership.typename).toBe('CreateMembershipPayload');

    clock.advance(120_000);
    expect((await whoami(server, restricted)).status).toBe(401);
    const token = await postForm(
      server,
      issuerId,
      '/token',
      { grant_type: 'client_credentials', organization_id: org.id },
      { id: agentId, secret: verifier.result.secret as string },
    );
    expect(token.status, 'a verifier made by an expired key must not authenticate').not.toBe(200);
  });
});
