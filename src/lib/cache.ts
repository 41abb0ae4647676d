/**
 * The one shape of every in-process cache of this server: a bounded least-recently-used map with
 * a time to live, over `lru-cache` (isaacs/node-lru-cache).
 *
 * - Bounded: at most `max` entries; past it the least recently used one is evicted, so memory stays
 *   flat whatever keys callers bring (ids from tokens, issuer ids from URLs…).
 * - Loaded through one function: `get` answers a live entry, else calls `load` — concurrent `get`s
 *   of one key share one load (lru-cache's `fetchMethod`), so a burst of requests for a cold key
 *   costs one query. A load that rejects is not remembered; the callers see the error.
 * - Invalidated the same way everywhere: `clear()` (and `delete(key)`). A load still running when
 *   its entry is cleared still answers the callers waiting on it, but its value is not kept: the
 *   next `get` loads again and sees the state after the change.
 * - Values may be null (lru-cache takes no nullish values: they are boxed here).
 *
 * Time is wall-clock milliseconds (`performance.now`, inside lru-cache), not the injected Clock:
 * these bound staleness, they decide nothing a test sets the clock for.
 * @module
 */
import { LRUCache } from 'lru-cache';

export interface CacheOptions<V, C> {
  /** most entries held; the least recently used one goes first past it */
  max: number;
  /** how long a loaded value is served, in milliseconds (an upper bound; see `ttlOf`) */
  ttlMs: number;
  /**
   * Loads the value of `key`. `previous` is the expired value this load replaces, when there is
   * one (e.g. to keep an imported key object whose id did not change); `context` is what the
   * caller passed to `get`.
   */
  load: (key: string, context: C, previous: V | undefined) => Promise<V>;
  /** whether a loaded value is remembered (default: always; e.g. not an unknown id's null) */
  keep?: (value: V) => boolean;
  /** a shorter time to live for one value, in milliseconds (capped at `ttlMs`; ≤ 0: not kept) */
  ttlOf?: (value: V) => number;
}

/** A bounded TTL cache (see the module comment). */
export interface Cache<V, C = undefined> {
  /** The value of `key`: the cached one while it lives, else loaded (one load per key at a time). */
  get(key: string, ...context: C extends undefined ? [] : [C]): Promise<V>;
  /**
   * Loads `key` again although a live value is cached (e.g. a key set asked for a kid it lacks),
   * sharing a load already running for it, and remembers the result.
   */
  reload(key: string, ...context: C extends undefined ? [] : [C]): Promise<V>;
  /**
   * Loads `key` now with a load of its own (never one that started earlier) and remembers the
   * result: for callers that must see the database as it is after a change, e.g. an event that
   * may take authority away.
   */
  refresh(key: string, ...context: C extends undefined ? [] : [C]): Promise<V>;
  /** The live cached value, without loading; undefined when there is none. */
  peek(key: string): V | undefined;
  /** Whether an entry of `key` is held, live or expired but not yet dropped (what counts in `size`). */
  holds(key: string): boolean;
  /** Milliseconds since the live value of `key` was loaded; undefined when there is none. */
  age(key: string): number | undefined;
  /** Forgets one key. */
  delete(key: string): void;
  /** Forgets everything: the invalidation hook every cache answers. */
  clear(): void;
  /** Entries held now (at most `max`). */
  readonly size: number;
  readonly max: number;
}

interface Box<V> {
  value: V;
  loadedAt: number;
}

/** Makes a cache (see the module comment). Throws when `max` or `ttlMs` is not a positive integer. */
export function createCache<V, C = undefined>(options: CacheOptions<V, C>): Cache<V, C> {
  const { max, ttlMs, load, keep, ttlOf } = options;
  if (!Number.isSafeInteger(max) || max < 1) throw new Error(`cache max must be a positive integer, got ${max}`);
  if (!Number.isSafeInteger(ttlMs) || ttlMs < 1) throw new Error(`cache ttlMs must be a positive integer, got ${ttlMs}`);

  /** The ttl lru-cache should give a freshly loaded value, or 0 when it must not be kept. */
  const ttlFor = (value: V): number => {
    if (keep && !keep(value)) return 0;
    return ttlOf ? Math.min(ttlMs, Math.floor(ttlOf(value))) : ttlMs;
  };

  // the context travels untyped through lru-cache (its typing of it depends on C); it is the C of `get`.
  // Made on first use: lru-cache allocates its arrays for all `max` entries up front, which for the
  // dozen caches built at start-up cost more CPU than the rest of composing the services.
  let made: LRUCache<string, Box<V>, unknown> | null = null;
  const lru = () => (made ??= newLru());
  const newLru = () =>
    new LRUCache<string, Box<V>, unknown>({
      max,
      ttl: ttlMs,
      // a value loaded for callers who are already waiting is given to them even when its entry was
      // cleared meanwhile (it is then not stored: see the module comment)
      ignoreFetchAbort: true,
      fetchMethod: async (key, stale, { options: setOptions, context }) => {
        const value = await load(key, context as C, stale?.value);
        setOptions.ttl = Math.max(1, ttlFor(value));
        return { value, loadedAt: performance.now() };
      },
    });

  /** Drops `box` again when its value must not be kept (an lru-cache ttl of 0 means "forever"). */
  function settle(key: string, box: Box<V>): V {
    if (ttlFor(box.value) <= 0 && made?.peek(key, { allowStale: true }) === box) made.delete(key);
    return box.value;
  }

  const cache: Cache<V, C> = {
    async get(key, ...rest) {
      const box = await lru().fetch(key, { context: rest[0] });
      // undefined only if a load resolved undefined for a value type that allows it
      return box ? settle(key, box) : (undefined as V);
    },
    async reload(key, ...rest) {
      const box = await lru().fetch(key, { context: rest[0], forceRefresh: true });
      return box ? settle(key, box) : (undefined as V);
    },
    async refresh(key, ...rest) {
      const context = rest[0] as C;
      const value = await load(key, context, made?.peek(key, { allowStale: true })?.value);
      const ttl = ttlFor(value);
      if (ttl > 0) lru().set(key, { value, loadedAt: performance.now() }, { ttl });
      else made?.delete(key);
      return value;
    },
    peek(key) {
      return made?.peek(key)?.value;
    },
    holds(key) {
      return made?.peek(key, { allowStale: true }) !== undefined;
    },
    age(key) {
      const box = made?.peek(key);
      return box ? performance.now() - box.loadedAt : undefined;
    },
    delete(key) {
      made?.delete(key);
    },
    clear() {
      made?.clear();
    },
    get size() {
      return made?.size ?? 0;
    },
    max,
  };
  return cache;
}
