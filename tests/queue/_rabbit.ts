// Test fixtures on the real broker: uniquely named queues/exchanges, deleted afterwards,
// and the management API to find and kill connections. The suite-wide `until` and
// `RecordingLogger` are re-exported for the queue tests that take them from here.
import amqp from "amqplib";
import type { Channel, ChannelModel, Options } from "amqplib";
import { Buffer } from "node:buffer";
import type { MqConnectionConfig } from "../../config/mod.ts";
import { AMQP_URL } from "../_util.ts";

export { until } from "../_async.ts";
export { RecordingLogger } from "../_doubles.ts";

export const BROKER: MqConnectionConfig = {
  host: "127.0.0.1",
  port: 5672,
  vhost: "/",
  use_ssl: false,
  user: "guest",
  pass: "guest",
};

const MANAGEMENT = "http://127.0.0.1:15672/api";
// One byte per char, so a text split across two reads still matches once joined.
const latin1 = new TextDecoder("latin1");
const AUTH = `Basic ${btoa("guest:guest")}`;

export function uniqueName(prefix: string): string {
  return `octi-test-${prefix}-${crypto.randomUUID().slice(0, 8)}`;
}

/** A test connection with helpers; everything declared through it is deleted on dispose. */
export class RabbitFixture {
  connection!: ChannelModel;
  channel!: Channel;
  #queues: string[] = [];
  #exchanges: string[] = [];

  static async open(): Promise<RabbitFixture> {
    const fixture = new RabbitFixture();
    fixture.connection = await amqp.connect(AMQP_URL);
    fixture.channel = await fixture.connection.createChannel();
    return fixture;
  }

  async queue(prefix: string, options: Options.AssertQueue = {}): Promise<string> {
    const name = uniqueName(prefix);
    await this.channel.assertQueue(name, { durable: false, ...options });
    this.#queues.push(name);
    return name;
  }

  async exchange(prefix: string): Promise<string> {
    const name = uniqueName(prefix);
    await this.channel.assertExchange(name, "direct", { durable: false });
    this.#exchanges.push(name);
    return name;
  }

  send(queue: string, body: string | Uint8Array): void {
    this.channel.sendToQueue(queue, Buffer.from(body), { deliveryMode: 2 });
  }

  async count(queue: string): Promise<number> {
    return (await this.channel.checkQueue(queue)).messageCount;
  }

  /** Takes every message currently in the queue (acked). */
  async drain(queue: string): Promise<amqp.GetMessage[]> {
    const messages: amqp.GetMessage[] = [];
    for (;;) {
      const message = await this.channel.get(queue, { noAck: true });
      if (!message) return messages;
      messages.push(message);
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    for (const queue of this.#queues) await this.channel.deleteQueue(queue).catch(() => {});
    for (const exchange of this.#exchanges) {
      await this.channel.deleteExchange(exchange).catch(() => {});
    }
    await this.connection.close().catch(() => {});
  }
}

/**
 * A TCP proxy in front of the broker: the code under test connects through it, and the test
 * can cut every proxied connection at once (a network blip) and count the connections made.
 */
export class BrokerProxy {
  accepted = 0;
  #listener: Deno.Listener<Deno.TcpConn, Deno.NetAddr>;
  #conns = new Set<Deno.TcpConn>();
  #pipes = new Set<Promise<void>>();
  #held: PromiseWithResolvers<void> | undefined;
  #accepting: Promise<void>;
  #forwarded = "";

  constructor() {
    this.#listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    this.#accepting = this.#accept();
  }

  get settings(): MqConnectionConfig {
    return { ...BROKER, port: this.#listener.addr.port };
  }

  async #accept(): Promise<void> {
    for await (const client of this.#listener) {
      this.accepted++;
      let upstream: Deno.TcpConn;
      try {
        upstream = await Deno.connect({ hostname: "127.0.0.1", port: BROKER.port });
      } catch {
        client.close();
        continue;
      }
      this.#conns.add(client);
      this.#conns.add(upstream);
      this.#pipe(client, upstream, false);
      this.#pipe(upstream, client, true);
    }
  }

  #pipe(from: Deno.TcpConn, to: Deno.TcpConn, fromBroker: boolean): void {
    const done = this.#pump(from, to, fromBroker).finally(() => {
      this.#close(from);
      this.#close(to);
      this.#pipes.delete(done);
    });
    this.#pipes.add(done);
  }

  async #pump(from: Deno.TcpConn, to: Deno.TcpConn, fromBroker: boolean): Promise<void> {
    const buffer = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await from.read(buffer);
        if (n === null) return;
        if (fromBroker) await this.#held?.promise;
        let written = 0;
        while (written < n) written += await to.write(buffer.subarray(written, n));
        if (fromBroker) this.#forwarded += latin1.decode(buffer.subarray(0, n));
      }
    } catch {
      // a side was closed
    }
  }

  /**
   * Whether the broker's bytes that went through to a client contain `text` (e.g. a message
   * body): once they do, the client has the frame even if the connection is cut right after.
   */
  hasForwarded(text: string): boolean {
    return this.#forwarded.includes(text);
  }

  /** Stops forwarding what the broker sends (confirms, deliveries) until {@linkcode release}. */
  hold(): void {
    this.#held ??= Promise.withResolvers<void>();
  }

  /** Forwards again what the broker sent meanwhile. */
  release(): void {
    this.#held?.resolve();
    this.#held = undefined;
  }

  #close(conn: Deno.TcpConn): void {
    if (!this.#conns.delete(conn)) return;
    try {
      conn.close();
    } catch {
      // already closed by the other pipe
    }
  }

  /** Cuts every proxied connection; returns how many client connections there were. */
  async cut(): Promise<number> {
    this.release();
    const count = this.#conns.size / 2;
    for (const conn of [...this.#conns]) this.#close(conn);
    await Promise.all(this.#pipes);
    return count;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.#listener.close();
    await this.#accepting.catch(() => {});
    await this.cut();
  }
}

interface ManagedConnection {
  name: string;
  client_properties?: { connection_name?: string };
}

/**
 * Force-closes every broker connection with that client-given name through the management
 * API, as an operator would (the API lists a new connection only after its next stats
 * emission, up to ~5 s).
 */
export async function killConnections(connectionName: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    const response = await fetch(`${MANAGEMENT}/connections?columns=name,client_properties`, {
      headers: { authorization: AUTH },
    });
    const found = (await response.json() as ManagedConnection[])
      .filter((c) => c.client_properties?.connection_name === connectionName);
    if (found.length > 0) {
      for (const connection of found) {
        const deleted = await fetch(
          `${MANAGEMENT}/connections/${encodeURIComponent(connection.name)}`,
          { method: "DELETE", headers: { authorization: AUTH, "x-reason": "test kill" } },
        );
        await deleted.body?.cancel();
      }
      return found.length;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return 0;
}
