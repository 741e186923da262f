import { type Clock, systemClock } from "./clock.ts";

/** Options for {@linkcode sleep}. */
export interface SleepOptions {
  /** Aborting rejects the sleep at once with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Time source; defaults to {@linkcode systemClock}. */
  clock?: Clock | undefined;
}

/**
 * Waits `ms` milliseconds on the given clock, or rejects with `signal.reason` when aborted.
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
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
