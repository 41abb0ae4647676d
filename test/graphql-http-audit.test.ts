/** GraphQL over HTTP conformance: graphql-http's server audits against the real server (GQ-13). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverAudits } from 'graphql-http';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';

describe('GraphQL over HTTP audits', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('passes every audit (no errors, no warnings) with credentials and the CSRF header added', async () => {
    const authorization = basic(server.keyId, server.keySecret);
    const fetchFn = (input: RequestInfo | URL, init?: RequestInit) => {
      const headers = new Headers(init?.headers);
      headers.set('authorization', authorization);
      headers.set('x-graphql-yoga-csrf', '1');
      return fetch(input, { ...init, headers });
    };
    const results: { name: string; status: string }[] = [];
    for (const audit of serverAudits({ url: `${server.url}/graphql`, fetchFn })) results.push(await audit.fn());
    expect(results.length).toBeGreaterThan(50);
    expect(results.filter((r) => r.status !== 'ok')).toEqual([]);
  });
});
