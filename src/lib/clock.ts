/** Time is injected so tests can control it. @module */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
