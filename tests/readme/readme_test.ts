// Keeps README.md honest: the generated configuration reference matches config/, the
// 20-line connector type-checks and runs against the emulator, the migration table names only
// methods that exist, and the two commands are the ones CI runs.
import assert from "node:assert/strict";
import { OpenCTIConnectorHelper } from "../../helper/mod.ts";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import {
  configReferenceOf,
  normalizeMarkdownTable,
  renderConfigReference,
} from "../../scripts/gen_config_docs.ts";
import * as config from "../../config/mod.ts";
import * as stix from "../../stix/mod.ts";
import { connectorEnv, REPO_ROOT, runDeno } from "../examples/_fixtures.ts";

const README = await Deno.readTextFile(new URL("../../README.md", import.meta.url));

function section(heading: string): string {
  const start = README.indexOf(`\n## ${heading}\n`);
  assert.ok(start >= 0, `README has no "## ${heading}" section`);
  const end = README.indexOf("\n## ", start + 1);
  return README.slice(start, end < 0 ? undefined : end);
}

Deno.test("README configuration reference is the one generated from config/", () => {
  const generated = renderConfigReference();
  assert.equal(
    normalizeMarkdownTable(configReferenceOf(README)),
    normalizeMarkdownTable(generated),
    "README.md is out of date: run deno run --allow-read --allow-write --allow-run scripts/gen_config_docs.ts",
  );
  for (const setting of config.connectorSettingsTable) {
    assert.ok(configReferenceOf(README).includes(`\`${setting.env}\``), setting.env);
  }
  // The check does notice a change in the table.
  const changed = config.connectorSettingsTable.map((s) =>
    s.env === "CONNECTOR_METRICS_PORT" ? { ...s, default: 9096 } : s
  );
  assert.notEqual(
    normalizeMarkdownTable(renderConfigReference(changed)),
    normalizeMarkdownTable(generated),
  );
});

Deno.test("README's two commands are there verbatim, and CI runs the test one", async () => {
  assert.ok(README.includes("npx -y deno@2.9.6 task demo"));
  assert.ok(README.includes("npx -y deno@2.9.6 task test"));
  const ci = await Deno.readTextFile(new URL("../../.ci/run", import.meta.url));
  assert.match(ci, /npx -y "deno@\$DENO_VERSION" task test/);
  assert.equal(
    (await Deno.readTextFile(new URL("../../.deno-version", import.meta.url))).trim(),
    "2.9.6",
  );
});

Deno.test("README's 20-line connector type-checks and runs once against the emulator", async () => {
  const marker = README.indexOf("<!-- readme-connector");
  assert.ok(marker >= 0);
  const open = README.indexOf("```ts ignore\n", marker) + "```ts ignore\n".length;
  const code = README.slice(open, README.indexOf("```\n", open));
  assert.ok(code.split("\n").length <= 24, "about 20 lines");

  await using emulator = await startOpenCTIEmulator();
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/connector.ts`, code);
    const env = Object.fromEntries(connectorEnv(emulator, {
      CONNECTOR_NAME: "README Feed",
      CONNECTOR_TYPE: "EXTERNAL_IMPORT",
      CONNECTOR_DURATION_PERIOD: "PT1H",
      CONNECTOR_RUN_AND_TERMINATE: "true",
      CONNECTOR_QUEUE_PROTOCOL: "api",
    }));
    const run = await runDeno([
      "run",
      "--check",
      "--config",
      `${REPO_ROOT}deno.json`,
      "--allow-net",
      "--allow-env",
      "--allow-read",
      "connector.ts",
    ], { cwd: dir, env });
    assert.equal(run.code, 0, run.stderr);
    const [work] = emulator.state.works.values();
    assert.equal(work?.status, "complete");
    assert.equal(work?.messages.at(-1)?.message, "1 objects sent");
    const [pushed] = emulator.state.pushedBundles;
    assert.deepEqual((pushed?.bundle.objects as { name: string }[]).map((o) => o.name), [
      "evil.example",
    ]);
    const state = JSON.parse(emulator.state.connectors.get(env.CONNECTOR_ID!)!.connectorState!);
    assert.match(state.last_run, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("README's migration table names only functions and members that exist", async () => {
  await using emulator = await startOpenCTIEmulator();
  await using helper = await OpenCTIConnectorHelper.create({}, {
    env: connectorEnv(emulator, { CONNECTOR_NAME: "Names", CONNECTOR_TYPE: "STREAM" }),
    logWriter: () => {},
    handleSignals: false,
  });
  const has = (path: string[]): boolean => {
    let owner: unknown = helper;
    for (const key of path) {
      if (typeof owner !== "object" || owner === null || !(key in owner)) return false;
      owner = (owner as Record<string, unknown>)[key];
    }
    return true;
  };
  const functions: Record<string, unknown> = { ...config, ...stix, OpenCTIConnectorHelper };
  const rows = section("Migrating from pycti").split("\n").filter((l) => l.startsWith("| `"));
  assert.ok(rows.length > 20);
  let checked = 0;
  for (const row of rows) {
    const ours = row.split(/(?<!\\)\|/)[2] ?? "";
    let owner: string[] = [];
    for (const [, code] of ours.matchAll(/`([^`]+)`/g)) {
      const chain = /helper\.([\w.]+)/.exec(code!);
      const call = /^(?:await )?(\w+)(?:\.\w+)?\(/.exec(code!);
      if (chain) {
        // `helper.work.toProcessed(…)`: later bare names in the row belong to `helper.work`.
        const path = chain[1]!.split(".");
        owner = path.slice(0, -1);
        assert.ok(has(path), `${row}\n  names helper.${chain[1]}, which does not exist`);
      } else if (call && call[1]! in functions) {
        assert.equal(typeof functions[call[1]!], "function", call[1]);
      } else if (call) {
        assert.ok(has([...owner, call[1]!]), `${row}\n  names ${call[1]}, which does not exist`);
      } else continue;
      checked++;
    }
  }
  assert.ok(checked > 30, `${checked} names checked`);
});
