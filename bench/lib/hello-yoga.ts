/**
 * The baselines: a bare graphql-yoga hello-world (`type Query { hello: String }`) on node:http,
 * plus GET /healthz, nothing else. Imported by the throughput benches; run directly
 * (`node --import tsx bench/lib/hello-yoga.ts`, PORT from the environment) by the cold-start bench.
 * And plain node:http answering every request with one fixed JSON body (`startPlainJson`).
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { createSchema, createYoga } from 'graphql-yoga';

export const HELLO_QUERY = '{ hello }';

export async function startHelloYoga(port = 0, host = '127.0.0.1'): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { hello: String }', resolvers: { Query: { hello: () => 'world' } } }),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    graphiql: false,
    logging: false,
  });
  const server = createServer((req, res) => {
    if (req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"status":"ok"}');
      return;
    }
    void yoga(req, res);
  });
  return listening(server, port, host);
}

/** Plain node:http: every request is answered 200 with `body` as JSON (no routing, no parsing). */
export async function startPlainJson(
  body: string,
  port = 0,
  host = '127.0.0.1',
): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  const length = Buffer.byteLength(body);
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': length, 'cache-control': 'no-store' });
    res.end(body);
  });
  return listening(server, port, host);
}

/** Listens with keep-alive like the app; `stop` closes the server and its idle connections. */
async function listening(server: Server, port: number, host: string): Promise<{ url: string; server: Server; stop(): Promise<void> }> {
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const hello = await startHelloYoga(Number(process.env.PORT ?? 4001));
  const stop = () => void hello.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
