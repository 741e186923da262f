/**
 * Cross-cutting primitives every other module takes: the {@linkcode Logger} (pycti's log
 * format, secrets redacted), the injectable {@linkcode Clock}, abortable {@linkcode sleep},
 * {@linkcode backoffDelay}, and pycti's ISO-8601 duration grammar
 * ({@linkcode parseIsoDuration}), shared by config/ and schedule/. A leaf: it imports nothing from the project.
 *
 * ## Differences from pycti's logger
 *
 * - Secrets given to {@linkcode createLogger} are replaced by `***` in every line (pycti logs
 *   what it is given).
 * - JSON lines are compact, non-ASCII characters unescaped (python-json-logger writes `", "`
 *   separators); the `timestamp` has millisecond precision written with six digits
 *   (`.123000Z`).
 * - `exc_info` is the JavaScript stack of the `Error` found in `meta` rather than a Python
 *   traceback; without one, JSON lines of `error()` carry pycti's `"NoneType: None"` while
 *   plain lines carry nothing.
 *
 * @example
 * ```ts
 * import { createLogger, sleep } from "@octi/connector/core";
 * const logger = createLogger({ name: "demo", level: "INFO", write: () => {} });
 * await sleep(1);
 * logger.info("slept");
 * ```
 *
 * @module
 */
export * from "./backoff_delay.ts";
export * from "./clock.ts";
export * from "./logger.ts";
export * from "./parse_iso_duration.ts";
export * from "./sleep.ts";
