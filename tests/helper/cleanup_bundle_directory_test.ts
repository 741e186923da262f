import assert from "node:assert/strict";
import { join } from "node:path";
import { FakeClock } from "../../testing/fake_clock.ts";
import { cleanupBundleDirectory } from "../../helper/cleanup_bundle_directory.ts";

const DAY = 86_400_000;
const NOW = Date.UTC(2024, 0, 15, 10, 30, 0);

async function fileAged(dir: string, name: string, ageMs: number): Promise<void> {
  await Deno.writeTextFile(join(dir, name), "{}");
  const at = new Date(NOW - ageMs);
  await Deno.utime(join(dir, name), at, at);
}

async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

Deno.test("cleanupBundleDirectory deletes only .json files strictly older than the retention", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await fileAged(dir, "other_connector-old.json", 8 * DAY); // any connector's .json goes
    await fileAged(dir, "mine-old.json", 7 * DAY + 1);
    await fileAged(dir, "mine-boundary.json", 7 * DAY); // exactly at the cut-off: kept
    await fileAged(dir, "mine-fresh.json", 6 * DAY);
    await fileAged(dir, "notes.txt", 30 * DAY);
    await fileAged(dir, "mine-inflight.json.tmp", 30 * DAY);
    await fileAged(dir, "mine-future.json", -DAY);
    await Deno.mkdir(join(dir, "archive.json"));
    await Deno.utime(join(dir, "archive.json"), new Date(0), new Date(0));

    const deleted = await cleanupBundleDirectory(dir, {
      retentionDays: 7,
      clock: new FakeClock(NOW),
    });

    assert.deepEqual(deleted.sort(), [
      join(dir, "mine-old.json"),
      join(dir, "other_connector-old.json"),
    ]);
    assert.deepEqual(await names(dir), [
      "archive.json",
      "mine-boundary.json",
      "mine-fresh.json",
      "mine-future.json",
      "mine-inflight.json.tmp",
      "notes.txt",
    ]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupBundleDirectory: retention 0 (or negative) deletes nothing", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await fileAged(dir, "a.json", 400 * DAY);
    const clock = new FakeClock(NOW);
    assert.deepEqual(await cleanupBundleDirectory(dir, { retentionDays: 0, clock }), []);
    assert.deepEqual(await cleanupBundleDirectory(dir, { retentionDays: -1, clock }), []);
    assert.deepEqual(await names(dir), ["a.json"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("cleanupBundleDirectory: a non-numeric retention is a RangeError", async () => {
  await assert.rejects(
    cleanupBundleDirectory("/nonexistent", { retentionDays: Number("seven") }),
    { name: "RangeError", message: /retention must be a number of days, got NaN/ },
  );
});
