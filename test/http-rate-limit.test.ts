/**
 * useRateLimit (src/http/use-rate-limit.ts): one count per credential across GraphQL over HTTP,
 * SSE, GET /v1/me and graphql-ws operations; X-RateLimit-* headers on HTTP answers, 429
 * RATE_LIMITED (Retry-After, extensions.retryAfterSeconds) past the limit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { expectTransportError } from './helpers/transport.js';
import { createIssuer, createOrganization } from './helpers/fixtures.js';

describe('useRateLimit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** An organization key limited to `limit` requests per hour. */
  async function limitedKey(limit: number): Promise<string> {
    const issuer = await createIssuer(server.gql);
    const org = await createOrganization(server.gql, issuer.id);
    const res = await server.gql.request<{ createApiKey: { apiKey: { id: string }; secret: string } }, unknown>(
      `mutation LimitedKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { apiKey { id } secret } } }`,
      { input: { organizationId: org.id, name: 'limited', scopes: ['org:read'], rateLimit: limit, rateLimitWindowSeconds: 3600 } },
    );
    return basic(res.createApiKey.apiKey.id, res.createApiKey.secret);
  }

  const post = (authorization: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
  const sse = (authorization: string) =>
    fetch(`${server.url}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`, {
      headers: { accept: 'text/event-stream', 'x-graphql-yoga-csrf': '1', authorization },
    });
  const me = (authorization: string) => fetch(`${server.url}/v1/me`, { headers: { authorization } });

  it('counts HTTP, SSE and /v1/me requests of one credential against one limit, with headers on each', async () => {
    const authorization = await limitedKey(4);
    const answers = [await post(authorization), await sse(authorization), await me(authorization)];
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(answers.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['3', '2', '1']);
    for (const r of answers) expect(r.headers.get('x-ratelimit-limit')).toBe('4');
    expect((await post(authorization)).headers.get('x-ratelimit-remaining')).toBe('0');
    for (const res of [await post(authorization), await sse(authorization), await me(authorization)]) {
      expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      const extensions = await expectTransportError(res, 'RATE_LIMITED');
      expect(extensions.retryAfterSeconds).toBe(retryAfter);
    }
  });

  it('counts each graphql-ws operation against the same limit: past it the operation gets RATE_LIMITED and the socket stays up', async () => {
    const authorization = await limitedKey(2);
    expect((await post(authorization)).status).toBe(200);
    const client = createWsClient({
      url: `${server.url.replace('http', 'ws')}/graphql`,
      webSocketImpl: WebSocket,
      connectionParams: { authorization },
      retryAttempts: 0,
    });
    const run = () =>
      new Promise<{ data?: unknown; code?: unknown }>((resolve) => {
        client.subscribe(
          { query: '{ viewer { id } }' },
          {
            next: (result) => resolve({ data: result.data }),
            error: (errors) => resolve({ code: (errors as { extensions?: { code?: unknown } }[])[0]?.extensions?.code }),
            complete: () => {},
          },
        );
      });
    try {
      expect((await run()).data).toBeTruthy();
      expect(await run()).toEqual({ code: 'RATE_LIMITED' });
      // HTTP is past the limit too: one count
      await expectTransportError(await me(authorization), 'RATE_LIMITED');
    } finally {
      await client.dispose();
    }
  });
});
