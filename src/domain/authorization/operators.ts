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
 * @module
 */
import type { Viewer } from '../viewer.js';

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
