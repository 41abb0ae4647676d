/**
 * Scale-out on PostgreSQL + Redis: client_credentials tokens/s from one node and from two nodes
 * (`node dist/bundle/main.js` processes on the same database and Redis), and the server CPU each token
 * costs. Load: two autocannon child processes, CONNECTIONS/2 connections each; for one node both
 * send to node 1, for two nodes one sends to each (round-robin by connection). Server CPU per token
 * = the nodes' user + system CPU time during the round (from /proc) / tokens answered.
 *
 * On a 2-vCPU machine the nodes and the load generators share the same cores, so two nodes cannot
 * double throughput; the figure to watch is CPU per token staying flat from one node to two (no
 * cross-node contention). Needs PostgreSQL (AUTHGRAPH_TEST_PG_URL, default
 * postgres://root@127.0.0.1:5432/postgres; a fresh database is created and dropped) and Redis
 * (REDIS_URL, default redis://127.0.0.1:6379).
 *
 *   npx tsx bench/scale-out.ts               (BENCH_SECONDS=… per measured round, default 5)
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { newId } from '../src/lib/ids.js';
import { randomSecret } from '../src/lib/crypto.js';
import {
  BENCH_LIMITS,
  basic,
  clientBasic,
  clientCredentialsToken,
  createIssuerAndOrg,
  createM2mClient,
  fmt,
  FORM_HEADERS,
  freePort,
  machineNote,
  printTable,
  progress,
  ratio,
  sleep,
  type BenchServer,
} from './lib/common.js';
import { cannon, REPO_ROOT } from './lib/load.js';
import { buildAhead, cpuMs } from './lib/compiled.js';

const CONNECTIONS = 10;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const WARMUP_SECONDS = 2;
const ROUNDS = 2;
const START_TIMEOUT_MS = Number(process.env.BENCH_START_TIMEOUT_MS ?? 180_000);
const PG_URL = process.env.AUTHGRAPH_TEST_PG_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const REQUEST_BODY = `grant_type=client_credentials&scope=${encodeURIComponent('invoices:read')}`;

interface Node {
  url: string;
  child: ChildProcess;
  output: string[];
}

async function startNode(env: Record<string, string>): Promise<Node> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn' };
  delete childEnv.NODE_ENV;
  const child = spawn(process.execPath, ['dist/bundle/main.js'], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (c: Buffer) => output.push(c.toString()));
  child.stderr!.on('data', (c: Buffer) => output.push(c.toString()));
  const started = performance.now();
  for (;;) {
    if (child.exitCode !== null) throw new Error(`node exited ${child.exitCode}\n${output.join('').slice(-2000)}`);
    try {
      const response = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      await response.arrayBuffer();
      if (response.status === 200) return { url, child, output };
    } catch {
      // not listening yet
    }
    if (performance.now() - started > START_TIMEOUT_MS)
      throw new Error(`no /healthz within ${START_TIMEOUT_MS} ms\n${output.join('').slice(-2000)}`);
    await sleep(20);
  }
}

function stopNode(node: Node): Promise<void> {
  return new Promise((resolve) => {
    if (node.child.exitCode !== null || node.child.signalCode !== null) return resolve();
    const kill = setTimeout(() => node.child.kill('SIGKILL'), 15_000);
    node.child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    node.child.kill('SIGTERM');
  });
}

/** One round: two load processes against `targets` (token URLs); tokens/s and server CPU ms per token. */
async function round(
  targets: [string, string],
  nodes: Node[],
  authorization: string,
  seconds: number,
): Promise<{ rps: number; cpuPerToken: number }> {
  const cpuBefore = nodes.map((n) => cpuMs(n.child.pid!));
  const results = await Promise.all(
    targets.map((url) =>
      cannon({
        url,
        method: 'POST',
        headers: { ...FORM_HEADERS, authorization },
        body: REQUEST_BODY,
        connections: CONNECTIONS / 2,
        duration: seconds,
        title: url,
      }),
    ),
  );
  const cpu = nodes.reduce((sum, n, i) => sum + cpuMs(n.child.pid!) - cpuBefore[i]!, 0);
  const tokens = results.reduce((sum, r) => sum + r.requests.total, 0);
  const elapsed = Math.max(...results.map((r) => r.duration));
  return { rps: tokens / elapsed, cpuPerToken: cpu / tokens };
}

async function main() {
  progress('npm run build (only what is stale)');
  buildAhead();
  const name = `authgraph_bench_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  const dbUrl = new URL(PG_URL);
  dbUrl.pathname = `/${name}`;
  const keyId = newId('apiKey');
  const keySecret = randomSecret();
  const nodes: Node[] = [];
  try {
    const env = {
      ...BENCH_LIMITS,
      DATABASE_URL: dbUrl.toString(),
      REDIS_URL,
      AUTHGRAPH_MASTER_KEY: randomBytes(32).toString('hex'),
      AUTHGRAPH_ADMIN_KEY: `${keyId}:${keySecret}`,
    };
    progress('starting node 1');
    const first = await startNode(env);
    nodes.push(first);
    // one issuer identifier for both nodes, as behind a load balancer
    const shared = { ...env, PUBLIC_URL: first.url };
    await stopNode(first);
    nodes.length = 0;
    nodes.push(await startNode(shared));
    progress('starting node 2');
    nodes.push(await startNode(shared));
    const [one, two] = nodes as [Node, Node];
    const server = { url: one.url, authorization: basic(keyId, keySecret) } as BenchServer;
    const { issuerId } = await createIssuerAndOrg(server, 'Scale-out');
    const client = await createM2mClient(server, { issuerId, name: 'bench-m2m', scopes: ['invoices:read'] });
    const authorization = clientBasic(client.id, client.secret);
    const tokenUrl = (node: Node) => `${node.url}/${issuerId}/token`;
    // both nodes answer, with tokens of the same issuer
    for (const node of nodes) await clientCredentialsToken(tokenUrl(node), authorization, REQUEST_BODY);

    // Each node warmed alone under the full load, then both: node 2 must not be measured colder
    // than node 1 (its JIT and caches still warming made two nodes look costlier per token).
    progress('warm-up');
    for (const node of nodes) await round([tokenUrl(node), tokenUrl(node)], [node], authorization, WARMUP_SECONDS);
    await round([tokenUrl(one), tokenUrl(two)], nodes, authorization, WARMUP_SECONDS);
    const single: { rps: number; cpuPerToken: number }[] = [];
    const double: { rps: number; cpuPerToken: number }[] = [];
    const measureSingle = async () => single.push(await round([tokenUrl(one), tokenUrl(one)], [one], authorization, SECONDS));
    const measureDouble = async () => double.push(await round([tokenUrl(one), tokenUrl(two)], nodes, authorization, SECONDS));
    for (let i = 0; i < ROUNDS; i++) {
      // alternating which goes first, so neither always follows the other's load
      progress(`round ${i + 1}/${ROUNDS}: ${i % 2 ? 'two nodes, then one' : 'one node, then two'}`);
      if (i % 2) await measureDouble().then(measureSingle);
      else await measureSingle().then(measureDouble);
    }
    const best = (runs: { rps: number; cpuPerToken: number }[]) => runs.reduce((a, b) => (b.rps > a.rps ? b : a));
    const s = best(single);
    const d = best(double);
    printTable(
      'Scale-out — client_credentials on PostgreSQL + Redis, one node vs two (`node dist/bundle/main.js` each)',
      ['nodes', 'tokens/s', 'vs one node', 'server CPU per token', 'CPU per token vs one node'],
      [
        ['one node', fmt(s.rps, 0), ratio(1), `${fmt(s.cpuPerToken, 3)} ms`, ratio(1)],
        [
          'two nodes (round-robin by connection)',
          fmt(d.rps, 0),
          ratio(d.rps / s.rps),
          `${fmt(d.cpuPerToken, 3)} ms`,
          ratio(d.cpuPerToken / s.cpuPerToken),
        ],
      ],
      [
        `best of ${ROUNDS} rounds of ${SECONDS} s (alternating which goes first; each node warmed alone for ${WARMUP_SECONDS} s, then both), ${CONNECTIONS} connections from two autocannon child processes; the second node adds ${fmt((d.rps / s.rps - 1) * 100, 0)} % of one node's throughput`,
        `nodes and load generators share this machine's cores: the goal is flat CPU per token (no cross-node contention), not 2×; ${machineNote()}`,
      ],
    );
  } finally {
    await Promise.all(nodes.map(stopNode));
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => {});
    await admin.end();
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
