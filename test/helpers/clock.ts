/** A clock tests move by hand (session timeouts, code expiry). @module */
import type { Clock } from '../../src/lib/clock.js';

export interface ManualClock extends Clock {
  /** moves the clock forward by `ms` */
  advance(ms: number): void;
  set(iso: string): void;
}

/** Starts at `start` (default: the real now) and moves only when told. */
export function manualClock(start: string | Date = new Date()): ManualClock {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    advance: (ms) => (now = new Date(now.getTime() + ms)),
    set: (iso) => (now = new Date(iso)),
  };
}
