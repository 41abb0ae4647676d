/**
 * Issue 13 items 2 and 3: a client branches on `reason` (the schema's ErrorReason) to tell
 * situations apart that share a code, through real GraphQL; and an invitation's expiry is one
 * rule on the app's clock, so under a clock the test moves the graph (`Invitation.status`, the
 * `invitations(status:)` filter) and the domain (accepting, the hosted page's lookup) agree.
 */
import { graphql } from './gql/index.js';
import type { ErrorReason } from './gql/graphql.js';
import { describe, expect, test as withFixtures } from './fixtures.js';
import { manualClock } from './helpers/clock.js';
import { createApiKey, createInvitation, createMembership, createOrganization, createUser } from './helpers/fixtures.js';
import type { GraphQLClient } from './helpers/graphql.js';

const clock = manualClock();
// A file-local extension, not `test.override`: the test runner shares one fixtures module among
// the files of a worker (isolate: false), and a top-level override would outlive this file.
const test = withFixtures.extend({ serverClock: [clock, { scope: 'file' }] });

const ERROR = `code message ... on InvalidStateError { reason } ... on ConflictError { reason field } ... on LimitReachedError { reason limit } ... on ForbiddenError { reason field }`;

const SuspendOrganization = graphql(`
  mutation ReasonSuspend($input: SuspendOrganizationInput!) {
    suspendOrganization(input: $input) {
      __typename
      ... on SuspendOrganizationPayload { organization { id status } }
      ... on Error { code message }
      ... on InvalidStateError { reason }
    }
  }
`);

const CreateInvitation = graphql(`
  mutation ReasonCreateInvitation($input: CreateInvitationInput!) {
    createInvitation(input: $input) {
      __typename
      ... on CreateInvitationPayload { invitation { id } }
      ... on Error { code message }
      ... on InvalidStateError { reason }
      ... on ForbiddenError { reason field }
    }
  }
`);

const RevokeInvitation = graphql(`
  mutation ReasonRevokeInvitation($input: RevokeInvitationInput!) {
    revokeInvitation(input: $input) {
      __typename
      ... on RevokeInvitationPayload { invitation { id status } }
      ... on Error { code message }
      ... on InvalidStateError { reason }
    }
  }
`);

const RevokeApiKey = graphql(`
  mutation ReasonRevokeApiKey($input: RevokeApiKeyInput!) {
    revokeApiKey(input: $input) {
      __typename
      ... on RevokeApiKeyPayload { apiKey { id status } }
      ... on Error { code message }
      ... on InvalidStateError { reason }
      ... on ForbiddenError { reason field }
    }
  }
`);

const CreateOrganization = graphql(`
  mutation ReasonCreateOrganization($input: CreateOrganizationInput!) {
    createOrganization(input: $input) {
      __typename
      ... on CreateOrganizationPayload { organization { id } }
      ... on Error { code message }
      ... on ConflictError { reason field }
    }
  }
`);

const CreateMembership = graphql(`
  mutation ReasonCreateMembership($input: CreateMembershipInput!) {
    createMembership(input: $input) {
      __typename
      ... on CreateMembershipPayload { membership { id } }
      ... on Error { code message }
      ... on ConflictError { reason field }
      ... on LimitReachedError { reason limit }
      ... on ForbiddenError { reason field }
    }
  }
`);

const CreateApiKey = graphql(`
  mutation ReasonCreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      __typename
      ... on CreateApiKeyPayload { apiKey { id } }
      ... on Error { code message }
      ... on ForbiddenError { reason field }
    }
  }
`);

const InvitationStatus = graphql(`
  query ReasonInvitationStatus($id: ID!, $org: ID!) {
    node(id: $id) { ... on Invitation { id status expiresAt } }
    organization(id: $org) {
      pending: invitations(first: 10, status: PENDING) { totalCount edges { node { id } } }
      expired: invitations(first: 10, status: EXPIRED) { totalCount edges { node { id } } }
    }
  }
`);

/** What a client application does on each reason: the branch the test expects it to take. */
function nextStep(result: { __typename: string; reason?: ErrorReason }): string {
  switch (result.reason) {
    case 'ORGANIZATION_SUSPENDED':
      return 'reactivate the organization first';
    case 'ORGANIZATION_ALREADY_SUSPENDED':
    case 'ALREADY_REVOKED':
    case 'INVITATION_REVOKED':
      return 'nothing to do';
    case 'INVITATION_EXPIRED':
      return 'send a new invitation';
    case 'SLUG_TAKEN':
      return 'choose another slug';
    case 'ALREADY_MEMBER':
      return 'nothing to do';
    case 'MEMBER_LIMIT':
      return 'raise the member limit';
    case 'SCOPE_NOT_HELD':
      return 'ask for a credential that holds the scopes';
    default:
      return `unexpected ${result.__typename}`;
  }
}

describe('error reasons through GraphQL', () => {
  test('INVALID_STATE: a suspended organization and one suspended already are told apart, and nothing changes', async ({
    admin,
    server,
    organization,
  }) => {
    const first = await admin.request(SuspendOrganization, { input: { id: organization.id } });
    expect(first.suspendOrganization).toMatchObject({ __typename: 'SuspendOrganizationPayload', organization: { status: 'SUSPENDED' } });

    const again = await admin.request(SuspendOrganization, { input: { id: organization.id } });
    expect(again.suspendOrganization).toMatchObject({
      __typename: 'InvalidStateError',
      code: 'INVALID_STATE',
      reason: 'ORGANIZATION_ALREADY_SUSPENDED',
    });
    expect(nextStep(again.suspendOrganization)).toBe('nothing to do');

    const before = await server.app.db.prisma.invitation.count({ where: { organizationId: organization.id } });
    const invite = await admin.request(CreateInvitation, {
      input: { organizationId: organization.id, email: 'late@example.com', scopes: ['invoices:read'] },
    });
    expect(invite.createInvitation).toMatchObject({
      __typename: 'InvalidStateError',
      code: 'INVALID_STATE',
      reason: 'ORGANIZATION_SUSPENDED',
    });
    expect(nextStep(invite.createInvitation)).toBe('reactivate the organization first');
    expect(await server.app.db.prisma.invitation.count({ where: { organizationId: organization.id } })).toBe(before);
  });

  test('INVALID_STATE: revoking twice says ALREADY_REVOKED for a key and INVITATION_REVOKED for an invitation', async ({
    admin,
    organization,
  }) => {
    const key = await createApiKey(admin, { organizationId: organization.id, scopes: ['invoices:read'] });
    expect((await admin.request(RevokeApiKey, { input: { id: key.id } })).revokeApiKey.__typename).toBe('RevokeApiKeyPayload');
    const twice = (await admin.request(RevokeApiKey, { input: { id: key.id } })).revokeApiKey;
    expect(twice).toMatchObject({ __typename: 'InvalidStateError', reason: 'ALREADY_REVOKED' });

    const invitation = await createInvitation(admin, { organizationId: organization.id, scopes: ['invoices:read'] });
    expect((await admin.request(RevokeInvitation, { input: { id: invitation.id } })).revokeInvitation).toMatchObject({
      invitation: { status: 'REVOKED' },
    });
    const again = (await admin.request(RevokeInvitation, { input: { id: invitation.id } })).revokeInvitation;
    expect(again).toMatchObject({ __typename: 'InvalidStateError', reason: 'INVITATION_REVOKED' });
    expect([twice, again].map(nextStep)).toEqual(['nothing to do', 'nothing to do']);
  });

  test('CONFLICT and LIMIT_REACHED: a taken slug, a member twice and a full organization each name their reason', async ({
    admin,
    issuer,
  }) => {
    const org = await createOrganization(admin, issuer.id, { memberLimit: 2 });
    const taken = (await admin.request(CreateOrganization, { input: { issuerId: issuer.id, name: 'Same slug', slug: org.slug } }))
      .createOrganization;
    expect(taken).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT', reason: 'SLUG_TAKEN', field: 'slug' });

    const [ada, bob, cy] = [await createUser(admin, issuer.id), await createUser(admin, issuer.id), await createUser(admin, issuer.id)];
    await createMembership(admin, org.id, ada.id, ['invoices:read']);
    const twice = (
      await admin.request(CreateMembership, { input: { organizationId: org.id, memberId: ada.id, scopes: ['invoices:read'] } })
    ).createMembership;
    await createMembership(admin, org.id, bob.id, ['invoices:read']);
    const full = (await admin.request(CreateMembership, { input: { organizationId: org.id, memberId: cy.id, scopes: ['invoices:read'] } }))
      .createMembership;
    // the same question (may this member join?) answered with three different branches
    expect(twice).toMatchObject({ __typename: 'ConflictError', reason: 'ALREADY_MEMBER', field: 'memberId' });
    expect(full).toMatchObject({ __typename: 'LimitReachedError', code: 'LIMIT_REACHED', reason: 'MEMBER_LIMIT', limit: 2 });
    expect([taken, twice, full].map(nextStep)).toEqual(['choose another slug', 'nothing to do', 'raise the member limit']);
  });

  test('FORBIDDEN: granting beyond the credential names SCOPE_NOT_HELD and the field', async ({ organization, orgKey }) => {
    const wider = (
      await orgKey.gql.request(CreateApiKey, { input: { organizationId: organization.id, name: 'wider', scopes: ['invoices:write'] } })
    ).createApiKey;
    expect(wider).toMatchObject({ __typename: 'ForbiddenError', code: 'FORBIDDEN', reason: 'SCOPE_NOT_HELD', field: 'scopes' });
    expect(nextStep(wider)).toBe('ask for a credential that holds the scopes');
  });

  test('the Error interface fragment and the reason fields of four types merge in one selection', async ({ admin }) => {
    // GraphQL refuses same-named fields of different types side by side: one ErrorReason type lets a client select them all
    const answer = await admin.raw(
      `mutation ReasonAll($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { __typename ... on Error { ${ERROR} } } }`,
      { input: { id: 'key_01hzzzzzzzzzzzzzzzzzzzzzzz' } },
    );
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toMatchObject({ revokeApiKey: { __typename: 'NotFoundError', code: 'NOT_FOUND' } });
  });
});

describe('invitation expiry: one rule on the app clock', () => {
  async function stateOf(admin: GraphQLClient, invitationId: string, organizationId: string) {
    const data = await admin.request(InvitationStatus, { id: invitationId, org: organizationId });
    const node = data.node as { status?: string } | null;
    const ids = (c: { edges: { node: { id: string } }[] } | undefined) => (c?.edges ?? []).map((e) => e.node.id);
    return { status: node?.status, pending: ids(data.organization?.pending), expired: ids(data.organization?.expired) };
  }

  test('before and after expiresAt by the manual clock, the graph and the domain agree (the wall clock would not)', async ({
    admin,
    server,
    issuer,
    organization,
  }) => {
    const invitee = await createUser(admin, issuer.id);
    const invitation = await createInvitation(admin, {
      organizationId: organization.id,
      email: invitee.username,
      scopes: ['invoices:read'],
      expiresInHours: 1,
    });
    const domain = server.app.services.invitations;
    const lookup = async () => (await domain.lookup(issuer.id, invitation.token)).status;

    expect(await stateOf(admin, invitation.id, organization.id)).toEqual({ status: 'PENDING', pending: [invitation.id], expired: [] });
    expect(await lookup()).toBe('pending');

    // Two hours later by the app's clock; by the wall clock the invitation is still an hour from expiring.
    clock.advance(2 * 3_600_000);
    expect(new Date(invitation.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(await stateOf(admin, invitation.id, organization.id)).toEqual({ status: 'EXPIRED', pending: [], expired: [invitation.id] });
    expect(await lookup()).toBe('expired');
    const refused = await domain.acceptAsUser(issuer.id, invitation.id, invitee.id).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'INVALID_STATE', reason: 'INVITATION_EXPIRED' });
    expect(nextStep({ __typename: 'InvalidStateError', reason: (refused as { reason: ErrorReason }).reason })).toBe(
      'send a new invitation',
    );
    // nothing was written: still pending in the database, no membership
    const row = await server.app.db.prisma.invitation.findUniqueOrThrow({ where: { id: invitation.id } });
    expect(row.status).toBe('pending');
    expect(await server.app.db.prisma.membership.count({ where: { organizationId: organization.id, userId: invitee.id } })).toBe(0);
  });

  test('an invitation that is still pending by the manual clock is accepted, and both views say ACCEPTED', async ({
    admin,
    server,
    issuer,
    organization,
  }) => {
    const invitee = await createUser(admin, issuer.id);
    const invitation = await createInvitation(admin, {
      organizationId: organization.id,
      email: invitee.username,
      scopes: ['invoices:read'],
      expiresInHours: 3,
    });
    clock.advance(2 * 3_600_000);
    const accepted = await server.app.services.invitations.acceptAsUser(issuer.id, invitation.id, invitee.id);
    expect(accepted.invitation.status).toBe('accepted');
    expect(await stateOf(admin, invitation.id, organization.id)).toEqual({ status: 'ACCEPTED', pending: [], expired: [] });
    expect((await server.app.services.invitations.lookup(issuer.id, invitation.token)).status).toBe('accepted');
  });
});
