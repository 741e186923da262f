/**
 * Scheduling as pycti's `OpenCTIConnectorHelper` does it, without the helper: ISO 8601 period
 * parsing with pycti's rules ({@linkcode parseIsoDuration}), and the run loops behind
 * `schedule_iso`, `schedule_process` and the deprecated `schedule_unit`
 * ({@linkcode scheduleIso}, {@linkcode scheduleProcess}, {@linkcode scheduleUnit}).
 *
 * Everything the loops touch is injected — clock, signal, logger, buffering check, the
 * ConnectorInfo record, the error counter — so the helper composes them and tests drive them
 * with a fake clock. The loops never exit the process: they resolve a
 * {@linkcode ScheduleOutcome} whose `exitCode` the helper uses.
 *
 * Differences from pycti, on purpose:
 * - A failed periodic run or buffering check is logged and counted, and the next run still
 *   happens (pycti kills the process). A failed run is logged as `"An unexpected error
 *   occurred during schedule"` wherever it happens (pycti uses its queue-size message for runs
 *   after the first).
 * - A negative period is refused like a malformed one (pycti re-runs back-to-back).
 * - The callback gets the scheduler's `signal`, so a long run can end early when stopping.
 *
 * @example
 * ```ts
 * import { parseIsoDuration, scheduleIso } from "@octi/connector/schedule";
 * import { createLogger } from "@octi/connector/core";
 *
 * if (parseIsoDuration("P1D") !== 86_400) throw new Error();
 * const logger = createLogger({ name: "My Connector", level: "INFO", write: () => {} });
 * const outcome = await scheduleIso({
 *   durationPeriod: "PT1H",
 *   runAndTerminate: true,
 *   callback: () => logger.info("importing"),
 *   logger,
 * });
 * if (outcome.exitCode !== 0) throw new Error();
 * ```
 *
 * @module
 */
export { parseIsoDuration } from "../core/parse_iso_duration.ts";
export * from "./schedule_iso.ts";
export * from "./schedule_process.ts";
export * from "./schedule_unit.ts";
export * from "./time_unit.ts";
export * from "./types.ts";
