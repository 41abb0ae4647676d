/**
 * guarded (src/http/unexpected.ts): a Core API plugin that throws in `onRequest`, or in the
 * request handler it installs, ends the request with the generic 500 body that quotes the request
 * id — never the error's message or stack — and the error is logged with that id. Plugins see
 * yoga's own payload (through a prototype link): what one sets is what yoga and the next plugin see.
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createYoga, createSchema, type Plugin } from 'graphql-yoga';
import { guarded } from '../src/http/unexpected.js';
import { createLogger } from '../src/lib/logger.js';
import { runInRequest } from '../src/lib/request-context.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { lines, logger: createLogger('info', sink) };
}

const schema = createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } });

function serve(plugins: Plugin[]) {
  const yoga = createYoga({ schema, logging: false, plugins });
  return (requestId: string) =>
    runInRequest({ requestId }, () =>
      yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ hello }' }),
      }),
    );
}

describe('guarded yoga plugins', () => {
  it('an onRequest that throws ends the request with the generic 500 naming the request id', async () => {
    const { lines, logger } = capture();
    const ask = serve([
      guarded(
        {
          onRequest() {
            throw new Error('secret detail from onRequest');
          },
        },
        logger,
      ),
    ]);
    const response = await ask('req-on-request');
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      errors: [{ message: 'Unexpected error.', extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-on-request' } }],
    });
    expect(text).not.toMatch(/secret detail|stack/);
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.some((l) => l.requestId === 'req-on-request' && l.msg === 'request failed')).toBe(true);
  });

  it('a request handler a plugin installs that throws is answered the same way; one that works answers', async () => {
    const { logger } = capture();
    let fail = true;
    const ask = serve([
      guarded(
        {
          onRequest({ requestHandler, setRequestHandler }) {
            setRequestHandler(async (request, context) => {
              if (fail) throw new Error('secret detail from the handler');
              return requestHandler(request, context);
            });
          },
        },
        logger,
      ),
    ]);
    const refused = await ask('req-handler');
    expect(refused.status).toBe(500);
    expect(await refused.text()).not.toContain('secret detail');
    fail = false;
    const answered = await ask('req-ok');
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ data: { hello: 'world' } });
  });

  it('what a guarded plugin sets on the payload reaches yoga and the next plugin', async () => {
    const { logger } = capture();
    const seen: string[] = [];
    const ask = serve([
      guarded(
        {
          onRequest({ request, setRequest, fetchAPI }) {
            const headers = new fetchAPI.Headers(request.headers);
            headers.set('x-marked', 'by the first plugin');
            setRequest(new fetchAPI.Request(request, { headers }));
          },
        },
        logger,
      ),
      guarded(
        {
          onRequest({ request, endResponse, fetchAPI }) {
            seen.push(request.headers.get('x-marked') ?? 'unmarked');
            endResponse(new fetchAPI.Response('ended early', { status: 418 }));
          },
        },
        logger,
      ),
    ]);
    const response = await ask('req-chain');
    expect(seen).toEqual(['by the first plugin']);
    expect(response.status).toBe(418);
    expect(await response.text()).toBe('ended early');
  });
});
