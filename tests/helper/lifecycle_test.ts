// Process-level behaviour: SIGTERM/SIGINT stop a connector gracefully (the running job ends,
// the state is saved, the connector stays registered, exit 0) and a background failure ends
// it with code 1 (pycti's kill hook).
import assert from "node:assert/strict";
import { OpenCTIConnectorHelper } from "../../helper/mod.ts";
import { type OpenCTIEmulator, startOpenCTIEmulator } from "../../testing/mod.ts";
import { until } from "../_async.ts";
import { LogLines } from "../_doubles.ts";
import { closedPort } from "../_net.ts";
import { AMQP_URL, noRabbit } from "../_util.ts";
import { connectorEnv, spawnDeno, textLines, waitForLine } from "./_helper_fixtures.ts";

async function runChild(
  emulator: OpenCTIEmulator,
  extra: Record<string, string>,
  duringRun: (
    child: Deno.ChildProcess,
    id: string,
    lines: AsyncGenerator<string>,
    seen: string[],
  ) => Promise<void>,
): Promise<{ code: number; stderr: string; id: string; seen: string[] }> {
  const env = Object.fromEntries(connectorEnv(emulator, {
    CONNECTOR_TYPE: "INTERNAL_IMPORT_FILE",
    CONNECTOR_SCOPE: "application/json",
    CONNECTOR_LOG_LEVEL: "info",
    ...extra,
  }));
  const child = spawnDeno("./_listen_child.ts", env);
  const stderr = new Response(child.stderr).text();
  const lines = textLines(child.stdout);
  const seen: string[] = [];
  try {
    await waitForLine(lines, (line) => line === "ready", seen);
    await duringRun(child, env.CONNECTOR_ID!, lines, seen);
    for await (const line of lines) seen.push(line);
  } catch (error) {
    child.kill("SIGKILL");
    await child.status;
    throw new Error(`${error}\n--- child stderr:\n${await stderr}`);
  }
  const { code } = await child.status;
  return { code, stderr: await stderr, id: env.CONNECTOR_ID!, seen };
}

Deno.test({
  name: "SIGTERM during an AMQP job: the job finishes, the state is saved, exit 0",
  ignore: noRabbit,
  async fn() {
    await using emulator = await startOpenCTIEmulator({ amqpUrl: AMQP_URL });
    emulator.addFile("import/global/feed.json", "{}", "application/json");
    let workId: string | null = null;
    const run = await runChild(emulator, { JOB_MS: "400" }, async (child, id, lines, seen) => {
      workId = (await emulator.sendJob(id, { type: "import", fileId: "import/global/feed.json" }))
        .workId;
      await waitForLine(lines, (line) => line.startsWith("job started"), seen);
      child.kill("SIGTERM");
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /Signal received, stopping the connector/);
    const work = emulator.state.works.get(workId!)!;
    assert.equal(work.messages.at(-1)?.message, "done", "the running job finished");
    await emulator.waitFor(() => work.status === "complete");
    const pushed = emulator.state.pushedBundles.filter((b) => b.workId === workId);
    assert.equal(pushed.length, 1, "its bundle was sent");
    const connector = emulator.state.connectors.get(run.id);
    assert.ok(connector, "still registered");
    assert.deepEqual(JSON.parse(connector.connectorState!), {
      started: true,
      last_file: "import/global/feed.json",
    });
  },
});

Deno.test("SIGINT while listening for HTTP callbacks: state saved, exit 0", async () => {
  await using emulator = await startOpenCTIEmulator();
  const port = closedPort();
  const run = await runChild(emulator, {
    CONNECTOR_LISTEN_PROTOCOL: "API",
    CONNECTOR_LISTEN_PROTOCOL_API_PORT: String(port),
    CONNECTOR_LISTEN_PROTOCOL_API_URI: `http://127.0.0.1:${port}`,
  }, async (child) => {
    await until(async () => {
      try {
        await (await fetch(`http://127.0.0.1:${port}/api/callback`)).body?.cancel();
        return true;
      } catch {
        return false;
      }
    }, "the callback listener");
    child.kill("SIGINT");
  });
  assert.equal(run.code, 0, run.stderr);
  const connector = emulator.state.connectors.get(run.id);
  assert.deepEqual(JSON.parse(connector!.connectorState!), { started: true });
});

Deno.test("a live stream refused for good ends the process with code 1", async () => {
  await using emulator = await startOpenCTIEmulator();
  const exits: number[] = [];
  const logs = new LogLines();
  const env = connectorEnv(emulator, {
    CONNECTOR_TYPE: "STREAM",
    CONNECTOR_LIVE_STREAM_ID: "live",
  });
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    exit: (code) => exits.push(code),
    logWriter: logs.write,
    handleSignals: false,
  });
  emulator.revokeToken();
  const stream = helper.listenStream(() => {});
  await assert.rejects(stream.done, /refused the token/);
  await until(() => exits.length === 1, "the exit");
  assert.deepEqual(exits, [1]);
  assert.equal(logs.find("A background task failed, stopping the connector").length, 1);
  assert.throws(() => helper.listenStream(() => {}), /the helper is stopped/);
  emulator.restoreToken();
  assert.ok(emulator.state.connectors.has(env.get("CONNECTOR_ID")!), "not unregistered");
});
