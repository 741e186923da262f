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
 * Differences from pycti, on purpose: a failed periodic run or buffering check is logged and
 * counted and the next run still happens (pycti kills the process); a negative period is
 * refused (pycti re-runs back-to-back); waits longer than a timer can hold (about 24.8 days,
 * e.g. `P1M`) are sliced instead of firing early.
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
export * from "./parse_iso_duration.ts";
export * from "./schedule_iso.ts";
export * from "./schedule_process.ts";
export * from "./schedule_unit.ts";
export * from "./time_unit.ts";
export * from "./types.ts";
