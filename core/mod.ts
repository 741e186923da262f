/**
 * Cross-cutting primitives every other module takes: the {@linkcode Logger} (pycti's log
 * format, secrets redacted), the injectable {@linkcode Clock}, abortable {@linkcode sleep}
 * and {@linkcode backoffDelay}. A leaf: it imports nothing from the project.
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
export * from "./sleep.ts";
