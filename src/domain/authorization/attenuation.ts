/**
 * The authorization kernel's grant side: nothing grants more than it holds. Whatever a credential
 * creates or grants — memberships, invitations, API keys, personal tokens, agents, verifiers — is
 * within what the credential holds now: scopes ⊆ its own, and restrictions (IP allowlist, expiry,
 * rate limit) no looser. A restriction the request leaves out is inherited from the creator, so a
 * stored credential is never less restricted than the one that made it. Every created credential
 * records its lineage (`createdById`, see `lineageOf`); revoking one revokes its descendants
 * (./lineage.ts).
 *
 * An operator's console sign-in grants as the operator, not as the sign-in (./operators.ts,
 * "Operator lineage"): the lineage is the operator's user, the restrictions inherited are the
 * operator's own (`grantorRestrictions`), and a read-only operator grants nothing.
 *
 * Refusals are `ForbiddenError` naming the input field; nothing is written.
 * @module
 */
import { ForbiddenError } from '../errors.js';
import { cidrWithin } from '../../lib/cidr.js';
import { UNRESTRICTED, type Restrictions, type Viewer } from '../viewer.js';
import { READ_ONLY_GRANTS_NOTHING, operatorMayGrant } from './operators.js';
import type { Config } from '../../config/env.js';

/** The scopes a viewer holds, or null for "every scope of the account" (account API keys). */
export function heldScopes(v: Viewer): ReadonlySet<string> | null {
  return v.kind === 'account_api_key' ? null : new Set(v.scopes);
}

/** True when the viewer holds every scope of `scopes`. */
export function holdsAll(v: Viewer, scopes: readonly string[]): boolean {
  const held = heldScopes(v);
  return held === null || scopes.every((s) => held.has(s));
}

/**
 * Refuses scopes the viewer does not hold (data and management scopes alike).
 * @throws ForbiddenError naming `field` and the first scopes beyond the viewer's grant
 */
export function assertScopesHeld(v: Viewer, scopes: readonly string[], field = 'scopes'): void {
  const held = heldScopes(v);
  if (held === null) return;
  const beyond = scopes.filter((s) => !held.has(s));
  if (beyond.length)
    throw new ForbiddenError(
      'SCOPE_NOT_HELD',
      `The credential cannot grant scopes it does not hold: ${beyond.slice(0, 5).join(', ')}.`,
      field,
    );
}

/** Restrictions a creation asks for; `undefined` (or an empty allowlist): inherit the creator's. */
export interface RequestedRestrictions {
  ipAllowlist?: readonly string[];
  expiresAt?: Date | null;
  rateLimit?: { limit: number; windowSeconds: number } | null;
}

/**
 * The restrictions to store on a credential the viewer creates: each requested one when it is no
 * looser than the viewer's own, the viewer's own where the request leaves it out.
 * @throws ForbiddenError with field `ipAllowlist` (a range outside the creator's networks),
 *   `expiresAt` (later than the creator's expiry) or `rateLimit` (a higher rate than the creator's)
 */
export function attenuateRestrictions(v: Viewer, requested: RequestedRestrictions): Restrictions {
  assertMayGrant(v);
  const own = grantorRestrictions(v);
  const ipAllowlist = requested.ipAllowlist?.length ? requested.ipAllowlist : own.ipAllowlist;
  const outside = ipAllowlist.filter((cidr) => !cidrWithin(cidr, own.ipAllowlist));
  if (outside.length)
    throw new ForbiddenError(
      'IP_ALLOWLIST_WIDER',
      `The IP allowlist must lie within the creating credential's networks (${outside.slice(0, 3).join(', ')} does not).`,
      'ipAllowlist',
    );

  const expiresAt = requested.expiresAt ?? own.expiresAt;
  if (own.expiresAt && expiresAt && expiresAt > own.expiresAt)
    throw new ForbiddenError('EXPIRY_LATER', "The expiry cannot be later than the creating credential's own.", 'expiresAt');

  const rateLimit = requested.rateLimit ?? own.rateLimit;
  // requests per second compared exactly: limit/window <= ownLimit/ownWindow
  if (own.rateLimit && rateLimit && faster(rateLimit, own.rateLimit))
    throw new ForbiddenError('RATE_LIMIT_HIGHER', "The rate limit cannot be higher than the creating credential's own.", 'rateLimit');

  return { ipAllowlist: [...ipAllowlist], expiresAt: expiresAt ?? null, rateLimit: rateLimit ?? null };
}

/** A credential's restriction columns as stored (ApiKey, PersonalToken). */
export interface RestrictionColumns {
  ipAllowlist: string[];
  expiresAt: Date | null;
  rateLimit: number | null;
  rateLimitWindowSeconds: number | null;
}

/** The server's default rate limit of a credential kind: `limit` requests per `windowSeconds`. */
export interface RateDefault {
  limit: number;
  windowSeconds: number;
}

/** The configured default rate of a credential kind (config RATE_LIMIT*, per RATE_LIMIT_WINDOW_SECONDS). */
export function rateDefault(
  config: Pick<Config, 'rateLimit'>,
  kind: 'account_api_key' | 'organization_api_key' | 'personal_token',
): RateDefault {
  const { rateLimit } = config;
  const limit = kind === 'account_api_key' ? rateLimit.accountKey : kind === 'personal_token' ? rateLimit.personalToken : rateLimit.limit;
  return { limit, windowSeconds: rateLimit.windowSeconds };
}

/**
 * A stored credential's restrictions as the kernel reads them: its own rate limit, else its kind's
 * default (so what it creates is never faster than what it is actually allowed).
 */
export function restrictionsOf(row: RestrictionColumns, kindDefault: RateDefault): Restrictions {
  return {
    ipAllowlist: row.ipAllowlist,
    expiresAt: row.expiresAt,
    rateLimit: { limit: row.rateLimit ?? kindDefault.limit, windowSeconds: row.rateLimitWindowSeconds ?? kindDefault.windowSeconds },
  };
}

/**
 * The restriction columns and lineage to store on a credential the viewer creates from `input`
 * (omitted restrictions inherited, looser ones refused: see `attenuateRestrictions`).
 * @throws ForbiddenError naming the field
 */
export function attenuatedColumns(
  v: Viewer,
  input: { ipAllowlist: readonly string[]; expiresAt?: Date | null; rateLimit?: number | null; rateLimitWindowSeconds?: number | null },
  childDefault: RateDefault,
): RestrictionColumns & { createdById: string } {
  const r = attenuateRestrictions(v, {
    ipAllowlist: input.ipAllowlist,
    expiresAt: input.expiresAt ?? undefined,
    rateLimit: input.rateLimit
      ? { limit: input.rateLimit, windowSeconds: input.rateLimitWindowSeconds ?? childDefault.windowSeconds }
      : undefined,
  });
  // a rate left out is stored only when the new credential's kind default would be faster than
  // the creator's; otherwise the kind default applies (null)
  const rate = input.rateLimit || (r.rateLimit && faster(childDefault, r.rateLimit)) ? r.rateLimit : null;
  return {
    ipAllowlist: [...r.ipAllowlist],
    expiresAt: r.expiresAt,
    rateLimit: rate?.limit ?? null,
    rateLimitWindowSeconds: rate?.windowSeconds ?? null,
    createdById: lineageOf(v),
  };
}

/** True when rate `a` allows more requests per second than rate `b`. */
function faster(a: RateDefault, b: RateDefault): boolean {
  return a.limit * b.windowSeconds > b.limit * a.windowSeconds;
}

/**
 * Refuses a viewer that grants nothing: a read-only operator (./operators.ts). Every creation
 * passes here (through `lineageOf` or `attenuateRestrictions`), so the rule holds also where the
 * edge's mutation guard is not in front (plain HTTP routes, internal callers).
 * @throws ForbiddenError OPERATOR_READ_ONLY
 */
export function assertMayGrant(v: Viewer): void {
  if (v.kind === 'account_api_key' && v.operator && !operatorMayGrant(v.operator.role))
    throw new ForbiddenError('OPERATOR_READ_ONLY', READ_ONLY_GRANTS_NOTHING);
}

/**
 * The restrictions what the viewer creates inherits and may not loosen: the viewer's own, except
 * for an operator's console sign-in, which grants as the operator (no expiry, IP allowlist or rate
 * of the console token: signing out does not end what the operator made, ./operators.ts) while
 * the viewer itself still ends with its token.
 */
export function grantorRestrictions(v: Viewer): Restrictions {
  if (v.kind === 'account_api_key' && v.operator) return { ...UNRESTRICTED, rateLimit: v.restrictions.rateLimit };
  return v.restrictions;
}

/**
 * The id recorded as `createdById` on what the viewer creates: the API key or personal token
 * itself; for a user's access token (or an agent's token acting for the user) the sign-in session
 * (s_…); for an agent's own token the agent; for an M2M token the client; for an operator's
 * console sign-in the operator's user (usr_… of the system issuer), not the sign-in: what an
 * operator makes outlives their sign-out and ends with the operator (./operators.ts, ./creator.ts).
 * Revoking that credential revokes what it created.
 * @throws ForbiddenError OPERATOR_READ_ONLY for a read-only operator (`assertMayGrant`)
 */
export function lineageOf(v: Viewer): string {
  assertMayGrant(v);
  if (v.kind === 'account_api_key' && v.operator) return v.operator.userId;
  if (v.kind !== 'access_token') return v.credentialId;
  // a person's sign-in, also when an agent acts for them (a delegated token carries their sid):
  // ending the session ends what was made with it
  if (v.sessionId) return v.sessionId;
  return v.actorId ?? v.subject;
}
