/**
 * Black-box review of the authorization kernel (2026-11-30): each attack that found a hole, as a
 * named test that failed before its fix. The attacks that held are listed in the session's report.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { consoleConfig, gqlAs, operatorSignIn, type ConsoleConfig } from './helpers/operators.js';
import { TEST_PASSWORD } from './helpers/browser.js';
import { newId } from '../src/lib/ids.js';

let server: TestServer;
let config: ConsoleConfig;

async function spend(link: string, email: string) {
  const token = new URL(link).hash.replace('#token=', '');
  const res = await fetch(`${server.url}/console/api/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email, password: TEST_PASSWORD }),
  });
  return { status: res.status, body: (await res.json()) as { userId?: string; errors?: { path: string }[] } };
}

beforeAll(async () => {
  // seedWorld's webhook endpoints point at a closed loopback port
  server = await startServer({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
  config = await consoleConfig(server);
});
afterAll(() => server?.stop());

describe('kernel review', () => {
  it('an earlier setup link, or one raced against another, never makes a second owner', async () => {
    // each start prints a fresh link while the account has no operator: three starts, three links
    const links = [];
    for (let i = 0; i < 3; i++) links.push((await server.app.services.operators.setupLink(server.url))!);
    // two spent at once: one owner
    const raced = await Promise.all([spend(links[1]!, 'first@example.com'), spend(links[2]!, 'second@example.com')]);
    expect(raced.map((r) => r.status).sort()).toEqual([201, 400]);
    // the link of an earlier start, unused, is dead once the account has an operator
    const stale = await spend(links[0]!, 'late@example.com');
    expect(stale.status).toBe(400);
    expect(stale.body.errors![0]!.path).toBe('token');
    const issuerId = new URL(config.issuer).pathname.slice(1);
    expect(await server.app.db.prisma.membership.count({ where: { organization: { issuerId } } })).toBe(1);
  });

  it("the system issuer's resources and consent grants are in no credential's graph", async () => {
    const prisma = server.app.db.prisma;
    const issuerId = new URL(config.issuer).pathname.slice(1);
    const operator = await prisma.user.findFirstOrThrow({ where: { issuerId } });
    // rows any future path might make on the system issuer (a consent to the console, an API)
    const resource = await prisma.resource.create({
      data: { id: newId('resource'), issuerId, name: 'ops api', identifier: 'https://ops.example.com/api' },
    });
    const grant = await prisma.grant.create({
      data: { id: newId('grant'), issuerId, userId: operator.id, clientId: config.clientId, scopes: ['openid'] },
    });
    const query = 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }';
    const byKey = await server.gql.request<{ nodes: unknown[] }, unknown>(query, { ids: [resource.id, grant.id] });
    expect(byKey.nodes).toEqual([null, null]);
    const email = operator.username;
    const owner = await operatorSignIn(server, config, email);
    const byOwner = await gqlAs(server, owner.access_token, query, { ids: [resource.id, grant.id] });
    expect(byOwner.body.data!.nodes).toEqual([null, null]);
    const revoke = await gqlAs(server, owner.access_token, 'mutation($id: ID!) { revokeGrant(input: { id: $id }) { __typename } }', {
      id: grant.id,
    });
    expect(revoke.body.data?.revokeGrant?.__typename ?? revoke.body.errors?.[0]?.extensions?.code).toMatch(/NotFound|NOT_FOUND/);
    expect(await prisma.grant.count({ where: { id: grant.id } })).toBe(1);
  });
});

describe('kernel review: RFC 8707 at the token endpoint', () => {
  it('a refresh token of an authorization that named no resource cannot buy a token for one (invalid_target)', async () => {
    const { adminMutate, createWebClient, postForm, userAccessToken } = await import('./helpers/tenants.js');
    const issuerId = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: 'rfc8707' }, 'issuer { id }')).issuer
      .id as string;
    await adminMutate(
      server,
      'createResource',
      'CreateResourceInput',
      { issuerId, name: 'Payments', identifier: 'https://payments.example.com/api', scopes: ['payments:send'] },
      'resource { id }',
    );
    const web = await createWebClient(server, issuerId);
    const email = 'payer@example.com';
    const userId = (await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: email, email }, 'user { id }')).user
      .id as string;
    const user = await userAccessToken(server, issuerId, web, userId, 'openid offline_access');
    const refreshed = await postForm(
      server,
      issuerId,
      '/token',
      { grant_type: 'refresh_token', refresh_token: user.refreshToken, resource: 'https://payments.example.com/api' },
      web,
    );
    expect(refreshed.status).toBe(400);
    expect(refreshed.json.error).toBe('invalid_target');
  });
});

describe('kernel review: two accounts', () => {
  it("an operator and an admin key of another account see none of this account's objects, events or operators", async () => {
    const { seedWorld } = await import('./helpers/tenants.js');
    const { randomSecret, sha256Hex } = await import('../src/lib/crypto.js');
    const world = await seedWorld(server);
    const prisma = server.app.db.prisma;
    const accountId = newId('account');
    const keyId = newId('apiKey');
    const secret = randomSecret();
    await prisma.account.create({ data: { id: accountId, name: 'Tenant two' } });
    await prisma.apiKey.create({
      data: { id: keyId, accountId, name: 'two admin', secretHash: sha256Hex(secret), prefix: secret.slice(0, 6) },
    });
    const system = await server.app.services.operators.ensureSystem(accountId, server.url);
    const link = await server.app.services.operators.setupLink(server.url, accountId);
    expect((await spend(link!, 'owner-two@example.com')).status).toBe(201);
    const owner2 = await operatorSignIn(
      server,
      { issuer: `${server.url}/${system.issuerId}`, clientId: system.clientId },
      'owner-two@example.com',
    );
    const ids = [...world.owners.entries()].filter(([id]) => !id.startsWith('agv_')).map(([id]) => id);
    const key2 = `Basic ${Buffer.from(`${keyId}:${secret}`).toString('base64')}`;
    for (const authorization of [key2, `Bearer ${owner2.access_token}`]) {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({
          query: 'query($ids: [ID!]!) { nodes(ids: $ids) { id } issuers { totalCount } events(first: 100) { edges { node { id } } } }',
          variables: { ids },
        }),
      });
      const body = (await res.json()) as {
        data: { nodes: unknown[]; issuers: { totalCount: number }; events: { edges: { node: { id: string } }[] } };
      };
      expect(res.status, JSON.stringify(body).slice(0, 500)).toBe(200);
      expect(body.data, JSON.stringify(body).slice(0, 500)).not.toBeNull();
      expect(body.data.nodes.filter((n) => n !== null)).toEqual([]);
      expect(body.data.issuers.totalCount).toBe(0);
      expect(body.data.events.edges.filter((e) => world.owners.has(e.node.id))).toEqual([]);
    }
    const operators = await gqlAs(server, owner2.access_token, '{ operators { username } }');
    expect(operators.body.data!.operators.map((o: { username: string }) => o.username)).toEqual(['owner-two@example.com']);
    // and this account's operators see nothing of the other's (its system issuer included)
    const owner1 = await operatorSignIn(
      server,
      config,
      (await prisma.user.findFirstOrThrow({ where: { issuerId: new URL(config.issuer).pathname.slice(1) } })).username,
    );
    const cross = await gqlAs(server, owner1.access_token, 'query($ids: [ID!]!) { nodes(ids: $ids) { id } }', {
      ids: [system.issuerId, system.organizationId, system.clientId, keyId],
    });
    expect(cross.body.data!.nodes).toEqual([null, null, null, null]);
  });
});

describe('kernel review: third-party clients on the Core API', () => {
  it("a third-party client's token is not the person's own sign-in: it cannot list or end their sessions, nor revoke their grants", async () => {
    const { adminMutate, userAccessToken, REDIRECT } = await import('./helpers/tenants.js');
    const issuerId = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: 'third party' }, 'issuer { id }')).issuer
      .id as string;
    const issuer = (await server.app.services.principals.issuer(issuerId))!;
    const { client, secret } = await server.app.services.clientRegistration.registerDynamic(issuer, {
      name: 'Some MCP tool',
      redirectUris: [REDIRECT],
      scopes: [],
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['authorization_code'],
      applicationType: 'web',
      metadata: {},
    });
    const email = 'consenting@example.com';
    const userId = (await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: email, email }, 'user { id }')).user
      .id as string;
    // the person consented to `openid` for the tool (its grant), and also signs in to a first-party app
    const grant = await server.app.services.grants.remember({
      accountId: issuer.accountId,
      issuerId,
      userId,
      clientId: client.id,
      scopes: ['openid'],
      resources: [],
    });
    const { createWebClient } = await import('./helpers/tenants.js');
    const web = await createWebClient(server, issuerId);
    const firstParty = await userAccessToken(server, issuerId, web, userId, 'openid offline_access');
    const tool = await userAccessToken(server, issuerId, { id: client.id, secret: secret! }, userId, 'openid');
    const bearer = `Bearer ${tool.accessToken}`;
    const ask = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: bearer },
        body: JSON.stringify({ query, variables }),
      });
      return (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
    };
    const seen = await ask('query($id: ID!) { node(id: $id) { id ... on User { sessions(first: 10) { totalCount } } } }', { id: userId });
    expect(seen.data?.node ?? null).toBeNull();
    const out = await ask(
      'mutation($u: ID!) { revokeUserSessions(input: { userId: $u }) { __typename ... on RevokeUserSessionsPayload { revokedCount } } }',
      { u: userId },
    );
    expect(out.data?.revokeUserSessions?.__typename).not.toBe('RevokeUserSessionsPayload');
    const revoked = await ask('mutation($id: ID!) { revokeGrant(input: { id: $id }) { __typename } }', { id: grant.id });
    expect(revoked.data?.revokeGrant?.__typename).not.toBe('RevokeGrantPayload');
    // the person's first-party sign-in still works, and still may do all of that
    const mine = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${firstParty.accessToken}` },
      body: JSON.stringify({ query: 'query($id: ID!) { node(id: $id) { id } }', variables: { id: userId } }),
    });
    expect(((await mine.json()) as { data: { node: { id: string } } }).data.node.id).toBe(userId);
  });
});

describe('kernel review: consent grants', () => {
  it("a code issued under a grant and redeemed after the grant's revocation mints nothing", async () => {
    const { createHash } = await import('node:crypto');
    const { adminMutate, postForm, REDIRECT } = await import('./helpers/tenants.js');
    const issuerId = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: 'grant codes' }, 'issuer { id }')).issuer
      .id as string;
    const issuer = (await server.app.services.principals.issuer(issuerId))!;
    const { client, secret } = await server.app.services.clientRegistration.registerDynamic(issuer, {
      name: 'Tool',
      redirectUris: [REDIRECT],
      scopes: [],
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['authorization_code', 'refresh_token'],
      applicationType: 'web',
      metadata: {},
    });
    const email = 'revoker@example.com';
    const userId = (await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: email, email }, 'user { id }')).user
      .id as string;
    const grant = await server.app.services.grants.remember({
      accountId: issuer.accountId,
      issuerId,
      userId,
      clientId: client.id,
      scopes: ['openid', 'offline_access'],
      resources: [],
    });
    const { session } = await server.app.services.sessions.signIn({
      issuer,
      userId,
      clientId: client.id,
      amr: ['pwd'],
      device: { userAgent: 'vitest', ip: '127.0.0.1' },
    });
    const verifier = 'v'.repeat(50);
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId: client.id,
      redirectUri: REDIRECT,
      scope: 'openid offline_access',
      nonce: null,
      codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      codeChallengeMethod: 'S256',
    });
    const revoked = await server.gql.request<{ revokeGrant: { __typename: string } }, unknown>(
      'mutation($id: ID!) { revokeGrant(input: { id: $id }) { __typename } }',
      { id: grant.id },
    );
    expect(revoked.revokeGrant.__typename).toBe('RevokeGrantPayload');
    const redeemed = await postForm(
      server,
      issuerId,
      '/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
      { id: client.id, secret: secret! },
    );
    expect(redeemed.status).toBe(400);
    expect(redeemed.json.error).toBe('invalid_grant');
  });
});

describe('kernel review: read-only operators', () => {
  it('a read-only operator changes nothing over graphql-ws either, and its session cannot mint keys through the kernel', async () => {
    const WebSocket = (await import('ws')).default;
    const { createClient: createWsClient } = await import('graphql-ws');
    const { inviteOperator } = await import('./helpers/operators.js');
    const prisma = server.app.db.prisma;
    const issuerId = new URL(config.issuer).pathname.slice(1);
    const ownerName = (await prisma.user.findFirstOrThrow({ where: { issuerId }, orderBy: { id: 'asc' } })).username;
    const owner = await operatorSignIn(server, config, ownerName);
    await inviteOperator(server, owner.access_token, 'ws-reader@example.com', 'READ_ONLY');
    const reader = await operatorSignIn(server, config, 'ws-reader@example.com');
    const before = await prisma.issuer.count();
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${reader.access_token}` },
      retryAttempts: 0,
    });
    const result = await new Promise<{ errors?: { message: string; extensions?: { code?: string } }[] }>((resolve, reject) => {
      let got: { errors?: { message: string }[] } = {};
      client.subscribe(
        { query: 'mutation { createIssuer(input: { name: "over ws" }) { __typename } }' },
        { next: (m) => (got = m as typeof got), error: reject, complete: () => resolve(got) },
      );
    });
    await client.dispose();
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await prisma.issuer.count()).toBe(before);
  });
});

describe('kernel review: the operators issuer in the event log', () => {
  it("no account key, admin or read-only operator reads the operators issuer's events (addresses, sign-ins, invitations); owners do", async () => {
    const systemIssuerId = new URL(config.issuer).pathname.slice(1);
    const prisma = server.app.db.prisma;
    await server.app.flushMetered();
    // the operators' setup, invitations and sign-ins above wrote events of the system issuer
    expect(await prisma.event.count({ where: { issuerId: systemIssuerId } })).toBeGreaterThan(0);
    const query = 'query($f: EventFilter) { events(first: 100, filter: $f) { edges { node { id issuerId type } } } }';
    const byKey = await server.gql.request<{ events: { edges: { node: { issuerId: string | null } }[] } }, unknown>(query, {
      f: { issuerId: systemIssuerId },
    });
    expect(byKey.events.edges).toEqual([]);
    const all = await server.gql.request<{ events: { edges: { node: { issuerId: string | null } }[] } }, unknown>(query, {});
    expect(all.events.edges.filter((e) => e.node.issuerId === systemIssuerId)).toEqual([]);
    const ownerName = (await prisma.user.findFirstOrThrow({ where: { issuerId: systemIssuerId }, orderBy: { id: 'asc' } })).username;
    const owner = await operatorSignIn(server, config, ownerName);
    // the owner, who manages operators, audits them; an admin operator does not see them
    const byOwner = await gqlAs(server, owner.access_token, query, { f: { issuerId: systemIssuerId } });
    expect(byOwner.body.data!.events.edges.length).toBeGreaterThan(0);
    const { inviteOperator: invite } = await import('./helpers/operators.js');
    await invite(server, owner.access_token, 'events-admin@example.com', 'ADMIN');
    const admin = await operatorSignIn(server, config, 'events-admin@example.com');
    const byAdmin = await gqlAs(server, admin.access_token, query, { f: { issuerId: systemIssuerId } });
    expect(byAdmin.body.data!.events.edges).toEqual([]);
    // nor does an account webhook endpoint receive them
    const { adminMutate } = await import('./helpers/tenants.js');
    const { inviteOperator } = await import('./helpers/operators.js');
    const endpoint = await adminMutate(
      server,
      'createWebhookEndpoint',
      'CreateWebhookEndpointInput',
      { url: 'http://127.0.0.1:9/hook', eventTypes: ['organization.membership.created', 'organization.invitation.created'] },
      'webhookEndpoint { id }',
    );
    await inviteOperator(server, owner.access_token, 'hooked@example.com', 'ADMIN');
    await server.app.relay.drain();
    const deliveries = await prisma.webhookDelivery.findMany({
      where: { endpointId: endpoint.webhookEndpoint.id },
      select: { eventId: true },
    });
    const delivered = await prisma.event.findMany({ where: { id: { in: deliveries.map((d) => d.eventId) } }, select: { issuerId: true } });
    expect(delivered.filter((e) => e.issuerId === systemIssuerId)).toEqual([]);
    expect(await prisma.event.count({ where: { issuerId: systemIssuerId, type: 'organization.membership.created' } })).toBeGreaterThan(1);
  });
});
