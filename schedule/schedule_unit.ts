import { runSchedule } from "./_run_schedule.ts";
import { type TimeUnit, type TimeUnitName, timeUnitToSeconds } from "./time_unit.ts";
import type { ScheduleOptions, ScheduleOutcome } from "./types.ts";

/**
 * Options of {@linkcode scheduleUnit}.
 *
 * @deprecated Use {@linkcode ScheduleIsoOptions} with `scheduleIso`.
 */
export interface ScheduleUnitOptions extends ScheduleOptions {
  /** A number, or text Python's `float()` accepts (`"1.5"`). */
  durationPeriod: string | number;
  /** The unit of `durationPeriod`. */
  timeUnit: TimeUnit | TimeUnitName;
}

/**
 * pycti's deprecated `schedule_unit`: `durationPeriod × timeUnit` seconds (see
 * {@linkcode timeUnitToSeconds}), then schedules as {@linkcode scheduleProcess}. An invalid
 * period or unit is logged (`"An unexpected error occurred during schedule_unit"` with
 * `reason`), counted in `error_count`, and resolves a `"failed"` outcome.
 *
 * @deprecated Use `scheduleIso` with an ISO 8601 duration.
 *
 * @param options The callback, the period and its unit, and the injected collaborators.
 * @returns The outcome, once the single run ended or the loop was stopped. Never rejects.
 *
 * @example
 * ```ts
 * import { scheduleUnit, TimeUnit } from "@octi/connector/schedule";
 * let runs = 0;
 * const outcome = await scheduleUnit({
 *   durationPeriod: "1.5",
 *   timeUnit: TimeUnit.MINUTES,
 *   runAndTerminate: true,
 *   callback: () => void runs++,
 * });
 * if (runs !== 1 || outcome.status !== "completed") throw new Error();
 * ```
 */
export function scheduleUnit(options: ScheduleUnitOptions): Promise<ScheduleOutcome> {
  return runSchedule(
    options,
    () => timeUnitToSeconds(options.durationPeriod, options.timeUnit),
    "An unexpected error occurred during schedule_unit",
  );
}
