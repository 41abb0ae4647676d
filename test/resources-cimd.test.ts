/**
 * Resources (RFC 8707), consent grants, Client ID Metadata Document rules and RFC 7591
 * registration, beside the MCP acceptance suite (test/mcp.test.ts):
 *
 * - Resource mutations: typed errors, events, visibility (an organization key sees none);
 * - client_credentials with `resource`: `aud` exactly the resources (one or several), scopes
 *   narrowed to what they define, lifetime capped, unknown → invalid_target;
 * - revoking a grant revokes the client's refresh tokens of that user;
 * - CIMD: the document's rules, the URL rules, freshness from Cache-Control, the SSRF guard;
 * - RFC 7591: off by default (and not in discovery), on per issuer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import { adminMutate, createWebClient, postForm, REDIRECT, userAccessToken } from './helpers/tenants.js';
import { ask } from './helpers/state.js';
import {
  createCimdResolver,
  freshnessSeconds,
  MetadataDocumentError,
  metadataUrlProblem,
  parseMetadataDocument,
} from '../src/oauth/cimd.js';
import type { Services } from '../src/services.js';

type Obj = Record<string, unknown>;
let server: TestServer;
let issuerId: string;
let issuerUrl: string;

const resourceMutation = async (field: string, inputType: string, input: Obj) => {
  const data = await ask(
    server.gql,
    `mutation($input: ${inputType}!) { ${field}(input: $input) { __typename ... on Error { code message } } }`,
    { input },
  );
  return data[field] as { __typename: string; code?: string; message?: string };
};

beforeAll(async () => {
  server = await startServer();
  issuerId = ((await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: 'Resources' }, 'issuer { id }')).issuer as Obj)
    .id as string;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
}, 240_000);

afterAll(async () => {
  await server?.stop();
});

describe('Resource nodes', () => {
  it('are created, listed on the issuer, updated and deleted with typed errors and events; organization keys see none', async () => {
    const created = await adminMutate(
      server,
      'createResource',
      'CreateResourceInput',
      {
        issuerId,
        name: 'Invoices',
        identifier: 'https://invoices.example.com/api',
        scopes: ['invoices:read', 'invoices:read'],
        accessTokenTtlSeconds: 120,
      },
      'resource { id identifier scopes dpopRequired isMcpServer }',
    );
    const resource = created.resource as Obj;
    expect(resource).toMatchObject({
      identifier: 'https://invoices.example.com/api',
      scopes: ['invoices:read'],
      dpopRequired: false,
      isMcpServer: false,
    });
    expect(
      await resourceMutation('createResource', 'CreateResourceInput', {
        issuerId,
        name: 'Again',
        identifier: 'https://invoices.example.com/api',
      }),
    ).toMatchObject({ __typename: 'ConflictError' });
    expect(
      await resourceMutation('createResource', 'CreateResourceInput', {
        issuerId,
        name: 'Bad',
        identifier: 'https://invoices.example.com/api#frag',
      }),
    ).toMatchObject({ __typename: 'ValidationError' });
    expect(
      await resourceMutation('createResource', 'CreateResourceInput', { issuerId, name: 'Bad', identifier: 'relative/path' }),
    ).toMatchObject({ __typename: 'ValidationError' });

    const updated = await adminMutate(
      server,
      'updateResource',
      'UpdateResourceInput',
      { id: resource.id, scopes: ['invoices:read', 'invoices:write'], dpopRequired: true },
      'changed resource { scopes dpopRequired }',
    );
    expect(updated).toMatchObject({
      changed: ['scopes', 'dpopRequired'],
      resource: { scopes: ['invoices:read', 'invoices:write'], dpopRequired: true },
    });
    const listed = await ask(
      server.gql,
      `query($id: ID!) { issuer(id: $id) { resources { totalCount edges { node { id identifier } } } } }`,
      { id: issuerId },
    );
    expect(listed.issuer.resources).toEqual({
      totalCount: 1,
      edges: [{ node: { id: resource.id, identifier: 'https://invoices.example.com/api' } }],
    });

    // an organization's key reads nothing of it
    const org = (
      (await adminMutate(server, 'createOrganization', 'CreateOrganizationInput', { issuerId, name: 'Org' }, 'organization { id }'))
        .organization as Obj
    ).id as string;
    const key = await adminMutate(
      server,
      'createApiKey',
      'CreateApiKeyInput',
      { organizationId: org, name: 'k', scopes: ['org:read', 'members:read'] },
      'token',
    );
    const asOrg = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key.token as string}` },
      body: JSON.stringify({ query: `{ node(id: "${resource.id as string}") { id } }` }),
    });
    expect(((await asOrg.json()) as { data: Obj }).data.node).toBeNull();

    await adminMutate(server, 'deleteResource', 'DeleteResourceInput', { id: resource.id }, 'deletedResourceId');
    expect(await resourceMutation('deleteResource', 'DeleteResourceInput', { id: resource.id })).toMatchObject({
      __typename: 'NotFoundError',
    });
    const types = (await server.app.db.prisma.event.findMany({ where: { subject: resource.id as string }, orderBy: { id: 'asc' } })).map(
      (e) => e.type,
    );
    expect(types).toEqual(['resource.created', 'resource.updated', 'resource.deleted']);
  });

  it('bind client_credentials tokens: aud is exactly the resources asked for, scopes what they define, lifetime theirs', async () => {
    await adminMutate(
      server,
      'createResource',
      'CreateResourceInput',
      { issuerId, name: 'Tickets', identifier: 'https://tickets.example.com/', scopes: ['tickets:read'], accessTokenTtlSeconds: 90 },
      'resource { id }',
    );
    await adminMutate(
      server,
      'createResource',
      'CreateResourceInput',
      { issuerId, name: 'Files', identifier: 'urn:example:files', scopes: ['files:read'] },
      'resource { id }',
    );
    const created = await adminMutate(
      server,
      'createClient',
      'CreateClientInput',
      { issuerId, name: 'm2m', type: 'M2M', scopes: ['tickets:read', 'files:read', 'invoices:read'] },
      'secret client { id }',
    );
    const m2m = { id: (created.client as Obj).id as string, secret: created.secret as string };
    const token = async (body: string) => {
      const answer = await fetch(`${issuerUrl}/token`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${m2m.id}:${m2m.secret}`).toString('base64')}`,
        },
        body,
      });
      return { status: answer.status, json: (await answer.json()) as Obj };
    };
    const one = await token(`grant_type=client_credentials&resource=${encodeURIComponent('https://tickets.example.com/')}`);
    expect(one.status).toBe(200);
    expect(decodeJwt(one.json.access_token as string)).toMatchObject({ aud: 'https://tickets.example.com/', scope: 'tickets:read' });
    expect(one.json.expires_in).toBe(90);
    const both = await token(
      `grant_type=client_credentials&resource=${encodeURIComponent('https://tickets.example.com/')}&resource=urn:example:files`,
    );
    const claims = decodeJwt(both.json.access_token as string);
    expect(claims.aud).toEqual(['https://tickets.example.com/', 'urn:example:files']);
    expect(String(claims.scope).split(' ').sort()).toEqual(['files:read', 'tickets:read']);
    expect(await token(`grant_type=client_credentials&resource=urn:example:files&scope=tickets:read`)).toMatchObject({
      status: 400,
      json: { error: 'invalid_scope' },
    });
    expect(await token(`grant_type=client_credentials&resource=${encodeURIComponent('https://unknown.example.com/')}`)).toMatchObject({
      status: 400,
      json: { error: 'invalid_target' },
    });
    // without resource: the issuer's own audience, every scope held
    expect(decodeJwt((await token('grant_type=client_credentials')).json.access_token as string).aud).toBe(issuerUrl);
  });
});

describe('grants', () => {
  it('revoking a grant ends the refresh tokens the user holds for that client (and only those)', async () => {
    const web = await createWebClient(server, issuerId, ['openid', 'profile']);
    const userId = (
      (await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: 'grace@example.com' }, 'user { id }')).user as Obj
    ).id as string;
    const tokens = await userAccessToken(server, issuerId, web, userId, 'openid profile');
    const row = (await server.app.services.principals.issuer(issuerId))!;
    const grant = await server.app.services.grants.remember({
      accountId: row.accountId,
      issuerId,
      userId,
      clientId: web.id,
      scopes: ['openid', 'profile'],
      resources: [],
    });
    const listed = await ask(
      server.gql,
      `query($id: ID!) { node(id: $id) { ... on User { grants { totalCount edges { node { id scopes clientId } } } } } }`,
      { id: userId },
    );
    expect(listed.node.grants).toEqual({
      totalCount: 1,
      edges: [{ node: { id: grant.id, scopes: ['openid', 'profile'], clientId: web.id } }],
    });

    const revoked = await ask(
      server.gql,
      `mutation($input: RevokeGrantInput!) { revokeGrant(input: $input) { __typename ... on RevokeGrantPayload { revokedGrantId } } }`,
      { input: { id: grant.id } },
    );
    expect(revoked.revokeGrant).toEqual({ __typename: 'RevokeGrantPayload', revokedGrantId: grant.id });
    const refresh = await postForm(server, issuerId, '/token', { grant_type: 'refresh_token', refresh_token: tokens.refreshToken }, web);
    expect([refresh.status, refresh.json.error]).toEqual([400, 'invalid_grant']);
    const event = await server.app.db.prisma.event.findFirstOrThrow({ where: { type: 'grant.revoked', subject: grant.id } });
    expect(event.data).toMatchObject({ userId, clientId: web.id, revokedRefreshTokens: 1 });
  });
});

describe('Client ID Metadata Documents', () => {
  const url = 'https://agent.example/clients/a.json';
  const doc = (extra: Obj = {}) =>
    JSON.stringify({ client_id: url, client_name: 'Agent', redirect_uris: ['http://127.0.0.1/cb'], ...extra });

  it('accept a well-formed document and refuse what the rules refuse', () => {
    expect(parseMetadataDocument(url, doc())).toMatchObject({
      name: 'Agent',
      redirectUris: ['http://127.0.0.1/cb'],
      grantTypes: ['authorization_code'],
      scopes: [],
    });
    const problems: [Obj, RegExp][] = [
      [{ client_id: 'https://agent.example/other.json' }, /client_id is not its URL/],
      [{ redirect_uris: ['http://evil.example/cb'] }, /must use https/],
      [{ redirect_uris: ['https://app.example/cb#x'] }, /fragment/],
      [{ redirect_uris: [] }, /1 to 20/],
      [{ token_endpoint_auth_method: 'client_secret_basic' }, /must be none/],
      [{ client_secret: 'x' }, /secret/],
      [{ grant_types: ['client_credentials'] }, /grant_types/],
      [{ scope: 'not a:good:scope!' }, /scope/],
    ];
    for (const [extra, message] of problems) expect(() => parseMetadataDocument(url, doc(extra)), JSON.stringify(extra)).toThrow(message);
    expect(() => parseMetadataDocument(url, '[1]')).toThrow(MetadataDocumentError);
  });

  it('take https URLs with a path (http on loopback only when allowed), within the issuer’s domains', () => {
    expect(metadataUrlProblem(url, false, [])).toBeNull();
    expect(metadataUrlProblem('https://agent.example/', false, [])).toMatch(/no path/);
    expect(metadataUrlProblem('http://agent.example/a.json', true, [])).toMatch(/https/);
    expect(metadataUrlProblem('http://127.0.0.1:8080/a.json', false, [])).toMatch(/https/);
    expect(metadataUrlProblem('http://127.0.0.1:8080/a.json', true, [])).toBeNull();
    expect(metadataUrlProblem('https://user@agent.example/a.json', false, [])).toMatch(/user information/);
    expect(metadataUrlProblem('https://sub.agent.example/a.json', false, ['agent.example'])).toBeNull();
    expect(metadataUrlProblem('https://agent.example.evil/a.json', false, ['agent.example'])).toMatch(/not accepted/);
  });

  it('stay fresh as long as Cache-Control says, never longer than a day', () => {
    expect(freshnessSeconds('public, max-age=600')).toBe(600);
    expect(freshnessSeconds('no-store')).toBe(0);
    expect(freshnessSeconds('max-age=0')).toBe(0);
    expect(freshnessSeconds('max-age=99999999')).toBe(86_400);
    expect(freshnessSeconds(undefined)).toBe(300);
  });

  it('are fetched through the SSRF guard: a loopback or private address is refused', async () => {
    const resolver = createCimdResolver({ services: {} as Services, allowLoopbackHttp: false, allowPrivateNetworks: false });
    const issuer = { id: issuerId, accountId: 'acct', clientMetadataDocumentDomains: [] };
    await expect(resolver.resolve(issuer, 'https://127.0.0.1:9/client.json')).rejects.toThrow(/non-public/);
    await expect(resolver.resolve(issuer, 'https://169.254.169.254/latest.json')).rejects.toThrow(/non-public/);
    // at /authorize such a client_id is a page, never a redirect
    const page = await fetch(
      `${issuerUrl}/authorize?${new URLSearchParams({ response_type: 'code', client_id: 'https://10.0.0.1/client.json', redirect_uri: 'http://127.0.0.1/cb' })}`,
      { redirect: 'manual' },
    );
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('describes itself in a document this sign-in service cannot use');
  });
});

describe('RFC 7591 dynamic registration', () => {
  it('is off by default (404, not in discovery), and registers third-party clients once the issuer turns it on', async () => {
    const register = (body: Obj) =>
      fetch(`${issuerUrl}/register`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await register({ redirect_uris: [REDIRECT] })).status).toBe(404);
    const metadata = async () => (await (await fetch(`${issuerUrl}/.well-known/openid-configuration`)).json()) as Obj;
    expect((await metadata()).registration_endpoint).toBeUndefined();

    await adminMutate(
      server,
      'updateIssuer',
      'UpdateIssuerInput',
      { id: issuerId, dynamicRegistrationEnabled: true },
      'issuer { dynamicRegistrationEnabled }',
    );
    await new Promise((resolve) => setTimeout(resolve, 5_100)); // the router caches issuer rows for 5 s
    expect((await metadata()).registration_endpoint).toBe(`${issuerUrl}/register`);
    const bad = await register({ redirect_uris: ['http://evil.example/cb'] });
    expect([bad.status, ((await bad.json()) as Obj).error]).toEqual([400, 'invalid_redirect_uri']);
    const made = await register({ client_name: 'Tool', redirect_uris: [REDIRECT], token_endpoint_auth_method: 'none' });
    expect(made.status).toBe(201);
    const body = (await made.json()) as Obj;
    expect(body).toMatchObject({
      client_name: 'Tool',
      redirect_uris: [REDIRECT],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
    });
    expect(body.client_secret).toBeUndefined();
    const seen = await ask(server.gql, `query($id: ID!) { node(id: $id) { ... on Client { registrationType thirdParty confidential } } }`, {
      id: body.client_id,
    });
    expect(seen.node).toEqual({ registrationType: 'DYNAMIC', thirdParty: true, confidential: false });
    const confidential = (await (await register({ redirect_uris: [REDIRECT] })).json()) as Obj;
    expect(confidential).toMatchObject({ token_endpoint_auth_method: 'client_secret_basic', client_secret_expires_at: 0 });
    expect(typeof confidential.client_secret).toBe('string');
  });
});
