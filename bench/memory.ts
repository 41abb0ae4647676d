/**
 * Idle memory of the embedded default, and how much of it is PGlite. Each row is its own process,
 * started as `npm start` starts the server (`node dist/bundle/main.js`), preloaded with
 * bench/lib/memory-probe.mjs (`--expose-gc`): after start-up and a short warm-up it idles for
 * BENCH_IDLE_MS, then a full GC and `process.memoryUsage()`.
 * - the app on an existing DATA_DIR, after BENCH_WARMUP `{ viewer { id } }` requests;
 * - PGlite alone on a copy of that data directory, with the app's settings (shared_buffers and
 *   max_connections from src/data/database.ts) and with initdb's (128MB, 100): PGlite's share;
 * - baselines: the bare graphql-yoga hello-world (compiled, same launcher) and an idle `node`.
 * Goal (issue 12): the app's idle RSS ≤ 400 MiB.
 *
 *   npx tsx bench/memory.ts
 * @module
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../src/lib/ids.js';
import { randomSecret } from '../src/lib/crypto.js';
import { PGLITE_SHARED_BUFFERS } from '../src/data/database.js';
import { basic, fmt, freePort, GRAPHQL_HEADERS, machineNote, printTable, progress, ratio, sleep } from './lib/common.js';
import { HELLO_QUERY } from './lib/hello-yoga.js';
import { REPO_ROOT } from './lib/load.js';
import { buildAhead, compileBaseline } from './lib/compiled.js';

const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 5_000);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 50);
const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_MS ?? 180_000);
const MiB = 2 ** 20;

interface Usage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

interface Run {
  args: string[];
  env?: Record<string, string>;
  /** resolves once the process is ready to be warmed up; gets its base URL (servers) */
  ready(base: string, output: () => string): Promise<void>;
  warmup?(base: string): Promise<void>;
}

async function measure(run: Run): Promise<Usage> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...run.env };
  for (const name of ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL']) delete env[name];
  const child = spawn(process.execPath, ['--expose-gc', '--import', './bench/lib/memory-probe.mjs', ...run.args], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (out += c.toString()));
  try {
    await run.ready(base, () => {
      if (child.exitCode !== null) throw new Error(`${run.args.join(' ')} exited ${child.exitCode}\n${out.slice(-2000)}`);
      return out;
    });
    await run.warmup?.(base);
    await sleep(IDLE_MS);
    const before = out.length;
    child.kill('SIGUSR2');
    const started = performance.now();
    for (;;) {
      const line = out
        .slice(before)
        .split('\n')
        .find((l) => l.startsWith('MEMORY '));
      if (line) return JSON.parse(line.slice('MEMORY '.length)) as Usage;
      if (performance.now() - started > 30_000) throw new Error(`no memory report from ${run.args.join(' ')}\n${out.slice(-2000)}`);
      await sleep(20);
    }
  } finally {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

async function healthy(base: string, output: () => string): Promise<void> {
  const started = performance.now();
  for (;;) {
    output();
    try {
      const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() - started > START_TIMEOUT_MS)
      throw new Error(`no /healthz within ${START_TIMEOUT_MS} ms\n${output().slice(-2000)}`);
    await sleep(20);
  }
}

async function printed(text: string, output: () => string): Promise<void> {
  const started = performance.now();
  while (!output().includes(text)) {
    if (performance.now() - started > START_TIMEOUT_MS)
      throw new Error(`no ${text} within ${START_TIMEOUT_MS} ms\n${output().slice(-2000)}`);
    await sleep(20);
  }
}

async function main() {
  progress('npm run build (only what is stale)');
  buildAhead();
  const baselineEntry = compileBaseline();
  const keyId = newId('apiKey');
  const keySecret = randomSecret();
  const root = mkdtempSync(join(tmpdir(), 'authgraph-memory-'));
  const dataDir = join(root, 'data');
  const authorization = basic(keyId, keySecret);
  try {
    const appRun: Run = {
      args: ['dist/bundle/main.js'],
      env: { DATA_DIR: dataDir, AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}` },
      ready: healthy,
      warmup: async (base) => {
        for (let i = 0; i < WARMUP; i++) {
          const response = await fetch(`${base}/graphql`, {
            method: 'POST',
            headers: { ...GRAPHQL_HEADERS, authorization },
            body: JSON.stringify({ query: '{ viewer { id } }' }),
          });
          const body = (await response.json()) as { data?: { viewer?: { id?: string } } };
          if (body.data?.viewer?.id !== keyId) throw new Error(`warm-up answer: ${JSON.stringify(body).slice(0, 300)}`);
        }
      },
    };
    progress('first start (creates the data directory)');
    await measure({ ...appRun, warmup: undefined });
    progress('app, existing data directory');
    const app = await measure(appRun);
    // PGlite alone, on a copy (the app's directory is closed by now; PGlite allows one process per directory)
    const liteDir = join(root, 'lite');
    cpSync(dataDir, liteDir, { recursive: true });
    progress(`PGlite alone, shared_buffers=${PGLITE_SHARED_BUFFERS}`);
    const lite = await measure({
      args: ['bench/lib/pglite-idle.mjs', liteDir, `shared_buffers=${PGLITE_SHARED_BUFFERS}`, 'max_connections=5'],
      ready: (_b, o) => printed('READY', o),
    });
    progress('PGlite alone, initdb settings');
    const liteInitdb = await measure({
      args: ['bench/lib/pglite-idle.mjs', liteDir, 'shared_buffers=128MB', 'max_connections=100'],
      ready: (_b, o) => printed('READY', o),
    });
    progress('baselines');
    const hello = await measure({
      args: [baselineEntry],
      ready: healthy,
      warmup: async (base) => {
        for (let i = 0; i < WARMUP; i++)
          await (
            await fetch(`${base}/graphql`, { method: 'POST', headers: GRAPHQL_HEADERS, body: JSON.stringify({ query: HELLO_QUERY }) })
          ).arrayBuffer();
      },
    });
    const bare = await measure({
      args: ['-e', "setInterval(() => {}, 60000); process.stdout.write('READY\\n')"],
      ready: (_b, o) => printed('READY', o),
    });

    const mib = (bytes: number) => `${fmt(bytes / MiB, 0)} MiB`;
    const row = (label: string, u: Usage, vs: Usage) => [
      label,
      mib(u.rss),
      mib(u.heapUsed),
      mib(u.heapTotal),
      mib(u.external),
      mib(u.rss - u.heapTotal),
      ratio(u.rss / vs.rss),
    ];
    printTable(
      'Idle memory, embedded default (`node dist/bundle/main.js`, existing DATA_DIR)',
      ['process', 'RSS', 'heap used', 'heap total', 'external', 'RSS outside JS heap', 'RSS vs bare yoga'],
      [
        row('app (PGlite in DATA_DIR)', app, hello),
        row(`PGlite alone, shared_buffers=${PGLITE_SHARED_BUFFERS}, max_connections=5 (as the app)`, lite, hello),
        row('PGlite alone, initdb settings (shared_buffers=128MB, max_connections=100)', liteInitdb, hello),
        row('baseline: bare graphql-yoga, same launcher', hello, hello),
        row('baseline: idle node', bare, hello),
      ],
      [
        `PGlite's share ≈ PGlite alone − idle node = ${mib(lite.rss - bare.rss)} (initdb settings: ${mib(liteInitdb.rss - bare.rss)}); the rest of the app ≈ ${mib(app.rss - lite.rss)}`,
        `PGlite's WASM memory starts at 128 MiB (the module's minimum) and only touched pages are resident; shared_buffers is touched at start-up`,
        `after ${WARMUP} warm-up requests, ${IDLE_MS} ms idle, then a full GC; goal (issue 12): app RSS ≤ 400 MiB; ${machineNote()}`,
      ],
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
