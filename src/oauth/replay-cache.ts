/**
 * Single use of client assertions (RFC 7523 §3 item 7, OIDC Core §9 `jti`): a `jti` is remembered
 * until the assertion expires. In memory, so it holds per node; several nodes behind a load
 * balancer need a shared store (Redis) for the same guarantee.
 * @module
 */

export interface ReplayCache {
  /**
   * Records `key` until `expiresAtMs`. Returns false when it was already recorded and has not
   * expired (a replay), or when the cache is full of live entries (fail closed).
   */
  consume(key: string, expiresAtMs: number, nowMs: number): boolean;
  readonly size: number;
}

/** A bounded in-memory replay cache; expired entries are swept every `sweepEvery` inserts. */
export function createReplayCache({ maxEntries = 200_000, sweepEvery = 1024 } = {}): ReplayCache {
  const seen = new Map<string, number>();
  let sinceSweep = 0;

  function sweep(nowMs: number) {
    for (const [key, expiresAt] of seen) if (expiresAt <= nowMs) seen.delete(key);
    sinceSweep = 0;
  }

  return {
    consume(key, expiresAtMs, nowMs) {
      const known = seen.get(key);
      if (known !== undefined && known > nowMs) return false;
      if (++sinceSweep >= sweepEvery || seen.size >= maxEntries) sweep(nowMs);
      if (seen.size >= maxEntries) return false;
      seen.set(key, expiresAtMs);
      return true;
    },
    get size() {
      return seen.size;
    },
  };
}
