// The stream-exporter example against the emulator's live stream: batches written to a
// directory, the position saved only after a batch, a restart resuming from it; and the HTTP
// sink retrying a failing endpoint.
import assert from "node:assert/strict";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import { ConfigError } from "../../config/mod.ts";
import {
  httpSink,
  readExporterSettings,
  startStreamExporter,
} from "../../examples/stream-exporter/main.ts";
import type { StreamBatch } from "../../stream/mod.ts";
import { connectorEnv, until } from "./_fixtures.ts";

function indicator(n: number) {
  return {
    type: "indicator",
    id: `indicator--00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    name: `ioc ${n}`,
  };
}

async function readExport(dir: string): Promise<{ files: string[]; ids: string[] }> {
  const files: string[] = [];
  const ids: string[] = [];
  for await (const entry of Deno.readDir(dir)) files.push(entry.name);
  files.sort();
  for (const name of files) {
    for (const line of (await Deno.readTextFile(`${dir}/${name}`)).trim().split("\n")) {
      ids.push(JSON.parse(line).data.data.id);
    }
  }
  return { files, ids };
}

Deno.test("stream-exporter: batches to files, position saved after each batch, resume after restart", async () => {
  await using emulator = await startOpenCTIEmulator();
  const dir = await Deno.makeTempDir();
  try {
    for (let n = 0; n < 25; n++) emulator.stream.append("create", indicator(n));
    const env = connectorEnv(emulator, {
      CONNECTOR_NAME: "Exporter",
      CONNECTOR_TYPE: "STREAM",
      CONNECTOR_LIVE_STREAM_ID: "live",
      EXPORTER_OUTPUT: dir,
      EXPORTER_BATCH_SIZE: "10",
      EXPORTER_BATCH_TIMEOUT: "0.5",
    });
    const id = env.get("CONNECTOR_ID")!;
    const options = { env, logWriter: () => {}, handleSignals: false };

    const first = await startStreamExporter({}, options);
    await until(() => first.exported.events === 25, "25 events exported");
    await first.close();
    const saved = JSON.parse(emulator.state.connectors.get(id)!.connectorState!);
    assert.equal(
      saved.start_from,
      emulator.stream.entries[24]!.id,
      "position of the last written event",
    );

    for (let n = 25; n < 28; n++) emulator.stream.append("update", indicator(n));
    const second = await startStreamExporter({}, options);
    await until(() => second.exported.events === 3, "3 new events exported");
    await second.close();
    assert.equal(second.exported.events, 3, "nothing replayed");

    const { files, ids } = await readExport(dir);
    assert.ok(files.every((name) => /^batch-\d{13}-\d{10}\.ndjson$/.test(name)), files.join());
    assert.equal(files.length, first.exported.batches + second.exported.batches);
    for (const name of files) {
      const lines = (await Deno.readTextFile(`${dir}/${name}`)).trim().split("\n");
      assert.ok(lines.length <= 10, `${name}: ${lines.length} events, over the batch size`);
    }
    assert.deepEqual(ids, Array.from({ length: 28 }, (_, n) => indicator(n).id));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("stream-exporter HTTP sink: NDJSON POSTs, a 503 retried, a 400 refused", async () => {
  const bodies: string[] = [];
  const statuses = [503, 200, 400];
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (req) => {
      assert.equal(req.headers.get("authorization"), "Bearer sink-token");
      assert.equal(req.headers.get("content-type"), "application/x-ndjson");
      bodies.push(await req.text());
      return new Response(null, { status: statuses.shift() ?? 500 });
    },
  );
  const sink = httpSink(`http://127.0.0.1:${server.addr.port}/ingest`, "sink-token");
  const batch: StreamBatch = {
    events: [0, 1].map((n) => ({
      type: "create",
      id: `1700000000000-${n}`,
      data: { version: "4", data: indicator(n), message: "", origin: {} },
    })),
    batch_metadata: { batch_size: 2, trigger_reason: "size_limit", elapsed_time: 0, timestamp: 0 },
  };
  await sink.write(batch);
  assert.equal(bodies.length, 2, "the 503 was retried");
  assert.equal(bodies[0], bodies[1]);
  assert.deepEqual(bodies[0]!.trim().split("\n").map((l) => JSON.parse(l).id), [
    "1700000000000-0",
    "1700000000000-1",
  ]);
  await assert.rejects(sink.write(batch), /refused a batch: HTTP 400/);
});

Deno.test("stream-exporter settings: defaults, a float timeout, bad values refused before registering", () => {
  const env = new Map([["EXPORTER_BATCH_TIMEOUT", "2.5"]]);
  assert.deepEqual(readExporterSettings({ exporter: { output: "/data/export" } }, env), {
    output: "/data/export",
    batchSize: 100,
    batchTimeout: 2.5,
    maxPerMinute: 60,
    httpToken: null,
  });
  assert.throws(() => readExporterSettings({}, new Map()), ConfigError);
  assert.throws(
    () => readExporterSettings({ exporter: { output: "x", batch_timeout: "soon" } }, new Map()),
    /EXPORTER_BATCH_TIMEOUT must be a number of seconds > 0, got "soon"/,
  );
  assert.throws(
    () =>
      readExporterSettings(
        { exporter: { output: "x" } },
        new Map([["EXPORTER_BATCH_SIZE", "ten"]]),
      ),
    ConfigError,
  );
});
