import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import amqp from "amqplib";
import {
  getConnector,
  getWork,
  initiateWork,
  pingConnector,
  unregisterConnector,
  workAddExpectations,
  workToProcessed,
} from "../../api/mod.ts";
import { sleep } from "../../core/mod.ts";
import { type RegisteredConnector, startRegisteredConnector } from "../_emulator.ts";
import { AMQP_URL, noRabbit } from "../_util.ts";

interface Fixture extends RegisteredConnector {
  /** The test's own broker connection, to look at queues from outside. */
  connection: amqp.ChannelModel;
}

/** An emulator on the real broker with one registered connector; disposing closes both. */
async function setup(): Promise<Fixture> {
  await using stack = new AsyncDisposableStack();
  const connection = await amqp.connect(AMQP_URL);
  stack.defer(() => connection.close());
  const platform = stack.use(
    await startRegisteredConnector(
      { name: "Queue Test", type: "INTERNAL_ENRICHMENT" },
      { emulator: { amqpUrl: AMQP_URL } },
    ),
  );
  const owned = stack.move();
  return { ...platform, connection, [Symbol.asyncDispose]: () => owned.disposeAsync() };
}

/** Message count of a queue, or null when it does not exist. */
async function queueLength(connection: amqp.ChannelModel, queue: string): Promise<number | null> {
  const channel = await connection.createChannel();
  channel.on("error", () => {});
  try {
    return (await channel.checkQueue(queue)).messageCount;
  } catch {
    return null;
  } finally {
    await channel.close().catch(() => {});
  }
}

async function exchangeExists(connection: amqp.ChannelModel, exchange: string): Promise<boolean> {
  const channel = await connection.createChannel();
  channel.on("error", () => {});
  try {
    await channel.checkExchange(exchange);
    return true;
  } catch {
    return false;
  } finally {
    await channel.close().catch(() => {});
  }
}

/** A push message exactly as pycti publishes one chunk. */
function pushMessage(bundle: unknown, sequence: number, workId: string | null): Buffer {
  const message: Record<string, unknown> = {
    bundle_type: "QUEUE_BUNDLE",
    applicant_id: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
    action_sequence: sequence,
    entities_types: [],
    content: btoa(JSON.stringify(bundle)),
    update: false,
    draft_id: null,
  };
  if (workId !== null) message.work_id = workId;
  return Buffer.from(JSON.stringify(message));
}

async function publish(
  connection: amqp.ChannelModel,
  exchange: string,
  routingKey: string,
  bodies: Buffer[],
): Promise<void> {
  const channel = await connection.createConfirmChannel();
  try {
    for (const body of bodies) {
      channel.publish(exchange, routingKey, body, { deliveryMode: 2, contentEncoding: "utf-8" });
    }
    await channel.waitForConfirms();
  } finally {
    await channel.close();
  }
}

Deno.test({
  name: "registration declares the connector's queues and exchanges; close deletes them",
  ignore: noRabbit,
  async fn() {
    await using fixture = await setup();
    const { emulator, registration: { config }, connection } = fixture;
    assert.deepEqual(config.connection, {
      host: "127.0.0.1",
      vhost: "/",
      use_ssl: false,
      port: 5672,
      user: "guest",
      pass: "guest",
    });
    assert.equal(await queueLength(connection, config.listen), 0);
    assert.equal(await queueLength(connection, config.push), 0);
    assert.ok(await exchangeExists(connection, config.listen_exchange));
    assert.ok(await exchangeExists(connection, config.push_exchange));
    assert.ok(config.listen.startsWith(emulator.queuePrefix));
    await emulator.close();
    assert.equal(await queueLength(connection, config.listen), null);
    assert.equal(await queueLength(connection, config.push), null);
    assert.equal(await exchangeExists(connection, config.push_exchange), false);
    assert.equal(await exchangeExists(connection, config.listen_exchange), false);
  },
});

Deno.test({
  name: "a bundle pushed through RabbitMQ in pycti's format is ingested and completes its work",
  ignore: noRabbit,
  async fn() {
    await using fixture = await setup();
    const { emulator, client, registration, connection } = fixture;
    const { id, config } = registration;
    const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
    await workAddExpectations(client, { workId, expectations: 2 });
    const chunks = [
      {
        type: "bundle",
        id: "bundle--1",
        spec_version: "2.1",
        x_opencti_seq: 0,
        objects: [{ id: "identity--1" }],
      },
      {
        type: "bundle",
        id: "bundle--1",
        spec_version: "2.1",
        x_opencti_seq: 1,
        objects: [{ id: "report--1" }],
      },
    ];
    await publish(
      connection,
      config.push_exchange,
      config.push_routing,
      chunks.map((chunk, i) => pushMessage(chunk, i + 1, workId)),
    );
    await emulator.waitFor(() => emulator.state.works.get(workId)?.processed === 2);
    assert.equal((await getWork(client, workId))?.status, "wait", "not marked processed yet");
    await workToProcessed(client, { workId, message: "sent 2 bundles" });
    const work = await getWork(client, workId);
    assert.equal(work?.status, "complete");
    assert.deepEqual(work?.tracking, { import_expected_number: 2, import_processed_number: 2 });
    const pushed = emulator.state.pushedBundles;
    assert.deepEqual(pushed.map((b) => b.bundle), chunks);
    assert.deepEqual(pushed.map((b) => [b.via, b.connectorId, b.workId, b.actionSequence]), [
      ["amqp", id, workId, 1],
      ["amqp", id, workId, 2],
    ]);
    assert.equal(pushed[0]?.applicantId, "88ec0c6a-13ce-5e39-b486-354fe4a7084f");
    assert.equal(pushed[0]?.draftId, null);
    assert.equal(emulator.counters.pushedMessages, 2);

    await publish(connection, config.push_exchange, config.push_routing, [
      Buffer.from("not json"),
      pushMessage({ type: "bundle", objects: [] }, 1, null),
    ]);
    await emulator.waitFor(() => emulator.counters.pushedMessages === 4);
    assert.equal(emulator.state.rejectedMessages.length, 1);
    assert.equal(emulator.state.rejectedMessages[0]?.body, "not json");
    assert.equal(emulator.state.pushedBundles.at(-1)?.workId, null);
    assert.equal(await queueLength(connection, config.push), 0, "every message was acked");
  },
});

Deno.test({
  name: "jobs are published to the connector's listen queue like the platform publishes them",
  ignore: noRabbit,
  async fn() {
    await using fixture = await setup();
    const { emulator, registration, connection } = fixture;
    const result = await emulator.sendJob(registration.id, {
      type: "enrichment",
      entityId: "domain-name--0b8a1c4e-2ec7-5c7a-9d4d-0b7b6b1c2d3e",
      mode: "manual",
    });
    assert.equal(result.delivery, "amqp");
    const channel = await connection.createChannel();
    try {
      const message = await channel.get(registration.config.listen, { noAck: true });
      assert.ok(message, "the job is in the listen queue");
      assert.deepEqual(JSON.parse(message.content.toString()), result.message);
      assert.equal(message.properties.deliveryMode, 2);
      assert.equal(message.properties.contentType, undefined);
      assert.equal(message.fields.exchange, registration.config.listen_exchange);
      assert.equal(message.fields.routingKey, registration.config.listen_routing);
      const internal = result.message.internal as Record<string, unknown>;
      assert.equal(internal.mode, "manual");
      assert.equal(internal.trigger, "update");
      assert.equal(
        emulator.state.works.get(String(internal.work_id))?.connectorId,
        registration.id,
      );
    } finally {
      await channel.close();
    }
    await emulator.enqueueMessage(registration.id, "raw text");
    const channel2 = await connection.createChannel();
    try {
      const raw = await channel2.get(registration.config.listen, { noAck: true });
      assert.equal(raw && raw.content.toString(), "raw text");
    } finally {
      await channel2.close();
    }
  },
});

Deno.test({
  name: "a UI state reset purges the queues, unregistration deletes them",
  ignore: noRabbit,
  async fn() {
    await using fixture = await setup();
    const { emulator, client, registration, connection } = fixture;
    const { config } = registration;
    await emulator.pauseWorker();
    await publish(connection, config.push_exchange, config.push_routing, [
      pushMessage({ type: "bundle", objects: [] }, 1, null),
    ]);
    await emulator.sendJob(registration.id, { type: "enrichment", entityId: "x--1" });
    assert.equal(await queueLength(connection, config.push), 1, "paused worker leaves it");
    assert.equal(await queueLength(connection, config.listen), 1);
    await emulator.resetConnectorState(registration.id);
    assert.equal(await queueLength(connection, config.push), 0);
    assert.equal(await queueLength(connection, config.listen), 0);
    assert.equal(emulator.state.connectors.get(registration.id)?.connectorState, "");
    await unregisterConnector(client, registration.id);
    assert.equal(await queueLength(connection, config.push), null);
    assert.equal(await queueLength(connection, config.listen), null);
    assert.equal(emulator.counters.pushedMessages, 0);
  },
});

Deno.test({
  name: "every ping declares the connector's queues again, and the worker consumes them",
  ignore: noRabbit,
  async fn() {
    await using fixture = await setup();
    const { emulator, client, registration, connection } = fixture;
    const { id, config } = registration;
    const admin = await connection.createChannel();
    try {
      await admin.deleteQueue(config.listen);
      await admin.deleteQueue(config.push);
    } finally {
      await admin.close();
    }
    assert.equal(await queueLength(connection, config.push), null);
    await pingConnector(client, { id, state: null });
    assert.equal(await queueLength(connection, config.listen), 0);
    assert.equal(await queueLength(connection, config.push), 0);
    await publish(connection, config.push_exchange, config.push_routing, [
      pushMessage({ type: "bundle", objects: [] }, 1, null),
    ]);
    await emulator.waitFor(() => emulator.state.pushedBundles.length === 1);
  },
});

Deno.test({
  name: "queue details come from the management API as on the platform; the worker resumes",
  ignore: noRabbit,
  async fn() {
    await using fixture = await setup();
    const { emulator, client, registration, connection } = fixture;
    const { id, config } = registration;
    await emulator.pauseWorker();
    const bodies = [1, 2, 3].map((n) => pushMessage({ type: "bundle", objects: [{ n }] }, n, null));
    await publish(connection, config.push_exchange, config.push_routing, bodies);
    // RabbitMQ refreshes its management statistics every few seconds, and may report the count
    // before the bytes: wait for both.
    const bytes = bodies.reduce((sum, b) => sum + b.length, 0);
    let details = (await getConnector(client, id))?.connector_queue_details;
    for (
      let i = 0;
      i < 60 && (details?.messages_number !== 3 || details.messages_size < bytes);
      i++
    ) {
      await sleep(250);
      details = (await getConnector(client, id))?.connector_queue_details;
    }
    assert.equal(details?.messages_number, 3);
    assert.ok(details.messages_size >= bytes);
    await emulator.resumeWorker();
    await emulator.waitFor(() => emulator.state.pushedBundles.length === 3);
    assert.deepEqual(emulator.state.pushedBundles.map((b) => b.actionSequence), [1, 2, 3]);
  },
});
