/**
 * The OAuth sidecar with off-the-shelf clients: openid-client (discovery, client_credentials,
 * introspection, revocation) against a real server, tokens verified with jose's remote JWKS.
 * M2M clients (client_secret_basic, client_secret_post, private_key_jwt) and agents (secret,
 * private_key_jwt), key rotation, and the RFC 6749 §5.2 error answers.
 * Raw HTTP only where no client library would send the request (malformed headers and bodies).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as oidc from 'openid-client';
import {
  SignJWT,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  jwtVerify,
  type CryptoKey,
  type JWK,
} from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import { createAccessTokenVerifier } from '../src/oauth/access-tokens.js';
import { PUBLISH_AHEAD_SECONDS } from '../src/domain/signing-keys.js';
import type { Clock } from '../src/lib/clock.js';

const CreateIssuer = `
  mutation CcCreateIssuer($input: CreateIssuerInput!) {
    createIssuer(input: $input) { __typename ... on CreateIssuerPayload { issuer { id } } ... on Error { code message } }
  }`;
const CreateOrganization = `
  mutation CcCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) { __typename ... on CreateOrganizationPayload { organization { id } } ... on Error { code message } }
  }`;
const SuspendOrganization = `
  mutation CcSuspendOrganization($input: SuspendOrganizationInput!) {
    suspendOrganization(input: $input) { __typename ... on Error { code message } }
  }`;
const ReactivateOrganization = `
  mutation CcReactivateOrganization($input: ReactivateOrganizationInput!) {
    reactivateOrganization(input: $input) { __typename ... on Error { code message } }
  }`;
const CreateClient = `
  mutation CcCreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      __typename
      ... on CreateClientPayload { secret client { id tokenEndpointAuthMethod organization { id } } }
      ... on Error { code message }
    }
  }`;
const RotateClientSecret = `
  mutation CcRotateClientSecret($input: RotateClientSecretInput!) {
    rotateClientSecret(input: $input) { __typename ... on RotateClientSecretPayload { secret previousSecretExpiresAt } ... on Error { code message } }
  }`;
const CreateAgent = `
  mutation CcCreateAgent($input: CreateAgentInput!) {
    createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id scopes } } ... on Error { code message } }
  }`;
const UpdateAgent = `
  mutation CcUpdateAgent($input: UpdateAgentInput!) {
    updateAgent(input: $input) { __typename ... on UpdateAgentPayload { agent { id status } } ... on Error { code message } }
  }`;
const CreateAgentVerifier = `
  mutation CcCreateAgentVerifier($input: CreateAgentVerifierInput!) {
    createAgentVerifier(input: $input) {
      __typename
      ... on CreateAgentVerifierPayload { secret verifier { id type status secretPrefix publicJwk } }
      ... on Error { code message ... on ValidationError { fields { path message } } }
    }
  }`;
const RevokeAgentVerifier = `
  mutation CcRevokeAgentVerifier($input: RevokeAgentVerifierInput!) {
    revokeAgentVerifier(input: $input) { __typename ... on RevokeAgentVerifierPayload { verifier { id status revokedAt } } ... on Error { code message } }
  }`;
const CreateMembership = `
  mutation CcCreateMembership($input: CreateMembershipInput!) {
    createMembership(input: $input) { __typename ... on Error { code message } }
  }`;
const RotateSigningKeys = `
  mutation CcRotateSigningKeys($input: RotateSigningKeysInput!) {
    rotateSigningKeys(input: $input) {
      __typename
      ... on RotateSigningKeysPayload { kid previousKids activatesAt previousVerifyUntil signingKey { kid alg status } issuer { signingKeys { kid status verifyUntil } } }
      ... on Error { code message }
    }
  }`;
const TokenEvents = `
  query CcTokenEvents($filter: EventFilter, $after: String) {
    events(first: 100, after: $after, filter: $filter) { edges { node { type subject metered organizationId data } } pageInfo { hasNextPage endCursor } }
  }`;
const TrailTypes = `
  query CcTrailTypes($filter: EventFilter) {
    events(first: 50, filter: $filter) { edges { node { type subject } } }
  }`;

type Obj = Record<string, unknown>;
const CreateResource = `mutation CreateRes($input: CreateResourceInput!) { createResource(input: $input) { __typename ... on Error { code message } ... on CreateResourcePayload { resource { id } } } }`;
let server: TestServer;
let issuerId: string;
let issuerUrl: string;
let orgId: string;
let issued = 0;

/** Runs a mutation and returns its payload, failing on a typed error. */
async function mutate(doc: string, field: string, input: Obj): Promise<Obj> {
  const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(doc, { input });
  const payload = data[field]!;
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

interface Captured {
  status: number;
  headers: Headers;
  body: string;
}

/**
 * An openid-client Configuration for one client of the test issuer. Every response it receives
 * is kept in `last` so tests can assert the exact status, headers and body.
 */
async function configure(clientId: string, auth: oidc.ClientAuth, issuer = issuerUrl) {
  const seen: { last: Captured | null } = { last: null };
  const config = await oidc.discovery(new URL(issuer), clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
  config[oidc.customFetch] = async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    seen.last = { status: response.status, headers: response.headers, body: await response.clone().text() };
    return response;
  };
  return { config, seen };
}

/** Asks for a token; counts successes so the event trail can be checked at the end. */
async function grant(config: oidc.Configuration, params: Record<string, string> = {}) {
  const tokens = await oidc.clientCredentialsGrant(config, params);
  issued += 1;
  return tokens;
}

/** The request is refused: returns the exact answer that came back. */
async function refused(
  config: { config: oidc.Configuration; seen: { last: Captured | null } },
  params: Record<string, string> = {},
): Promise<Captured & { json: Obj }> {
  await expect(oidc.clientCredentialsGrant(config.config, params)).rejects.toThrow();
  const last = config.seen.last!;
  return { ...last, json: JSON.parse(last.body) as Obj };
}

async function verify(token: string, audience = issuerUrl) {
  const jwks = createRemoteJWKSet(new URL(`${issuerUrl}/jwks`));
  return jwtVerify(token, jwks, { issuer: issuerUrl, audience, typ: 'at+jwt' });
}

/** The scopes `/v1/me` says a bearer token holds now (live authority), or the status when refused. */
async function whoamiScopes(token: string): Promise<string[] | number> {
  const response = await fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) return response.status;
  return ((await response.json()) as { data: { scopes: string[] } }).data.scopes;
}

const INVALID_SCOPE = { error: 'invalid_scope', error_description: 'the requested scope is invalid or exceeds what the client holds' };

async function tokenEvents(): Promise<Obj[]> {
  const out: Obj[] = [];
  let after: string | null = null;
  for (;;) {
    const data: { events: { edges: { node: Obj }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } } =
      await server.gql.request(TokenEvents, {
        filter: { types: ['token.issued'], issuerId },
        after,
      });
    out.push(...data.events.edges.map((e) => e.node));
    if (!data.events.pageInfo.hasNextPage) return out;
    after = data.events.pageInfo.endCursor;
  }
}

async function newKeyPair(alg = 'ES256') {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  const jwk: JWK = { ...(await exportJWK(publicKey)), alg };
  return { publicJwk: jwk, privateKey };
}

async function createM2mClient(extra: Obj = {}): Promise<{ id: string; secret: string | null }> {
  const p = await mutate(CreateClient, 'createClient', {
    issuerId,
    name: 'billing-sync',
    type: 'M2M',
    scopes: ['invoices:read', 'invoices:write'],
    ...extra,
  });
  return { id: (p.client as Obj).id as string, secret: p.secret as string | null };
}

/** A client assertion signed by hand (for the cases openid-client would never produce). */
async function assertion(clientId: string, key: CryptoKey, overrides: Obj = {}, alg = 'ES256'): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ jti: crypto.randomUUID(), iss: clientId, sub: clientId, aud: issuerUrl, iat: now, exp: now + 60, ...overrides })
    .setProtectedHeader({ alg })
    .sign(key);
}

/** A ClientAuth that sends a fixed client assertion (openid-client's own hook for custom auth). */
function fixedAssertion(value: string): oidc.ClientAuth {
  return (_as, client, body) => {
    body.set('client_id', client.client_id);
    body.set('client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    body.set('client_assertion', value);
  };
}

const INVALID_CLIENT = { error: 'invalid_client', error_description: 'client authentication failed' };

/** The server's clock: real time plus an offset the key-rotation test moves (and puts back). */
const clock: Clock & { offsetMs: number } = { offsetMs: 0, now: () => new Date(Date.now() + clock.offsetMs) };

beforeAll(async () => {
  server = await startServer({}, { clock });
  const issuer = await mutate(CreateIssuer, 'createIssuer', { name: 'OAuth issuer' });
  issuerId = (issuer.issuer as Obj).id as string;
  issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
  const org = await mutate(CreateOrganization, 'createOrganization', { issuerId, name: 'Acme' });
  orgId = (org.organization as Obj).id as string;
  // RFC 8707: tokens are minted only for registered resources
  await mutate(CreateResource, 'createResource', {
    issuerId,
    name: 'API',
    identifier: 'https://api.example.com/',
    scopes: ['invoices:read', 'invoices:write'],
  });
});

afterAll(async () => {
  await server?.stop();
});

describe('discovery and JWKS', () => {
  it('serves both metadata documents with the issuer URL, endpoints and auth methods', async () => {
    for (const path of ['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server']) {
      const response = await fetch(`${issuerUrl}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const meta = (await response.json()) as Obj;
      expect(meta).toMatchObject({
        issuer: issuerUrl,
        authorization_endpoint: `${issuerUrl}/authorize`,
        token_endpoint: `${issuerUrl}/token`,
        jwks_uri: `${issuerUrl}/jwks`,
        introspection_endpoint: `${issuerUrl}/introspect`,
        revocation_endpoint: `${issuerUrl}/revoke`,
        grant_types_supported: [
          'authorization_code',
          'refresh_token',
          'client_credentials',
          'urn:ietf:params:oauth:grant-type:token-exchange',
          'urn:openid:params:grant-type:ciba',
        ],
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256', 'EdDSA', 'RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
        introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'private_key_jwt'],
      });
      expect(meta.token_endpoint_auth_signing_alg_values_supported).toEqual(expect.arrayContaining(['ES256', 'RS256', 'EdDSA']));
      expect(meta.token_endpoint_auth_signing_alg_values_supported).not.toContain('none');
    }
    const client = await createM2mClient();
    const { config } = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    expect(config.serverMetadata().issuer).toBe(issuerUrl);
  });

  it('publishes only public keys, each with kid, alg and use, and a short max-age', async () => {
    const response = await fetch(`${issuerUrl}/jwks`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const { keys } = (await response.json()) as { keys: JWK[] };
    expect(keys).toHaveLength(1);
    for (const key of keys) {
      expect(key).toMatchObject({ kid: expect.stringMatching(/^kid_/), alg: 'ES256', use: 'sig', kty: 'EC' });
      for (const secret of ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k']) expect(key).not.toHaveProperty(secret);
    }
  });

  it('answers 404 for an unknown issuer and 405 with Allow for the wrong method', async () => {
    expect((await fetch(`${server.url}/i_01jdzzzzzzzzzzzzzzzzzzzzzz/jwks`)).status).toBe(404);
    const get = await fetch(`${issuerUrl}/token?grant_type=client_credentials`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(get.headers.get('cache-control')).toBe('no-store');
    expect(await get.json()).toEqual({ error: 'invalid_request', error_description: 'use POST' });
  });
});

describe('client_credentials for M2M clients', () => {
  it('issues an RFC 9068 access token with client_secret_basic', async () => {
    const client = await createM2mClient();
    const { config, seen } = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    const tokens = await grant(config, { scope: 'invoices:read' });
    expect(seen.last!.headers.get('cache-control')).toBe('no-store');
    expect(seen.last!.headers.get('pragma')).toBe('no-cache');
    expect(tokens.token_type).toBe('bearer');
    expect(tokens.expires_in).toBe(900);
    expect(tokens.scope).toBe('invoices:read');
    expect(tokens.refresh_token).toBeUndefined();
    const { payload, protectedHeader } = await verify(tokens.access_token);
    expect(protectedHeader).toMatchObject({ typ: 'at+jwt', alg: 'ES256', kid: expect.stringMatching(/^kid_/) });
    expect(payload).toMatchObject({ iss: issuerUrl, sub: client.id, aud: issuerUrl, client_id: client.id, scope: 'invoices:read' });
    expect(payload.exp! - payload.iat!).toBe(900);
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload).not.toHaveProperty('org_id');
  });

  it('issues with client_secret_post, and everything held when no scope is asked for', async () => {
    const client = await createM2mClient({ tokenEndpointAuthMethod: 'CLIENT_SECRET_POST', accessTokenTtlSeconds: 120 });
    const { config } = await configure(client.id, oidc.ClientSecretPost(client.secret!));
    const tokens = await grant(config);
    expect(tokens.scope).toBe('invoices:read invoices:write');
    expect(tokens.expires_in).toBe(120);
    const { payload } = await verify(tokens.access_token);
    expect(payload.exp! - payload.iat!).toBe(120);
  });

  it('issues with private_key_jwt (RFC 7523) against the registered JWKS; the client has no secret', async () => {
    const { publicJwk, privateKey } = await newKeyPair('ES256');
    const client = await createM2mClient({ jwks: { keys: [{ ...publicJwk, kid: 'k1' }] } });
    expect(client.secret).toBeNull();
    const { config } = await configure(client.id, oidc.PrivateKeyJwt({ key: privateKey, kid: 'k1' }));
    const tokens = await grant(config, { scope: 'invoices:write' });
    const { payload } = await verify(tokens.access_token);
    expect(payload).toMatchObject({ sub: client.id, client_id: client.id, scope: 'invoices:write' });
  });

  it('uses the RFC 8707 resource as the audience', async () => {
    const client = await createM2mClient();
    const { config } = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    const tokens = await grant(config, { resource: 'https://api.example.com/' });
    const { payload } = await verify(tokens.access_token, 'https://api.example.com/');
    expect(payload.aud).toBe('https://api.example.com/');
    const bad = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    const answer = await refused(bad, { resource: 'relative/path' });
    expect([answer.status, answer.json]).toEqual([
      400,
      { error: 'invalid_target', error_description: 'the resource parameter must be an absolute URI without a fragment' },
    ]);
    // an absolute URI that names no resource of the issuer is refused too (no token for a made-up API)
    const unknown = await refused(bad, { resource: 'https://elsewhere.example.com/' });
    expect([unknown.status, unknown.json]).toEqual([
      400,
      { error: 'invalid_target', error_description: 'the resource parameter names no resource of this issuer' },
    ]);
  });

  it('carries org_id for a client acting in an active organization; once it is suspended neither org_id nor resource scopes (DESIGN §1)', async () => {
    const org = await mutate(CreateOrganization, 'createOrganization', { issuerId, name: 'Suspendable' });
    const organizationId = (org.organization as Obj).id as string;
    const client = await createM2mClient({ organizationId });
    const { config } = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    const before = await grant(config);
    expect((await verify(before.access_token)).payload).toMatchObject({ org_id: organizationId, scope: 'invoices:read invoices:write' });
    await mutate(SuspendOrganization, 'suspendOrganization', { id: organizationId });
    // the token minted before: live authority drops its scopes at once
    expect(await whoamiScopes(before.access_token)).toEqual([]);
    const after = await grant(config);
    expect(after.scope).toBeUndefined();
    const { payload } = await verify(after.access_token);
    expect(payload).not.toHaveProperty('org_id');
    expect(payload).not.toHaveProperty('scope');
    expect(await whoamiScopes(after.access_token)).toEqual([]);
    // asking for a scope it holds only through the suspended organization
    for (const scope of ['invoices:read', 'invoices:read invoices:write']) {
      const answer = await refused(await configure(client.id, oidc.ClientSecretBasic(client.secret!)), { scope });
      expect([answer.status, answer.json], scope).toEqual([400, INVALID_SCOPE]);
    }
    // reactivated: scopes and org_id again
    await mutate(ReactivateOrganization, 'reactivateOrganization', { id: organizationId });
    const again = await grant(config, { scope: 'invoices:read' });
    expect((await verify(again.access_token)).payload).toMatchObject({ org_id: organizationId, scope: 'invoices:read' });
  });

  it('a token of an organization’s client without org_id (minted while it was suspended) holds no resource scope; an issuer-level client’s does', async () => {
    const org = await mutate(CreateOrganization, 'createOrganization', { issuerId, name: 'Minted while suspended' });
    const bound = await createM2mClient({ organizationId: (org.organization as Obj).id });
    const free = await createM2mClient();
    const signer = await server.app.services.signingKeys.currentSigner(issuerId, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    // what the token endpoint minted for a suspended organization's client before this fix
    const minted = (clientId: string) =>
      new SignJWT({
        iss: issuerUrl,
        sub: clientId,
        aud: issuerUrl,
        client_id: clientId,
        scope: 'openid invoices:read',
        iat: now,
        exp: now + 300,
        jti: crypto.randomUUID(),
      })
        .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt' })
        .sign(signer.key);
    expect(await whoamiScopes(await minted(bound.id))).toEqual(['openid']);
    expect(await whoamiScopes(await minted(free.id))).toEqual(['openid', 'invoices:read']);
  });

  it('keeps the previous secret working through the rotation overlap, and not after', async () => {
    const client = await createM2mClient();
    const rotated = await mutate(RotateClientSecret, 'rotateClientSecret', { id: client.id });
    expect(rotated.secret).not.toBe(client.secret);
    expect(new Date(rotated.previousSecretExpiresAt as string).getTime()).toBeGreaterThan(Date.now() + 3000 * 1000);
    await grant((await configure(client.id, oidc.ClientSecretBasic(client.secret!))).config);
    await grant((await configure(client.id, oidc.ClientSecretBasic(rotated.secret as string))).config);
    const again = await mutate(RotateClientSecret, 'rotateClientSecret', { id: client.id, overlapSeconds: 0 });
    expect(again.previousSecretExpiresAt).toBeNull();
    for (const old of [client.secret!, rotated.secret as string]) {
      const answer = await refused(await configure(client.id, oidc.ClientSecretBasic(old)));
      expect([answer.status, answer.json]).toEqual([401, INVALID_CLIENT]);
    }
    await grant((await configure(client.id, oidc.ClientSecretBasic(again.secret as string))).config);
  });
});

describe('client_credentials for agents', () => {
  let agentId: string;

  beforeAll(async () => {
    const p = await mutate(CreateAgent, 'createAgent', {
      issuerId,
      name: 'Support triage agent',
      scopes: ['tickets:read', 'tickets:write', 'kb:read'],
    });
    agentId = (p.agent as Obj).id as string;
  });

  it('issues a 300 s token and never a refresh token to an agent with a secret verifier', async () => {
    const v = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId, type: 'SECRET' });
    expect(v.secret).toEqual(expect.any(String));
    expect(v.verifier).toMatchObject({ type: 'SECRET', status: 'ACTIVE', secretPrefix: (v.secret as string).slice(0, 6) });
    const { config } = await configure(agentId, oidc.ClientSecretBasic(v.secret as string));
    const tokens = await grant(config, { scope: 'tickets:read' });
    expect(tokens.expires_in).toBe(300);
    expect(tokens.refresh_token).toBeUndefined();
    const { payload } = await verify(tokens.access_token);
    expect(payload).toMatchObject({ sub: agentId, client_id: agentId, scope: 'tickets:read' });
    expect(payload.exp! - payload.iat!).toBe(300);
    // client_secret_post works too
    const post = await configure(agentId, oidc.ClientSecretPost(v.secret as string));
    expect((await grant(post.config)).scope).toBe('tickets:read tickets:write kb:read');
  });

  it('issues to an agent with a private_key_jwt verifier (public JWK only)', async () => {
    const { publicJwk, privateKey } = await newKeyPair('EdDSA');
    const v = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId, type: 'PRIVATE_KEY_JWT', publicJwk });
    expect(v.secret).toBeNull();
    expect((v.verifier as Obj).publicJwk).toEqual(publicJwk);
    const { config } = await configure(agentId, oidc.PrivateKeyJwt(privateKey));
    const tokens = await grant(config);
    const { payload } = await verify(tokens.access_token);
    expect(payload.exp! - payload.iat!).toBe(300);
    expect(tokens.refresh_token).toBeUndefined();
  });

  it('refuses a JWK with private parts or of the wrong kind, and changes nothing', async () => {
    const { privateKey } = await newKeyPair('ES256');
    const privateJwk = await exportJWK(privateKey);
    for (const publicJwk of [privateJwk, { kty: 'oct', k: 'c2VjcmV0' }, { kty: 'EC', crv: 'P-256', x: 'AAAA', y: 'AAAA' }]) {
      const data = await server.gql.request<{ createAgentVerifier: Obj }, { input: Obj }>(CreateAgentVerifier, {
        input: { agentId, type: 'PRIVATE_KEY_JWT', publicJwk },
      });
      expect(data.createAgentVerifier).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
    }
  });

  it('puts org_id and the scopes held both by agent and membership on the token', async () => {
    await mutate(CreateMembership, 'createMembership', {
      organizationId: orgId,
      memberId: agentId,
      scopes: ['tickets:read', 'billing:read'],
    });
    const v = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId, type: 'SECRET' });
    const { config } = await configure(agentId, oidc.ClientSecretBasic(v.secret as string));
    const only = await verify((await grant(config)).access_token);
    expect(only.payload).toMatchObject({ org_id: orgId, scope: 'tickets:read' });
    const named = await verify((await grant(config, { organization_id: orgId, scope: 'tickets:read' })).access_token);
    expect(named.payload).toMatchObject({ org_id: orgId, scope: 'tickets:read' });
    // tickets:write is the agent's, but not the membership's: not inside the org
    const answer = await refused(await configure(agentId, oidc.ClientSecretBasic(v.secret as string)), {
      organization_id: orgId,
      scope: 'tickets:write',
    });
    expect([answer.status, answer.json]).toEqual([
      400,
      { error: 'invalid_scope', error_description: 'the requested scope is invalid or exceeds what the client holds' },
    ]);
  });

  it('an agent naming a suspended organization (or one where its membership is suspended) gets no resource scopes; naming none it keeps its own issuer-level scopes', async () => {
    const p = await mutate(CreateAgent, 'createAgent', { issuerId, name: 'Suspended-org agent', scopes: ['tickets:read', 'kb:read'] });
    const id = (p.agent as Obj).id as string;
    const org = await mutate(CreateOrganization, 'createOrganization', { issuerId, name: 'Agent org to suspend' });
    const suspendedOrg = (org.organization as Obj).id as string;
    await mutate(CreateMembership, 'createMembership', { organizationId: suspendedOrg, memberId: id, scopes: ['tickets:read'] });
    const v = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId: id, type: 'SECRET' });
    const { config } = await configure(id, oidc.ClientSecretBasic(v.secret as string));
    const inside = await grant(config, { organization_id: suspendedOrg });
    expect((await verify(inside.access_token)).payload).toMatchObject({ org_id: suspendedOrg, scope: 'tickets:read' });
    await mutate(SuspendOrganization, 'suspendOrganization', { id: suspendedOrg });
    expect(await whoamiScopes(inside.access_token)).toEqual([]);

    const named = await grant(config, { organization_id: suspendedOrg });
    expect(named.scope).toBeUndefined();
    const { payload } = await verify(named.access_token);
    expect(payload).not.toHaveProperty('org_id');
    expect(payload).not.toHaveProperty('scope');
    expect(await whoamiScopes(named.access_token)).toEqual([]);
    const asked = await refused(await configure(id, oidc.ClientSecretBasic(v.secret as string)), {
      organization_id: suspendedOrg,
      scope: 'kb:read',
    });
    expect([asked.status, asked.json]).toEqual([400, INVALID_SCOPE]);

    // naming no organization (its only one is suspended): the agent's own scopes, granted at the
    // issuer and outside any organization, with no org_id (the documented choice)
    const own = await grant(config);
    expect((await verify(own.access_token)).payload).toMatchObject({ scope: 'tickets:read kb:read' });
    expect((await verify(own.access_token)).payload).not.toHaveProperty('org_id');

    // a suspended membership in an active organization, named: no resource scopes either
    const org2 = await mutate(CreateOrganization, 'createOrganization', { issuerId, name: 'Agent org, membership suspended' });
    const activeOrg = (org2.organization as Obj).id as string;
    const made = await server.gql.request<{ createMembership: { membership: { id: string } } }, { input: Obj }>(
      `mutation CcAgentMembership($input: CreateMembershipInput!) { createMembership(input: $input) { ... on CreateMembershipPayload { membership { id } } } }`,
      { input: { organizationId: activeOrg, memberId: id, scopes: ['tickets:read'] } },
    );
    await server.gql.request(
      `mutation CcSuspendMembership($input: UpdateMembershipInput!) { updateMembership(input: $input) { __typename } }`,
      { input: { id: made.createMembership.membership.id, status: 'SUSPENDED' } },
    );
    const memberSuspended = await grant(config, { organization_id: activeOrg });
    expect(memberSuspended.scope).toBeUndefined();
    expect((await verify(memberSuspended.access_token)).payload).not.toHaveProperty('org_id');
  });

  it('refuses an agent once its verifier is revoked, and once it is suspended', async () => {
    const p = await mutate(CreateAgent, 'createAgent', { issuerId, name: 'Short-lived agent', scopes: ['kb:read'] });
    const id = (p.agent as Obj).id as string;
    const v = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId: id, type: 'SECRET' });
    const { config } = await configure(id, oidc.ClientSecretBasic(v.secret as string));
    await grant(config);
    const revoked = await mutate(RevokeAgentVerifier, 'revokeAgentVerifier', { id: (v.verifier as Obj).id });
    expect(revoked.verifier).toMatchObject({ status: 'REVOKED', revokedAt: expect.any(String) });
    const answer = await refused(await configure(id, oidc.ClientSecretBasic(v.secret as string)));
    expect([answer.status, answer.json]).toEqual([401, INVALID_CLIENT]);
    expect(answer.headers.get('www-authenticate')).toMatch(/^Basic /);

    const second = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId: id, type: 'SECRET' });
    await grant((await configure(id, oidc.ClientSecretBasic(second.secret as string))).config);
    await mutate(UpdateAgent, 'updateAgent', { id, status: 'SUSPENDED' });
    const suspended = await refused(await configure(id, oidc.ClientSecretBasic(second.secret as string)));
    expect([suspended.status, suspended.json]).toEqual([401, INVALID_CLIENT]);

    const trail = await server.gql.request<{ events: { edges: { node: Obj }[] } }, Obj>(TrailTypes, {
      filter: { types: ['agent.created', 'agent.verifier.created', 'agent.verifier.revoked', 'agent.updated'], issuerId },
    });
    const mine = trail.events.edges
      .map((e) => e.node)
      .filter((n) => n.subject === id || n.subject === (v.verifier as Obj).id || n.subject === (second.verifier as Obj).id);
    expect(mine.map((n) => n.type).sort()).toEqual([
      'agent.created',
      'agent.updated',
      'agent.verifier.created',
      'agent.verifier.created',
      'agent.verifier.revoked',
    ]);
  });
});

describe('signing key rotation', () => {
  it('publishes the next key before it signs; keeps verifying tokens signed before rotateSigningKeys; new tokens carry the new kid once it activates', async () => {
    const client = await createM2mClient();
    const { config } = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    const before = (await grant(config)).access_token;
    const oldKid = decodeProtectedHeader(before).kid;
    const rotated = await mutate(RotateSigningKeys, 'rotateSigningKeys', { issuerId });
    expect(rotated.kid).not.toBe(oldKid);
    expect(rotated.previousKids).toEqual([oldKid]);
    expect(rotated.signingKey).toMatchObject({ kid: rotated.kid, alg: 'ES256', status: 'NEXT' });
    expect((rotated.issuer as Obj).signingKeys).toEqual([
      { kid: rotated.kid, status: 'NEXT', verifyUntil: null },
      { kid: oldKid, status: 'PREVIOUS', verifyUntil: rotated.previousVerifyUntil },
    ]);
    // The next key signs two JWKS cache lifetimes from now; the previous key stays published until
    // every token it signed by then has expired (900 s TTL + leeway).
    const activatesAt = new Date(rotated.activatesAt as string).getTime();
    expect(activatesAt).toBeGreaterThanOrEqual(Date.now() + (PUBLISH_AHEAD_SECONDS - 5) * 1000);
    expect(new Date(rotated.previousVerifyUntil as string).getTime()).toBeGreaterThanOrEqual(activatesAt + 900_000);

    // published now, but the old key still signs: a verifier with a JWKS cached now knows both
    const { keys: ahead } = (await (await fetch(`${issuerUrl}/jwks`)).json()) as { keys: JWK[] };
    expect(ahead.map((k) => k.kid)).toEqual([rotated.kid, oldKid]);
    expect(decodeProtectedHeader((await grant(config)).access_token).kid).toBe(oldKid);

    clock.offsetMs = (PUBLISH_AHEAD_SECONDS + 1) * 1000;
    try {
      const after = (await grant(config)).access_token;
      expect(decodeProtectedHeader(after).kid).toBe(rotated.kid);
      await verify(before);
      await verify(after);
      const { keys } = (await (await fetch(`${issuerUrl}/jwks`)).json()) as { keys: JWK[] };
      expect(keys.map((k) => k.kid)).toEqual([rotated.kid, oldKid]);
    } finally {
      clock.offsetMs = 0;
    }

    const events = await server.gql.request<{ events: { edges: { node: Obj }[] } }, Obj>(TrailTypes, {
      filter: { types: ['signing-key.rotated'], issuerId },
    });
    expect(events.events.edges.map((e) => e.node)).toEqual([{ type: 'signing-key.rotated', subject: rotated.kid }]);
  });
});

describe('introspection and revocation', () => {
  it('introspects a live token of this issuer and says only active:false for anything else', async () => {
    const client = await createM2mClient();
    const { config } = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    const tokens = await grant(config, { scope: 'invoices:read' });
    const info = await oidc.tokenIntrospection(config, tokens.access_token);
    expect(info).toMatchObject({
      active: true,
      client_id: client.id,
      sub: client.id,
      iss: issuerUrl,
      aud: issuerUrl,
      scope: 'invoices:read',
      token_type: 'Bearer',
    });
    expect(await oidc.tokenIntrospection(config, 'not-a-token')).toEqual({ active: false });
    const tampered = tokens.access_token.replace(
      /\.([^.]+)\./,
      (_m, p: string) => `.${p.slice(0, -2)}${p.endsWith('A') ? 'B' : 'A'}${p.slice(-1)}.`,
    );
    expect(await oidc.tokenIntrospection(config, tampered)).toEqual({ active: false });

    // A token of another issuer is not active here.
    const other = await mutate(CreateIssuer, 'createIssuer', { name: 'Other issuer' });
    const otherId = (other.issuer as Obj).id as string;
    const otherClient = await mutate(CreateClient, 'createClient', { issuerId: otherId, name: 'other', type: 'M2M', scopes: ['x:read'] });
    const otherConfig = await configure(
      (otherClient.client as Obj).id as string,
      oidc.ClientSecretBasic(otherClient.secret as string),
      `${server.app.publicUrl()}/${otherId}`,
    );
    const foreign = (await oidc.clientCredentialsGrant(otherConfig.config)).access_token;
    expect(await oidc.tokenIntrospection(config, foreign)).toEqual({ active: false });
    // ...and a client of another issuer cannot introspect here.
    await expect(
      oidc.tokenIntrospection(
        (await configure((otherClient.client as Obj).id as string, oidc.ClientSecretBasic(otherClient.secret as string))).config,
        tokens.access_token,
      ),
    ).rejects.toThrow();
  });

  // TI-07 (RFC 7662 §4): the siblings of review finding F17 — every kind of token of another
  // tenant, of no tenant, and of another audience.
  it('TI-07 a client of organization A introspects only its own tokens and organization A’s: B’s M2M and agent tokens, organization-less and other-audience tokens are active: false', async () => {
    const newOrg = async (name: string) =>
      ((await mutate(CreateOrganization, 'createOrganization', { issuerId, name })).organization as Obj).id as string;
    const [orgA, orgB] = [await newOrg('Introspect A'), await newOrg('Introspect B')];
    const clientA = await createM2mClient({ organizationId: orgA });
    const peerA = await createM2mClient({ organizationId: orgA });
    const clientB = await createM2mClient({ organizationId: orgB });
    const [operator, otherOperator] = [await createM2mClient(), await createM2mClient()];
    const agent = (await mutate(CreateAgent, 'createAgent', { issuerId, name: 'B’s agent', scopes: ['tickets:read'] })).agent as Obj;
    await mutate(CreateMembership, 'createMembership', { organizationId: orgB, memberId: agent.id, scopes: ['tickets:read'] });
    const agentSecret = (await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId: agent.id, type: 'SECRET' })).secret as string;

    const cfg = async (id: string, secret: string) => (await configure(id, oidc.ClientSecretBasic(secret))).config;
    const [asA, asPeerA, asB, asOperator, asOtherOperator] = await Promise.all([
      cfg(clientA.id, clientA.secret!),
      cfg(peerA.id, peerA.secret!),
      cfg(clientB.id, clientB.secret!),
      cfg(operator.id, operator.secret!),
      cfg(otherOperator.id, otherOperator.secret!),
    ]);
    const tokens = {
      ownA: (await grant(asA)).access_token,
      peerA: (await grant(asPeerA)).access_token,
      m2mB: (await grant(asB)).access_token,
      agentB: (await grant(await cfg(agent.id as string, agentSecret), { organization_id: orgB })).access_token,
      operator: (await grant(asOperator)).access_token,
      forApi: (await grant(asOtherOperator, { resource: 'https://api.example.com/' })).access_token,
    };
    const active = async (config: oidc.Configuration, token: string) => (await oidc.tokenIntrospection(config, token)).active;
    const asClientA = Object.fromEntries(await Promise.all(Object.entries(tokens).map(async ([k, t]) => [k, await active(asA, t)])));
    expect(asClientA).toEqual({ ownA: true, peerA: true, m2mB: false, agentB: false, operator: false, forApi: false });
    // an inactive answer is exactly { active: false }, with no claims of the token
    expect(await oidc.tokenIntrospection(asA, tokens.m2mB)).toEqual({ active: false });
    // an issuer-level (operator's) client reads tokens minted for the issuer's APIs, not for another resource
    expect(await active(asOperator, tokens.m2mB)).toBe(true);
    expect(await active(asOperator, tokens.agentB)).toBe(true);
    expect(await active(asOperator, tokens.forApi)).toBe(false);
    expect(await active(asOtherOperator, tokens.forApi)).toBe(true);
    // once A is suspended its clients read none of A's tokens but their own
    await mutate(SuspendOrganization, 'suspendOrganization', { id: orgA });
    expect(await active(asA, tokens.peerA)).toBe(false);
    expect(await active(asA, tokens.ownA)).toBe(true);
  });

  it('answers 200 to revocation of unknown tokens; a revoked access token is inactive at once (openid-client)', async () => {
    const client = await createM2mClient();
    const { config, seen } = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    await oidc.tokenRevocation(config, 'does-not-exist');
    expect(seen.last!.status).toBe(200);
    const tokens = await grant(config);
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toMatchObject({ active: true });
    await oidc.tokenRevocation(config, tokens.access_token);
    expect(seen.last!.status).toBe(200);
    expect(await oidc.tokenIntrospection(config, tokens.access_token)).toEqual({ active: false });
  });
});

describe('createAccessTokenVerifier (for the Core API and whoami)', () => {
  const verifierAt = (offsetMs = 0) =>
    createAccessTokenVerifier({
      prisma: server.app.db.prisma,
      signingKeys: server.app.services.signingKeys,
      publicUrl: server.app.publicUrl,
      clock: { now: () => new Date(Date.now() + offsetMs) },
      revocations: server.app.services.revokedTokens,
    });

  /** Signs with the issuer's real current key, so only the property under test is wrong. */
  async function forged(header: Obj, claims: Obj): Promise<string> {
    const signer = await server.app.services.signingKeys.currentSigner(issuerId, 'ES256');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ iss: issuerUrl, sub: 'c_x', aud: issuerUrl, client_id: 'c_x', iat: now, exp: now + 60, jti: 'j1', ...claims })
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt', ...header })
      .sign(signer.key);
  }

  it('accepts a live token and says who it is', async () => {
    const p = await mutate(CreateAgent, 'createAgent', { issuerId, name: 'Verifier agent', scopes: ['kb:read'] });
    const agentId = (p.agent as Obj).id as string;
    const v = await mutate(CreateAgentVerifier, 'createAgentVerifier', { agentId, type: 'SECRET' });
    const token = (await grant((await configure(agentId, oidc.ClientSecretBasic(v.secret as string))).config)).access_token;
    const verified = await verifierAt().verify(token);
    expect(verified).toEqual({
      issuerId,
      accountId: expect.stringMatching(/^acct_/),
      subject: agentId,
      clientId: agentId,
      scopes: ['kb:read'],
      organizationId: null,
      jti: expect.any(String),
      expiresAt: expect.any(Date),
      // an agent's own token: no user session, no delegation
      sessionId: null,
      actorId: null,
      confirmation: null,
      delegations: [],
    });
    // exp + 59 s of leeway still passes; exp + 61 s does not (JV-09). Offsets from the token's own
    // exp (300 s after its iat, a whole second): from the test's clock, the time spent since
    // minting (seconds on a loaded machine) would move the boundary.
    const { exp, iat } = decodeJwt(token);
    expect(exp! - iat!).toBe(300);
    expect(await verifierAt((exp! + 59) * 1000 - Date.now()).verify(token)).not.toBeNull();
    expect(await verifierAt((exp! + 61) * 1000 - Date.now()).verify(token)).toBeNull();
  });

  it('refuses alg none, key confusion, wrong typ, foreign kid, missing claims, other audiences and tampering', async () => {
    const verifier = verifierAt();
    const signer = await server.app.services.signingKeys.currentSigner(issuerId, 'ES256');
    const encode = (o: Obj) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: issuerUrl, sub: 'c_x', aud: issuerUrl, client_id: 'c_x', iat: now, exp: now + 60, jti: 'j1' };
    expect(await verifier.verify(await forged({}, {}))).not.toBeNull();
    // JV-01 alg none
    expect(await verifier.verify(`${encode({ alg: 'none', typ: 'at+jwt', kid: signer.kid })}.${encode(claims)}.`)).toBeNull();
    // JV-02 HS256 keyed with the published public key
    const { keys } = (await (await fetch(`${issuerUrl}/jwks`)).json()) as { keys: JWK[] };
    const hs = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: signer.kid })
      .sign(new TextEncoder().encode(JSON.stringify(keys[0])));
    expect(await verifier.verify(hs)).toBeNull();
    // JV-06 typ, JV-04 kid injection, JV-10 missing claims, JV-07 issuer mismatch, JV-08 audience
    expect(await verifier.verify(await forged({ typ: 'JWT' }, {}))).toBeNull();
    expect(await verifier.verify(await forged({ kid: "../../etc/passwd' OR '1'='1" }, {}))).toBeNull();
    for (const claim of ['iss', 'sub', 'aud', 'exp', 'iat', 'jti', 'client_id'])
      expect(await verifier.verify(await forged({}, { [claim]: undefined }))).toBeNull();
    expect(await verifier.verify(await forged({}, { iss: 'https://evil.example.com/i_01jdzzzzzzzzzzzzzzzzzzzzzz' }))).toBeNull();
    const forApi = await forged({}, { aud: 'https://api.example.com/' });
    expect(await verifier.verify(forApi)).toBeNull();
    expect(await verifier.verify(forApi, { audience: 'https://api.example.com/' })).not.toBeNull();
    expect(await verifier.verify(await forged({}, { nbf: now + 600 }))).toBeNull();
    // JV-13 unknown crit (jose signs it only when told the extension is understood)
    const crit = await new SignJWT(claims)
      .setProtectedHeader({ alg: signer.alg, kid: signer.kid, typ: 'at+jwt', crit: ['x-foo'], 'x-foo': 1 })
      .sign(signer.key, { crit: { 'x-foo': true } });
    expect(await verifier.verify(crit)).toBeNull();
    // JV-11 tamper with the payload, keep the signature
    const good = await forged({}, { scope: 'a:read' });
    const [h, , sig] = good.split('.');
    expect(await verifier.verify(`${h}.${encode({ ...claims, scope: 'a:admin' })}.${sig}`)).toBeNull();
    expect(await verifier.verify('garbage')).toBeNull();
  });
});

describe('refused requests: exact RFC 6749 §5.2 answers, nothing issued', () => {
  let client: { id: string; secret: string | null };
  let keyClient: { id: string; privateKey: CryptoKey };

  beforeAll(async () => {
    client = await createM2mClient();
    const { publicJwk, privateKey } = await newKeyPair('ES256');
    const created = await createM2mClient({ jwks: { keys: [publicJwk] } });
    keyClient = { id: created.id, privateKey };
  });

  it('wrong secret and unknown client get the identical 401 invalid_client with WWW-Authenticate', async () => {
    const wrong = await refused(await configure(client.id, oidc.ClientSecretBasic('wrong-secret')));
    const unknown = await refused(await configure('c_01jdzzzzzzzzzzzzzzzzzzzzzz', oidc.ClientSecretBasic('wrong-secret')));
    for (const answer of [wrong, unknown]) {
      expect(answer.status).toBe(401);
      expect(answer.json).toEqual(INVALID_CLIENT);
      expect(answer.headers.get('www-authenticate')).toBe('Basic realm="authgraph", error="invalid_client"');
      expect(answer.headers.get('cache-control')).toBe('no-store');
    }
    expect(unknown.body).toBe(wrong.body);
  });

  it('a malformed Basic header is invalid_request', async () => {
    for (const authorization of ['Basic !!!notbase64', `Basic ${Buffer.from('no-colon').toString('base64')}`, 'Bearer abc']) {
      const response = await fetch(`${issuerUrl}/token`, {
        method: 'POST',
        headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description: 'the Authorization header is not valid HTTP Basic credentials',
      });
    }
  });

  it('Basic and body credentials together are invalid_request', async () => {
    const both: oidc.ClientAuth = (as, c, body, headers) => {
      oidc.ClientSecretBasic(client.secret!)(as, c, body, headers);
      body.set('client_secret', client.secret!);
    };
    const answer = await refused(await configure(client.id, both));
    expect([answer.status, answer.json]).toEqual([
      400,
      { error: 'invalid_request', error_description: 'use exactly one client authentication method' },
    ]);
  });

  it('an unsupported grant type is unsupported_grant_type; a missing one invalid_request', async () => {
    const { config, seen } = await configure(client.id, oidc.ClientSecretBasic(client.secret!));
    await expect(oidc.genericGrantRequest(config, 'password', { username: 'a', password: 'b' })).rejects.toThrow();
    expect([seen.last!.status, JSON.parse(seen.last!.body)]).toEqual([
      400,
      { error: 'unsupported_grant_type', error_description: 'grant_type "password" is not supported' },
    ]);
    const response = await fetch(`${issuerUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'scope=invoices:read',
    });
    expect([response.status, await response.json()]).toEqual([
      400,
      { error: 'invalid_request', error_description: 'grant_type is required' },
    ]);
  });

  it('JSON bodies and repeated parameters are invalid_request', async () => {
    const json = await fetch(`${issuerUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"grant_type":"client_credentials"}',
    });
    expect([json.status, await json.json()]).toEqual([
      400,
      { error: 'invalid_request', error_description: 'the body must be application/x-www-form-urlencoded' },
    ]);
    const twice = await fetch(`${issuerUrl}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&grant_type=client_credentials',
    });
    expect([twice.status, await twice.json()]).toEqual([
      400,
      { error: 'invalid_request', error_description: 'parameter "grant_type" is included more than once' },
    ]);
  });

  it('asking for a scope the client does not hold is invalid_scope', async () => {
    const answer = await refused(await configure(client.id, oidc.ClientSecretBasic(client.secret!)), { scope: 'invoices:read orgs:admin' });
    expect([answer.status, answer.json]).toEqual([
      400,
      { error: 'invalid_scope', error_description: 'the requested scope is invalid or exceeds what the client holds' },
    ]);
    expect(answer.headers.get('cache-control')).toBe('no-store');
  });

  it('a client assertion with alg none is invalid_client', async () => {
    const encode = (o: Obj) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${encode({ alg: 'none' })}.${encode({ iss: keyClient.id, sub: keyClient.id, aud: issuerUrl, jti: 'n1', exp: now + 60, iat: now })}.`;
    const answer = await refused(await configure(keyClient.id, fixedAssertion(unsigned)));
    expect([answer.status, answer.json]).toEqual([401, INVALID_CLIENT]);
  });

  it('a client assertion signed by an unregistered key is invalid_client', async () => {
    const stranger = await newKeyPair('ES256');
    const answer = await refused(await configure(keyClient.id, oidc.PrivateKeyJwt(stranger.privateKey)));
    expect([answer.status, answer.json]).toEqual([401, INVALID_CLIENT]);
    // an HS256 assertion keyed with the public key (key confusion) is refused too
    const hs = await assertion(
      keyClient.id,
      new TextEncoder().encode('0123456789abcdef0123456789abcdef') as unknown as CryptoKey,
      {},
      'HS256',
    );
    const confused = await refused(await configure(keyClient.id, fixedAssertion(hs)));
    expect([confused.status, confused.json]).toEqual([401, INVALID_CLIENT]);
  });

  it('a replayed client assertion is invalid_client; the first use succeeds', async () => {
    const once = await assertion(keyClient.id, keyClient.privateKey);
    await grant((await configure(keyClient.id, fixedAssertion(once))).config);
    const answer = await refused(await configure(keyClient.id, fixedAssertion(once)));
    expect([answer.status, answer.json]).toEqual([401, INVALID_CLIENT]);
  });

  it('an assertion for another audience or another client is invalid_client', async () => {
    const elsewhere = await assertion(keyClient.id, keyClient.privateKey, { aud: 'https://other.example.com' });
    expect((await refused(await configure(keyClient.id, fixedAssertion(elsewhere)))).status).toBe(401);
    const impostor = await new SignJWT({ jti: crypto.randomUUID() })
      .setProtectedHeader({ alg: 'ES256' })
      .setIssuer(client.id)
      .setSubject(keyClient.id)
      .setAudience(issuerUrl)
      .setExpirationTime('1m')
      .sign(keyClient.privateKey);
    expect((await refused(await configure(keyClient.id, fixedAssertion(impostor)))).status).toBe(401);
  });

  it('issued exactly one token.issued (metered) per token, and nothing for refused requests', async () => {
    await server.app.flushMetered();
    const events = await tokenEvents();
    expect(events).toHaveLength(issued);
    expect(events.every((e) => e.metered === true)).toBe(true);
    const data = events[0]!.data as Obj;
    expect(data).toMatchObject({ grantType: 'client_credentials', jti: expect.any(String) });
    expect(JSON.stringify(events)).not.toContain('eyJ');
  });
});
