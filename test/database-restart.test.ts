/**
 * The database goes away under load (FT-01): every backend of the server's database is
 * terminated while requests run. The process stays up, requests answer 200 or 503 with
 * Retry-After (never 500, never 401), and service recovers without a restart. PostgreSQL only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';

describe.skipIf(process.env.AUTHGRAPH_TEST_DB !== 'postgres')('database restart under load', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 200 or 503 + Retry-After while the connections die, then recovers', async () => {
    const database = new URL(server.app.config.database.kind === 'postgres' ? server.app.config.database.url : '').pathname.slice(1);
    const auth = basic(server.keyId, server.keySecret);
    const statuses: number[] = [];
    let retryAfterMissing = 0;
    let stop = false;
    const load = Promise.all(
      Array.from({ length: 4 }, async () => {
        while (!stop) {
          const res = await fetch(`${server.url}/graphql`, {
            method: 'POST',
            headers: { authorization: auth, 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ viewer { id } issuers(first: 5) { totalCount } }' }),
          });
          statuses.push(res.status);
          if (res.status === 503 && !res.headers.get('retry-after')) retryAfterMissing++;
          await res.arrayBuffer();
        }
      }),
    );
    await new Promise((r) => setTimeout(r, 300));
    const admin = new pg.Client({ connectionString: process.env.AUTHGRAPH_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres' });
    await admin.connect();
    for (let i = 0; i < 3; i++) {
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
        database,
      ]);
      await new Promise((r) => setTimeout(r, 150));
    }
    await admin.end();
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    await load;

    expect(statuses.length).toBeGreaterThan(20);
    expect(statuses.filter((s) => s !== 200 && s !== 503)).toEqual([]);
    expect(retryAfterMissing).toBe(0);
    // recovered: the last requests succeed again, without a restart
    expect(statuses.slice(-5)).toEqual([200, 200, 200, 200, 200]);
    const after = await fetch(`${server.url}/readyz`);
    expect(after.status).toBe(200);
  });
});
