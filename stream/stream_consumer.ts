import type { Logger } from "../core/logger.ts";
import type { StreamEvent } from "./stream_event.ts";

/**
 * A plain stream callback: called once per data event, in stream order, one at a time. The
 * stream position moves past the event only once the returned value (awaited when it is a
 * promise) has settled successfully; a throw stops the listener with a
 * {@linkcode LiveStreamError} and the event is delivered again on the next start.
 *
 * @example
 * ```ts
 * import type { StreamCallback } from "@octi/connector/stream";
 * const seen: string[] = [];
 * const callback: StreamCallback = (event) => {
 *   seen.push(`${event.type} ${event.data.data.id}`);
 * };
 * ```
 */
export type StreamCallback = (event: StreamEvent) => unknown;

/**
 * What the listener hands a {@linkcode StreamConsumer} that manages the position itself
 * (pycti's `manages_state`), e.g. a batch wrapper that processes events later.
 *
 * @example
 * ```ts
 * import type { StreamConsumer, StreamConsumerContext, StreamEvent } from "@octi/connector/stream";
 * // Processes events in pairs and only then lets the position move.
 * let context: StreamConsumerContext | undefined;
 * const held: StreamEvent[] = [];
 * const pairs: StreamConsumer = {
 *   managesState: true,
 *   attach: (ctx) => context = ctx,
 *   handle(event) {
 *     held.push(event);
 *     if (held.length === 2) context?.commit(held.splice(0)[1]!);
 *   },
 * };
 * ```
 */
export interface StreamConsumerContext {
  /**
   * Declares `event`, and every event delivered before it, processed: the saved position may
   * now move to it (and past any heartbeat that followed it). Commits must come in delivery
   * order; a commit for an event the listener no longer tracks (after a state reset) is
   * ignored.
   */
  commit(event: StreamEvent): void;
  /** Reports a failure outside `handle` (e.g. in a batch): the listener stops with it. */
  fail(error: unknown): void;
  /** The listener's logger. */
  logger: Logger;
}

/**
 * A stream callback as an object, for consumers that need a lifecycle: the batch and
 * rate-limit wrappers implement it, and so can user code.
 *
 * - Without `managesState`, an event counts as processed when `handle` settles.
 * - With `managesState: true`, `handle` only accepts the event; the consumer calls
 *   {@linkcode StreamConsumerContext.commit} once it is really processed. Until then the
 *   position never moves past it, not even on heartbeats (unlike pycti, where heartbeats
 *   move it past events still waiting in a batch).
 *
 * @example
 * ```ts
 * import type { StreamConsumer } from "@octi/connector/stream";
 * let count = 0;
 * const counter: StreamConsumer = {
 *   handle: () => {
 *     count++;
 *   },
 *   stop: () => Promise.resolve(),
 * };
 * ```
 */
export interface StreamConsumer {
  /** Receives one data event; the listener awaits it before reading the next one. */
  handle(event: StreamEvent): unknown;
  /** True when the consumer commits positions itself through its context. */
  readonly managesState?: boolean | undefined;
  /** Called once by the listener before the first event. */
  attach?(context: StreamConsumerContext): void;
  /** Called once when the listener stops: flush what is pending, then resolve. */
  stop?(): Promise<void>;
}
