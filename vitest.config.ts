// Two projects run the same suite: on PGlite (embedded, always) and on PostgreSQL (when a server
// answers at AUTHGRAPH_TEST_PG_URL, default postgres://127.0.0.1:5432/postgres). A machine without
// PostgreSQL skips that project and says so; CI sets AUTHGRAPH_REQUIRE_POSTGRES=1 to fail instead.
import { defineConfig } from 'vitest/config';
import pg from 'pg';
import { createRequire } from 'node:module';

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
  // one migrated database template per run instead of a migration per test file (test/setup/global.ts)
  globalSetup: ['test/setup/global.ts'],
  setupFiles: ['test/setup/template.ts'],
};

export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
  test: {
    projects: [
      {
        resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
        test: { ...shared, name: 'pglite', env: { AUTHGRAPH_TEST_DB: 'pglite' } },
      },
      ...(withPostgres
        ? [
            {
              resolve: { alias: [{ find: /^graphql$/, replacement: graphqlEntry }] },
              test: { ...shared, name: 'postgres', env: { AUTHGRAPH_TEST_DB: 'postgres', AUTHGRAPH_TEST_PG_URL: pgUrl } },
            },
          ]
        : []),
    ],
  },
});
