/**
 * CPU time per thread of this process (Linux `/proc/self/task/<tid>/stat`, utime + stime, in
 * clock ticks of 10 ms): which thread does the work — the event loop, the database thread
 * (src/data/pglite-proxy.ts), libuv's pool (crypto), V8's GC helpers.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU milliseconds so far per thread, keyed `<tid> <name>`; empty where /proc is missing. */
export function threadTimes(): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try {
    tids = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      out.set(`${tid} ${name}`, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {
      // the thread ended meanwhile
    }
  }
  return out;
}

/**
 * Lines `<tid> <name>  <ms>  <µs per operation>` for the threads that used over 20 ms between
 * two {@link threadTimes} readings, busiest first. The event loop's tid is the process id.
 */
export function threadReport(before: Map<string, number>, after: Map<string, number>, operations: number): string[] {
  return [...after]
    .map(([key, ms]) => [key, ms - (before.get(key) ?? 0)] as const)
    .filter(([, ms]) => ms > 20)
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => {
      const label = key.startsWith(`${process.pid} `) ? `${key} (event loop)` : key;
      return `${label.padEnd(32)} ${String(ms).padStart(6)} ms  ${((ms / operations) * 1000).toFixed(0).padStart(5)} µs per operation`;
    });
}

/**
 * CPU milliseconds so far of every process whose command is `name` (e.g. `postgres`: the
 * PostgreSQL server's backends and helpers; `redis-server`), from `/proc/<pid>/stat`; 0 where /proc
 * is missing. Processes that ended in between are not counted.
 */
export function processCpuMs(name: string): number {
  let total = 0;
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return 0;
  }
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== name) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
