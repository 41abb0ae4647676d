/**
 * The one cache shape of the server (src/lib/cache.ts over lru-cache): bounded by `max` whatever
 * keys arrive, concurrent loads of one key shared, failures and dropped values not remembered,
 * and `clear()` during a load answers the waiting callers without keeping the value loaded before
 * the change.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createCache } from '../src/lib/cache.js';

/** A full garbage collection, so heap figures count only what is still held. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe('createCache', () => {
  it('stays within max when filled far past it: the least recently used entries go, the recent ones stay', async () => {
    const loads: string[] = [];
    const cache = createCache<string>({
      max: 100,
      ttlMs: 60_000,
      load: async (key) => {
        loads.push(key);
        return `v:${key}`;
      },
    });
    for (let i = 0; i < 1000; i++) {
      expect(await cache.get(`k${i}`)).toBe(`v:k${i}`);
      expect(cache.size).toBeLessThanOrEqual(100);
    }
    expect(cache.size).toBe(100);
    expect(cache.peek('k0')).toBeUndefined();
    expect(cache.peek('k899')).toBeUndefined();
    expect(cache.peek('k900')).toBe('v:k900');
    expect(cache.peek('k999')).toBe('v:k999');
    // a hit costs no load; an evicted key loads again
    await cache.get('k999');
    await cache.get('k0');
    expect(loads.filter((k) => k === 'k999')).toHaveLength(1);
    expect(loads.filter((k) => k === 'k0')).toHaveLength(2);
  });

  it('holds memory flat when filled with 20 times max values of 8 KB each', async () => {
    const cache = createCache<number[]>({ max: 500, ttlMs: 60_000, load: async (key) => new Array<number>(1000).fill(Number(key)) });
    for (let i = 0; i < 500; i++) await cache.get(String(i));
    collect();
    const full = process.memoryUsage().heapUsed;
    for (let i = 500; i < 10_000; i++) await cache.get(String(i));
    collect();
    const grown = process.memoryUsage().heapUsed - full;
    expect(cache.size).toBe(500);
    // unbounded, the 9 500 extra values would hold about 76 MB
    expect(grown).toBeLessThan(16 * 1024 * 1024);
  });

  it('shares one load between concurrent gets of a key, and passes the context', async () => {
    const gate = deferred<void>();
    let calls = 0;
    const cache = createCache<string, { tenant: string }>({
      max: 10,
      ttlMs: 60_000,
      load: async (key, { tenant }) => {
        calls++;
        await gate.promise;
        return `${tenant}/${key}`;
      },
    });
    const waiting = Array.from({ length: 20 }, () => cache.get('a', { tenant: 't1' }));
    gate.resolve();
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['t1/a']));
    expect(calls).toBe(1);
  });

  it('does not remember a failed load; the callers see the error', async () => {
    let fail = true;
    const cache = createCache<string>({
      max: 10,
      ttlMs: 60_000,
      load: async () => (fail ? Promise.reject(new Error('database down')) : 'ok'),
    });
    await expect(cache.get('a')).rejects.toThrow('database down');
    expect(cache.size).toBe(0);
    fail = false;
    expect(await cache.get('a')).toBe('ok');
  });

  it('keeps null values, and drops the ones `keep` refuses after answering them', async () => {
    let calls = 0;
    const cache = createCache<string | null>({
      max: 10,
      ttlMs: 60_000,
      load: async (key) => {
        calls++;
        return key === 'known' ? 'row' : null;
      },
      keep: (v) => v !== null,
    });
    expect(await cache.get('unknown')).toBeNull();
    expect(await cache.get('unknown')).toBeNull();
    expect(calls).toBe(2);
    expect(cache.size).toBe(0);
    expect(await cache.get('known')).toBe('row');
    expect(await cache.get('known')).toBe('row');
    expect(calls).toBe(3);

    const nulls = createCache<string | null>({
      max: 10,
      ttlMs: 60_000,
      load: async () => {
        calls++;
        return null;
      },
    });
    await nulls.get('x');
    await nulls.get('x');
    expect(calls).toBe(4);
  });

  it('clear() during a load: the waiting callers get their answer, the next get loads again', async () => {
    const gates = [deferred<string>(), deferred<string>()];
    let calls = 0;
    const cache = createCache<string>({ max: 10, ttlMs: 60_000, load: () => gates[calls++]!.promise });
    const before = cache.get('a');
    cache.clear();
    const after = cache.get('a');
    gates[0]!.resolve('read before the change');
    gates[1]!.resolve('read after the change');
    expect(await before).toBe('read before the change');
    expect(await after).toBe('read after the change');
    expect(calls).toBe(2);
    expect(await cache.get('a')).toBe('read after the change');
  });

  it('refresh() loads on its own even while a load is running; reload() shares it', async () => {
    const gate = deferred<void>();
    let calls = 0;
    const cache = createCache<number>({
      max: 10,
      ttlMs: 60_000,
      load: async () => {
        calls++;
        await gate.promise;
        return calls;
      },
    });
    const running = cache.get('a');
    const shared = cache.reload('a');
    const own = cache.refresh('a');
    gate.resolve();
    await Promise.all([running, shared, own]);
    expect(calls).toBe(2);
    expect(await running).toBe(await shared);
  });

  it('expires values after ttlMs, or the shorter ttlOf, and hands the expired value to the load', async () => {
    const seen: (number | undefined)[] = [];
    let n = 0;
    const cache = createCache<number>({
      max: 10,
      ttlMs: 60_000,
      ttlOf: (v) => (v === 1 ? 30 : 60_000),
      load: async (_key, _ctx, previous) => {
        seen.push(previous);
        return ++n;
      },
    });
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('a')).toBe(1);
    await new Promise((done) => setTimeout(done, 60));
    expect(await cache.get('a')).toBe(2);
    expect(seen).toEqual([undefined, 1]);
    expect(cache.age('a')).toBeGreaterThanOrEqual(0);
  });

  it('refuses a bound that is not a positive integer', () => {
    expect(() => createCache({ max: 0, ttlMs: 1000, load: async () => 1 })).toThrow(/max/);
    expect(() => createCache({ max: 10, ttlMs: 0, load: async () => 1 })).toThrow(/ttlMs/);
  });
});
