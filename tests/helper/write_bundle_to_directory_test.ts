import assert from "node:assert/strict";
import { join } from "node:path";
import { createLogger } from "../../core/logger.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { bundleFileName } from "../../helper/bundle_file_name.ts";
import { BundleSinkError } from "../../helper/bundle_sink_error.ts";
import { writeBundleToDirectory } from "../../helper/write_bundle_to_directory.ts";

const T = Date.UTC(2024, 0, 15, 10, 30, 0, 123);
const DAY = 86_400_000;
const connector = {
  id: "5ef2e4a6-8f4b-4a3c-9d8e-2b1f0c7a6e51",
  name: "My Connector",
  type: "EXTERNAL_IMPORT",
  scope: "report",
  auto: true,
  validateBeforeImport: false,
};
const bundle = JSON.stringify({
  type: "bundle",
  id: "bundle--8d6b5a1c-2f3e-4d5c-9b8a-7f6e5d4c3b2a",
  objects: [{ type: "identity", id: "identity--1", name: "é€😀" }],
});

async function names(dir: string): Promise<string[]> {
  const out: string[] = [];
  for await (const e of Deno.readDir(dir)) out.push(e.name);
  return out.sort();
}

async function withDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("writeBundleToDirectory writes the DIRECTORY_BUNDLE envelope under pycti's name", () =>
  withDir(async (dir) => {
    const lines: string[] = [];
    const logger = createLogger({
      name: "My Connector",
      level: "INFO",
      write: (l) => lines.push(l),
    });
    const expectedName = bundleFileName("My Connector", { clock: new FakeClock(T) });
    const path = await writeBundleToDirectory(bundle, {
      directory: dir,
      connector,
      applicantId: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
      entitiesTypes: ["Identity"],
      alsoQueuing: false,
      clock: new FakeClock(T),
      logger,
    });
    assert.equal(path, join(dir, expectedName));
    assert.match(expectedName, /^my_connector-\d{8}-\d{6}-1705314600\.123\.json$/);
    assert.deepEqual(await names(dir), [expectedName]);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)), {
      bundle_type: "DIRECTORY_BUNDLE",
      applicant_id: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
      connector: {
        id: connector.id,
        name: "My Connector",
        type: "EXTERNAL_IMPORT",
        scope: "report",
        auto: true,
        validate_before_import: false,
      },
      entities_types: ["Identity"],
      bundle: JSON.parse(bundle),
      update: false,
    });
    assert.equal(lines.length, 1);
    const line = JSON.parse(lines[0]!);
    assert.equal(line.message, "The connector sending bundle to directory");
    assert.deepEqual(line.attributes, {
      connector: "My Connector",
      directory: dir,
      also_queuing: false,
    });
  }));

Deno.test("writeBundleToDirectory applies retention (default 7 days) before writing", () =>
  withDir(async (dir) => {
    for (const [name, age] of [["old.json", 8 * DAY], ["recent.json", 6 * DAY]] as const) {
      await Deno.writeTextFile(join(dir, name), "{}");
      await Deno.utime(join(dir, name), new Date(T - age), new Date(T - age));
    }
    const path = await writeBundleToDirectory(bundle, {
      directory: dir,
      connector,
      clock: new FakeClock(T),
    });
    assert.deepEqual(await names(dir), [path.slice(dir.length + 1), "recent.json"].sort());
  }));

Deno.test("writeBundleToDirectory: two bundles in the same millisecond get two files", () =>
  withDir(async (dir) => {
    const clock = new FakeClock(T);
    const a = await writeBundleToDirectory(bundle, { directory: dir, connector, clock });
    const b = await writeBundleToDirectory('{"type":"bundle","objects":[]}', {
      directory: dir,
      connector,
      clock,
    });
    assert.notEqual(a, b);
    assert.equal((await names(dir)).length, 2);
    assert.deepEqual(JSON.parse(await Deno.readTextFile(a)).bundle, JSON.parse(bundle));
  }));

Deno.test("writeBundleToDirectory: a failed rename leaves no .tmp and no partial file", () =>
  withDir(async (dir) => {
    const name = bundleFileName("My Connector", { clock: new FakeClock(T) });
    await Deno.mkdir(join(dir, name)); // the final name is taken by a directory
    const error = await writeBundleToDirectory(bundle, {
      directory: dir,
      connector,
      clock: new FakeClock(T),
    }).then(() => undefined, (e) => e);
    assert.ok(error instanceof BundleSinkError, String(error));
    assert.equal(error.sink, "directory");
    assert.equal(error.path, join(dir, name));
    assert.ok(error.message.includes(join(dir, name)), error.message);
    assert.ok(error.cause instanceof Error);
    assert.deepEqual(await names(dir), [name]);
    assert.deepEqual(await names(join(dir, name)), []);
  }));

Deno.test("writeBundleToDirectory: a missing directory is a BundleSinkError and is not created", () =>
  withDir(async (dir) => {
    const missing = join(dir, "missing");
    await assert.rejects(
      writeBundleToDirectory(bundle, { directory: missing, connector, retentionDays: 0 }),
      (e: unknown) =>
        e instanceof BundleSinkError && e.path!.startsWith(missing + "/") &&
        e.cause instanceof Deno.errors.NotFound,
    );
    await assert.rejects(
      writeBundleToDirectory(bundle, { directory: missing, connector }),
      (e: unknown) => e instanceof BundleSinkError && e.cause instanceof Deno.errors.NotFound,
    );
    assert.deepEqual(await names(dir), []);
  }));

Deno.test("writeBundleToDirectory: bad input is rejected before anything is written", () =>
  withDir(async (dir) => {
    await assert.rejects(
      writeBundleToDirectory("{not json", { directory: dir, connector }),
      { name: "SyntaxError" },
    );
    await assert.rejects(
      writeBundleToDirectory(bundle, {
        directory: dir,
        connector: { ...connector, name: "a/../b" },
      }),
      { name: "TypeError", message: /must not contain a path separator/ },
    );
    await assert.rejects(
      writeBundleToDirectory(bundle, { directory: dir, connector, retentionDays: NaN }),
      { name: "RangeError" },
    );
    assert.deepEqual(await names(dir), []);
  }));

Deno.test("writeBundleToDirectory: an explicit fileName is used as is", () =>
  withDir(async (dir) => {
    const path = await writeBundleToDirectory({ type: "bundle", objects: [] }, {
      directory: dir,
      connector,
      fileName: "shared-name.json",
    });
    assert.equal(path, join(dir, "shared-name.json"));
    assert.deepEqual(JSON.parse(await Deno.readTextFile(path)).bundle, {
      type: "bundle",
      objects: [],
    });
  }));
