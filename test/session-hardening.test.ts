/**
 * Regression tests from the security review of the sign-in work: what a refresh or code exchange
 * must refuse BEFORE it spends anything, scopes a client never registered for, switching into an
 * organization whose MFA rule the sign-in did not meet, an organization's reach over sessions in
 * other organizations, and a refresh racing a revocation (the lock order; a deadlock on
 * PostgreSQL before).
 */
import { describe, expect, it, test } from './fixtures.js';
import type { TestServer } from './helpers/server.js';
import { createApiKey, createIssuer, createMembership, createOrganization, createUser } from './helpers/fixtures.js';
import type { Issuer } from '../src/generated/prisma/client.js';
import { UNRESTRICTED } from '../src/domain/viewer.js';

type Obj = Record<string, any>;
const REDIRECT = 'https://app.example.com/callback';

describe('session hardening', () => {
  let server: TestServer;
  let issuer: Issuer;
  let issuerUrl: string;
  let client: { id: string; secret: string };
  const gql = (doc: string, vars: Obj, headers?: Record<string, string>) => server.gql.request<Obj, Obj>(doc, vars, headers);
  const token = async (form: Record<string, string>) => {
    const r = await fetch(`${issuerUrl}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams(form),
    });
    return { status: r.status, json: (await r.json()) as Obj };
  };
  const claims = (jwt: string) => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString()) as Obj;
  const sessionRow = (id: string) => server.app.db.prisma.session.findUniqueOrThrow({ where: { id } });

  /** A signed-in session of the user (as the hosted page makes one) and a code from it. */
  async function codeFor(userId: string, amr = ['pwd']) {
    const { session } = await server.app.services.sessions.signIn({
      issuer,
      userId,
      clientId: client.id,
      amr,
      device: { userAgent: 'test', ip: null },
    });
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId: client.id,
      redirectUri: REDIRECT,
      scope: 'openid',
      nonce: null,
      codeChallenge: null,
      codeChallengeMethod: null,
    });
    return { session, code };
  }

  test.beforeAll(async ({ server: started }) => {
    server = started;
    const created = await createIssuer(server.gql);
    issuer = await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: created.id } });
    issuerUrl = `${server.app.publicUrl()}/${issuer.id}`;
    // registered for openid and one resource scope only
    const r = await gql(
      `mutation HardeningClient($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ... on Error { code message } } }`,
      {
        input: { issuerId: issuer.id, name: 'web', redirectUris: [REDIRECT], scopes: ['openid', 'members:read'] },
      },
    );
    client = { id: r.createClient.client.id, secret: r.createClient.secret };
  });

  it('a bad resource is refused before the refresh token rotates: the retry works and the session lives', async () => {
    const user = await createUser(server.gql, issuer.id);
    const { session, code } = await codeFor(user.id);
    const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(first.status).toBe(200);
    const bad = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token, resource: 'not a url' });
    expect(bad).toMatchObject({ status: 400, json: { error: 'invalid_target' } });
    const retry = await token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token });
    expect(retry.status).toBe(200);
    expect((await sessionRow(session.id)).status).toBe('active');
  });

  it('a bad resource is refused before the code is spent: the retry redeems it', async () => {
    const user = await createUser(server.gql, issuer.id);
    const { session, code } = await codeFor(user.id);
    const bad = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      resource: 'https://api.example.com/#fragment',
    });
    expect(bad).toMatchObject({ status: 400, json: { error: 'invalid_target' } });
    expect((await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT })).status).toBe(200);
    expect((await sessionRow(session.id)).status).toBe('active');
  });

  it('tokens carry only the organization scopes the client is registered for', async () => {
    const org = await createOrganization(server.gql, issuer.id);
    const user = await createUser(server.gql, issuer.id);
    await createMembership(server.gql, org.id, user.id, ['members:read', 'members:write', 'invoices:read']);
    const { code } = await codeFor(user.id);
    const issued = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    expect(issued.status).toBe(200);
    expect(claims(issued.json.access_token).org_id).toBe(org.id);
    expect(String(issued.json.scope).split(' ').sort()).toEqual(['members:read', 'openid']);
    const refreshed = await token({ grant_type: 'refresh_token', refresh_token: issued.json.refresh_token });
    expect(String(refreshed.json.scope).split(' ').sort()).toEqual(['members:read', 'openid']);
  });

  it('switching into an organization that requires MFA needs a sign-in that passed it', async () => {
    const relaxed = await createOrganization(server.gql, issuer.id);
    const strict = await createOrganization(server.gql, issuer.id);
    const updated = await gql(
      `mutation HardeningOrgMfa($input: UpdateOrganizationInput!) { updateOrganization(input: $input) { __typename ... on Error { code message } } }`,
      {
        input: { id: strict.id, mfaPolicy: 'REQUIRED' },
      },
    );
    expect(updated.updateOrganization.__typename).toBe('UpdateOrganizationPayload');
    const user = await createUser(server.gql, issuer.id);
    await createMembership(server.gql, relaxed.id, user.id, ['members:read']);
    await createMembership(server.gql, strict.id, user.id, ['members:read']);

    // a password-only session: neither the refresh grant nor the mutation may switch into `strict`
    const { session, code } = await codeFor(user.id, ['pwd']);
    const issued = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
    const refused = await token({ grant_type: 'refresh_token', refresh_token: issued.json.refresh_token, organization_id: strict.id });
    expect(refused).toMatchObject({ status: 400, json: { error: 'invalid_request' } });
    const viaMutation = await gql(
      `mutation HardeningSwitch($input: SwitchOrganizationInput!) { switchOrganization(input: $input) { __typename ... on Error { code message } } }`,
      {
        input: { sessionId: session.id, organizationId: strict.id },
      },
    );
    expect(viaMutation.switchOrganization.__typename).toBe('InvalidStateError');
    expect((await sessionRow(session.id)).organizationId).toBeNull();
    // the refused refresh spent nothing: the same token still switches into the relaxed one
    const relaxedSwitch = await token({
      grant_type: 'refresh_token',
      refresh_token: issued.json.refresh_token,
      organization_id: relaxed.id,
    });
    expect(relaxedSwitch.status).toBe(200);
    expect(claims(relaxedSwitch.json.access_token).org_id).toBe(relaxed.id);

    // a session that passed a second factor may switch
    const strong = await codeFor(user.id, ['pwd', 'otp']);
    const strongTokens = await token({ grant_type: 'authorization_code', code: strong.code, redirect_uri: REDIRECT });
    const allowed = await token({
      grant_type: 'refresh_token',
      refresh_token: strongTokens.json.refresh_token,
      organization_id: strict.id,
    });
    expect(allowed.status).toBe(200);
    expect(claims(allowed.json.access_token).org_id).toBe(strict.id);
  });

  it("an organization's key ends only the user's sessions acting in its own organization", async () => {
    const orgA = await createOrganization(server.gql, issuer.id);
    const orgB = await createOrganization(server.gql, issuer.id);
    const user = await createUser(server.gql, issuer.id);
    await createMembership(server.gql, orgA.id, user.id, ['members:read']);
    await createMembership(server.gql, orgB.id, user.id, ['members:read']);
    const inA = (await codeFor(user.id)).session;
    const inB = (await codeFor(user.id)).session;
    await server.app.services.sessions.switchOrganization(
      {
        kind: 'account_api_key',
        credentialId: server.keyId,
        accountId: issuer.accountId,
        restrictions: UNRESTRICTED,
        systemIssuerId: null,
      },
      { sessionId: inA.id, organizationId: orgA.id },
    );
    await server.app.services.sessions.switchOrganization(
      {
        kind: 'account_api_key',
        credentialId: server.keyId,
        accountId: issuer.accountId,
        restrictions: UNRESTRICTED,
        systemIssuerId: null,
      },
      { sessionId: inB.id, organizationId: orgB.id },
    );
    const key = await createApiKey(server.gql, { organizationId: orgA.id, name: 'A admin', scopes: ['members:read', 'members:write'] });
    const asA = { authorization: `Bearer ${key.token}` };
    const all = await gql(
      `mutation HardeningRevokeAll($input: RevokeUserSessionsInput!) { revokeUserSessions(input: $input) { __typename ... on RevokeUserSessionsPayload { revokedCount } ... on Error { code } } }`,
      { input: { userId: user.id } },
      asA,
    );
    expect(all.revokeUserSessions).toEqual({ __typename: 'RevokeUserSessionsPayload', revokedCount: 1 });
    expect((await sessionRow(inA.id)).status).toBe('revoked');
    expect((await sessionRow(inB.id)).status).toBe('active');
  });

  it('a refresh racing revokeSession never fails and never leaves a live token on an ended session', async () => {
    for (let i = 0; i < 6; i++) {
      const user = await createUser(server.gql, issuer.id);
      const { session, code } = await codeFor(user.id);
      const first = await token({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT });
      const [refresh, revoke] = await Promise.all([
        token({ grant_type: 'refresh_token', refresh_token: first.json.refresh_token }),
        server.gql.raw<Obj, Obj>(`mutation HardeningRevoke($input: RevokeSessionInput!) { revokeSession(input: $input) { __typename } }`, {
          input: { id: session.id },
        }),
      ]);
      expect([200, 400]).toContain(refresh.status);
      expect(revoke.errors).toBeUndefined();
      expect(revoke.data?.revokeSession.__typename).toBe('RevokeSessionPayload');
      expect((await sessionRow(session.id)).status).toBe('revoked');
      const live = await server.app.db.prisma.refreshToken.count({ where: { sessionId: session.id, status: 'active' } });
      expect(live).toBe(0);
    }
  });
});
