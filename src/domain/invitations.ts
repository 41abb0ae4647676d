/**
 * Invitations: an email invited into an organization with scopes. The token is shown once on
 * creation; accepting it (before expiry) creates the membership, and the user if needed.
 * @module
 */
import * as z from 'zod';
import { newId } from '../lib/ids.js';
import { randomSecret, sha256Hex } from '../lib/crypto.js';
import { InvalidStateError, NotFoundError, ValidationError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, idOf, scopeList, email } from './validation.js';
import { reachable } from './tenancy.js';
import { actorOf, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { OrganizationService } from './organizations.js';
import type { MembershipService } from './memberships.js';
import type { UserService } from './users.js';

const CreateInvitation = z.object({
  organizationId: idOf('organization'),
  email,
  scopes: scopeList.optional(),
  expiresInHours: z.number().int().min(1).max(24 * 90).optional(),
});

const AcceptInvitation = z.object({
  token: z.string().min(20).max(200),
  userId: idOf('user').optional(),
});

const ById = z.object({ id: idOf('invitation') });

/** Invitation tokens carry a prefix so they are recognisable (and scannable) in logs and mail. */
const TOKEN_PREFIX = 'agi_';

export function createInvitationService(
  deps: ServiceDeps,
  organizations: OrganizationService,
  memberships: MembershipService,
  users: UserService,
) {
  const { prisma, recordEvent, clock, config } = deps;

  return {
    /** Creates an invitation; the returned `token` is the only time it is shown. */
    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateInvitation, input);
      const org = await organizations.requireOrganization(viewer, data.organizationId);
      const scopes = data.scopes ?? org.defaultMemberScopes;
      if (scopes.length === 0) throw new ValidationError([{ path: 'scopes', message: 'an invitation must grant at least one scope (deny-by-default)' }]);
      if (org.status === 'suspended') throw new InvalidStateError('The organization is suspended.');
      const token = `${TOKEN_PREFIX}${randomSecret()}`;
      const ttl = data.expiresInHours ? data.expiresInHours * 3_600_000 : config.invitationTtlMs;
      return prisma.$transaction(async (tx) => {
        const invitation = await tx.invitation.create({
          data: {
            id: newId('invitation'),
            organizationId: org.id,
            email: data.email,
            scopes,
            tokenHash: sha256Hex(token),
            expiresAt: new Date(clock.now().getTime() + ttl),
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
     * Accepts a pending, unexpired invitation: the user is `userId` (whose username or email must
     * be the invited email) or the issuer's user with that email, created when there is none.
     */
    async accept(viewer: Viewer, input: unknown) {
      const data = parseInput(AcceptInvitation, input);
      const invitation = await prisma.invitation.findFirst({ where: { tokenHash: sha256Hex(data.token), AND: [reachable.invitation(viewer)] } });
      if (!invitation) throw new NotFoundError('Invitation');
      if (invitation.status !== 'pending') throw new InvalidStateError(`The invitation was ${invitation.status}.`);
      if (invitation.expiresAt <= clock.now()) throw new InvalidStateError('The invitation has expired.');
      const org = await prisma.organization.findUniqueOrThrow({ where: { id: invitation.organizationId } });
      if (org.status === 'suspended') throw new InvalidStateError('The organization is suspended.');
      const existing = data.userId
        ? await users.requireUser(viewer, data.userId)
        : await prisma.user.findFirst({ where: { issuerId: org.issuerId, OR: [{ username: invitation.email }, { email: invitation.email }] } });
      if (existing && (existing.issuerId !== org.issuerId || (existing.email !== invitation.email && existing.username !== invitation.email)))
        throw new ValidationError([{ path: 'userId', message: 'the user does not have the invited email address' }]);
      const newUser = existing ? null : users.parseCreate({ issuerId: org.issuerId, usernameType: 'email', username: invitation.email, emailVerified: true });

      return prisma.$transaction(async (tx) => {
        // Claim the invitation first: of two concurrent acceptances exactly one gets the row.
        const claimed = await tx.invitation.updateMany({
          where: { id: invitation.id, status: 'pending' },
          data: { status: 'accepted', acceptedAt: clock.now() },
        });
        if (claimed.count !== 1) throw new InvalidStateError('The invitation was accepted already.');
        const user = existing ?? (await users.insertUser(tx, viewer, newUser!));
        const accepted = await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedByUserId: user.id } });
        const membership = await memberships.insertMembership(tx, viewer, {
          organizationId: org.id,
          userId: user.id,
          agentId: null,
          scopes: invitation.scopes,
        });
        await recordEvent(tx, {
          type: 'organization.invitation.accepted',
          accountId: viewer.accountId,
          issuerId: org.issuerId,
          organizationId: org.id,
          subject: invitation.id,
          actor: actorOf(viewer),
          data: eventData('organization.invitation.accepted', { invitationId: invitation.id, userId: user.id, membershipId: membership.id }),
        });
        return { membership, invitation: accepted };
      });
    },

    async revoke(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const invitation = await prisma.invitation.findFirst({ where: { id, AND: [reachable.invitation(viewer)] }, include: { organization: { select: { issuerId: true } } } });
      if (!invitation) throw new NotFoundError('Invitation', id);
      if (invitation.status !== 'pending') throw new InvalidStateError(`The invitation was ${invitation.status}.`);
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
