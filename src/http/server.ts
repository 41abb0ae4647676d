/**
 * The node:http server of a node: request ids (./request-id.ts), the router (./routes.ts),
 * per-route metrics, and the last-resort answer to an unexpected error (./unexpected.ts).
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { Logger } from '../lib/logger.js';
import type { RequestIds } from './request-id.js';
import type { Routed } from './routes.js';
import { sendUnexpected } from './unexpected.js';

export interface HttpServerDeps {
  route: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => Promise<Routed>;
  requestIds: RequestIds;
  /** counts an answered request (route label, status, seconds) */
  observe(route: string, status: number, seconds: number): void;
  logger: Logger;
}

export function createHttpServer({ route, requestIds, observe, logger }: HttpServerDeps): Server {
  const server = createServer(
    requestIds.serve((req, res) => {
      const started = process.hrtime.bigint();
      route(req, res)
        .then(([name, status]) => observe(name, status, Number(process.hrtime.bigint() - started) / 1e9))
        .catch((error: unknown) => sendUnexpected(res, error, logger, req.url));
    }),
  );
  server.keepAliveTimeout = 65_000;
  return server;
}
