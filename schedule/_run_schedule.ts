import { systemClock } from "../core/clock.ts";
import { silentLogger } from "../core/logger.ts";
import { sleep } from "../core/sleep.ts";
import { formatRunDatetime, MAX_RUN_DATETIME_MS } from "./_run_datetime.ts";
import type { ScheduleOptions, ScheduleOutcome } from "./types.ts";

type Failure = { error: unknown };

function errorMeta(error: unknown): Record<string, unknown> {
  // pycti logs `{"reason": str(e)}`; the Error itself gives the line its `exc_info`.
  return error instanceof Error ? { reason: error.message, error } : { reason: String(error) };
}

/**
 * The scheduler behind `scheduleProcess`, `scheduleIso` and `scheduleUnit`. `period` yields
 * the seconds (it may throw on bad input); `failureMessage` is pycti's log text for that case.
 */
export async function runSchedule(
  options: ScheduleOptions,
  period: () => number,
  failureMessage: string,
): Promise<ScheduleOutcome> {
  const {
    callback,
    clock = systemClock,
    logger = silentLogger,
    checkBuffering = () => false,
    connectorInfo,
    metrics,
  } = options;
  const signal = options.signal ?? new AbortController().signal;
  const counts = { runs: 0, failures: 0, skipped: 0 };
  let mode: ScheduleOutcome["mode"] = options.runAndTerminate === true ? "once" : "periodic";
  const outcome = (status: ScheduleOutcome["status"], failure?: Failure): ScheduleOutcome =>
    failure
      ? { status, exitCode: 1, mode, ...counts, error: failure.error }
      : { status, exitCode: 0, mode, ...counts };

  const countError = (): void => {
    counts.failures++;
    metrics?.inc("error_count");
  };

  let seconds: number;
  try {
    seconds = period();
    if (typeof seconds !== "number" || Number.isNaN(seconds)) {
      throw new TypeError(
        `Cannot schedule: the period must be a number of seconds, got ${seconds}`,
      );
    }
    // pycti would re-run back-to-back forever on a negative period; refuse it instead.
    if (seconds < 0) {
      throw new RangeError(`Cannot schedule with a negative period: ${seconds} seconds`);
    }
    if (clock.now() + seconds * 1000 > MAX_RUN_DATETIME_MS) {
      throw new RangeError(
        `Cannot schedule with a period of ${seconds} seconds: the next run would be after year 9999`,
      );
    }
    if (typeof callback !== "function") {
      throw new TypeError(
        `Cannot schedule: the callback must be a function, got ${typeof callback}`,
      );
    }
  } catch (error) {
    countError();
    logger.error(failureMessage, errorMeta(error));
    return outcome("failed", { error });
  }

  if (seconds === 0) mode = "once";
  if (signal.aborted) return outcome("stopped");

  const markLastRun = (): void => {
    if (connectorInfo) connectorInfo.lastRunDatetime = formatRunDatetime(clock.now());
  };

  const run = async (): Promise<Failure | undefined> => {
    counts.runs++;
    try {
      await callback({ signal });
      return undefined;
    } catch (error) {
      countError();
      logger.error("An unexpected error occurred during schedule", errorMeta(error));
      return { error };
    } finally {
      markLastRun();
    }
  };

  const buffering = async (): Promise<boolean | Failure> => {
    try {
      return Boolean(await checkBuffering());
    } catch (error) {
      countError();
      logger.error("An error occurred while checking the queue size", errorMeta(error));
      return { error };
    }
  };

  if (mode === "once") {
    logger.info("Starting run and terminate");
    if (connectorInfo) connectorInfo.runAndTerminate = true;
    const state = await buffering();
    if (typeof state === "object") return outcome("failed", state);
    let failure: Failure | undefined;
    if (state) {
      counts.skipped++;
      markLastRun(); // pycti records the run even when buffering skipped it
    } else if (signal.aborted) {
      return outcome("stopped");
    } else {
      failure = await run();
    }
    logger.info("Closing run and terminate");
    return failure ? outcome("failed", failure) : outcome("completed");
  }

  // The first periodic run is not gated by buffering (as pycti); the check that follows only
  // refreshes ConnectorInfo.
  await run();
  if (!signal.aborted) await buffering();
  const delayMs = Math.round(seconds * 1000);
  while (!signal.aborted) {
    const nextRun = formatRunDatetime(clock.now() + delayMs);
    if (connectorInfo) connectorInfo.nextRunDatetime = nextRun;
    logger.info("Schedule next run of connector", { next_run_datetime: nextRun });
    try {
      // Fixed delay: the wait starts when the previous run (and its check) ended. sleep()
      // slices waits longer than a timer holds (P1M), so it never fires early.
      await sleep(delayMs, { signal, clock });
    } catch {
      break; // sleep rejects only when the signal aborts
    }
    logger.info("Starting schedule");
    const state = await buffering();
    if (state === true) counts.skipped++;
    else if (state === false && !signal.aborted) await run();
  }
  logger.debug("Scheduler stopped");
  return outcome("stopped");
}
