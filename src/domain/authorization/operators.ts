/**
 * The authorization kernel's rule for operators: the people who run an account through the
 * console. Operators are users of the account's built-in system issuer (`Issuer.system`), members
 * of its one organization; their membership's scopes are their account-level role:
 *
 * | scope           | role      | may                                                               |
 * | --------------- | --------- | ----------------------------------------------------------------- |
 * | `account:owner` | owner     | everything an account API key may, and invite operators          |
 * | `account:admin` | admin     | everything an account API key may (tenants, keys, webhooks, …)    |
 * | `account:read`  | read_only | read everything an account API key may read; no mutation at all  |
 *
 * An operator's access token (from the console, a public code + PKCE client of the system issuer)
 * is an account-level credential on the Core API, narrowed to the role its membership grants NOW
 * (live.ts re-derives it on every request and on stream re-checks; a revoked session or token
 * stops at once). No operator (and no API key) sees the system issuer's own objects through the
 * graph: operators are managed only through the operator fields, owners only (visibility.ts).
 *
 * **Operator lineage.** What an operator makes through the console (API keys, personal tokens,
 * agents and their verifiers, clients' secrets, invitations) is recorded as made by the operator —
 * their user (usr_… of the system issuer), not their console sign-in (`lineageOf` in
 * ./attenuation.ts) — so signing out of the console, or the session idling out, leaves the
 * account's automation working. In exchange it is bounded by the operator, as every credential is
 * by its creator:
 *
 * - attenuation: a read-only operator grants nothing (every creation refuses with
 *   `OPERATOR_READ_ONLY`, also past the edge's mutation guard); an owner or admin grants at most
 *   an account key's authority (no operator management: an account key never manages operators),
 *   under the operator's own restrictions, not the sign-in's (`grantorRestrictions`: a key is not
 *   capped at the console token's ten-minute expiry);
 * - live re-check (`operatorStanding`, walked by ./creator.ts on every key and token check, cache
 *   ≤ 5 s and dropped on the membership and user events of KEY_CACHE_INVALIDATORS, on every node
 *   through domain/cache-invalidation.ts): what an operator made authenticates only while the
 *   operator's user is active and their operators' membership active with the owner or admin role.
 *   Suspending the operator, or downgrading them to read-only, stops everything they made at once
 *   (it resumes if they are reactivated or given admin back: nothing was revoked); an owner
 *   downgraded to admin keeps what they made (admin holds what an account key holds);
 * - in the operators' own organization (operator invitations) an operator holds the operator
 *   roles only while an owner: an invitation an owner made is accepted only while they still are;
 * - removal (`revokeOperatorLineage`, to be called in the removal's transaction): everything the
 *   operator made is revoked, with one `…revoked` event each, so it never comes back, even if the
 *   same address is invited again.
 *
 * Credentials an operator made before this rule (recorded as made by the console token's `jti`)
 * are not traced to the operator.
 * @module
 */
import type { PrismaClient, Tx } from '../../data/database.js';
import type { Clock } from '../../lib/clock.js';
import type { RecordEvent } from '../events.js';
import type { Actor, Viewer } from '../viewer.js';
import { revokeDescendants } from './lineage.js';

/** The account-level roles, strongest first, with the membership scope that grants each. */
export const OPERATOR_ROLES = {
  owner: 'account:owner',
  admin: 'account:admin',
  read_only: 'account:read',
} as const;

export type OperatorRole = keyof typeof OPERATOR_ROLES;

/** Every scope an operator role may carry (the console client is registered for exactly these). */
export const OPERATOR_SCOPES: readonly string[] = Object.values(OPERATOR_ROLES);

/**
 * The strongest role `scopes` grant (a membership's scopes, or a token's live scopes), or null
 * when they grant none.
 */
export function operatorRole(scopes: readonly string[]): OperatorRole | null {
  for (const [role, scope] of Object.entries(OPERATOR_ROLES) as [OperatorRole, string][]) if (scopes.includes(scope)) return role;
  return null;
}

/** The scope that grants `role` (stored on the operator's membership). */
export function roleScope(role: OperatorRole): string {
  return OPERATOR_ROLES[role];
}

/** The operator role of a viewer, or null for every other credential. */
export function operatorOf(v: Viewer): OperatorRole | null {
  return v.kind === 'account_api_key' && v.operator ? v.operator.role : null;
}

/** The message every mutation of a read-only operator answers with (code FORBIDDEN). */
export const READ_ONLY_REFUSAL =
  'Read-only operator: this sign-in may read everything in the account but change nothing. Ask an owner for the admin role.';

/** The message an operator mutation answers with for a role below owner (code FORBIDDEN). */
export const OWNER_ONLY = 'Only an operator with the owner role may manage operators.';

/**
 * Whether the viewer may run a mutation at all: every credential but a read-only operator (whose
 * every mutation is refused at the edge, before any resolver runs).
 */
export function mayMutate(v: Viewer): boolean {
  return operatorOf(v) !== 'read_only';
}

/**
 * The mutations a read-only operator may still run, on their own user only: enrolling their own
 * second factor (RFC 6238 TOTP) hardens their sign-in and changes nothing in the account. The
 * domain (`requireManagedUser` in ../credentials.ts) refuses them on anyone else's user.
 */
export const OWN_SIGN_IN_MUTATIONS: ReadonlySet<string> = new Set(['enrollTotp', 'verifyTotp']);

/**
 * Whether the viewer may change the user `userId` through the own-sign-in mutations: every
 * credential the rest of the kernel allows, except that a read-only operator reaches only their
 * own system-issuer user.
 */
export function mayChangeUser(v: Viewer, userId: string): boolean {
  return mayMutate(v) || (v.kind === 'account_api_key' && v.operator?.userId === userId);
}

/** Whether the viewer may manage operators (invite, list): an owner operator only. */
export function mayManageOperators(v: Viewer): boolean {
  return operatorOf(v) === 'owner';
}

/** The message a read-only operator's creations answer with (code FORBIDDEN, reason OPERATOR_READ_ONLY). */
export const READ_ONLY_GRANTS_NOTHING =
  'A read-only operator cannot create credentials, members or invitations: it holds no authority to grant.';

/**
 * Whether an operator of `role` may grant (create credentials, members, invitations): owners and
 * admins; a read-only operator, or one with no role left, grants nothing.
 */
export function operatorMayGrant(role: OperatorRole | null): boolean {
  return role === 'owner' || role === 'admin';
}

/** What `operatorStanding` finds about a user id. */
export type OperatorStanding =
  /** a user of a tenant issuer (or no user at all): not an operator */
  | { operator: false }
  /**
   * an operator, with the role they hold now (null: removed, suspended, or their user is) and the
   * operators' organization of their system issuer
   */
  | { operator: true; role: OperatorRole | null; organizationId: string | null };

/**
 * Whether `userId` is an operator (a user of a system issuer) and the role they hold NOW: the
 * strongest role of their active membership in the system issuer's organization, while the user,
 * the membership and that organization are active. One query; no cache (callers cache).
 */
export async function operatorStanding(prisma: PrismaClient | Tx, userId: string): Promise<OperatorStanding> {
  const user = await prisma.user.findUnique({
    where: { id: userId },
    select: {
      status: true,
      issuer: { select: { system: true, organizations: { select: { id: true }, take: 1, orderBy: { id: 'asc' } } } },
      memberships: {
        where: { status: 'active', organization: { status: 'active', issuer: { system: true } } },
        select: { scopes: true },
      },
    },
  });
  if (!user?.issuer.system) return { operator: false };
  const organizationId = user.issuer.organizations[0]?.id ?? null;
  if (user.status !== 'active') return { operator: true, role: null, organizationId };
  return { operator: true, role: operatorRole(user.memberships.flatMap((m) => m.scopes)), organizationId };
}

/**
 * Revokes, inside `tx`, everything the operator `userId` made and what that made in turn (API
 * keys, personal tokens, agent verifiers, pending invitations; ./lineage.ts), one `…revoked`
 * event each. The removal of an operator calls it in the same transaction as the removal, so what
 * they made never authenticates again (the live check already refuses it while they are gone).
 * Returns the ids revoked.
 */
export function revokeOperatorLineage(
  tx: Tx,
  userId: string,
  deps: { actor: Actor; clock: Pick<Clock, 'now'>; recordEvent: RecordEvent },
): Promise<string[]> {
  return revokeDescendants(tx, [userId], deps);
}
