import assert from "node:assert/strict";
import { type ConnectorInfoInput, OpenCTIApiClient } from "../../api/mod.ts";
import { BundlePusher, checkConnectorBuffering } from "../../queue/mod.ts";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import { RecordingLogger } from "../_doubles.ts";
import { noRabbit } from "../_util.ts";
import { startPushPlatform } from "./_platform.ts";

function feed(objects: number): string {
  return JSON.stringify({
    type: "bundle",
    id: "bundle--eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee",
    objects: Array.from({ length: objects }, (_, i) => ({
      type: "indicator",
      id: `indicator--${crypto.randomUUID()}`,
      pattern: `[ipv4-addr:value = '10.0.${i >> 8}.${i & 255}']`,
      description: "d".repeat(3_000),
    })),
  });
}

Deno.test({
  name: "checkConnectorBuffering sees a real backlog in the push queue through the platform",
  ignore: noRabbit,
  async fn() {
    await using platform = await startPushPlatform();
    const { emulator, client, registration, publisher } = platform;
    const pusher = new BundlePusher({ connectorId: registration.id, publisher });
    const info: ConnectorInfoInput = {
      run_and_terminate: false,
      buffering: false,
      queue_threshold: 500,
      queue_messages_size: 0,
    };
    const logger = new RecordingLogger();
    const check = (threshold: number | string) =>
      checkConnectorBuffering(client, {
        connectorId: registration.id,
        threshold,
        connectorInfo: info,
        logger,
      });

    assert.equal((await check("0.5")).buffering, false, "an empty queue never buffers");
    await emulator.pauseWorker();
    await pusher.push(feed(300)); // ~1.2 MB waiting for the (paused) worker
    // The platform measures through the management API, whose figures lag a few seconds.
    let status = await check("0.5");
    // The management API can report the count before the bytes: wait for both.
    for (
      let i = 0;
      i < 100 && (status.queueMessagesNumber < 300 || status.queueMessagesSize <= 1);
      i++
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      status = await check("0.5");
    }
    assert.equal(status.queueMessagesNumber, 300);
    assert.ok(
      status.queueMessagesSize > 1 && status.queueMessagesSize < 2,
      String(status.queueMessagesSize),
    );
    assert.equal(status.buffering, true);
    assert.deepEqual(
      { ...info },
      {
        run_and_terminate: false,
        buffering: true,
        queue_threshold: 0.5,
        queue_messages_size: status.queueMessagesSize,
      },
    );
    const notices = () =>
      logger.find(
        "Connector will not run until the queue messages size is reduced under queue threshold",
      ).length;
    const before = notices();
    assert.ok(before >= 1);
    // At or above the threshold buffers; below it does not.
    assert.equal((await check(status.queueMessagesSize)).buffering, true);
    assert.equal(notices(), before + 1);
    const relaxed = await check(500);
    assert.equal(notices(), before + 1, "no notice when not buffering");
    assert.equal(relaxed.buffering, false);
    assert.equal(info.buffering, false);
    assert.equal(info.queue_threshold, 500);
    await emulator.resumeWorker();
    await emulator.waitFor(() => emulator.state.pushedBundles.length === 300);
  },
});

Deno.test("checkConnectorBuffering fails for an unknown connector and a non-numeric threshold", async () => {
  await using emulator = await startOpenCTIEmulator();
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  await assert.rejects(
    checkConnectorBuffering(client, { connectorId: crypto.randomUUID() }),
    /the platform has no connector with id/,
  );
  await assert.rejects(
    checkConnectorBuffering(client, { connectorId: "x", threshold: "lots" }),
    {
      name: "TypeError",
      message: 'Cannot use CONNECTOR_QUEUE_THRESHOLD "lots": expected a number of megabytes',
    },
  );
});
