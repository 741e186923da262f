import { Buffer } from "node:buffer";
import type { Channel, ChannelModel, ConfirmChannel, ConsumeMessage } from "amqplib";
import type { ConnectorQueueConfig, RabbitMQConnection } from "../api/register_connector.ts";

/**
 * Queue and exchange names of one connector, as the platform derives them (`<prefix>listen_<id>`, …).
 *
 * @example
 * ```ts
 * import { type EmulatorQueueNames, startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator({ queuePrefix: "test_" });
 * const names: EmulatorQueueNames = emulator.queueNames("c1");
 * if (names.push !== "test_push_c1") throw new Error(names.push);
 * ```
 */
export type EmulatorQueueNames = Omit<ConnectorQueueConfig, "connection" | "s3">;

/** The broker connection settings an AMQP URL describes, as the platform advertises them. */
export function connectionFromUrl(amqpUrl: string): RabbitMQConnection {
  const url = new URL(amqpUrl);
  const tls = url.protocol === "amqps:";
  return {
    host: url.hostname,
    vhost: url.pathname.length > 1 ? decodeURIComponent(url.pathname.slice(1)) : "/",
    use_ssl: tls,
    port: url.port ? Number(url.port) : (tls ? 5671 : 5672),
    user: url.username ? decodeURIComponent(url.username) : "guest",
    pass: url.password ? decodeURIComponent(url.password) : "guest",
  };
}

/**
 * The emulator's RabbitMQ side: declares connector topology like the platform, consumes the
 * push queues like the ingestion worker, publishes jobs to listen queues, and deletes
 * everything it declared when closed.
 */
export class EmulatorBroker {
  #model: ChannelModel;
  #channel: ConfirmChannel;
  #consumer: Channel;
  #onPush: (connectorId: string, message: ConsumeMessage) => void;
  #connection: RabbitMQConnection;
  #managementUrl: string;
  #exchanges = new Set<string>();
  #queues = new Set<string>();
  /** push queue name → connector id */
  #pushQueues = new Map<string, string>();
  /** push queue name → consumer tag */
  #consumers = new Map<string, string>();
  #paused = false;
  #closed = false;

  private constructor(
    model: ChannelModel,
    channel: ConfirmChannel,
    consumer: Channel,
    amqpUrl: string,
    managementUrl: string | undefined,
    onPush: (connectorId: string, message: ConsumeMessage) => void,
  ) {
    this.#model = model;
    this.#channel = channel;
    this.#consumer = consumer;
    this.#connection = connectionFromUrl(amqpUrl);
    this.#managementUrl = managementUrl ?? `http://${this.#connection.host}:15672`;
    this.#onPush = onPush;
  }

  /** Connects to the broker. */
  static async connect(
    amqpUrl: string,
    managementUrl: string | undefined,
    onPush: (connectorId: string, message: ConsumeMessage) => void,
  ): Promise<EmulatorBroker> {
    const amqp = await import("amqplib");
    const model = await amqp.connect(amqpUrl);
    try {
      const channel = await model.createConfirmChannel();
      const consumer = await model.createChannel();
      await consumer.prefetch(20);
      // Errors surface through the failed operation; the events must not crash the process.
      model.on("error", () => {});
      channel.on("error", () => {});
      consumer.on("error", () => {});
      return new EmulatorBroker(model, channel, consumer, amqpUrl, managementUrl, onPush);
    } catch (error) {
      await model.close().catch(() => {});
      throw error;
    }
  }

  /** Broker connection settings returned at registration. */
  get connection(): RabbitMQConnection {
    return { ...this.#connection };
  }

  /** Whether the worker is paused (pushed messages stay in the queues). */
  get paused(): boolean {
    return this.#paused;
  }

  /** Declares the connector's exchanges, queues and bindings, as registration does. */
  async declareConnector(connectorId: string, names: EmulatorQueueNames): Promise<void> {
    for (const exchange of [names.listen_exchange, names.push_exchange]) {
      await this.#channel.assertExchange(exchange, "direct", { durable: true });
      this.#exchanges.add(exchange);
    }
    const queueOptions = { durable: true, arguments: { "x-queue-type": "classic" } };
    await this.#channel.assertQueue(names.listen, queueOptions);
    this.#queues.add(names.listen);
    await this.#channel.bindQueue(names.listen, names.listen_exchange, names.listen_routing);
    await this.#channel.assertQueue(names.push, queueOptions);
    this.#queues.add(names.push);
    await this.#channel.bindQueue(names.push, names.push_exchange, names.push_routing);
    this.#pushQueues.set(names.push, connectorId);
    if (!this.#paused) await this.#consume(names.push);
  }

  /** Deletes the connector's queues (unregistration). */
  async deleteConnector(names: EmulatorQueueNames): Promise<void> {
    await this.#cancel(names.push);
    this.#pushQueues.delete(names.push);
    for (const queue of [names.listen, names.push]) {
      await this.#channel.deleteQueue(queue);
      this.#queues.delete(queue);
    }
  }

  /** Empties the connector's queues (state reset from the UI). */
  async purgeConnector(names: EmulatorQueueNames): Promise<void> {
    for (const queue of [names.listen, names.push]) {
      if (this.#queues.has(queue)) await this.#channel.purgeQueue(queue);
    }
  }

  /** Publishes a job like the platform: persistent, no content type; waits for the confirm. */
  async publish(exchange: string, routingKey: string, body: Uint8Array): Promise<void> {
    this.#channel.publish(exchange, routingKey, Buffer.from(body), { deliveryMode: 2 });
    await this.#channel.waitForConfirms();
  }

  /** Stops consuming push queues. */
  async pause(): Promise<void> {
    this.#paused = true;
    for (const queue of [...this.#consumers.keys()]) await this.#cancel(queue);
  }

  /** Consumes push queues again. */
  async resume(): Promise<void> {
    this.#paused = false;
    for (const queue of this.#pushQueues.keys()) await this.#consume(queue);
  }

  /**
   * The push queue's size as the platform measures it: RabbitMQ's management API
   * (`messages`, `message_bytes`), 0/0 on any failure.
   */
  async queueDetails(queue: string): Promise<{ messages_number: number; messages_size: number }> {
    const { vhost, user, pass } = this.#connection;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 2_000);
    try {
      const response = await fetch(
        `${this.#managementUrl}/api/queues/${encodeURIComponent(vhost)}/${
          encodeURIComponent(queue)
        }`,
        {
          headers: { authorization: `Basic ${btoa(`${user}:${pass}`)}` },
          signal: controller.signal,
        },
      );
      if (!response.ok) {
        await response.body?.cancel();
        return { messages_number: 0, messages_size: 0 };
      }
      const stats = await response.json() as { messages?: number; message_bytes?: number };
      return { messages_number: stats.messages ?? 0, messages_size: stats.message_bytes ?? 0 };
    } catch {
      return { messages_number: 0, messages_size: 0 };
    } finally {
      clearTimeout(timer);
    }
  }

  /** Deletes every queue and exchange it declared, then disconnects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    try {
      for (const queue of [...this.#consumers.keys()]) await this.#cancel(queue);
      for (const queue of this.#queues) await this.#channel.deleteQueue(queue).catch(() => {});
      for (const exchange of this.#exchanges) {
        await this.#channel.deleteExchange(exchange).catch(() => {});
      }
    } finally {
      await this.#model.close().catch(() => {});
    }
  }

  async #consume(queue: string): Promise<void> {
    if (this.#consumers.has(queue)) return;
    const connectorId = this.#pushQueues.get(queue)!;
    const { consumerTag } = await this.#consumer.consume(queue, (message) => {
      if (message === null) {
        // The broker cancelled the consumer (queue deleted): consume again once it is declared.
        this.#consumers.delete(queue);
        return;
      }
      try {
        this.#onPush(connectorId, message);
      } finally {
        this.#consumer.ack(message);
      }
    });
    this.#consumers.set(queue, consumerTag);
  }

  async #cancel(queue: string): Promise<void> {
    const tag = this.#consumers.get(queue);
    if (tag === undefined) return;
    this.#consumers.delete(queue);
    await this.#consumer.cancel(tag).catch(() => {});
  }
}
