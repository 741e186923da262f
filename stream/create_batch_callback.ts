import { type Clock, systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { createRateLimiter } from "./create_rate_limiter.ts";
import type { StreamConsumer, StreamConsumerContext } from "./stream_consumer.ts";
import type { StreamEvent } from "./stream_event.ts";

/** Why a batch was cut: it was full, its window ran out, or the listener stopped. */
export type BatchTriggerReason = "size_limit" | "timeout" | "shutdown";

/** pycti's `batch_metadata`, key for key. */
export interface BatchMetadata {
  /** Number of events in this batch. */
  batch_size: number;
  /** What cut the batch. */
  trigger_reason: BatchTriggerReason;
  /** Seconds between the batch window's start and the cut. */
  elapsed_time: number;
  /** Unix time of the cut, in seconds (float). */
  timestamp: number;
}

/** What a batch callback receives (pycti's `{"events": …, "batch_metadata": …}`). */
export interface StreamBatch {
  /** The events, in stream order. */
  events: StreamEvent[];
  /** How and when the batch was cut. */
  batch_metadata: BatchMetadata;
}

/** A function that processes one batch; the stream position moves past it once it resolves. */
export type BatchCallback = (batch: StreamBatch) => unknown;

/** Options for {@linkcode createBatchCallback}, as pycti's parameters (at least one of the first two). */
export interface BatchCallbackOptions {
  /** Maximum events per batch (a strict cap); a full batch is processed at once. */
  batchSize?: number | null | undefined;
  /** Seconds after the first buffered event when a partial batch is processed anyway. */
  batchTimeout?: number | null | undefined;
  /** Also limit batch executions to this many per minute (see {@linkcode createRateLimiter}). */
  maxPerMinute?: number | null | undefined;
  /** Time source of the timeout, the metadata and the rate limit. */
  clock?: Clock | undefined;
  /** Logger (pycti's messages). */
  logger?: Logger | undefined;
}

/** The stream consumer returned by {@linkcode createBatchCallback}. */
export interface BatchCallbackWrapper extends StreamConsumer {
  /** Always true: the wrapper commits the position after each successful batch. */
  readonly managesState: true;
  /** Events buffered and not yet handed to the batch callback. */
  readonly pending: number;
  /** Buffers one event; waits while a full batch is already waiting behind a running one. */
  handle(event: StreamEvent): Promise<void>;
  /** Receives the listener's context (commits after each batch, failures). */
  attach(context: StreamConsumerContext): void;
  /** Processes everything still buffered (`"shutdown"`), then resolves; rejects if a batch failed. */
  stop(): Promise<void>;
}

/**
 * Groups stream events into batches for `callback` (pycti's `create_batch_callback` and
 * `BatchCallbackWrapper`): a batch is cut when it holds `batchSize` events (`"size_limit"`),
 * when `batchTimeout` seconds passed since its first event (`"timeout"`; the rest of a cut
 * buffer starts a fresh window), and on stop (`"shutdown"`). Batches run one at a time, in
 * order; the position is committed to the event ending each successful batch.
 *
 * Differences from pycti, all on purpose: the timeout fires on time instead of by a 0.3 s
 * poll; the position never moves past buffered events, even on heartbeats; when a full batch
 * is already waiting, `handle` waits for room instead of buffering without bound (the socket
 * is then not read, which the watchdog does not count); and a failing batch stops the listener
 * with the error (pycti's timer thread dies silently and the buffer grows forever).
 *
 * @example Batches of two
 * ```ts
 * import { createBatchCallback, type StreamBatch, type StreamEvent } from "@octi/connector/stream";
 * const batches: StreamBatch[] = [];
 * const wrapper = createBatchCallback((batch) => void batches.push(batch), { batchSize: 2 });
 * const event = (n: number): StreamEvent => ({
 *   type: "create",
 *   id: `1700000000000-${n}`,
 *   data: { version: "4", data: { id: `x--${n}`, type: "x" }, message: "", origin: {} },
 * });
 * for (const n of [0, 1, 2]) await wrapper.handle(event(n));
 * await wrapper.stop();
 * const reasons = batches.map((b) => `${b.batch_metadata.batch_size}:${b.batch_metadata.trigger_reason}`);
 * if (reasons.join() !== "2:size_limit,1:shutdown") throw new Error(reasons.join());
 * ```
 */
export function createBatchCallback(
  callback: BatchCallback,
  options: BatchCallbackOptions,
): BatchCallbackWrapper {
  const { batchSize = null, batchTimeout = null, maxPerMinute = null } = options;
  if (batchSize === null && batchTimeout === null) {
    throw new TypeError("At least one of batch_size or batch_timeout must be specified");
  }
  if (batchSize !== null) {
    if (typeof batchSize !== "number" || !Number.isInteger(batchSize)) {
      throw new TypeError(`batch_size must be an integer, got ${String(batchSize)}`);
    }
    if (batchSize <= 0) throw new RangeError(`batch_size must be > 0, got ${batchSize}`);
  }
  if (batchTimeout !== null) {
    if (typeof batchTimeout !== "number" || Number.isNaN(batchTimeout)) {
      throw new TypeError(`batch_timeout must be a number, got ${String(batchTimeout)}`);
    }
    if (batchTimeout <= 0) throw new RangeError(`batch_timeout must be > 0, got ${batchTimeout}`);
  }
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? silentLogger;
  let run = callback;
  if (maxPerMinute !== null) {
    const limiter = createRateLimiter(maxPerMinute, { clock, logger });
    run = async (batch) => {
      await limiter.waitIfNeeded();
      return await callback(batch);
    };
  }
  return new Batcher(run, batchSize, batchTimeout, clock, logger);
}

// The longest delay a timer holds (about 24.8 days).
const MAX_TIMER_MS = 2 ** 31 - 1;

class Batcher implements BatchCallbackWrapper {
  readonly managesState = true;
  readonly #callback: BatchCallback;
  readonly #size: number | null;
  readonly #timeoutMs: number | null;
  readonly #clock: Clock;
  readonly #logger: Logger;
  #buffer: StreamEvent[] = [];
  #windowStart: number | null = null;
  #timer: number | null = null;
  #draining: Promise<void> | null = null;
  #stopping = false;
  #failure: { error: unknown } | null = null;
  #context: StreamConsumerContext | null = null;
  #roomWaiters: Array<() => void> = [];

  constructor(
    callback: BatchCallback,
    size: number | null,
    timeoutSeconds: number | null,
    clock: Clock,
    logger: Logger,
  ) {
    this.#callback = callback;
    this.#size = size;
    this.#timeoutMs = timeoutSeconds === null ? null : timeoutSeconds * 1000;
    this.#clock = clock;
    this.#logger = logger;
  }

  get pending(): number {
    return this.#buffer.length;
  }

  attach(context: StreamConsumerContext): void {
    this.#context = context;
  }

  async handle(event: StreamEvent): Promise<void> {
    if (this.#failure) throw this.#failure.error;
    if (this.#stopping) {
      throw new TypeError(`Cannot buffer stream event ${event.id}: the batch callback is stopped`);
    }
    this.#windowStart ??= this.#clock.now();
    this.#buffer.push(event);
    if (this.#isFull()) this.#drain();
    else this.#armTimer();
    // Room for one full batch behind the one running: beyond that, wait (backpressure).
    while (this.#size !== null && this.#buffer.length > this.#size && !this.#failure) {
      await new Promise<void>((resolve) => this.#roomWaiters.push(resolve));
    }
    // TypeScript narrows #failure to null above and cannot see the await reset it.
    const failure = this.#failure as { error: unknown } | null;
    if (failure) throw failure.error;
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    this.#clearTimer();
    while (this.#draining || (this.#buffer.length > 0 && !this.#failure)) {
      this.#drain();
      await this.#draining;
    }
    if (this.#failure) throw this.#failure.error;
  }

  #isFull(): boolean {
    return this.#size !== null && this.#buffer.length >= this.#size;
  }

  #armTimer(): void {
    if (this.#timeoutMs === null || this.#timer !== null || this.#windowStart === null) return;
    const due = this.#windowStart + this.#timeoutMs - this.#clock.now();
    // A longer delay would overflow the timer and fire at once, over and over; an early
    // wake-up finds nothing due and arms again for the rest.
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = null;
      this.#drain();
    }, Math.min(due, MAX_TIMER_MS));
  }

  #clearTimer(): void {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Starts the single drain loop unless it runs already. */
  #drain(): void {
    if (this.#draining || this.#failure) return;
    this.#draining = this.#drainLoop().finally(() => {
      this.#draining = null;
      if (!this.#stopping && !this.#failure) this.#armTimer();
    });
  }

  async #drainLoop(): Promise<void> {
    for (;;) {
      const reason = this.#dueReason();
      if (reason === null) return;
      this.#clearTimer();
      const batch = this.#extract(reason);
      this.#wakeRoomWaiters();
      try {
        await this.#callback(batch);
      } catch (error) {
        this.#logger.error("Batch callback failed", {
          error: error instanceof Error ? error.message : String(error),
          error_type: error instanceof Error ? error.name : typeof error,
          batch_size: batch.batch_metadata.batch_size,
          trigger_reason: reason,
        });
        this.#failure = { error };
        this.#wakeRoomWaiters();
        this.#context?.fail(error);
        return;
      }
      this.#context?.commit(batch.events[batch.events.length - 1]!);
    }
  }

  #dueReason(): BatchTriggerReason | null {
    if (this.#buffer.length === 0) return null;
    if (this.#stopping) return "shutdown";
    if (this.#isFull()) return "size_limit";
    if (
      this.#timeoutMs !== null && this.#windowStart !== null &&
      this.#clock.now() - this.#windowStart >= this.#timeoutMs
    ) return "timeout";
    return null;
  }

  #extract(reason: BatchTriggerReason): StreamBatch {
    const now = this.#clock.now();
    const count = this.#size === null
      ? this.#buffer.length
      : Math.min(this.#size, this.#buffer.length);
    const events = this.#buffer.splice(0, count);
    const elapsed = this.#windowStart === null ? 0 : (now - this.#windowStart) / 1000;
    this.#logger.info("Processing batch", {
      batch_size: count,
      elapsed_time: elapsed,
      trigger: reason,
    });
    // What stays behind gets a fresh timeout window, as in pycti.
    this.#windowStart = this.#buffer.length === 0 ? null : now;
    return {
      events,
      batch_metadata: {
        batch_size: count,
        trigger_reason: reason,
        elapsed_time: elapsed,
        timestamp: now / 1000,
      },
    };
  }

  #wakeRoomWaiters(): void {
    const waiters = this.#roomWaiters;
    this.#roomWaiters = [];
    for (const wake of waiters) wake();
  }
}
