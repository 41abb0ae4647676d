/**
 * Counters of failures per key in a fixed window (rate-limiter-flexible): in this process, or in
 * Redis when REDIS_URL is set so every node sees the same count. Only failures are ever added;
 * a success never touches a counter. Redis unavailable: this node's own counter answers instead
 * (RLF `insuranceLimiter`), so throttling degrades to per node rather than off.
 * @module
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';

export interface FailureCount {
  /** failures counted for the key in the current window */
  failures: number;
  /** milliseconds until the window (and so the count) ends; 0 when nothing is counted */
  msBeforeReset: number;
}

export interface FailureCounter {
  readonly windowSeconds: number;
  /** The key's count now, without adding to it. */
  peek(key: string): Promise<FailureCount>;
  /**
   * The counts of several keys now, in the order given, without adding to them: with Redis one
   * MGET (one round trip, instead of a MULTI GET+PTTL per key), plus one round trip per key that
   * has failures counted (for its time to reset). Redis unavailable: this node's own counts.
   */
  peekMany(keys: readonly string[]): Promise<FailureCount[]>;
  /** Adds one failure to the key and answers the new count. */
  add(key: string): Promise<FailureCount>;
  /** Forgets the key's count. */
  reset(key: string): Promise<void>;
}

/** Points no key reaches: a counter never refuses by itself, callers compare with their limits. */
const UNBOUNDED = 1_000_000_000;

function countOf(res: RateLimiterRes | null): FailureCount {
  if (!res) return { failures: 0, msBeforeReset: 0 };
  return { failures: res.consumedPoints, msBeforeReset: Math.max(0, res.msBeforeNext) };
}

/** `prefix` separates counters (e.g. `authgraph:fail:token`); `redis` null: in memory. */
export function createFailureCounter({
  redis,
  prefix,
  windowSeconds,
}: {
  redis: Redis | null;
  prefix: string;
  windowSeconds: number;
}): FailureCounter {
  const memory = new RateLimiterMemory({ keyPrefix: prefix, points: UNBOUNDED, duration: windowSeconds });
  const limiter: RateLimiterAbstract = redis
    ? new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: prefix,
        points: UNBOUNDED,
        duration: windowSeconds,
        rejectIfRedisNotReady: true,
        insuranceLimiter: memory,
      })
    : memory;
  const peek = async (key: string) => countOf(await limiter.get(key));
  return {
    windowSeconds,
    peek,
    async peekMany(keys) {
      if (redis?.status !== 'ready') return Promise.all(keys.map(peek));
      let counted: (string | null)[];
      try {
        // the keys as rate-limiter-flexible stores them (RateLimiterAbstract.getKey)
        counted = await redis.mget(keys.map((key) => limiter.getKey(key)));
      } catch {
        // as the limiter's own get does: this node's insurance counter answers
        return Promise.all(keys.map(async (key) => countOf(await memory.get(key))));
      }
      // failures are rare: their time to reset is read only for keys that have some
      return Promise.all(keys.map((key, i) => (counted[i] === null ? { failures: 0, msBeforeReset: 0 } : peek(key))));
    },
    async add(key) {
      return countOf(await limiter.penalty(key, 1));
    },
    async reset(key) {
      await limiter.delete(key);
    },
  };
}
