/**
 * Figure 4: cold start to first answered request, embedded default (PGlite in DATA_DIR).
 * Spawns `node --import tsx src/main.ts` with a fresh temporary DATA_DIR and a free PORT and
 * times, from spawn: GET /healthz → 200, then the first authenticated GraphQL request (HTTP
 * Basic with the AUTHGRAPH_ADMIN_KEY it was given). Then a warm start on the same data dir.
 * Baseline, same run: the bare graphql-yoga hello-world started the same way.
 *
 *   npx tsx bench/cold-start.ts              (BENCH_STARTS=… repetitions, default 3)
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '../src/lib/ids.js';
import { randomSecret } from '../src/lib/crypto.js';
import { basic, fmt, freePort, GRAPHQL_HEADERS, machineNote, median, ms, printTable, progress, ratio, sleep } from './lib/common.js';
import { HELLO_QUERY } from './lib/hello-yoga.js';
import { REPO_ROOT } from './lib/load.js';

const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const START_TIMEOUT_MS = 60_000;
const POLL_MS = 5;

interface Timing {
  healthz: number;
  graphql: number;
}

interface Target {
  entry: string;
  env: Record<string, string>;
  authorization: string | null;
  query: string;
  /** checks the data of the first GraphQL answer */
  check(data: Record<string, unknown>): boolean;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns one server process, times its first answers, stops it (SIGTERM) and waits for its exit. */
async function timeStart(target: Target): Promise<Timing> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  // As `npm start` would run it: NODE_ENV unset (development), embedded database.
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env, HOST: '127.0.0.1', PORT: String(port) };
  for (const name of ['NODE_ENV', 'DATABASE_URL', 'REDIS_URL', 'PUBLIC_URL']) if (!(name in target.env)) delete env[name];
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', target.entry], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const fail = (why: string) => new Error(`${target.entry}: ${why}\n${output.join('').slice(-2000)}`);
  try {
    let healthz = 0;
    while (!healthz) {
      if (child.exitCode !== null) throw fail(`exited with ${child.exitCode} before answering`);
      if (performance.now() - started > START_TIMEOUT_MS) throw fail(`no answer within ${START_TIMEOUT_MS} ms`);
      try {
        const response = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(5_000) });
        await response.arrayBuffer();
        if (response.status === 200) healthz = performance.now() - started;
      } catch {
        // not listening yet
      }
      if (!healthz) await sleep(POLL_MS);
    }
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { ...GRAPHQL_HEADERS, ...(target.authorization ? { authorization: target.authorization } : {}) },
      body: JSON.stringify({ query: target.query }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { data?: Record<string, unknown> };
    const graphql = performance.now() - started;
    if (response.status !== 200 || !body.data || !target.check(body.data)) throw fail(`first GraphQL answer ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return { healthz, graphql };
  } finally {
    await stopChild(child);
  }
}

async function main() {
  const keyId = newId('apiKey');
  const keySecret = randomSecret();
  const dirs: string[] = [];
  try {
    const hello: Timing[] = [];
    const cold: Timing[] = [];
    const warm: Timing[] = [];
    for (let i = 0; i < STARTS; i++) {
      progress(`start ${i + 1}/${STARTS}: baseline, cold, warm`);
      hello.push(
        await timeStart({
          entry: 'bench/lib/hello-yoga.ts',
          env: {},
          authorization: null,
          query: HELLO_QUERY,
          check: (d) => d.hello === 'world',
        }),
      );
      const dataDir = mkdtempSync(join(tmpdir(), 'authgraph-bench-'));
      dirs.push(dataDir);
      const app: Target = {
        entry: 'src/main.ts',
        env: { DATA_DIR: dataDir, AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`, LOG_LEVEL: 'warn' },
        authorization: basic(keyId, keySecret),
        query: '{ viewer { id } }',
        check: (d) => (d.viewer as { id?: string } | undefined)?.id === keyId,
      };
      cold.push(await timeStart(app));
      warm.push(await timeStart(app));
    }

    const base = median(hello.map((t) => t.graphql));
    const row = (label: string, runs: Timing[]) => {
      const h = median(runs.map((t) => t.healthz));
      const g = median(runs.map((t) => t.graphql));
      return [label, ms(h), ms(g), runs.map((t) => fmt(t.graphql, 0)).join(' / '), ratio(g / base)];
    };
    printTable(
      'Figure 4 — cold start to first answered request (embedded PGlite default)',
      ['start', '/healthz 200', 'first GraphQL', 'runs (first GraphQL, ms)', 'vs baseline'],
      [
        row('cold: empty DATA_DIR (init + migrate + bootstrap)', cold),
        row('warm: existing DATA_DIR', warm),
        row('baseline: bare graphql-yoga, same launcher', hello),
      ],
      [
        `median of ${STARTS} starts, from spawn of \`node --import tsx <entry>\` (tsx compiles on the fly; its cache is warm after the first run)`,
        `first GraphQL = { viewer { id } } with HTTP Basic admin key, sent once /healthz answers; polling every ${POLL_MS} ms; ${machineNote()}`,
      ],
    );
  } finally {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
