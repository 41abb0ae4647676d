/**
 * `npm run bench`: runs every figure's script in turn, each in its own Node process, and lets
 * them print their tables. `npm run bench -- cold` runs only the scripts whose name contains
 * "cold"; each script also runs alone (`npx tsx bench/<name>.ts`).
 * @module
 */
import { spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';

const SCRIPTS = [
  'abuse',
  'deep-pagination',
  'graphql-overhead',
  'members-connection',
  'cold-start',
  'client-credentials',
  'whoami',
  'jwt-verify',
  'subscriber-latency',
  'relay-throughput',
  'webhook-throughput',
  'password-sign-in',
  'refresh-rotation',
  'code-exchange',
  'sdk-verify',
  'memory',
  'scale-out',
  'cimd',
  'dpop',
  'console',
  'events-scale',
  'sql-census',
];
const ROOT = fileURLToPath(new URL('../', import.meta.url));

function run(name: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', `bench/${name}.ts`], { cwd: ROOT, stdio: 'inherit' });
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

const filters = process.argv.slice(2);
const selected = SCRIPTS.filter((s) => filters.length === 0 || filters.some((f) => s.includes(f)));
if (selected.length === 0) {
  console.error(`no bench matches ${filters.join(', ')}; known: ${SCRIPTS.join(', ')}`);
  process.exit(2);
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
console.log(`Authgraph benchmarks: ${selected.join(', ')}`);
console.log(
  `node ${process.version}, ${availableParallelism()} vCPU, load average ${load()} (other work on the machine skews every figure)`,
);
const started = performance.now();
const failed: string[] = [];
for (const name of selected) {
  const t = performance.now();
  const code = await run(name);
  const seconds = ((performance.now() - t) / 1000).toFixed(1);
  console.log(`[${name}: ${code === 0 ? 'done' : `FAILED (exit ${code})`} in ${seconds} s; load average now ${load()}]`);
  if (code !== 0) failed.push(name);
}
console.log(
  `\nAll benchmarks: ${((performance.now() - started) / 1000).toFixed(1)} s${failed.length ? `; FAILED: ${failed.join(', ')}` : ''}`,
);
process.exit(failed.length ? 1 : 0);
