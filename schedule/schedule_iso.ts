import { runSchedule } from "./_run_schedule.ts";
import { parseIsoDuration } from "../core/parse_iso_duration.ts";
import type { ScheduleOptions, ScheduleOutcome } from "./types.ts";

/** Options of {@linkcode scheduleIso}. */
export interface ScheduleIsoOptions extends ScheduleOptions {
  /**
   * `CONNECTOR_DURATION_PERIOD`: an ISO 8601 duration (`"PT1H"`), `"0"`, or a number of
   * seconds, read by {@linkcode parseIsoDuration}; whole seconds, so `"PT0.5S"` runs once.
   */
  durationPeriod: string | number;
}

/**
 * pycti's `schedule_iso`: parses `durationPeriod` with {@linkcode parseIsoDuration}, then
 * schedules as {@linkcode scheduleProcess}. A malformed period is logged (`"An unexpected error
 * occurred during schedule_iso"` with `reason`), counted in `error_count`, and resolves a
 * `"failed"` outcome carrying the `SyntaxError`/`RangeError` (pycti kills the process); the
 * callback never runs then.
 *
 * @param options The callback, the ISO 8601 period and the injected collaborators.
 * @returns The outcome, once the single run ended or the loop was stopped. Never rejects.
 *
 * @example
 * ```ts
 * import { scheduleIso } from "@octi/connector/schedule";
 * import { FakeClock } from "@octi/connector/testing";
 * const clock = new FakeClock(Date.UTC(2024, 0, 15, 10, 30));
 * const controller = new AbortController();
 * const info = { runAndTerminate: false, nextRunDatetime: null as string | null, lastRunDatetime: null as string | null };
 * const done = scheduleIso({
 *   durationPeriod: "PT1H",
 *   callback: async () => {},
 *   clock,
 *   signal: controller.signal,
 *   connectorInfo: info,
 * });
 * await clock.tick(0);
 * if (info.nextRunDatetime !== "2024-01-15T11:30:00Z") throw new Error(info.nextRunDatetime ?? "");
 * controller.abort();
 * await done;
 * ```
 */
export function scheduleIso(options: ScheduleIsoOptions): Promise<ScheduleOutcome> {
  return runSchedule(
    options,
    () => parseIsoDuration(options.durationPeriod),
    "An unexpected error occurred during schedule_iso",
  );
}
