/**
 * useIdempotencyKey (src/http/idempotency-key.ts): only requests with an Idempotency-Key take
 * the copying path; a repeat replays the stored answer, another body is 422, a malformed key 400,
 * all in the one transport error shape — and a chunked body (no Content-Length) works the same.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { request as httpRequest } from 'node:http';
import { startServer, type TestServer } from './helpers/server.js';
import { basic } from './helpers/graphql.js';
import { expectTransportError } from './helpers/transport.js';

describe('useIdempotencyKey', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
  });

  const createIssuer = (name: string) =>
    JSON.stringify({
      query: `mutation IdemIssuer { createIssuer(input: { name: "${name}" }) { ... on CreateIssuerPayload { issuer { id } } } }`,
    });
  const post = (body: string, key?: string) =>
    fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: basic(server.keyId, server.keySecret),
        ...(key === undefined ? {} : { 'idempotency-key': key }),
      },
      body,
    });

  it('runs a keyed mutation once and replays its answer; without a key every request runs', async () => {
    const before = await server.app.db.prisma.issuer.count();
    const first = await post(createIssuer('idem-once'), 'k-once');
    const firstText = await first.text();
    const again = await post(createIssuer('idem-once'), 'k-once');
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.text()).toBe(firstText);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(await server.app.db.prisma.issuer.count()).toBe(before + 1);
    await post(createIssuer('idem-unkeyed'));
    await post(createIssuer('idem-unkeyed'));
    expect(await server.app.db.prisma.issuer.count()).toBe(before + 3);
  });

  it('answers another body under a used key 422 IDEMPOTENCY_KEY_REUSED and a malformed key 400 BAD_REQUEST, changing nothing', async () => {
    await (await post(createIssuer('idem-a'), 'k-reused')).text();
    const before = await server.app.db.prisma.issuer.count();
    await expectTransportError(await post(createIssuer('idem-b'), 'k-reused'), 'IDEMPOTENCY_KEY_REUSED');
    await expectTransportError(await post(createIssuer('idem-c'), 'has space'), 'BAD_REQUEST');
    expect(await server.app.db.prisma.issuer.count()).toBe(before);
  });

  it('takes a chunked body (no Content-Length) the same way', async () => {
    const send = () =>
      new Promise<{ status: number; replayed: string | undefined; body: string }>((resolve, reject) => {
        const req = httpRequest(`${server.url}/graphql`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: basic(server.keyId, server.keySecret),
            'idempotency-key': 'k-chunked',
            'transfer-encoding': 'chunked',
          },
        });
        req.on('response', (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString()));
          res.on('end', () =>
            resolve({ status: res.statusCode!, replayed: res.headers['idempotent-replayed'] as string | undefined, body }),
          );
        });
        req.on('error', reject);
        Readable.from([createIssuer('idem-chunked').slice(0, 10), createIssuer('idem-chunked').slice(10)]).pipe(req);
      });
    const first = await send();
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).data.createIssuer.issuer.id).toMatch(/^i_/);
    const second = await send();
    expect([second.replayed, second.body]).toEqual(['true', first.body]);
  });
});
