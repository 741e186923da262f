/**
 * Settings of a jittered exponential backoff ({@linkcode backoffDelay}).
 *
 * @example
 * ```ts
 * import { backoffDelay, type BackoffOptions } from "@octi/connector/core";
 * const reconnect: BackoffOptions = { initialMs: 1_000, maxMs: 60_000 };
 * const ms = backoffDelay(0, reconnect);
 * if (ms < 500 || ms >= 1_000) throw new Error(String(ms));
 * ```
 */
export interface BackoffOptions {
  /** Delay before the first retry, in ms. Default 500. */
  initialMs?: number | undefined;
  /** Upper bound of any delay, in ms. Default 30 000. */
  maxMs?: number | undefined;
  /** Growth per attempt. Default 2. */
  factor?: number | undefined;
  /** Random source in [0, 1); defaults to `Math.random`. */
  random?: (() => number) | undefined;
}

/**
 * The delay before retry number `attempt` (0-based): "equal jitter", i.e. half the capped
 * exponential delay plus a random share of the other half, so retries never bunch up yet
 * never drop to zero.
 *
 * @example
 * ```ts
 * import { backoffDelay } from "@octi/connector/core";
 * const ms: number = backoffDelay(3, { initialMs: 100, maxMs: 1_000, random: () => 0 });
 * // 100 * 2 ** 3 = 800, half of it fixed: 400
 * if (ms !== 400) throw new Error(String(ms));
 * ```
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialMs = 500, maxMs = 30_000, factor = 2, random = Math.random } = options;
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(
      `Cannot compute backoff: attempt must be a non-negative integer, got ${attempt}`,
    );
  }
  const capped = Math.min(maxMs, initialMs * factor ** attempt);
  return capped / 2 + random() * (capped / 2);
}
