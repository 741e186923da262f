import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";

/** What a scheduled callback receives: the scheduler's signal, aborted when it stops. */
export interface ScheduleCallbackContext {
  /** Aborted when the scheduler is asked to stop; long runs may watch it to end early. */
  signal: AbortSignal;
}

/**
 * The connector's work, run once per period. pycti callbacks take no argument; a returned
 * promise is awaited, and a throw or rejection counts as a failed run.
 */
export type ScheduleCallback = (context: ScheduleCallbackContext) => unknown;

/**
 * Where the scheduler publishes run information; `ConnectorInfo` from `helper/` fits, and
 * the values reach the platform with the next ping.
 *
 * @example
 * ```ts
 * import { type ScheduleConnectorInfo, scheduleProcess } from "@octi/connector/schedule";
 * const info: ScheduleConnectorInfo = {
 *   runAndTerminate: false,
 *   nextRunDatetime: null,
 *   lastRunDatetime: null,
 * };
 * await scheduleProcess({ durationPeriod: 0, callback: () => {}, connectorInfo: info });
 * if (!info.runAndTerminate || info.lastRunDatetime === null) throw new Error();
 * ```
 */
export interface ScheduleConnectorInfo {
  /** Set to `true` when a run-and-terminate run starts. */
  runAndTerminate: boolean;
  /** Next planned run, `YYYY-MM-DDTHH:MM:SSZ` (UTC). */
  nextRunDatetime: string | null;
  /**
   * End of the latest run, successful or not, `YYYY-MM-DDTHH:MM:SSZ` (UTC). Periodic runs
   * skipped for buffering leave it unchanged; a skipped run-and-terminate run sets it (pycti).
   */
  lastRunDatetime: string | null;
}

/** Counts scheduler errors; `OpenCTIMetricHandler` from `helper/` fits. */
export interface ScheduleMetrics {
  /** Called with `"error_count"` once per failed run or buffering check. */
  inc(name: "error_count"): void;
}

/** What every scheduler takes besides the period. */
export interface ScheduleOptions {
  /** The connector's work. */
  callback: ScheduleCallback;
  /**
   * `CONNECTOR_RUN_AND_TERMINATE`: run once and report an outcome instead of looping.
   * Default `false`. A period of 0 seconds has the same effect.
   */
  runAndTerminate?: boolean | undefined;
  /** Stops the loop: no new run starts; an ongoing run is awaited, then the promise settles. */
  signal?: AbortSignal | undefined;
  /** Time source for delays and run datetimes. Default: the system clock. */
  clock?: Clock | undefined;
  /** Receives pycti's scheduler log lines. Default: silent. */
  logger?: Logger | undefined;
  /**
   * pycti's `check_connector_buffering`: resolves `true` while the connector's push queue is
   * over its threshold, which skips the run. Called before a run-and-terminate run and before
   * every periodic run except the first, and once after the first (to fill ConnectorInfo).
   * Default: never buffering.
   */
  checkBuffering?: (() => boolean | Promise<boolean>) | undefined;
  /** Receives run-and-terminate, next-run and last-run values. */
  connectorInfo?: ScheduleConnectorInfo | undefined;
  /** Counts errors (`error_count`). */
  metrics?: ScheduleMetrics | undefined;
}

/**
 * How a scheduler ended; the helper turns it into the process exit code.
 *
 * @example
 * ```ts
 * import { scheduleIso } from "@octi/connector/schedule";
 * const outcome = await scheduleIso({
 *   durationPeriod: "PT0S",
 *   callback: () => {
 *     throw new Error("feed unreachable");
 *   },
 * });
 * if (outcome.status !== "failed" || outcome.exitCode !== 1) throw new Error();
 * ```
 */
export interface ScheduleOutcome {
  /**
   * `"completed"`: the single run-and-terminate run succeeded or was skipped for buffering.
   * `"failed"`: the single run or its buffering check failed, or the period was invalid
   * (then nothing ran).
   * `"stopped"`: the signal aborted the loop.
   */
  status: "completed" | "failed" | "stopped";
  /** `0` for completed and stopped, `1` for failed. */
  exitCode: 0 | 1;
  /** `"once"` for run-and-terminate (flag or period 0), `"periodic"` otherwise. */
  mode: "once" | "periodic";
  /** Callback runs started. */
  runs: number;
  /** Callback runs and buffering checks that threw. */
  failures: number;
  /** Runs skipped because the queue was buffering. */
  skipped: number;
  /** The error behind a `"failed"` outcome. */
  error?: unknown;
}
