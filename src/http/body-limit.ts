/**
 * useBodyLimit: a GraphQL request body is at most `limit` bytes (256 KiB): 413
 * PAYLOAD_TOO_LARGE (and the connection closed) past it, before anything is parsed or changed.
 *
 * A body with a Content-Length goes to yoga as the node stream it is (node's HTTP parser never
 * delivers more than the declared length): one over the limit is refused from the header. A
 * chunked body (no Content-Length) is read here up to the limit and handed on as a copy. yoga's
 * own per-chunk limiter is switched off (`maxRequestBodySize: false`) in favour of this.
 * @module
 */
import type { Plugin } from 'graphql-yoga';
import type { CoreServerContext } from './context.js';
import { errorResponse } from './node-io.js';

/** Reads a fetch Request's body, giving up (null) past `limit` bytes. */
export async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

/** A copy of `request` with `body` as its (buffered) body. */
export function withBody(RequestCtor: typeof Request, request: Request, body: Uint8Array): Request {
  return new RequestCtor(request.url, {
    method: request.method,
    headers: request.headers,
    body: body as Uint8Array<ArrayBuffer>,
    signal: request.signal,
  });
}

/** The buffered body of requests this plugin (or useIdempotencyKey) read already. */
export const bufferedBodies = new WeakMap<Request, Uint8Array>();

/** The 413 answer; the connection closes after it (the rest of the body is not read). */
export function tooLarge(ResponseCtor: typeof Response, limit: number): Response {
  return errorResponse(ResponseCtor, 'PAYLOAD_TOO_LARGE', `The request body is larger than ${limit} bytes.`, {
    headers: { connection: 'close' },
  });
}

export function useBodyLimit(limit: number): Plugin<object, CoreServerContext> {
  return {
    async onRequest({ request, setRequest, endResponse, fetchAPI }) {
      if (request.method !== 'POST') return;
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (Number(declared) > limit) endResponse(tooLarge(fetchAPI.Response, limit));
        return;
      }
      const body = await readLimited(request, limit);
      if (!body) {
        endResponse(tooLarge(fetchAPI.Response, limit));
        return;
      }
      const copy = withBody(fetchAPI.Request, request, body);
      bufferedBodies.set(copy, body);
      setRequest(copy);
    },
  };
}
