/**
 * Parent side of the load generator: forks ./load-worker.ts (a separate Node process) for each
 * job and returns its answer. The serving process does nothing but serve meanwhile.
 * @module
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type autocannon from 'autocannon';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORKER = fileURLToPath(new URL('./load-worker.ts', import.meta.url));

export interface SequenceRequest {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** Requests that each differ (single-use codes), sent `concurrency` at a time. */
export interface BatchJob {
  kind: 'batch';
  requests: SequenceRequest[];
  concurrency: number;
}

/**
 * `initial.length` chains run side by side for `seconds`: each POSTs `body` with `{token}`
 * replaced by its current token, then continues with the response's `field` (refresh rotation).
 */
export interface ChainJob {
  kind: 'chains';
  url: string;
  headers: Record<string, string>;
  body: string;
  field: string;
  initial: string[];
  seconds: number;
}

/**
 * Hosted sign-ins, `concurrency` at a time: GET the authorize URL, read the form (hidden fields,
 * the username and password inputs by their autocomplete, the cookies), POST it and expect a
 * redirect whose Location carries a code (or, for `refused`, the form again with 400).
 */
export interface SignInJob {
  kind: 'sign-in';
  authorizeUrl: string;
  /** used in turn; with `seconds` over and over, else each once */
  usernames: string[];
  password: string;
  /** `code`: a redirect carrying a code; `refused`: the form again with 400 */
  expect: 'code' | 'refused';
  concurrency: number;
  seconds?: number;
}

export type LoadJob =
  | { kind: 'autocannon'; options: autocannon.Options }
  | { kind: 'sequence'; requests: SequenceRequest[] }
  | BatchJob
  | ChainJob
  | SignInJob;

export interface Sample {
  ms: number;
  status: number;
  bytes: number;
}

export type LoadReply =
  | { kind: 'autocannon'; result: autocannon.Result }
  | { kind: 'sequence'; samples: Sample[] }
  | { kind: 'timed'; samples: Sample[]; seconds: number }
  | { kind: 'error'; message: string };

function runJob(job: LoadJob): Promise<LoadReply> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let reply: LoadReply | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), 180_000);
    child.once('message', (message: LoadReply) => {
      reply = message;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!reply) return reject(new Error(`load worker exited (${code ?? signal}) without an answer`));
      if (reply.kind === 'error') return reject(new Error(`load worker failed: ${reply.message}`));
      resolve(reply);
    });
    child.send(job);
  });
}

/** Runs autocannon in a child process; fails when any request errored or was not 2xx. */
export async function cannon(options: autocannon.Options): Promise<autocannon.Result> {
  const reply = await runJob({ kind: 'autocannon', options });
  if (reply.kind !== 'autocannon') throw new Error('unexpected load worker answer');
  const r = reply.result;
  if (r.errors || r.timeouts || r.non2xx)
    throw new Error(`${options.title ?? options.url}: ${r.errors} errors, ${r.timeouts} timeouts, ${r.non2xx} non-2xx`);
  return r;
}

/** Sends the requests one after another from a child process; returns each one's latency. */
export async function sequence(requests: SequenceRequest[]): Promise<Sample[]> {
  const reply = await runJob({ kind: 'sequence', requests });
  if (reply.kind !== 'sequence') throw new Error('unexpected load worker answer');
  const bad = reply.samples.find((s) => s.status !== 200);
  if (bad) throw new Error(`a timed request answered ${bad.status}`);
  return reply.samples;
}

/** Runs a batch, chain or sign-in job in a child process; fails on any answer it did not expect. */
export async function timedJob(job: BatchJob | ChainJob | SignInJob): Promise<{ samples: Sample[]; seconds: number }> {
  const reply = await runJob(job);
  if (reply.kind !== 'timed') throw new Error('unexpected load worker answer');
  return reply;
}

/** Rate and latency percentiles over the rounds of a timed job (nearest-rank over all samples). */
export function timedSummary(runs: { samples: Sample[]; seconds: number }[]): { rps: number; p50: number; p99: number; total: number } {
  const latencies = runs.flatMap((r) => r.samples.map((s) => s.ms)).sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil((p / 100) * latencies.length) - 1))] ?? Number.NaN;
  const total = runs.reduce((n, r) => n + r.samples.length, 0);
  return { rps: total / runs.reduce((n, r) => n + r.seconds, 0), p50: at(50), p99: at(99), total };
}

export interface CannonTarget {
  label: string;
  options: autocannon.Options;
}

export interface CannonSummary {
  /** requests per second over all measured rounds */
  rps: number;
  /** the mean of the rounds' mean, p50 and p99 latencies (ms) */
  mean: number;
  p50: number;
  p99: number;
  /** requests completed in the measured rounds */
  total: number;
  /** CPU time (user + system) of this process per request while the target was loaded, ms — the servers' cost per request */
  cpuMsPerRequest: number;
}

export interface AlternatingSettings {
  connections: number;
  warmupSeconds: number;
  seconds: number;
  rounds: number;
}

/**
 * Every target under the same autocannon settings: a warm-up each, then `rounds` alternating
 * rounds (A B A B …) so that drift (thermal, GC, neighbours) hits all targets alike.
 */
export async function alternatingRounds(targets: CannonTarget[], s: AlternatingSettings): Promise<CannonSummary[]> {
  const note = (m: string) => process.stderr.write(`  … ${m}\n`);
  for (const t of targets) {
    note(`warm-up ${s.warmupSeconds} s: ${t.label}`);
    await cannon({ ...t.options, connections: s.connections, duration: s.warmupSeconds, title: t.label });
  }
  const results = targets.map(() => [] as autocannon.Result[]);
  // CPU of this (the servers') process while one target is loaded; it includes the process's
  // idle background work, which dominates when throughput is low
  const cpuMicros = targets.map(() => 0);
  for (let r = 0; r < s.rounds; r++) {
    for (const [i, t] of targets.entries()) {
      note(`round ${r + 1}/${s.rounds}, ${s.seconds} s: ${t.label}`);
      const before = process.cpuUsage();
      results[i]!.push(await cannon({ ...t.options, connections: s.connections, duration: s.seconds, title: t.label }));
      const used = process.cpuUsage(before);
      cpuMicros[i]! += used.user + used.system;
    }
  }
  return results.map((rs, i) => ({
    cpuMsPerRequest:
      cpuMicros[i]! /
      1000 /
      Math.max(
        1,
        rs.reduce((sum, r) => sum + r.requests.total, 0),
      ),
    rps: rs.reduce((sum, r) => sum + r.requests.total, 0) / rs.reduce((sum, r) => sum + r.duration, 0),
    mean: rs.reduce((sum, r) => sum + r.latency.mean, 0) / rs.length,
    p50: rs.reduce((sum, r) => sum + r.latency.p50, 0) / rs.length,
    p99: rs.reduce((sum, r) => sum + r.latency.p99, 0) / rs.length,
    total: rs.reduce((sum, r) => sum + r.requests.total, 0),
  }));
}
