import { type Clock, systemClock } from "../../core/mod.ts";

/**
 * Real timers, except that short ones (backoff waits, short timeouts) fire at once and are
 * recorded: retries cost no wall time. Time stands still but for the skipped waits, so the
 * recorded delays are exact.
 */
export function skippingClock(): { clock: Clock; delays: number[] } {
  const delays: number[] = [];
  const start = Date.now();
  let skipped = 0;
  return {
    delays,
    clock: {
      now: () => start + skipped,
      setTimeout: (fn, ms) => {
        if (ms >= 100_000) return systemClock.setTimeout(fn, ms);
        delays.push(ms);
        skipped += ms;
        return systemClock.setTimeout(fn, 0);
      },
      clearTimeout: (handle) => systemClock.clearTimeout(handle),
    },
  };
}
