/**
 * Creator authority (src/domain/authorization/creator.ts), siblings of review findings F5, F11 and
 * F12: what a credential made lives no longer and holds no more than its creators do now — for
 * keys made by keys made by a person, while a refreshed session keeps them
 * alive, and for agent verifiers the creator's IP allowlist as well as its expiry.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { manualClock, type ManualClock } from './helpers/clock.js';
import { basic } from './helpers/graphql.js';
import { mutateAs } from './helpers/forbidden.js';
import { ALL_SCOPES, adminMutate, createWebClient, postForm, userAccessToken, whoami } from './helpers/tenants.js';

let counter = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

describe('creator authority (manual clock)', () => {
  let server: TestServer;
  let clock: ManualClock;
  beforeAll(async () => {
    clock = manualClock();
    server = await startServer({}, { clock });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** An issuer with a 300 s idle timeout, a web client, an organization and a member signed in. */
  async function signedIn(scopes: string[] = ALL_SCOPES) {
    const issuerId = (
      await adminMutate(
        server,
        'createIssuer',
        'CreateIssuerInput',
        { name: unique('Creator'), sessionIdleTimeoutSeconds: 300 },
        'issuer { id }',
      )
    ).issuer.id as string;
    const web = await createWebClient(server, issuerId);
    const orgId = (
      await adminMutate(server, 'createOrganization', 'CreateOrganizationInput', { issuerId, name: unique('Org') }, 'organization { id }')
    ).organization.id as string;
    const email = `${unique('u')}@example.com`;
    const userId = (
      await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: email, email, emailVerified: true }, 'user { id }')
    ).user.id as string;
    const membershipId = (
      await adminMutate(
        server,
        'createMembership',
        'CreateMembershipInput',
        { organizationId: orgId, memberId: userId, scopes },
        'membership { id }',
      )
    ).membership.id as string;
    const user = await userAccessToken(server, issuerId, web, userId, 'openid offline_access');
    return { issuerId, web, orgId, userId, membershipId, user, bearer: `Bearer ${user.accessToken}` };
  }

  async function keyAs(authorization: string, organizationId: string, scopes: string[]) {
    const created = await mutateAs(
      server,
      authorization,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId, name: unique('key'), scopes },
      'secret apiKey { id }',
    );
    expect(created.typename).toBe('CreateApiKeyPayload');
    return basic(created.result.apiKey.id, created.result.secret);
  }

  it('a key made by a key made by a personal token loses the scopes the token’s user no longer holds', async () => {
    const s = await signedIn(['api-keys:write', 'members:read', 'invoices:read']);
    const p = await adminMutate(
      server,
      'createPersonalToken',
      'CreatePersonalTokenInput',
      { userId: s.userId, organizationId: s.orgId, name: unique('pat'), scopes: ['api-keys:write', 'members:read', 'invoices:read'] },
      'token',
    );
    const parent = await keyAs(`Bearer ${p.token as string}`, s.orgId, ['api-keys:write', 'members:read', 'invoices:read']);
    const child = await keyAs(parent, s.orgId, ['members:read', 'invoices:read']);
    await adminMutate(
      server,
      'updateMembership',
      'UpdateMembershipInput',
      { id: s.membershipId, scopes: ['invoices:read'] },
      'membership { id }',
    );
    expect({ parent: (await whoami(server, parent)).json.data.scopes, child: (await whoami(server, child)).json.data.scopes }).toEqual({
      parent: ['invoices:read'],
      child: ['invoices:read'],
    });
  });

  it('a key made by a key made with a sign-in stops when the session idles out', async () => {
    const s = await signedIn();
    const parent = await keyAs(s.bearer, s.orgId, ['api-keys:write', 'members:read']);
    const child = await keyAs(parent, s.orgId, ['members:read']);
    expect((await whoami(server, child)).status).toBe(200);
    clock.advance(360_000);
    expect({ parent: (await whoami(server, parent)).status, child: (await whoami(server, child)).status }).toEqual({
      parent: 401,
      child: 401,
    });
  });

  it('a key made with a sign-in keeps working while the session is refreshed within the idle timeout', async () => {
    const s = await signedIn();
    const key = await keyAs(s.bearer, s.orgId, ['members:read']);
    expect((await whoami(server, key)).status).toBe(200);
    clock.advance(200_000);
    const refreshed = await postForm(
      server,
      s.issuerId,
      '/token',
      { grant_type: 'refresh_token', refresh_token: s.user.refreshToken },
      s.web,
    );
    expect(refreshed.status).toBe(200);
    clock.advance(200_000); // 400 s after sign-in, 200 s after the refresh
    expect((await whoami(server, key)).status).toBe(200);
    clock.advance(200_000); // 400 s after the refresh: idle
    expect((await whoami(server, key)).status).toBe(401);
  });

  it('a key made with a sign-in loses the scopes the person no longer holds', async () => {
    const s = await signedIn();
    const key = await keyAs(s.bearer, s.orgId, ['members:read', 'invoices:read']);
    expect((await whoami(server, key)).json.data.scopes).toEqual(expect.arrayContaining(['members:read', 'invoices:read']));
    await adminMutate(
      server,
      'updateMembership',
      'UpdateMembershipInput',
      { id: s.membershipId, scopes: ['invoices:read'] },
      'membership { id }',
    );
    expect((await whoami(server, key)).json.data.scopes).toEqual(['invoices:read']);
  });

  it('an agent verifier made by an expiring key inherits its expiry', async () => {
    const expiresAt = new Date(clock.now().getTime() + 60_000).toISOString();
    const k = await adminMutate(
      server,
      'createApiKey',
      'CreateApiKeyInput',
      { name: unique('expiring'), expiresAt },
      'secret apiKey { id }',
    );
    const issuerId = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: unique('Agents') }, 'issuer { id }')).issuer
      .id as string;
    const agent = await mutateAs(
      server,
      basic(k.apiKey.id, k.secret),
      'createAgent',
      'CreateAgentInput',
      { issuerId, name: unique('agent'), scopes: [] },
      'agent { id }',
    );
    const verifier = await mutateAs(
      server,
      basic(k.apiKey.id, k.secret),
      'createAgentVerifier',
      'CreateAgentVerifierInput',
      { agentId: agent.result.agent.id, type: 'SECRET' },
      'secret verifier { id }',
    );
    const row = await server.app.db.prisma.agentVerifier.findUniqueOrThrow({ where: { id: verifier.result.verifier.id } });
    expect(row.expiresAt?.toISOString()).toBe(expiresAt);
    const caller = { id: agent.result.agent.id as string, secret: verifier.result.secret as string };
    expect((await postForm(server, issuerId, '/token', { grant_type: 'client_credentials' }, caller)).status).toBe(200);
    clock.advance(120_000);
    expect((await postForm(server, issuerId, '/token', { grant_type: 'client_credentials' }, caller)).status).toBe(401);
  });

  it('an agent verifier asked to outlive its creating key is refused (ForbiddenError on expiresAt)', async () => {
    const k = await adminMutate(
      server,
      'createApiKey',
      'CreateApiKeyInput',
      { name: unique('expiring'), expiresAt: new Date(clock.now().getTime() + 60_000).toISOString() },
      'secret apiKey { id }',
    );
    const issuerId = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: unique('Agents') }, 'issuer { id }')).issuer
      .id as string;
    const agent = await mutateAs(
      server,
      basic(k.apiKey.id, k.secret),
      'createAgent',
      'CreateAgentInput',
      { issuerId, name: unique('agent'), scopes: [] },
      'agent { id }',
    );
    const later = new Date(clock.now().getTime() + 3_600_000).toISOString();
    const refused = await mutateAs(
      server,
      basic(k.apiKey.id, k.secret),
      'createAgentVerifier',
      'CreateAgentVerifierInput',
      { agentId: agent.result.agent.id, type: 'SECRET', expiresAt: later },
      'secret',
    );
    expect({ typename: refused.typename, field: refused.result?.field }).toEqual({ typename: 'ForbiddenError', field: 'expiresAt' });
    expect(await server.app.db.prisma.agentVerifier.count({ where: { agentId: agent.result.agent.id } })).toBe(0);
  });
});

describe('agent verifiers behind a trusted proxy (TRUST_PROXY)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ TRUST_PROXY: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.stop();
  });

  /** A GraphQL mutation from `address` (as the trusted proxy reports it). */
  async function mutateFrom(address: string, authorization: string, query: string, input: Record<string, unknown>) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization, 'x-forwarded-for': address },
      body: JSON.stringify({ query, variables: { input } }),
    });
    return (await response.json()) as { data: any };
  }

  async function tokenFrom(address: string, issuerId: string, caller: { id: string; secret: string }) {
    const response = await fetch(`${server.app.publicUrl()}/${issuerId}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: basic(caller.id, caller.secret),
        'x-forwarded-for': address,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    return response.status;
  }

  it('an agent verifier made by an IP-restricted key authenticates only from the key’s networks', async () => {
    const k = await adminMutate(
      server,
      'createApiKey',
      'CreateApiKeyInput',
      { name: unique('office'), ipAllowlist: ['10.0.0.0/8'] },
      'secret apiKey { id }',
    );
    const office = basic(k.apiKey.id, k.secret);
    const issuerId = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: unique('Agents') }, 'issuer { id }')).issuer
      .id as string;
    const agent = await mutateFrom(
      '10.1.2.3',
      office,
      'mutation A($input: CreateAgentInput!) { createAgent(input: $input) { ... on CreateAgentPayload { agent { id } } } }',
      { issuerId, name: unique('agent'), scopes: [] },
    );
    const agentId = agent.data.createAgent.agent.id as string;
    const verifier = await mutateFrom(
      '10.1.2.3',
      office,
      'mutation V($input: CreateAgentVerifierInput!) { createAgentVerifier(input: $input) { ... on CreateAgentVerifierPayload { secret } } }',
      { agentId, type: 'SECRET' },
    );
    const caller = { id: agentId, secret: verifier.data.createAgentVerifier.secret as string };
    expect({ inside: await tokenFrom('10.9.9.9', issuerId, caller), outside: await tokenFrom('192.0.2.7', issuerId, caller) }).toEqual({
      inside: 200,
      outside: 401,
    });
  });
});
