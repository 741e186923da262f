import assert from "node:assert/strict";
import {
  BundleWriter,
  type SendStix2BundleOptions,
  type SendStix2BundleResult,
  type StixObject,
} from "../../helper/mod.ts";
import { serializeBundle } from "../../stix/mod.ts";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import { indicator, spawnDeno } from "./_helper_fixtures.ts";

class Recorder {
  bundles: { objects: StixObject[]; id: string }[] = [];
  options: SendStix2BundleOptions[] = [];
  failOn = -1;
  send = (bundle: string, options: SendStix2BundleOptions): Promise<SendStix2BundleResult> => {
    if (this.bundles.length === this.failOn) {
      this.failOn = -1;
      return Promise.reject(new Error("broker gone"));
    }
    const parsed = JSON.parse(bundle);
    assert.equal(parsed.type, "bundle");
    assert.equal(parsed.spec_version, "2.1");
    this.bundles.push(parsed);
    this.options.push(options);
    const n = parsed.objects.length;
    return Promise.resolve({
      bundles: [],
      expectations: n,
      delivered: {
        playbook: false,
        validation: null,
        draftId: null,
        directory: null,
        s3: null,
        queue: "amqp",
        confirmed: n,
      },
    });
  };
}

Deno.test("BundleWriter sends every flushObjects objects in the same work, the rest on close", async () => {
  const sent = new Recorder();
  const writer = new BundleWriter(sent.send, {
    workId: "work_1",
    flushObjects: 4,
    send: { update: true },
  });
  async function* feed() {
    for (let i = 0; i < 10; i++) yield indicator(i);
  }
  await writer.writeAll(feed());
  assert.deepEqual(sent.bundles.map((b) => b.objects.length), [4, 4]);
  const summary = await writer.close();
  assert.deepEqual(sent.bundles.map((b) => b.objects.length), [4, 4, 2]);
  assert.deepEqual(summary, { objects: 10, sends: 3, expectations: 10, confirmed: 10 });
  assert.deepEqual(sent.options, Array(3).fill({ update: true, workId: "work_1" }));
  assert.equal(new Set(sent.bundles.map((b) => b.id)).size, 3, "a fresh bundle id per send");
  assert.deepEqual(
    sent.bundles.flatMap((b) => b.objects.map((o) => o.id)),
    Array.from({ length: 10 }, (_, i) => indicator(i).id),
    "every object once, in order",
  );
  await assert.rejects(writer.write(indicator(11)), /the bundle writer is closed/);
});

Deno.test("BundleWriter also flushes on flushBytes, counting UTF-8 bytes", async () => {
  const sent = new Recorder();
  const one = JSON.stringify(indicator(0, { name: "é".repeat(50) }));
  const bytes = new TextEncoder().encode(one).length + 1;
  const writer = new BundleWriter(sent.send, { flushBytes: bytes * 3 });
  for (let i = 0; i < 7; i++) await writer.write(indicator(i, { name: "é".repeat(50) }));
  await writer.close();
  assert.deepEqual(sent.bundles.map((b) => b.objects.length), [3, 3, 1]);
  const raw = new BundleWriter(sent.send, { flushObjects: 2 });
  await raw.write(one);
  await raw.write(one);
  assert.equal(sent.bundles.at(-1)?.objects.length, 2, "JSON text of one object is taken as is");
  await raw.close();
});

Deno.test("BundleWriter sends stix/'s serializeBundle of the objects' JSON texts as written", async () => {
  const texts: string[] = [];
  const writer = new BundleWriter((bundle) => {
    texts.push(bundle);
    return Promise.resolve({
      bundles: [],
      expectations: 0,
      delivered: {
        playbook: false,
        validation: null,
        draftId: null,
        directory: null,
        s3: null,
        queue: null,
        confirmed: 0,
      },
    });
  }, { flushObjects: 2 });
  const raw = '{ "type": "note", "id": "note--1", "n": 1.50 }';
  await writer.write(raw);
  await writer.write(indicator(0));
  await writer.close();
  assert.equal(texts.length, 1);
  const id = JSON.parse(texts[0]!).id as string;
  assert.match(id, /^bundle--[0-9a-f-]{36}$/);
  assert.equal(texts[0], serializeBundle(id, [raw, JSON.stringify(indicator(0))]));
});

Deno.test("BundleWriter stops at the first failed send and keeps reporting it", async () => {
  const sent = new Recorder();
  sent.failOn = 1;
  const writer = new BundleWriter(sent.send, { flushObjects: 2 });
  await writer.write(indicator(0));
  await writer.write(indicator(1));
  await writer.write(indicator(2));
  await assert.rejects(writer.write(indicator(3)), /broker gone/);
  await assert.rejects(writer.write(indicator(4)), /broker gone/);
  await assert.rejects(writer.close(), /broker gone/);
  assert.deepEqual(writer.summary, { objects: 4, sends: 1, expectations: 2, confirmed: 2 });
  assert.throws(() => new BundleWriter(sent.send, { flushObjects: 0 }), RangeError);
  assert.throws(() => new BundleWriter(sent.send, { flushBytes: 1.5 }), RangeError);
});

Deno.test("bundleWriter streams 300,000 objects into one work with peak RSS under 400 MB", async () => {
  await using emulator = await startOpenCTIEmulator();
  const objects = 300_000;
  const child = spawnDeno("./_bundle_writer_child.ts", {
    OPENCTI_URL: emulator.url,
    OPENCTI_TOKEN: emulator.token,
    CONNECTOR_ID: crypto.randomUUID(),
    CONNECTOR_NAME: "Large Feed",
    CONNECTOR_TYPE: "EXTERNAL_IMPORT",
    CONNECTOR_DURATION_PERIOD: "PT1H",
    // One stixBundlePush per flush: the broker would make this run a minute long.
    CONNECTOR_QUEUE_PROTOCOL: "api",
    OBJECTS: String(objects),
    FLUSH_OBJECTS: "5000",
  });
  const output = await child.output();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, stderr);
  const result = JSON.parse(new TextDecoder().decode(output.stdout).trim());
  assert.equal(result.objects, objects);
  assert.equal(result.sends, 60);
  assert.equal(result.expectations, objects);
  assert.ok(result.peakRssKb < 400 * 1024, `peak RSS ${result.peakRssKb} kB`);

  const pushed = emulator.state.pushedBundles;
  assert.equal(pushed.length, 60);
  assert.ok(pushed.every((b) => b.workId === result.workId));
  const ids = new Set<string>();
  for (const bundle of pushed) {
    for (const object of bundle.bundle.objects as StixObject[]) ids.add(object.id);
  }
  assert.equal(ids.size, objects, "every object arrived once");
  const work = emulator.state.works.get(result.workId)!;
  assert.equal(work.status, "complete");
  assert.equal(work.processed, 60);
  pushed.length = 0; // 300,000 parsed objects: let them go now
});
