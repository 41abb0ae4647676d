/**
 * Memberships: a user or an agent in an organization, holding resource:action scopes.
 * Deny-by-default: a membership always holds at least one scope.
 * @module
 */
import * as z from 'zod';
import { newId, idKind } from '../lib/ids.js';
import { ConflictError, ForbiddenError, LimitReachedError, NotFoundError, ValidationError } from './errors.js';
import { assertScopesHeld, holdsAll } from './authorization/attenuation.js';
import { eventData } from './event-payloads.js';
import { parseInput, idOf, scopeList, jsonObject } from './validation.js';
import { reachable } from './authorization/visibility.js';
import { actorOf, originOf, type EventOrigin, type Viewer } from './viewer.js';
import { isUniqueViolation, type ServiceDeps } from './deps.js';
import type { OrganizationService } from './organizations.js';
import type { Tx } from '../data/database.js';

const title = z.string().trim().min(1).max(200);

const CreateMembership = z.object({
  organizationId: idOf('organization'),
  memberId: z
    .string()
    .refine((id) => idKind(id) === 'user' || idKind(id) === 'agent', { message: 'must be a user id (usr_…) or an agent id (agt_…)' }),
  scopes: scopeList.optional(),
  title: title.nullish(),
  metadata: jsonObject.default({}),
});

const UpdateMembership = z.object({
  id: idOf('membership'),
  scopes: scopeList.optional(),
  title: title.nullish(),
  metadata: jsonObject.optional(),
  status: z.enum(['active', 'suspended']).optional(),
});

const ById = z.object({ id: idOf('membership') });

/**
 * Refuses a change to a membership holding scopes the viewer does not hold.
 * @throws ForbiddenError
 */
function assertMayManage(viewer: Viewer, memberScopes: readonly string[]): void {
  if (!holdsAll(viewer, memberScopes))
    throw new ForbiddenError(
      'SCOPE_NOT_HELD',
      'The member holds scopes the credential does not hold; it cannot change or remove them.',
      'id',
    );
}

const noScopes = () => new ValidationError([{ path: 'scopes', message: 'a membership must hold at least one scope (deny-by-default)' }]);

export interface NewMembership {
  organizationId: string;
  userId: string | null;
  agentId: string | null;
  scopes: string[];
  title?: string | null;
  metadata?: object;
}

export function createMembershipService(deps: ServiceDeps, organizations: OrganizationService) {
  const { prisma, recordEvent } = deps;

  async function requireMembership(viewer: Viewer, id: string) {
    const membership = await prisma.membership.findFirst({ where: { id, AND: [reachable.membership(viewer)] } });
    if (!membership) throw new NotFoundError('Membership', id);
    return membership;
  }

  /**
   * Inserts a membership and its event in an open transaction, enforcing the member limit under a
   * row lock on the organization so concurrent inserts cannot pass it.
   */
  async function insertMembership(tx: Tx, by: Viewer | EventOrigin, m: NewMembership) {
    if (m.scopes.length === 0) throw noScopes();
    await organizations.lockOrganization(tx, m.organizationId);
    const org = await tx.organization.findUniqueOrThrow({ where: { id: m.organizationId } });
    if (org.memberLimit !== null) {
      const count = await tx.membership.count({ where: { organizationId: org.id } });
      if (count >= org.memberLimit)
        throw new LimitReachedError(
          'MEMBER_LIMIT',
          `The organization has reached its limit of ${org.memberLimit} members.`,
          org.memberLimit,
        );
    }
    const already = await tx.membership.findFirst({
      where: { organizationId: org.id, ...(m.userId ? { userId: m.userId } : { agentId: m.agentId }) },
      select: { id: true },
    });
    if (already) throw new ConflictError('ALREADY_MEMBER', 'The member already belongs to this organization.', 'memberId');
    const membership = await tx.membership.create({
      data: {
        id: newId('membership'),
        organizationId: org.id,
        userId: m.userId,
        agentId: m.agentId,
        scopes: m.scopes,
        title: m.title ?? null,
        metadata: m.metadata ?? {},
      },
    });
    await recordEvent(tx, {
      type: 'organization.membership.created',
      accountId: originOf(by).accountId,
      issuerId: org.issuerId,
      organizationId: org.id,
      subject: membership.id,
      actor: originOf(by).actor,
      data: eventData('organization.membership.created', { membership }),
    });
    return membership;
  }

  return {
    requireMembership,
    insertMembership,

    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateMembership, input);
      const org = await organizations.requireOrganization(viewer, data.organizationId);
      const isUser = idKind(data.memberId) === 'user';
      // The member must live in the organization's issuer; anything else is "not found".
      // An organization-confined credential names only users and agents of its own organization:
      // anyone else comes in through an invitation they accept, and is "not found" here exactly
      // like an id that does not exist.
      const member = isUser
        ? await prisma.user.findFirst({
            where: { id: data.memberId, issuerId: org.issuerId, AND: [reachable.user(viewer)] },
            select: { id: true },
          })
        : await prisma.agent.findFirst({
            where: { id: data.memberId, issuerId: org.issuerId, AND: [reachable.agent(viewer)] },
            select: { id: true },
          });
      if (!member) throw new NotFoundError(isUser ? 'User' : 'Agent', data.memberId);
      const scopes = data.scopes ?? org.defaultMemberScopes;
      if (scopes.length === 0) throw noScopes();
      assertScopesHeld(viewer, scopes);
      try {
        return await prisma.$transaction((tx) =>
          insertMembership(tx, viewer, {
            organizationId: org.id,
            userId: isUser ? member.id : null,
            agentId: isUser ? null : member.id,
            scopes,
            title: data.title,
            metadata: data.metadata,
          }),
        );
      } catch (error) {
        if (isUniqueViolation(error))
          throw new ConflictError('ALREADY_MEMBER', 'The member already belongs to this organization.', 'memberId');
        throw error;
      }
    },

    async update(viewer: Viewer, input: unknown) {
      const { id, ...changes } = parseInput(UpdateMembership, input);
      if (changes.scopes && changes.scopes.length === 0) throw noScopes();
      const current = await requireMembership(viewer, id);
      // No one changes a member more powerful than themself, nor raises anyone (themself
      // included) beyond what they hold.
      if (changes.scopes) assertScopesHeld(viewer, changes.scopes);
      assertMayManage(viewer, current.scopes);
      const data = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
      return prisma.$transaction(async (tx) => {
        const membership = await tx.membership.update({ where: { id }, data });
        const org = await tx.organization.findUniqueOrThrow({ where: { id: current.organizationId }, select: { issuerId: true } });
        await recordEvent(tx, {
          type: 'organization.membership.updated',
          accountId: viewer.accountId,
          issuerId: org.issuerId,
          organizationId: membership.organizationId,
          subject: membership.id,
          actor: actorOf(viewer),
          data: eventData('organization.membership.updated', { membership, changed: Object.keys(data), previousScopes: current.scopes }),
        });
        return membership;
      });
    },

    async delete(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const current = await requireMembership(viewer, id);
      assertMayManage(viewer, current.scopes);
      return prisma.$transaction(async (tx) => {
        await tx.membership.delete({ where: { id } });
        const org = await tx.organization.findUniqueOrThrow({ where: { id: current.organizationId }, select: { issuerId: true } });
        await recordEvent(tx, {
          type: 'organization.membership.deleted',
          accountId: viewer.accountId,
          issuerId: org.issuerId,
          organizationId: current.organizationId,
          subject: current.id,
          actor: actorOf(viewer),
          data: eventData('organization.membership.deleted', { membership: current }),
        });
        return current;
      });
    },
  };
}

export type MembershipService = ReturnType<typeof createMembershipService>;
