/**
 * Where the hub reads the time. Every service takes one, so the tests (and the chaos day) can
 * move time by hand instead of waiting for it.
 */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
