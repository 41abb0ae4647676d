/**
 * The embedded database's start paths (src/data/database.ts): an empty DATA_DIR starts as a copy
 * of the migrated template instead of initdb plus every migration, an existing one opens as it
 * is, and values still come back typed through the PGlite adapter now that its parsers are set
 * once instead of passed with every query. PGlite only: the postgres project skips this file.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPgliteTemplate, migrationsDigest, openDatabase, PGLITE_TEMPLATE_DIR } from '../src/data/database.js';
import { readMigrations } from '../src/data/migrate.js';
import { createLogger } from '../src/lib/logger.js';

const onPglite = process.env.AUTHGRAPH_TEST_DB !== 'postgres';

/** A logger whose lines (pino JSON) are kept in `lines`. */
function recordingLogger() {
  const lines: { msg: string; applied?: string[]; fromTemplate?: boolean }[] = [];
  const logger = createLogger('info', { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { logger, lines };
}

describe.skipIf(!onPglite)('embedded database start', () => {
  it('an empty DATA_DIR starts from the migrated template, then opens as it is', async () => {
    const stamp = `${PGLITE_TEMPLATE_DIR}.json`;
    const digest = migrationsDigest(readMigrations());
    if (!existsSync(stamp) || !readFileSync(stamp, 'utf8').includes(digest)) await createPgliteTemplate();
    const root = mkdtempSync(join(tmpdir(), 'authgraph-start-'));
    const dataDir = join(root, 'data');
    try {
      const first = recordingLogger();
      const db = await openDatabase({ kind: 'pglite', dataDir }, first.logger);
      expect(first.lines.map((l) => l.msg)).toContain('new data directory from the migrated template');
      expect(first.lines.find((l) => l.msg === 'migrations applied')).toBeUndefined(); // all were in the template
      expect(await db.prisma.account.count()).toBe(0); // migrated, nothing bootstrapped
      await db.close();
      // private like any data directory: 0700 directories, 0600 files
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      for (const entry of readdirSync(dataDir, { withFileTypes: true, recursive: true })) {
        const mode = statSync(join(entry.parentPath, entry.name)).mode & 0o777;
        expect(mode, entry.name).toBe(entry.isDirectory() ? 0o700 : 0o600);
      }
      const second = recordingLogger();
      const again = await openDatabase({ kind: 'pglite', dataDir }, second.logger);
      expect(second.lines.map((l) => l.msg)).not.toContain('new data directory from the migrated template');
      expect(await again.prisma.account.count()).toBe(0);
      await again.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('values come back typed through the adapter, in and out of transactions', async () => {
    const { logger } = recordingLogger();
    const db = await openDatabase({ kind: 'pglite', dataDir: null }, logger);
    try {
      type Row = { t: Date; b: bigint; j: unknown; n: string; a: Date[] };
      const sql = `SELECT '2026-01-02T03:04:05.678Z'::timestamptz AS t, 9007199254740993::int8 AS b, '{"a":[1,"x"]}'::jsonb AS j,
        1.50::numeric AS n, ARRAY['2026-01-02T03:04:05Z'::timestamptz] AS a`;
      const check = ([row]: Row[]) => {
        expect(row!.t).toBeInstanceOf(Date);
        expect(row!.t.toISOString()).toBe('2026-01-02T03:04:05.678Z');
        expect(row!.b).toBe(9007199254740993n);
        expect(row!.j).toEqual({ a: [1, 'x'] });
        expect(String(row!.n)).toBe('1.5');
        expect(row!.a.map((d) => new Date(d).toISOString())).toEqual(['2026-01-02T03:04:05.000Z']);
      };
      check(await db.prisma.$queryRawUnsafe<Row[]>(sql));
      check(await db.prisma.$transaction(async (tx) => tx.$queryRawUnsafe<Row[]>(sql)));
      // a model read: DateTime columns are Dates
      const account = await db.prisma.account.create({ data: { id: 'acct_parsers', name: 'p' } });
      expect((await db.prisma.account.findUniqueOrThrow({ where: { id: account.id } })).createdAt).toBeInstanceOf(Date);
    } finally {
      await db.close();
    }
  });
});
