/**
 * useBodyLimit (src/http/body-limit.ts): a GraphQL body over 256 KiB is 413 PAYLOAD_TOO_LARGE
 * (transport error shape, connection closed) whether it declares its length or comes chunked;
 * one just under the limit runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request as httpRequest } from 'node:http';
import { Readable } from 'node:stream';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { expectTransportError } from './helpers/transport.js';

const LIMIT = 256 * 1024;

describe('useBodyLimit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  /** `{ viewer { id } }` padded with spaces to `size` bytes. */
  const padded = (size: number) => {
    const body = JSON.stringify({ query: '{ viewer { id } }' });
    return `${body.slice(0, -1) + ' '.repeat(size - body.length)}}`;
  };

  it('refuses a declared length over the limit and runs one at the limit', async () => {
    const headers = { 'content-type': 'application/json', authorization: basic(server.keyId, server.keySecret) };
    const over = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: padded(LIMIT + 1) });
    expect(over.headers.get('connection')).toBe('close');
    await expectTransportError(over, 'PAYLOAD_TOO_LARGE');
    const at = await fetch(`${server.url}/graphql`, { method: 'POST', headers, body: padded(LIMIT) });
    expect(((await at.json()) as { data: { viewer: { id: string } } }).data.viewer.id).toBe(server.keyId);
  });

  it('refuses a chunked body once it passes the limit, and runs a chunked body under it', async () => {
    const chunked = (body: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: basic(server.keyId, server.keySecret),
            'transfer-encoding': 'chunked',
          },
        });
        req.on('response', (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode!, body: text }));
        });
        req.on('error', reject);
        const parts: string[] = [];
        for (let i = 0; i < body.length; i += 64 * 1024) parts.push(body.slice(i, i + 64 * 1024));
        Readable.from(parts).pipe(req);
      });
    const over = await chunked(padded(LIMIT + 64 * 1024));
    expect(over.status).toBe(413);
    expect(JSON.parse(over.body)).toEqual({ errors: [{ message: expect.any(String), extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    const under = await chunked(padded(1000));
    expect(under.status).toBe(200);
    expect(JSON.parse(under.body).data.viewer.id).toBe(server.keyId);
  });
});
