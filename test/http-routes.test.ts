/**
 * The plain routes (src/http/routes.ts) and the one error body shape of every non-GraphQL answer
 * outside the OAuth endpoints (src/lib/transport-errors.ts): 404, 405, /metrics' 401, GraphiQL,
 * health and readiness, GET /v1/me (an organization key's organization status from the key
 * cache, fresh on the next request after a change), and a CORS preflight refused like any
 * request without a credential.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { expectTransportError } from './helpers/transport.js';
import { createIssuer, createOrganization } from './helpers/fixtures.js';

const METRICS_TOKEN = 'metrics-token-0123456789';

describe('plain routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ METRICS_TOKEN });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  it('answers unknown routes 404 NOT_FOUND and other methods on /v1/me 405 with Allow, in the one shape', async () => {
    for (const path of ['/nowhere', '/graphql/extra', '/v2/me'])
      await expectTransportError(await fetch(`${server.url}${path}`), 'NOT_FOUND');
    const post = await fetch(`${server.url}/v1/me`, { method: 'POST', headers: { authorization: basic(server.keyId, server.keySecret) } });
    expect(post.headers.get('allow')).toBe('GET');
    await expectTransportError(post, 'METHOD_NOT_ALLOWED');
  });

  it('serves health and readiness to anyone, and /metrics only with its token', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'up' });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'up' });
    const refused = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } });
    expect(refused.headers.get('www-authenticate')).toContain('Bearer');
    await expectTransportError(refused, 'UNAUTHENTICATED');
    const metrics = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(await metrics.text()).toContain('authgraph_http_requests_total{route="/v1/me",status="405"}');
  });

  it('serves the GraphiQL page without a credential, refuses it with a wrong one, and refuses a credential-less CORS preflight', async () => {
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/graphiql/i);
    await expectTransportError(
      await fetch(`${server.url}/graphql`, { headers: { accept: 'text/html', authorization: basic(server.keyId, 'wrong') } }),
      'UNAUTHENTICATED',
    );
    const preflight = await fetch(`${server.url}/graphql`, {
      method: 'OPTIONS',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    await expectTransportError(preflight, 'UNAUTHENTICATED');
  });

  it("GET /v1/me shows an organization key's organization status, changed on the very next request after a suspension", async () => {
    const issuer = await createIssuer(server.gql);
    const org = await createOrganization(server.gql, issuer.id);
    const created = await server.gql.request<{ createApiKey: { apiKey: { id: string }; secret: string } }, unknown>(
      `mutation RoutesKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { apiKey { id } secret } } }`,
      { input: { organizationId: org.id, name: 'routes', scopes: ['org:read'] } },
    );
    const me = async () => {
      const res = await fetch(`${server.url}/v1/me`, {
        headers: { authorization: basic(created.createApiKey.apiKey.id, created.createApiKey.secret) },
      });
      expect(res.headers.get('cache-control')).toBe('no-store');
      return ((await res.json()) as { data: { organizations: { status: string; scopes: string[] }[] } }).data.organizations;
    };
    expect(await me()).toEqual([expect.objectContaining({ org_id: org.id, status: 'active', scopes: ['org:read'] })]);
    // the key row (with the organization's status) is cached now; the suspension clears it as it commits
    await server.gql.request(`mutation RoutesSuspend($id: ID!) { suspendOrganization(input: { id: $id }) { __typename } }`, { id: org.id });
    expect(await me()).toEqual([expect.objectContaining({ status: 'suspended', scopes: [] })]);
    await server.gql.request(`mutation RoutesReactivate($id: ID!) { reactivateOrganization(input: { id: $id }) { __typename } }`, {
      id: org.id,
    });
    expect(await me()).toEqual([expect.objectContaining({ status: 'active', scopes: ['org:read'] })]);
  });
});
