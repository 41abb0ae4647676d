/**
 * Creator authority: a stored credential (API key, personal token, agent verifier) holds no more than the
 * credentials that made it hold NOW. Lineage (`createdById`, ./lineage.ts) revokes descendants
 * when a creator is revoked; this covers what ends or shrinks without a revocation:
 *
 * - a sign-in session that idles out (lastSeenAt + the issuer's `sessionIdleTimeoutSeconds`) or
 *   passes its absolute expiry: what was made with it stops authenticating;
 * - a person (session or personal token, or a user token without a session) whose membership
 *   shrinks: what they made keeps only the scopes they still hold in the credential's
 *   organization (the membership rule of personal tokens and live grants: membership,
 *   organization and user active);
 * - an agent creator: the agent's scopes ∩ its membership; an M2M client creator: the client's
 *   registered scopes while it is registered to that organization;
 * - an operator creator (a user of the account's system issuer, ./operators.ts): no scope bound
 *   while the operator is active with the owner or admin role (they hold what an account key
 *   holds; in the operators' own organization, the operator roles only while an owner); removed,
 *   suspended or read-only: what they made authenticates no more.
 *
 * The walk follows `createdById` up through API keys and personal tokens (each must still be
 * active) to the first person, agent, client or to the root. Callers cache the answer with the
 * credential row (API keys: at most 5 s, dropped on KEY_CACHE_INVALIDATORS; personal tokens and
 * agent verifiers: read on every use) and compare `until` with their clock on every use.
 * @module
 */
import type { PrismaClient } from '../../data/database.js';
import { idKind } from '../../lib/ids.js';
import { memberScopes } from './member-scopes.js';
import { OPERATOR_SCOPES, operatorMayGrant, operatorStanding } from './operators.js';

/** Bounds the walk (lineages are shallow; see lineage.ts). */
const MAX_DEPTH = 64;

/** What a credential's creators still grant it. */
export type CreatorAuthority =
  /** a creator was revoked, ended or is gone: the credential authenticates no more */
  | { ended: true }
  | {
      ended: false;
      /** when the creators' authority ends (a session's idle or absolute end); null: not time-bound */
      until: Date | null;
      /** the scopes every creator holds now in the credential's organization (∩); null: no bound */
      scopes: readonly string[] | null;
    };

const ENDED: CreatorAuthority = { ended: true };

/**
 * When a sign-in session's authority ends: its absolute expiry or its idle deadline
 * (lastSeenAt + idleTimeoutSeconds), whichever comes first; null when the session is not active.
 * The one rule behind `sessions.activeUntil` and creator liveness.
 */
export function sessionEndsAt(session: { status: string; expiresAt: Date; lastSeenAt: Date }, idleTimeoutSeconds: number): Date | null {
  if (session.status !== 'active') return null;
  const idleEnd = new Date(session.lastSeenAt.getTime() + idleTimeoutSeconds * 1000);
  return idleEnd < session.expiresAt ? idleEnd : session.expiresAt;
}

/**
 * Walks the lineage from `createdById` (the credential's creator) and returns what the creators
 * still grant a credential of `organizationId` (null: an account credential, no scope bound).
 * Reads the database (no cache); one query per step plus one per person or agent.
 */
export async function creatorAuthority(
  prisma: PrismaClient,
  createdById: string | null,
  organizationId: string | null,
): Promise<CreatorAuthority> {
  let until: Date | null = null;
  let scopes: string[] | null = null;
  const bound = (at: Date | null) => {
    if (at && (!until || at < until)) until = at;
  };
  const narrow = (held: string[] | null) => {
    const h = held ?? [];
    scopes = scopes ? scopes.filter((s) => h.includes(s)) : [...h];
  };
  const done = (): CreatorAuthority => ({ ended: false, until, scopes });

  let id = createdById;
  for (let depth = 0; id && depth < MAX_DEPTH; depth++) {
    switch (idKind(id)) {
      case 'apiKey': {
        const key = await prisma.apiKey.findUnique({ where: { id }, select: { status: true, expiresAt: true, createdById: true } });
        if (key?.status !== 'active') return ENDED;
        bound(key.expiresAt);
        id = key.createdById;
        break;
      }
      case 'personalToken': {
        const token = await prisma.personalToken.findUnique({
          where: { id },
          select: { status: true, expiresAt: true, createdById: true, userId: true },
        });
        if (token?.status !== 'active') return ENDED;
        bound(token.expiresAt);
        if (organizationId) narrow(await memberScopes(prisma, organizationId, { userId: token.userId }));
        id = token.createdById;
        break;
      }
      case 'session': {
        const session = await prisma.session.findUnique({
          where: { id },
          select: {
            status: true,
            expiresAt: true,
            lastSeenAt: true,
            userId: true,
            issuer: { select: { sessionIdleTimeoutSeconds: true } },
          },
        });
        const ends = session ? sessionEndsAt(session, session.issuer.sessionIdleTimeoutSeconds) : null;
        if (!session || !ends) return ENDED;
        bound(ends);
        if (organizationId) narrow(await memberScopes(prisma, organizationId, { userId: session.userId }));
        return done();
      }
      case 'user': {
        const standing = await operatorStanding(prisma, id);
        if (standing.operator) {
          if (!operatorMayGrant(standing.role)) return ENDED;
          // in the operators' own organization only an owner holds the operator roles
          if (organizationId && organizationId === standing.organizationId) narrow(standing.role === 'owner' ? [...OPERATOR_SCOPES] : []);
          return done();
        }
        if (organizationId) narrow(await memberScopes(prisma, organizationId, { userId: id }));
        return done();
      }
      case 'agent': {
        if (organizationId) narrow(await memberScopes(prisma, organizationId, { agentId: id }));
        return done();
      }
      case 'client': {
        if (organizationId) {
          const client = await prisma.client.findFirst({ where: { id, organizationId }, select: { scopes: true } });
          narrow(client?.scopes ?? null);
        }
        return done();
      }
      default:
        return done();
    }
  }
  return done();
}

/** Whether the creators' authority holds at `now`. */
export function creatorAllows(authority: CreatorAuthority, now: Date): authority is Extract<CreatorAuthority, { ended: false }> {
  return !authority.ended && (authority.until === null || authority.until > now);
}

/** `scopes` narrowed to what the creators still hold. */
export function withinCreator(scopes: readonly string[], authority: Extract<CreatorAuthority, { ended: false }>): string[] {
  const held = authority.scopes;
  return held === null ? [...scopes] : scopes.filter((s) => held.includes(s));
}
