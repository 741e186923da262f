import { runSchedule } from "./_run_schedule.ts";
import type { ScheduleOptions, ScheduleOutcome } from "./types.ts";

/** Options of {@linkcode scheduleProcess}. */
export interface ScheduleProcessOptions extends ScheduleOptions {
  /** Seconds between the end of a run and the start of the next; 0 runs once. */
  durationPeriod: number;
}

/**
 * pycti's `schedule_process`: runs `callback` every `durationPeriod` seconds, or once.
 *
 * - **Run once** when `runAndTerminate` is set or the period is 0: sets
 *   `connectorInfo.runAndTerminate`, checks buffering, runs the callback unless buffering, sets
 *   the last-run datetime, and resolves `"completed"` (exit code 0) or `"failed"` (exit code 1).
 *   It never exits the process: the helper force-pings, then exits with `exitCode`.
 * - **Periodic** otherwise: the first run starts at once without a buffering gate; each later
 *   run starts `durationPeriod` seconds after the previous one *ended* (fixed delay, not fixed
 *   rate), is skipped while `checkBuffering()` resolves `true`, and the next-run datetime is
 *   published before every wait. Aborting `signal` ends the wait at once (no timer left
 *   behind) and resolves `"stopped"` after any ongoing run.
 *
 * Unlike pycti, which kills the process on any scheduler error, a failed periodic run or
 * buffering check is logged (`"An unexpected error occurred during schedule"` or `"An error
 * occurred while checking the queue size"`, with `reason`), counted in `error_count`, and the
 * next run is still scheduled; a negative period is refused instead of looping back-to-back.
 *
 * @param options The callback, the period in seconds and the injected collaborators.
 * @returns The outcome, once the single run ended or the loop was stopped. Never rejects.
 *
 * @example Run-and-terminate
 * ```ts
 * import { scheduleProcess } from "@octi/connector/schedule";
 * let runs = 0;
 * const outcome = await scheduleProcess({ durationPeriod: 0, callback: () => void runs++ });
 * if (runs !== 1 || outcome.exitCode !== 0) throw new Error("expected one successful run");
 * ```
 *
 * @example Periodic, stopped by a signal
 * ```ts
 * import { scheduleProcess } from "@octi/connector/schedule";
 * import { FakeClock } from "@octi/connector/testing";
 * const clock = new FakeClock(0);
 * const controller = new AbortController();
 * let runs = 0;
 * const done = scheduleProcess({
 *   durationPeriod: 60,
 *   callback: () => void runs++,
 *   clock,
 *   signal: controller.signal,
 * });
 * await clock.tick(120_000); // first run at 0 s, then at 60 s and 120 s
 * controller.abort();
 * const outcome = await done;
 * if (runs !== 3 || outcome.status !== "stopped") throw new Error(`${runs} ${outcome.status}`);
 * ```
 */
export function scheduleProcess(options: ScheduleProcessOptions): Promise<ScheduleOutcome> {
  return runSchedule(
    options,
    () => options.durationPeriod,
    "An unexpected error occurred during schedule",
  );
}
