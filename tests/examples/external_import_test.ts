// The external-import example: its feed parsing and STIX mapping, and two scheduled runs
// against the emulator (everything first, then only what is newer than the saved state).
import assert from "node:assert/strict";
import {
  generateStixId,
  splitBundle,
  TLP_MARKING_DEFINITIONS,
  tlpMarkingDefinition,
} from "../../stix/mod.ts";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import { feedToStix, parseFeed } from "../../examples/external-import/feed.ts";
import { readFeedSettings, runExternalImport } from "../../examples/external-import/main.ts";
import { ConfigError } from "../../config/mod.ts";
import { connectorEnv } from "./_fixtures.ts";

const SAMPLE = new URL("../../examples/external-import/sample_feed.csv", import.meta.url);

Deno.test("external-import feed: CSV and JSON parsed, bad entries listed, not fatal", async () => {
  const csv = parseFeed(await Deno.readTextFile(SAMPLE), "csv");
  assert.equal(csv.iocs.length, 8);
  assert.deepEqual(csv.rejected, [{ entry: 11, reason: '"999.1.2.3" is not a valid ipv4-addr' }]);
  const phishing = csv.iocs.find((ioc) => ioc.value === "login-update.example");
  assert.deepEqual(phishing, {
    type: "domain-name",
    value: "login-update.example",
    firstSeen: "2024-01-12T07:15:00.000Z",
    description: "Phishing domain, credential harvesting",
    labels: ["phishing"],
  });

  const json = parseFeed(
    JSON.stringify([
      { type: "url", value: "http://x.example/a'b", first_seen: "2024-02-01", labels: ["c2"] },
      { type: "email", value: "a@b.example", first_seen: "2024-02-01" },
      "nonsense",
    ]),
    "json",
  );
  assert.deepEqual(json.iocs.map((ioc) => [ioc.type, ioc.labels]), [["url", ["c2"]]]);
  assert.deepEqual(json.rejected.map((r) => r.entry), [2, 3]);
  assert.throws(() => parseFeed("a,b\n1,2\n", "csv"), SyntaxError);
  assert.throws(() => parseFeed('{"not": "an array"}', "json"), SyntaxError);
});

Deno.test("external-import mapping: author, TLP, pycti-style ids, consistent references", () => {
  const { iocs } = parseFeed(
    "type,value,first_seen\nfile-sha256,7F83B1657FF1FC53B92DC18148A1D65DFC2D4B1FA3D677284ADDD200126D9069,2024-01-13\n",
    "csv",
  );
  const objects = feedToStix(iocs, {
    author: "ACME",
    tlp: "tlp:amber",
    now: "2024-03-01T00:00:00Z",
  });
  assert.deepEqual(objects.map((o) => o.type), [
    "identity",
    "marking-definition",
    "file",
    "indicator",
    "relationship",
  ]);
  const [author, marking, file, indicator, relationship] = objects;
  assert.deepEqual(marking, TLP_MARKING_DEFINITIONS["TLP:AMBER"]);
  assert.equal(
    author!.id,
    generateStixId({ type: "identity", name: "acme", identity_class: "organization" }),
  );
  assert.equal(
    indicator!.pattern,
    "[file:hashes.'SHA-256' = '7f83b1657ff1fc53b92dc18148a1d65dfc2d4b1fa3d677284addd200126d9069']",
  );
  assert.equal(indicator!.created_by_ref, author!.id);
  assert.deepEqual(file!.object_marking_refs, [marking!.id]);
  assert.equal(indicator!.id, generateStixId({ type: "indicator", pattern: indicator!.pattern }));
  assert.equal(
    file!.id,
    generateStixId({ type: "file", hashes: { "SHA-256": iocs[0]!.value } }),
  );
  assert.equal(
    relationship!.id,
    generateStixId({
      type: "relationship",
      relationship_type: "based-on",
      source_ref: indicator!.id,
      target_ref: file!.id,
    }),
  );
  // Every reference resolves inside the bundle: nothing is dropped by the splitter's cleanup.
  const split = splitBundle({ type: "bundle", objects }, { cleanupInconsistentBundle: true });
  assert.equal(split.expectations, objects.length);
  assert.throws(() => feedToStix(iocs, { author: "ACME", tlp: "TLP:PURPLE", now: "" }), RangeError);
  assert.throws(() => readFeedSettings({}, new Map()), ConfigError);
  assert.throws(
    () => readFeedSettings({ ioc_feed: { url: "x", tlp: "TLP:BLUE" } }, new Map()),
    RangeError,
  );
});

Deno.test("external-import against the emulator: first run sends the feed, second only what is new", async () => {
  await using emulator = await startOpenCTIEmulator();
  let feed = await Deno.readTextFile(SAMPLE);
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response(feed, { headers: { "content-type": "text/csv" } }),
  );
  const env = connectorEnv(emulator, {
    CONNECTOR_NAME: "IOC Feed",
    CONNECTOR_TYPE: "EXTERNAL_IMPORT",
    CONNECTOR_DURATION_PERIOD: "PT1H",
    CONNECTOR_RUN_AND_TERMINATE: "true",
    CONNECTOR_QUEUE_PROTOCOL: "api",
    IOC_FEED_URL: `http://127.0.0.1:${server.addr.port}/iocs.csv`,
  });
  const id = env.get("CONNECTOR_ID")!;
  const exits: number[] = [];
  const logs: string[] = [];
  const options = {
    env,
    exit: (code: number) => exits.push(code),
    logWriter: (l: string) => logs.push(l),
    handleSignals: false,
  };

  const first = await runExternalImport({ ioc_feed: { tlp: "TLP:AMBER" } }, options);
  assert.equal(first.status, "completed");
  assert.deepEqual(exits, [0]);
  const works = () => [...emulator.state.works.values()].filter((w) => w.connectorId === id);
  assert.equal(works().length, 1);
  assert.equal(works()[0]!.status, "complete");
  assert.equal(works()[0]!.messages.at(-1)?.message, "8 new IOCs, 26 objects sent");
  const [pushed] = emulator.state.pushedBundles;
  const objects = pushed!.bundle.objects as Record<string, unknown>[];
  assert.equal(pushed!.workId, works()[0]!.id);
  assert.equal(objects.filter((o) => o.type === "indicator").length, 8);
  assert.ok(
    objects.filter((o) => o.type !== "marking-definition")
      .every((o) =>
        o.type === "identity" ||
        String(o.object_marking_refs) === tlpMarkingDefinition("TLP:AMBER").id
      ),
    "every object carries the configured TLP",
  );
  const state = () => JSON.parse(emulator.state.connectors.get(id)!.connectorState!);
  assert.equal(state().last_seen, "2024-01-13T14:05:00.000Z");
  assert.ok(logs.some((l) => l.includes("Skipping a feed entry")));

  feed += "domain-name,fresh.example,2024-02-01T00:00:00Z,New,\n";
  const second = await runExternalImport({ ioc_feed: { tlp: "TLP:AMBER" } }, options);
  assert.equal(second.status, "completed");
  assert.deepEqual(exits, [0, 0]);
  assert.equal(works().length, 2);
  const latest = emulator.state.pushedBundles.at(-1)!.bundle.objects as Record<string, unknown>[];
  assert.deepEqual(latest.filter((o) => o.type === "indicator").map((o) => o.name), [
    "fresh.example",
  ]);
  assert.equal(state().last_seen, "2024-02-01T00:00:00.000Z");

  // A failing feed fails the run: exit code 1, state untouched.
  feed = "not,a,feed\n";
  const third = await runExternalImport({ ioc_feed: { tlp: "TLP:AMBER" } }, options);
  assert.equal(third.status, "failed");
  assert.deepEqual(exits, [0, 0, 1]);
  assert.equal(state().last_seen, "2024-02-01T00:00:00.000Z");
});
