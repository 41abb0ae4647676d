/**
 * Invitations: an email invited into an organization with scopes. The token is shown once on
 * creation; accepting it (before expiry) creates the membership, and the user if needed.
 * Accepting is the invitee's act, never the inviting credential's: on the hosted page
 * (src/oauth/invitation/, by signing in or signing up as the invited address) or through the
 * Core API with the invitee's own sign-in token (`accept`).
 * @module
 */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { randomSecret, sha256Hex } from '../lib/crypto.js';
import { ConflictError, ForbiddenError, InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, idOf, scopeList, email } from './validation.js';
import { ownSignIn, reachable } from './authorization/visibility.js';
import { assertScopesHeld, grantorRestrictions, lineageOf } from './authorization/attenuation.js';
import { creatorAuthority, withinCreator } from './authorization/creator.js';
import { actorOf, originOf, type EventOrigin, type Viewer } from './viewer.js';
import { isUniqueViolation, type ServiceDeps } from './deps.js';
import type { OrganizationService } from './organizations.js';
import type { MembershipService } from './memberships.js';
import type { UserService } from './users.js';
import type { Invitation, InvitationStatus, User } from '../generated/prisma/client.js';

const CreateInvitation = z.object({
  organizationId: idOf('organization'),
  email,
  scopes: scopeList.optional(),
  expiresInHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .optional(),
});

const AcceptInvitation = z.object({
  token: z.string().min(20).max(200),
  userId: idOf('user').optional(),
});

const ById = z.object({ id: idOf('invitation') });

const NOT_THE_INVITEE = 'Accepting an invitation is the invitee’s act: sign in (or sign up) as the invited address on the invitation page.';

/** Whether `user` is the person `address` was invited as: their username, or their verified email (case-insensitive). */
export function isInvitee(user: Pick<User, 'username' | 'email' | 'emailVerified'>, address: string): boolean {
  const invited = address.toLowerCase();
  return user.username.toLowerCase() === invited || (user.emailVerified && user.email?.toLowerCase() === invited);
}

/** An invitation's state as people see it: EXPIRED is a pending invitation past its `expiresAt`. */
export type InvitationState = InvitationStatus | 'expired';

/**
 * The one rule for an invitation's state at `now` (the service's injected clock, never the wall
 * clock): a pending invitation whose `expiresAt` is at or before `now` is `expired`; every other
 * invitation is in its stored status. The domain, the `Invitation.status` field and the
 * `Organization.invitations(status:)` filter all ask this rule (or `invitationStateWhere`).
 */
export function invitationState(invitation: Pick<Invitation, 'status' | 'expiresAt'>, now: Date): InvitationState {
  return invitation.status === 'pending' && invitation.expiresAt <= now ? 'expired' : invitation.status;
}

/**
 * The rows in `state` at `now`, as a Prisma `where` on the invitation: the same rule as
 * `invitationState`, for queries (a claim that must still be pending, a list filtered by state).
 */
export function invitationStateWhere(
  state: InvitationState,
  now: Date,
): { status: InvitationStatus; expiresAt?: { lte: Date } | { gt: Date } } {
  if (state === 'expired') return { status: 'pending', expiresAt: { lte: now } };
  if (state === 'pending') return { status: 'pending', expiresAt: { gt: now } };
  return { status: state };
}

/** What the hosted invitation page may learn from a token (see `lookup`). */
export type InvitationLookup =
  | { status: 'unknown' }
  | { status: 'accepted' | 'revoked' | 'expired' | 'suspended'; invitation: Invitation; organization: { id: string; name: string } }
  | {
      status: 'pending';
      invitation: Invitation;
      organization: { id: string; name: string };
      invitee: { id: string; username: string } | null;
    };

/** Invitation tokens carry a prefix so they are recognisable (and scannable) in logs and mail. */
const TOKEN_PREFIX = 'agi_';

export function createInvitationService(
  deps: ServiceDeps,
  organizations: OrganizationService,
  memberships: MembershipService,
  users: UserService,
) {
  const { prisma, recordEvent, clock, config } = deps;

  /** The invitation of `issuerId` with `token`; null for anything else (other issuers included). */
  async function findByToken(issuerId: string, token: string): Promise<Invitation | null> {
    if (typeof token !== 'string' || !token.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
    return prisma.invitation.findFirst({ where: { tokenHash: sha256Hex(token), organization: { issuerId } } });
  }

  /** The issuer's user who is the invitee of `address`: by username first, else by verified email. */
  async function findInvitee(issuerId: string, address: string): Promise<User | null> {
    const same = { equals: address, mode: 'insensitive' } as const;
    const found = await prisma.user.findMany({
      where: { issuerId, OR: [{ username: same }, { email: same, emailVerified: true }] },
      orderBy: { id: 'asc' },
      take: 10,
    });
    return found.find((u) => u.username.toLowerCase() === address.toLowerCase()) ?? found.find((u) => isInvitee(u, address)) ?? null;
  }

  /** The organization (with its account) of a pending, unexpired invitation; INVALID_STATE otherwise. */
  async function requirePending(invitation: Invitation) {
    const state = invitationState(invitation, clock.now());
    if (state === 'accepted' || state === 'revoked')
      throw new InvalidStateError(
        state === 'accepted' ? 'INVITATION_ACCEPTED' : 'INVITATION_REVOKED',
        `The invitation was ${invitation.status}.`,
      );
    if (state === 'expired') throw new InvalidStateError('INVITATION_EXPIRED', 'The invitation has expired.');
    const org = await prisma.organization.findUniqueOrThrow({
      where: { id: invitation.organizationId },
      include: { issuer: { select: { accountId: true } } },
    });
    if (org.status === 'suspended') throw new InvalidStateError('ORGANIZATION_SUSPENDED', 'The organization is suspended.');
    return org;
  }

  async function describe(invitation: Invitation | null): Promise<InvitationLookup> {
    if (!invitation) return { status: 'unknown' };
    const org = await prisma.organization.findUniqueOrThrow({
      where: { id: invitation.organizationId },
      select: { id: true, name: true, issuerId: true, status: true },
    });
    const organization = { id: org.id, name: org.name };
    const state = invitationState(invitation, clock.now());
    if (state !== 'pending') return { status: state, invitation, organization };
    if (org.status === 'suspended') return { status: 'suspended', invitation, organization };
    const invitee = await findInvitee(org.issuerId, invitation.email);
    return { status: 'pending', invitation, organization, invitee: invitee && { id: invitee.id, username: invitee.username } };
  }

  /**
   * The acceptance, in one transaction: the invitation is claimed first (of two concurrent
   * acceptances exactly one gets the row), then the user (existing, or created with the given
   * password hash), the membership with the invitation's scopes, and `organization.invitation
   * .accepted`. `by` is who the events are recorded for.
   */
  async function acceptIn(
    invitation: Invitation,
    org: { id: string; issuerId: string },
    invitee: { user: User } | { newUser: ReturnType<UserService['parseCreate']>; id: string; passwordHash: string },
    by: Viewer | EventOrigin,
  ) {
    // an invitation is its creator's grant: it takes effect only while the creators up its lineage
    // stand (none revoked, removed or suspended; an operator still owner or admin, an owner for
    // operator invitations) and grants no more than they hold now (authorization/creator.ts). It
    // is meant to be accepted later, so a sign-in's idle or absolute end does not bound it (its
    // expiry does; revoking the sign-in revokes it, lineage.ts).
    const creator = await creatorAuthority(prisma, invitation.createdById, invitation.organizationId);
    const scopes = creator.ended ? [] : withinCreator(invitation.scopes, creator);
    if (scopes.length === 0)
      throw new InvalidStateError(
        'INVITATION_CREATOR_ENDED',
        'The invitation no longer holds: whoever made it no longer holds what it grants. Ask for a new invitation.',
      );
    return prisma.$transaction(async (tx) => {
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, ...invitationStateWhere('pending', clock.now()) },
        data: { status: 'accepted', acceptedAt: clock.now() },
      });
      if (claimed.count !== 1)
        throw new InvalidStateError(
          'INVITATION_NO_LONGER_PENDING',
          'The invitation is no longer pending (accepted, revoked or expired meanwhile).',
        );
      let user: User;
      if ('user' in invitee) {
        user = invitee.user;
      } else {
        const created = await users.insertUser(tx, by, invitee.newUser, invitee.id);
        user = await tx.user.update({ where: { id: created.id }, data: { passwordHash: invitee.passwordHash } });
      }
      const origin = originOf(by);
      const accepted = await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedByUserId: user.id } });
      const membership = await memberships.insertMembership(tx, origin, {
        organizationId: org.id,
        userId: user.id,
        agentId: null,
        scopes,
      });
      await recordEvent(tx, {
        type: 'organization.invitation.accepted',
        accountId: origin.accountId,
        issuerId: org.issuerId,
        organizationId: org.id,
        subject: invitation.id,
        actor: origin.actor,
        data: eventData('organization.invitation.accepted', { invitationId: invitation.id, userId: user.id, membershipId: membership.id }),
      });
      return { membership, invitation: accepted, user };
    });
  }

  return {
    /** The invitation's state now, by the service's clock (see `invitationState`). */
    state(invitation: Pick<Invitation, 'status' | 'expiresAt'>): InvitationState {
      return invitationState(invitation, clock.now());
    },

    /** The `where` for invitations in `state` now, by the service's clock (see `invitationStateWhere`). */
    stateWhere(state: InvitationState) {
      return invitationStateWhere(state, clock.now());
    },

    /**
     * Creates an invitation; the returned `token` is the only time it is shown. Attenuated like
     * every grant: its scopes are ones the viewer holds, it expires no later than the viewer's own
     * credential (`expiresInHours` or the server's default, capped at the creator's `expiresAt`),
     * and it records its creator (`createdById`, see `lineageOf`): revoking that credential
     * revokes the invitation while it is pending (./authorization/lineage.ts).
     */
    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateInvitation, input);
      const org = await organizations.requireOrganization(viewer, data.organizationId);
      const scopes = data.scopes ?? org.defaultMemberScopes;
      if (scopes.length === 0)
        throw new ValidationError([{ path: 'scopes', message: 'an invitation must grant at least one scope (deny-by-default)' }]);
      assertScopesHeld(viewer, scopes);
      if (org.status === 'suspended') throw new InvalidStateError('ORGANIZATION_SUSPENDED', 'The organization is suspended.');
      const token = `${TOKEN_PREFIX}${randomSecret()}`;
      const ttl = data.expiresInHours ? data.expiresInHours * 3_600_000 : config.invitationTtlMs;
      const requested = new Date(clock.now().getTime() + ttl);
      const creatorExpiry = grantorRestrictions(viewer).expiresAt;
      const expiresAt = creatorExpiry && creatorExpiry < requested ? creatorExpiry : requested;
      return prisma.$transaction(async (tx) => {
        const invitation = await tx.invitation.create({
          data: {
            id: newId('invitation'),
            organizationId: org.id,
            email: data.email,
            scopes,
            tokenHash: sha256Hex(token),
            expiresAt,
            createdById: lineageOf(viewer),
          },
        });
        await recordEvent(tx, {
          type: 'organization.invitation.created',
          accountId: viewer.accountId,
          issuerId: org.issuerId,
          organizationId: org.id,
          subject: invitation.id,
          actor: actorOf(viewer),
          data: eventData('organization.invitation.created', { invitation }),
        });
        return { invitation, token };
      });
    },

    /**
     * Accepts an invitation through the Core API. Accepting is the invitee's act: only a user
     * access token from a sign-in session (`sid`, no `act`) of a user in the invitation's issuer
     * whose username or verified email is the invited address (case-insensitive) may do it, and
     * `userId`, when given, must be that user. Every other credential (account or organization
     * key, personal token, client or agent token, delegated token) gets ForbiddenError before
     * anything is read. A token of another issuer is NOT_FOUND like an unknown one; a used,
     * revoked or expired invitation or a suspended organization is INVALID_STATE.
     */
    async accept(viewer: Viewer, input: unknown) {
      if (!ownSignIn(viewer)) throw new ForbiddenError('NOT_THE_INVITEE', NOT_THE_INVITEE);
      const data = parseInput(AcceptInvitation, input);
      const user = await prisma.user.findFirst({ where: { id: viewer.subject, issuerId: viewer.issuerId, status: 'active' } });
      if (!user) throw new ForbiddenError('NOT_THE_INVITEE', NOT_THE_INVITEE);
      if (data.userId !== undefined && data.userId !== user.id)
        throw new ForbiddenError('NOT_THE_INVITEE', 'Only the signed-in user can accept, for themselves.', 'userId');
      const invitation = await findByToken(viewer.issuerId, data.token);
      if (!invitation) throw new NotFoundError('Invitation');
      if (!isInvitee(user, invitation.email))
        throw new ForbiddenError('NOT_THE_INVITEE', 'The invitation is for another address.', 'token');
      const org = await requirePending(invitation);
      return acceptIn(invitation, org, { user }, viewer);
    },

    /**
     * The hosted invitation page's view of `token` in `issuerId`: `unknown` for a malformed or
     * unknown token and for a token of another issuer (the same answer), else the invitation's
     * state with its organization and, while pending, the issuer's user who is the invitee (by
     * username, or verified email; null: the person signs up).
     */
    async lookup(issuerId: string, token: string): Promise<InvitationLookup> {
      return describe(await findByToken(issuerId, token));
    },

    /** `lookup` by invitation id (from the page's sealed state), confined to `issuerId` the same way. */
    async lookupById(issuerId: string, invitationId: string): Promise<InvitationLookup> {
      if (!idOf('invitation').safeParse(invitationId).success) return { status: 'unknown' };
      return describe(await prisma.invitation.findFirst({ where: { id: invitationId, organization: { issuerId } } }));
    },

    /**
     * Accepts for `userId`, who just proved who they are on the hosted page (password, and the
     * second factor when enrolled). The user must still be the active invitee. Recorded with
     * actor `{ type: 'user', id: userId }`. Errors: NOT_FOUND (invitation not of this issuer),
     * FORBIDDEN (not the invitee), INVALID_STATE, LIMIT_REACHED, CONFLICT (already a member).
     */
    async acceptAsUser(issuerId: string, invitationId: string, userId: string) {
      const invitation = await prisma.invitation.findFirst({ where: { id: invitationId, organization: { issuerId } } });
      if (!invitation) throw new NotFoundError('Invitation');
      const user = await prisma.user.findFirst({ where: { id: userId, issuerId, status: 'active' } });
      if (!user || !isInvitee(user, invitation.email)) throw new ForbiddenError('NOT_THE_INVITEE', NOT_THE_INVITEE);
      const org = await requirePending(invitation);
      return acceptIn(invitation, org, { user }, { accountId: org.issuer.accountId, actor: { type: 'user', id: user.id } });
    },

    /**
     * Signs the invitee up and accepts, in one transaction: a user with the invited address as
     * username and email, NOT verified (the token was handed to the inviting API caller, who may
     * have opened the link itself: holding it proves no mailbox; the user verifies the address
     * later like any other), the password hash
     * given (see credentials.hashNewPassword), the membership, and their events, all with actor
     * the new user. CONFLICT (`username`) when the issuer has the invitee by now (sign in instead);
     * otherwise the errors of `acceptAsUser`.
     */
    async acceptBySignUp(issuerId: string, invitationId: string, passwordHash: string) {
      const invitation = await prisma.invitation.findFirst({ where: { id: invitationId, organization: { issuerId } } });
      if (!invitation) throw new NotFoundError('Invitation');
      const org = await requirePending(invitation);
      const taken = () =>
        new ConflictError('USERNAME_TAKEN', 'The issuer has a user with the invited address: sign in instead.', 'username');
      if (await findInvitee(issuerId, invitation.email)) throw taken();
      const newUser = users.parseCreate({ issuerId, usernameType: 'email', username: invitation.email, emailVerified: false });
      try {
        const id = newId('user');
        return await acceptIn(
          invitation,
          org,
          { newUser, id, passwordHash },
          { accountId: org.issuer.accountId, actor: { type: 'user', id } },
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw taken();
        throw error;
      }
    },

    async revoke(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const invitation = await prisma.invitation.findFirst({
        where: { id, AND: [reachable.invitation(viewer)] },
        include: { organization: { select: { issuerId: true } } },
      });
      if (!invitation) throw new NotFoundError('Invitation', id);
      if (invitation.status !== 'pending')
        throw new InvalidStateError(
          invitation.status === 'accepted' ? 'INVITATION_ACCEPTED' : 'INVITATION_REVOKED',
          `The invitation was ${invitation.status}.`,
        );
      return prisma.$transaction(async (tx) => {
        const revoked = await tx.invitation.update({ where: { id }, data: { status: 'revoked', revokedAt: clock.now() } });
        await recordEvent(tx, {
          type: 'organization.invitation.revoked',
          accountId: viewer.accountId,
          issuerId: invitation.organization.issuerId,
          organizationId: invitation.organizationId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('organization.invitation.revoked', { invitation: revoked }),
        });
        return revoked;
      });
    },
  };
}
