// The bounds the helper puts on stopping: an AbortSignal that fires after a delay on the
// injected clock (so tests drive it), and a promise of a signal's abort.
import type { Clock } from "../core/clock.ts";
import { sleep } from "../core/sleep.ts";

export interface Deadline {
  /** Aborted once the delay has passed. */
  readonly signal: AbortSignal;
  /** Cancels the timer; call it whatever happened first. */
  clear(): void;
}

/** `ms` may exceed what one timer holds (or be Infinity: no deadline); sleep() slices it. */
export function deadline(clock: Clock, ms: number, reason: string): Deadline {
  const controller = new AbortController();
  const cancel = new AbortController();
  sleep(ms, { clock, signal: cancel.signal })
    .then(() => controller.abort(new Error(reason)), () => {});
  return { signal: controller.signal, clear: () => cancel.abort() };
}

/** Resolves when `signal` aborts (at once if it already has); never rejects. */
export function whenAborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) =>
    signal.addEventListener("abort", () => resolve(), { once: true })
  );
}
