/**
 * Event payloads come from explicit allowlists (issue 9, item 9; src/domain/event-payloads.ts).
 *
 * - Every event type has its builder, and the registry has no builder for an unknown type.
 * - The real server is driven through every kind of change that emits an event (GraphQL
 *   mutations, the token and revocation endpoints, sign-in, refresh and reuse, lockout, backup
 *   codes, metered verifications); then every stored event's `data` is walked recursively:
 *   no key names a secret-bearing column of any Prisma model (read from the generated DMMF:
 *   names like `*Hash(es)`, `*Enc`, `secret*`, `*Token*`), and no value contains a stored secret
 *   value (hashes, sealed values) or a secret handed out once (client, key, token, webhook and
 *   verifier secrets, access, refresh and invitation tokens, TOTP secrets, backup codes).
 * - A builder copies only the fields it names: a column added to a row reaches no payload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import * as oidc from 'openid-client';
import { startServer, type TestServer } from './helpers/server.js';
import { getDatamodel } from '../src/generated/pothos-types.js';
import { EVENT_TYPES } from '../src/domain/events.js';
import { EVENT_PAYLOADS, eventData } from '../src/domain/event-payloads.js';
import type { ApiKey } from '../src/generated/prisma/client.js';
import { acceptBySignUp, TEST_PASSWORD } from './helpers/browser.js';

type Obj = Record<string, unknown>;
interface Caller {
  id: string;
  secret: string;
}

/** Column names that carry secrets, or look like they might (the brief's patterns, case-insensitive). */
const SECRET_LIKE = [/hash(es)?$/i, /enc$/i, /^secret/i, /token/i];

/**
 * Columns whose names match SECRET_LIKE but hold no secret, and that the Core API already shows
 * on the type of the same name (checked below against schema.graphql): a lifetime, an auth method
 * name, an ID-token signing alg, and the shown first characters of a secret.
 */
const PUBLIC_BY_CONTRACT = new Set([
  'Issuer.accessTokenTtlSeconds',
  'Client.accessTokenTtlSeconds',
  'Client.tokenEndpointAuthMethod',
  'Client.idTokenSignedResponseAlg',
  'Client.secretPrefix',
  'AgentVerifier.secretPrefix',
  'Resource.accessTokenTtlSeconds',
  'Resource.singleUseApprovalTokens',
  'Client.dpopBoundAccessTokens',
  'Agent.dpopBoundAccessTokens',
]);

const datamodel = getDatamodel().datamodel.models as unknown as Record<string, { fields: readonly { name: string; kind: string }[] }>;
const secretColumns = Object.entries(datamodel).flatMap(([model, { fields }]) =>
  fields.filter((f) => f.kind !== 'object' && SECRET_LIKE.some((p) => p.test(f.name))).map((f) => ({ model, field: f.name })),
);

describe('the payload registry', () => {
  it('has exactly one builder per event type (a new event type without a builder fails here)', () => {
    expect(Object.keys(EVENT_PAYLOADS).sort()).toEqual([...EVENT_TYPES].sort());
    for (const type of EVENT_TYPES) expect(typeof EVENT_PAYLOADS[type]).toBe('function');
  });

  it('finds the secret-bearing columns in the Prisma datamodel, and the public exemptions are fields of the Core API', () => {
    const names = secretColumns.map((c) => `${c.model}.${c.field}`);
    // the walk sees the columns this issue is about (so a broken pattern cannot pass silently)
    for (const expected of [
      'User.passwordHash',
      'User.totpSecretEnc',
      'User.backupCodeHashes',
      'Client.secretHash',
      'Client.previousSecretHash',
      'ApiKey.secretHash',
      'PersonalToken.secretHash',
      'Invitation.tokenHash',
      'Session.cookieHash',
      'RefreshToken.tokenHash',
      'AuthorizationCode.codeHash',
      'SigningKey.privateJwkEnc',
      'WebhookEndpoint.secretEnc',
      'WebhookEndpoint.previousSecretEnc',
      'AgentVerifier.secretHash',
      'IdempotencyRecord.requestHash',
      'BackchannelRequest.authReqIdHash',
      'BackchannelRequest.notificationTokenEnc',
    ]) {
      expect(names).toContain(expected);
    }
    const schema = readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8');
    for (const exempt of PUBLIC_BY_CONTRACT) {
      const [type, field] = exempt.split('.') as [string, string];
      expect(names).toContain(exempt);
      const block = new RegExp(`\\ntype ${type} [^{]*\\{([^}]*)\\}`).exec(schema)?.[1] ?? '';
      expect(block, `${exempt} is shown by the Core API`).toMatch(new RegExp(`\\n  ${field}: `));
    }
  });

  it('copies only the fields it names: a column added to a row reaches no payload', () => {
    const now = new Date();
    const row = {
      id: 'key_x',
      accountId: 'acct_x',
      organizationId: null,
      name: 'k',
      secretHash: 'deadbeef'.repeat(8),
      prefix: 'abcdef',
      createdById: null,
      scopes: [],
      ipAllowlist: [],
      rateLimit: null,
      rateLimitWindowSeconds: null,
      expiresAt: null,
      lastUsedAt: null,
      status: 'active',
      revokedAt: null,
      createdAt: now,
      futureSecretColumn: 'must-not-leak',
    } as ApiKey & { futureSecretColumn: string };
    const data = eventData('api-key.created', { apiKey: row }) as Obj;
    expect(data).not.toHaveProperty('secretHash');
    expect(data).not.toHaveProperty('futureSecretColumn');
    expect(data).toMatchObject({ id: 'key_x', prefix: 'abcdef', createdAt: now.toISOString() });
  });
});

describe('no event payload carries a secret', () => {
  let server: TestServer;
  let issuerId: string;
  let issuerUrl: string;
  /** everything handed out once that must never reappear */
  const handedOut: string[] = [];
  const _counter = 0;

  async function m(field: string, input: Obj, select = ''): Promise<Obj> {
    const inputType = `${field[0]!.toUpperCase()}${field.slice(1)}Input`;
    const doc = `mutation Drive($input: ${inputType}!) { ${field}(input: $input) { __typename ... on Error { code message } ${select} } }`;
    const data = await server.gql.request<Record<string, Obj>, { input: Obj }>(doc, { input });
    const payload = data[field]!;
    if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
    return payload;
  }
  const id = (payload: Obj, key: string) => (payload[key] as Obj).id as string;

  async function post(path: string, params: Record<string, string>, caller: Caller): Promise<{ status: number; json: Obj }> {
    const response = await fetch(`${issuerUrl}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${caller.id}:${caller.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams(params),
    });
    const text = await response.text();
    return { status: response.status, json: text ? (JSON.parse(text) as Obj) : {} };
  }

  function keep(...secrets: unknown[]) {
    for (const s of secrets) if (typeof s === 'string' && s.length >= 8) handedOut.push(s);
  }

  beforeAll(async () => {
    server = await startServer({ WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true' });
    const REDIRECT = 'https://app.example.com/callback';
    const STRONG = 'violet-anchor-quartz-88';
    keep(server.keySecret, STRONG);

    // issuer, clients, signing keys
    issuerId = id(await m('createIssuer', { name: 'Payloads' }, '... on CreateIssuerPayload { issuer { id } }'), 'issuer');
    issuerUrl = `${server.app.publicUrl()}/${issuerId}`;
    await m('updateIssuer', { id: issuerId, name: 'Payloads 2' }, '... on UpdateIssuerPayload { issuer { id } }');
    const clientScopes = ['openid', 'profile', 'invoices:read', 'members:read'];
    const createdWeb = await m(
      'createClient',
      { issuerId, name: 'web', redirectUris: [REDIRECT], scopes: clientScopes },
      '... on CreateClientPayload { secret client { id } }',
    );
    const rotated = await m('rotateClientSecret', { id: id(createdWeb, 'client') }, '... on RotateClientSecretPayload { secret }');
    const web = { id: id(createdWeb, 'client'), secret: rotated.secret as string };
    keep(createdWeb.secret, rotated.secret);
    const createdM2m = await m(
      'createClient',
      { issuerId, name: 'm2m', type: 'M2M', scopes: ['invoices:read'] },
      '... on CreateClientPayload { secret client { id } }',
    );
    const m2m = { id: id(createdM2m, 'client'), secret: createdM2m.secret as string };
    keep(m2m.secret);
    await m('rotateSigningKeys', { issuerId }, '... on RotateSigningKeysPayload { __typename }');

    // organizations
    const org = id(
      await m(
        'createOrganization',
        { issuerId, name: 'Acme', domains: ['acme.example'] },
        '... on CreateOrganizationPayload { organization { id } }',
      ),
      'organization',
    );
    const org2 = id(
      await m('createOrganization', { issuerId, name: 'Beta' }, '... on CreateOrganizationPayload { organization { id } }'),
      'organization',
    );
    await m(
      'updateOrganization',
      { id: org, name: 'Acme Inc', metadata: { tier: 'gold' } },
      '... on UpdateOrganizationPayload { organization { id } }',
    );
    await m('suspendOrganization', { id: org2, reason: 'billing' }, '... on SuspendOrganizationPayload { organization { id } }');
    await m('reactivateOrganization', { id: org2 }, '... on ReactivateOrganizationPayload { organization { id } }');

    // users and their credentials
    const userSelect = '... on CreateUserPayload { user { id } }';
    const alice = id(await m('createUser', { issuerId, username: 'alice@acme.example' }, userSelect), 'user');
    await m('updateUser', { id: alice, firstName: 'Alice' }, '... on UpdateUserPayload { user { id } }');
    await m('setUserPassword', { userId: alice, password: STRONG }, '... on SetUserPasswordPayload { user { id } }');
    const enrolled = await m('enrollTotp', { userId: alice }, '... on EnrollTotpPayload { secret otpauthUri }');
    keep(enrolled.secret, enrolled.otpauthUri);
    const totp = new TOTP({ secret: Secret.fromBase32(enrolled.secret as string), algorithm: 'SHA1', digits: 6, period: 30 });
    await m('verifyTotp', { userId: alice, code: totp.generate() }, '... on VerifyTotpPayload { user { id } }');
    const codes = (await m('regenerateBackupCodes', { userId: alice }, '... on RegenerateBackupCodesPayload { codes }')).codes as string[];
    keep(...codes);
    expect((await server.app.services.credentials.useBackupCode(alice, codes[0]!)).ok).toBe(true);
    await m('disableTotp', { userId: alice }, '... on DisableTotpPayload { user { id } }');
    for (let i = 0; i < 5; i++) await server.app.services.credentials.verifyPassword(issuerId, 'alice@acme.example', `wrong-password-${i}`);
    const bob = id(await m('createUser', { issuerId, username: 'bob@acme.example' }, userSelect), 'user');

    // memberships, invitations
    const membership = id(
      await m(
        'createMembership',
        { organizationId: org, memberId: bob, scopes: ['invoices:read', 'members:read'] },
        '... on CreateMembershipPayload { membership { id } }',
      ),
      'membership',
    );
    await m(
      'createMembership',
      { organizationId: org2, memberId: bob, scopes: ['invoices:read'] },
      '... on CreateMembershipPayload { membership { id } }',
    );
    await m('updateMembership', { id: membership, title: 'Accountant' }, '... on UpdateMembershipPayload { membership { id } }');
    const invited = await m(
      'createInvitation',
      { organizationId: org, email: 'carol@acme.example', scopes: ['invoices:read'] },
      '... on CreateInvitationPayload { token acceptUrl invitation { id } }',
    );
    keep(invited.token);
    // accepting is the invitee's act: carol signs up on the hosted invitation page
    keep(TEST_PASSWORD);
    expect((await acceptBySignUp(invited.acceptUrl as string, TEST_PASSWORD)).res.status).toBeLessThan(400);
    const revokedInvitation = await m(
      'createInvitation',
      { organizationId: org, email: 'dave@acme.example', scopes: ['invoices:read'] },
      '... on CreateInvitationPayload { token invitation { id } }',
    );
    keep(revokedInvitation.token);
    await m('revokeInvitation', { id: id(revokedInvitation, 'invitation') }, '... on RevokeInvitationPayload { __typename }');

    // API keys, personal tokens, agents
    const key = await m(
      'createApiKey',
      { organizationId: org, name: 'backend', scopes: ['members:read'] },
      '... on CreateApiKeyPayload { secret token apiKey { id } }',
    );
    keep(key.secret, key.token);
    const keyId = id(key, 'apiKey');
    expect(
      (
        await fetch(`${server.url}/v1/me`, {
          headers: { authorization: `Basic ${Buffer.from(`${keyId}:${key.secret as string}`).toString('base64')}` },
        })
      ).status,
    ).toBe(200);
    await m('revokeApiKey', { id: keyId }, '... on RevokeApiKeyPayload { __typename }');
    const pat = await m(
      'createPersonalToken',
      { userId: bob, organizationId: org, name: 'script', scopes: ['invoices:read'] },
      '... on CreatePersonalTokenPayload { token personalToken { id } }',
    );
    keep(pat.token);
    await m('revokePersonalToken', { id: id(pat, 'personalToken') }, '... on RevokePersonalTokenPayload { __typename }');
    const agent = id(
      await m('createAgent', { issuerId, name: 'Agent', scopes: ['invoices:read'] }, '... on CreateAgentPayload { agent { id } }'),
      'agent',
    );
    await m('updateAgent', { id: agent, description: 'reads invoices' }, '... on UpdateAgentPayload { agent { id } }');
    const verifier = await m(
      'createAgentVerifier',
      { agentId: agent, type: 'SECRET' },
      '... on CreateAgentVerifierPayload { secret verifier { id } }',
    );
    keep(verifier.secret);
    await m('revokeAgentVerifier', { id: id(verifier, 'verifier') }, '... on RevokeAgentVerifierPayload { __typename }');

    // tokens: client_credentials (token.issued), revocation (token.revoked)
    const machine = await post('/token', { grant_type: 'client_credentials' }, m2m);
    keep(machine.json.access_token);
    expect((await post('/revoke', { token: machine.json.access_token as string }, m2m)).status).toBe(200);

    // sessions: sign-in, code exchange, refresh, organization switch, reuse (compromised), revocation
    const issuer = (await server.app.services.principals.issuer(issuerId))!;
    const signIn = async () => {
      const { session, cookie } = await server.app.services.sessions.signIn({
        issuer,
        userId: bob,
        clientId: null,
        amr: ['pwd'],
        device: { userAgent: 'vitest', ip: '203.0.113.9' },
      });
      keep(cookie);
      const verifierCode = oidc.randomPKCECodeVerifier();
      const code = await server.app.services.sessions.issueCode({
        session,
        clientId: web.id,
        redirectUri: REDIRECT,
        scope: 'openid profile',
        nonce: null,
        codeChallenge: createHash('sha256').update(verifierCode).digest('base64url'),
        codeChallengeMethod: 'S256',
      });
      keep(code, verifierCode);
      const tokens = await post(
        '/token',
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifierCode },
        web,
      );
      expect(tokens.status).toBe(200);
      keep(tokens.json.access_token, tokens.json.refresh_token, tokens.json.id_token);
      return { session, tokens: tokens.json };
    };
    const first = await signIn();
    const refreshed = await post('/token', { grant_type: 'refresh_token', refresh_token: first.tokens.refresh_token as string }, web);
    keep(refreshed.json.access_token, refreshed.json.refresh_token, refreshed.json.id_token);
    const switched = await post(
      '/token',
      { grant_type: 'refresh_token', refresh_token: refreshed.json.refresh_token as string, organization_id: org2 },
      web,
    );
    expect(switched.status, JSON.stringify(switched.json)).toBe(200);
    keep(switched.json.access_token, switched.json.refresh_token, switched.json.id_token);
    await m('switchOrganization', { sessionId: first.session.id, organizationId: org }, '... on SwitchOrganizationPayload { __typename }');
    expect((await post('/token', { grant_type: 'refresh_token', refresh_token: first.tokens.refresh_token as string }, web)).status).toBe(
      400,
    ); // reuse: compromised
    const second = await signIn();
    await m('revokeSession', { id: second.session.id }, '... on RevokeSessionPayload { __typename }');

    // a client edited, and a guessing attack on the M2M client's secret (credential.guessing-suspected)
    await m('updateClient', { id: web.id, name: 'web renamed' }, '... on UpdateClientPayload { __typename }');
    for (let i = 0; i < 12; i++)
      await post('/token', { grant_type: 'client_credentials' }, { id: m2m.id, secret: `wrong-secret-${i}-wrong-secret-wrong` });

    // resources (RFC 8707), blocking a client, a user's consent grant (remembered, widened, revoked)
    const resource = id(
      await m(
        'createResource',
        { issuerId, name: 'Notes', identifier: 'https://notes.example.com/mcp', scopes: ['notes:read'] },
        '... on CreateResourcePayload { resource { id } }',
      ),
      'resource',
    );
    await m('updateResource', { id: resource, scopes: ['notes:read', 'notes:write'] }, '... on UpdateResourcePayload { __typename }');
    await m('deleteResource', { id: resource }, '... on DeleteResourcePayload { __typename }');
    await m('blockClient', { id: web.id, reason: 'review' }, '... on BlockClientPayload { __typename }');
    await m('unblockClient', { id: web.id }, '... on UnblockClientPayload { __typename }');
    const consent = { accountId: issuer.accountId, issuerId, userId: bob, clientId: web.id, resources: [] };
    await server.app.services.grants.remember({ ...consent, scopes: ['openid'] });
    const grant = await server.app.services.grants.remember({ ...consent, scopes: ['invoices:read'] });
    await m('revokeGrant', { id: grant.id }, '... on RevokeGrantPayload { __typename }');

    // humans approve what agents do (CIBA, ping mode: approval.requested, approval.decided and the
    // approval's delegation.created), and a delegation made and revoked in the graph
    const approver = id(
      await m(
        'createAgent',
        {
          issuerId,
          name: 'Approver',
          scopes: ['invoices:read'],
          metadata: { backchannel_client_notification_endpoint: 'http://127.0.0.1:9/ciba' },
        },
        '... on CreateAgentPayload { agent { id } }',
      ),
      'agent',
    );
    const approverSecret = (
      await m('createAgentVerifier', { agentId: approver, type: 'SECRET' }, '... on CreateAgentVerifierPayload { secret }')
    ).secret as string;
    keep(approverSecret);
    const approverCaller = { id: approver, secret: approverSecret };
    const notificationToken = 'ciba-notification-token-5d1e';
    keep(notificationToken);
    const asked = await post(
      '/bc-authorize',
      {
        scope: 'openid invoices:read',
        login_hint: 'bob@acme.example',
        binding_message: 'PAY-7',
        authorization_details: JSON.stringify([{ type: 'payment', amount: '1.00', currency: 'EUR' }]),
        client_notification_token: notificationToken,
      },
      approverCaller,
    );
    expect(asked.status, JSON.stringify(asked.json)).toBe(200);
    keep(asked.json.auth_req_id);
    const { cookie: bobCookie } = await server.app.services.sessions.signIn({
      issuer,
      userId: bob,
      clientId: null,
      amr: ['pwd'],
      device: { userAgent: 'vitest', ip: '203.0.113.9' },
    });
    keep(bobCookie);
    const pending = (await server.app.db.prisma.backchannelRequest.findFirst({ where: { issuerId, bindingMessage: 'PAY-7' } }))!;
    const approvalPage = await (
      await fetch(`${issuerUrl}/approve?request=${pending.id}`, { headers: { cookie: `ag_session=${bobCookie}` } })
    ).text();
    const csrf = /name="csrf" value="([^"]+)"/.exec(approvalPage)![1]!;
    keep(csrf);
    const approved = await fetch(`${issuerUrl}/approve`, {
      method: 'POST',
      headers: { cookie: `ag_session=${bobCookie}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ request: pending.id, csrf, decision: 'approve' }),
    });
    expect(approved.status).toBe(200);
    const cibaToken = await post(
      '/token',
      { grant_type: 'urn:openid:params:grant-type:ciba', auth_req_id: asked.json.auth_req_id as string },
      approverCaller,
    );
    expect(cibaToken.status, JSON.stringify(cibaToken.json)).toBe(200);
    keep(cibaToken.json.access_token);
    const third = await signIn();
    const delegated = await server.gql.request<Record<string, Obj>, { input: Obj }>(
      'mutation($input: CreateDelegationInput!) { createDelegation(input: $input) { __typename ... on CreateDelegationPayload { delegation { id } } ... on Error { code message } } }',
      { input: { agentId: approver, scopes: [] } },
      { authorization: `Bearer ${third.tokens.access_token as string}` },
    );
    const delegation = id(delegated.createDelegation!, 'delegation');
    await m('revokeDelegation', { id: delegation }, '... on RevokeDelegationPayload { __typename }');

    // webhooks
    const hook = await m(
      'createWebhookEndpoint',
      { url: 'http://127.0.0.1:9/hook', eventTypes: ['organization.created'] },
      '... on CreateWebhookEndpointPayload { secret webhookEndpoint { id } }',
    );
    keep(hook.secret);
    const hookId = id(hook, 'webhookEndpoint');
    await m('updateWebhookEndpoint', { id: hookId, description: 'audit' }, '... on UpdateWebhookEndpointPayload { __typename }');
    keep((await m('rotateWebhookSecret', { id: hookId }, '... on RotateWebhookSecretPayload { secret }')).secret);
    await m('sendTestEvent', { endpointId: hookId }, '... on SendTestEventPayload { __typename }');
    await m('disableWebhookEndpoint', { id: hookId, reason: 'maintenance' }, '... on DisableWebhookEndpointPayload { __typename }');
    await m('enableWebhookEndpoint', { id: hookId }, '... on EnableWebhookEndpointPayload { __typename }');
    await m('deleteWebhookEndpoint', { id: hookId }, '... on DeleteWebhookEndpointPayload { __typename }');

    // deletions
    await m('deleteMembership', { id: membership }, '... on DeleteMembershipPayload { __typename }');
    await m('deleteUser', { id: alice }, '... on DeleteUserPayload { __typename }');
    await m('deleteOrganization', { id: org2 }, '... on DeleteOrganizationPayload { __typename }');
    await server.app.flushMetered();
    // the drive covers every event type (resources, client blocks and grants too): minutes on a loaded machine
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('every event type was emitted by the drive (so the checks below cover them all)', async () => {
    const types = new Set((await server.app.db.prisma.event.findMany({ select: { type: true } })).map((e) => e.type));
    expect([...EVENT_TYPES].filter((t) => !types.has(t))).toEqual([]);
  });

  it('no payload of any event type names a secret-bearing column or contains a secret value', async () => {
    const prisma = server.app.db.prisma as unknown as Record<string, { findMany(args: unknown): Promise<Obj[]> }>;
    const forbiddenKeys = new Set(secretColumns.filter((c) => !PUBLIC_BY_CONTRACT.has(`${c.model}.${c.field}`)).map((c) => c.field));
    // the stored values of every secret-bearing column, from every table
    const storedSecrets: string[] = [];
    for (const { model, field } of secretColumns) {
      if (PUBLIC_BY_CONTRACT.has(`${model}.${field}`)) continue;
      const delegate = prisma[`${model[0]!.toLowerCase()}${model.slice(1)}`]!;
      for (const row of await delegate.findMany({ select: { [field]: true } })) {
        const value = row[field];
        for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string' && v.length >= 8) storedSecrets.push(v);
      }
    }
    expect(storedSecrets.length).toBeGreaterThan(10);
    expect(handedOut.length).toBeGreaterThan(20);
    const secrets = [...storedSecrets, ...handedOut];

    const events = await server.app.db.prisma.event.findMany({ select: { id: true, type: true, data: true } });
    const leaks: string[] = [];
    const walk = (value: unknown, path: string, type: string) => {
      if (typeof value === 'string') {
        for (const s of secrets) if (value.includes(s)) leaks.push(`${type} ${path}: contains a secret value`);
      } else if (Array.isArray(value)) {
        value.forEach((v, i) => walk(v, `${path}[${i}]`, type));
      } else if (value && typeof value === 'object') {
        for (const [k, v] of Object.entries(value)) {
          if (forbiddenKeys.has(k)) leaks.push(`${type} ${path}.${k}: names a secret column`);
          walk(k, `${path}{key}`, type);
          walk(v, `${path}.${k}`, type);
        }
      }
    };
    for (const e of events) walk(e.data, 'data', e.type);
    expect(leaks).toEqual([]);
    expect(events.length).toBeGreaterThan(EVENT_TYPES.length);
  });

  it('object payloads keep their public fields (webhook consumers are not broken)', async () => {
    // (not the bootstrap key's api-key.created, whose actor is the system)
    const one = async (type: string) =>
      (await server.app.db.prisma.event.findFirstOrThrow({ where: { type, actorType: { not: 'system' } } })).data as Obj;
    expect(Object.keys(await one('organization.created')).sort()).toEqual(
      [
        'contactEmail',
        'contactPhone',
        'createdAt',
        'customFields',
        'defaultMemberScopes',
        'domains',
        'id',
        'issuerId',
        'memberLimit',
        'metadata',
        'mfaPolicy',
        'name',
        'orgType',
        'slug',
        'ssoOnly',
        'status',
        'suspendedAt',
        'updatedAt',
      ].sort(),
    );
    expect(await one('session.created')).toMatchObject({
      sessionId: expect.any(String),
      userId: expect.any(String),
      ip: '203.0.113.9',
      userAgent: 'vitest',
      status: 'active',
    });
    expect(Object.keys(await one('api-key.created'))).toEqual(
      expect.arrayContaining(['id', 'name', 'prefix', 'scopes', 'organizationId', 'status']),
    );
  });
});
