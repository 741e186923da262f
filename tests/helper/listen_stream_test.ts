// A stream connector on the emulator's live stream: the helper's state is the position store.
import assert from "node:assert/strict";
import { OpenCTIConnectorHelper, type StreamBatch } from "../../helper/mod.ts";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import { until } from "../_async.ts";
import { connectorEnv, indicator } from "./_helper_fixtures.ts";

Deno.test("listenStream saves the position in the state, pings it, and restarts after a UI reset", async () => {
  // Frequent heartbeats: the listener notices a reset when it next saves its position.
  await using emulator = await startOpenCTIEmulator({ stream: { heartbeatMs: 100 } });
  const env = connectorEnv(emulator, {
    CONNECTOR_TYPE: "STREAM",
    CONNECTOR_LIVE_STREAM_ID: "live",
    CONNECTOR_LIVE_STREAM_START_TIMESTAMP: "0",
  });
  const id = env.get("CONNECTOR_ID")!;
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    pingIntervalMs: 50,
    logWriter: () => {},
    handleSignals: false,
  });
  const entries = [0, 1, 2].map((i) => emulator.stream.append("create", indicator(i)));
  const received: string[] = [];
  helper.listenStream((event) => {
    received.push(event.id);
  });
  await until(() => received.length === 3, "three events");
  assert.deepEqual(received, entries.map((e) => e.id));
  await until(() => helper.getState()?.start_from === entries[2]!.id, "the position saved");
  const connector = emulator.state.connectors.get(id)!;
  await until(
    () => JSON.parse(connector.connectorState ?? "null")?.start_from === entries[2]!.id,
    "the position pinged",
  );

  await emulator.resetConnectorState(id);
  await until(() => received.length === 6, "the stream replayed after the reset");
  assert.deepEqual(received.slice(3), entries.map((e) => e.id));

  const last = emulator.stream.append("update", indicator(0));
  await until(() => received.length === 7, "a later event");
  await helper.close();
  assert.equal(JSON.parse(connector.connectorState!).start_from, last.id, "saved when stopping");
  assert.equal(emulator.stream.openConnections, 0);
});

Deno.test("createBatchCallback on the helper: batches flushed when the helper closes", async () => {
  await using emulator = await startOpenCTIEmulator();
  const env = connectorEnv(emulator, {
    CONNECTOR_TYPE: "STREAM",
    CONNECTOR_LIVE_STREAM_ID: "live",
    CONNECTOR_LIVE_STREAM_START_TIMESTAMP: "0",
  });
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    logWriter: () => {},
    handleSignals: false,
  });
  const entries = [0, 1, 2, 3, 4].map((i) => emulator.stream.append("create", indicator(i)));
  const batches: StreamBatch[] = [];
  const stream = helper.listenStream(
    helper.createBatchCallback((batch) => {
      batches.push(batch);
    }, { batchSize: 2, batchTimeout: 60 }),
  );
  await until(() => batches.length === 2 && stream.stats.events === 5, "two full batches");
  await helper.close();
  assert.deepEqual(batches.map((b) => b.batch_metadata.trigger_reason), [
    "size_limit",
    "size_limit",
    "shutdown",
  ]);
  const connector = emulator.state.connectors.get(env.get("CONNECTOR_ID")!)!;
  assert.equal(JSON.parse(connector.connectorState!).start_from, entries[4]!.id);
});
