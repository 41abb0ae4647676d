/**
 * A TCP proxy in front of a test server that can break connections the way networks do:
 * `dropResponses(n)` lets the next n connections reach the server but cuts each one as soon as
 * the server starts answering (the request was processed; the client never sees the answer);
 * `cut()` destroys every open connection (a WebSocket drops mid-stream).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface FaultyProxy {
  url: string;
  /** connections opened so far */
  connections: number;
  dropResponses(n: number): void;
  cut(): void;
  close(): Promise<void>;
}

export async function startProxy(target: string): Promise<FaultyProxy> {
  const { hostname, port } = new URL(target);
  const open = new Set<Socket>();
  let toDrop = 0;
  const state = { connections: 0 };
  const server: Server = createServer((client) => {
    state.connections++;
    const drop = toDrop > 0;
    if (drop) toDrop--;
    const upstream = connect(Number(port), hostname);
    open.add(client);
    open.add(upstream);
    client.on('close', () => {
      open.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      open.delete(upstream);
      client.destroy();
    });
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => {
      if (drop) {
        client.destroy();
        upstream.destroy();
        return;
      }
      client.write(chunk);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get connections() {
      return state.connections;
    },
    dropResponses(n) {
      toDrop = n;
    },
    cut() {
      for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
