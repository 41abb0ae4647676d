/**
 * Managing operators (issue 15): an owner changes an operator's role, suspends and reactivates
 * them, or removes them. Operators are members of the account's system issuer's one organization
 * (domain/operators.ts); their role is that membership's scope (authorization/operators.ts).
 *
 * - Every change is one transaction with its event (`organization.membership.updated` with
 *   `changed` `scopes` or `status`, `organization.membership.deleted`), made by the owner.
 * - What an operator made is bounded by their standing (authorization/operators.ts, "Operator
 *   lineage"): suspending them or making them read-only stops it while that lasts; removing them
 *   revokes it in the removal's transaction.
 * - Suspending or removing an operator ends every active session of theirs in the system issuer
 *   in that transaction (`session.revoked`, reason `operator_suspended` / `operator_removed`), so
 *   their access and refresh tokens stop at once (live.ts re-checks the session on every request).
 *   A role change takes effect on the next request: the cached live grants of this node are
 *   forgotten after the commit, other nodes forget them on the event.
 * - The account keeps at least one active owner: demoting, suspending or removing the last one is
 *   refused with `InvalidStateError` reason `LAST_OWNER`; concurrent changes are serialised by an
 *   advisory lock, so two owners cannot demote each other at once.
 * @module
 */
import * as z from 'zod';
import { ForbiddenError, InvalidStateError, NotFoundError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput } from './validation.js';
import {
  OPERATOR_ROLES,
  OWNER_ONLY,
  mayManageOperators,
  operatorRole,
  revokeOperatorLineage,
  roleScope,
  type OperatorRole,
} from './authorization/operators.js';
import { endSessionIn } from './sessions.js';
import { actorOf, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { Tx } from '../data/database.js';
import type { Membership } from '../generated/prisma/client.js';
import type { OperatorSummary } from './operators.js';

/** Advisory lock around changes of an account's owners (one lock for all accounts: changes are rare). */
const OWNERS_LOCK = 0x61676f71;

const ByOperator = z.object({ userId: z.string().min(1).max(100) });
const ChangeRole = ByOperator.extend({ role: z.enum(['owner', 'admin', 'read_only']) });

/** What managing operators reads besides the database: the live grant cache to forget. */
export interface OperatorAdminDeps {
  liveGrants: { invalidate(): void };
}

export function createOperatorAdminService(deps: ServiceDeps, services: OperatorAdminDeps) {
  const { prisma, recordEvent } = deps;

  /** The operator's membership in the viewer's account's operators organization, with its issuer. */
  async function requireOperator(tx: Tx, viewer: Viewer, userId: string): Promise<{ membership: Membership; issuerId: string }> {
    const membership = await tx.membership.findFirst({
      where: { userId, organization: { issuer: { accountId: viewer.accountId, system: true } } },
      include: { organization: { select: { issuerId: true } } },
    });
    if (!membership) throw new NotFoundError('Operator', userId);
    const { organization, ...rest } = membership;
    return { membership: rest, issuerId: organization.issuerId };
  }

  /** Refuses a change that leaves the account without an active owner. */
  async function keepAnOwner(tx: Tx, membership: Membership): Promise<void> {
    if (membership.status !== 'active' || operatorRole(membership.scopes) !== 'owner') return;
    const others = await tx.membership.count({
      where: {
        organizationId: membership.organizationId,
        id: { not: membership.id },
        status: 'active',
        scopes: { has: OPERATOR_ROLES.owner },
        user: { status: 'active' },
      },
    });
    if (others === 0) throw new InvalidStateError('LAST_OWNER');
  }

  /** Ends the operator's active sessions (their tokens stop at once). */
  async function endSessions(tx: Tx, viewer: Viewer, userId: string, reason: string): Promise<void> {
    const sessions = await tx.session.findMany({ where: { userId, status: 'active' } });
    for (const session of sessions) await endSessionIn(deps, tx, session, 'revoked', reason, viewer.accountId, actorOf(viewer));
  }

  /** Runs one owner-only change under the owners lock, then forgets this node's cached grants. */
  async function change<T>(viewer: Viewer, userId: string, run: (tx: Tx, op: { membership: Membership; issuerId: string }) => Promise<T>) {
    if (!mayManageOperators(viewer)) throw new ForbiddenError('OPERATOR_OWNER_ONLY', OWNER_ONLY);
    const result = await prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${OWNERS_LOCK})`;
      return run(tx, await requireOperator(tx, viewer, userId));
    });
    services.liveGrants.invalidate();
    return result;
  }

  async function updated(
    tx: Tx,
    viewer: Viewer,
    issuerId: string,
    before: Membership,
    data: Partial<Pick<Membership, 'scopes' | 'status'>>,
  ) {
    const membership = await tx.membership.update({ where: { id: before.id }, data });
    await recordEvent(tx, {
      type: 'organization.membership.updated',
      accountId: viewer.accountId,
      issuerId,
      organizationId: membership.organizationId,
      subject: membership.id,
      actor: actorOf(viewer),
      data: eventData('organization.membership.updated', { membership, changed: Object.keys(data), previousScopes: before.scopes }),
    });
    return membership;
  }

  async function summary(tx: Tx, membership: Membership): Promise<OperatorSummary> {
    const user = await tx.user.findUniqueOrThrow({ where: { id: membership.userId! } });
    return {
      userId: user.id,
      username: user.username,
      role: operatorRole(membership.scopes),
      status: membership.status,
      mfa: user.totpSecretEnc !== null,
      createdAt: membership.createdAt,
    };
  }

  return {
    /**
     * Gives an operator another role (owner only). The same role changes nothing (no event).
     * @throws ForbiddenError (OPERATOR_OWNER_ONLY), NotFoundError, InvalidStateError (LAST_OWNER), ValidationError
     */
    async changeRole(viewer: Viewer, input: unknown): Promise<OperatorSummary> {
      const { userId, role } = parseInput(ChangeRole, input);
      return change(viewer, userId, async (tx, { membership, issuerId }) => {
        if (operatorRole(membership.scopes) === role) return summary(tx, membership);
        if (role !== 'owner') await keepAnOwner(tx, membership);
        return summary(tx, await updated(tx, viewer, issuerId, membership, { scopes: [roleScope(role as OperatorRole)] }));
      });
    },

    /**
     * Suspends an operator (owner only): their sessions end and their tokens stop at once.
     * @throws ForbiddenError, NotFoundError, InvalidStateError (LAST_OWNER, OPERATOR_ALREADY_SUSPENDED)
     */
    async suspend(viewer: Viewer, input: unknown): Promise<OperatorSummary> {
      const { userId } = parseInput(ByOperator, input);
      return change(viewer, userId, async (tx, { membership, issuerId }) => {
        if (membership.status === 'suspended') throw new InvalidStateError('OPERATOR_ALREADY_SUSPENDED');
        await keepAnOwner(tx, membership);
        const after = await updated(tx, viewer, issuerId, membership, { status: 'suspended' });
        await endSessions(tx, viewer, userId, 'operator_suspended');
        return summary(tx, after);
      });
    },

    /**
     * Reactivates a suspended operator (owner only); they sign in again.
     * @throws ForbiddenError, NotFoundError, InvalidStateError (OPERATOR_NOT_SUSPENDED)
     */
    async reactivate(viewer: Viewer, input: unknown): Promise<OperatorSummary> {
      const { userId } = parseInput(ByOperator, input);
      return change(viewer, userId, async (tx, { membership, issuerId }) => {
        if (membership.status !== 'suspended') throw new InvalidStateError('OPERATOR_NOT_SUSPENDED');
        return summary(tx, await updated(tx, viewer, issuerId, membership, { status: 'active' }));
      });
    },

    /**
     * Removes an operator (owner only): their membership goes, their sessions end at once. Their
     * user stays in the system issuer, holding no role.
     * @throws ForbiddenError, NotFoundError, InvalidStateError (LAST_OWNER)
     */
    async remove(viewer: Viewer, input: unknown): Promise<OperatorSummary> {
      const { userId } = parseInput(ByOperator, input);
      return change(viewer, userId, async (tx, { membership, issuerId }) => {
        await keepAnOwner(tx, membership);
        const before = await summary(tx, membership);
        await endSessions(tx, viewer, userId, 'operator_removed');
        // what they made (keys, tokens, verifiers, invitations) is revoked for good: re-invited,
        // the same user would otherwise find it working again (authorization/operators.ts)
        await revokeOperatorLineage(tx, userId, { actor: actorOf(viewer), clock: deps.clock, recordEvent });
        await tx.membership.delete({ where: { id: membership.id } });
        await recordEvent(tx, {
          type: 'organization.membership.deleted',
          accountId: viewer.accountId,
          issuerId,
          organizationId: membership.organizationId,
          subject: membership.id,
          actor: actorOf(viewer),
          data: eventData('organization.membership.deleted', { membership }),
        });
        return before;
      });
    },
  };
}

export type OperatorAdminService = ReturnType<typeof createOperatorAdminService>;
