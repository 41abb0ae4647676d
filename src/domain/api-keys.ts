/**
 * API keys: the bootstrap admin key, creation (secret shown once), revocation (effective on the
 * very next request) and authentication. Secrets are stored as SHA-256 and compared in constant
 * time; an unknown key id costs the same hash-and-compare as a known one.
 * @module
 */
import * as z from 'zod';
import { newId, isIdOf } from '../lib/ids.js';
import { randomSecret, sha256Hex, secretMatchesHash } from '../lib/crypto.js';
import { formatToken } from '../lib/key-format.js';
import { ipAllowed } from '../lib/cidr.js';
import { createCache } from '../lib/cache.js';
import { InvalidStateError, NotFoundError, ValidationError, ForbiddenError } from './errors.js';
import { eventData } from './event-payloads.js';
import { parseInput, name, idOf, scopeList, cidrList } from './validation.js';
import { visible } from './authorization/visibility.js';
import { assertScopesHeld, attenuatedColumns, holdsAll, rateDefault, restrictionsOf } from './authorization/attenuation.js';
import { revokeDescendants } from './authorization/lineage.js';
import { creatorAllows, creatorAuthority, withinCreator, type CreatorAuthority } from './authorization/creator.js';
import { actorOf, type Viewer } from './viewer.js';
import type { ServiceDeps } from './deps.js';
import type { ApiKey } from '../generated/prisma/client.js';

const DUMMY_HASH = sha256Hex('authgraph-no-such-key');
/** Advisory lock so that two nodes starting on an empty database create one account. */
const BOOTSTRAP_LOCK = 0x61677266;

export interface BootstrapResult {
  accountId: string;
  keyId: string;
  /** present only when the key was generated here (never when it was seeded from configuration) */
  secret: string | null;
}

/** Parses `key_…:secret` from configuration; throws a readable error when malformed. */
export function parseAdminKey(value: string): { id: string; secret: string } {
  const at = value.indexOf(':');
  const id = at > 0 ? value.slice(0, at) : '';
  const secret = at > 0 ? value.slice(at + 1) : '';
  if (!isIdOf('apiKey', id) || secret.length < 24 || secret.length > 200)
    throw new Error('AUTHGRAPH_ADMIN_KEY must be key_<typeid>:<secret> with a secret of 24 to 200 characters');
  return { id, secret };
}

const CreateApiKey = z.object({
  organizationId: idOf('organization').nullish(),
  name,
  scopes: scopeList.default([]),
  ipAllowlist: cidrList,
  expiresAt: z.date().nullish(),
  rateLimit: z.number().int().min(1).max(1_000_000).nullish(),
  rateLimitWindowSeconds: z.number().int().min(1).max(86_400).nullish(),
});

const ById = z.object({ id: idOf('apiKey') });

export interface VerifiedKey {
  key: ApiKey;
  viewer: Viewer;
  /** an organization key's organization status, as read with the (cached) key row */
  organizationStatus?: 'active' | 'suspended';
}

/**
 * What a credential's status is now: `revoked` when revoked, `expired` when active but past its
 * `expiresAt`, else `active`. The one rule behind both the listings (ApiKey.status,
 * PersonalToken.status) and verification, which refuses anything but `active`.
 */
export function credentialStatus(c: { status: 'active' | 'revoked'; expiresAt: Date | null }, now: Date): 'active' | 'revoked' | 'expired' {
  if (c.status !== 'active') return c.status;
  return c.expiresAt && c.expiresAt <= now ? 'expired' : 'active';
}

export type KeyRejection = 'unknown' | 'revoked' | 'expired' | 'ip_not_allowed' | 'organization_gone' | 'creator_ended';

/**
 * Verified keys are read on every request: the rows are kept for a moment. Revocation still
 * takes effect on the very next request: its api-key.revoked event clears this node's rows as it
 * commits, and every other node's when it reaches them on the bus (cache-invalidation.ts); the TTL
 * only bounds the window if the bus were down. The secret is checked against the hash on
 * every request, cached row or not.
 */
const KEY_CACHE_TTL_MS = 5000;
export const KEY_CACHE_MAX = 10_000;

/**
 * Event types after which cached key rows (and their creators' authority, see
 * authorization/creator.ts) may be stale.
 */
export const KEY_CACHE_INVALIDATORS: ReadonlySet<string> = new Set([
  'api-key.revoked',
  'personal-token.revoked',
  'session.revoked',
  'session.compromised',
  'organization.suspended',
  'organization.reactivated',
  'organization.deleted',
  'organization.membership.created',
  'organization.membership.updated',
  'organization.membership.deleted',
  'agent.updated',
  'client.updated',
  'client.deleted',
  'user.updated',
  'user.deleted',
]);

/** Test override of the key-row cache's size bound (the default is KEY_CACHE_MAX). */
export interface KeyCacheLimits {
  max?: number;
}

export function createApiKeyService(deps: ServiceDeps, limits: KeyCacheLimits = {}) {
  const { prisma, clock, recordEvent, config } = deps;
  type KeyRow = ApiKey & {
    organization: { issuerId: string; status: 'active' | 'suspended' } | null;
    creator: CreatorAuthority;
    /** the account's system issuer (account keys only; it never changes once made) */
    systemIssuerId: string | null;
  };
  // unknown ids are not remembered: a key created on another node must work at once
  const keyRows = createCache<KeyRow | null>({
    max: limits.max ?? KEY_CACHE_MAX,
    ttlMs: KEY_CACHE_TTL_MS,
    load: async (id) => {
      const found = await prisma.apiKey.findUnique({
        where: { id },
        include: { organization: { select: { issuerId: true, status: true } } },
      });
      if (!found) return null;
      const system = found.organizationId
        ? null
        : await prisma.issuer.findFirst({ where: { accountId: found.accountId, system: true }, select: { id: true } });
      return {
        ...found,
        creator: await creatorAuthority(prisma, found.createdById, found.organizationId),
        systemIssuerId: system?.id ?? null,
      };
    },
    keep: (row) => row !== null,
  });

  async function loadKey(id: string): Promise<KeyRow | null> {
    const hit = keyRows.peek(id);
    // a creator's time bound that passed (by the service's clock) is re-read: its session may
    // have been refreshed since
    const lapsed = hit && !hit.creator.ended && hit.creator.until !== null && hit.creator.until <= clock.now();
    return lapsed ? keyRows.refresh(id) : keyRows.get(id);
  }

  return {
    /**
     * On an empty database: creates the account and its first API key, `adminKey` (id:secret)
     * when given, else a generated one whose secret is returned once. Does nothing otherwise.
     */
    async bootstrap(adminKey: string | null): Promise<BootstrapResult | null> {
      const seeded = adminKey ? parseAdminKey(adminKey) : null;
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${BOOTSTRAP_LOCK})`;
        if ((await tx.account.count()) > 0) return null;
        const accountId = newId('account');
        const keyId = seeded?.id ?? newId('apiKey');
        const secret = seeded?.secret ?? randomSecret();
        await tx.account.create({ data: { id: accountId, name: 'default' } });
        await tx.apiKey.create({
          data: { id: keyId, accountId, name: 'bootstrap admin key', secretHash: sha256Hex(secret), prefix: secret.slice(0, 6) },
        });
        await recordEvent(tx, {
          type: 'api-key.created',
          accountId,
          subject: keyId,
          actor: { type: 'system', id: null },
          data: eventData('api-key.created', { bootstrap: { id: keyId, seeded: seeded !== null } }),
        });
        return { accountId, keyId, secret: seeded ? null : secret };
      });
    },

    /**
     * Creates an account key (no organizationId: the whole Core API of the account) or an
     * organization key (scoped, at least one scope). A caller confined to an organization can
     * create keys only there and never with scopes it does not hold itself. The secret and the
     * bearer token are returned only here.
     */
    async create(viewer: Viewer, input: unknown) {
      const data = parseInput(CreateApiKey, input);
      const organizationId = data.organizationId ?? null;
      if (viewer.kind !== 'account_api_key' && (!organizationId || organizationId !== viewer.organizationId))
        throw new NotFoundError('Organization', organizationId);
      // Nothing grants more than it holds: scopes, and restrictions no looser than the creator's.
      assertScopesHeld(viewer, data.scopes);
      const restricted = attenuatedColumns(
        viewer,
        data,
        rateDefault(deps.config, organizationId ? 'organization_api_key' : 'account_api_key'),
      );
      let issuerId: string | null = null;
      if (organizationId) {
        const org = await prisma.organization.findFirst({
          where: { id: organizationId, issuer: { accountId: viewer.accountId } },
          select: { id: true, issuerId: true },
        });
        if (!org) throw new NotFoundError('Organization', organizationId);
        issuerId = org.issuerId;
        if (data.scopes.length === 0)
          throw new ValidationError([{ path: 'scopes', message: 'an organization key must hold at least one scope (deny-by-default)' }]);
      } else if (data.scopes.length > 0) {
        throw new ValidationError([{ path: 'scopes', message: 'an account key has the whole account; scopes apply to organization keys' }]);
      }
      if (restricted.expiresAt && restricted.expiresAt <= clock.now())
        throw new ValidationError([{ path: 'expiresAt', message: 'must be in the future' }]);
      const id = newId('apiKey');
      const secret = randomSecret();
      return prisma.$transaction(async (tx) => {
        const key = await tx.apiKey.create({
          data: {
            id,
            accountId: viewer.accountId,
            organizationId,
            name: data.name,
            secretHash: sha256Hex(secret),
            prefix: secret.slice(0, 6),
            scopes: data.scopes,
            ...restricted,
          },
        });
        await recordEvent(tx, {
          type: 'api-key.created',
          accountId: viewer.accountId,
          issuerId,
          organizationId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('api-key.created', { apiKey: key }),
        });
        return { apiKey: key, secret, token: formatToken('agk', id, secret) };
      });
    },

    /**
     * Revokes a key and, in the same transaction, every credential it created (and theirs); the
     * next request with any of them is refused. Revoking twice is an INVALID_STATE.
     */
    async revoke(viewer: Viewer, input: unknown) {
      const { id } = parseInput(ById, input);
      const key = await prisma.apiKey.findFirst({ where: { id, AND: [visible.apiKey(viewer)] } });
      if (!key || (viewer.kind !== 'account_api_key' && !key.organizationId)) throw new NotFoundError('API key', id);
      if (key.status === 'revoked') throw new InvalidStateError('ALREADY_REVOKED', 'The API key is revoked already.');
      // as with members: no one takes away authority they do not hold themselves
      if (!holdsAll(viewer, key.scopes))
        throw new ForbiddenError('SCOPE_NOT_HELD', 'The key holds scopes the credential does not hold; it cannot revoke it.', 'id');
      const org = key.organizationId
        ? await prisma.organization.findUnique({ where: { id: key.organizationId }, select: { issuerId: true } })
        : null;
      const result = await prisma.$transaction(async (tx) => {
        const revoked = await tx.apiKey.update({ where: { id }, data: { status: 'revoked', revokedAt: clock.now() } });
        await recordEvent(tx, {
          type: 'api-key.revoked',
          accountId: viewer.accountId,
          issuerId: org?.issuerId ?? null,
          organizationId: key.organizationId,
          subject: id,
          actor: actorOf(viewer),
          data: eventData('api-key.revoked', { apiKey: revoked }),
        });
        await revokeDescendants(tx, [id], { actor: actorOf(viewer), clock, recordEvent });
        return revoked;
      });
      return result;
    },

    /** The rate a key is counted under: its own rateLimit/window, else its kind's configured default. */
    effectiveRate(key: Pick<ApiKey, 'organizationId' | 'rateLimit' | 'rateLimitWindowSeconds' | 'ipAllowlist' | 'expiresAt'>): {
      limit: number;
      windowSeconds: number;
    } {
      return restrictionsOf(key, rateDefault(config, key.organizationId ? 'organization_api_key' : 'account_api_key')).rateLimit!;
    },

    /** The status of an API key or personal token row at this service's clock (see credentialStatus). */
    statusOf(c: { status: 'active' | 'revoked'; expiresAt: Date | null }): 'active' | 'revoked' | 'expired' {
      return credentialStatus(c, clock.now());
    },

    /**
     * Offline recovery (`npm run admin -- create-key`): mints a new account admin key for the
     * account, recorded as an `api-key.created` event by the system actor (`data.via: "recovery"`).
     * Returns the id, the secret and the `agk_…` token, which exist only in this return value.
     * Throws when the database holds no account yet (start the server once instead).
     */
    async mintRecoveryKey(name = 'recovery admin key'): Promise<{ accountId: string; keyId: string; secret: string; token: string }> {
      return prisma.$transaction(async (tx) => {
        const account = await tx.account.findFirst({ orderBy: { createdAt: 'asc' } });
        if (!account) throw new InvalidStateError('NO_ACCOUNT', 'This database has no account yet: start the server once to create it.');
        const keyId = newId('apiKey');
        const secret = randomSecret();
        await tx.apiKey.create({
          data: { id: keyId, accountId: account.id, name, secretHash: sha256Hex(secret), prefix: secret.slice(0, 6) },
        });
        await recordEvent(tx, {
          type: 'api-key.created',
          accountId: account.id,
          subject: keyId,
          actor: { type: 'system', id: null },
          data: eventData('api-key.created', { recovery: { id: keyId, name } }),
        });
        return { accountId: account.id, keyId, secret, token: formatToken('agk', keyId, secret) };
      });
    },

    /** Forgets cached key rows (see KEY_CACHE_INVALIDATORS). */
    invalidate(): void {
      keyRows.clear();
    },

    /** The key-row cache, for tests and metrics (clear it through `invalidate`). */
    caches: { keyRows } as const,

    /**
     * Verifies `key_id` + secret from `ip`. Returns the key and its viewer, or the reason it is
     * refused (callers answer 401 for every reason alike). A key made by a person, agent or
     * client holds only the scopes its creators hold now, and a key whose creator ended (a
     * sign-in session idled out, expired or revoked) is refused (authorization/creator.ts).
     */
    async verify(id: string, secret: string, ip: string | null): Promise<VerifiedKey | KeyRejection> {
      const key = isIdOf('apiKey', id) ? await loadKey(id) : null;
      const matches = secretMatchesHash(secret, key?.secretHash ?? DUMMY_HASH);
      if (!key || !matches) return 'unknown';
      const status = credentialStatus(key, clock.now());
      if (status !== 'active') return status;
      if (!ipAllowed(ip, key.ipAllowlist)) return 'ip_not_allowed';
      const { organization, creator, systemIssuerId, ...row } = key;
      if (!creatorAllows(creator, clock.now())) return 'creator_ended';
      const restrictions = restrictionsOf(row, rateDefault(config, row.organizationId ? 'organization_api_key' : 'account_api_key'));
      if (!row.organizationId)
        return {
          key: row,
          viewer: { kind: 'account_api_key', credentialId: row.id, accountId: row.accountId, restrictions, systemIssuerId },
        };
      if (!organization) return 'organization_gone';
      return {
        key: row,
        organizationStatus: organization.status,
        viewer: {
          kind: 'organization_api_key',
          credentialId: row.id,
          accountId: row.accountId,
          issuerId: organization.issuerId,
          organizationId: row.organizationId,
          // A suspended organization's keys still identify themselves but grant nothing.
          scopes: organization.status === 'active' ? withinCreator(row.scopes, creator) : [],
          restrictions,
        },
      };
    },
  };
}

export type ApiKeyService = ReturnType<typeof createApiKeyService>;
