/**
 * Starts the real app on a free port against a fresh database: in-memory PGlite, or a new
 * PostgreSQL database per server in the postgres project (dropped on stop).
 */
import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { buildApp, type App } from '../../src/app.js';
import { loadConfig } from '../../src/config/env.js';
import { newId } from '../../src/lib/ids.js';
import { randomSecret } from '../../src/lib/crypto.js';
import { createClient, type GraphQLClient } from './graphql.js';
import type { Clock } from '../../src/lib/clock.js';
import type { Faults } from '../../src/domain/events.js';

export interface TestServer {
  app: App;
  /** the faults injected into the app (`failEventWrite`: see src/domain/events.ts) */
  faults: Faults;
  url: string;
  keyId: string;
  keySecret: string;
  /** GraphQL client authenticated with the account's admin key */
  gql: GraphQLClient;
  stop(): Promise<void>;
}

/**
 * A fresh PostgreSQL database on the test server (AUTHGRAPH_TEST_PG_URL), and how to drop it: a
 * copy of the run's migrated template (AUTHGRAPH_TEST_PG_TEMPLATE, test/setup/global.ts) when set.
 */
export async function createPostgresDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = process.env.AUTHGRAPH_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `authgraph_test_${newId('idempotency').slice(5)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  const template = process.env.AUTHGRAPH_TEST_PG_TEMPLATE;
  await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface StartOptions {
  /** the app's clock (default: the system clock); see ./clock.ts for one tests move */
  clock?: Clock;
}

export async function startServer(env: Record<string, string> = {}, options: StartOptions = {}): Promise<TestServer> {
  const keyId = newId('apiKey');
  const keySecret = randomSecret();
  const onPostgres = process.env.AUTHGRAPH_TEST_DB === 'postgres';
  const pgdb = onPostgres ? await createPostgresDatabase() : null;
  const base = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
    AUTHGRAPH_MASTER_KEY: randomBytes(32).toString('hex'),
    ...env,
  });
  const config = { ...base, database: pgdb ? { kind: 'postgres' as const, url: pgdb.url } : { kind: 'pglite' as const, dataDir: null } };
  const faults: Faults = { failEventWrite: null };
  const app = await buildApp({ config, faults, ...(options.clock ? { clock: options.clock } : {}) });
  const url = await app.start(0, '127.0.0.1');
  return {
    app,
    faults,
    url,
    keyId,
    keySecret,
    gql: createClient(url, { username: keyId, password: keySecret }),
    async stop() {
      await app.stop();
      await pgdb?.drop();
    },
  };
}
