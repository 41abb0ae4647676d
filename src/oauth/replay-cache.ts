/**
 * Single use of client assertions (RFC 7523 §3 item 7, OIDC Core §9 `jti`): a `jti` is remembered
 * until the assertion expires. Assertions live at most MAX_ASSERTION_LIFETIME_SECONDS (5 min,
 * ./client-assertion.ts), so the cache only ever holds live ids.
 *
 * Partitioned per client (`scope` = issuer + client): each client has its own quota of live ids
 * (`perClientQuota`), so one client minting assertions as fast as it can fills only its own
 * partition and refuses only itself; every other client is unaffected. With REDIS_URL the cache is
 * shared by every node (`SET key 1 NX PX ttl`: set-if-absent with the remaining lifetime), so an
 * assertion used on one node is a replay on the other.
 * @module
 */
import type { Redis } from 'ioredis';

export interface ReplayCache {
  /**
   * Records `jti` of the client `scope` until `expiresAtMs`. Resolves false when it was already
   * recorded and has not expired (a replay), or when that client's partition is full of live ids
   * (fail closed, for that client only). Rejects when the shared store fails (fail closed).
   * `quota`: that partition's live-id bound for this call, in place of the cache's `perClientQuota`
   * (e.g. DPoP proofs, one partition per key, accepted for two minutes each).
   */
  consume(scope: string, jti: string, expiresAtMs: number, nowMs: number, quota?: number): Promise<boolean>;
}

export interface ReplayCacheOptions {
  /** live ids one client may hold (default 10 000: 33 assertions a second for 5 minutes) */
  perClientQuota?: number;
  /** clients tracked in memory before the one with the oldest activity is dropped (memory only) */
  maxClients?: number;
}

/** An in-memory replay cache, partitioned per client. */
export function createReplayCache({ perClientQuota = 10_000, maxClients = 100_000 }: ReplayCacheOptions = {}): ReplayCache {
  const partitions = new Map<string, Map<string, number>>();

  function sweep(partition: Map<string, number>, nowMs: number) {
    for (const [key, expiresAt] of partition) if (expiresAt <= nowMs) partition.delete(key);
  }

  return {
    async consume(scope, jti, expiresAtMs, nowMs, quota = perClientQuota) {
      let partition = partitions.get(scope);
      if (partition) {
        // most recently active last, so the oldest partition is the first one
        partitions.delete(scope);
        partitions.set(scope, partition);
      } else {
        partition = new Map();
        partitions.set(scope, partition);
        if (partitions.size > maxClients) {
          const [oldest, ids] = partitions.entries().next().value!;
          sweep(ids, nowMs);
          // a partition with live ids is kept (dropping it would allow their replay)
          if (ids.size === 0) partitions.delete(oldest);
        }
      }
      const known = partition.get(jti);
      if (known !== undefined && known > nowMs) return false;
      if (partition.size >= quota) sweep(partition, nowMs);
      if (partition.size >= quota) return false;
      partition.set(jti, expiresAtMs);
      return true;
    },
  };
}

/**
 * A replay cache in Redis shared by every node: one key per (client, jti), set only if absent,
 * expiring with the assertion; a counter per client with the quota (its TTL is the longest
 * assertion lifetime, so it counts at most the ids that can be live).
 */
export function createRedisReplayCache(
  redis: Redis,
  {
    perClientQuota = 10_000,
    prefix = 'authgraph:jti',
    windowMs = 330_000,
  }: { perClientQuota?: number; prefix?: string; windowMs?: number } = {},
): ReplayCache {
  return {
    async consume(scope, jti, expiresAtMs, nowMs, quota = perClientQuota) {
      const ttl = Math.max(1, expiresAtMs - nowMs);
      const idKey = `${prefix}:${scope}:${jti}`;
      if ((await redis.set(idKey, '1', 'PX', ttl, 'NX')) !== 'OK') return false; // a replay
      // a new id: it counts against the client's quota; past it, it is refused and forgotten
      const quotaKey = `${prefix}:q:${scope}`;
      const count = await redis.incr(quotaKey);
      if (count === 1) await redis.pexpire(quotaKey, windowMs);
      if (count <= quota) return true;
      await redis.del(idKey);
      return false;
    },
  };
}
