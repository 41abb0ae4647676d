/**
 * Organization lifecycle (DESIGN §1): update, suspend, reactivate, delete with cascade; and
 * invitations: token shown once, accepted by the invitee (on the hosted page, creating the user
 * when needed, or with the invitee's own sign-in token), and the states in which accepting is
 * refused.
 */
import { describe, expect, it, test } from './fixtures.js';
import type { TestServer } from './helpers/server.js';
import { createIssuer, createMembership, createOrganization, createUser } from './helpers/fixtures.js';
import {
  allEvents,
  ask,
  dbCounts,
  eventsOfType,
  expectTypedError,
  expectUnchanged,
  expectValidation,
  send,
  type Data,
} from './helpers/state.js';
import { acceptBySignUp, bearer, Browser, createWebClient, signedInUser, TEST_PASSWORD, type WebClient } from './helpers/browser.js';
import { newId } from '../src/lib/ids.js';
import { sha256Hex } from '../src/lib/crypto.js';

const ORG_FIELDS = `id name slug status suspendedAt memberLimit contactEmail defaultMemberScopes domains { domain verified } updatedAt`;

const CREATE_ORGANIZATION = `
  mutation LcCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { ${ORG_FIELDS} } }
      ... on Error { code message }
    }
  }
`;

const UPDATE_ORGANIZATION = `
  mutation LcUpdateOrganization($input: UpdateOrganizationInput!) {
    updateOrganization(input: $input) {
      __typename
      ... on UpdateOrganizationPayload { organization { ${ORG_FIELDS} } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on ConflictError { field }
    }
  }
`;

const SUSPEND_ORGANIZATION = `
  mutation LcSuspendOrganization($input: SuspendOrganizationInput!) {
    suspendOrganization(input: $input) {
      __typename
      ... on SuspendOrganizationPayload { organization { ${ORG_FIELDS} } }
      ... on Error { code message }
    }
  }
`;

const REACTIVATE_ORGANIZATION = `
  mutation LcReactivateOrganization($input: ReactivateOrganizationInput!) {
    reactivateOrganization(input: $input) {
      __typename
      ... on ReactivateOrganizationPayload { organization { ${ORG_FIELDS} } }
      ... on Error { code message }
    }
  }
`;

const DELETE_ORGANIZATION = `
  mutation LcDeleteOrganization($input: DeleteOrganizationInput!) {
    deleteOrganization(input: $input) {
      __typename
      ... on DeleteOrganizationPayload { deletedOrganizationId }
      ... on Error { code message }
      ... on NotFoundError { resourceId }
    }
  }
`;

const INVITATION_FIELDS = `id email scopes status expiresAt acceptedAt acceptedByUserId revokedAt organization { id }`;

const CREATE_INVITATION = `
  mutation LcCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      __typename
      ... on CreateInvitationPayload { token acceptUrl invitation { ${INVITATION_FIELDS} } }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
    }
  }
`;

const ACCEPT_INVITATION = `
  mutation LcAcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      __typename
      ... on AcceptInvitationPayload {
        invitation { ${INVITATION_FIELDS} }
        membership { id scopes status organization { id } user { id username email emailVerified } }
      }
      ... on Error { code message }
      ... on ValidationError { fields { path message } }
      ... on ConflictError { field }
      ... on ForbiddenError { field }
      ... on LimitReachedError { limit }
    }
  }
`;

const REVOKE_INVITATION = `
  mutation LcRevokeInvitation($input: RevokeInvitationInput!) {
    revokeInvitation(input: $input) {
      __typename
      ... on RevokeInvitationPayload { invitation { ${INVITATION_FIELDS} } }
      ... on Error { code message }
    }
  }
`;

const NODE_ORG = `query LcNodeOrg($id: ID!) { node(id: $id) { __typename ... on Organization { ${ORG_FIELDS} } } }`;
const ORGANIZATION = `query LcOrganization($id: ID!) { organization(id: $id) { ${ORG_FIELDS} members(first: 100) { totalCount } invitations(first: 100) { totalCount } } }`;
const NODE_INVITATION = `query LcNodeInvitation($id: ID!) { node(id: $id) { __typename ... on Invitation { ${INVITATION_FIELDS} } } }`;
const ORG_INVITATIONS = `
  query LcOrgInvitations($id: ID!, $status: InvitationStatus) {
    organization(id: $id) { invitations(first: 100, status: $status) { totalCount edges { node { id status } } } }
  }
`;
const USER_MEMBERSHIPS = `query LcUserMemberships($id: ID!) { node(id: $id) { ... on User { id memberships(first: 100) { totalCount } } } }`;

describe('organization lifecycle', () => {
  let server: TestServer;
  let issuerId: string;

  test.beforeAll(async ({ server: started }) => {
    server = started;
    issuerId = (await createIssuer(server.gql)).id;
  });

  const mutate = (doc: string, input: Record<string, unknown>) => send(server.gql, doc, { input });
  const createOrg = async (input: Record<string, unknown>) => {
    const data = await ask(server.gql, CREATE_ORGANIZATION, { input: { issuerId, ...input } });
    expect(data.createOrganization.__typename).toBe('CreateOrganizationPayload');
    return data.createOrganization.organization;
  };
  const readOrg = async (id: string) => (await ask(server.gql, ORGANIZATION, { id })).organization;
  const eventsAbout = async (subject: string) => (await eventsOfType(server.gql, ...EVENT_TYPES)).filter((e) => e.subject === subject);
  const EVENT_TYPES = [
    'organization.created',
    'organization.updated',
    'organization.suspended',
    'organization.reactivated',
    'organization.deleted',
  ];

  describe('updateOrganization', () => {
    it('changes the name only, and records organization.updated with what changed', async () => {
      const org = await createOrg({ name: 'Renamed Before', contactEmail: 'ops@before.example', memberLimit: 10 });
      const res = await mutate(UPDATE_ORGANIZATION, { id: org.id, name: 'Renamed After' });
      expect(res.errors).toBeUndefined();
      expect(res.data.updateOrganization).toMatchObject({
        __typename: 'UpdateOrganizationPayload',
        organization: { id: org.id, name: 'Renamed After', slug: org.slug, contactEmail: 'ops@before.example', memberLimit: 10 },
      });
      expect(await readOrg(org.id)).toMatchObject({
        name: 'Renamed After',
        slug: 'renamed-before',
        contactEmail: 'ops@before.example',
        memberLimit: 10,
      });
      const updated = (await eventsAbout(org.id)).filter((e) => e.type === 'organization.updated');
      expect(updated).toHaveLength(1);
      expect(updated[0]!.data).toMatchObject({ name: 'Renamed After', changed: ['name'] });
    });

    it('null clears a nullable field; omitted fields stay', async () => {
      const org = await createOrg({ name: 'Clearable', contactEmail: 'ops@clear.example', memberLimit: 5 });
      const res = await mutate(UPDATE_ORGANIZATION, { id: org.id, contactEmail: null, memberLimit: null });
      expect(res.data.updateOrganization.organization).toMatchObject({ name: 'Clearable', contactEmail: null, memberLimit: null });
    });

    it('refuses a slug used by another organization of the issuer (CONFLICT on slug); its own slug is fine', async () => {
      const a = await createOrg({ name: 'Slug Owner A' });
      const b = await createOrg({ name: 'Slug Owner B' });
      await expectUnchanged(server, async () => {
        const res = expectTypedError(
          await mutate(UPDATE_ORGANIZATION, { id: b.id, slug: a.slug }),
          'updateOrganization',
          'ConflictError',
          'CONFLICT',
        );
        expect(res.field).toBe('slug');
      });
      expect((await readOrg(b.id)).slug).toBe('slug-owner-b');
      const same = await mutate(UPDATE_ORGANIZATION, { id: b.id, slug: b.slug, name: 'Slug Owner B2' });
      expect(same.data.updateOrganization).toMatchObject({
        __typename: 'UpdateOrganizationPayload',
        organization: { slug: 'slug-owner-b', name: 'Slug Owner B2' },
      });
      const moved = await mutate(UPDATE_ORGANIZATION, { id: b.id, slug: 'slug-owner-b-moved' });
      expect(moved.data.updateOrganization.organization.slug).toBe('slug-owner-b-moved');
      // the freed slug can be taken again
      const reuse = await createOrg({ name: 'Slug Owner B' });
      expect(reuse.slug).toBe('slug-owner-b');
    });

    it('replaces the domain list (removes the missing, keeps the kept, adds the new)', async () => {
      const org = await createOrg({ name: 'Domains Inc', domains: ['a.example.com', 'b.example.com'] });
      expect(org.domains).toEqual([
        { domain: 'a.example.com', verified: false },
        { domain: 'b.example.com', verified: false },
      ]);
      const keptRow = await server.app.db.prisma.organizationDomain.findFirstOrThrow({
        where: { organizationId: org.id, domain: 'b.example.com' },
      });

      const res = await mutate(UPDATE_ORGANIZATION, { id: org.id, domains: ['c.example.com', 'B.Example.com', 'c.example.com'] });
      expect(res.data.updateOrganization.organization.domains).toEqual([
        { domain: 'b.example.com', verified: false },
        { domain: 'c.example.com', verified: false },
      ]);
      const rows = await server.app.db.prisma.organizationDomain.findMany({
        where: { organizationId: org.id },
        orderBy: { domain: 'asc' },
      });
      expect(rows.map((r) => r.domain)).toEqual(['b.example.com', 'c.example.com']);
      expect(rows[0]!.id).toBe(keptRow.id);

      const cleared = await mutate(UPDATE_ORGANIZATION, { id: org.id, domains: [] });
      expect(cleared.data.updateOrganization.organization.domains).toEqual([]);
      expect(await server.app.db.prisma.organizationDomain.count({ where: { organizationId: org.id } })).toBe(0);
      // omitting domains leaves them alone
      await mutate(UPDATE_ORGANIZATION, { id: org.id, domains: ['d.example.com'] });
      const renamed = await mutate(UPDATE_ORGANIZATION, { id: org.id, name: 'Domains Renamed' });
      expect(renamed.data.updateOrganization.organization.domains).toEqual([{ domain: 'd.example.com', verified: false }]);
    });

    it('refuses a member limit below the current member count (ValidationError on memberLimit); equal is fine', async () => {
      const org = await createOrg({ name: 'Limit Corp' });
      for (let i = 0; i < 3; i++) await createMembership(server.gql, org.id, (await createUser(server.gql, issuerId)).id);
      await expectUnchanged(server, async () => {
        expectValidation(await mutate(UPDATE_ORGANIZATION, { id: org.id, memberLimit: 2 }), 'updateOrganization', ['memberLimit']);
        // nothing else in the same input is applied either
        expectValidation(
          await mutate(UPDATE_ORGANIZATION, { id: org.id, memberLimit: 1, name: 'Limit Corp Renamed' }),
          'updateOrganization',
          ['memberLimit'],
        );
      });
      expect(await readOrg(org.id)).toMatchObject({ name: 'Limit Corp', memberLimit: null });
      const equal = await mutate(UPDATE_ORGANIZATION, { id: org.id, memberLimit: 3 });
      expect(equal.data.updateOrganization.organization.memberLimit).toBe(3);
      // and now the limit holds
      const extra = await createUser(server.gql, issuerId);
      const over = await send(
        server.gql,
        `mutation LcOverLimit($input: CreateMembershipInput!) { createMembership(input: $input) { __typename ... on Error { code } ... on LimitReachedError { limit } } }`,
        {
          input: { organizationId: org.id, memberId: extra.id, scopes: ['a:b'] },
        },
      );
      expect(over.data.createMembership).toEqual({ __typename: 'LimitReachedError', code: 'LIMIT_REACHED', limit: 3 });
    });

    it.each([
      ['an empty name', { name: '' }, ['name']],
      ['a null name', { name: null }, ['name']],
      ['a bad slug', { slug: 'UPPER case' }, ['slug']],
      ['a bad domain', { domains: ['ok.example.com', 'http://x.example.com'] }, ['domains.1']],
      ['a bad default scope', { defaultMemberScopes: ['read'] }, ['defaultMemberScopes.0']],
    ])('refuses %s', async (_label, input, paths) => {
      const org = await createOrg({ name: `Invalid Update ${Math.random().toString(36).slice(2, 8)}` });
      await expectUnchanged(server, async () => {
        expectValidation(await mutate(UPDATE_ORGANIZATION, { id: org.id, ...input }), 'updateOrganization', paths);
      });
    });
  });

  describe('suspend and reactivate', () => {
    it('suspends (status SUSPENDED, suspendedAt set, organization.suspended with the reason), refuses a second suspension, reactivates', async () => {
      const org = await createOrg({ name: 'Suspendable' });
      expect(org).toMatchObject({ status: 'ACTIVE', suspendedAt: null });

      const started = Date.now();
      const res = await mutate(SUSPEND_ORGANIZATION, { id: org.id, reason: 'unpaid invoices' });
      expect(res.errors).toBeUndefined();
      const suspended = res.data.suspendOrganization.organization;
      expect(suspended).toMatchObject({ id: org.id, status: 'SUSPENDED' });
      expect(Date.parse(suspended.suspendedAt)).toBeGreaterThanOrEqual(started - 5_000);
      expect(Date.parse(suspended.suspendedAt)).toBeLessThanOrEqual(Date.now() + 5_000);
      expect(await readOrg(org.id)).toMatchObject({ status: 'SUSPENDED', suspendedAt: suspended.suspendedAt });
      const suspendedEvents = (await eventsAbout(org.id)).filter((e) => e.type === 'organization.suspended');
      expect(suspendedEvents).toHaveLength(1);
      expect(suspendedEvents[0]).toMatchObject({ organizationId: org.id, data: { status: 'suspended', reason: 'unpaid invoices' } });

      await expectUnchanged(server, async () => {
        expectTypedError(await mutate(SUSPEND_ORGANIZATION, { id: org.id }), 'suspendOrganization', 'InvalidStateError', 'INVALID_STATE');
      });
      expect((await readOrg(org.id)).suspendedAt).toBe(suspended.suspendedAt);

      const back = await mutate(REACTIVATE_ORGANIZATION, { id: org.id });
      expect(back.data.reactivateOrganization.organization).toMatchObject({ status: 'ACTIVE', suspendedAt: null });
      expect(await readOrg(org.id)).toMatchObject({ status: 'ACTIVE', suspendedAt: null });
      expect((await eventsAbout(org.id)).map((e) => e.type)).toEqual([
        'organization.reactivated',
        'organization.suspended',
        'organization.created',
      ]);

      await expectUnchanged(server, async () => {
        expectTypedError(
          await mutate(REACTIVATE_ORGANIZATION, { id: org.id }),
          'reactivateOrganization',
          'InvalidStateError',
          'INVALID_STATE',
        );
      });
    });

    it('a suspended organization takes no new invitations and lets none be accepted', async () => {
      const org = await createOrg({ name: 'Suspended Invites' });
      const pending = await ask(server.gql, CREATE_INVITATION, {
        input: { organizationId: org.id, email: 'early@example.com', scopes: ['a:b'] },
      });
      const invitee = await signedInUser(
        server.gql,
        server.url,
        issuerId,
        await createWebClient(server.gql, issuerId),
        'early@example.com',
      );
      await mutate(SUSPEND_ORGANIZATION, { id: org.id });
      await server.app.flushMetered();
      await expectUnchanged(server, async () => {
        expectTypedError(
          await mutate(CREATE_INVITATION, { organizationId: org.id, email: 'late@example.com', scopes: ['a:b'] }),
          'createInvitation',
          'InvalidStateError',
          'INVALID_STATE',
        );
        expectTypedError(
          await send(server.gql, ACCEPT_INVITATION, { input: { token: pending.createInvitation.token } }, bearer(invitee.token)),
          'acceptInvitation',
          'InvalidStateError',
          'INVALID_STATE',
        );
        // the hosted page says so too
        expect((await new Browser().get(pending.createInvitation.acceptUrl)).res.status).toBe(409);
      });
    });
  });

  describe('deleteOrganization', () => {
    it('removes memberships, invitations, domains and org API keys, records organization.deleted, and the organization is gone', async () => {
      const org = await createOrg({ name: 'Doomed Corp', domains: ['doomed.example.com', 'doomed.example.org'] });
      const alice = await createUser(server.gql, issuerId);
      const bob = await createUser(server.gql, issuerId);
      await createMembership(server.gql, org.id, alice.id);
      await createMembership(server.gql, org.id, bob.id, ['billing:read', 'billing:write']);
      for (const email of ['x@doomed.example.com', 'y@doomed.example.com', 'z@doomed.example.com'])
        await ask(server.gql, CREATE_INVITATION, { input: { organizationId: org.id, email, scopes: ['a:b'] } });
      const keyId = newId('apiKey');
      await server.app.db.prisma.apiKey.create({
        data: {
          id: keyId,
          accountId: server.app.bootstrap!.accountId,
          organizationId: org.id,
          name: 'doomed org key',
          secretHash: sha256Hex('doomed-secret'),
          prefix: 'doomed',
        },
      });
      // a neighbour that must survive
      const survivor = await createOrg({ name: 'Survivor Corp', domains: ['survivor.example.com'] });
      await createMembership(server.gql, survivor.id, alice.id);

      const p = server.app.db.prisma;
      const where = { organizationId: org.id };
      expect([
        await p.membership.count({ where }),
        await p.invitation.count({ where }),
        await p.organizationDomain.count({ where }),
        await p.apiKey.count({ where }),
      ]).toEqual([2, 3, 2, 1]);
      const before = await dbCounts(server.app);
      const trail = (await allEvents(server.gql)).map((e) => e.id);

      const res = await mutate(DELETE_ORGANIZATION, { id: org.id });
      expect(res.errors).toBeUndefined();
      expect(res.data.deleteOrganization).toEqual({ __typename: 'DeleteOrganizationPayload', deletedOrganizationId: org.id });

      expect([
        await p.membership.count({ where }),
        await p.invitation.count({ where }),
        await p.organizationDomain.count({ where }),
        await p.apiKey.count({ where }),
      ]).toEqual([0, 0, 0, 0]);
      expect(await p.apiKey.findUnique({ where: { id: keyId } })).toBeNull();
      expect(await dbCounts(server.app)).toEqual({
        ...before,
        organizations: before.organizations! - 1,
        memberships: before.memberships! - 2,
        invitations: before.invitations! - 3,
        organizationDomains: before.organizationDomains! - 2,
        apiKeys: before.apiKeys! - 1,
        events: before.events! + 1,
      });

      const written = (await allEvents(server.gql)).filter((e) => !trail.includes(e.id));
      expect(written).toEqual([{ id: expect.any(String), type: 'organization.deleted', subject: org.id }]);
      const deletedEvent = (await eventsOfType(server.gql, 'organization.deleted')).find((e) => e.subject === org.id);
      expect(deletedEvent).toMatchObject({
        organizationId: org.id,
        data: { id: org.id, slug: 'doomed-corp', removed: { memberships: 2, invitations: 3, apiKeys: 1 } },
      });

      const node = await send(server.gql, NODE_ORG, { id: org.id });
      expect(node.errors).toBeUndefined();
      expect(node.data.node).toBeNull();
      expect((await ask(server.gql, ORGANIZATION, { id: org.id })).organization).toBeNull();

      // the users stay; only their membership in the deleted organization went
      expect((await ask(server.gql, USER_MEMBERSHIPS, { id: alice.id })).node).toEqual({ id: alice.id, memberships: { totalCount: 1 } });
      expect((await ask(server.gql, USER_MEMBERSHIPS, { id: bob.id })).node).toEqual({ id: bob.id, memberships: { totalCount: 0 } });
      expect(await readOrg(survivor.id)).toMatchObject({
        name: 'Survivor Corp',
        domains: [{ domain: 'survivor.example.com' }],
        members: { totalCount: 1 },
      });

      // deleting again: not found, nothing written
      await expectUnchanged(server, async () => {
        const again = expectTypedError(
          await mutate(DELETE_ORGANIZATION, { id: org.id }),
          'deleteOrganization',
          'NotFoundError',
          'NOT_FOUND',
        );
        expect(again.resourceId).toBe(org.id);
        expectTypedError(await mutate(SUSPEND_ORGANIZATION, { id: org.id }), 'suspendOrganization', 'NotFoundError', 'NOT_FOUND');
        expectTypedError(
          await mutate(UPDATE_ORGANIZATION, { id: org.id, name: 'Zombie' }),
          'updateOrganization',
          'NotFoundError',
          'NOT_FOUND',
        );
      });
    });
  });
});

describe('invitations', () => {
  let server: TestServer;
  let issuerId: string;
  let web: WebClient;

  test.beforeAll(async ({ server: started }) => {
    server = started;
    issuerId = (await createIssuer(server.gql)).id;
    web = await createWebClient(server.gql, issuerId);
  });

  const mutate = (doc: string, input: Record<string, unknown>) => send(server.gql, doc, { input });
  async function invite(organizationId: string, email: string, extra: Record<string, unknown> = {}) {
    const res = await mutate(CREATE_INVITATION, { organizationId, email, ...extra });
    expect(res.errors).toBeUndefined();
    expect(res.data.createInvitation.__typename).toBe('CreateInvitationPayload');
    return res.data.createInvitation as { token: string; acceptUrl: string; invitation: Data };
  }
  const readInvitation = async (id: string) => (await ask(server.gql, NODE_INVITATION, { id })).node;
  /** A user of the invited address with a password, signed in through the hosted page (their own user token). */
  const invitee = async (email: string) => {
    const user = await signedInUser(server.gql, server.url, issuerId, web, email);
    await server.app.flushMetered();
    return user;
  };
  /** acceptInvitation with the invitee's own sign-in token (the only credential that may accept). */
  const acceptAs = (who: { token: string }, input: Record<string, unknown>) =>
    send(server.gql, ACCEPT_INVITATION, { input }, bearer(who.token));
  const USER_NODE = `query LcUserNode($id: ID!) { node(id: $id) { ... on User { id username email emailVerified memberships(first: 10) { edges { node { id scopes status organization { id } } } } } } }`;

  it('createInvitation returns the token once; it is never readable again, nor in the event trail', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const before = await dbCounts(server.app);
    const { token, invitation } = await invite(org.id, 'Once@Example.com', { scopes: ['projects:read'] });
    expect(token).toMatch(/^agi_[A-Za-z0-9_-]{20,}$/);
    expect(invitation).toMatchObject({
      email: 'once@example.com',
      scopes: ['projects:read'],
      status: 'PENDING',
      acceptedAt: null,
      acceptedByUserId: null,
      revokedAt: null,
      organization: { id: org.id },
    });
    // default expiry: 7 days
    expect(Math.abs(Date.parse(invitation.expiresAt) - (Date.now() + 168 * 3_600_000))).toBeLessThan(60_000);
    expect(await dbCounts(server.app)).toEqual({ ...before, invitations: before.invitations! + 1, events: before.events! + 1 });

    const again = await readInvitation(invitation.id);
    expect(again).toEqual({ __typename: 'Invitation', ...invitation });
    const everything = JSON.stringify(await ask(server.gql, `query LcTrail { events(first: 100) { edges { node { type data } } } }`));
    expect(everything).toContain('organization.invitation.created');
    expect(everything).not.toContain(token);
    expect(everything).not.toContain(sha256Hex(token));
    expect(everything).not.toContain('tokenHash');
    // only the hash is stored
    const row = await server.app.db.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.tokenHash).toBe(sha256Hex(token));
  });

  it('uses the organization default member scopes when none are given', async () => {
    const org = await createOrganization(server.gql, issuerId, { defaultMemberScopes: ['docs:read', 'docs:comment'] });
    const { invitation } = await invite(org.id, 'defaults@example.com');
    expect(invitation.scopes).toEqual(['docs:read', 'docs:comment']);
  });

  it('accepting on the hosted page by signing up creates the user (email not verified) and a membership with the invitation scopes', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const { acceptUrl, invitation } = await invite(org.id, 'newcomer@example.com', { scopes: ['invoices:read', 'invoices:write'] });
    const before = await dbCounts(server.app);
    const res = await acceptBySignUp(acceptUrl, TEST_PASSWORD);
    expect(res.res.status).toBe(200);
    const accepted = { invitation: await readInvitation(invitation.id) };
    expect(accepted).toMatchObject({ invitation: { id: invitation.id, status: 'ACCEPTED' } });
    const userId = accepted.invitation.acceptedByUserId;
    expect(userId).toMatch(/^usr_/);
    const user = (await ask(server.gql, USER_NODE, { id: userId })).node;
    // the token went to the inviting API caller, not provably to the mailbox (review F10)
    expect(user).toMatchObject({ username: 'newcomer@example.com', email: 'newcomer@example.com', emailVerified: false });
    expect(user.memberships.edges.map((e: Data) => e.node)).toEqual([
      { id: expect.any(String), scopes: ['invoices:read', 'invoices:write'], status: 'ACTIVE', organization: { id: org.id } },
    ]);
    expect(await dbCounts(server.app)).toEqual({
      ...before,
      users: before.users! + 1,
      memberships: before.memberships! + 1,
      events: before.events! + 3,
    });

    const stored = await readInvitation(invitation.id);
    expect(stored).toMatchObject({ status: 'ACCEPTED', acceptedByUserId: userId });
    expect(stored.acceptedAt).toEqual(expect.any(String));
  });

  // Regression test (accept-acceptedAt), the bug was: src/domain/invitations.ts accept() returned
  // the invitation built from the row read BEFORE the update, so the payload showed acceptedAt null.
  it('the acceptInvitation payload shows acceptedAt, as a later read does', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const { token, invitation } = await invite(org.id, 'acceptedat@example.com', { scopes: ['a:b'] });
    const res = await acceptAs(await invitee('acceptedat@example.com'), { token });
    const stored = await readInvitation(invitation.id);
    expect(stored.acceptedAt).toEqual(expect.any(String));
    expect(res.data.acceptInvitation.invitation.acceptedAt).toBe(stored.acceptedAt);
  });

  it('accepting with an existing user of that email reuses the user', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const user = await invitee('already@example.com');
    const { token } = await invite(org.id, 'already@example.com', { scopes: ['a:b'] });
    const before = await dbCounts(server.app);
    const res = await acceptAs(user, { token });
    expect(res.data.acceptInvitation.membership.user.id).toBe(user.id);
    expect(await dbCounts(server.app)).toEqual({ ...before, memberships: before.memberships! + 1, events: before.events! + 2 });
  });

  it('accepting twice is refused (INVALID_STATE) and changes nothing', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const { token, invitation } = await invite(org.id, 'twice-accept@example.com', { scopes: ['a:b'] });
    const user = await invitee('twice-accept@example.com');
    expect((await acceptAs(user, { token })).data.acceptInvitation.__typename).toBe('AcceptInvitationPayload');
    const first = await readInvitation(invitation.id);
    await expectUnchanged(server, async () => {
      expectTypedError(await acceptAs(user, { token }), 'acceptInvitation', 'InvalidStateError', 'INVALID_STATE');
    });
    expect(await readInvitation(invitation.id)).toEqual(first);
  });

  it('a revoked invitation cannot be accepted (INVALID_STATE); revoking twice is refused too', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const { token, acceptUrl, invitation } = await invite(org.id, 'revoked@example.com', { scopes: ['a:b'] });
    const revoked = await mutate(REVOKE_INVITATION, { id: invitation.id });
    expect(revoked.data.revokeInvitation.invitation).toMatchObject({ id: invitation.id, status: 'REVOKED', revokedAt: expect.any(String) });
    await expectUnchanged(server, async () => {
      expect((await acceptBySignUp(acceptUrl, TEST_PASSWORD)).res.status).toBe(410);
      expectTypedError(await mutate(REVOKE_INVITATION, { id: invitation.id }), 'revokeInvitation', 'InvalidStateError', 'INVALID_STATE');
    });
    expect(await readInvitation(invitation.id)).toMatchObject({ status: 'REVOKED', acceptedAt: null, acceptedByUserId: null });
    expect(await server.app.db.prisma.user.count({ where: { username: 'revoked@example.com' } })).toBe(0);
    // the invitee signed in gets INVALID_STATE
    const user = await invitee('revoked@example.com');
    await expectUnchanged(server, async () => {
      expectTypedError(await acceptAs(user, { token }), 'acceptInvitation', 'InvalidStateError', 'INVALID_STATE');
    });
    expect(await readInvitation(invitation.id)).toMatchObject({ status: 'REVOKED', acceptedAt: null, acceptedByUserId: null });
  });

  it('an expired invitation cannot be accepted (INVALID_STATE) and reads as EXPIRED', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const { token, acceptUrl, invitation } = await invite(org.id, 'late@example.com', { scopes: ['a:b'], expiresInHours: 1 });
    expect(Math.abs(Date.parse(invitation.expiresAt) - (Date.now() + 3_600_000))).toBeLessThan(60_000);
    const fresh = await invite(org.id, 'fresh@example.com', { scopes: ['a:b'] });
    await server.app.db.prisma.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 60_000) } });

    await expectUnchanged(server, async () => {
      expect((await acceptBySignUp(acceptUrl, TEST_PASSWORD)).res.status).toBe(410);
    });
    expect(await readInvitation(invitation.id)).toMatchObject({ status: 'EXPIRED', acceptedAt: null });
    const byStatus = async (status: string | null) =>
      (await ask(server.gql, ORG_INVITATIONS, { id: org.id, status })).organization.invitations.edges.map((e: Data) => [
        e.node.id,
        e.node.status,
      ]);
    expect(await byStatus('EXPIRED')).toEqual([[invitation.id, 'EXPIRED']]);
    expect(await byStatus('PENDING')).toEqual([[fresh.invitation.id, 'PENDING']]);
    expect(await byStatus(null)).toEqual([
      [invitation.id, 'EXPIRED'],
      [fresh.invitation.id, 'PENDING'],
    ]);
    expect(await server.app.db.prisma.user.count({ where: { username: 'late@example.com' } })).toBe(0);
    const user = await invitee('late@example.com');
    await expectUnchanged(server, async () => {
      expectTypedError(await acceptAs(user, { token }), 'acceptInvitation', 'InvalidStateError', 'INVALID_STATE');
    });
    expect(await readInvitation(invitation.id)).toMatchObject({ status: 'EXPIRED', acceptedAt: null });
  });

  it('naming a user with a different email is refused (FORBIDDEN on userId) and the invitation stays pending', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const other = await createUser(server.gql, issuerId, 'someone-else@example.com');
    const { token, invitation } = await invite(org.id, 'intended@example.com', { scopes: ['a:b'] });
    const user = await invitee('intended@example.com');
    await expectUnchanged(server, async () => {
      const res = expectTypedError(await acceptAs(user, { token, userId: other.id }), 'acceptInvitation', 'ForbiddenError', 'FORBIDDEN');
      expect(res.field).toBe('userId');
    });
    expect(await readInvitation(invitation.id)).toMatchObject({ status: 'PENDING', acceptedByUserId: null });
  });

  it('refuses an unknown token (NOT_FOUND) and a malformed one (ValidationError)', async () => {
    const user = await invitee('token-tester@example.com');
    await expectUnchanged(server, async () => {
      expectTypedError(await acceptAs(user, { token: `agi_${'x'.repeat(43)}` }), 'acceptInvitation', 'NotFoundError', 'NOT_FOUND');
      expectValidation(await acceptAs(user, { token: 'short' }), 'acceptInvitation', ['token']);
    });
  });

  it('accepting into a full organization is refused (LIMIT_REACHED) and leaves the invitation pending and no user behind', async () => {
    const org = await createOrganization(server.gql, issuerId, { memberLimit: 1 });
    await createMembership(server.gql, org.id, (await createUser(server.gql, issuerId)).id);
    const { token, invitation } = await invite(org.id, 'no-room@example.com', { scopes: ['a:b'] });
    const user = await invitee('no-room@example.com');
    await expectUnchanged(server, async () => {
      const res = expectTypedError(await acceptAs(user, { token }), 'acceptInvitation', 'LimitReachedError', 'LIMIT_REACHED');
      expect(res.limit).toBe(1);
    });
    expect(await readInvitation(invitation.id)).toMatchObject({ status: 'PENDING', acceptedAt: null });
  });

  it('accepting as a user who is already a member is refused (CONFLICT) and leaves the invitation pending', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const member = await invitee('member-already@example.com');
    await createMembership(server.gql, org.id, member.id);
    const { token, invitation } = await invite(org.id, 'member-already@example.com', { scopes: ['a:b'] });
    await expectUnchanged(server, async () => {
      expectTypedError(await acceptAs(member, { token }), 'acceptInvitation', 'ConflictError', 'CONFLICT');
    });
    expect(await readInvitation(invitation.id)).toMatchObject({ status: 'PENDING' });
  });

  it('two concurrent acceptances of one token: exactly one succeeds', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const { token } = await invite(org.id, 'racer@example.com', { scopes: ['a:b'] });
    const user = await invitee('racer@example.com');
    const before = await dbCounts(server.app);
    const results = await Promise.all([acceptAs(user, { token }), acceptAs(user, { token })]);
    const kinds = results.map((r) => r.data?.acceptInvitation?.__typename ?? r.errors?.[0]?.extensions?.code).sort();
    expect(kinds).toEqual(['AcceptInvitationPayload', 'InvalidStateError']);
    expect(await dbCounts(server.app)).toEqual({ ...before, memberships: before.memberships! + 1, events: before.events! + 2 });
  });
});
