/**
 * Per-key rate limits (DESIGN §2; SECURITY-CASES AK-08, AK-09, FT-15): 300 per 15 minutes by
 * default, per-key overrides, headers on every answer, 429 data (Retry-After) past the limit,
 * a count shared by every node through Redis, and a documented fail-open when Redis is down.
 * The Redis part runs when Redis answers at REDIS_URL (default redis://127.0.0.1:6379) and is
 * skipped, saying so, otherwise. Keys carry a random prefix per run (the suite runs once per
 * database project, possibly at the same time) and are deleted afterwards.
 */
import { redisAnswers, redisUrl } from './helpers/redis.js';
import { randomUUID } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRateLimiter, type RateLimiter, type RateLimitResult } from '../src/http/rate-limit.js';
import { createLogger } from '../src/lib/logger.js';

const logger = createLogger('silent');
const runPrefix = `authgraph:test:rl:${randomUUID()}`;

const withRedis = await redisAnswers();
if (!withRedis)
  console.warn(`\n[authgraph] Redis does not answer at ${redisUrl}: SKIPPING the Redis rate-limit tests (the in-memory ones still run).\n`);

/** A logger whose lines the test can read. */
function capturingLogger() {
  const lines: { level: number; msg: string }[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line) as { level: number; msg: string });
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

async function consumeMany(limiter: RateLimiter, key: string, n: number, limit?: number, window?: number): Promise<RateLimitResult[]> {
  const out: RateLimitResult[] = [];
  for (let i = 0; i < n; i++) out.push(await limiter.consume(key, limit, window));
  return out;
}

/** The AK-08 / AK-09 expectations for one limiter (or several sharing a store). */
async function expectDefaultLimit(consumers: RateLimiter[], key: string) {
  const results: RateLimitResult[] = [];
  for (let i = 0; i < 300; i++) results.push(await consumers[i % consumers.length]!.consume(key));
  results.forEach((r, i) => {
    expect(r).toMatchObject({ allowed: true, limit: 300, remaining: 299 - i, retryAfterSeconds: null, degraded: false });
    expect(r.resetSeconds).toBeGreaterThan(0);
    expect(r.resetSeconds).toBeLessThanOrEqual(900);
  });
  const headers = consumers[0]!.headers(results[0]!);
  expect(headers).toEqual({
    'X-RateLimit-Limit': '300',
    'X-RateLimit-Remaining': '299',
    'X-RateLimit-Reset': String(results[0]!.resetSeconds),
  });

  const refused = await consumers[consumers.length - 1]!.consume(key);
  expect(refused).toMatchObject({ allowed: false, limit: 300, remaining: 0, degraded: false });
  expect(refused.retryAfterSeconds).toBeGreaterThan(0);
  expect(refused.retryAfterSeconds).toBeLessThanOrEqual(900);
  const refusedHeaders = consumers[0]!.headers(refused);
  expect(refusedHeaders['X-RateLimit-Limit']).toBe('300');
  expect(refusedHeaders['X-RateLimit-Remaining']).toBe('0');
  expect(Number(refusedHeaders['X-RateLimit-Reset'])).toBeGreaterThan(0);
  expect(refusedHeaders['Retry-After']).toBe(String(refused.retryAfterSeconds));
  // Still refused on every node, and a refusal does not extend the window.
  for (const c of consumers) expect((await c.consume(key)).allowed).toBe(false);
}

describe('rate limits in memory (one node)', () => {
  const limiter = createRateLimiter({ redisUrl: null, defaultLimit: 300, defaultWindowSeconds: 900, logger });
  afterAll(() => limiter.close());

  it('allows 300 requests in the window and refuses the 301st with the headers and Retry-After', async () => {
    expect(limiter.store).toBe('memory');
    expect(await limiter.ready()).toBe(true);
    await expectDefaultLimit([limiter], `key_${randomUUID()}`);
  });

  it('enforces a per-key limit of 5 independently of the default', async () => {
    const small = `key_${randomUUID()}`;
    const other = `key_${randomUUID()}`;
    const results = await consumeMany(limiter, small, 6, 5);
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(limiter.headers(results[5]!)['X-RateLimit-Limit']).toBe('5');
    expect(limiter.headers(results[5]!)['Retry-After']).toBeDefined();
    // another key under the default is untouched
    expect(await limiter.consume(other)).toMatchObject({ allowed: true, limit: 300, remaining: 299 });
    // null / undefined mean "the default" (ApiKey.rateLimit is nullable)
    expect(await limiter.consume(other, null, null)).toMatchObject({ allowed: true, limit: 300, remaining: 298 });
  });

  it('resets when the window ends', async () => {
    const key = `key_${randomUUID()}`;
    expect((await limiter.consume(key, 1, 1)).allowed).toBe(true);
    const refused = await limiter.consume(key, 1, 1);
    expect(refused).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    await new Promise((done) => setTimeout(done, 1_100));
    expect(await limiter.consume(key, 1, 1)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('takes the default for an invalid per-key limit instead of failing the request', async () => {
    const r = await limiter.consume(`key_${randomUUID()}`, 0, -5);
    expect(r).toMatchObject({ allowed: true, limit: 300, remaining: 299 });
  });

  it('refuses an invalid default at creation', () => {
    expect(() => createRateLimiter({ redisUrl: null, defaultLimit: 0, defaultWindowSeconds: 900, logger })).toThrow(/positive integer/);
  });
});

describe.skipIf(!withRedis)(`rate limits in Redis (several nodes) at ${redisUrl}`, () => {
  const nodes: RateLimiter[] = [];
  const node = () => {
    const limiter = createRateLimiter({ redisUrl, defaultLimit: 300, defaultWindowSeconds: 900, logger, keyPrefix: runPrefix });
    nodes.push(limiter);
    return limiter;
  };

  afterAll(async () => {
    await Promise.all(nodes.map((n) => n.close()));
    const client = new Redis(redisUrl);
    try {
      const keys = await client.keys(`${runPrefix}:*`);
      if (keys.length) await client.del(...keys);
    } finally {
      await client.quit();
    }
  });

  it('shares one count between two limiter instances (two nodes): the 301st is refused on either', async () => {
    const a = node();
    const b = node();
    expect(a.store).toBe('redis');
    expect(await a.ready()).toBe(true);
    expect(await b.ready()).toBe(true);
    await expectDefaultLimit([a, b], `key_${randomUUID()}`);
  });

  it('enforces a per-key limit of 5 independently of the default, across nodes', async () => {
    const a = node();
    const b = node();
    await Promise.all([a.ready(), b.ready()]);
    const small = `key_${randomUUID()}`;
    const other = `key_${randomUUID()}`;
    const results = [...(await consumeMany(a, small, 3, 5)), ...(await consumeMany(b, small, 3, 5))];
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(results[5]!.retryAfterSeconds).toBeGreaterThan(0);
    expect(await a.consume(other)).toMatchObject({ allowed: true, limit: 300, remaining: 299, degraded: false });
  });

  it('counts concurrent requests exactly (atomic increments)', async () => {
    const a = node();
    const b = node();
    await Promise.all([a.ready(), b.ready()]);
    const key = `key_${randomUUID()}`;
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).consume(key, 25, 60)));
    expect(results.filter((r) => r.allowed)).toHaveLength(25);
    expect(results.filter((r) => !r.allowed)).toHaveLength(15);
  });

  it('falls back to per-node counting while Redis is gone, and shares again when it is back', async () => {
    // A TCP relay in front of Redis that the test can cut, as a network failure would.
    const target = new URL(redisUrl);
    const sockets = new Set<Socket>();
    const relay = (port: number) =>
      new Promise<Server>((done) => {
        const server = createServer((client) => {
          const upstream = connect(Number(target.port || 6379), target.hostname);
          for (const s of [client, upstream]) {
            sockets.add(s);
            s.on('close', () => sockets.delete(s));
            s.on('error', () => {});
          }
          client.pipe(upstream).pipe(client);
        });
        server.listen(port, '127.0.0.1', () => done(server));
      });
    const cut = (server: Server) =>
      new Promise<void>((done) => {
        server.close(() => done());
        for (const s of sockets) s.destroy();
      });
    let server = await relay(0);
    const port = (server.address() as { port: number }).port;
    const relayed = new URL(redisUrl);
    relayed.hostname = '127.0.0.1';
    relayed.port = String(port);
    const { logger: captured, lines } = capturingLogger();
    const limiter = createRateLimiter({
      redisUrl: relayed.toString(),
      defaultLimit: 300,
      defaultWindowSeconds: 900,
      logger: captured,
      keyPrefix: runPrefix,
    });
    nodes.push(limiter);
    const other = node();
    try {
      expect(await limiter.ready()).toBe(true);
      await other.ready();
      const key = `key_${randomUUID()}`;
      expect(await limiter.consume(key, 10)).toMatchObject({ allowed: true, remaining: 9, degraded: false });

      await cut(server);
      await new Promise((done) => setTimeout(done, 50));
      const during = await limiter.consume(key, 10);
      // this node's own counter: it has seen one request of the key since the outage
      expect(during).toMatchObject({ allowed: true, remaining: 9, degraded: true });
      expect(lines.filter((l) => l.level === 40 && l.msg.includes('Redis unavailable'))).toHaveLength(1);

      server = await relay(port);
      expect(await limiter.ready(10_000)).toBe(true);
      // the shared count resumes where Redis left it: 1 before the outage, + this one
      expect(await limiter.consume(key, 10)).toMatchObject({ allowed: true, remaining: 8, degraded: false });
      expect(await other.consume(key, 10)).toMatchObject({ remaining: 7, degraded: false });
      expect(lines.some((l) => l.level === 30 && l.msg.includes('Redis is back'))).toBe(true);
    } finally {
      await limiter.close();
      await cut(server);
    }
  });

  it('resets when the window ends', async () => {
    const a = node();
    await a.ready();
    const key = `key_${randomUUID()}`;
    expect((await a.consume(key, 1, 1)).allowed).toBe(true);
    expect((await a.consume(key, 1, 1)).allowed).toBe(false);
    await new Promise((done) => setTimeout(done, 1_200));
    expect(await a.consume(key, 1, 1)).toMatchObject({ allowed: true, degraded: false });
  });
});

describe('rate limits when Redis is unreachable (FT-15: fail open per node, flagged, logged once)', () => {
  it('never throws, counts on this node, marks results degraded and warns once', async () => {
    const { logger: captured, lines } = capturingLogger();
    // Nothing listens on port 1.
    const limiter = createRateLimiter({
      redisUrl: 'redis://127.0.0.1:1',
      defaultLimit: 300,
      defaultWindowSeconds: 900,
      logger: captured,
      keyPrefix: runPrefix,
    });
    try {
      expect(limiter.store).toBe('redis');
      expect(await limiter.ready(300)).toBe(false);
      const key = `key_${randomUUID()}`;
      const results = await consumeMany(limiter, key, 4, 3);
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
      expect(results.every((r) => r.degraded)).toBe(true);
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
      // headers describe the counter that was applied
      expect(limiter.headers(results[3]!)).toMatchObject({ 'X-RateLimit-Limit': '3', 'X-RateLimit-Remaining': '0' });
      expect(limiter.headers(results[3]!)['Retry-After']).toBeDefined();
      const warnings = lines.filter((l) => l.level === 40 && l.msg.includes('Redis unavailable'));
      expect(warnings).toHaveLength(1);
    } finally {
      await limiter.close();
    }
  });
});
