/**
 * Who may ask an issuer's token endpoint for a token — its clients and its agents — and the
 * organization context their tokens carry. These reads run without a viewer: the caller proves
 * who it is with the credential it presents (src/oauth/client-auth.ts).
 *
 * Org context rules (DESIGN §1, §3): an M2M client registered with an organization acts in it
 * while the organization is active. An agent acts in the organization it names, or in its only
 * active one; it then holds the intersection of its own scopes and the membership's. A suspended
 * organization or membership yields a token without organization claims.
 * @module
 */
import type { ServiceDeps } from './deps.js';
import type { Agent, AgentVerifier, Client, Issuer } from '../generated/prisma/client.js';
import type { NewEvent } from './events.js';
import { createCache } from '../lib/cache.js';
import { creatorAuthority, type CreatorAuthority } from './authorization/creator.js';

/**
 * An agent with its active verifiers, each with what its creators still grant it
 * (authorization/creator.ts): a verifier authenticates only while `creatorAllows(creator, now)`.
 */
export type AgentWithVerifiers = Agent & { verifiers: (AgentVerifier & { creator: CreatorAuthority })[] };

/** The organization a token is issued inside, with the scopes held there. */
export type OrgContext =
  | { kind: 'none' }
  | { kind: 'member'; organizationId: string; scopes: string[] }
  /** the agent names an organization it is not a member of */
  | { kind: 'not_member' };

/**
 * Viewer-less reads for the OAuth sidecar (see the module comment). The token endpoint looks up
 * the same issuer and client for every token it mints: lookups of issuers, clients and of their
 * organization's status are kept for a moment (src/lib/cache.ts: bounded, loads de-duplicated).
 * Any change that matters (a rotated secret, a suspended or deleted organization, changed issuer
 * settings) reaches every node's `invalidate` through the event bus within milliseconds; the TTL
 * only bounds the window if the bus were down.
 */
const CACHE_TTL_MS = 2000;
/** Issuers change rarely (and `issuer.updated` clears them): kept longer than clients. */
const ISSUER_CACHE_TTL_MS = 5000;
/** Entries per cache (each a few hundred bytes). */
export const CACHE_MAX = 10_000;

/** Event types after which cached client lookups may be stale. */
export const PRINCIPAL_CACHE_INVALIDATORS: ReadonlySet<string> = new Set([
  'issuer.updated',
  'client.secret.rotated',
  'client.updated',
  'client.deleted',
  'client.blocked',
  'client.unblocked',
  'organization.suspended',
  'organization.reactivated',
  'organization.deleted',
]);

/** Test override of the caches' size bound (the default is CACHE_MAX). */
export interface PrincipalCacheLimits {
  max?: number;
}

export function createPrincipalDirectory(deps: Pick<ServiceDeps, 'prisma' | 'recordEvent'>, limits: PrincipalCacheLimits = {}) {
  const { prisma, recordEvent } = deps;
  /** issuers by id; an unknown id is not remembered (an issuer made on another node works at once) */
  const issuers = createCache<Issuer | null>({
    max: limits.max ?? CACHE_MAX,
    ttlMs: ISSUER_CACHE_TTL_MS,
    load: (id) => prisma.issuer.findUnique({ where: { id } }),
    keep: (issuer) => issuer !== null,
  });
  /** clients by issuer and id (null: no such client of that issuer) */
  const clients = createCache<Client | null, { issuerId: string; id: string }>({
    max: limits.max ?? CACHE_MAX,
    ttlMs: CACHE_TTL_MS,
    load: (_key, { issuerId, id }) => prisma.client.findFirst({ where: { id, issuerId, blockedAt: null } }),
  });
  /** clients registered by a Client ID Metadata Document, by issuer and document URL (null: none) */
  const metadataClients = createCache<Client | null, { issuerId: string; url: string }>({
    max: limits.max ?? CACHE_MAX,
    ttlMs: CACHE_TTL_MS,
    load: (_key, { issuerId, url }) => prisma.client.findFirst({ where: { issuerId, metadataDocumentUrl: url, blockedAt: null } }),
  });
  /** an organization by issuer and id (an M2M client's, a token's): the id while active, else null */
  const clientOrgs = createCache<string | null, { issuerId: string; organizationId: string }>({
    max: limits.max ?? CACHE_MAX,
    ttlMs: CACHE_TTL_MS,
    load: async (_key, { issuerId, organizationId }) => {
      const org = await prisma.organization.findFirst({ where: { id: organizationId, issuerId, status: 'active' }, select: { id: true } });
      return org?.id ?? null;
    },
  });
  // cache keys: JSON arrays, so no id (a client_id is caller input) can shift the other part
  const pair = (a: string, b: string) => JSON.stringify([a, b]);

  return {
    /** Forgets cached lookups (called for every PRINCIPAL_CACHE_INVALIDATORS event on the bus). */
    invalidate(): void {
      issuers.clear();
      clients.clear();
      metadataClients.clear();
      clientOrgs.clear();
    },

    /** The caches above, for tests and metrics (read them; clear them through `invalidate`). */
    caches: { issuers, clients, metadataClients, clientOrgs } as const,

    /** An issuer by id, or null (kept ISSUER_CACHE_TTL_MS; only found issuers are kept). */
    issuer(id: string): Promise<Issuer | null> {
      return issuers.get(id);
    },

    /** A client of this issuer that is not blocked, or null (a client of another issuer is null too). */
    client(issuerId: string, id: string): Promise<Client | null> {
      return clients.get(pair(issuerId, id), { issuerId, id });
    },

    /** The client registered by the Client ID Metadata Document at `url` (not blocked), or null. */
    clientByMetadataDocument(issuerId: string, url: string): Promise<Client | null> {
      return metadataClients.get(pair(issuerId, url), { issuerId, url });
    },

    /**
     * An agent of this issuer with its active verifiers and their creators' authority now (read
     * live, not cached: a verifier made by a sign-in that idled out, or by an operator since
     * suspended or made read-only, stops at once), or null.
     */
    async agent(issuerId: string, id: string): Promise<AgentWithVerifiers | null> {
      const agent = await prisma.agent.findFirst({
        where: { id, issuerId },
        include: { verifiers: { where: { status: 'active' }, orderBy: { id: 'asc' } } },
      });
      if (!agent) return null;
      const verifiers = await Promise.all(
        agent.verifiers.map(async (v) => ({ ...v, creator: await creatorAuthority(prisma, v.createdById, null) })),
      );
      return { ...agent, verifiers };
    },

    /**
     * Whether the organization is active in this issuer (cached like `clientOrganization`,
     * forgotten on organization.suspended/reactivated/deleted).
     */
    async activeOrganization(issuerId: string, organizationId: string): Promise<boolean> {
      return (await clientOrgs.get(pair(issuerId, organizationId), { issuerId, organizationId })) !== null;
    },

    /** The organization an M2M client's token carries: its registered one, while active. */
    async clientOrganization(client: Client): Promise<string | null> {
      const organizationId = client.organizationId;
      if (!organizationId) return null;
      return clientOrgs.get(pair(client.issuerId, organizationId), { issuerId: client.issuerId, organizationId });
    },

    /**
     * The organization context of an agent's token: the named organization (membership and
     * organization both active), else with none named its single active membership, else none.
     */
    async agentOrganization(agent: Agent, organizationId: string | null): Promise<OrgContext> {
      if (organizationId) {
        const membership = await prisma.membership.findFirst({
          where: { agentId: agent.id, organizationId, organization: { issuerId: agent.issuerId } },
          select: { organizationId: true, scopes: true, status: true, organization: { select: { status: true } } },
        });
        if (!membership) return { kind: 'not_member' };
        if (membership.status !== 'active' || membership.organization.status !== 'active') return { kind: 'none' };
        return { kind: 'member', organizationId: membership.organizationId, scopes: membership.scopes };
      }
      const active = await prisma.membership.findMany({
        where: { agentId: agent.id, status: 'active', organization: { status: 'active', issuerId: agent.issuerId } },
        select: { organizationId: true, scopes: true },
        take: 2,
      });
      return active.length === 1
        ? { kind: 'member', organizationId: active[0]!.organizationId, scopes: active[0]!.scopes }
        : { kind: 'none' };
    },

    /**
     * Writes a metered event at once, outside any transaction. For callers that have no batching
     * buffer (src/domain/metered.ts) at hand; each call costs one insert.
     */
    async recordMetered(event: NewEvent): Promise<void> {
      await recordEvent(prisma, { ...event, metered: true });
    },
  };
}

export type PrincipalDirectory = ReturnType<typeof createPrincipalDirectory>;
