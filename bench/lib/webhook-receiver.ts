/**
 * The webhook receiver of the deliveries figure, in a process of its own (so the bench process,
 * which sends, does not also receive): node:http on 127.0.0.1, answering every POST 200 `ok`
 * after reading its body, counting requests. Over IPC the parent asks to be told when `count`
 * more requests have arrived (`expect`), and gets the first of them (headers and body, to check
 * a signature). Bounded: it exits when the parent goes away, or after `maxLifetimeMs`.
 * `startWebhookReceiver()` is the parent side.
 * @module
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { spawnWorker } from './fork-job.js';

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
}

type ToReceiver = { type: 'expect'; count: number; timeoutMs: number } | { type: 'close' };
type FromReceiver =
  | { type: 'listening'; url: string }
  | { type: 'armed' }
  | { type: 'reached'; count: number; first: ReceivedRequest | null }
  | { type: 'timeout'; count: number; expected: number };

export interface WebhookReceiver {
  /** http://127.0.0.1:port/ */
  url: string;
  /**
   * Arms the receiver (resolves once it is counting) with `done`: the moment (performance.now(),
   * this process) when `count` more requests have been answered, with the first of them; `done`
   * rejects after `timeoutMs`.
   */
  expect(count: number, timeoutMs: number): Promise<{ done: Promise<{ at: number; first: ReceivedRequest | null }> }>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const child = spawnWorker('webhook-receiver.ts');
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the webhook receiver did not start within 30 s')), 30_000);
    child.once('error', reject);
    child.once('message', (m: FromReceiver) => {
      clearTimeout(timer);
      if (m.type === 'listening') resolve(m.url);
      else reject(new Error(`unexpected receiver message ${JSON.stringify(m)}`));
    });
  });
  return {
    url,
    expect(count, timeoutMs) {
      return new Promise((armed, failed) => {
        const done = new Promise<{ at: number; first: ReceivedRequest | null }>((resolve, reject) => {
          const onMessage = (m: FromReceiver) => {
            const at = performance.now();
            if (m.type === 'armed') return armed({ done });
            child.off('message', onMessage);
            if (m.type === 'reached') resolve({ at, first: m.first });
            else if (m.type === 'timeout') reject(new Error(`the receiver had ${m.count} of ${m.expected} requests after ${timeoutMs} ms`));
            else reject(new Error(`unexpected receiver message ${JSON.stringify(m)}`));
          };
          child.on('message', onMessage);
        });
        done.catch(failed);
        child.send({ type: 'expect', count, timeoutMs } satisfies ToReceiver);
      });
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        child.send({ type: 'close' } satisfies ToReceiver);
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
      }
    },
  };
}

function flat(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

function serve(maxLifetimeMs: number): void {
  let count = 0;
  let goal: { target: number; expected: number; timer: NodeJS.Timeout } | null = null;
  let first: ReceivedRequest | null = null;
  const send = (m: FromReceiver) => process.send!(m);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
      count += 1;
      if (goal && !first) first = { headers: flat(req.headers), body: Buffer.concat(chunks).toString('utf8') };
      if (goal && count >= goal.target) {
        clearTimeout(goal.timer);
        goal = null;
        send({ type: 'reached', count, first });
      }
    });
  });
  server.keepAliveTimeout = 65_000;
  server.listen(0, '127.0.0.1', () => send({ type: 'listening', url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` }));

  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  setTimeout(stop, maxLifetimeMs).unref();
  process.on('disconnect', stop);
  process.on('message', (m: ToReceiver) => {
    if (m.type === 'close') return stop();
    first = null;
    const expected = m.count;
    const target = count + expected;
    const timer = setTimeout(() => {
      goal = null;
      send({ type: 'timeout', count: count - (target - expected), expected });
    }, m.timeoutMs);
    goal = { target, expected, timer };
    send({ type: 'armed' });
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) serve(150_000);
