/**
 * Fixed-window request limits per key (an API key id, a client id, an IP…) through
 * `rate-limiter-flexible`: counters in this process (RateLimiterMemory) on one node, in Redis
 * (RateLimiterRedis over ioredis) when REDIS_URL is set, so every node shares one count.
 *
 * A window starts with the first request of a key and lasts `windowSeconds`; the count is reset
 * when it ends. Headers: `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset`
 * (**seconds until the window resets**, a delta, not an epoch time) and, when refused,
 * `Retry-After` (seconds).
 *
 * Redis unavailable (FT-15): `consume` never throws. It counts in this process instead (so each
 * node enforces the limit on its own: the cluster as a whole allows up to N × limit) and marks the
 * result `degraded: true`; a warning is logged once when that starts and an info line when Redis
 * is back. The fallback is rate-limiter-flexible's own `insuranceLimiter` (a RateLimiterMemory of
 * the same limit and window behind each RateLimiterRedis); the thin wrapper here only tells which
 * of the two answered, for the `degraded` flag and the log lines. The Core API takes the result as it is (fail open, per node); an endpoint that must fail
 * closed (e.g. `/token`) refuses when `degraded` is true. Headers stay truthful: they describe the
 * counter that was actually applied.
 * @module
 */
import { newRedis } from '../lib/redis-client.js';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from '../lib/logger.js';

export interface RateLimitResult {
  /** false: answer 429 with `headers(result)` (which includes Retry-After) */
  allowed: boolean;
  limit: number;
  remaining: number;
  /** seconds until the window resets (what X-RateLimit-Reset carries) */
  resetSeconds: number;
  /** seconds to wait before retrying; null when allowed */
  retryAfterSeconds: number | null;
  /**
   * true when the shared store (Redis) could not be used and this node's own counter was applied
   * instead. Fail-closed callers refuse (503) on it; the Core API lets it through.
   */
  degraded: boolean;
}

export interface RateLimiter {
  /** Where counters live: `redis` when REDIS_URL was given, otherwise `memory`. */
  readonly store: 'memory' | 'redis';
  /**
   * Counts one request for `key` and tells whether it is allowed. `limit` and `windowSeconds`
   * default to the configured ones (null or undefined = default, e.g. ApiKey.rateLimit). Counters
   * are per (key, window): the same key under two window lengths is counted twice. Never rejects.
   */
  consume(key: string, limit?: number | null, windowSeconds?: number | null): Promise<RateLimitResult>;
  /** The response headers for a result: X-RateLimit-Limit/Remaining/Reset, and Retry-After when refused. */
  headers(result: RateLimitResult): Record<string, string>;
  /** Resolves true once the store answers (at once for memory), false after `timeoutMs`. */
  ready(timeoutMs?: number): Promise<boolean>;
  /** Closes the Redis connection. */
  close(): Promise<void>;
}

export interface RateLimiterOptions {
  redisUrl: string | null;
  defaultLimit: number;
  defaultWindowSeconds: number;
  logger: Logger;
  /** Prefix of the Redis keys (default `authgraph:rl`); tests use a random one. */
  keyPrefix?: string;
  /** A Redis command slower than this counts as a store failure (default 500 ms). */
  redisCommandTimeoutMs?: number;
}

const positiveInt = (value: number | null | undefined): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;

/**
 * The insurance limiter behind each Redis limiter: rate-limiter-flexible's RateLimiterMemory that
 * also records its answers in `insured` (so they are flagged `degraded`) and calls `onUse` (the
 * store-failed log line, once per outage).
 */
class InsuranceLimiter extends RateLimiterMemory {
  constructor(
    options: ConstructorParameters<typeof RateLimiterMemory>[0],
    private readonly insured: WeakSet<RateLimiterRes>,
    private readonly onUse: () => void,
  ) {
    super(options);
  }

  override consume(key: string | number, points?: number, options?: { [key: string]: unknown }): Promise<RateLimiterRes> {
    this.onUse();
    return super.consume(key, points, options).then(
      (res) => {
        this.insured.add(res);
        return res;
      },
      (outcome: unknown) => {
        if (outcome instanceof RateLimiterRes) this.insured.add(outcome);
        throw outcome;
      },
    );
  }
}

export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { logger } = options;
  if (!positiveInt(options.defaultLimit)) throw new Error(`rate limit must be a positive integer, got ${options.defaultLimit}`);
  if (!positiveInt(options.defaultWindowSeconds))
    throw new Error(`rate limit window must be a positive integer, got ${options.defaultWindowSeconds}`);
  const prefix = options.keyPrefix ?? 'authgraph:rl';

  const redis = options.redisUrl
    ? newRedis(options.redisUrl, {
        // Fail fast instead of queueing commands while disconnected: a request must not wait for Redis.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: options.redisCommandTimeoutMs ?? 500,
        connectTimeout: 2_000,
        // Keep reconnecting for as long as the process lives, backing off to 5 s.
        retryStrategy: (times) => Math.min(times * 200, 5_000),
      })
    : null;

  // State of the shared store, so a Redis outage logs once, not once per request.
  let degradedSince: Date | null = null;
  let closed = false;
  const storeFailed = (error: unknown) => {
    if (degradedSince) return;
    degradedSince = new Date();
    logger.warn(
      { err: error instanceof Error ? error.message : String(error) },
      'rate limiter: Redis unavailable, counting per node until it is back (fail open)',
    );
  };
  const storeAnswered = () => {
    if (!degradedSince) return;
    logger.info({ since: degradedSince.toISOString() }, 'rate limiter: Redis is back, counters are shared again');
    degradedSince = null;
  };
  // Without a listener ioredis reports connection errors on stderr itself.
  redis?.on('error', (error: Error) => storeFailed(error));

  // One limiter per (limit, window): rate-limiter-flexible fixes both at construction.
  const limiters = new Map<string, RateLimiterAbstract>();
  const keyPrefixFor = (windowSeconds: number) => `${prefix}:w${windowSeconds}`;
  /** Answers that came from an insurance limiter (this node's own count) rather than Redis. */
  const insured = new WeakSet<RateLimiterRes>();

  function limiterFor(limit: number, windowSeconds: number): RateLimiterAbstract {
    const id = `${limit}/${windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      // The Redis key depends on the window only, so changing a key's limit keeps its current count.
      limiter = redis
        ? new RateLimiterRedis({
            storeClient: redis,
            keyPrefix: keyPrefixFor(windowSeconds),
            points: limit,
            duration: windowSeconds,
            rejectIfRedisNotReady: true,
            // Once a key is over its limit, this node answers from memory until the window ends
            // instead of asking Redis again for every refused request.
            inMemoryBlockOnConsumed: limit + 1,
            // Redis failed or is not ready: counted on this node (FT-15)
            insuranceLimiter: new InsuranceLimiter(
              { keyPrefix: keyPrefixFor(windowSeconds), points: limit, duration: windowSeconds },
              insured,
              () => {
                if (!closed) storeFailed(new Error('Redis did not answer'));
              },
            ),
          })
        : new RateLimiterMemory({ keyPrefix: keyPrefixFor(windowSeconds), points: limit, duration: windowSeconds });
      limiters.set(id, limiter);
    }
    return limiter;
  }

  function toResult(res: RateLimiterRes, allowed: boolean, limit: number, windowSeconds: number, degraded: boolean): RateLimitResult {
    // msBeforeNext is -1 for a key without expiry (cannot happen with a window, but be safe).
    const ms = res.msBeforeNext >= 0 ? res.msBeforeNext : windowSeconds * 1000;
    const resetSeconds = Math.max(0, Math.ceil(ms / 1000));
    return {
      allowed,
      limit,
      remaining: allowed ? Math.max(0, Math.min(limit, res.remainingPoints)) : 0,
      resetSeconds,
      retryAfterSeconds: allowed ? null : Math.max(1, resetSeconds),
      degraded,
    };
  }

  async function run(limiter: RateLimiterAbstract, key: string, limit: number, windowSeconds: number) {
    try {
      const res = await limiter.consume(key, 1);
      return toResult(res, true, limit, windowSeconds, insured.has(res));
    } catch (outcome) {
      if (outcome instanceof RateLimiterRes) return toResult(outcome, false, limit, windowSeconds, insured.has(outcome));
      throw outcome;
    }
  }

  const warnedInvalid = new Set<string>();
  function orDefault(value: number | null | undefined, fallback: number, what: string): number {
    if (value === null || value === undefined) return fallback;
    if (positiveInt(value)) return value;
    if (!warnedInvalid.has(`${what}:${value}`)) {
      warnedInvalid.add(`${what}:${value}`);
      logger.warn({ [what]: value }, `rate limiter: invalid ${what}, using the default`);
    }
    return fallback;
  }

  return {
    store: redis ? 'redis' : 'memory',

    async consume(key, limit, windowSeconds) {
      const points = orDefault(limit, options.defaultLimit, 'limit');
      const window = orDefault(windowSeconds, options.defaultWindowSeconds, 'windowSeconds');
      try {
        const result = await run(limiterFor(points, window), key, points, window);
        if (redis && !result.degraded) storeAnswered();
        return result;
      } catch (error) {
        // Only a failure of the insurance limiter itself lands here (a refusal is a result, a Redis
        // failure goes to the insurance limiter); it does not fail: if it ever did, let the
        // request through, flagged.
        if (!closed) storeFailed(error);
        return { allowed: true, limit: points, remaining: points, resetSeconds: window, retryAfterSeconds: null, degraded: true };
      }
    },

    headers(result) {
      const headers: Record<string, string> = {
        'X-RateLimit-Limit': String(result.limit),
        'X-RateLimit-Remaining': String(result.remaining),
        'X-RateLimit-Reset': String(result.resetSeconds),
      };
      if (!result.allowed) headers['Retry-After'] = String(result.retryAfterSeconds ?? Math.max(1, result.resetSeconds));
      return headers;
    },

    async ready(timeoutMs = 2_000) {
      if (!redis) return true;
      if (redis.status === 'ready') return true;
      return new Promise<boolean>((resolve) => {
        const done = (value: boolean) => {
          clearTimeout(timer);
          redis.off('ready', onReady);
          resolve(value);
        };
        const onReady = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        timer.unref();
        redis.on('ready', onReady);
      });
    },

    async close() {
      closed = true;
      if (!redis || redis.status === 'end') return;
      if (redis.status === 'ready') {
        try {
          await redis.quit();
          return;
        } catch {
          // fall through to a hard disconnect
        }
      }
      redis.disconnect();
    },
  };
}
