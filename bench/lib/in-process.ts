/**
 * Timing of in-process calls (a verification, a function) one at a time, for the benchmarks that
 * need no HTTP load generator (bench/jwt-verify.ts, bench/sdk-verify.ts): per-round rates and
 * latency samples, to be printed with the same-run baseline.
 * @module
 */
/** Latency samples kept per target (more calls are counted, not timed one by one). */
export const MAX_SAMPLES = 2_000_000;

export interface Target {
  label: string;
  /** one verification; false when the token was not accepted */
  verify(): Promise<boolean>;
}

export interface Tally {
  calls: number;
  elapsedMs: number;
  /** verifications per second of each round */
  rates: number[];
  samples: Float64Array;
  kept: number;
}

/** Calls `verify` one at a time for `ms` milliseconds; adds to the tally. */
export async function runFor(target: Target, ms: number, tally: Tally | null): Promise<void> {
  const started = performance.now();
  const callsBefore = tally?.calls ?? 0;
  const deadline = started + ms;
  let now = started;
  while (now < deadline) {
    const t = now;
    if (!(await target.verify())) throw new Error(`${target.label}: the token was refused`);
    now = performance.now();
    if (tally) {
      if (tally.kept < MAX_SAMPLES) tally.samples[tally.kept++] = now - t;
      tally.calls += 1;
    }
  }
  if (tally) {
    tally.elapsedMs += now - started;
    tally.rates.push(((tally.calls - callsBefore) / (now - started)) * 1000);
  }
}

/** An empty tally for one target. */
export const newTally = (): Tally => ({ calls: 0, elapsedMs: 0, rates: [], samples: new Float64Array(MAX_SAMPLES), kept: 0 });
