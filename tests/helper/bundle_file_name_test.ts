import assert from "node:assert/strict";
import { FakeClock } from "../../testing/fake_clock.ts";
import { bundleFileName } from "../../helper/bundle_file_name.ts";

const T = Date.UTC(2024, 0, 15, 10, 30, 0, 123); // 1705314600.123 s

function localStamp(ms: number): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-` +
    `${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

Deno.test("bundleFileName: lower-cased name, local time, epoch seconds with fraction", () => {
  const clock = new FakeClock(T);
  assert.equal(
    bundleFileName("My Connector", { clock }),
    `my_connector-${localStamp(T)}-1705314600.123.json`,
  );
});

Deno.test("bundleFileName: every space becomes _, other characters are kept", () => {
  const clock = new FakeClock(T);
  const name = bundleFileName("AlienVault  OTX Feed-2", { clock });
  assert.ok(name.startsWith("alienvault__otx_feed-2-"), name);
});

Deno.test("bundleFileName: a whole second prints as Python's float str (.0)", () => {
  const clock = new FakeClock(Date.UTC(2024, 0, 15, 10, 30, 0));
  assert.match(bundleFileName("c", { clock }), /^c-\d{8}-\d{6}-1705314600\.0\.json$/);
});

Deno.test("bundleFileName: names asked for in the same millisecond differ; clocks are independent", async () => {
  const clock = new FakeClock(T);
  const names = [0, 1, 2].map(() => bundleFileName("c", { clock }));
  assert.deepEqual(names.map((n) => n.slice(n.lastIndexOf("-") + 1)), [
    "1705314600.123.json",
    "1705314600.123001.json",
    "1705314600.123002.json",
  ]);
  await clock.tick(1);
  assert.ok(bundleFileName("c", { clock }).endsWith("-1705314600.124.json"));
  // Another clock has its own sequence.
  assert.ok(bundleFileName("c", { clock: new FakeClock(T) }).endsWith("-1705314600.123.json"));
});

Deno.test("bundleFileName: a clock stepping backwards never repeats a name", () => {
  let now = T;
  const clock = { now: () => now, setTimeout: () => 0, clearTimeout: () => {} };
  const first = bundleFileName("c", { clock });
  now = T - 5_000;
  const second = bundleFileName("c", { clock });
  assert.ok(first.endsWith("-1705314600.123.json"), first);
  assert.ok(second.endsWith("-1705314600.123001.json"), second);
});

Deno.test("bundleFileName: an empty connector name is rejected", () => {
  assert.throws(() => bundleFileName(""), {
    name: "TypeError",
    message: /CONNECTOR_NAME.*""/,
  });
});

Deno.test("bundleFileName: the date part is local time (TZ=Asia/Kolkata, UTC+05:30)", async () => {
  const moduleUrl = new URL("../../helper/bundle_file_name.ts", import.meta.url).href;
  const code = `import { bundleFileName } from ${JSON.stringify(moduleUrl)};
    console.log(bundleFileName("My Connector", { clock: { now: () => ${T}, setTimeout: () => 0, clearTimeout() {} } }));`;
  const { code: status, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-config", code],
    env: { TZ: "Asia/Kolkata" },
  }).output();
  assert.equal(status, 0, new TextDecoder().decode(stderr));
  assert.equal(
    new TextDecoder().decode(stdout).trim(),
    "my_connector-20240115-160000-1705314600.123.json",
  );
});
