/**
 * Bad input through the real HTTP API: every refusal is the exact typed error (or HTTP status),
 * and the database and the event trail are unchanged afterwards.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import { describe, expect, it, test } from './fixtures.js';
import { request as httpRequest } from 'node:http';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer, createOrganization, createUser, createMembership } from './helpers/fixtures.js';
import { ask, dbCounts, expectMasked, expectTypedError, expectUnchanged, expectValidation, postText, send } from './helpers/state.js';
import { newId } from '../src/lib/ids.js';

const CREATE_ORGANIZATION = `
  mutation BadCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { id slug } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on ConflictError { field }
      ... on NotFoundError { resourceId }
    }
  }
`;

const UPDATE_ORGANIZATION = `
  mutation BadUpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      __typename
      ... on UpdateOrganizationPayload { organization { id slug } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on ConflictError { field }
      ... on NotFoundError { resourceId }
    }
  }
`;

const CREATE_MEMBERSHIP = `
  mutation BadCreateMembership($input: CreateMembershipInput!) {
    createMembership(input: $input) {
      __typename
      ... on CreateMembershipPayload { membership { id scopes } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on ConflictError { field }
      ... on NotFoundError { resourceId }
      ... on LimitReachedError { limit }
    }
  }
`;

const CREATE_USER = `
  mutation BadCreateUser($input: CreateUserInput!) {
    createUser(input: $input) {
      __typename
      ... on CreateUserPayload { user { id } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on NotFoundError { resourceId }
    }
  }
`;

const CREATE_CLIENT = `
  mutation BadCreateClient($input: CreateClientInput!) {
    createClient(input: $input) {
      __typename
      ... on CreateClientPayload { client { id } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on NotFoundError { resourceId }
    }
  }
`;

const CREATE_INVITATION = `
  mutation BadCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      __typename
      ... on CreateInvitationPayload { token invitation { id } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on NotFoundError { resourceId }
    }
  }
`;

const SUSPEND_ORGANIZATION = `
  mutation BadSuspendOrganization($input: SuspendOrganizationInput!) {
    suspendOrganization(input: $input) {
      __typename
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on NotFoundError { resourceId }
    }
  }
`;

const DELETE_ORGANIZATION = `
  mutation BadDeleteOrganization($input: DeleteOrganizationInput!) {
    deleteOrganization(input: $input) {
      __typename
      ... on DeleteOrganizationPayload { deletedOrganizationId }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on NotFoundError { resourceId }
    }
  }
`;

const NODE = `query BadNode($id: ID!) { node(id: $id) { __typename id } }`;
const NODES = `query BadNodes($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`;
const ORGANIZATION = `query BadOrganization($id: ID!) { organization(id: $id) { id } }`;
const ISSUER = `query BadIssuer($id: ID!) { issuer(id: $id) { id } }`;

describe('bad input', () => {
  let server: TestServer;
  let issuerId: string;
  let otherIssuerId: string;

  test.beforeAll(async ({ server: started }) => {
    server = started;
    issuerId = (await createIssuer(server.gql)).id;
    otherIssuerId = (await createIssuer(server.gql)).id;
  });
  afterEach(() => {
    server.faults.failEventWrite = null;
  });

  const run = (doc: string, input: Record<string, unknown>) => send(server.gql, doc, { input });

  describe('organizations', () => {
    it('refuses a duplicate slug in the same issuer (CONFLICT on slug); the same slug in another issuer is fine', async () => {
      const first = await run(CREATE_ORGANIZATION, { issuerId, name: 'Dup Corp', slug: 'dup-corp' });
      expect(first.data?.createOrganization).toMatchObject({ __typename: 'CreateOrganizationPayload', organization: { slug: 'dup-corp' } });

      await expectUnchanged(server, async () => {
        const explicit = expectTypedError(
          await run(CREATE_ORGANIZATION, { issuerId, name: 'Another name', slug: 'dup-corp' }),
          'createOrganization',
          'ConflictError',
          'CONFLICT',
        );
        expect(explicit.field).toBe('slug');
        // a slug derived from the name collides the same way
        const derived = expectTypedError(
          await run(CREATE_ORGANIZATION, { issuerId, name: 'Dup Corp' }),
          'createOrganization',
          'ConflictError',
          'CONFLICT',
        );
        expect(derived.field).toBe('slug');
      });

      const elsewhere = await run(CREATE_ORGANIZATION, { issuerId: otherIssuerId, name: 'Dup Corp', slug: 'dup-corp' });
      expect(elsewhere.errors).toBeUndefined();
      expect(elsewhere.data?.createOrganization).toMatchObject({
        __typename: 'CreateOrganizationPayload',
        organization: { slug: 'dup-corp' },
      });
    });

    it('refuses a slug update that collides with another organization of the issuer', async () => {
      const a = await createOrganization(server.gql, issuerId, { name: 'Slug Alpha' });
      await createOrganization(server.gql, issuerId, { name: 'Slug Beta' });
      await expectUnchanged(server, async () => {
        const res = expectTypedError(
          await run(UPDATE_ORGANIZATION, { id: a.id, slug: 'slug-beta' }),
          'updateOrganization',
          'ConflictError',
          'CONFLICT',
        );
        expect(res.field).toBe('slug');
      });
    });

    it.each([
      ['empty name', { name: '   ' }, ['name']],
      ['bad slug', { name: 'Ok', slug: 'Not A Slug' }, ['slug']],
      ['slug with a leading dash', { name: 'Ok', slug: '-abc' }, ['slug']],
      ['name without a derivable slug', { name: '!!!' }, ['slug']],
      ['invalid contact email', { name: 'Ok', slug: 'ok-contact', contactEmail: 'not-an-email' }, ['contactEmail']],
      ['invalid domain', { name: 'Ok', slug: 'ok-domain', domains: ['example.com', 'not a domain'] }, ['domains.1']],
      ['member limit 0', { name: 'Ok', slug: 'ok-limit', memberLimit: 0 }, ['memberLimit']],
      ['default scope not resource:action', { name: 'Ok', slug: 'ok-scopes', defaultMemberScopes: ['admin'] }, ['defaultMemberScopes.0']],
    ])('refuses %s with a ValidationError naming the field', async (_label, input, paths) => {
      await expectUnchanged(server, async () => {
        expectValidation(await run(CREATE_ORGANIZATION, { issuerId, ...input }), 'createOrganization', paths);
      });
    });
  });

  describe('memberships', () => {
    let orgId: string;
    let userId: string;
    beforeAll(async () => {
      orgId = (await createOrganization(server.gql, issuerId, { name: 'Member Rules Inc' })).id;
      userId = (await createUser(server.gql, issuerId)).id;
    });

    it('refuses an explicit empty scope list (deny-by-default)', async () => {
      await expectUnchanged(server, async () => {
        expectValidation(await run(CREATE_MEMBERSHIP, { organizationId: orgId, memberId: userId, scopes: [] }), 'createMembership', [
          'scopes',
        ]);
      });
    });

    it('refuses omitted scopes when the organization has no default member scopes', async () => {
      await expectUnchanged(server, async () => {
        expectValidation(await run(CREATE_MEMBERSHIP, { organizationId: orgId, memberId: userId }), 'createMembership', ['scopes']);
      });
    });

    it('uses the default member scopes when scopes are omitted and the organization has some', async () => {
      const org = await createOrganization(server.gql, issuerId, { defaultMemberScopes: ['projects:read'] });
      const res = await run(CREATE_MEMBERSHIP, { organizationId: org.id, memberId: userId });
      expect(res.data?.createMembership).toMatchObject({
        __typename: 'CreateMembershipPayload',
        membership: { scopes: ['projects:read'] },
      });
    });

    it.each([
      [['admin'], ['scopes.0']],
      [['invoices:read', 'has space:read'], ['scopes.1']],
      [['invoices:'], ['scopes.0']],
      [[':read'], ['scopes.0']],
      [['invoices read'], ['scopes.0']],
    ])('refuses scopes %j that are not resource:action', async (scopes, paths) => {
      await expectUnchanged(server, async () => {
        expectValidation(await run(CREATE_MEMBERSHIP, { organizationId: orgId, memberId: userId, scopes }), 'createMembership', paths);
      });
    });

    it('refuses a member over the organization member limit (LIMIT_REACHED)', async () => {
      const org = await createOrganization(server.gql, issuerId, { memberLimit: 1 });
      const first = await createUser(server.gql, issuerId);
      const second = await createUser(server.gql, issuerId);
      await createMembership(server.gql, org.id, first.id);
      await expectUnchanged(server, async () => {
        const res = expectTypedError(
          await run(CREATE_MEMBERSHIP, { organizationId: org.id, memberId: second.id, scopes: ['invoices:read'] }),
          'createMembership',
          'LimitReachedError',
          'LIMIT_REACHED',
        );
        expect(res.limit).toBe(1);
      });
    });

    it('refuses a duplicate membership (CONFLICT on memberId)', async () => {
      const org = await createOrganization(server.gql, issuerId);
      const user = await createUser(server.gql, issuerId);
      await createMembership(server.gql, org.id, user.id, ['invoices:read']);
      await expectUnchanged(server, async () => {
        const res = expectTypedError(
          await run(CREATE_MEMBERSHIP, { organizationId: org.id, memberId: user.id, scopes: ['invoices:write'] }),
          'createMembership',
          'ConflictError',
          'CONFLICT',
        );
        expect(res.field).toBe('memberId');
      });
    });

    it('refuses a user of another issuer as NOT_FOUND (no existence leak)', async () => {
      const stranger = await createUser(server.gql, otherIssuerId);
      await expectUnchanged(server, async () => {
        const res = expectTypedError(
          await run(CREATE_MEMBERSHIP, { organizationId: orgId, memberId: stranger.id, scopes: ['invoices:read'] }),
          'createMembership',
          'NotFoundError',
          'NOT_FOUND',
        );
        expect(res.resourceId).toBe(stranger.id);
      });
    });
  });

  describe('unknown and malformed ids', () => {
    let orgId: string;
    let userId: string;
    beforeAll(async () => {
      orgId = (await createOrganization(server.gql, issuerId)).id;
      userId = (await createUser(server.gql, issuerId)).id;
    });

    it('answers NOT_FOUND with the id for well-formed ids that do not exist', async () => {
      const missingIssuer = newId('issuer');
      const missingOrg = newId('organization');
      const missingUser = newId('user');
      const missingAgent = newId('agent');
      await expectUnchanged(server, async () => {
        const cases: [string, string, Record<string, unknown>, string][] = [
          [CREATE_ORGANIZATION, 'createOrganization', { issuerId: missingIssuer, name: 'Ghost' }, missingIssuer],
          [CREATE_USER, 'createUser', { issuerId: missingIssuer, username: 'ghost@example.com' }, missingIssuer],
          [CREATE_CLIENT, 'createClient', { issuerId: missingIssuer, name: 'ghost', type: 'M2M' }, missingIssuer],
          [CREATE_MEMBERSHIP, 'createMembership', { organizationId: missingOrg, memberId: userId, scopes: ['a:b'] }, missingOrg],
          [CREATE_MEMBERSHIP, 'createMembership', { organizationId: orgId, memberId: missingUser, scopes: ['a:b'] }, missingUser],
          [CREATE_MEMBERSHIP, 'createMembership', { organizationId: orgId, memberId: missingAgent, scopes: ['a:b'] }, missingAgent],
          [UPDATE_ORGANIZATION, 'updateOrganization', { id: missingOrg, name: 'x' }, missingOrg],
          [SUSPEND_ORGANIZATION, 'suspendOrganization', { id: missingOrg }, missingOrg],
          [DELETE_ORGANIZATION, 'deleteOrganization', { id: missingOrg }, missingOrg],
          [CREATE_INVITATION, 'createInvitation', { organizationId: missingOrg, email: 'ghost@example.com', scopes: ['a:b'] }, missingOrg],
        ];
        for (const [doc, field, input, id] of cases) {
          const res = expectTypedError(await run(doc, input), field, 'NotFoundError', 'NOT_FOUND');
          expect(res.resourceId, `${field} ${JSON.stringify(input)}`).toBe(id);
        }
      });
    });

    it('answers a ValidationError on the field for malformed ids in mutations', async () => {
      await expectUnchanged(server, async () => {
        const cases: [string, string, Record<string, unknown>, string][] = [
          [CREATE_ORGANIZATION, 'createOrganization', { issuerId: 'nope', name: 'x' }, 'issuerId'],
          [CREATE_ORGANIZATION, 'createOrganization', { issuerId: 'i_123', name: 'x' }, 'issuerId'],
          [CREATE_ORGANIZATION, 'createOrganization', { issuerId: orgId, name: 'x' }, 'issuerId'],
          [CREATE_USER, 'createUser', { issuerId: orgId, username: 'x@example.com' }, 'issuerId'],
          [CREATE_MEMBERSHIP, 'createMembership', { organizationId: 'nope', memberId: userId, scopes: ['a:b'] }, 'organizationId'],
          [CREATE_MEMBERSHIP, 'createMembership', { organizationId: 'org_123', memberId: userId, scopes: ['a:b'] }, 'organizationId'],
          [CREATE_MEMBERSHIP, 'createMembership', { organizationId: issuerId, memberId: userId, scopes: ['a:b'] }, 'organizationId'],
          [CREATE_MEMBERSHIP, 'createMembership', { organizationId: orgId, memberId: 'usr_123', scopes: ['a:b'] }, 'memberId'],
          [CREATE_MEMBERSHIP, 'createMembership', { organizationId: orgId, memberId: orgId, scopes: ['a:b'] }, 'memberId'],
          [UPDATE_ORGANIZATION, 'updateOrganization', { id: 'nope', name: 'x' }, 'id'],
          [UPDATE_ORGANIZATION, 'updateOrganization', { id: userId, name: 'x' }, 'id'],
          [SUSPEND_ORGANIZATION, 'suspendOrganization', { id: 'org_123' }, 'id'],
          [DELETE_ORGANIZATION, 'deleteOrganization', { id: issuerId }, 'id'],
          [CREATE_INVITATION, 'createInvitation', { organizationId: 'nope', email: 'x@example.com', scopes: ['a:b'] }, 'organizationId'],
        ];
        for (const [doc, field, input, path] of cases) {
          expectValidation(await run(doc, input), field, [path]);
        }
      });
    });

    it('node(id) answers null with BAD_USER_INPUT for malformed ids', async () => {
      for (const id of ['nope', 'org_123', '', `key_${'x'.repeat(26)}`]) {
        const res = await send(server.gql, NODE, { id });
        expect(res.status, id).toBe(200);
        expect(res.data?.node, id).toBeNull();
        expect(res.errors?.[0]?.extensions?.code, id).toBe('BAD_USER_INPUT');
      }
    });

    it('node(id), organization(id) and issuer(id) answer null without an error for well-formed unknown ids', async () => {
      for (const id of [newId('organization'), newId('issuer'), newId('user'), newId('membership'), newId('invitation'), newId('client')]) {
        const res = await send(server.gql, NODE, { id });
        expect(res.errors, id).toBeUndefined();
        expect(res.data?.node, id).toBeNull();
      }
      const nodes = await send(server.gql, NODES, { ids: [newId('organization'), orgId] });
      expect(nodes.errors).toBeUndefined();
      expect(nodes.data?.nodes).toEqual([null, { __typename: 'Organization', id: orgId }]);

      const org = await send(server.gql, ORGANIZATION, { id: newId('organization') });
      expect(org.errors).toBeUndefined();
      expect(org.data?.organization).toBeNull();
      const issuer = await send(server.gql, ISSUER, { id: newId('issuer') });
      expect(issuer.errors).toBeUndefined();
      expect(issuer.data?.issuer).toBeNull();
    });

    it('organization(id) and issuer(id) answer null for malformed ids and ids of another type', async () => {
      for (const id of ['nope', 'org_123', issuerId, userId]) {
        const res = await send(server.gql, ORGANIZATION, { id });
        expect(res.errors, id).toBeUndefined();
        expect(res.data?.organization, id).toBeNull();
      }
      for (const id of ['nope', 'i_123', orgId]) {
        const res = await send(server.gql, ISSUER, { id });
        expect(res.errors, id).toBeUndefined();
        expect(res.data?.issuer, id).toBeNull();
      }
      // the right id of the right type does answer: the nulls above are not a broken query
      expect((await ask(server.gql, ORGANIZATION, { id: orgId })).organization).toEqual({ id: orgId });
      expect((await ask(server.gql, ISSUER, { id: issuerId })).issuer).toEqual({ id: issuerId });
    });
  });

  describe('users, invitations and clients', () => {
    it.each([
      ['an email username that is not an email', { username: 'not-an-email' }, ['username']],
      ['an email username with two @', { username: 'a@b@example.com' }, ['username']],
      ['an email field that is not an email', { usernameType: 'USERNAME', username: 'ada', email: 'nope' }, ['email']],
      ['an email that differs from the email username', { username: 'ada@example.com', email: 'bob@example.com' }, ['email']],
      ['a phone username that is not E.164', { usernameType: 'PHONE', username: '555-1234' }, ['username']],
      ['a username with spaces', { usernameType: 'USERNAME', username: 'ada lovelace' }, ['username']],
    ])('createUser refuses %s', async (_label, input, paths) => {
      const issuer = (await createIssuer(server.gql)).id;
      await expectUnchanged(server, async () => {
        expectValidation(await run(CREATE_USER, { issuerId: issuer, ...input }), 'createUser', paths);
      });
    });

    it('createUser refuses a duplicate username (CONFLICT)', async () => {
      const user = await createUser(server.gql, issuerId, 'twice@example.com');
      expect(user.username).toBe('twice@example.com');
      await expectUnchanged(server, async () => {
        const res = expectTypedError(
          await run(CREATE_USER, { issuerId, username: 'TWICE@example.com' }),
          'createUser',
          'ConflictError',
          'CONFLICT',
        );
        expect(res.message).toContain('twice@example.com');
      });
    });

    it('createInvitation refuses an invalid email, missing scopes and bad scopes', async () => {
      const org = await createOrganization(server.gql, issuerId);
      await expectUnchanged(server, async () => {
        expectValidation(
          await run(CREATE_INVITATION, { organizationId: org.id, email: 'not-an-email', scopes: ['a:b'] }),
          'createInvitation',
          ['email'],
        );
        expectValidation(await run(CREATE_INVITATION, { organizationId: org.id, email: 'ok@example.com' }), 'createInvitation', ['scopes']);
        expectValidation(
          await run(CREATE_INVITATION, { organizationId: org.id, email: 'ok@example.com', scopes: [] }),
          'createInvitation',
          ['scopes'],
        );
        expectValidation(
          await run(CREATE_INVITATION, { organizationId: org.id, email: 'ok@example.com', scopes: ['admin'] }),
          'createInvitation',
          ['scopes.0'],
        );
        expectValidation(
          await run(CREATE_INVITATION, { organizationId: org.id, email: 'ok@example.com', scopes: ['a:b'], expiresInHours: 0 }),
          'createInvitation',
          ['expiresInHours'],
        );
      });
    });

    const web = (extra: Record<string, unknown>) => ({ name: 'web', type: 'EXTERNAL', grantTypes: ['AUTHORIZATION_CODE'], ...extra });
    it.each([
      ['an http redirect URI that is not localhost', web({ redirectUris: ['http://app.example.com/callback'] }), ['redirectUris.0']],
      ['a redirect URI with a fragment', web({ redirectUris: ['https://app.example.com/callback#frag'] }), ['redirectUris.0']],
      ['a relative redirect URI', web({ redirectUris: ['/callback'] }), ['redirectUris.0']],
      ['a javascript: redirect URI', web({ redirectUris: ['https://ok.example.com/cb', 'javascript:alert(1)'] }), ['redirectUris.1']],
      [
        'a post-logout URI with a fragment',
        web({ redirectUris: ['https://app.example.com/cb'], postLogoutRedirectUris: ['https://app.example.com/bye#x'] }),
        ['postLogoutRedirectUris.0'],
      ],
      ['authorization_code without a redirect URI', web({}), ['redirectUris']],
      ['an m2m client that is not confidential', { name: 'svc', type: 'M2M', confidential: false }, ['confidential', 'grantTypes']],
      [
        'an m2m client with authorization_code',
        { name: 'svc', type: 'M2M', grantTypes: ['AUTHORIZATION_CODE'], redirectUris: ['https://a.example.com/cb'] },
        ['grantTypes'],
      ],
      [
        'a confidential client with auth method none',
        web({ redirectUris: ['https://a.example.com/cb'], tokenEndpointAuthMethod: 'NONE' }),
        ['tokenEndpointAuthMethod'],
      ],
      ['a public client with client_credentials', { name: 'spa', confidential: false, grantTypes: ['CLIENT_CREDENTIALS'] }, ['grantTypes']],
      [
        'a scope that is neither OIDC nor resource:action',
        web({ redirectUris: ['https://a.example.com/cb'], scopes: ['openid', 'admin'] }),
        ['scopes.1'],
      ],
    ])('createClient refuses %s', async (_label, input, paths) => {
      await expectUnchanged(server, async () => {
        expectValidation(await run(CREATE_CLIENT, { issuerId, ...input }), 'createClient', paths);
      });
    });

    it('createClient accepts loopback http redirect URIs (the refusals above are not blanket)', async () => {
      const res = await run(CREATE_CLIENT, {
        issuerId,
        ...web({ redirectUris: ['http://localhost:3000/cb', 'http://127.0.0.1:8080/cb', 'https://app.example.com/cb'] }),
      });
      expect(res.data?.createClient.__typename).toBe('CreateClientPayload');
    });
  });

  describe('concurrent duplicates (races end in typed errors, not masked ones)', () => {
    const outcome = (res: Awaited<ReturnType<typeof run>>, field: string) =>
      res.data?.[field]?.__typename ?? res.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`;

    it('eight concurrent createOrganization with one slug: one organization, seven CONFLICT', async () => {
      const before = await dbCounts(server.app);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) => run(CREATE_ORGANIZATION, { issuerId, name: `Race ${i}`, slug: 'race-slug' })),
      );
      expect(results.map((r) => outcome(r, 'createOrganization')).sort()).toEqual([
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'CreateOrganizationPayload',
      ]);
      expect(await dbCounts(server.app)).toEqual({ ...before, organizations: before.organizations! + 1, events: before.events! + 1 });
    });

    it('eight concurrent createUser with one username: one user, seven CONFLICT', async () => {
      const before = await dbCounts(server.app);
      const results = await Promise.all(Array.from({ length: 8 }, () => run(CREATE_USER, { issuerId, username: 'race-user@example.com' })));
      expect(results.map((r) => outcome(r, 'createUser')).sort()).toEqual([
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'CreateUserPayload',
      ]);
      expect(await dbCounts(server.app)).toEqual({ ...before, users: before.users! + 1, events: before.events! + 1 });
    });

    it('concurrent memberships past a member limit of 2: exactly two land, the rest LIMIT_REACHED', async () => {
      const org = await createOrganization(server.gql, issuerId, { memberLimit: 2 });
      const users = [];
      for (let i = 0; i < 6; i++) users.push(await createUser(server.gql, issuerId));
      const before = await dbCounts(server.app);
      const results = await Promise.all(
        users.map((u) => run(CREATE_MEMBERSHIP, { organizationId: org.id, memberId: u.id, scopes: ['a:b'] })),
      );
      expect(results.map((r) => outcome(r, 'createMembership')).sort()).toEqual([
        'CreateMembershipPayload',
        'CreateMembershipPayload',
        'LimitReachedError',
        'LimitReachedError',
        'LimitReachedError',
        'LimitReachedError',
      ]);
      expect(await dbCounts(server.app)).toEqual({ ...before, memberships: before.memberships! + 2, events: before.events! + 2 });
    });

    it('concurrent identical memberships: one lands, the rest CONFLICT', async () => {
      const org = await createOrganization(server.gql, issuerId);
      const user = await createUser(server.gql, issuerId);
      const before = await dbCounts(server.app);
      const results = await Promise.all(
        Array.from({ length: 5 }, () => run(CREATE_MEMBERSHIP, { organizationId: org.id, memberId: user.id, scopes: ['a:b'] })),
      );
      expect(results.map((r) => outcome(r, 'createMembership')).sort()).toEqual([
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'ConflictError',
        'CreateMembershipPayload',
      ]);
      expect(await dbCounts(server.app)).toEqual({ ...before, memberships: before.memberships! + 1, events: before.events! + 1 });
    });
  });

  describe('HTTP and document limits', () => {
    const bigInput = () => ({ issuerId, name: 'Too big', slug: 'too-big', metadata: { blob: 'x'.repeat(300 * 1024) } });

    it('answers 413 for a body over 256 KiB (with content-length) and creates nothing', async () => {
      await expectUnchanged(server, async () => {
        const body = JSON.stringify({ query: CREATE_ORGANIZATION, variables: { input: bigInput() } });
        expect(Buffer.byteLength(body)).toBeGreaterThan(256 * 1024);
        const res = await postText(server.url, body, { authorization: authHeader(server) });
        expect(res.status).toBe(413);
        expect(JSON.parse(res.text)).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      });
    });

    // Was a bug: readBody destroyed the socket before the 413 could be sent (ECONNRESET).
    it('answers 413 for a chunked body over 256 KiB (no content-length) and creates nothing', async () => {
      await expectUnchanged(server, async () => {
        const body = JSON.stringify({ query: CREATE_ORGANIZATION, variables: { input: bigInput() } });
        const res = await postChunked(server, body);
        expect(res.status).toBe(413);
        expect(JSON.parse(res.text)).toMatchObject({ errors: [{ extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
      });
    });

    it('a chunked body over 256 KiB creates nothing, whatever the connection does', async () => {
      await expectUnchanged(server, async () => {
        const body = JSON.stringify({ query: CREATE_ORGANIZATION, variables: { input: bigInput() } });
        const outcome = await postChunked(server, body).then(
          (res) => res.status,
          () => 'connection closed',
        );
        expect([413, 'connection closed']).toContain(outcome);
      });
    });

    it('accepts a body just under the limit (the 413 is about size, not content)', async () => {
      const input = { issuerId, name: 'Almost too big', metadata: { blob: 'x'.repeat(10 * 1024) } };
      const res = await run(CREATE_ORGANIZATION, input);
      // metadata over 16 KiB is a validation error; 10 KiB is fine
      expect(res.data?.createOrganization.__typename).toBe('CreateOrganizationPayload');
    });

    it('refuses a document with too many tokens, executing nothing', async () => {
      const fields = Array.from({ length: 4100 }, () => '__typename').join(' ');
      const doc = `mutation TooManyTokens($input: CreateOrganizationInput!) { createOrganization(input: $input) { ${fields} } }`;
      expect(Buffer.byteLength(doc)).toBeLessThan(256 * 1024);
      await expectUnchanged(server, async () => {
        const res = await send(server.gql, doc, { input: { issuerId, name: 'Token Flood', slug: 'token-flood' } });
        expect(res.data ?? null).toBeNull();
        expect(res.errors?.length).toBeGreaterThan(0);
        expect(res.errors![0]!.message).toMatch(/Query validation error/); // the limit itself is named only in development;
      });
    });

    it('refuses a document with too many aliases, executing nothing', async () => {
      const aliases = Array.from(
        { length: 25 },
        (_, i) => `a${i}: createOrganization(input: { issuerId: $issuerId, name: "Alias ${i}" }) { __typename }`,
      ).join('\n');
      const doc = `mutation AliasFlood($issuerId: ID!) { ${aliases} }`;
      await expectUnchanged(server, async () => {
        const res = await send(server.gql, doc, { issuerId });
        expect(res.data ?? null).toBeNull();
        expect(res.errors?.length).toBeGreaterThan(0);
        expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/Query validation error/); // the limit itself is named only in development;
      });
    });

    it('masks unexpected errors: no stack, no SQL, no detail', async () => {
      server.faults.failEventWrite = 'organization.created';
      await expectUnchanged(server, async () => {
        const body = JSON.stringify({ query: CREATE_ORGANIZATION, variables: { input: { issuerId, name: 'Faulty', slug: 'faulty' } } });
        const res = await postText(server.url, body, { authorization: authHeader(server) });
        const parsed = JSON.parse(res.text);
        expect(parsed.data ?? null).toBeNull();
        expectMasked({ status: res.status, headers: res.headers, data: parsed.data, errors: parsed.errors }, res.text);
      });
    });

    it('refuses a NUL byte (which PostgreSQL text cannot store) as a ValidationError naming the field', async () => {
      await expectUnchanged(server, async () => {
        const body = JSON.stringify({
          query: CREATE_ORGANIZATION,
          variables: { input: { issuerId, name: 'Nul\u0000Corp', slug: 'nul-corp', metadata: { 'k\u0000': 1 } } },
        });
        const res = await postText(server.url, body, { authorization: authHeader(server) });
        const parsed = JSON.parse(res.text);
        expect(parsed.data?.createOrganization).toMatchObject({ __typename: 'ValidationError', code: 'VALIDATION_FAILED' });
        expect(res.text).toContain('"path":"name"');
        expect(res.text).toContain('"path":"metadata.k\\u0000"');
        expect(res.text).not.toMatch(/byte sequence|INSERT INTO|"public"\./);
      });
    });
  });
});

describe('depth limit (GRAPHQL_MAX_DEPTH=5)', () => {
  let server: TestServer;
  let issuerId: string;
  beforeAll(async () => {
    server = await startServer({ GRAPHQL_MAX_DEPTH: '5' });
    const res = await ask(
      server.gql,
      `mutation DepthIssuer { createIssuer(input: { name: "depth" }) { ... on CreateIssuerPayload { issuer { id } } } }`,
    );
    issuerId = res.createIssuer.issuer.id;
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('runs a query at the limit', async () => {
    // issuer > organizations > edges > node > id: depth 5
    const res = await send(
      server.gql,
      `query AtLimit($id: ID!) { issuer(id: $id) { organizations(first: 1) { edges { node { id } } } } }`,
      { id: issuerId },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.issuer.organizations.edges).toEqual([]);
  });

  it('refuses a query one level deeper, with an error and no data', async () => {
    const res = await send(
      server.gql,
      `query TooDeep($id: ID!) { issuer(id: $id) { organizations(first: 1) { edges { node { issuer { id } } } } } }`,
      { id: issuerId },
    );
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/Query validation error/); // the limit itself is named only in development;
  });

  it('refuses a too-deep mutation before it runs: nothing is created', async () => {
    const doc = `mutation TooDeepCreate($input: CreateOrganizationInput!) {
      createOrganization(input: $input) {
        ... on CreateOrganizationPayload { organization { issuer { organizations(first: 1) { edges { node { id } } } } } }
      }
    }`;
    const before = await dbCounts(server.app);
    const res = await send(server.gql, doc, { input: { issuerId, name: 'Deep Corp' } });
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/Query validation error/); // the limit itself is named only in development;
    expect(await dbCounts(server.app)).toEqual(before);
    expect(await server.app.db.prisma.organization.count({ where: { name: 'Deep Corp' } })).toBe(0);
  });

  it('refuses a depth bomb (organization > members > organization > … 50 deep)', async () => {
    let inner = 'id';
    for (let i = 0; i < 25; i++) inner = `organization { members(first: 1) { edges { node { ${inner} } } } }`;
    const doc = `query Bomb($id: ID!) { node(id: $id) { ... on Membership { ${inner} } } }`;
    const res = await send(server.gql, doc, { id: newId('membership') });
    expect(res.data ?? null).toBeNull();
    // the cost limit or the depth limit refuses it, both before execution
    expect(res.errors!.map((e) => e.message).join(' ')).toMatch(/Query validation error/);
  });
});

function authHeader(server: TestServer): string {
  return `Basic ${Buffer.from(`${server.keyId}:${server.keySecret}`).toString('base64')}`;
}

/** POSTs `body` with Transfer-Encoding: chunked (no content-length), in 16 KiB pieces. */
function postChunked(server: TestServer, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${server.url}/graphql`);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: authHeader(server) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    const buf = Buffer.from(body);
    let offset = 0;
    const writeNext = () => {
      while (offset < buf.length) {
        const chunk = buf.subarray(offset, offset + 16 * 1024);
        offset += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', writeNext);
          return;
        }
      }
      req.end();
    };
    writeNext();
  });
}
