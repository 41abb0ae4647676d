/**
 * useRequestId: every request has an id — `X-Request-Id` from a trusted proxy (TRUST_PROXY),
 * else a new UUID — sent back in the `X-Request-Id` response header and carried through
 * everything the request awaits (lib/request-context.ts), so that log lines and masked errors
 * quote it. One for every HTTP request (plain routes, GraphQL, SSE), one for a graphql-ws
 * handshake (its 101 or 403) and one per graphql-ws operation.
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { requestIdFor, runInRequest } from '../lib/request-context.js';

export interface RequestIds {
  /** The id of a request or handshake (see the module note). */
  of(req: IncomingMessage): string;
  /** A new id (one graphql-ws operation). */
  fresh(): string;
  /**
   * Wraps a node handler: the response carries the request's id, and `handler` and what it
   * awaits run with it as the current request.
   */
  serve<T>(handler: (req: IncomingMessage, res: ServerResponse) => T): (req: IncomingMessage, res: ServerResponse) => T;
}

/** `fromTrustedProxy`: whether a request came through a trusted proxy (http/client-ip.ts). */
export function useRequestId(fromTrustedProxy: (req: IncomingMessage) => boolean): RequestIds {
  const of = (req: IncomingMessage) => requestIdFor(req.headers['x-request-id'], fromTrustedProxy(req));
  return {
    of,
    fresh: () => randomUUID(),
    serve: (handler) => (req, res) => {
      const requestId = of(req);
      res.setHeader('x-request-id', requestId);
      return runInRequest({ requestId }, () => handler(req, res));
    },
  };
}
