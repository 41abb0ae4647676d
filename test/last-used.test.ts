/**
 * Last-used times without a database write per request (DESIGN §2): `touch` is memory only, a
 * flush writes every touched credential with one UPDATE per table, the column only moves forward,
 * a failed flush is retried, and stop() flushes. Runs on a real database: in-memory PGlite, or a
 * fresh PostgreSQL database in the postgres project.
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type PrismaClient } from '../src/data/database.js';
import { createLastUsedRecorder } from '../src/domain/last-used.js';
import { manualClock } from './helpers/clock.js';
import { newId } from '../src/lib/ids.js';
import { createLogger } from '../src/lib/logger.js';

const logger = createLogger('silent');
let db: Database;
let dropDatabase: (() => Promise<void>) | null = null;

async function open(): Promise<Database> {
  if (process.env.AUTHGRAPH_TEST_DB !== 'postgres') return openDatabase({ kind: 'pglite', dataDir: null }, logger);
  const adminUrl = process.env.AUTHGRAPH_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `authgraph_test_${newId('idempotency').slice(5)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  dropDatabase = async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await c.end();
  };
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return openDatabase({ kind: 'postgres', url: url.toString() }, logger);
}

let accountId: string;
let userId: string;

async function apiKey(lastUsedAt: Date | null = null): Promise<string> {
  const id = newId('apiKey');
  await db.prisma.apiKey.create({ data: { id, accountId, name: 'k', secretHash: 'h', prefix: 'p', lastUsedAt } });
  return id;
}

async function personalToken(): Promise<string> {
  const id = newId('personalToken');
  await db.prisma.personalToken.create({ data: { id, userId, name: 't', secretHash: 'h', prefix: 'p' } });
  return id;
}

const stored = async (id: string) => (await db.prisma.apiKey.findUniqueOrThrow({ where: { id } })).lastUsedAt;
const storedToken = async (id: string) => (await db.prisma.personalToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;

beforeAll(async () => {
  db = await open();
  accountId = newId('account');
  const issuerId = newId('issuer');
  userId = newId('user');
  await db.prisma.account.create({ data: { id: accountId, name: 'Last used' } });
  await db.prisma.issuer.create({ data: { id: issuerId, accountId, name: 'Issuer' } });
  await db.prisma.user.create({
    data: { id: userId, issuerId, username: 'last-used@example.com', usernameNormalized: 'last-used@example.com' },
  });
});

afterAll(async () => {
  await db?.close();
  await dropDatabase?.();
});

describe('last-used recorder', () => {
  it('touch writes nothing; lastUsed() shows the pending time until it is flushed', async () => {
    const clock = manualClock('2026-01-02T03:04:05.678Z');
    const recorder = createLastUsedRecorder({ prisma: db.prisma, clock, flushIntervalMs: 0 });
    const id = await apiKey();

    const before = db.queryCount();
    for (let i = 0; i < 100; i++) recorder.touch('apiKey', id);
    expect(db.queryCount()).toBe(before);
    expect(recorder.lastUsed(id)).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(await stored(id)).toBeNull();

    await recorder.flush();
    expect(await stored(id)).toEqual(new Date('2026-01-02T03:04:05.678Z'));
    expect(recorder.lastUsed(id)).toBeNull();
    expect(recorder.lastUsed('key_unknown')).toBeNull();
    await recorder.stop();
  });

  it('flushes every touched credential with one UPDATE per table, each with its own latest time', async () => {
    const clock = manualClock('2026-02-01T00:00:00.000Z');
    const recorder = createLastUsedRecorder({ prisma: db.prisma, clock, flushIntervalMs: 0 });
    const keys = await Promise.all(Array.from({ length: 25 }, () => apiKey()));
    const tokens = await Promise.all(Array.from({ length: 3 }, () => personalToken()));
    keys.forEach((id, i) => {
      clock.set(`2026-02-01T00:00:${String(i).padStart(2, '0')}.000Z`);
      recorder.touch('apiKey', id);
    });
    clock.set('2026-02-01T01:00:00.000Z');
    for (const id of tokens) recorder.touch('personalToken', id);
    clock.set('2026-02-01T02:00:00.000Z');
    recorder.touch('apiKey', keys[0]!); // touched again later: the later time wins

    const before = db.queryCount();
    await recorder.flush();
    expect(db.queryCount() - before).toBe(2);

    expect(await stored(keys[0]!)).toEqual(new Date('2026-02-01T02:00:00.000Z'));
    expect(await stored(keys[24]!)).toEqual(new Date('2026-02-01T00:00:24.000Z'));
    for (const id of tokens) expect(await storedToken(id)).toEqual(new Date('2026-02-01T01:00:00.000Z'));

    // nothing pending: no statement at all
    const idle = db.queryCount();
    await recorder.flush();
    expect(db.queryCount()).toBe(idle);
    await recorder.stop();
  });

  it('only moves lastUsedAt forward (another node may have written a later time)', async () => {
    const later = new Date('2027-01-01T00:00:00.000Z');
    const id = await apiKey(later);
    const recorder = createLastUsedRecorder({ prisma: db.prisma, clock: manualClock('2026-06-01T00:00:00.000Z'), flushIntervalMs: 0 });
    recorder.touch('apiKey', id);
    await recorder.flush();
    expect(await stored(id)).toEqual(later);
    await recorder.stop();
  });

  it('keeps the times of a failed flush and writes them on the next one', async () => {
    const id = await apiKey();
    let fail = true;
    const flaky = {
      $executeRaw: ((...args: Parameters<PrismaClient['$executeRaw']>) => {
        if (fail) return Promise.reject(new Error('connection lost'));
        return db.prisma.$executeRaw(...args);
      }) as PrismaClient['$executeRaw'],
    };
    const clock = manualClock('2026-03-01T00:00:00.000Z');
    const recorder = createLastUsedRecorder({ prisma: flaky, clock, flushIntervalMs: 0 });
    recorder.touch('apiKey', id);
    await expect(recorder.flush()).rejects.toThrow('connection lost');
    expect(recorder.lastUsed(id)).toEqual(new Date('2026-03-01T00:00:00.000Z'));
    fail = false;
    await recorder.flush();
    expect(await stored(id)).toEqual(new Date('2026-03-01T00:00:00.000Z'));
    await recorder.stop();
  });

  it('lastUsed() still answers while a flush is writing', async () => {
    const id = await apiKey();
    let release!: () => void;
    const gate = new Promise<void>((done) => (release = done));
    const slow = {
      $executeRaw: (async (...args: Parameters<PrismaClient['$executeRaw']>) => {
        await gate;
        return db.prisma.$executeRaw(...args);
      }) as PrismaClient['$executeRaw'],
    };
    const recorder = createLastUsedRecorder({ prisma: slow, clock: manualClock('2026-04-01T00:00:00.000Z'), flushIntervalMs: 0 });
    recorder.touch('apiKey', id);
    const flushing = recorder.flush();
    expect(recorder.lastUsed(id)).toEqual(new Date('2026-04-01T00:00:00.000Z'));
    release();
    await flushing;
    expect(recorder.lastUsed(id)).toBeNull();
    expect(await stored(id)).toEqual(new Date('2026-04-01T00:00:00.000Z'));
    await recorder.stop();
  });

  it('flushes on its timer, and stop() flushes what is left', async () => {
    const id = await apiKey();
    const late = await apiKey();
    const clock = manualClock('2026-05-01T00:00:00.000Z');
    const recorder = createLastUsedRecorder({ prisma: db.prisma, clock, flushIntervalMs: 50 });
    recorder.touch('apiKey', id);
    await expect.poll(() => stored(id), { timeout: 5_000, interval: 25 }).toEqual(new Date('2026-05-01T00:00:00.000Z'));

    clock.set('2026-05-01T00:00:01.000Z');
    recorder.touch('apiKey', late);
    await recorder.stop();
    expect(await stored(late)).toEqual(new Date('2026-05-01T00:00:01.000Z'));
  });
});
