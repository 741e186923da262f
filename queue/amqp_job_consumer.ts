import type { Channel, ChannelModel, ConsumeMessage } from "amqplib";
import { backoffDelay } from "../core/backoff_delay.ts";
import type { Clock } from "../core/clock.ts";
import { systemClock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import { sleep } from "../core/sleep.ts";
import { openAmqpConnection } from "./_amqp_connect.ts";
import type { MqConnectionConfig } from "../config/apply_mq_overrides.ts";
import type { NodeTlsSocketOptions } from "../tls/to_node_tls_options.ts";
import type { JobRunner } from "./job_handler.ts";
import { type ConnectorJobMessage, parseJobMessage } from "./job_message.ts";

/**
 * When a job message is acknowledged.
 *
 * - `"before"` (default, pycti's): acked as soon as it is parsed, before the job runs:
 *   at-most-once — a crash mid-job loses the job, and a job that crashes the connector is not
 *   redelivered forever.
 * - `"after"`: acked once the job's outcome is decided (processed, or failed and reported):
 *   at-least-once — a crash or a lost connection mid-job redelivers it. With a quorum listen
 *   queue the broker's delivery limit bounds the redeliveries of a poison job. A job whose
 *   runner rejects is rejected without requeue.
 *
 * Either way a body that is not a job is rejected without requeue (dropped, or dead-lettered
 * when the queue has a dead-letter exchange), and a message prefetched but not started when
 * the consumer stops stays unacked, so the broker delivers it again.
 *
 * @example
 * ```ts
 * import type { JobAckMode } from "@octi/connector/queue";
 * // Redeliver a job whose connector crashed mid-job.
 * const ackMode: JobAckMode = "after";
 * ```
 */
export type JobAckMode = "before" | "after";

/**
 * Options of {@linkcode AmqpJobConsumer}.
 *
 * @example
 * ```ts
 * import { AmqpJobConsumer, type AmqpJobConsumerOptions } from "@octi/connector/queue";
 * const options: AmqpJobConsumerOptions = {
 *   connection: {
 *     host: "rabbitmq",
 *     port: 5672,
 *     vhost: "/",
 *     use_ssl: false,
 *     user: "opencti",
 *     pass: "secret",
 *   },
 *   queue: "listen_5d3c6d2f-6a3f-4f5d-9d1e-0e8a3a6f2b11",
 *   handler: { handle: async () => {} },
 *   ackMode: "after",
 * };
 * const consumer = new AmqpJobConsumer(options); // connects on start()
 * ```
 */
export interface AmqpJobConsumerOptions {
  /** Broker connection: the registration's `config.connection` after `applyMqOverrides`. */
  connection: MqConnectionConfig;
  /** TLS socket options when `use_ssl` (`toNodeTlsOptions(mqTlsOptions(...))`). */
  tls?: NodeTlsSocketOptions | undefined;
  /** AMQP heartbeat in seconds; default 10, as pycti. */
  heartbeatSec?: number | undefined;
  /** Queue to consume: the registration's `config.listen`. */
  queue: string;
  /** Runs each job. */
  handler: JobRunner;
  /** When messages are acked; default `"before"` (pycti's at-most-once). */
  ackMode?: JobAckMode | undefined;
  /** Work ping interval while a job runs; default 300 000 ms (pycti: about every 5 min). */
  workPingIntervalMs?: number | undefined;
  /** First reconnect delay; default 1 000 ms (jittered, doubling). pycti waits a flat 10 s. */
  reconnectInitialMs?: number | undefined;
  /** Longest reconnect delay; default 30 000 ms. */
  reconnectMaxMs?: number | undefined;
  /** How long {@linkcode AmqpJobConsumer.stop} waits for the running job; default 60 000 ms. */
  stopTimeoutMs?: number | undefined;
  /** Connection name shown by the broker; default `"octi-connector listen <queue>"`. */
  connectionName?: string | undefined;
  /** Logger; default silent. */
  logger?: Logger | undefined;
  /** Time source for reconnect delays, stop timeout and work pings. */
  clock?: Clock | undefined;
  /** Random source for the reconnect jitter; default `Math.random`. */
  random?: (() => number) | undefined;
  /** Aborting it stops the consumer as {@linkcode AmqpJobConsumer.stop} does. */
  signal?: AbortSignal | undefined;
}

interface Session {
  connection: ChannelModel;
  channel: Channel;
  consumerTag: string | undefined;
  lost: Promise<string>;
}

const utf8 = new TextDecoder();

// amqplib throws on ack/nack once the channel is gone; the message then goes back to the queue.
function settle(action: () => void): boolean {
  try {
    action();
    return true;
  } catch {
    return false;
  }
}

/**
 * Consumes the connector's listen queue and runs each job, one at a time (prefetch 1):
 * survives connection and channel loss by reconnecting with jittered backoff and consuming
 * again; never declares the queue (the platform owns the topology). A body that is not JSON or
 * not a job is logged with its size and the reason, and rejected without requeue: dropped, or
 * dead-lettered when the queue has a dead-letter exchange, so it never loops. Several consumers
 * on one queue share the jobs (competing consumers).
 *
 * @example Consume jobs the platform (here the test emulator) sends
 * ```ts
 * import { OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { AmqpJobConsumer, createWorkReporter, JobHandler } from "@octi/connector/queue";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator({
 *   amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
 * });
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id, config, connector_user_id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Exporter",
 *   type: "INTERNAL_EXPORT_FILE",
 * });
 * const handler = new JobHandler({
 *   connectorType: "INTERNAL_EXPORT_FILE",
 *   connectorUserId: connector_user_id,
 *   work: createWorkReporter(client),
 *   callback: (event) => `exported ${event.entity_id}`,
 * });
 * await using consumer = new AmqpJobConsumer({
 *   connection: config.connection,
 *   queue: config.listen,
 *   handler,
 *   ackMode: "after",
 * });
 * await consumer.start();
 * const { workId } = await emulator.sendJob(id, { type: "export", entityId: "report-1" });
 * await emulator.waitFor(() => emulator.state.works.get(workId!)?.status === "complete");
 * ```
 */
export class AmqpJobConsumer {
  #options: AmqpJobConsumerOptions;
  #logger: Logger;
  #clock: Clock;
  #stopping = false;
  #stopController = new AbortController();
  #stopped: Promise<string> = new Promise((resolve) =>
    this.#stopController.signal.addEventListener("abort", () => resolve("stopped"), { once: true })
  );
  #session: Session | undefined;
  #tail: Promise<void> = Promise.resolve();
  #jobController: AbortController | undefined;
  #loop: Promise<void> | undefined;
  #started: PromiseWithResolvers<void> = Promise.withResolvers<void>();
  #onAbort = () => void this.stop();

  /** Creates a consumer; nothing connects until {@linkcode AmqpJobConsumer.start}. */
  constructor(options: AmqpJobConsumerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#clock = options.clock ?? systemClock;
    // A stop before the first connection settles start() by rejection; nobody may be waiting.
    this.#started.promise.catch(() => {});
  }

  /**
   * Starts consuming. Resolves once the consumer is registered with the broker the first
   * time (retrying with backoff until then); rejects only if stopped before that.
   */
  start(): Promise<void> {
    if (!this.#loop) {
      if (this.#options.signal?.aborted) return Promise.reject(this.#options.signal.reason);
      this.#options.signal?.addEventListener("abort", this.#onAbort, { once: true });
      this.#loop = this.#run();
    }
    return this.#started.promise;
  }

  /**
   * Stops consuming: cancels the consumer, waits for the running job (up to `stopTimeoutMs`,
   * then aborts its signal), leaves any prefetched but unstarted job to the broker, and closes
   * the connection.
   */
  async stop(): Promise<void> {
    if (!this.#stopping) {
      this.#stopping = true;
      this.#options.signal?.removeEventListener("abort", this.#onAbort);
      this.#started.reject(new Error("Cannot start consuming: the consumer was stopped"));
      const session = this.#session;
      if (session?.consumerTag) {
        await session.channel.cancel(session.consumerTag).catch(() => {});
      }
      await this.#waitForJob();
      this.#stopController.abort();
    }
    await this.#loop;
  }

  /** Same as {@linkcode AmqpJobConsumer.stop}. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.stop();
  }

  async #waitForJob(): Promise<void> {
    const timeoutMs = this.#options.stopTimeoutMs ?? 60_000;
    const timer = new AbortController();
    const timedOut = sleep(timeoutMs, { clock: this.#clock, signal: timer.signal })
      .then(() => true, () => false);
    const gaveUp = await Promise.race([this.#tail.then(() => false), timedOut]);
    timer.abort();
    if (gaveUp) {
      this.#logger.warning("Stopping the listener while a job is still running", {
        timeout_ms: timeoutMs,
      });
      this.#jobController?.abort(new Error("The listener was stopped"));
    }
  }

  async #run(): Promise<void> {
    const { queue } = this.#options;
    let attempt = 0;
    while (!this.#stopping) {
      let lostReason: string;
      try {
        this.#session = await this.#connect();
        this.#logger.info("Listening to the queue", { queue, reconnected: attempt > 0 });
        attempt = 0;
        this.#started.resolve();
        lostReason = await Promise.race([this.#session.lost, this.#stopped]);
      } catch (error) {
        lostReason = error instanceof Error ? error.message : String(error);
      }
      await this.#closeSession();
      if (this.#stopping) break;
      const delay = backoffDelay(attempt, {
        initialMs: this.#options.reconnectInitialMs ?? 1_000,
        maxMs: this.#options.reconnectMaxMs ?? 30_000,
        ...(this.#options.random ? { random: this.#options.random } : {}),
      });
      attempt++;
      this.#logger.warning("Connection to the queue lost, reconnecting", {
        queue,
        reason: lostReason,
        attempt,
        delay_ms: Math.round(delay),
      });
      await sleep(delay, { clock: this.#clock, signal: this.#stopController.signal })
        .catch(() => {});
    }
  }

  async #connect(): Promise<Session> {
    const { queue } = this.#options;
    const connection = await openAmqpConnection({
      connection: this.#options.connection,
      tls: this.#options.tls,
      heartbeatSec: this.#options.heartbeatSec,
      name: this.#options.connectionName ?? `octi-connector listen ${queue}`,
    });
    const lost = Promise.withResolvers<string>();
    connection.on("error", (error: Error) => lost.resolve(error.message));
    connection.on("close", (error?: Error) => lost.resolve(error?.message ?? "connection closed"));
    connection.on(
      "blocked",
      (reason: string) => this.#logger.warning("The broker blocked the connection", { reason }),
    );
    try {
      const channel = await connection.createChannel();
      channel.on("error", (error: Error) => lost.resolve(error.message));
      channel.on("close", () => lost.resolve("channel closed"));
      const session: Session = { connection, channel, consumerTag: undefined, lost: lost.promise };
      this.#session = session;
      await channel.prefetch(1);
      const reply = await channel.consume(
        queue,
        (message) => this.#onDelivery(session, message),
        { noAck: false },
      );
      session.consumerTag = reply.consumerTag;
      return session;
    } catch (error) {
      this.#session = undefined;
      await connection.close().catch(() => {});
      throw error;
    }
  }

  async #closeSession(): Promise<void> {
    const session = this.#session;
    this.#session = undefined;
    if (!session) return;
    // Closing the channel first flushes acks queued on it; amqplib writes a connection close
    // ahead of channel frames still buffered.
    await session.channel.close().catch(() => {});
    await session.connection.close().catch(() => {});
  }

  #onDelivery(session: Session, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (queue deleted or failed over): start again.
      session.connection.close().catch(() => {});
      return;
    }
    this.#tail = this.#tail.then(() => this.#process(session, message));
  }

  async #process(session: Session, message: ConsumeMessage): Promise<void> {
    // A message prefetched while the previous job ran stays unacked: the broker requeues it.
    if (this.#stopping) return;
    const { channel } = session;
    const { queue } = this.#options;
    let job: ConnectorJobMessage;
    try {
      job = parseJobMessage(message.content);
    } catch (error) {
      this.#logger.warning("Dropping an invalid job message", {
        queue,
        size: message.content.byteLength,
        reason: (error as Error).message,
        body_start: utf8.decode(message.content.subarray(0, 80)),
      });
      settle(() => channel.nack(message, false, false));
      return;
    }
    const ackAfter = this.#options.ackMode === "after";
    if (!ackAfter && !settle(() => channel.ack(message))) {
      this.#logger.warning("Cannot ack the job, it will be redelivered", { queue });
      return;
    }
    this.#jobController = new AbortController();
    let failed = false;
    try {
      await this.#options.handler.handle(job, {
        signal: this.#jobController.signal,
        workPingIntervalMs: this.#options.workPingIntervalMs ?? 300_000,
      });
    } catch (error) {
      failed = true;
      this.#logger.error("Error in message processing", { queue, error });
    } finally {
      this.#jobController = undefined;
    }
    if (ackAfter) {
      const settled = settle(() =>
        failed ? channel.nack(message, false, false) : channel.ack(message)
      );
      if (!settled) {
        this.#logger.warning(
          "Cannot ack the job, the connection was lost: it will be redelivered",
          {
            queue,
            work_id: job.internal.work_id,
          },
        );
      }
    }
  }
}
