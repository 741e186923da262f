/**
 * A source of time that every timer-driven part of the library takes, so tests can
 * replace it with a fake one (see `FakeClock` in `testing/`).
 *
 * @example Reading the time
 * ```ts
 * import { systemClock } from "@octi/connector/core";
 * const started: number = systemClock.now();
 * ```
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds; returns a handle for {@linkcode Clock.clearTimeout}. */
  setTimeout(fn: () => void, ms: number): number;
  /** Cancels a timer made by {@linkcode Clock.setTimeout}; unknown handles are ignored. */
  clearTimeout(handle: number): void;
}

/**
 * The real clock: `Date.now()` and the runtime's timers.
 *
 * @example
 * ```ts
 * import { systemClock } from "@octi/connector/core";
 * const handle = systemClock.setTimeout(() => {}, 10);
 * systemClock.clearTimeout(handle);
 * ```
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  // Deno's timers return numbers; npm type packages declare Node's Timeout object instead.
  setTimeout: (fn, ms) => setTimeout(fn, ms) as unknown as number,
  clearTimeout: (handle) => clearTimeout(handle),
};
