/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the same HTTP server and path as HTTP
 * GraphQL, through the same envelop pipeline (yoga.getEnveloped): same schema, plugins, limits,
 * masking and context. The credential comes in the connection_init payload
 * (`{ "authorization": "Basic …" }` or `{ "x-api-key": "agk_…" }`); a connection without a valid
 * one is closed with 4403, and so is one whose credential stops being valid later (every operation
 * re-derives it from live state).
 *
 * - The handshake is refused with 403 before the upgrade when the browser's `Origin` is not
 *   allowed (ALLOWED_ORIGINS; no Origin header — a non-browser client — is allowed).
 * - Every `subscribe` message counts against the credential's rate limit like an HTTP request;
 *   past it the operation gets the protocol's `error` message (`extensions.code` RATE_LIMITED,
 *   `extensions.retryAfterSeconds`) and the socket stays up.
 * - An operation that cannot be parsed or validated, or fails unexpectedly, gets an `error`
 *   message too (never a close, never a stack on stdout): unexpected failures are logged as one
 *   structured line with the operation's request id, which the masked message quotes.
 * - A subscription's results without errors go straight to the socket as `next` messages, the
 *   payload's JSON made once for every subscriber sharing that payload (`sendingDirectly`);
 *   results with errors, errors and completion take graphql-ws's own path.
 * @module
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Viewer } from '../domain/viewer.js';
import type { Logger } from '../lib/logger.js';
import { runInRequest } from '../lib/request-context.js';
import type { TransportCode } from '../lib/transport-errors.js';
import type { Authenticated } from './authenticate.js';
import type { CoreApi } from './core-api.js';
import type { CredentialCheck } from './credential.js';
import type { RateLimitCheck } from './use-rate-limit.js';
import type { RequestIds } from './request-id.js';

/** An authenticated connection: how it authenticated, and its viewer as last re-derived. */
export interface WebSocketSession {
  auth: Authenticated;
  viewer: Viewer;
}

export interface GraphQLWebSocketOptions {
  server: Server;
  yoga: CoreApi;
  path: string;
  /** the Core API's credential check (its connection_init form) */
  credential: Pick<CredentialCheck, 'checkConnection'>;
  /** the Core API's rate limit: one `subscribe` counts as one request */
  rateLimit: Pick<RateLimitCheck, 'consume'>;
  /** whether a handshake carrying this `Origin` may upgrade */
  originAllowed: (origin: string) => boolean;
  /** the request ids of the handshake (X-Request-Id of the 101 or 403) and of each operation */
  requestIds: Pick<RequestIds, 'of' | 'fresh'>;
  /**
   * Re-derives the connection's viewer from live state before every operation (the kernel's
   * `refresh`): a socket lives longer than a request, so a credential revoked, expired or narrowed
   * after `connection_init` must not keep acting over it. Null closes the connection with 4403.
   */
  reauthorize: (viewer: Viewer) => Promise<Viewer | null>;
  /** the live streams' authority mark (events/subscriptions.ts), read before each re-derivation */
  authorityMark: () => number;
  logger: Logger;
  keepAliveMs?: number;
}

interface Envelope {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
  requestId: string;
  /** the graphql-ws operation id and its socket (direct `next` messages, see `sendingDirectly`) */
  id: string;
  socket: WebSocket;
}

/** Above this many bytes waiting in a socket's send buffer, a stream waits for them to be written. */
export const SEND_HIGH_WATER = 1024 * 1024;

/** The JSON of each payload object, written once however many subscribers it goes to. */
const payloadJson = new WeakMap<object, string>();

function jsonOf(result: object): string {
  let json = payloadJson.get(result);
  if (json === undefined) {
    json = JSON.stringify(result);
    payloadJson.set(result, json);
  }
  return json;
}

/**
 * A subscription's results, the ones without errors sent straight to the socket as the protocol's
 * `next` message (`{"id":…,"type":"next","payload":…}`, the payload's JSON made once per payload
 * object: subscribers sharing a payload share its JSON), in order; what the returned iterable
 * yields to graphql-ws is only results with errors (its `onNext` and error path handle them), and
 * its end or failure is the stream's. graphql-ws's own `next` costs a message object, a JSON
 * serialization and a promise per send per subscriber, which with a thousand subscribers of one
 * event was much of the fan-out. Backpressure stays: past SEND_HIGH_WATER bytes buffered, the
 * stream waits until its socket has written what it holds (the stream's own queue then fills, and
 * a subscriber that never reads is cut off as SUBSCRIBER_TOO_SLOW).
 */
function sendingDirectly(results: AsyncIterable<ExecutionResult>, id: string, socket: WebSocket): AsyncIterableIterator<ExecutionResult> {
  const iterator = results[Symbol.asyncIterator]();
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  const direct: AsyncIterableIterator<ExecutionResult> = {
    [Symbol.asyncIterator]: () => direct,
    async next() {
      for (;;) {
        const r = await iterator.next();
        if (r.done || r.value.errors) return r;
        if (socket.readyState !== socket.OPEN) continue;
        const message = `${head}${jsonOf(r.value)}}`;
        if (socket.bufferedAmount < SEND_HIGH_WATER) socket.send(message);
        // an error here is the socket closing: graphql-ws then ends the subscription
        else await new Promise<void>((resolve) => socket.send(message, () => resolve()));
      }
    },
    return: async () => (await iterator.return?.()) ?? { value: undefined, done: true },
    throw: async (error?: unknown) => {
      if (iterator.throw) return iterator.throw(error);
      throw error;
    },
  };
  return direct;
}

/**
 * A stream ended because its credential lost authority (events/subscriptions.ts): the whole
 * connection was opened with that credential, so it closes with 4403 and the reason.
 */
function closeWhenAuthorityLost(
  socket: { close(code: number, reason: string): void },
  errors: readonly { extensions?: Record<string, unknown>; message: string }[] | undefined,
): void {
  const lost = errors?.find((e) => e.extensions?.reason === 'STREAM_AUTHORITY_LOST');
  // a close reason is at most 123 bytes (RFC 6455 §5.5)
  if (lost) socket.close(4403, lost.message.slice(0, 120));
}

const handshakeIds = new WeakMap<IncomingMessage, string>();

export function attachGraphQLWebSocket({
  server,
  yoga,
  path,
  credential,
  rateLimit,
  reauthorize,
  authorityMark,
  originAllowed,
  requestIds,
  logger,
  keepAliveMs = 12_000,
}: GraphQLWebSocketOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  wss.on('headers', (headers, req) => {
    const id = handshakeIds.get(req);
    if (id) headers.push(`X-Request-Id: ${id}`);
  });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== path) {
      socket.destroy();
      return;
    }
    const requestId = requestIds.of(req);
    handshakeIds.set(req, requestId);
    const origin = req.headers.origin;
    if (origin !== undefined && !originAllowed(origin)) {
      logger.info({ requestId, origin: origin.slice(0, 200) }, 'websocket origin refused');
      const body = 'Origin not allowed';
      socket.end(
        `HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nX-Request-Id: ${requestId}\r\n\r\n${body}`,
      );
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
  });

  const refuse = (message: string, extensions: { code: TransportCode } & Record<string, unknown>) => [
    new GraphQLError(message, { extensions }),
  ];

  const disposable = useServer<Record<string, unknown>, { session: WebSocketSession }>(
    {
      execute: (args) => {
        const root = args.rootValue as Envelope;
        return runInRequest({ requestId: root.requestId }, () => root.execute(args)) as never;
      },
      subscribe: async (args) => {
        const root = args.rootValue as Envelope;
        const result = await runInRequest({ requestId: root.requestId }, () => root.subscribe(args));
        const stream = result as AsyncIterable<ExecutionResult>;
        return (typeof stream?.[Symbol.asyncIterator] === 'function' ? sendingDirectly(stream, root.id, root.socket) : result) as never;
      },
      onConnect: async (ctx) => {
        const outcome = await credential.checkConnection(ctx.extra.request, ctx.connectionParams ?? {});
        if (!outcome.ok) return false;
        ctx.extra.session = { auth: outcome, viewer: outcome.viewer };
        return true;
      },
      onSubscribe: async (ctx, id, payload) => {
        const requestId = requestIds.fresh();
        return runInRequest({ requestId }, async () => {
          try {
            const session = ctx.extra.session!;
            const limit = await rateLimit.consume(session.auth);
            if (!limit.allowed) {
              const retryAfter = limit.retryAfterSeconds ?? 1;
              return refuse(`Rate limit exceeded: retry after ${retryAfter} seconds.`, {
                code: 'RATE_LIMITED',
                retryAfterSeconds: retryAfter,
              });
            }
            // the credential as it stands now: revoked, expired or ended closes the connection
            const viewerDerivedAt = authorityMark();
            const viewer = await reauthorize(session.viewer);
            if (!viewer) {
              ctx.extra.socket.close(4403, 'The credential of this connection is no longer valid.');
              return refuse('The credential of this connection is no longer valid.', { code: 'UNAUTHENTICATED' });
            }
            session.viewer = viewer;
            const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
              ...ctx,
              req: ctx.extra.request,
              socket: ctx.extra.socket,
              params: payload,
              viewer,
              viewerDerivedAt,
            });
            let document;
            try {
              document = parse(payload.query);
            } catch (error) {
              if (error instanceof GraphQLError) return [error];
              throw error;
            }
            const errors = validate(schema, document);
            if (errors.length) return errors;
            const args: ExecutionArgs = {
              schema,
              operationName: payload.operationName ?? null,
              document,
              variableValues: payload.variables ?? null,
              contextValue: await contextFactory(),
              rootValue: { execute, subscribe, requestId, id, socket: ctx.extra.socket } satisfies Envelope,
            };
            return args;
          } catch (error) {
            logger.error({ err: error }, 'graphql-ws operation failed unexpectedly');
            return refuse('Unexpected error.', { code: 'INTERNAL_SERVER_ERROR', requestId });
          }
        });
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        closeWhenAuthorityLost(
          ctx.extra.socket,
          (result as { errors?: readonly { extensions?: Record<string, unknown>; message: string }[] }).errors,
        );
      },
      onError: (ctx, _id, _payload, errors) => {
        logger.debug({ errors: errors.map((e) => e.message) }, 'graphql-ws operation error');
        closeWhenAuthorityLost(ctx.extra.socket, errors);
      },
    },
    wss,
    keepAliveMs,
  );

  return {
    async close() {
      await disposable.dispose();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
