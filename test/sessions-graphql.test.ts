/**
 * Sessions on the Core API: the Session node, User.sessions, revokeSession, revokeUserSessions,
 * revokeOrganizationSessions, switchOrganization, and the event actor's onBehalfOf. Sessions are
 * started with the session service (the hosted sign-in page's call); user tokens are minted with
 * the issuer's current key, as the token endpoint would mint them.
 */
import { describe, expect, it, test } from './fixtures.js';
import type { TestServer } from './helpers/server.js';
import { createClient, type GraphQLClient } from './helpers/graphql.js';
import { createApiKey, createIssuer, createOrganization, createUser, createMembership } from './helpers/fixtures.js';
import { createWebClient } from './helpers/tenants.js';
import { newId } from '../src/lib/ids.js';
import { randomSecret, sha256Hex } from '../src/lib/crypto.js';
import { mintAccessToken } from '../src/oauth/access-tokens.js';
import type { Issuer } from '../src/generated/prisma/client.js';

// Plain strings: the tests read fields of unions by hand.
const SESSION_FIELDS = `id status userAgent ip authenticationMethods authenticatedAt createdAt lastSeenAt expiresAt revokedAt revokedReason user { id } client { id } organization { id } organizationId`;
const NODE = `query SessionsNode($id: ID!) { node(id: $id) { __typename ... on Session { ${SESSION_FIELDS} } } }`;
const NODES = `query SessionsNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
const USER_SESSIONS = `
  query SessionsOfUser($id: ID!, $first: Int, $after: String, $status: SessionStatus) {
    node(id: $id) {
      ... on User {
        sessions(first: $first, after: $after, status: $status) {
          totalCount
          pageInfo { hasNextPage endCursor }
          edges { cursor node { ${SESSION_FIELDS} } }
        }
      }
    }
  }
`;
const ERROR_FIELDS = `... on Error { code message } ... on ValidationError { fields { path message } }`;
const REVOKE_SESSION = `
  mutation SessionsRevoke($input: RevokeSessionInput!) {
    revokeSession(input: $input) { __typename ... on RevokeSessionPayload { session { ${SESSION_FIELDS} } } ${ERROR_FIELDS} }
  }
`;
const REVOKE_USER_SESSIONS = `
  mutation SessionsRevokeUser($input: RevokeUserSessionsInput!) {
    revokeUserSessions(input: $input) { __typename ... on RevokeUserSessionsPayload { userId revokedCount } ${ERROR_FIELDS} }
  }
`;
const REVOKE_ORGANIZATION_SESSIONS = `
  mutation SessionsRevokeOrg($input: RevokeOrganizationSessionsInput!) {
    revokeOrganizationSessions(input: $input) { __typename ... on RevokeOrganizationSessionsPayload { organizationId revokedCount } ${ERROR_FIELDS} }
  }
`;
const SWITCH_ORGANIZATION = `
  mutation SessionsSwitch($input: SwitchOrganizationInput!) {
    switchOrganization(input: $input) { __typename ... on SwitchOrganizationPayload { session { ${SESSION_FIELDS} } } ${ERROR_FIELDS} }
  }
`;
const EVENTS = `
  query SessionsEvents($subject: ID!, $types: [String!]) {
    events(first: 50, filter: { subject: $subject, types: $types }) { edges { node { type subject organizationId actor { type id onBehalfOf } data } } }
  }
`;
interface SessionData {
  id: string;
  status: 'ACTIVE' | 'REVOKED' | 'COMPROMISED' | 'EXPIRED';
  userAgent: string | null;
  ip: string | null;
  authenticationMethods: string[];
  authenticatedAt: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: string | null;
  user: { id: string };
  client: { id: string } | null;
  organization: { id: string } | null;
}
interface SessionsConnection {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: SessionData }[];
}
type Result = { __typename: string; code?: string; message?: string; fields?: { path: string; message: string }[] } & Record<
  string,
  unknown
>;
interface EventData {
  type: string;
  subject: string | null;
  organizationId: string | null;
  actor: { type: string; id: string | null; onBehalfOf: string | null };
  data: Record<string, unknown>;
}

const DEVICE = { userAgent: 'Mozilla/5.0 test', ip: '203.0.113.9' };

describe('sessions on the Core API', () => {
  let server: TestServer;
  let gql: GraphQLClient;
  let issuer: Issuer;
  let webClientId: string;

  const signIn = async (userId: string, device = DEVICE) =>
    (await server.app.services.sessions.signIn({ issuer, userId, clientId: null, amr: ['pwd'], device })).session.id;
  const row = (id: string) => server.app.db.prisma.session.findUniqueOrThrow({ where: { id } });
  const node = async (client: GraphQLClient, id: string, headers?: Record<string, string>) =>
    (await client.request<{ node: (SessionData & { __typename: string }) | null }, { id: string }>(NODE, { id }, headers)).node;
  const sessionsOf = async (
    client: GraphQLClient,
    userId: string,
    args: { first?: number; after?: string | null; status?: string } = {},
    headers?: Record<string, string>,
  ) =>
    (
      await client.request<{ node: { sessions: SessionsConnection } | null }, Record<string, unknown>>(
        USER_SESSIONS,
        { id: userId, first: 20, ...args },
        headers,
      )
    ).node?.sessions ?? null;
  const mutate = async (
    client: GraphQLClient,
    doc: string,
    field: string,
    input: Record<string, unknown>,
    headers?: Record<string, string>,
  ) => (await client.request<Record<string, Result>, { input: Record<string, unknown> }>(doc, { input }, headers))[field]!;
  const events = async (subject: string, types?: string[]) =>
    (
      await gql.request<{ events: { edges: { node: EventData }[] } }, { subject: string; types?: string[] }>(EVENTS, { subject, types })
    ).events.edges.map((e) => e.node);

  /** A user of the issuer, member of the given organizations (members:read, members:write). */
  async function member(...organizationIds: string[]) {
    const user = await createUser(gql, issuer.id);
    for (const org of organizationIds) await createMembership(gql, org, user.id, ['members:read', 'members:write']);
    return user.id;
  }

  /** A user access token as the token endpoint mints it: `sid`, optionally `act` and an org. */
  async function userToken(
    userId: string,
    sessionId: string | null,
    extra: { organizationId?: string | null; scopes?: string[]; actorId?: string | null } = {},
  ) {
    const signer = await server.app.services.signingKeys.currentSigner(issuer.id, 'ES256');
    const issuerUrl = `${server.app.publicUrl()}/${issuer.id}`;
    const minted = await mintAccessToken(
      signer,
      {
        issuerUrl,
        subject: userId,
        // a first-party client's: only its tokens are the person's own sign-in
        clientId: webClientId,
        audience: issuerUrl,
        scopes: extra.scopes ?? ['openid'],
        organizationId: extra.organizationId ?? null,
        lifetimeSeconds: 900,
        sessionId,
        actorId: extra.actorId ?? null,
      },
      new Date(),
    );
    return { authorization: `Bearer ${minted.token}` };
  }

  test.beforeAll(async ({ server: started }) => {
    server = started;
    gql = server.gql;
    const created = await createIssuer(gql);
    issuer = await server.app.db.prisma.issuer.findUniqueOrThrow({ where: { id: created.id } });
    webClientId = (await createWebClient(server, issuer.id)).id;
  }, 180_000);

  it('lists a user’s sessions newest first with their device, pages by cursor, and reads one with node(id)', async () => {
    const org = await createOrganization(gql, issuer.id);
    const userId = await member(org.id);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push(await signIn(userId, { userAgent: `Mozilla/5.0 test ${i}`, ip: '203.0.113.9' }));
    const newestFirst = [...ids].reverse();

    const all = (await sessionsOf(gql, userId))!;
    expect(all.totalCount).toBe(3);
    expect(all.edges.map((e) => e.node.id)).toEqual(newestFirst);
    expect(all.edges.map((e) => e.cursor)).toEqual(newestFirst);
    const stored = await row(ids[0]!);
    expect(all.edges[2]!.node).toEqual({
      id: ids[0],
      status: 'ACTIVE',
      userAgent: 'Mozilla/5.0 test 0',
      ip: '203.0.113.9',
      authenticationMethods: ['pwd'],
      authenticatedAt: stored.authTime.toISOString(),
      createdAt: stored.createdAt.toISOString(),
      lastSeenAt: stored.lastSeenAt.toISOString(),
      expiresAt: stored.expiresAt.toISOString(),
      revokedAt: null,
      revokedReason: null,
      user: { id: userId },
      client: null,
      // the only active membership is selected at sign-in
      organization: { id: org.id },
      organizationId: org.id,
    });

    const first = (await sessionsOf(gql, userId, { first: 2 }))!;
    expect(first.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(0, 2));
    expect(first.pageInfo.hasNextPage).toBe(true);
    const rest = (await sessionsOf(gql, userId, { first: 2, after: first.pageInfo.endCursor }))!;
    expect(rest.edges.map((e) => e.node.id)).toEqual(newestFirst.slice(2));
    expect(rest.pageInfo.hasNextPage).toBe(false);

    expect(await node(gql, ids[1]!)).toEqual({ __typename: 'Session', ...all.edges[1]!.node });
    const unknown = newId('session');
    expect((await gql.request<{ nodes: unknown[] }, { ids: string[] }>(NODES, { ids: [ids[1]!, unknown] })).nodes).toEqual([
      { __typename: 'Session', id: ids[1] },
      null,
    ]);
    expect(await node(gql, unknown)).toBeNull();

    // a cursor of another kind is refused, not read as an empty page
    const bad = await gql.raw(USER_SESSIONS, { id: userId, first: 2, after: userId });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    // the sign-in cookie's hash is no field of the schema
    const type = await gql.request<{ __type: { fields: { name: string }[] } }, Record<string, never>>(
      `query SessionsType { __type(name: "Session") { fields { name } } }`,
      {},
    );
    expect(type.__type.fields.map((f) => f.name).filter((n) => /cookie|hash|secret/i.test(n))).toEqual([]);
  });

  it('is invisible to another account: node and nodes are null, every mutation says NOT_FOUND and changes nothing', async () => {
    const org = await createOrganization(gql, issuer.id);
    const userId = await member(org.id);
    const sessionId = await signIn(userId);

    const accountId = newId('account');
    const keyId = newId('apiKey');
    const secret = randomSecret();
    await server.app.db.prisma.account.create({ data: { id: accountId, name: 'Other tenant' } });
    await server.app.db.prisma.apiKey.create({
      data: { id: keyId, accountId, name: 'other admin', secretHash: sha256Hex(secret), prefix: secret.slice(0, 6) },
    });
    const other = createClient(server.url, { username: keyId, password: secret });

    expect(await node(other, sessionId)).toBeNull();
    expect((await other.request<{ nodes: unknown[] }, { ids: string[] }>(NODES, { ids: [sessionId] })).nodes).toEqual([null]);
    expect(await sessionsOf(other, userId)).toBeNull();
    expect(await mutate(other, REVOKE_SESSION, 'revokeSession', { id: sessionId })).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(await mutate(other, REVOKE_USER_SESSIONS, 'revokeUserSessions', { userId })).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(await mutate(other, REVOKE_ORGANIZATION_SESSIONS, 'revokeOrganizationSessions', { organizationId: org.id })).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(await mutate(other, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId, organizationId: null })).toMatchObject({
      __typename: 'NotFoundError',
      code: 'NOT_FOUND',
    });
    expect(await row(sessionId)).toMatchObject({ status: 'active', organizationId: org.id });
  });

  it('shows an organization key with members:read only the sessions acting in its organization', async () => {
    const orgA = await createOrganization(gql, issuer.id);
    const orgB = await createOrganization(gql, issuer.id);
    const userId = await member(orgA.id, orgB.id);
    // two memberships: no organization selected at sign-in
    const inA = await signIn(userId);
    const inNone = await signIn(userId);
    expect(await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId: inA, organizationId: orgA.id })).toMatchObject({
      __typename: 'SwitchOrganizationPayload',
    });

    const key = await createApiKey(gql, { organizationId: orgA.id, name: 'org reader', scopes: ['members:read'] });
    const headers = { authorization: `Bearer ${key.token}` };
    expect((await node(gql, inA, headers))?.id).toBe(inA);
    expect(await node(gql, inNone, headers)).toBeNull();
    const listed = (await sessionsOf(gql, userId, {}, headers))!;
    expect(listed.edges.map((e) => e.node.id)).toEqual([inA]);
    expect(listed.totalCount).toBe(1);
    // reading is not changing: members:write is needed for that
    expect(await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: inA }, headers)).toMatchObject({ __typename: 'NotFoundError' });
    expect((await row(inA)).status).toBe('active');
  });

  it('revokeSession ends the session, records session.revoked, and a second revoke is INVALID_STATE', async () => {
    const org = await createOrganization(gql, issuer.id);
    const userId = await member(org.id);
    const keep = await signIn(userId);
    const sessionId = await signIn(userId);

    const res = await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: sessionId });
    expect(res.__typename).toBe('RevokeSessionPayload');
    const session = res.session as SessionData;
    expect(session).toMatchObject({ id: sessionId, status: 'REVOKED', revokedReason: 'revoked', user: { id: userId } });
    expect(session.revokedAt).not.toBeNull();
    expect(await row(sessionId)).toMatchObject({ status: 'revoked', cookieHash: null });
    expect((await row(keep)).status).toBe('active');

    const revoked = await events(sessionId, ['session.revoked']);
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({
      type: 'session.revoked',
      subject: sessionId,
      organizationId: org.id,
      actor: { type: 'api_key', id: server.keyId, onBehalfOf: null },
    });
    expect(revoked[0]!.data).toMatchObject({ sessionId, userId, status: 'revoked' });
    expect(JSON.stringify(revoked[0]!.data)).not.toMatch(/cookie/i);

    const again = await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: sessionId });
    expect(again).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
    expect(await events(sessionId, ['session.revoked'])).toHaveLength(1);

    expect(await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: 'not-an-id' })).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ path: 'id', message: 'must be a session id' }],
    });
    expect(await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: newId('session') })).toMatchObject({ __typename: 'NotFoundError' });

    // the status filter
    expect((await sessionsOf(gql, userId, { status: 'ACTIVE' }))!.edges.map((e) => e.node.id)).toEqual([keep]);
    const ended = (await sessionsOf(gql, userId, { status: 'REVOKED' }))!;
    expect(ended.edges.map((e) => e.node.id)).toEqual([sessionId]);
    expect(ended.totalCount).toBe(1);
  });

  it('revokeUserSessions ends every active session of the user and counts them', async () => {
    const org = await createOrganization(gql, issuer.id);
    const userId = await member(org.id);
    const bystander = await member(org.id);
    const ids = [await signIn(userId), await signIn(userId), await signIn(userId)];
    const theirs = await signIn(bystander);
    await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: ids[0] });

    expect(await mutate(gql, REVOKE_USER_SESSIONS, 'revokeUserSessions', { userId })).toEqual({
      __typename: 'RevokeUserSessionsPayload',
      userId,
      revokedCount: 2,
    });
    const all = (await sessionsOf(gql, userId))!;
    expect(all.edges.map((e) => e.node.status)).toEqual(['REVOKED', 'REVOKED', 'REVOKED']);
    expect((await sessionsOf(gql, userId, { status: 'ACTIVE' }))!.totalCount).toBe(0);
    expect((await row(theirs)).status).toBe('active');
    for (const id of ids.slice(1)) expect(await events(id, ['session.revoked'])).toHaveLength(1);

    expect(await mutate(gql, REVOKE_USER_SESSIONS, 'revokeUserSessions', { userId })).toMatchObject({ revokedCount: 0 });
    expect(await mutate(gql, REVOKE_USER_SESSIONS, 'revokeUserSessions', { userId: newId('user') })).toMatchObject({
      __typename: 'NotFoundError',
    });
    expect(await mutate(gql, REVOKE_USER_SESSIONS, 'revokeUserSessions', { userId: org.id })).toMatchObject({
      __typename: 'ValidationError',
    });
  });

  it('revokeOrganizationSessions ends only the sessions whose selected organization it is', async () => {
    const orgA = await createOrganization(gql, issuer.id);
    const orgB = await createOrganization(gql, issuer.id);
    const onlyA = await member(orgA.id);
    const both = await member(orgA.id, orgB.id);
    const a1 = await signIn(onlyA);
    const a2 = await signIn(both);
    const b = await signIn(both);
    const none = await signIn(both);
    await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId: a2, organizationId: orgA.id });
    await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId: b, organizationId: orgB.id });

    expect(await mutate(gql, REVOKE_ORGANIZATION_SESSIONS, 'revokeOrganizationSessions', { organizationId: orgA.id })).toEqual({
      __typename: 'RevokeOrganizationSessionsPayload',
      organizationId: orgA.id,
      revokedCount: 2,
    });
    expect((await row(a1)).status).toBe('revoked');
    expect((await row(a2)).status).toBe('revoked');
    expect((await row(b)).status).toBe('active');
    expect((await row(none)).status).toBe('active');
    expect(
      await mutate(gql, REVOKE_ORGANIZATION_SESSIONS, 'revokeOrganizationSessions', { organizationId: newId('organization') }),
    ).toMatchObject({ __typename: 'NotFoundError' });
  });

  it('switchOrganization selects an organization the user is an active member of, and refuses any other', async () => {
    const home = await createOrganization(gql, issuer.id);
    const other = await createOrganization(gql, issuer.id);
    const stranger = await createOrganization(gql, issuer.id);
    const userId = await member(home.id);
    const sessionId = await signIn(userId);
    await createMembership(gql, other.id, userId, ['members:read']);

    const switched = await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId, organizationId: other.id });
    expect(switched.__typename).toBe('SwitchOrganizationPayload');
    expect((switched.session as SessionData).organization).toEqual({ id: other.id });
    expect((await row(sessionId)).organizationId).toBe(other.id);
    const recorded = await events(sessionId, ['session.organization-switched']);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ organizationId: other.id, actor: { type: 'api_key', id: server.keyId, onBehalfOf: null } });
    expect(recorded[0]!.data).not.toHaveProperty('previousOrganizationId');

    const refused = await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId, organizationId: stranger.id });
    expect(refused).toMatchObject({ __typename: 'InvalidStateError', code: 'INVALID_STATE' });
    expect((await row(sessionId)).organizationId).toBe(other.id);
    expect(await events(sessionId, ['session.organization-switched'])).toHaveLength(1);

    // null selects none; organizationId must be given (null, not omitted)
    const cleared = await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId, organizationId: null });
    expect((cleared.session as SessionData).organization).toBeNull();
    expect(await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId })).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ path: 'organizationId' }],
    });
    // an account key has no session of its own to default to
    expect(await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { organizationId: home.id })).toMatchObject({
      __typename: 'ValidationError',
      fields: [{ path: 'sessionId' }],
    });

    await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: sessionId });
    expect(await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId, organizationId: home.id })).toMatchObject({
      __typename: 'InvalidStateError',
    });
  });

  it('lets a user’s own access token see and end its own sessions, and no one else’s', async () => {
    const org = await createOrganization(gql, issuer.id);
    const second = await createOrganization(gql, issuer.id);
    const userId = await member(org.id, second.id);
    const neighbour = await member(org.id);
    const current = await signIn(userId);
    const laptop = await signIn(userId);
    const theirs = await signIn(neighbour);
    const own = await userToken(userId, current);

    expect((await node(gql, current, own))?.id).toBe(current);
    expect((await node(gql, laptop, own))?.id).toBe(laptop);
    expect(await node(gql, theirs, own)).toBeNull();
    expect(await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: theirs }, own)).toMatchObject({ __typename: 'NotFoundError' });
    expect(await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { sessionId: theirs, organizationId: null }, own)).toMatchObject({
      __typename: 'NotFoundError',
    });
    expect(await mutate(gql, REVOKE_USER_SESSIONS, 'revokeUserSessions', { userId: neighbour }, own)).toMatchObject({
      __typename: 'NotFoundError',
    });
    expect((await row(theirs)).status).toBe('active');

    // without sessionId: the token's own session
    const switched = await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { organizationId: second.id }, own);
    // the session names the organization it acts in; the organization itself only with org:read
    expect(switched).toMatchObject({
      __typename: 'SwitchOrganizationPayload',
      session: { id: current, organizationId: second.id, organization: null },
    });
    expect((await events(current, ['session.organization-switched']))[0]!.actor).toEqual({
      type: 'access_token',
      id: userId,
      onBehalfOf: null,
    });

    expect(await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: laptop }, own)).toMatchObject({
      __typename: 'RevokeSessionPayload',
      session: { id: laptop, status: 'REVOKED' },
    });
    expect(await mutate(gql, REVOKE_USER_SESSIONS, 'revokeUserSessions', { userId }, own)).toEqual({
      __typename: 'RevokeUserSessionsPayload',
      userId,
      revokedCount: 1,
    });
    // its own session is over, so the token is too
    const after = await gql.raw(NODE, { id: current }, own);
    expect(after.status).toBe(401);
  });

  it('works with a user token from the token endpoint (authorization_code): its own session, with the client', async () => {
    const REDIRECT = 'https://app.example.com/callback';
    const created = await mutate(
      gql,
      `mutation SessionsClient($input: CreateClientInput!) { createClient(input: $input) { __typename ... on CreateClientPayload { secret client { id } } ${ERROR_FIELDS} } }`,
      'createClient',
      {
        issuerId: issuer.id,
        name: 'web',
        redirectUris: [REDIRECT],
        scopes: ['openid', 'members:read', 'members:write'],
      },
    );
    const client = { id: (created.client as { id: string }).id, secret: created.secret as string };
    const org = await createOrganization(gql, issuer.id);
    const other = await createOrganization(gql, issuer.id);
    const userId = await member(org.id, other.id);
    const { session } = await server.app.services.sessions.signIn({ issuer, userId, clientId: client.id, amr: ['pwd'], device: DEVICE });
    const code = await server.app.services.sessions.issueCode({
      session,
      clientId: client.id,
      redirectUri: REDIRECT,
      scope: 'openid',
      nonce: null,
      codeChallenge: null,
      codeChallengeMethod: null,
    });
    const response = await fetch(`${server.app.publicUrl()}/${issuer.id}/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT }),
    });
    const tokens = (await response.json()) as { access_token?: string };
    expect(response.status, JSON.stringify(tokens)).toBe(200);
    const own = { authorization: `Bearer ${tokens.access_token!}` };

    // the session's client is for account keys only (as with node(client id)); the id of the
    // selected organization is shown, the organization itself only to who may read it
    expect(await node(gql, session.id, own)).toMatchObject({ id: session.id, client: null, organization: null, user: { id: userId } });
    expect(await node(gql, session.id)).toMatchObject({ id: session.id, client: { id: client.id } });
    const switched = await mutate(gql, SWITCH_ORGANIZATION, 'switchOrganization', { organizationId: other.id }, own);
    expect(switched).toMatchObject({
      __typename: 'SwitchOrganizationPayload',
      session: { id: session.id, organizationId: other.id, organization: null },
    });
    expect(await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: session.id }, own)).toMatchObject({
      __typename: 'RevokeSessionPayload',
      session: { status: 'REVOKED' },
    });
    expect((await gql.raw(NODE, { id: session.id }, own)).status).toBe(401);
  });

  it('records an agent acting for a user as the actor with onBehalfOf', async () => {
    const org = await createOrganization(gql, issuer.id);
    const userId = await member(org.id);
    const sessionId = await signIn(userId);
    // a real agent, member of the organization: a delegated token holds only what both hold now
    const agent = await mutate(
      gql,
      `mutation SessionsAgent($input: CreateAgentInput!) { createAgent(input: $input) { __typename ... on CreateAgentPayload { agent { id } } ${ERROR_FIELDS} } }`,
      'createAgent',
      { issuerId: issuer.id, name: 'helper', scopes: ['members:read', 'members:write'] },
    );
    const agentId = (agent.agent as { id: string }).id;
    await createMembership(gql, org.id, agentId, ['members:read', 'members:write']);
    // a delegated token (RFC 8693 act): the agent acts for the user inside the organization
    const delegated = await userToken(userId, null, {
      actorId: agentId,
      organizationId: org.id,
      scopes: ['members:read', 'members:write'],
    });

    expect(await mutate(gql, REVOKE_SESSION, 'revokeSession', { id: sessionId }, delegated)).toMatchObject({
      __typename: 'RevokeSessionPayload',
    });
    const [revoked] = await events(sessionId, ['session.revoked']);
    expect(revoked!.actor).toEqual({ type: 'agent', id: agentId, onBehalfOf: userId });
    // an ordinary event has none
    const [created] = await events(sessionId, ['session.created']);
    expect(created!.actor).toEqual({ type: 'user', id: userId, onBehalfOf: null });
  });

  it('loads the sessions of many users with as many statements as of one (no N+1)', async () => {
    const org = await createOrganization(gql, issuer.id);
    const users: string[] = [];
    for (let i = 0; i < 4; i++) {
      const id = await member(org.id);
      users.push(id);
      for (let j = 0; j < 3; j++) await signIn(id);
    }
    const doc = `
      query SessionsMany($ids: [ID!]!) {
        nodes(ids: $ids) { ... on User { id sessions(first: 2) { totalCount edges { node { id user { id } organization { id } client { id } } } } } }
      }
    `;
    type Data = { nodes: { id: string; sessions: { totalCount: number; edges: { node: { id: string; user: { id: string } } }[] } }[] };
    // the outbox relay and the webhook dispatcher query in the background: pause them so the
    // counts below are the request's own
    await server.app.relay.stop();
    await server.app.webhooks.stop();
    const count = async (ids: string[]) => {
      await server.app.flushMetered();
      const before = server.app.db.queryCount();
      const data = await gql.request<Data, { ids: string[] }>(doc, { ids });
      return { statements: server.app.db.queryCount() - before, data };
    };
    await count(users); // warm the credential and signing-key caches
    const one = await count(users.slice(0, 1));
    const four = await count(users);
    expect(four.data.nodes.map((n) => [n.sessions.totalCount, n.sessions.edges.length])).toEqual(users.map(() => [3, 2]));
    for (const n of four.data.nodes) for (const e of n.sessions.edges) expect(e.node.user.id).toBe(n.id);
    expect(four.statements).toBe(one.statements);
    // users, their session pages, their counts, then each session's user and organization
    expect(four.statements).toBeLessThanOrEqual(6);
  });
});
