/**
 * The project's own migrator: applies prisma/migrations/<name>/migration.sql in name order and
 * records them in `_prisma_migrations` exactly as `prisma migrate deploy` does, so both stay
 * interchangeable wherever Prisma's native engine exists. Prisma's own migrate commands need that
 * engine, which cannot be installed offline.
 * @module
 */
import { randomUUID, createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

/** The little a migrator needs from a SQL connection (one session, so transactions hold). */
export interface SqlSession {
  /** Runs one or more statements with no parameters. */
  exec(sql: string): Promise<void>;
  query<Row>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

/** Prisma's advisory lock key for migrations, so `prisma migrate deploy` and we exclude each other. */
const MIGRATION_LOCK = 72707369;

export const DEFAULT_MIGRATIONS_DIR = new URL('../../prisma/migrations', import.meta.url).pathname;

export function readMigrations(dir: string = DEFAULT_MIGRATIONS_DIR): Migration[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

/**
 * The usual start: one query shows every migration recorded, finished and unchanged, so there is
 * nothing to apply and no lock to take. Anything else (no table yet, a migration missing, failed or
 * edited) answers false, and {@link migrate} takes the locked path, which applies or throws.
 */
async function allApplied(session: SqlSession, migrations: Migration[]): Promise<boolean> {
  let rows: { migration_name: string; checksum: string; finished_at: Date | null }[];
  try {
    rows = await session.query('SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL');
  } catch {
    return false; // no _prisma_migrations yet (an empty database)
  }
  const done = new Map(rows.map((r) => [r.migration_name, r]));
  return migrations.every((m) => {
    const row = done.get(m.name);
    return row !== undefined && row.finished_at !== null && row.checksum === m.checksum;
  });
}

/**
 * Applies every migration not yet recorded, each in its own transaction, under Prisma's advisory
 * lock so that several nodes starting at once apply each migration exactly once.
 * Throws when a recorded migration's checksum differs from the file (history was edited).
 * @returns the names of the migrations applied now
 */
export async function migrate(session: SqlSession, migrations = readMigrations()): Promise<string[]> {
  if (await allApplied(session, migrations)) return [];
  await session.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  const applied: string[] = [];
  try {
    const rows = await session.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL',
    );
    const done = new Map(rows.map((r) => [r.migration_name, r]));
    for (const m of migrations) {
      const row = done.get(m.name);
      if (row) {
        if (!row.finished_at) throw new Error(`migration ${m.name} failed earlier and is not finished; resolve it by hand`);
        if (row.checksum !== m.checksum) throw new Error(`migration ${m.name} was edited after it was applied`);
        continue;
      }
      const id = randomUUID();
      await session.exec('BEGIN');
      try {
        await session.exec(m.sql);
        await session.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count)
           VALUES ($1, $2, now(), $3, 1)`,
          [id, m.checksum, m.name],
        );
        await session.exec('COMMIT');
      } catch (error) {
        await session.exec('ROLLBACK');
        throw new Error(`migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(m.name);
    }
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
  return applied;
}
