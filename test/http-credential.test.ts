/**
 * useCredential (src/http/credential.ts): one credential check for every transport of the Core
 * API — GraphQL over HTTP, SSE, GET /v1/me and graphql-ws — with one refusal (401
 * UNAUTHENTICATED, WWW-Authenticate) and one throttle of failed attempts (429 RATE_LIMITED with
 * Retry-After), whatever the transport.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createClient as createWsClient } from 'graphql-ws';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { expectTransportError } from './helpers/transport.js';

describe('useCredential', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ AUTH_FAILURE_LIMIT: '3' });
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  const post = (headers: Record<string, string>) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ viewer { id } }' }),
    });
  const sse = (headers: Record<string, string>) =>
    fetch(`${server.url}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`, {
      headers: { accept: 'text/event-stream', 'x-graphql-yoga-csrf': '1', ...headers },
    });
  const me = (headers: Record<string, string>) => fetch(`${server.url}/v1/me`, { headers });

  /** Opens a graphql-ws connection and runs `{ viewer { id } }`: the viewer id, or the close code. */
  async function overWebSocket(connectionParams: Record<string, string>): Promise<string | number> {
    return new Promise((resolve) => {
      const client = createWsClient({
        url: `${server.url.replace('http', 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams,
        retryAttempts: 0,
        on: { closed: (event) => resolve((event as { code: number }).code) },
      });
      client.subscribe<{ viewer: { id: string } }>(
        { query: '{ viewer { id } }' },
        {
          next: (result) => resolve(result.data?.viewer.id ?? 'no data'),
          error: () => {},
          complete: () => void client.dispose(),
        },
      );
    });
  }

  it('lets a valid credential through on HTTP, SSE, /v1/me and graphql-ws alike', async () => {
    const authorization = basic(server.keyId, server.keySecret);
    const http = await post({ authorization });
    expect(((await http.json()) as { data: { viewer: { id: string } } }).data.viewer.id).toBe(server.keyId);
    const stream = await sse({ authorization });
    expect(stream.status).toBe(200);
    expect(await stream.text()).toContain(server.keyId);
    expect(((await (await me({ authorization })).json()) as { data: { id: string } }).data.id).toBe(server.keyId);
    expect(await overWebSocket({ authorization })).toBe(server.keyId);
  });

  it('refuses a missing or wrong credential with the same 401 on every transport', async () => {
    const wrong = { authorization: basic(server.keyId, 'not-the-secret') };
    for (const res of [
      await post({}),
      await post(wrong),
      await sse({}),
      await me({}),
      await me({ authorization: 'Bearer agk_malformed' }),
    ]) {
      expect(res.headers.get('www-authenticate')).toContain('Basic realm="authgraph"');
      await expectTransportError(res, 'UNAUTHENTICATED');
    }
    expect(await overWebSocket({ authorization: wrong.authorization })).toBe(4403);
  });

  it('throttles failed attempts per identifier across transports: 429 RATE_LIMITED with Retry-After, even for the right secret', async () => {
    const created = await server.gql.request<{ createApiKey: { apiKey: { id: string }; secret: string } }, unknown>(
      `mutation CredentialKey($input: CreateApiKeyInput!) { createApiKey(input: $input) { ... on CreateApiKeyPayload { apiKey { id } secret } } }`,
      { input: { name: 'throttled' } },
    );
    const { apiKey, secret } = created.createApiKey;
    const wrong = { authorization: basic(apiKey.id, 'wrong-secret') };
    // three failures, one on each HTTP transport
    await expectTransportError(await post(wrong), 'UNAUTHENTICATED');
    await expectTransportError(await sse(wrong), 'UNAUTHENTICATED');
    await expectTransportError(await me(wrong), 'UNAUTHENTICATED');
    for (const res of [await post({ authorization: basic(apiKey.id, secret) }), await me({ authorization: basic(apiKey.id, secret) })]) {
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      const extensions = await expectTransportError(res, 'RATE_LIMITED');
      expect(extensions.retryAfterSeconds).toBe(retryAfter);
    }
    // graphql-ws counts the same attempts: the connection is refused
    expect(await overWebSocket({ authorization: basic(apiKey.id, secret) })).toBe(4403);
  });
});
