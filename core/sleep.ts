import { type Clock, systemClock } from "./clock.ts";

/** Options for {@linkcode sleep}. */
export interface SleepOptions {
  /** Aborting rejects the sleep at once with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Time source; defaults to {@linkcode systemClock}. */
  clock?: Clock | undefined;
}

// Timers take a signed 32-bit delay; a longer one fires at once, so long waits go in slices.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Waits `ms` milliseconds on the given clock, or rejects with `signal.reason` when aborted.
 * Waits longer than a timer can hold (about 24.8 days) are honoured.
 *
 * @example
 * ```ts
 * import { sleep } from "@octi/connector/core";
 * await sleep(1);
 * ```
 */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  const { signal, clock = systemClock } = options;
  if (signal?.aborted) return Promise.reject(signal.reason);
  const deadline = clock.now() + Math.max(0, ms);
  return new Promise((resolve, reject) => {
    let handle = 0;
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const arm = () => {
      const left = deadline - clock.now();
      if (left <= 0 && handle !== 0) {
        signal?.removeEventListener("abort", onAbort);
        resolve();
        return;
      }
      handle = clock.setTimeout(arm, Math.min(Math.max(0, left), MAX_TIMER_MS));
    };
    arm();
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
