/**
 * The ConnectorInfo record as the ping sends it (GraphQL `ConnectorInfoInput`): pycti's
 * `all_details`, snake_case keys in pycti's order.
 */
export interface ConnectorInfoDetails {
  /** `true` once a run-and-terminate run started. */
  run_and_terminate: boolean;
  /** `true` while the push queue is over its threshold. */
  buffering: boolean;
  /** `CONNECTOR_QUEUE_THRESHOLD` in MB, as of the last buffering check. */
  queue_threshold: number;
  /** Size of the push queue in MB (10^6 bytes), as of the last buffering check. */
  queue_messages_size: number;
  /** Next planned run, `YYYY-MM-DDTHH:MM:SSZ`, or null. */
  next_run_datetime: string | null;
  /** Latest run, `YYYY-MM-DDTHH:MM:SSZ`, or null. */
  last_run_datetime: string | null;
}

/** Initial values of a {@linkcode ConnectorInfo}; omitted fields take pycti's defaults. */
export interface ConnectorInfoInit {
  /** Default `false`. */
  runAndTerminate?: boolean | undefined;
  /** Default `false`. */
  buffering?: boolean | undefined;
  /** Default `500` (pycti keeps 500.0 until the first buffering check, whatever the config). */
  queueThreshold?: number | undefined;
  /** Default `0`. */
  queueMessagesSize?: number | undefined;
  /** Default `null`. */
  nextRunDatetime?: string | null | undefined;
  /** Default `null`. */
  lastRunDatetime?: string | null | undefined;
}

// The platform's DateTime scalar takes RFC 3339 date-times; pycti writes the `...Z` form.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

function checkBoolean(field: string, value: unknown): boolean {
  if (typeof value !== "boolean") {
    throw new TypeError(`Cannot set ConnectorInfo.${field}: expected a boolean, got ${value}`);
  }
  return value;
}

function checkNumber(field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    // GraphQL `Float!` has no NaN or Infinity: such a value would make every ping fail.
    throw new RangeError(
      `Cannot set ConnectorInfo.${field}: expected a finite number, got ${value}`,
    );
  }
  return value;
}

function checkDatetime(field: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value !== "string" || !DATE_TIME.test(value) || Number.isNaN(Date.parse(value))) {
    throw new TypeError(
      `Cannot set ConnectorInfo.${field}: expected null or a date-time such as ` +
        `"2024-01-15T11:30:00Z", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * pycti's `ConnectorInfo`: what the connector reports about its scheduling and queue with
 * every ping. Each field has a getter and a validating setter (a value the platform's
 * `ConnectorInfoInput` would reject throws here, at the call site, instead of failing every
 * later ping); {@linkcode ConnectorInfo.allDetails} (also `toJSON()`) is exactly the object the
 * ping sends.
 *
 * The scheduler (`scheduleIso` and friends in `schedule/`) writes `runAndTerminate`,
 * `nextRunDatetime` and `lastRunDatetime`; the buffering check writes `buffering`,
 * `queueThreshold` and `queueMessagesSize`.
 *
 * @example
 * ```ts
 * import { ConnectorInfo } from "@octi/connector/helper";
 * import assert from "node:assert/strict";
 *
 * const info = new ConnectorInfo();
 * info.nextRunDatetime = "2024-01-15T11:30:00Z";
 * assert.deepEqual(info.allDetails, {
 *   run_and_terminate: false,
 *   buffering: false,
 *   queue_threshold: 500,
 *   queue_messages_size: 0,
 *   next_run_datetime: "2024-01-15T11:30:00Z",
 *   last_run_datetime: null,
 * });
 * ```
 */
export class ConnectorInfo {
  #runAndTerminate: boolean;
  #buffering: boolean;
  #queueThreshold: number;
  #queueMessagesSize: number;
  #nextRunDatetime: string | null;
  #lastRunDatetime: string | null;

  /**
   * Creates the record with pycti's initial values, or the given ones.
   *
   * @throws {TypeError} For a non-boolean flag or a malformed date-time.
   * @throws {RangeError} For a size or threshold that is not a finite number.
   */
  constructor(init: ConnectorInfoInit = {}) {
    this.#runAndTerminate = checkBoolean("runAndTerminate", init.runAndTerminate ?? false);
    this.#buffering = checkBoolean("buffering", init.buffering ?? false);
    this.#queueThreshold = checkNumber("queueThreshold", init.queueThreshold ?? 500);
    this.#queueMessagesSize = checkNumber("queueMessagesSize", init.queueMessagesSize ?? 0);
    this.#nextRunDatetime = checkDatetime("nextRunDatetime", init.nextRunDatetime ?? null);
    this.#lastRunDatetime = checkDatetime("lastRunDatetime", init.lastRunDatetime ?? null);
  }

  /** `run_and_terminate`: set when a run-and-terminate run starts. */
  get runAndTerminate(): boolean {
    return this.#runAndTerminate;
  }
  set runAndTerminate(value: boolean) {
    this.#runAndTerminate = checkBoolean("runAndTerminate", value);
  }

  /** `buffering`: the result of the last buffering check. */
  get buffering(): boolean {
    return this.#buffering;
  }
  set buffering(value: boolean) {
    this.#buffering = checkBoolean("buffering", value);
  }

  /** `queue_threshold` in MB. */
  get queueThreshold(): number {
    return this.#queueThreshold;
  }
  set queueThreshold(value: number) {
    this.#queueThreshold = checkNumber("queueThreshold", value);
  }

  /** `queue_messages_size` in MB (10^6 bytes). */
  get queueMessagesSize(): number {
    return this.#queueMessagesSize;
  }
  set queueMessagesSize(value: number) {
    this.#queueMessagesSize = checkNumber("queueMessagesSize", value);
  }

  /** `next_run_datetime`, `YYYY-MM-DDTHH:MM:SSZ` (UTC) or null. */
  get nextRunDatetime(): string | null {
    return this.#nextRunDatetime;
  }
  set nextRunDatetime(value: string | null) {
    this.#nextRunDatetime = checkDatetime("nextRunDatetime", value);
  }

  /** `last_run_datetime`, `YYYY-MM-DDTHH:MM:SSZ` (UTC) or null. */
  get lastRunDatetime(): string | null {
    return this.#lastRunDatetime;
  }
  set lastRunDatetime(value: string | null) {
    this.#lastRunDatetime = checkDatetime("lastRunDatetime", value);
  }

  /** pycti's `all_details`: a fresh copy of the record as the ping sends it. */
  get allDetails(): ConnectorInfoDetails {
    return {
      run_and_terminate: this.#runAndTerminate,
      buffering: this.#buffering,
      queue_threshold: this.#queueThreshold,
      queue_messages_size: this.#queueMessagesSize,
      next_run_datetime: this.#nextRunDatetime,
      last_run_datetime: this.#lastRunDatetime,
    };
  }

  /** Same as {@linkcode ConnectorInfo.allDetails}, so `JSON.stringify(info)` gives the ping's value. */
  toJSON(): ConnectorInfoDetails {
    return this.allDetails;
  }
}
