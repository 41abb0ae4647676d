/**
 * Access tokens at whoami and on the Core API: a token from the token endpoint is verified
 * locally; forged, expired, wrong-kid and alg=none tokens are 401.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, generateKeyPair, decodeJwt, decodeProtectedHeader, UnsecuredJWT } from 'jose';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer, createOrganization } from './helpers/fixtures.js';

describe('access tokens at whoami', () => {
  let server: TestServer;
  let issuerUrl: string;
  let orgId: string;
  let token: string;

  async function clientToken(clientId: string, secret: string, scope?: string): Promise<string> {
    const res = await fetch(`${issuerUrl}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', ...(scope ? { scope } : {}) }),
    });
    expect(res.status).toBe(200);
    return (await res.json()).access_token;
  }
  const me = (bearer: string) => fetch(`${server.url}/v1/me`, { headers: { authorization: `Bearer ${bearer}` } });

  beforeAll(async () => {
    server = await startServer();
    const issuer = await createIssuer(server.gql);
    issuerUrl = `${server.app.publicUrl()}/${issuer.id}`;
    orgId = (await createOrganization(server.gql, issuer.id)).id;
    const created = await server.gql.request<{ createClient: { __typename: string; secret: string; client: { id: string } } }, unknown>(
      `mutation WtClient($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }`,
      { input: { issuerId: issuer.id, name: 'svc', type: 'M2M', scopes: ['invoices:read', 'org:read'], organizationId: orgId } },
    );
    expect(created.createClient.__typename).toBe('CreateClientPayload');
    token = await clientToken(created.createClient.client.id, created.createClient.secret);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('describes a client_credentials token: subject, client, organization and scopes', async () => {
    const res = await me(token);
    expect(res.status).toBe(200);
    const claims = decodeJwt(token);
    const body = await res.json();
    expect(body.data).toMatchObject({
      type: 'access_token',
      id: claims.jti,
      subject: claims.sub,
      client_id: claims.client_id,
      scopes: ['invoices:read', 'org:read'],
      expires_at: claims.exp,
      organizations: [{ org_id: orgId, status: 'active', scopes: ['invoices:read', 'org:read'] }],
    });
    // with org:read it may read its organization through the Core API, and nothing else
    const gql = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ query: `query($id: ID!) { organization(id: $id) { id } viewer { type } }`, variables: { id: orgId } }),
    });
    expect((await gql.json()).data).toEqual({ organization: { id: orgId }, viewer: { type: 'ACCESS_TOKEN' } });
  });

  it("reports the organization's status as it is now: suspended at once after suspendOrganization, active again after reactivation", async () => {
    // the first answer warms the cached organization lookup; the suspension must not be hidden by it
    expect((await (await me(token)).json()).data.organizations).toMatchObject([{ org_id: orgId, status: 'active' }]);
    const suspended = await server.gql.request<{ suspendOrganization: { __typename: string } }, unknown>(
      `mutation WtSuspend($id: ID!) { suspendOrganization(input: { id: $id }) { __typename } }`,
      { id: orgId },
    );
    expect(suspended.suspendOrganization.__typename).toBe('SuspendOrganizationPayload');
    const during = await me(token);
    expect(during.status).toBe(200);
    expect((await during.json()).data.organizations).toMatchObject([{ org_id: orgId, status: 'suspended' }]);
    await server.gql.request(`mutation WtReactivate($id: ID!) { reactivateOrganization(input: { id: $id }) { __typename } }`, {
      id: orgId,
    });
    expect((await (await me(token)).json()).data.organizations).toMatchObject([{ org_id: orgId, status: 'active' }]);
  });

  it('refuses alg=none, a foreign key, an unknown kid, a tampered payload and an expired token', async () => {
    const claims = decodeJwt(token);
    const header = decodeProtectedHeader(token);
    const none = new UnsecuredJWT({ ...claims }).encode();
    const { privateKey } = await generateKeyPair('ES256');
    const foreign = await new SignJWT({ ...claims }).setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: header.kid! }).sign(privateKey);
    const unknownKid = await new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: 'kid_01jd0000000000000000000000' })
      .sign(privateKey);
    const [h, , sig] = token.split('.');
    const tampered = `${h}.${Buffer.from(JSON.stringify({ ...claims, scope: 'invoices:read org:read members:write' })).toString('base64url')}.${sig}`;
    const expired = await new SignJWT({ ...claims, exp: Math.floor(Date.now() / 1000) - 3600 })
      .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt', kid: header.kid! })
      .sign(privateKey);
    for (const [name, bad] of Object.entries({ none, foreign, unknownKid, tampered, expired })) {
      const res = await me(bad);
      expect(res.status, name).toBe(401);
      expect(res.headers.get('www-authenticate'), name).toContain('Bearer');
    }
    expect((await me(token)).status).toBe(200);
  });
});
