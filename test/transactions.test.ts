/**
 * The outbox promise (DESIGN §6): a change and its event are written in one transaction. With the
 * test fault hook, writing the event throws after the change was made; the change must be rolled
 * back, the client must see a masked error, and a normal call afterwards writes exactly one change
 * and one event.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { createIssuer, createOrganization, createUser } from './helpers/fixtures.js';
import { allEvents, ask, dbCounts, eventsOfType, expectMasked, expectUnchanged, send, type Data } from './helpers/state.js';
import { bearer, Browser, createWebClient, invitationFormUrl, sealedState, signedInUser, TEST_PASSWORD } from './helpers/browser.js';

const CREATE_ORGANIZATION = `
  mutation TxCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { id slug } }
      ... on Error { code message }
    }
  }
`;

const CREATE_MEMBERSHIP = `
  mutation TxCreateMembership($input: CreateMembershipInput!) {
    createMembership(input: $input) {
      __typename
      ... on CreateMembershipPayload { membership { id scopes } }
      ... on Error { code message }
    }
  }
`;

const CREATE_INVITATION = `
  mutation TxCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      __typename
      ... on CreateInvitationPayload { token acceptUrl invitation { id status } }
      ... on Error { code message }
    }
  }
`;

const ACCEPT_INVITATION = `
  mutation TxAcceptInvitation($input: AcceptInvitationInput!) {
    acceptInvitation(input: $input) {
      __typename
      ... on AcceptInvitationPayload { invitation { id status acceptedByUserId } membership { id scopes user { id username } } }
      ... on Error { code message }
    }
  }
`;

const ISSUER_ORGS = `
  query TxIssuerOrgs($id: ID!) {
    issuer(id: $id) {
      organizations(first: 100) { totalCount edges { node { id slug } } }
      users(first: 100) { totalCount edges { node { id username } } }
    }
  }
`;

const ORG_MEMBERS = `
  query TxOrgMembers($id: ID!) {
    organization(id: $id) {
      members(first: 100) { totalCount edges { node { id memberId } } }
      invitations(first: 100) { totalCount edges { node { id status } } }
    }
  }
`;

const INVITATION = `
  query TxInvitation($id: ID!) {
    node(id: $id) { ... on Invitation { id status acceptedAt acceptedByUserId } }
  }
`;

describe('a change and its event commit together or not at all', () => {
  let server: TestServer;
  let issuerId: string;

  beforeAll(async () => {
    server = await startServer();
    issuerId = (await createIssuer(server.gql)).id;
  });
  afterEach(() => {
    server.faults.failEventWrite = null;
  });
  afterAll(async () => {
    await server?.stop();
  });

  const issuerView = async () => (await ask(server.gql, ISSUER_ORGS, { id: issuerId })).issuer;
  const orgView = async (id: string) => (await ask(server.gql, ORG_MEMBERS, { id })).organization;

  /** Events written since `before` (ids of the trail, newest first). */
  async function newEventsSince(before: string[]) {
    const seen = new Set(before);
    return (await allEvents(server.gql)).filter((e) => !seen.has(e.id));
  }

  it('createOrganization: the organization and organization.created roll back together; a retry writes one of each', async () => {
    const input = { issuerId, name: 'Rollback Corp', slug: 'rollback-corp' };

    server.faults.failEventWrite = 'organization.created';
    await expectUnchanged(server, async () => {
      const res = await send(server.gql, CREATE_ORGANIZATION, { input });
      expect(res.status).toBe(200);
      expect(res.data ?? null).toBeNull();
      expectMasked(res);
    });
    server.faults.failEventWrite = null;

    const view = await issuerView();
    expect(view.organizations.edges.map((e: Data) => e.node.slug)).not.toContain('rollback-corp');
    expect(await server.app.db.prisma.organization.count({ where: { slug: 'rollback-corp' } })).toBe(0);
    expect(await eventsOfType(server.gql, 'organization.created')).toEqual([]);

    const trail = (await allEvents(server.gql)).map((e) => e.id);
    const counts = await dbCounts(server.app);
    const ok = await ask(server.gql, CREATE_ORGANIZATION, { input });
    expect(ok.createOrganization).toMatchObject({ __typename: 'CreateOrganizationPayload', organization: { slug: 'rollback-corp' } });
    const orgId = ok.createOrganization.organization.id;

    expect(await dbCounts(server.app)).toEqual({ ...counts, organizations: counts.organizations! + 1, events: counts.events! + 1 });
    expect((await issuerView()).organizations.totalCount).toBe(view.organizations.totalCount + 1);
    const written = await newEventsSince(trail);
    expect(written).toEqual([{ id: expect.any(String), type: 'organization.created', subject: orgId }]);
  });

  it('createMembership: the membership and organization.membership.created roll back together; a retry writes one of each', async () => {
    const org = await createOrganization(server.gql, issuerId);
    const user = await createUser(server.gql, issuerId);
    const input = { organizationId: org.id, memberId: user.id, scopes: ['invoices:read'] };

    server.faults.failEventWrite = 'organization.membership.created';
    await expectUnchanged(server, async () => {
      const res = await send(server.gql, CREATE_MEMBERSHIP, { input });
      expect(res.data ?? null).toBeNull();
      expectMasked(res);
    });
    server.faults.failEventWrite = null;

    expect((await orgView(org.id)).members.totalCount).toBe(0);
    expect(await server.app.db.prisma.membership.count({ where: { organizationId: org.id } })).toBe(0);
    expect((await eventsOfType(server.gql, 'organization.membership.created')).filter((e) => e.organizationId === org.id)).toEqual([]);

    const trail = (await allEvents(server.gql)).map((e) => e.id);
    const counts = await dbCounts(server.app);
    const ok = await ask(server.gql, CREATE_MEMBERSHIP, { input });
    expect(ok.createMembership).toMatchObject({ __typename: 'CreateMembershipPayload', membership: { scopes: ['invoices:read'] } });
    expect(await dbCounts(server.app)).toEqual({ ...counts, memberships: counts.memberships! + 1, events: counts.events! + 1 });
    expect((await orgView(org.id)).members).toMatchObject({
      totalCount: 1,
      edges: [{ node: { id: ok.createMembership.membership.id, memberId: user.id } }],
    });
    expect(await newEventsSince(trail)).toEqual([
      { id: expect.any(String), type: 'organization.membership.created', subject: ok.createMembership.membership.id },
    ]);
  });

  describe('acceptInvitation', () => {
    async function invite(email: string) {
      const org = await createOrganization(server.gql, issuerId);
      const created = await ask(server.gql, CREATE_INVITATION, {
        input: { organizationId: org.id, email, scopes: ['projects:read', 'projects:write'] },
      });
      expect(created.createInvitation.__typename).toBe('CreateInvitationPayload');
      return {
        orgId: org.id as string,
        invitationId: created.createInvitation.invitation.id as string,
        token: created.createInvitation.token as string,
        acceptUrl: created.createInvitation.acceptUrl as string,
      };
    }

    async function expectStillPending(orgId: string, invitationId: string) {
      expect((await ask(server.gql, INVITATION, { id: invitationId })).node).toEqual({
        id: invitationId,
        status: 'PENDING',
        acceptedAt: null,
        acceptedByUserId: null,
      });
      const row = await server.app.db.prisma.invitation.findUniqueOrThrow({ where: { id: invitationId } });
      expect(row).toMatchObject({ status: 'pending', acceptedAt: null, acceptedByUserId: null });
      expect((await orgView(orgId)).members.totalCount).toBe(0);
    }

    it.each([['user.created'], ['organization.membership.created'], ['organization.invitation.accepted']] as const)(
      'signing up on the invitation page: failing to write %s rolls back the user, the membership and the acceptance; a retry then succeeds once',
      async (failing) => {
        const email = `invitee-${failing.replace(/\W/g, '-')}@example.com`;
        const { orgId, invitationId, acceptUrl } = await invite(email);
        const usersBefore = (await issuerView()).users.totalCount;
        const browser = new Browser();
        const form = {
          ag_state: sealedState((await browser.get(acceptUrl)).body),
          password: TEST_PASSWORD,
          password_confirm: TEST_PASSWORD,
        };

        server.faults.failEventWrite = failing;
        await expectUnchanged(server, async () => {
          const res = await browser.post(invitationFormUrl(acceptUrl), form);
          expect(res.res.status).toBe(500);
          // a navigation: a masked HTML error page (never JSON), nothing of the fault
          expect(res.body).toMatch(/^<!doctype html>/i);
          expect(res.body).not.toContain('injected fault');
        });
        server.faults.failEventWrite = null;

        await expectStillPending(orgId, invitationId);
        const view = await issuerView();
        expect(view.users.totalCount).toBe(usersBefore);
        expect(view.users.edges.map((e: Data) => e.node.username)).not.toContain(email);
        expect(await server.app.db.prisma.user.count({ where: { username: email } })).toBe(0);
        expect(
          (await eventsOfType(server.gql, 'user.created', 'organization.membership.created', 'organization.invitation.accepted')).filter(
            (e) => e.organizationId === orgId || e.data?.username === email,
          ),
        ).toEqual([]);

        // the same form works once the fault is gone, and writes each thing once
        const trail = (await allEvents(server.gql)).map((e) => e.id);
        const counts = await dbCounts(server.app);
        const ok = await browser.post(invitationFormUrl(acceptUrl), form);
        expect(ok.res.status).toBe(200);
        const accepted = (await ask(server.gql, INVITATION, { id: invitationId })).node;
        expect(accepted).toMatchObject({ id: invitationId, status: 'ACCEPTED' });
        const userId = accepted.acceptedByUserId;
        const members = (await orgView(orgId)).members;
        expect(members).toMatchObject({ totalCount: 1, edges: [{ node: { memberId: userId } }] });
        expect((await server.app.db.prisma.user.findUniqueOrThrow({ where: { id: userId } })).username).toBe(email);
        expect((await server.app.db.prisma.membership.findUniqueOrThrow({ where: { id: members.edges[0].node.id } })).scopes).toEqual([
          'projects:read',
          'projects:write',
        ]);
        expect(await dbCounts(server.app)).toEqual({
          ...counts,
          users: counts.users! + 1,
          memberships: counts.memberships! + 1,
          events: counts.events! + 3,
        });
        const written = await newEventsSince(trail);
        expect(written.map((e) => e.type).sort()).toEqual([
          'organization.invitation.accepted',
          'organization.membership.created',
          'user.created',
        ]);
        expect(written.find((e) => e.type === 'user.created')?.subject).toBe(userId);
        expect(written.find((e) => e.type === 'organization.membership.created')?.subject).toBe(members.edges[0].node.id);
        expect(written.find((e) => e.type === 'organization.invitation.accepted')?.subject).toBe(invitationId);
      },
    );

    it('with an existing user: failing organization.membership.created leaves the invitation pending and the user untouched', async () => {
      const email = 'existing-invitee@example.com';
      const user = await signedInUser(server.gql, server.url, issuerId, await createWebClient(server.gql, issuerId), email);
      const { orgId, invitationId, token } = await invite(email);
      await server.app.flushMetered();

      server.faults.failEventWrite = 'organization.membership.created';
      await expectUnchanged(server, async () => {
        expectMasked(await send(server.gql, ACCEPT_INVITATION, { input: { token, userId: user.id } }, bearer(user.token)));
      });
      server.faults.failEventWrite = null;
      await expectStillPending(orgId, invitationId);

      const counts = await dbCounts(server.app);
      const ok = await ask(server.gql, ACCEPT_INVITATION, { input: { token, userId: user.id } }, bearer(user.token));
      expect(ok.acceptInvitation.membership.user.id).toBe(user.id);
      expect(await dbCounts(server.app)).toEqual({ ...counts, memberships: counts.memberships! + 1, events: counts.events! + 2 });
    });
  });

  it('other mutations keep working while a fault targets an unrelated event type', async () => {
    server.faults.failEventWrite = 'user.created';
    const counts = await dbCounts(server.app);
    const ok = await ask(server.gql, CREATE_ORGANIZATION, { input: { issuerId, name: 'Unrelated Fault Inc' } });
    expect(ok.createOrganization.__typename).toBe('CreateOrganizationPayload');
    expect(await dbCounts(server.app)).toEqual({ ...counts, organizations: counts.organizations! + 1, events: counts.events! + 1 });
  });
});
