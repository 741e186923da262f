// A complete external-import connector against the emulator and the real broker.
import assert from "node:assert/strict";
import { OpenCTIConnectorHelper } from "../../helper/mod.ts";
import { FakeClock, startOpenCTIEmulator } from "../../testing/mod.ts";
import { until } from "../_async.ts";
import { LogLines } from "../_doubles.ts";
import { AMQP_URL, noRabbit, noShared, sharedPath } from "../_util.ts";
import { connectorEnv } from "./_helper_fixtures.ts";

async function generateFeed(objects: number, seed: number): Promise<string> {
  const out = await Deno.makeTempFile({ suffix: ".json" });
  try {
    const run = await new Deno.Command("python3", {
      args: [
        sharedPath("tools/gen_bundle.py"),
        "--objects",
        String(objects),
        "--seed",
        String(seed),
        "--out",
        out,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    assert.equal(run.code, 0, new TextDecoder().decode(run.stderr));
    return await Deno.readTextFile(out);
  } finally {
    await Deno.remove(out);
  }
}

Deno.test({
  name: "external import, run and terminate: 5,000 objects ingested, work complete, state saved",
  ignore: noRabbit || noShared,
  async fn() {
    const feed = await generateFeed(5000, 7);
    const feedIds = new Set(JSON.parse(feed).objects.map((o: { id: string }) => o.id));
    await using emulator = await startOpenCTIEmulator({ amqpUrl: AMQP_URL });
    const env = connectorEnv(emulator, {
      CONNECTOR_NAME: "Synthetic Feed",
      CONNECTOR_RUN_AND_TERMINATE: "true",
      CONNECTOR_LOG_LEVEL: "info",
    });
    const id = env.get("CONNECTOR_ID")!;
    const exits: number[] = [];
    const logs = new LogLines();
    const helper = await OpenCTIConnectorHelper.create({}, {
      env,
      exit: (code) => exits.push(code),
      logWriter: logs.write,
      handleSignals: false,
    });
    let workId: string | null = null;
    let expectations = 0;
    const outcome = await helper.scheduleIso(async () => {
      workId = await helper.work.initiateWork("Synthetic Feed run");
      assert.ok(workId);
      const sent = await helper.sendStix2Bundle(feed, { workId, cleanupInconsistentBundle: true });
      expectations = sent.expectations;
      assert.equal(sent.delivered.queue, "amqp");
      assert.equal(sent.delivered.confirmed, sent.bundles.length);
      await helper.work.toProcessed(workId, `${sent.expectations} objects sent`);
      helper.setState({ last_run: helper.dateNowZ() });
    }, "PT1H");

    assert.deepEqual(
      { mode: outcome.mode, status: outcome.status, runs: outcome.runs },
      { mode: "once", status: "completed", runs: 1 },
    );
    assert.deepEqual(exits, [0], "the process exits 0 after the run");
    assert.ok(expectations > 4000, `${expectations} chunks`);

    const work = emulator.state.works.get(workId!)!;
    await emulator.waitFor(() => work.status === "complete", { timeoutMs: 30_000 });
    assert.equal(work.expected, expectations);
    assert.equal(work.processed, expectations);
    const pushed = emulator.state.pushedBundles.filter((b) => b.workId === workId);
    assert.equal(pushed.length, expectations);
    assert.equal(emulator.state.rejectedMessages.length, 0);
    const ids = new Set(
      pushed.flatMap((b) => (b.bundle.objects as { id: string }[]).map((o) => o.id)),
    );
    assert.equal(ids.size, expectations);
    for (const pushedId of ids) assert.ok(feedIds.has(pushedId), pushedId);
    assert.deepEqual(
      pushed.map((b) => b.actionSequence).slice(0, 3),
      [1, 2, 3],
      "1-based action sequence",
    );
    assert.ok(pushed.every((b) => b.applicantId === helper.connectorUserId));

    // State and ConnectorInfo reached the platform before the exit, without PingAlive.
    const connector = emulator.state.connectors.get(id)!;
    assert.ok(JSON.parse(connector.connectorState!).last_run);
    assert.equal(connector.connectorInfo?.run_and_terminate, true);
    assert.ok(connector.connectorInfo?.last_run_datetime);
    assert.ok(emulator.state.connectors.has(id), "run and terminate does not unregister");
    assert.equal(logs.find("Closing run and terminate").length, 1);
    assert.throws(() => helper.sendStix2Bundle(feed), /the helper is closed/);
    await helper.close();
  },
});

Deno.test("periodic schedule: runs every period on the clock, publishes run datetimes, stops on close", async () => {
  await using emulator = await startOpenCTIEmulator();
  const clock = new FakeClock(Date.UTC(2024, 0, 15, 10, 30));
  const env = connectorEnv(emulator, { CONNECTOR_SEND_TO_QUEUE: "false" });
  const exits: number[] = [];
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    clock,
    // Each ping is a real request: one an hour instead of 180 over these two fake hours.
    pingIntervalMs: 3_600_000,
    exit: (code) => exits.push(code),
    logWriter: () => {},
    handleSignals: false,
  });
  const connector = emulator.state.connectors.get(env.get("CONNECTOR_ID")!)!;
  let runs = 0;
  const scheduled = helper.scheduleIso(() => {
    runs++;
    if (runs === 2) throw new Error("feed unreachable");
  }, "PT1H");
  await until(() => helper.connectorInfo.nextRunDatetime !== null, "the first run");
  assert.equal(runs, 1);
  assert.equal(helper.connectorInfo.nextRunDatetime, "2024-01-15T11:30:00Z");
  assert.equal(helper.connectorInfo.lastRunDatetime, "2024-01-15T10:30:00Z");
  await clock.tick(3_600_000);
  await until(
    () => runs === 2 && helper.connectorInfo.nextRunDatetime === "2024-01-15T12:30:00Z",
    "run 2",
  );
  await clock.tick(3_600_000);
  await until(() => runs === 3, "run 3 after a failed run");
  await helper.close();
  const outcome = await scheduled;
  assert.deepEqual({ status: outcome.status, mode: outcome.mode, failures: outcome.failures }, {
    status: "stopped",
    mode: "periodic",
    failures: 1,
  });
  assert.deepEqual(exits, [], "a stopped periodic schedule does not exit the process");
  assert.equal(connector.connectorInfo?.next_run_datetime, "2024-01-15T13:30:00Z");
});

Deno.test("a malformed period ends the process with code 1 instead of idling", async () => {
  await using emulator = await startOpenCTIEmulator();
  const env = connectorEnv(emulator, { CONNECTOR_SEND_TO_QUEUE: "false" });
  const exits: number[] = [];
  const logs = new LogLines();
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    exit: (code) => exits.push(code),
    logWriter: logs.write,
    handleSignals: false,
  });
  helper.setState({ last_run: "2024-01-15T10:30:00Z" });
  let runs = 0;
  const outcome = await helper.scheduleIso(() => void runs++, "300");
  assert.deepEqual([outcome.status, outcome.exitCode, runs], ["failed", 1, 0]);
  assert.equal(logs.find("An unexpected error occurred during schedule_iso").length, 1);
  assert.deepEqual(exits, [1], "pycti kills the process; a silent ping-only connector is worse");
  assert.throws(() => helper.sendStix2Bundle("{}"), /the helper is closed/);
  const connector = emulator.state.connectors.get(env.get("CONNECTOR_ID")!)!;
  assert.deepEqual(JSON.parse(connector.connectorState!), { last_run: "2024-01-15T10:30:00Z" });
});
