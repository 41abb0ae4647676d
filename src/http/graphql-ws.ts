/**
 * GraphQL over WebSocket (the graphql-ws protocol) on the same HTTP server and path as HTTP
 * GraphQL, through the same envelop pipeline (yoga.getEnveloped): same schema, plugins, limits
 * and context. The credential comes in the connection_init payload
 * (`{ "authorization": "Basic …" }` or `{ "x-api-key": "agk_…" }`); a connection without a valid
 * one is closed with 4403, and so is one whose credential stops being valid later (every operation
 * re-derives it from live state).
 * @module
 */
import type { IncomingMessage, Server } from 'node:http';
import { WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import { GraphQLError, type ExecutionArgs } from 'graphql';
import type { YogaServerInstance } from 'graphql-yoga';
import type { Viewer } from '../domain/viewer.js';
import type { GraphQLContext } from '../graphql/context.js';
import type { Logger } from '../lib/logger.js';

export interface GraphQLWebSocketOptions {
  server: Server;
  yoga: YogaServerInstance<{ viewer: Viewer }, GraphQLContext>;
  path: string;
  authenticate: (upgrade: IncomingMessage, params: Record<string, unknown>) => Promise<Viewer | null>;
  /**
   * Re-derives the connection's viewer from live state before every operation (the kernel's
   * `refresh`): a socket lives longer than a request, so a credential revoked, expired or narrowed
   * after `connection_init` must not keep acting over it. Null closes the connection with 4403.
   */
  reauthorize: (viewer: Viewer) => Promise<Viewer | null>;
  logger: Logger;
  keepAliveMs?: number;
}

interface Envelope {
  execute: (args: ExecutionArgs) => unknown;
  subscribe: (args: ExecutionArgs) => unknown;
}

/**
 * A stream ended because its credential lost authority (events/subscriptions.ts): the whole
 * connection was opened with that credential, so it closes with 4403 and the reason.
 */
function closeWhenAuthorityLost(socket: { close(code: number, reason: string): void }, errors: readonly { extensions?: Record<string, unknown>; message: string }[] | undefined): void {
  const lost = errors?.find((e) => e.extensions?.reason === 'STREAM_AUTHORITY_LOST');
  // a close reason is at most 123 bytes (RFC 6455 §5.5)
  if (lost) socket.close(4403, lost.message.slice(0, 120));
}

export function attachGraphQLWebSocket({ server, yoga, path, authenticate, reauthorize, logger, keepAliveMs = 12_000 }: GraphQLWebSocketOptions) {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    if ((req.url ?? '').split('?')[0] !== path) {
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (client) => wss.emit('connection', client, req));
  });

  const disposable = useServer<Record<string, unknown>, { viewer: Viewer }>(
    {
      execute: (args) => (args.rootValue as Envelope).execute(args) as never,
      subscribe: (args) => (args.rootValue as Envelope).subscribe(args) as never,
      onConnect: async (ctx) => {
        const viewer = await authenticate(ctx.extra.request, ctx.connectionParams ?? {});
        if (!viewer) return false;
        ctx.extra.viewer = viewer;
        return true;
      },
      onSubscribe: async (ctx, _id, payload) => {
        const viewer = await reauthorize(ctx.extra.viewer!);
        if (!viewer) {
          ctx.extra.socket.close(4403, 'The credential of this connection is no longer valid.');
          return [new GraphQLError('The credential of this connection is no longer valid.', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        ctx.extra.viewer = viewer;
        const { schema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({ ...ctx, req: ctx.extra.request, socket: ctx.extra.socket, params: payload, viewer });
        const args: ExecutionArgs = {
          schema,
          operationName: payload.operationName ?? null,
          document: parse(payload.query),
          variableValues: payload.variables ?? null,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        return errors.length ? errors : args;
      },
      onNext: (ctx, _id, _payload, _args, result) => {
        closeWhenAuthorityLost(ctx.extra.socket, (result as { errors?: readonly { extensions?: Record<string, unknown>; message: string }[] }).errors);
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
