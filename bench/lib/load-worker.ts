/**
 * The load generator, run as a child process (forked by ./load.ts) so that it never shares a
 * CPU's event loop with the server it measures. It takes one job over IPC, answers, and exits.
 * Every job is bounded in count and time and targets 127.0.0.1 only.
 * @module
 */
import autocannon from 'autocannon';
import type { LoadJob, LoadReply, SequenceRequest } from './load.js';

const PER_REQUEST_TIMEOUT_MS = 15_000;

function assertLocal(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`load worker only targets 127.0.0.1, not ${host}`);
}

async function timeOne(request: SequenceRequest): Promise<{ ms: number; status: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(request.url, {
    method: request.method,
    headers: request.headers,
    body: request.body,
    signal: AbortSignal.timeout(PER_REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  return { ms: performance.now() - started, status: response.status, bytes: text.length };
}

async function run(job: LoadJob): Promise<LoadReply> {
  if (job.kind === 'autocannon') {
    assertLocal(job.options.url);
    const duration = Number(job.options.duration ?? 10);
    if (!(duration > 0 && duration <= 60)) throw new Error('autocannon duration must be within (0, 60] seconds');
    const result = await autocannon({ ...job.options, timeout: 10 });
    return { kind: 'autocannon', result };
  }
  if (job.requests.length > 5000) throw new Error('a sequence is at most 5000 requests');
  const deadline = Date.now() + 120_000;
  const samples = [];
  for (const request of job.requests) {
    assertLocal(request.url);
    if (Date.now() > deadline) throw new Error('sequence exceeded its 120 s budget');
    samples.push(await timeOne(request));
  }
  return { kind: 'sequence', samples };
}

process.once('message', (job: LoadJob) => {
  run(job).then(
    (reply) => process.send!(reply, () => process.exit(0)),
    (error: unknown) => process.send!({ kind: 'error', message: error instanceof Error ? error.stack ?? error.message : String(error) }, () => process.exit(1)),
  );
});
