/** CSRF prevention, GraphiQL without data for anonymous callers, no field suggestions unless AUTHGRAPH_ENV=development. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';

describe('HTTP hardening', () => {
  let dev: TestServer;
  let prod: TestServer;
  beforeAll(async () => {
    [dev, prod] = await Promise.all([startServer({ AUTHGRAPH_ENV: 'development' }), startServer({ NODE_ENV: 'production' })]);
  });
  afterAll(async () => {
    await Promise.all([dev?.stop(), prod?.stop()]);
  });

  const auth = (s: TestServer) => ({ authorization: basic(s.keyId, s.keySecret) });

  it('refuses a form-encoded (preflight-free) POST without the CSRF header, and changes nothing', async () => {
    const before = await dev.app.db.prisma.issuer.count();
    const res = await fetch(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { ...auth(dev), 'content-type': 'text/plain' },
      body: JSON.stringify({ query: 'mutation { createIssuer(input: {name: "csrf"}) { __typename } }' }),
    });
    expect(res.status).toBe(403);
    expect(await dev.app.db.prisma.issuer.count()).toBe(before);
  });

  it('refuses a GET query without the CSRF header, and answers it with the header', async () => {
    const url = `${dev.url}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`;
    const plain = await fetch(url, { headers: { ...auth(dev), accept: 'application/json' } });
    expect(plain.status).toBe(403);
    const withHeader = await fetch(url, { headers: { ...auth(dev), accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(withHeader.status).toBe(200);
    expect((await withHeader.json()).data.viewer.id).toBe(dev.keyId);
  });

  it('does not run mutations over GET', async () => {
    const before = await dev.app.db.prisma.issuer.count();
    const url = `${dev.url}/graphql?query=${encodeURIComponent('mutation { createIssuer(input: {name: "get"}) { __typename } }')}`;
    const res = await fetch(url, { headers: { ...auth(dev), accept: 'application/json', 'x-graphql-yoga-csrf': '1' } });
    expect(res.status).toBe(405);
    expect(await dev.app.db.prisma.issuer.count()).toBe(before);
  });

  it('serves the GraphiQL page in both modes; without a credential it gets nothing (the schema needs one)', async () => {
    for (const s of [dev, prod]) {
      const page = await fetch(`${s.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('GraphiQL');
      expect(html).not.toContain('createOrganization');
      const introspection = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
      });
      expect(introspection.status).toBe(401);
      expect(await introspection.text()).not.toContain('Organization');
    }
  });

  it('gives no field suggestions in production', async () => {
    const body = JSON.stringify({ query: '{ viewr { id } }' });
    const headers = (s: TestServer) => ({ ...auth(s), 'content-type': 'application/json' });
    const devRes = await (await fetch(`${dev.url}/graphql`, { method: 'POST', headers: headers(dev), body })).json();
    const prodRes = await (await fetch(`${prod.url}/graphql`, { method: 'POST', headers: headers(prod), body })).json();
    expect(JSON.stringify(devRes.errors)).toContain('Did you mean');
    expect(JSON.stringify(prodRes.errors)).not.toContain('Did you mean');
    expect(JSON.stringify(prodRes.errors)).not.toContain('viewer');
  });
});
