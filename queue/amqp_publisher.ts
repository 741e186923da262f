import type { ChannelModel, ConfirmChannel, Message } from "amqplib";
import { Buffer } from "node:buffer";
import { backoffDelay } from "../core/backoff_delay.ts";
import type { Clock } from "../core/clock.ts";
import { systemClock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import { sleep } from "../core/sleep.ts";
import { openAmqpConnection } from "./_amqp_connect.ts";
import type { MqConnectionConfig } from "../config/apply_mq_overrides.ts";
import type { NodeTlsSocketOptions } from "../tls/to_node_tls_options.ts";
import { AmqpPublishError } from "./amqp_publish_error.ts";

/**
 * Options of {@linkcode AmqpPublisher}.
 *
 * @example
 * ```ts
 * import { AmqpPublisher, type AmqpPublisherOptions } from "@octi/connector/queue";
 * const options: AmqpPublisherOptions = {
 *   connection: {
 *     host: "rabbitmq",
 *     port: 5672,
 *     vhost: "/",
 *     use_ssl: false,
 *     user: "opencti",
 *     pass: "secret",
 *   },
 *   exchange: "amqp.worker.exchange",
 *   routingKey: "push_routing_5d3c6d2f-6a3f-4f5d-9d1e-0e8a3a6f2b11",
 *   window: 128,
 * };
 * const publisher = new AmqpPublisher(options); // connects on connect() or the first publish
 * ```
 */
export interface AmqpPublisherOptions {
  /** Broker connection: the registration's `config.connection` after `applyMqOverrides`. */
  connection: MqConnectionConfig;
  /** TLS socket options when `use_ssl` (`toNodeTlsOptions(mqTlsOptions(...))`). */
  tls?: NodeTlsSocketOptions | undefined;
  /** AMQP heartbeat in seconds; default 10, as pycti. */
  heartbeatSec?: number | undefined;
  /** Exchange to publish to: the registration's `config.push_exchange`. */
  exchange: string;
  /** Routing key: the registration's `config.push_routing`. */
  routingKey: string;
  /** Most messages awaiting their confirm at once; default 256. */
  window?: number | undefined;
  /**
   * Most bytes awaiting their confirm at once (at least one message is always sent); default
   * 64 MiB. Together with `window` it bounds the memory held for retries and socket buffers.
   */
  maxInFlightBytes?: number | undefined;
  /**
   * Tries per message (nacked, returned, or unconfirmed when the channel was lost) and
   * connection attempts in a row before the call fails; default 5. pycti retries forever.
   */
  maxAttempts?: number | undefined;
  /** First retry delay (jittered, doubling); default 1 000 ms. */
  retryInitialMs?: number | undefined;
  /** Longest retry delay; default 10 000 ms (pycti's flat retry delay). */
  retryMaxMs?: number | undefined;
  /**
   * Publish as `mandatory`, so an unroutable message comes back and is retried instead of
   * being silently dropped; default true (pycti: false).
   */
  mandatory?: boolean | undefined;
  /** Connection name shown by the broker; default `"octi-connector push <routingKey>"`. */
  connectionName?: string | undefined;
  /** Logger; default silent. */
  logger?: Logger | undefined;
  /** Time source for retry delays. */
  clock?: Clock | undefined;
  /** Random source for the retry jitter; default `Math.random`. */
  random?: (() => number) | undefined;
}

/**
 * Messages read lazily by index, so large sends never hold every body at once.
 *
 * @example
 * ```ts
 * import { type AmqpMessageSource, buildQueueBundleMessage } from "@octi/connector/queue";
 * const chunks = ['{"type": "bundle", "objects": []}', '{"type": "bundle", "objects": []}'];
 * const source: AmqpMessageSource = {
 *   length: chunks.length,
 *   body: (i) => buildQueueBundleMessage(chunks[i]!, { applicantId: null, actionSequence: i + 1 }),
 * };
 * ```
 */
export interface AmqpMessageSource {
  /** Number of messages. */
  readonly length: number;
  /** The body of message `index`; called once per message, when it is first published. */
  body(index: number): Uint8Array;
}

/**
 * Per-call options of {@linkcode AmqpPublisher.publish}.
 *
 * @example
 * ```ts
 * import type { AmqpPublishOptions } from "@octi/connector/queue";
 * const shutdown = new AbortController();
 * const options: AmqpPublishOptions = { signal: shutdown.signal };
 * ```
 */
export interface AmqpPublishOptions {
  /** Aborting stops publishing; the call then fails with {@linkcode AmqpPublishError}. */
  signal?: AbortSignal | undefined;
}

/**
 * The outcome of a successful {@linkcode AmqpPublisher.publish}: every message confirmed.
 *
 * @example
 * ```ts
 * import type { AmqpPublishResult } from "@octi/connector/queue";
 * const wentSmoothly = (result: AmqpPublishResult): boolean => result.retries === 0;
 * ```
 */
export interface AmqpPublishResult {
  /** Number of messages published and confirmed by the broker. */
  confirmed: number;
  /** Number of re-publications needed (nacks, returns, lost channels). */
  retries: number;
}

interface Entry {
  index: number;
  body: Buffer;
  attempts: number;
  returned: boolean;
}

const PROPERTIES = { deliveryMode: 2, contentEncoding: "utf-8" } as const;

function toBuffer(body: Uint8Array): Buffer {
  return Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Publishes messages to one exchange/routing key with publisher confirms, over ONE long-lived
 * connection and confirm channel reused by every call (re-opened only after a loss).
 * Confirms are pipelined within a bounded window; a nacked or returned message, or one left
 * unconfirmed by a lost channel, is re-published after a jittered backoff, up to
 * `maxAttempts`; then the call fails with an {@linkcode AmqpPublishError} listing the confirmed
 * messages. Properties are pycti's: `delivery_mode` 2, `content_encoding` utf-8. Calls run one
 * after another.
 *
 * Delivery: at-least-once per confirmed message; a retry after a lost confirm may duplicate a
 * message (the platform's worker ingests duplicates idempotently).
 *
 * @example Publish one chunk to a connector's push queue (the emulator's worker ingests it)
 * ```ts
 * import { OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { AmqpPublisher, buildQueueBundleMessage } from "@octi/connector/queue";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator({
 *   amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
 * });
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { config } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * await using publisher = new AmqpPublisher({
 *   connection: config.connection,
 *   exchange: config.push_exchange,
 *   routingKey: config.push_routing,
 * });
 * const chunk = '{"type": "bundle", "id": "bundle--1", "objects": []}';
 * const result = await publisher.publish([
 *   buildQueueBundleMessage(chunk, { applicantId: null, actionSequence: 1 }),
 * ]);
 * if (result.confirmed !== 1) throw new Error();
 * await emulator.waitFor(() => emulator.state.pushedBundles.length === 1);
 * ```
 */
export class AmqpPublisher {
  #options: AmqpPublisherOptions;
  #logger: Logger;
  #clock: Clock;
  #connection: ChannelModel | undefined;
  #channel: ConfirmChannel | undefined;
  #opening: Promise<ConfirmChannel> | undefined;
  #pending = new Set<Entry>();
  #tail: Promise<unknown> = Promise.resolve();
  #closed = false;

  /** Creates a publisher; it connects on {@linkcode AmqpPublisher.connect} or first publish. */
  constructor(options: AmqpPublisherOptions) {
    if (options.window !== undefined && !(Number.isInteger(options.window) && options.window > 0)) {
      throw new RangeError(`Cannot use window ${options.window}: expected a positive integer`);
    }
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#clock = options.clock ?? systemClock;
  }

  /** Opens the connection and confirm channel now (otherwise the first publish does). */
  async connect(): Promise<void> {
    await this.#ensureChannel();
  }

  /**
   * Publishes every message and resolves once the broker confirmed all of them.
   *
   * @throws {AmqpPublishError} with the confirmed indexes when retries are exhausted, the
   * broker is unreachable, the call is aborted or the publisher is closed.
   */
  publish(
    messages: readonly Uint8Array[] | AmqpMessageSource,
    options: AmqpPublishOptions = {},
  ): Promise<AmqpPublishResult> {
    const source: AmqpMessageSource = Array.isArray(messages)
      ? { length: messages.length, body: (i) => (messages as readonly Uint8Array[])[i]! }
      : messages as AmqpMessageSource;
    const run = this.#tail.then(() => this.#publishAll(source, options.signal));
    this.#tail = run.catch(() => {});
    return run;
  }

  /** Waits for running publish calls, then closes the channel and connection. */
  async close(): Promise<void> {
    if (this.#closed) return;
    await this.#tail;
    this.#closed = true;
    await this.#opening?.catch(() => {});
    const connection = this.#connection;
    this.#connection = undefined;
    this.#channel = undefined;
    await connection?.close().catch(() => {});
  }

  /** Same as {@linkcode AmqpPublisher.close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #ensureChannel(): Promise<ConfirmChannel> {
    if (this.#closed) return Promise.reject(new Error("the publisher is closed"));
    if (this.#channel) return Promise.resolve(this.#channel);
    this.#opening ??= this.#open().finally(() => this.#opening = undefined);
    return this.#opening;
  }

  async #open(): Promise<ConfirmChannel> {
    const { routingKey } = this.#options;
    const connection = await openAmqpConnection({
      connection: this.#options.connection,
      tls: this.#options.tls,
      heartbeatSec: this.#options.heartbeatSec,
      name: this.#options.connectionName ?? `octi-connector push ${routingKey}`,
    });
    connection.on(
      "error",
      (error: Error) =>
        this.#logger.warning("Publisher connection error", { error: error.message }),
    );
    connection.on("close", () => {
      if (this.#connection === connection) {
        this.#connection = undefined;
        this.#channel = undefined;
      }
    });
    connection.on(
      "blocked",
      (reason: string) =>
        this.#logger.warning("The broker blocked the publisher connection", { reason }),
    );
    try {
      const channel = await connection.createConfirmChannel();
      channel.on(
        "error",
        (error: Error) => this.#logger.warning("Publisher channel error", { error: error.message }),
      );
      channel.on("close", () => {
        if (this.#channel === channel) this.#channel = undefined;
        // The connection stays open; drop it too so the next call starts afresh.
        if (this.#connection === connection) {
          this.#connection = undefined;
          connection.close().catch(() => {});
        }
      });
      channel.on("return", (message: Message) => this.#onReturn(message));
      if (this.#closed) throw new Error("the publisher is closed");
      this.#connection = connection;
      this.#channel = channel;
      return channel;
    } catch (error) {
      await connection.close().catch(() => {});
      throw error;
    }
  }

  // RabbitMQ sends basic.return before the basic.ack of the same message, so marking the entry
  // here makes its (positive) confirm count as a failure.
  #onReturn(message: Message): void {
    for (const entry of this.#pending) {
      if (!entry.returned && entry.body.equals(message.content)) {
        entry.returned = true;
        this.#logger.warning("The broker returned a message as unroutable", {
          exchange: message.fields.exchange,
          routing_key: message.fields.routingKey,
          reply_text: (message.fields as { replyText?: string }).replyText,
        });
        return;
      }
    }
  }

  async #publishAll(
    source: AmqpMessageSource,
    signal: AbortSignal | undefined,
  ): Promise<AmqpPublishResult> {
    const window = this.#options.window ?? 256;
    const maxBytes = this.#options.maxInFlightBytes ?? 64 * 1024 * 1024;
    const maxAttempts = this.#options.maxAttempts ?? 5;
    const mandatory = this.#options.mandatory ?? true;
    const { exchange, routingKey } = this.#options;
    const retryAbort = new AbortController();
    const confirmed: number[] = [];
    const ready: Entry[] = [];
    let next = 0;
    let inFlight = 0;
    let sleeping = 0;
    let retries = 0;
    let connectFailures = 0;
    let failure: { reason: string; cause: unknown } | undefined;
    let inFlightBytes = 0;
    let dirty = false;
    let wake = () => {};
    const notify = () => {
      dirty = true;
      wake();
    };
    const fail = (reason: string, cause: unknown) => {
      failure ??= { reason, cause };
      retryAbort.abort();
    };
    const later = (attempt: number, then: () => void) => {
      sleeping++;
      const delay = backoffDelay(attempt, {
        initialMs: this.#options.retryInitialMs ?? 1_000,
        maxMs: this.#options.retryMaxMs ?? 10_000,
        ...(this.#options.random ? { random: this.#options.random } : {}),
      });
      sleep(delay, { clock: this.#clock, signal: retryAbort.signal }).then(then, () => {})
        .finally(() => {
          sleeping--;
          notify();
        });
    };
    const onAbort = () => fail("Cannot publish: aborted", signal?.reason);
    signal?.addEventListener("abort", onAbort, { once: true });
    if (signal?.aborted) onAbort();

    const settle = (entry: Entry, error: unknown) => {
      inFlight--;
      inFlightBytes -= entry.body.byteLength;
      this.#pending.delete(entry);
      if (error === null && !entry.returned) {
        confirmed.push(entry.index);
      } else {
        const reason = entry.returned ? "returned as unroutable" : reasonOf(error);
        entry.returned = false;
        if (entry.attempts >= maxAttempts) {
          fail(
            `Cannot publish message ${entry.index} to "${exchange}" / "${routingKey}": ${reason} after ${entry.attempts} attempts`,
            error,
          );
        } else if (!failure) {
          retries++;
          this.#logger.error("Unable to send bundle, retry...", {
            index: entry.index,
            attempt: entry.attempts,
            reason,
          });
          later(entry.attempts - 1, () => ready.push(entry));
        }
      }
      notify();
    };

    try {
      for (;;) {
        dirty = false;
        while (
          !failure && inFlight < window && (inFlight === 0 || inFlightBytes < maxBytes) &&
          (ready.length > 0 || next < source.length)
        ) {
          let channel: ConfirmChannel;
          try {
            channel = this.#channel ?? await this.#ensureChannel();
            connectFailures = 0;
          } catch (error) {
            connectFailures++;
            if (this.#closed || connectFailures >= maxAttempts) {
              fail(`Cannot publish: cannot open the broker connection (${reasonOf(error)})`, error);
            } else {
              this.#logger.error("Cannot connect to the broker to publish, retrying", {
                attempt: connectFailures,
                error: reasonOf(error),
              });
              later(connectFailures - 1, () => {});
            }
            break;
          }
          if (failure) break;
          const entry = ready.shift() ??
            { index: next, body: toBuffer(source.body(next++)), attempts: 0, returned: false };
          entry.attempts++;
          inFlight++;
          this.#pending.add(entry);
          inFlightBytes += entry.body.byteLength;
          try {
            channel.publish(
              exchange,
              routingKey,
              entry.body,
              { ...PROPERTIES, mandatory },
              (error: unknown) => settle(entry, error),
            );
          } catch (error) {
            // The channel closed under us; the entry is retried on a new one.
            settle(entry, error);
            continue;
          }
        }
        const more = ready.length > 0 || next < source.length;
        if (inFlight === 0 && sleeping === 0 && (failure || !more)) break;
        if (!dirty) await new Promise<void>((resolve) => wake = resolve);
      }
    } finally {
      signal?.removeEventListener("abort", onAbort);
      retryAbort.abort();
    }
    if (failure) {
      throw new AmqpPublishError(failure.reason, {
        total: source.length,
        confirmedIndexes: confirmed.sort((a, b) => a - b),
        cause: failure.cause,
      });
    }
    return { confirmed: confirmed.length, retries };
  }
}
