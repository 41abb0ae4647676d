/**
 * Start-up accounting: wall and CPU time (user + system, all threads, from `process.cpuUsage`) of
 * each phase of a start, measured from the start of the process. `npm start` logs them with
 * "authgraph listening", so where a slow start goes is visible without a profiler.
 * @module
 */

/** One phase: its name, wall milliseconds and CPU milliseconds. */
export interface StartupPhase {
  phase: string;
  ms: number;
  cpuMs: number;
}

/** Marks the end of phases; each phase runs from the previous mark (the first from process start). */
export interface StartupPhases {
  /** Ends the current phase as `phase`. */
  mark(phase: string): void;
  /** The phases so far, and their totals since the process started. */
  summary(): { ms: number; cpuMs: number; phases: StartupPhase[] };
}

const cpuNow = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/** A phase timer whose first phase began when the process did. */
export function createStartupPhases(): StartupPhases {
  const phases: StartupPhase[] = [];
  let wall = 0;
  let cpu = 0;
  return {
    mark(phase) {
      const nowWall = performance.now();
      const nowCpu = cpuNow();
      phases.push({ phase, ms: Math.round(nowWall - wall), cpuMs: Math.round(nowCpu - cpu) });
      wall = nowWall;
      cpu = nowCpu;
    },
    summary: () => ({ ms: Math.round(wall), cpuMs: Math.round(cpu), phases: [...phases] }),
  };
}
