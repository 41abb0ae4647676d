/**
 * Two issuers, three organizations and one of every kind of object and credential in each, made
 * through the real GraphQL API and the real token endpoint (sign-in codes come from the session
 * service, as the hosted page makes them). The authorization tests (issue 9) attack tenant A with
 * its own credentials and look for anything of B (same issuer) or C (issuer 2).
 *
 * Every object made here is recorded in `owners` (id → type, issuer, organization or null for an
 * issuer-level object) so a test can tell at once whether an id it saw belongs to another tenant.
 */
import { createHash } from 'node:crypto';
import { newId } from '../../src/lib/ids.js';
import * as oidc from 'openid-client';
import { basic } from './graphql.js';
import { ask } from './state.js';
import type { TestServer } from './server.js';

/** The nine management scopes (KERNEL-SPEC "Holder grant"). */
export const MANAGEMENT_SCOPES = [
  'org:read',
  'org:write',
  'members:read',
  'members:write',
  'invitations:read',
  'invitations:write',
  'api-keys:read',
  'api-keys:write',
  'events:read',
] as const;
/** Data scopes used next to them. */
export const DATA_SCOPES = ['invoices:read', 'invoices:write'] as const;
export const ALL_SCOPES = [...MANAGEMENT_SCOPES, ...DATA_SCOPES];

export const REDIRECT = 'https://app.example.com/callback';

export interface Owner {
  /** the GraphQL type name */
  type: string;
  issuerId: string | null;
  /** null: an issuer-level (or account-level) object, not inside one organization */
  organizationId: string | null;
  /** what the object is, for failure messages */
  label: string;
}

/** How a credential is presented: the Authorization header value. */
export interface Credential {
  name: string;
  authorization: string;
  /** the credential's own id (key_…, ptk_…, jti) when known */
  id?: string;
}

export interface Tenant {
  issuerId: string;
  organizationId: string;
  /** a user, member of this organization only, holding every scope in ALL_SCOPES */
  userId: string;
  userEmail: string;
  membershipId: string;
  agentId: string;
  agentSecret: string;
  agentMembershipId: string;
  invitationId: string;
  apiKeyId: string;
  apiKeySecret: string;
  personalTokenId: string;
  personalToken: string;
  m2mClientId: string;
  m2mSecret: string;
  sessionId: string;
  webhookEndpointId: string;
}

export interface World {
  issuer1: string;
  issuer2: string;
  /** tenant A and B in issuer 1, C in issuer 2 */
  A: Tenant;
  B: Tenant;
  C: Tenant;
  /** issuer-level objects: a web client per issuer, a user with no membership per issuer */
  web1: { id: string; secret: string };
  web2: { id: string; secret: string };
  loneUser1: string;
  loneUser2: string;
  accountWebhookEndpointId: string;
  owners: Map<string, Owner>;
}

type Obj = Record<string, any>;

let counter = 0;
const unique = (p: string) => `${p}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

/** Runs a mutation with the admin key and returns its payload, failing on anything but a *Payload. */
export async function adminMutate(server: TestServer, field: string, inputType: string, input: Obj, selection: string): Promise<Obj> {
  const data = await ask(
    server.gql,
    `mutation Seed_${field}($input: ${inputType}!) { ${field}(input: $input) { __typename ... on Error { code message } ... on ${field[0]!.toUpperCase()}${field.slice(1)}Payload { ${selection} } } }`,
    { input },
  );
  const payload = data[field];
  if (!String(payload.__typename).endsWith('Payload')) throw new Error(`${field} failed: ${JSON.stringify(payload)}`);
  return payload;
}

/** POSTs a form to an endpoint of the issuer with HTTP Basic client authentication. */
export async function postForm(
  server: TestServer,
  issuerId: string,
  path: string,
  params: Record<string, string>,
  client: { id: string; secret: string },
): Promise<{ status: number; json: Obj }> {
  const response = await fetch(`${server.app.publicUrl()}/${issuerId}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.id, client.secret) },
    body: new URLSearchParams(params),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}

/** The user signs in (hosted-page equivalent) and the web client redeems a code (PKCE). */
export async function userAccessToken(
  server: TestServer,
  issuerId: string,
  web: { id: string; secret: string },
  userId: string,
  scope = 'openid profile email',
) {
  const row = (await server.app.services.principals.issuer(issuerId))!;
  const { session } = await server.app.services.sessions.signIn({
    issuer: row,
    userId,
    clientId: null,
    amr: ['pwd'],
    device: { userAgent: 'vitest', ip: '127.0.0.1' },
  });
  const verifier = oidc.randomPKCECodeVerifier();
  const code = await server.app.services.sessions.issueCode({
    session,
    clientId: web.id,
    redirectUri: REDIRECT,
    scope,
    nonce: null,
    codeChallenge: createHash('sha256').update(verifier).digest('base64url'),
    codeChallengeMethod: 'S256',
  });
  const answer = await postForm(
    server,
    issuerId,
    '/token',
    { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier },
    web,
  );
  if (answer.status !== 200) throw new Error(`code exchange failed: ${JSON.stringify(answer.json)}`);
  return {
    sessionId: session.id as string,
    accessToken: answer.json.access_token as string,
    refreshToken: answer.json.refresh_token as string,
    scope: answer.json.scope as string,
  };
}

/** client_credentials for an M2M client or an agent (agt_… + verifier secret). */
export async function clientCredentialsToken(
  server: TestServer,
  issuerId: string,
  caller: { id: string; secret: string },
  extra: Record<string, string> = {},
): Promise<string> {
  const answer = await postForm(server, issuerId, '/token', { grant_type: 'client_credentials', ...extra }, caller);
  if (answer.status !== 200) throw new Error(`client_credentials failed for ${caller.id}: ${JSON.stringify(answer.json)}`);
  return answer.json.access_token as string;
}

/**
 * The user's consent that the agent acts for them (a Delegation: token exchange needs one; made in
 * the graph by createDelegation or a CIBA approval, seeded directly here), for `scopes` (default
 * ALL_SCOPES) and an hour.
 */
export async function seedDelegation(
  server: TestServer,
  issuerId: string,
  userId: string,
  agentId: string,
  scopes: readonly string[] = ALL_SCOPES,
): Promise<string> {
  const { accountId } = (await server.app.db.prisma.issuer.findUnique({ where: { id: issuerId }, select: { accountId: true } }))!;
  const row = await server.app.db.prisma.delegation.create({
    data: {
      id: newId('delegation'),
      accountId,
      issuerId,
      userId,
      agentId,
      scopes: [...scopes],
      expiresAt: new Date(Date.now() + 3_600_000),
    },
    select: { id: true },
  });
  return row.id;
}

/** RFC 8693: the agent exchanges the user's access token for a delegated one. */
export async function exchangeToken(
  server: TestServer,
  issuerId: string,
  agent: { id: string; secret: string },
  subjectToken: string,
  extra: Record<string, string> = {},
) {
  return postForm(
    server,
    issuerId,
    '/token',
    {
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      subject_token: subjectToken,
      subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      ...extra,
    },
    agent,
  );
}

export async function createWebClient(
  server: TestServer,
  issuerId: string,
  scopes: string[] = ['openid', 'profile', 'email', 'offline_access', ...ALL_SCOPES],
) {
  const p = await adminMutate(
    server,
    'createClient',
    'CreateClientInput',
    { issuerId, name: unique('web'), redirectUris: [REDIRECT], scopes },
    'secret client { id }',
  );
  return { id: p.client.id as string, secret: p.secret as string };
}

async function seedTenant(
  server: TestServer,
  issuerId: string,
  label: string,
  owners: Map<string, Owner>,
  webhookUrl: string,
): Promise<Tenant> {
  const own = (id: string, type: string, what: string, organizationId: string | null = null) =>
    owners.set(id, { type, issuerId, organizationId, label: `${label}:${what}` });
  const org = await adminMutate(
    server,
    'createOrganization',
    'CreateOrganizationInput',
    { issuerId, name: unique(`Org ${label}`), domains: [`${label.toLowerCase()}-${counter++}.example.com`] },
    'organization { id }',
  );
  const organizationId = org.organization.id as string;
  own(organizationId, 'Organization', 'organization', organizationId);
  const userEmail = `${unique(`member-${label.toLowerCase()}`)}@example.com`;
  const user = await adminMutate(
    server,
    'createUser',
    'CreateUserInput',
    { issuerId, username: userEmail, email: userEmail, emailVerified: true, firstName: label },
    'user { id }',
  );
  const userId = user.user.id as string;
  own(userId, 'User', 'member user', organizationId);
  const membership = await adminMutate(
    server,
    'createMembership',
    'CreateMembershipInput',
    { organizationId, memberId: userId, scopes: ALL_SCOPES },
    'membership { id }',
  );
  own(membership.membership.id, 'Membership', 'user membership', organizationId);
  const agent = await adminMutate(
    server,
    'createAgent',
    'CreateAgentInput',
    { issuerId, name: unique(`agent ${label}`), scopes: ALL_SCOPES },
    'agent { id }',
  );
  const agentId = agent.agent.id as string;
  own(agentId, 'Agent', 'member agent', organizationId);
  const verifier = await adminMutate(
    server,
    'createAgentVerifier',
    'CreateAgentVerifierInput',
    { agentId, type: 'SECRET' },
    'secret verifier { id }',
  );
  own(verifier.verifier.id, 'AgentVerifier', 'agent verifier', organizationId);
  const agentMembership = await adminMutate(
    server,
    'createMembership',
    'CreateMembershipInput',
    { organizationId, memberId: agentId, scopes: ALL_SCOPES },
    'membership { id }',
  );
  own(agentMembership.membership.id, 'Membership', 'agent membership', organizationId);
  const invitation = await adminMutate(
    server,
    'createInvitation',
    'CreateInvitationInput',
    { organizationId, email: `${unique('invitee')}@example.com`, scopes: ['invoices:read'] },
    'invitation { id }',
  );
  own(invitation.invitation.id, 'Invitation', 'invitation', organizationId);
  const key = await adminMutate(
    server,
    'createApiKey',
    'CreateApiKeyInput',
    { organizationId, name: unique(`key ${label}`), scopes: ALL_SCOPES },
    'secret apiKey { id }',
  );
  own(key.apiKey.id, 'ApiKey', 'organization API key', organizationId);
  const pat = await adminMutate(
    server,
    'createPersonalToken',
    'CreatePersonalTokenInput',
    { userId, organizationId, name: unique(`pat ${label}`), scopes: ALL_SCOPES },
    'token personalToken { id }',
  );
  own(pat.personalToken.id, 'PersonalToken', 'personal token', organizationId);
  const m2m = await adminMutate(
    server,
    'createClient',
    'CreateClientInput',
    { issuerId, name: unique(`m2m ${label}`), type: 'M2M', organizationId, scopes: ALL_SCOPES },
    'secret client { id }',
  );
  own(m2m.client.id, 'Client', 'M2M client', organizationId);
  // a remembered consent of the member user (grants are made by the hosted consent page; seeded directly)
  const grant = await server.app.db.prisma.grant.create({
    data: { id: newId('grant'), issuerId, userId, clientId: m2m.client.id, scopes: ['openid'] },
    select: { id: true },
  });
  own(grant.id, 'Grant', 'consent grant of the member user', organizationId);
  // the member user's delegation to the member agent in the organization (RFC 8693 may_act, kept
  // server-side: token exchange needs it), seeded directly like the grant
  const { accountId } = (await server.app.db.prisma.issuer.findUnique({ where: { id: issuerId }, select: { accountId: true } }))!;
  const delegation = await server.app.db.prisma.delegation.create({
    data: {
      id: newId('delegation'),
      accountId,
      issuerId,
      userId,
      agentId,
      organizationId,
      scopes: ALL_SCOPES,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    select: { id: true },
  });
  own(delegation.id, 'Delegation', 'delegation of the member user to the member agent', organizationId);
  const endpoint = await adminMutate(
    server,
    'createWebhookEndpoint',
    'CreateWebhookEndpointInput',
    { url: webhookUrl, organizationId, eventTypes: ['organization.updated'] },
    'webhookEndpoint { id }',
  );
  own(endpoint.webhookEndpoint.id, 'WebhookEndpoint', 'organization webhook endpoint', organizationId);
  return {
    issuerId,
    organizationId,
    userId,
    userEmail,
    membershipId: membership.membership.id,
    agentId,
    agentSecret: verifier.secret,
    agentMembershipId: agentMembership.membership.id,
    invitationId: invitation.invitation.id,
    apiKeyId: key.apiKey.id,
    apiKeySecret: key.secret,
    personalTokenId: pat.personalToken.id,
    personalToken: pat.token,
    m2mClientId: m2m.client.id,
    m2mSecret: m2m.secret,
    sessionId: '',
    webhookEndpointId: endpoint.webhookEndpoint.id,
  };
}

/**
 * Seeds the world. The server should run with WEBHOOK_ALLOW_PRIVATE_NETWORKS=true (webhook
 * endpoints point at a closed local port; their deliveries fail, which is all we need).
 */
export async function seedWorld(server: TestServer): Promise<World> {
  const owners = new Map<string, Owner>();
  const webhookUrl = 'http://127.0.0.1:9/hook';
  const issuer1 = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: unique('Issuer 1') }, 'issuer { id }')).issuer
    .id as string;
  const issuer2 = (await adminMutate(server, 'createIssuer', 'CreateIssuerInput', { name: unique('Issuer 2') }, 'issuer { id }')).issuer
    .id as string;
  owners.set(issuer1, { type: 'Issuer', issuerId: issuer1, organizationId: null, label: 'issuer 1' });
  owners.set(issuer2, { type: 'Issuer', issuerId: issuer2, organizationId: null, label: 'issuer 2' });
  const A = await seedTenant(server, issuer1, 'A', owners, webhookUrl);
  const B = await seedTenant(server, issuer1, 'B', owners, webhookUrl);
  const C = await seedTenant(server, issuer2, 'C', owners, webhookUrl);
  const web1 = await createWebClient(server, issuer1);
  const web2 = await createWebClient(server, issuer2);
  owners.set(web1.id, { type: 'Client', issuerId: issuer1, organizationId: null, label: 'issuer 1:web client' });
  owners.set(web2.id, { type: 'Client', issuerId: issuer2, organizationId: null, label: 'issuer 2:web client' });
  for (const [issuerId, label] of [
    [issuer1, 'issuer 1:resource'],
    [issuer2, 'issuer 2:resource'],
  ] as const) {
    const resource = await adminMutate(
      server,
      'createResource',
      'CreateResourceInput',
      { issuerId, name: unique('api'), identifier: `https://${unique('api')}.example.com/` },
      'resource { id }',
    );
    owners.set(resource.resource.id, { type: 'Resource', issuerId, organizationId: null, label });
  }
  const lone = async (issuerId: string, label: string) => {
    const email = `${unique('lone')}@example.com`;
    const id = (await adminMutate(server, 'createUser', 'CreateUserInput', { issuerId, username: email, email }, 'user { id }')).user
      .id as string;
    owners.set(id, { type: 'User', issuerId, organizationId: null, label });
    return id;
  };
  const loneUser1 = await lone(issuer1, 'issuer 1:user without membership');
  const loneUser2 = await lone(issuer2, 'issuer 2:user without membership');
  const accountEndpoint = await adminMutate(
    server,
    'createWebhookEndpoint',
    'CreateWebhookEndpointInput',
    { url: webhookUrl, eventTypes: ['organization.updated'] },
    'webhookEndpoint { id }',
  );
  owners.set(accountEndpoint.webhookEndpoint.id, {
    type: 'WebhookEndpoint',
    issuerId: null,
    organizationId: null,
    label: 'account webhook endpoint',
  });
  const accountKey = await adminMutate(server, 'createApiKey', 'CreateApiKeyInput', { name: unique('account key') }, 'apiKey { id }');
  owners.set(accountKey.apiKey.id, {
    type: 'ApiKey',
    issuerId: null,
    organizationId: null,
    label: 'a second account API key (never used)',
  });

  // a session per tenant user (the user token of B and C is never used: only its session exists)
  for (const [t, web, label] of [
    [A, web1, 'A'],
    [B, web1, 'B'],
    [C, web2, 'C'],
  ] as const) {
    const { sessionId } = await userAccessToken(server, t.issuerId, web, t.userId);
    t.sessionId = sessionId;
    owners.set(sessionId, { type: 'Session', issuerId: t.issuerId, organizationId: t.organizationId, label: `${label}:session` });
  }

  // a user and an agent in both A and B: what they hold and do in B is B's
  const sharedEmail = `${unique('shared')}@example.com`;
  const sharedUser = (
    await adminMutate(
      server,
      'createUser',
      'CreateUserInput',
      { issuerId: issuer1, username: sharedEmail, email: sharedEmail },
      'user { id }',
    )
  ).user.id as string;
  owners.set(sharedUser, { type: 'User', issuerId: issuer1, organizationId: A.organizationId, label: 'A+B:user in both' });
  const sharedAgent = (
    await adminMutate(
      server,
      'createAgent',
      'CreateAgentInput',
      { issuerId: issuer1, name: unique('shared agent'), scopes: ALL_SCOPES },
      'agent { id }',
    )
  ).agent.id as string;
  owners.set(sharedAgent, { type: 'Agent', issuerId: issuer1, organizationId: A.organizationId, label: 'A+B:agent in both' });
  for (const [t, label] of [
    [A, 'A'],
    [B, 'B'],
  ] as const) {
    for (const [member, what] of [
      [sharedUser, 'user'],
      [sharedAgent, 'agent'],
    ] as const) {
      const m = await adminMutate(
        server,
        'createMembership',
        'CreateMembershipInput',
        { organizationId: t.organizationId, memberId: member, scopes: ALL_SCOPES },
        'membership { id }',
      );
      owners.set(m.membership.id, {
        type: 'Membership',
        issuerId: issuer1,
        organizationId: t.organizationId,
        label: `${label}:membership of the ${what} in both`,
      });
    }
    const pat = await adminMutate(
      server,
      'createPersonalToken',
      'CreatePersonalTokenInput',
      { userId: sharedUser, organizationId: t.organizationId, name: unique(`shared pat ${label}`), scopes: ['invoices:read'] },
      'personalToken { id }',
    );
    owners.set(pat.personalToken.id, {
      type: 'PersonalToken',
      issuerId: issuer1,
      organizationId: t.organizationId,
      label: `${label}:personal token of the user in both`,
    });
    const { sessionId } = await userAccessToken(server, issuer1, web1, sharedUser);
    await adminMutate(
      server,
      'switchOrganization',
      'SwitchOrganizationInput',
      { sessionId, organizationId: t.organizationId },
      'session { id }',
    );
    owners.set(sessionId, {
      type: 'Session',
      issuerId: issuer1,
      organizationId: t.organizationId,
      label: `${label}:session of the user in both`,
    });
  }

  // organization.updated in every tenant: events, and deliveries to each endpoint
  for (const t of [A, B, C])
    await adminMutate(
      server,
      'updateOrganization',
      'UpdateOrganizationInput',
      { id: t.organizationId, name: unique('renamed') },
      'organization { id }',
    );
  await server.app.flushMetered();
  // the relay fans events out to deliveries; on PostgreSQL another pass may hold the cursor, so wait for them
  let deliveries: { id: string; endpointId: string }[] = [];
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
    await server.app.relay.drain();
    deliveries = await server.app.db.prisma.webhookDelivery.findMany({ select: { id: true, endpointId: true } });
    if (new Set(deliveries.map((d) => d.endpointId)).size >= 4) break;
  }
  for (const d of deliveries) {
    const endpoint = owners.get(d.endpointId);
    if (endpoint)
      owners.set(d.id, {
        type: 'WebhookDelivery',
        issuerId: endpoint.issuerId,
        organizationId: endpoint.organizationId,
        label: `${endpoint.label} delivery`,
      });
  }
  await recordEvents(server, owners);
  return {
    issuer1,
    issuer2,
    A,
    B,
    C,
    web1,
    web2,
    loneUser1,
    loneUser2,
    accountWebhookEndpointId: accountEndpoint.webhookEndpoint.id,
    owners,
  };
}

/** Adds every stored event to `owners` (its organization and issuer as the event says). */
export async function recordEvents(server: TestServer, owners: Map<string, Owner>): Promise<void> {
  await server.app.flushMetered();
  const events = await server.app.db.prisma.event.findMany({ select: { id: true, type: true, issuerId: true, organizationId: true } });
  for (const e of events)
    owners.set(e.id, { type: 'Event', issuerId: e.issuerId, organizationId: e.organizationId, label: `event ${e.type}` });
}

/** The seven credential kinds of tenant A (KERNEL-SPEC "Holder grant"), each holding ALL_SCOPES in A. */
export async function credentialsOfA(server: TestServer, world: World): Promise<Credential[]> {
  const { A, issuer1, web1 } = world;
  const user = await userAccessToken(server, issuer1, web1, A.userId);
  const m2m = await clientCredentialsToken(server, issuer1, { id: A.m2mClientId, secret: A.m2mSecret });
  const agent = await clientCredentialsToken(
    server,
    issuer1,
    { id: A.agentId, secret: A.agentSecret },
    { organization_id: A.organizationId },
  );
  const exchanged = await exchangeToken(server, issuer1, { id: A.agentId, secret: A.agentSecret }, user.accessToken);
  if (exchanged.status !== 200) throw new Error(`token exchange failed: ${JSON.stringify(exchanged.json)}`);
  world.owners.set(user.sessionId, {
    type: 'Session',
    issuerId: issuer1,
    organizationId: A.organizationId,
    label: 'A:session (matrix user token)',
  });
  return [
    { name: 'org API key', authorization: basic(A.apiKeyId, A.apiKeySecret), id: A.apiKeyId },
    { name: 'personal token', authorization: `Bearer ${A.personalToken}`, id: A.personalTokenId },
    { name: 'user access token', authorization: `Bearer ${user.accessToken}` },
    { name: 'M2M client token', authorization: `Bearer ${m2m}` },
    { name: 'agent token', authorization: `Bearer ${agent}` },
    { name: 'token-exchange token', authorization: `Bearer ${exchanged.json.access_token as string}` },
  ];
}

/** Sends a GraphQL document with the given Authorization header; returns status and body. */
export async function gqlAs(
  server: TestServer,
  authorization: string,
  query: string,
  variables: Obj = {},
): Promise<{ status: number; data: any; errors?: any[] }> {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json', authorization },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: Obj = {};
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error(`non-JSON response ${response.status}: ${text.slice(0, 200)}`);
  }
  return { status: response.status, data: body.data, ...(body.errors ? { errors: body.errors } : {}) };
}

/** GET /v1/me with the given Authorization header. */
export async function whoami(server: TestServer, authorization: string): Promise<{ status: number; json: Obj }> {
  const response = await fetch(`${server.url}/v1/me`, { headers: { authorization } });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : {} };
}
