// `deno task demo` end to end, as a user runs it on a machine without RabbitMQ (`--api`; CI
// also runs the task itself, which uses RabbitMQ when it is there).
import assert from "node:assert/strict";
import { runDeno } from "./_fixtures.ts";

Deno.test("demo: the three examples against the emulator, exit 0 and a summary", async () => {
  const run = await runDeno(["run", "-A", "--frozen", "examples/demo.ts", "--api"]);
  assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
  const out = run.stdout;
  for (
    const expected of [
      "no RabbitMQ: bundles go to the platform's API (queue protocol api)",
      "connector: 8 new IOCs, 26 objects sent",
      ': complete, 1/1 expectations, last message "8 new IOCs, 26 objects sent"',
      "second run: nothing new since last_seen, no work created",
      'work "login-update.example resolves to 192.0.2.80, 2001:db8::80"',
      "internal-only.example (TLP:RED): callback HTTP 202, work refused",
      "the demo appends each",
      "events written (",
      "resumed: 2 new events exported, none replayed",
      "demo ok",
    ]
  ) {
    assert.ok(out.includes(expected), `missing "${expected}" in:\n${out}`);
  }
  assert.match(out, /stream events exported\s+32 in \d+ files/);
  // The connector log file it names holds pycti's JSON log lines.
  const logPath = /connector logs\s+(\S+)/.exec(out)?.[1];
  assert.ok(logPath);
  const lines = (await Deno.readTextFile(logPath)).trim().split("\n").map((l) => JSON.parse(l));
  assert.ok(
    lines.some((l) => l.name === "IOC Feed" && l.message === "Connector registered with ID"),
  );
  await Deno.remove(logPath);
});
