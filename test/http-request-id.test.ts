/**
 * Request ids (src/http/request-id.ts): every answer — GraphQL, SSE, plain routes, errors, the
 * graphql-ws handshake — carries X-Request-Id; a trusted proxy's id is kept, anyone else's
 * replaced; an unexpected error's body quotes the id of its response (and of its log line).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { expectTransportError } from './helpers/transport.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('useRequestId', () => {
  let server: TestServer;
  let trusting: TestServer;
  beforeAll(async () => {
    server = await startServer();
    trusting = await startServer({ TRUST_PROXY: '127.0.0.1' });
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await trusting?.stop();
  });

  const authorization = () => basic(server.keyId, server.keySecret);

  it('gives every answer its own id, on every route and transport', async () => {
    const answers = await Promise.all([
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: authorization() },
        body: '{"query":"{ viewer { id } }"}',
      }),
      fetch(`${server.url}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`, {
        headers: { accept: 'text/event-stream', 'x-graphql-yoga-csrf': '1', authorization: authorization() },
      }),
      fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ viewer { id } }"}',
      }),
      fetch(`${server.url}/v1/me`, { headers: { authorization: authorization() } }),
      fetch(`${server.url}/healthz`),
      fetch(`${server.url}/nowhere`),
    ]);
    const ids = answers.map((r) => r.headers.get('x-request-id'));
    for (const id of ids) expect(id).toMatch(UUID);
    expect(new Set(ids).size).toBe(ids.length);
    await Promise.all(answers.map((r) => r.body?.cancel()));

    const handshakeId = await new Promise<string | undefined>((resolve, reject) => {
      const socket = new WebSocket(`${server.url.replace('http', 'ws')}/graphql`, 'graphql-transport-ws');
      socket.on('upgrade', (res) => resolve(res.headers['x-request-id'] as string | undefined));
      socket.on('open', () => socket.close());
      socket.on('error', reject);
    });
    expect(handshakeId).toMatch(UUID);
  });

  it("keeps a trusted proxy's X-Request-Id and replaces anyone else's", async () => {
    expect((await fetch(`${trusting.url}/v1/me`, { headers: { 'x-request-id': 'edge-7' } })).headers.get('x-request-id')).toBe('edge-7');
    expect((await fetch(`${server.url}/v1/me`, { headers: { 'x-request-id': 'edge-7' } })).headers.get('x-request-id')).toMatch(UUID);
  });

  it('quotes the id in the body of an unexpected failure', async () => {
    server.faults.failEventWrite = 'issuer.created';
    try {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: authorization() },
        body: JSON.stringify({ query: 'mutation RequestIdBoom { createIssuer(input: { name: "boom" }) { __typename } }' }),
      });
      const body = (await res.json()) as { errors: { extensions: { code: string; requestId: string } }[] };
      expect(body.errors[0]!.extensions).toEqual(
        expect.objectContaining({ code: 'INTERNAL_SERVER_ERROR', requestId: res.headers.get('x-request-id') }),
      );
    } finally {
      server.faults.failEventWrite = null;
    }
    // and a plain route's error carries the id in its header too
    const missing = await fetch(`${server.url}/nowhere`);
    expect(missing.headers.get('x-request-id')).toMatch(UUID);
    await expectTransportError(missing, 'NOT_FOUND');
  });
});
