// Child process of bundle_writer_rss_test.ts: streams N generated objects through
// helper.bundleWriter into the platform given by the environment, then prints one JSON line
// with its totals and its peak resident memory (VmHWM), so only this process is measured.
import { OpenCTIConnectorHelper, type StixObject } from "../../helper/mod.ts";

const total = Number(Deno.env.get("OBJECTS"));
const flushObjects = Number(Deno.env.get("FLUSH_OBJECTS"));

function* generate(count: number): Generator<StixObject> {
  for (let i = 0; i < count; i++) {
    const hex = i.toString(16).padStart(12, "0");
    yield {
      type: "indicator",
      spec_version: "2.1",
      id: `indicator--00000000-0000-4000-8000-${hex}`,
      created: "2024-01-15T10:30:00.000Z",
      modified: "2024-01-15T10:30:00.000Z",
      name: `Generated indicator ${i}`,
      pattern: `[ipv4-addr:value = '10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}']`,
      pattern_type: "stix",
      valid_from: "2024-01-15T10:30:00.000Z",
      labels: ["malicious-activity"],
    };
  }
}

function peakRssKb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  return Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1]);
}

const helper = await OpenCTIConnectorHelper.create({}, { handleSignals: false });
const workId = await helper.work.initiateWork("bundle writer run");
const writer = helper.bundleWriter({ workId, flushObjects });
await writer.writeAll(generate(total));
const summary = await writer.close();
if (workId) await helper.work.toProcessed(workId, `${summary.objects} objects`);
await helper.close();
console.log(JSON.stringify({ workId, ...summary, peakRssKb: peakRssKb() }));
