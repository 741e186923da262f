import { type Clock, systemClock } from "./clock.ts";

/**
 * Options for {@linkcode sleep}.
 *
 * @example
 * ```ts
 * import { sleep, type SleepOptions } from "@octi/connector/core";
 * const controller = new AbortController();
 * const options: SleepOptions = { signal: controller.signal };
 * const waiting = sleep(60_000, options);
 * controller.abort(new Error("stopping"));
 * await waiting.catch((error: Error) => {
 *   if (error.message !== "stopping") throw error;
 * });
 * ```
 */
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
 * Waits longer than a timer can hold (about 24.8 days) are honoured; a negative `ms` waits
 * one timer turn, `NaN` rejects with a RangeError.
 *
 * @example
 * ```ts
 * import { sleep } from "@octi/connector/core";
 * await sleep(1);
 * ```
 */
export function sleep(ms: number, options: SleepOptions = {}): Promise<void> {
  const { signal, clock = systemClock } = options;
  // NaN would never reach the deadline: the timer would re-arm itself forever.
  if (Number.isNaN(ms)) {
    return Promise.reject(
      new RangeError(`Cannot sleep ${ms} ms: expected a number of milliseconds`),
    );
  }
  if (signal?.aborted) return Promise.reject(signal.reason);
  const deadline = clock.now() + Math.max(0, ms);
  return new Promise((resolve, reject) => {
    // Undefined until the first timer: even a zero wait yields one timer turn.
    let handle: number | undefined;
    const onAbort = () => {
      if (handle !== undefined) clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const arm = () => {
      const left = deadline - clock.now();
      if (left <= 0 && handle !== undefined) {
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
