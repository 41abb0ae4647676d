/**
 * Live authority for self-contained access tokens. A JWT's `scope` claim is what was granted when
 * it was minted; at this server's own resource servers (the graph, /v1/me, the streams) a token
 * holds only what its principal holds NOW: the claim ∩ the live grant in `org_id`.
 *
 * - user token (`sub` usr_): the user's membership in the organization (and, with an agent acting
 *   for the user, `act.sub`, the agent's membership and scopes as well);
 * - agent token (`sub` agt_): the agent's scopes ∩ its membership;
 * - M2M token (`sub` c_): the client's registered scopes while it is registered to the organization.
 * Everything needs an active organization, membership, user and agent; otherwise the token keeps
 * no resource:action scope there. OIDC scopes without a colon (openid, profile …) pass unchanged.
 *
 * A token without `org_id` keeps its claim (it reaches no organization's objects), except one of
 * an M2M client registered to an organization: such a client holds its scopes only through that
 * organization, so a token of it without `org_id` was minted while the organization was not
 * active (or before the organization was registered) and keeps no resource:action scope.
 *
 * Grants are cached per node for at most `TTL_MS` (the key cache's bound) and forgotten at once
 * when an event of `GRANT_INVALIDATORS` reaches this node's bus (app.ts wires it). If the bus
 * were down the TTL bounds the staleness.
 * @module
 */
import type { PrismaClient } from '../../data/database.js';
import { idKind } from '../../lib/ids.js';
import type { Clock } from '../../lib/clock.js';
import type { Viewer } from '../viewer.js';
import { creatorAllows, creatorAuthority, withinCreator } from './creator.js';
import { memberScopes } from './member-scopes.js';
import { createCache } from '../../lib/cache.js';
import { operatorRole } from './operators.js';

const TTL_MS = 5000;
/** Cached grants per node (each a principal key and a small set of scopes). */
export const MAX_ENTRIES = 10_000;

/** Event types after which cached live grants may be stale. */
export const GRANT_INVALIDATORS: ReadonlySet<string> = new Set([
  'organization.membership.created',
  'organization.membership.updated',
  'organization.membership.deleted',
  'organization.suspended',
  'organization.reactivated',
  'organization.deleted',
  'agent.updated',
  'client.updated',
  'client.deleted',
  'user.updated',
  'user.deleted',
]);

/** Who a token acts as, as the grant lookup needs it. */
export interface TokenPrincipal {
  issuerId: string;
  subject: string;
  clientId: string;
  organizationId: string | null;
  actorId: string | null;
}

/** True for scopes the live grant governs (resource:action); OIDC scopes pass through. */
const governed = (scope: string) => scope.includes(':');

export function createLiveGrants({
  prisma,
  cacheMax = MAX_ENTRIES,
}: {
  prisma: PrismaClient /** test override of the cache's size bound */;
  cacheMax?: number;
}) {
  const membershipScopes = (organizationId: string, issuerId: string, member: { userId: string } | { agentId: string }) =>
    memberScopes(prisma, organizationId, member, issuerId);

  /** Whether an M2M client is registered to an organization (its scopes are held only there). */
  async function clientOrgBound(issuerId: string, clientId: string): Promise<boolean> {
    const client = await prisma.client.findFirst({ where: { id: clientId, issuerId }, select: { organizationId: true } });
    return client?.organizationId != null;
  }

  /** The resource:action scopes the principal holds in its organization now (empty: none). */
  async function load(p: TokenPrincipal & { organizationId: string }): Promise<ReadonlySet<string>> {
    const kind = idKind(p.subject);
    let scopes: string[] | null = null;
    if (kind === 'user') {
      scopes = await membershipScopes(p.organizationId, p.issuerId, { userId: p.subject });
      if (scopes && p.actorId) {
        const actor = await membershipScopes(p.organizationId, p.issuerId, { agentId: p.actorId });
        scopes = actor ? scopes.filter((s) => actor.includes(s)) : null;
      }
    } else if (kind === 'agent') {
      scopes = await membershipScopes(p.organizationId, p.issuerId, { agentId: p.subject });
    } else if (kind === 'client') {
      const [client, org] = await Promise.all([
        prisma.client.findFirst({
          where: { id: p.subject, issuerId: p.issuerId, organizationId: p.organizationId },
          select: { scopes: true },
        }),
        prisma.organization.findFirst({ where: { id: p.organizationId, issuerId: p.issuerId, status: 'active' }, select: { id: true } }),
      ]);
      scopes = client && org ? client.scopes : null;
    }
    return new Set(scopes ?? []);
  }

  /**
   * The resource:action scopes held now, by principal (src/lib/cache.ts); null: the claim stands
   * (a client registered to no organization, without org_id).
   */
  const grants = createCache<ReadonlySet<string> | null, TokenPrincipal>({
    max: cacheMax,
    ttlMs: TTL_MS,
    load: async (_key, p) => {
      const organizationId = p.organizationId;
      if (organizationId) return load({ ...p, organizationId });
      return (await clientOrgBound(p.issuerId, p.subject)) ? new Set() : null;
    },
  });

  return {
    /**
     * The token's scopes that its principal still holds: `claimed` ∩ the live grant in
     * `organizationId` (OIDC scopes kept). Without an organization the claim stands: such a token
     * reaches no organization's objects anyway — except for an M2M client registered to an
     * organization, whose resource:action scopes are dropped (see the module comment).
     * `fresh`: read the database, not the cache.
     */
    async liveScopes(p: TokenPrincipal, claimed: readonly string[], options: { fresh?: boolean } = {}): Promise<string[]> {
      if (!claimed.some(governed)) return [...claimed];
      if (!p.organizationId && idKind(p.subject) !== 'client') return [...claimed];
      const key = JSON.stringify([p.organizationId, p.subject, p.actorId, p.issuerId]);
      const held = options.fresh ? await grants.refresh(key, p) : await grants.get(key, p);
      if (held === null) return [...claimed];
      return claimed.filter((s) => !governed(s) || held.has(s));
    },
    /** Forgets every cached grant (GRANT_INVALIDATORS events). */
    invalidate(): void {
      grants.clear();
    },
    /** The grant cache, for tests and metrics (clear it through `invalidate`). */
    caches: { grants } as const,
  };
}

export type LiveGrants = ReturnType<typeof createLiveGrants>;

/** What re-deriving a viewer reads (built in the composition root). */
export interface AuthorityDeps {
  prisma: PrismaClient;
  clock: Clock;
  liveGrants: LiveGrants;
  /** whether a sign-in session is still active */
  sessionActive: (sessionId: string) => Promise<boolean>;
  /** whether an access token's `jti` (or a delegation id of its chain) was revoked (RFC 7009); absent: never */
  tokenRevoked?: (jti: string) => Promise<boolean> | boolean;
}

/**
 * Re-derives a viewer from live state, bypassing every cache: the same credential as it stands
 * now, or null when it no longer authenticates (revoked, expired, its session ended, its user or
 * organization gone). Long-lived consumers (event streams) call it when an event of
 * `AUTHORITY_EVENTS` reaches them, and at the credential's expiry.
 */
export function createAuthority({ prisma, clock, liveGrants, sessionActive, tokenRevoked }: AuthorityDeps) {
  return async function refresh(viewer: Viewer): Promise<Viewer | null> {
    const now = clock.now();
    const expiresAt = viewer.kind === 'access_token' ? viewer.expiresAt : viewer.restrictions.expiresAt;
    if (expiresAt && expiresAt <= now) return null;
    if (viewer.kind === 'account_api_key' && viewer.operator) {
      // an operator's console sign-in: its session and token live, and a role still held now
      const op = viewer.operator;
      if (!(await sessionActive(op.sessionId))) return null;
      if (tokenRevoked && (await tokenRevoked(viewer.credentialId))) return null;
      const scopes = await liveGrants.liveScopes(
        { issuerId: op.issuerId, subject: op.userId, clientId: op.clientId, organizationId: op.organizationId, actorId: null },
        op.claimedScopes,
        { fresh: true },
      );
      const role = operatorRole(scopes);
      return role ? { ...viewer, operator: { ...op, role } } : null;
    }
    switch (viewer.kind) {
      case 'account_api_key':
      case 'organization_api_key': {
        const key = await prisma.apiKey.findUnique({
          where: { id: viewer.credentialId },
          select: { status: true, scopes: true, createdById: true, organizationId: true, organization: { select: { status: true } } },
        });
        if (key?.status !== 'active') return null;
        const creator = await creatorAuthority(prisma, key.createdById, key.organizationId);
        if (!creatorAllows(creator, now)) return null;
        if (viewer.kind === 'account_api_key') return viewer;
        if (!key.organization) return null;
        return { ...viewer, scopes: key.organization.status === 'active' ? withinCreator(key.scopes, creator) : [] };
      }
      case 'personal_token': {
        const token = await prisma.personalToken.findUnique({
          where: { id: viewer.credentialId },
          select: { status: true, scopes: true, userId: true, organizationId: true, createdById: true, user: { select: { status: true } } },
        });
        if (token?.status !== 'active' || token.user.status !== 'active') return null;
        const creator = await creatorAuthority(prisma, token.createdById, token.organizationId);
        if (!creatorAllows(creator, now)) return null;
        const membership = token.organizationId
          ? await prisma.membership.findFirst({
              where: { userId: token.userId, organizationId: token.organizationId, status: 'active', organization: { status: 'active' } },
              select: { scopes: true },
            })
          : null;
        return { ...viewer, scopes: membership ? withinCreator(token.scopes, creator).filter((s) => membership.scopes.includes(s)) : [] };
      }
      case 'access_token': {
        if (viewer.sessionId && !(await sessionActive(viewer.sessionId))) return null;
        // a person's token without a session (CIBA) lives only while the person is active
        if (!viewer.sessionId && idKind(viewer.subject) === 'user') {
          const user = await prisma.user.findUnique({ where: { id: viewer.subject }, select: { status: true } });
          if (user?.status !== 'active') return null;
        }
        if (tokenRevoked && (await tokenRevoked(viewer.credentialId))) return null;
        // a delegated token dies with any delegation of its chain (domain/delegations.ts)
        for (const id of viewer.delegations ?? []) if (tokenRevoked && (await tokenRevoked(id))) return null;
        return { ...viewer, scopes: await liveGrants.liveScopes(viewer, viewer.claimedScopes, { fresh: true }) };
      }
    }
  };
}

export type Refresh = ReturnType<typeof createAuthority>;

/**
 * Event types that may take authority away from a live credential: a stream re-derives its
 * viewer when one of them (about its account) is committed.
 */
export const AUTHORITY_EVENTS: ReadonlySet<string> = new Set([
  ...GRANT_INVALIDATORS,
  'api-key.revoked',
  'personal-token.revoked',
  'session.revoked',
  'session.compromised',
  'token.revoked',
  'delegation.revoked',
]);
