/** CSRF prevention, GraphiQL only outside production, no field suggestions in production. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';

describe('HTTP hardening', () => {
  let dev: TestServer;
  let prod: TestServer;
  beforeAll(async () => {
    [dev, prod] = await Promise.all([startServer(), startServer({ NODE_ENV: 'production' })]);
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

  it('serves GraphiQL outside production only', async () => {
    const devPage = await fetch(`${dev.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(devPage.status).toBe(200);
    expect(await devPage.text()).toContain('GraphiQL');
    const prodPage = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(prodPage.status).toBe(401);
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
