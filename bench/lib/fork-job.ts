/**
 * Runs one job in a forked Node process (a worker module under bench/lib that takes one job over
 * IPC, answers once and exits), so the work never shares an event loop with the server it
 * measures. Like ./load.ts, but for any worker module; the child is killed when it overruns.
 * Long-lived workers (the webhook receiver) use `spawnWorker` and talk over IPC themselves.
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT } from './load.js';

export type WorkerReply<T> = T | { kind: 'error'; message: string };

/** Forks `bench/lib/<worker>` with tsx; its stdout and stderr go to this process's stderr. */
export function spawnWorker(worker: string): ChildProcess {
  const path = fileURLToPath(new URL(`./${worker}`, import.meta.url));
  const child = fork(path, [], { cwd: REPO_ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
  return child;
}

/** Sends `job` to a fresh `worker` process and resolves with its one answer (killed after `timeoutMs`). */
export function runForkedJob<Job, Reply extends { kind: string }>(worker: string, job: Job, timeoutMs = 120_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const child = spawnWorker(worker);
    let reply: WorkerReply<Reply> | null = null;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('message', (message: WorkerReply<Reply>) => {
      reply = message;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!reply) return reject(new Error(`${worker} exited (${code ?? signal}) without an answer`));
      if (reply.kind === 'error') return reject(new Error(`${worker} failed: ${(reply as { message: string }).message}`));
      resolve(reply as Reply);
    });
    child.send(job as object);
  });
}

/** Worker side: answers the first job with `run(job)` (or its error) and exits. */
export function serveOneJob<Job, Reply>(run: (job: Job) => Promise<Reply>): void {
  process.once('message', (job: Job) => {
    run(job).then(
      (reply) => process.send!(reply as object, () => process.exit(0)),
      (error: unknown) =>
        process.send!({ kind: 'error', message: error instanceof Error ? (error.stack ?? error.message) : String(error) }, () =>
          process.exit(1),
        ),
    );
  });
}

/** Throws unless `url` targets 127.0.0.1 (every bench load stays on this machine). */
export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (host !== '127.0.0.1') throw new Error(`bench workers only target 127.0.0.1, not ${host}`);
}
