// `deno task build` (scripts/build.ts): one example bundled into a single JavaScript file,
// which then runs on its own — outside the repository, without deno.json, the lock file or
// node_modules, with only the permissions its README lists — against the emulator.
import assert from "node:assert/strict";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import { runDeno } from "./_fixtures.ts";

Deno.test("build: the bundled external-import example runs alone against the emulator", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const build = await runDeno([
      "run",
      "-A",
      "scripts/build.ts",
      "--out-dir",
      dir,
      "external-import",
    ]);
    assert.equal(build.code, 0, build.stderr);
    const [entry, ...others] = [...Deno.readDirSync(dir)].map((e) => e.name);
    assert.deepEqual([entry, others], ["external-import.js", []]);
    const text = await Deno.readTextFile(`${dir}/external-import.js`);
    assert.doesNotMatch(
      text,
      /^import .* from "(npm:|jsr:|@octi\/|\.)/m,
      "no import left to resolve",
    );

    await using emulator = await startOpenCTIEmulator();
    const feed = `${dir}/feed.json`;
    await Deno.writeTextFile(
      feed,
      JSON.stringify([
        { type: "ipv4-addr", value: "203.0.113.9", first_seen: "2024-05-01T00:00:00Z" },
      ]),
    );
    const id = crypto.randomUUID();
    const run = await runDeno([
      "run",
      "--no-config",
      "--no-lock",
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "external-import.js",
    ], {
      cwd: dir,
      env: {
        OPENCTI_URL: emulator.url,
        OPENCTI_TOKEN: emulator.token,
        CONNECTOR_ID: id,
        CONNECTOR_NAME: "Bundled Feed",
        CONNECTOR_TYPE: "EXTERNAL_IMPORT",
        CONNECTOR_DURATION_PERIOD: "PT1H",
        CONNECTOR_RUN_AND_TERMINATE: "true",
        CONNECTOR_QUEUE_PROTOCOL: "api",
        CONNECTOR_LOG_LEVEL: "info",
        IOC_FEED_URL: feed,
      },
    });
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /"message":"1 new IOCs, 5 objects sent"/);
    const [pushed] = emulator.state.pushedBundles;
    assert.equal(pushed?.connectorId, id);
    assert.ok(
      (pushed.bundle.objects as { value?: string }[]).some((o) => o.value === "203.0.113.9"),
    );
    const state = JSON.parse(emulator.state.connectors.get(id)!.connectorState!);
    assert.equal(state.last_seen, "2024-05-01T00:00:00.000Z");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
