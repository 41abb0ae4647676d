/**
 * vitest globalSetup (once per run and project, in the main process): one migrated database
 * template that every test database starts from, instead of `initdb` plus every migration per
 * test file.
 * - pglite project: an in-memory database, migrated and dumped (PGlite `dumpDataDir`) to
 *   tmp/test-templates/pglite-<digest>.tar; workers load it (AUTHGRAPH_PGLITE_TEMPLATE, read by
 *   src/data/database.ts).
 * - postgres project: a database `authgraph_tpl_<digest>` migrated once; test databases are made
 *   with `CREATE DATABASE … TEMPLATE` (AUTHGRAPH_TEST_PG_TEMPLATE, read by test/helpers/server.ts).
 * <digest> covers the migrations' names and checksums, so a changed migration makes a new template;
 * an existing one is reused across runs.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { dumpPgliteTemplate, migrationsDigest } from '../../src/data/database.js';
import { migrate, readMigrations } from '../../src/data/migrate.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** path of the migrated PGlite dump ('' when this project runs on PostgreSQL) */
    pgliteTemplate: string;
    /** name of the migrated template database ('' on the pglite project) */
    postgresTemplate: string;
  }
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

async function pgliteTemplate(digest: string): Promise<string> {
  const dir = join(ROOT, 'tmp/test-templates');
  const file = join(dir, `pglite-${digest.slice(0, 16)}.tar`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const partial = `${file}.${process.pid}`;
  writeFileSync(partial, await dumpPgliteTemplate());
  renameSync(partial, file); // atomic: a concurrent run sees the whole file or none
  return file;
}

async function postgresTemplate(adminUrl: string, digest: string): Promise<string> {
  const name = `authgraph_tpl_${digest.slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) return name;
    // built under a name of its own, then renamed: a concurrent run never copies a half-migrated one
    const building = `${name}_${process.pid}`;
    await admin.query(`CREATE DATABASE "${building}"`);
    const url = new URL(adminUrl);
    url.pathname = `/${building}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await migrate({
        exec: async (sql) => void (await client.query(sql)),
        query: async <Row>(sql: string, params?: unknown[]) => (await client.query(sql, params)).rows as Row[],
      });
      await client.query('ANALYZE');
    } finally {
      await client.end();
    }
    try {
      await admin.query(`ALTER DATABASE "${building}" RENAME TO "${name}"`);
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS "${building}" WITH (FORCE)`);
      if (!(await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount) throw error;
    }
    return name;
  } finally {
    await admin.end();
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const digest = migrationsDigest(readMigrations());
  const env = project.config.env ?? {};
  const started = performance.now();
  if (env.AUTHGRAPH_TEST_DB === 'postgres') {
    project.provide('pgliteTemplate', '');
    project.provide(
      'postgresTemplate',
      await postgresTemplate(env.AUTHGRAPH_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres', digest),
    );
  } else {
    project.provide('postgresTemplate', '');
    project.provide('pgliteTemplate', await pgliteTemplate(digest));
  }
  const seconds = (performance.now() - started) / 1000;
  if (seconds > 1) console.log(`[authgraph] ${project.name}: migrated database template ready in ${seconds.toFixed(1)} s`);
}
