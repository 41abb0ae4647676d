// Two projects run the same suite: on PGlite (embedded, always) and on PostgreSQL (when a server
// answers at AUTHGRAPH_TEST_PG_URL, default postgres://127.0.0.1:5432/postgres). A machine without
// PostgreSQL skips that project and says so; CI sets AUTHGRAPH_REQUIRE_POSTGRES=1 to fail instead.
import { configDefaults, defineConfig } from 'vitest/config';
import pg from 'pg';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

// graphql ships CommonJS and ESM builds; Node (and so Pothos, loaded by Node) takes the CommonJS one,
// while Vite would give our sources the ESM one: two copies of graphql refuse each other's types.
const graphqlEntry = createRequire(import.meta.url).resolve('graphql');

const pgUrl = process.env.AUTHGRAPH_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

async function postgresAnswers(): Promise<boolean> {
  const client = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const withPostgres = await postgresAnswers();
if (!withPostgres) {
  if (process.env.AUTHGRAPH_REQUIRE_POSTGRES === '1') throw new Error(`PostgreSQL is required but does not answer at ${pgUrl}`);
  console.warn(`\n[authgraph] PostgreSQL does not answer at ${pgUrl}: SKIPPING the PostgreSQL suite (the PGlite suite still runs).\n`);
}

const shared = {
  include: ['test/**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  pool: 'forks' as const,
  // A worker runs its files one after another in one module graph (the app's modules load once per
  // worker, not once per file: about 0.8 s of CPU a file). Nothing in src keeps state at module
  // level that a test depends on, and test files set their fixtures with `extend`, never with a
  // top-level `test.override` (test/fixtures.ts).
  isolate: false,
  // one migrated database template per run instead of a migration per test file (test/setup/global.ts)
  globalSetup: ['test/setup/global.ts'],
  setupFiles: ['test/setup/template.ts'],
};

// Most of a test's time is spent waiting (PostgreSQL, Chromium, timers, the relay), so more test
// files than cores run at once: vitest's default (cores − 1) is a single worker on 2 vCPUs.
const workers = Number(process.env.AUTHGRAPH_TEST_WORKERS) || Math.max(2, Math.ceil(availableParallelism() * 1.5));

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    maxWorkers: workers,
    projects: [
      {
        resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
        test: { ...shared, name: 'pglite', env: { AUTHGRAPH_TEST_DB: 'pglite' } },
      },
      ...(withPostgres
        ? [
            {
              resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
              test: {
                ...shared,
                name: 'postgres',
                // suites whose subject has no database in it run once, in the pglite project: the
                // console in Chromium (its API calls are the ones every other suite makes on both
                // databases; two minutes a run), the layer rules read from the source, and the
                // embedded database's own thread and statistics
                exclude: [
                  ...configDefaults.exclude,
                  'test/console.test.ts',
                  'test/layers.test.ts',
                  'test/pglite-thread.test.ts',
                  'test/auto-analyze.test.ts',
                ],
                env: { AUTHGRAPH_TEST_DB: 'postgres', AUTHGRAPH_TEST_PG_URL: pgUrl },
              },
            },
          ]
        : []),
    ],
  },
});
