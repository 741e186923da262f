import { type Clock, systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { sleep } from "../core/sleep.ts";
import type { StreamCallback, StreamConsumer } from "./stream_consumer.ts";

/** Options for {@linkcode createRateLimiter}. */
export interface RateLimiterOptions {
  /** Time source of the sliding window and the waits. */
  clock?: Clock | undefined;
  /** Logger (pycti's messages). */
  logger?: Logger | undefined;
}

/**
 * pycti's `RateLimiter`: at most `maxPerMinute` calls in any sliding 60-second window.
 * Calls are served one at a time, in call order.
 */
export interface RateLimiter {
  /** The configured limit. */
  readonly maxPerMinute: number;
  /**
   * Waits until one more call fits in the window, then records it. Resolves with the wait
   * that was needed, in seconds (`0` when none; the computed wait even if `stop()` cut it
   * short).
   */
  waitIfNeeded(): Promise<number>;
  /**
   * Wraps a callback or consumer so each event first waits for the limiter (pycti's
   * `RateLimitedCallback`). `managesState` and `attach` pass through; `stop()` stops the
   * limiter, then the wrapped consumer.
   */
  wrap(callback: StreamCallback | StreamConsumer): StreamConsumer;
  /** Ends every wait at once; later calls no longer wait. */
  stop(): void;
}

const WINDOW_MS = 60_000;

/**
 * Creates a {@linkcode RateLimiter} after pycti's checks, in pycti's order: an integer
 * (booleans refused, unlike Python), greater than 0; above 10 000 only a warning.
 *
 * Deviation from pycti: the wait is computed from the call that leaves the window last for
 * the limit to hold (`timestamps[length - max]`), not always from the oldest, which let extra
 * calls through when the oldest sat exactly on the window's edge.
 *
 * @example Three calls per minute on a fake clock
 * ```ts
 * import { createRateLimiter } from "@octi/connector/stream";
 * import { FakeClock } from "@octi/connector/testing";
 *
 * const clock = new FakeClock(0);
 * const limiter = createRateLimiter(3, { clock });
 * for (let i = 0; i < 3; i++) await limiter.waitIfNeeded();
 * const fourth = limiter.waitIfNeeded();
 * await clock.tick(60_000);
 * if (await fourth !== 60) throw new Error("expected a 60 s wait");
 * ```
 */
export function createRateLimiter(
  maxPerMinute: number,
  options: RateLimiterOptions = {},
): RateLimiter {
  const logger = options.logger ?? silentLogger;
  if (typeof maxPerMinute !== "number" || !Number.isInteger(maxPerMinute)) {
    throw new TypeError(`max_per_minute must be an integer, got ${String(maxPerMinute)}`);
  }
  if (maxPerMinute <= 0) {
    throw new RangeError(`max_per_minute must be > 0, got ${maxPerMinute}`);
  }
  if (maxPerMinute > 10_000) {
    logger.warning("Very high max_per_minute configured", { max_per_minute: maxPerMinute });
  }
  logger.info("Rate limiter created", { max_per_minute: maxPerMinute });
  return new SlidingWindowLimiter(maxPerMinute, options.clock ?? systemClock, logger);
}

class SlidingWindowLimiter implements RateLimiter {
  readonly maxPerMinute: number;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #stopped = new AbortController();
  #timestamps: number[] = [];
  #queue: Promise<unknown> = Promise.resolve();

  constructor(maxPerMinute: number, clock: Clock, logger: Logger) {
    this.maxPerMinute = maxPerMinute;
    this.#clock = clock;
    this.#logger = logger;
  }

  waitIfNeeded(): Promise<number> {
    const turn = this.#queue.then(() => this.#take());
    this.#queue = turn.catch(() => {});
    return turn;
  }

  wrap(callback: StreamCallback | StreamConsumer): StreamConsumer {
    const inner: StreamConsumer = typeof callback === "function" ? { handle: callback } : callback;
    const consumer: StreamConsumer = {
      managesState: inner.managesState === true,
      handle: async (event) => {
        await this.waitIfNeeded();
        return await inner.handle(event);
      },
      stop: async () => {
        this.stop();
        await inner.stop?.();
      },
    };
    if (inner.attach) consumer.attach = (context) => inner.attach?.(context);
    return consumer;
  }

  stop(): void {
    this.#stopped.abort();
  }

  async #take(): Promise<number> {
    this.#evict(this.#clock.now());
    let wait = 0;
    const { length } = this.#timestamps;
    if (length >= this.maxPerMinute) {
      const limiting = this.#timestamps[length - this.maxPerMinute]!;
      wait = (WINDOW_MS - (this.#clock.now() - limiting)) / 1000;
      if (wait > 0 && !this.#stopped.signal.aborted) {
        this.#logger.info("Rate limit reached, delaying", {
          wait_seconds: Math.round(wait * 100) / 100,
        });
        try {
          await sleep(wait * 1000, { clock: this.#clock, signal: this.#stopped.signal });
        } catch {
          // stop() ends the wait; the call goes through, as in pycti.
        }
        this.#evict(this.#clock.now());
      }
    }
    this.#timestamps.push(this.#clock.now());
    return Math.max(0, wait);
  }

  /** Drops calls strictly older than the window (one exactly 60 s old stays, as pycti). */
  #evict(now: number): void {
    const limit = now - WINDOW_MS;
    let drop = 0;
    while (drop < this.#timestamps.length && this.#timestamps[drop]! < limit) drop++;
    if (drop > 0) this.#timestamps.splice(0, drop);
  }
}
