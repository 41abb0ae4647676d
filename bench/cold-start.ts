/**
 * Figure 4: start to first answered request, embedded default (PGlite in DATA_DIR), as `npm start`
 * runs it: `node dist/bundle/main.js` (compiled ahead by `npm run build`, which this bench runs first
 * when src/ is newer than dist/). Spawns it with a fresh temporary DATA_DIR and a free PORT and
 * times, from spawn: GET /healthz → 200, then the first authenticated GraphQL request (HTTP Basic
 * with the AUTHGRAPH_ADMIN_KEY it was given). Then a start on the now existing data dir.
 * Baseline, same run and same launcher: the bare graphql-yoga hello-world, compiled to plain
 * JavaScript (tmp/bench/hello-yoga.js) and started with `node`. One more row shows the existing
 * data dir started through tsx (`npm run dev`'s launcher), i.e. what compiling ahead saves.
 * Each row also gives the process's CPU time until the first GraphQL answer (user + system, from
 * /proc), which a busy machine inflates far less than wall time.
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
import { buildAhead, compileBaseline, cpuMs } from './lib/compiled.js';

const STARTS = Number(process.env.BENCH_STARTS ?? 3);
const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_MS ?? 180_000);
const POLL_MS = 5;

interface Timing {
  healthz: number;
  graphql: number;
  /** CPU time (user + system, ms) of the server process until its first GraphQL answer */
  cpu: number;
}

interface Target {
  entry: string;
  /** node arguments before the entry (`--import tsx` for the tsx launcher) */
  launcher: string[];
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
  const child = spawn(process.execPath, [...target.launcher, target.entry], {
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
    const cpu = cpuMs(child.pid!);
    if (response.status !== 200 || !body.data || !target.check(body.data))
      throw fail(`first GraphQL answer ${response.status}: ${JSON.stringify(body).slice(0, 300)}`);
    return { healthz, graphql, cpu };
  } finally {
    await stopChild(child);
  }
}

async function main() {
  progress('npm run build (only what is stale)');
  buildAhead();
  const baselineEntry = compileBaseline();
  const keyId = newId('apiKey');
  const keySecret = randomSecret();
  const dirs: string[] = [];
  try {
    const hello: Timing[] = [];
    const empty: Timing[] = [];
    const existing: Timing[] = [];
    const existingTsx: Timing[] = [];
    for (let i = 0; i < STARTS; i++) {
      progress(`start ${i + 1}/${STARTS}: baseline, empty data dir, existing data dir (node, then tsx)`);
      hello.push(
        await timeStart({
          entry: baselineEntry,
          launcher: [],
          env: {},
          authorization: null,
          query: HELLO_QUERY,
          check: (d) => d.hello === 'world',
        }),
      );
      const dataDir = join(mkdtempSync(join(tmpdir(), 'authgraph-bench-')), 'data');
      dirs.push(dataDir);
      const app: Target = {
        entry: 'dist/bundle/main.js',
        launcher: [],
        env: { DATA_DIR: dataDir, AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`, LOG_LEVEL: 'warn' },
        authorization: basic(keyId, keySecret),
        query: '{ viewer { id } }',
        check: (d) => (d.viewer as { id?: string } | undefined)?.id === keyId,
      };
      empty.push(await timeStart(app));
      existing.push(await timeStart(app));
      existingTsx.push(await timeStart({ ...app, entry: 'src/main.ts', launcher: ['--import', 'tsx'] }));
    }

    const base = median(hello.map((t) => t.graphql));
    const baseCpu = median(hello.map((t) => t.cpu));
    const row = (label: string, runs: Timing[]) => {
      const h = median(runs.map((t) => t.healthz));
      const g = median(runs.map((t) => t.graphql));
      const c = median(runs.map((t) => t.cpu));
      return [label, ms(h), ms(g), runs.map((t) => fmt(t.graphql, 0)).join(' / '), ratio(g / base), ms(c), ratio(c / baseCpu)];
    };
    printTable(
      'Figure 4 — start to first answered request (embedded PGlite default, `node dist/bundle/main.js`)',
      ['start', '/healthz 200', 'first GraphQL', 'runs (first GraphQL, ms)', 'vs baseline', 'CPU to first answer', 'CPU vs baseline'],
      [
        row('empty DATA_DIR (template copy + bootstrap)', empty),
        row('existing DATA_DIR', existing),
        row('existing DATA_DIR, tsx launcher (npm run dev)', existingTsx),
        row('baseline: bare graphql-yoga, node on compiled JS', hello),
      ],
      [
        `median of ${STARTS} starts, from spawn of \`node <entry>\` (tsx row: \`node --import tsx src/main.ts\`, its cache warm after the first run)`,
        `first GraphQL = { viewer { id } } with HTTP Basic admin key, sent once /healthz answers; polling every ${POLL_MS} ms; ${machineNote()}`,
        'goals (issue 12): existing ≤ 1.5 s, empty ≤ 3 s on an idle 2-vCPU machine; the load average above tells how idle it was',
      ],
    );
  } finally {
    for (const dir of dirs) rmSync(join(dir, '..'), { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
