import assert from "node:assert/strict";
import { scheduleIso } from "../../schedule/mod.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { recordingLogger } from "../_doubles.ts";
import { errorCounter, runInfo } from "./_fixtures.ts";

Deno.test("scheduleIso runs every ISO period, publishing next and last run datetimes", async () => {
  const clock = new FakeClock(Date.UTC(2024, 0, 15, 10, 30, 0, 999));
  const controller = new AbortController();
  const info = runInfo();
  const starts: string[] = [];
  const done = scheduleIso({
    durationPeriod: "PT1H",
    callback: () => void starts.push(new Date(clock.now()).toISOString()),
    clock,
    connectorInfo: info,
    signal: controller.signal,
  });
  await clock.tick(0);
  assert.equal(info.lastRunDatetime, "2024-01-15T10:30:00Z");
  assert.equal(info.nextRunDatetime, "2024-01-15T11:30:00Z");
  await clock.tick(3_600_000);
  assert.deepEqual(starts, ["2024-01-15T10:30:00.999Z", "2024-01-15T11:30:00.999Z"]);
  assert.equal(info.lastRunDatetime, "2024-01-15T11:30:00Z");
  assert.equal(info.nextRunDatetime, "2024-01-15T12:30:00Z");
  controller.abort();
  assert.equal((await done).runs, 2);
  assert.equal(clock.pending, 0);
});

Deno.test("scheduleIso treats periods that truncate to 0 seconds as run-and-terminate", async () => {
  for (const durationPeriod of ["0", "PT0S", "PT0.5S", 0.4]) {
    let runs = 0;
    const info = runInfo();
    const outcome = await scheduleIso({
      durationPeriod,
      callback: () => void runs++,
      connectorInfo: info,
    });
    assert.equal(runs, 1, String(durationPeriod));
    assert.equal(outcome.mode, "once");
    assert.equal(outcome.exitCode, 0);
    assert.equal(info.runAndTerminate, true);
  }
});

Deno.test("scheduleIso with the run-and-terminate flag runs once whatever the period", async () => {
  let runs = 0;
  const outcome = await scheduleIso({
    durationPeriod: "P1D",
    runAndTerminate: true,
    callback: () => void runs++,
  });
  assert.equal(runs, 1);
  assert.equal(outcome.status, "completed");
});

Deno.test("scheduleIso with a malformed period logs, counts and fails without running", async () => {
  for (
    const [durationPeriod, type] of [["300", SyntaxError], ["P1000000000D", RangeError]] as const
  ) {
    const { logger, lines } = recordingLogger();
    const metrics = errorCounter();
    let runs = 0;
    const outcome = await scheduleIso({
      durationPeriod,
      callback: () => void runs++,
      logger,
      metrics,
    });
    assert.equal(runs, 0);
    assert.equal(outcome.status, "failed");
    assert.equal(outcome.exitCode, 1);
    assert.ok(outcome.error instanceof type);
    assert.equal(metrics.count, 1);
    assert.equal(lines.length, 1);
    assert.equal(lines[0]?.message, "An unexpected error occurred during schedule_iso");
    assert.match(String(lines[0]?.attributes?.reason), new RegExp(`"${durationPeriod}"`));
  }
});

Deno.test("scheduleIso refuses a negative period instead of looping back-to-back", async () => {
  let runs = 0;
  const outcome = await scheduleIso({ durationPeriod: "-PT5M", callback: () => void runs++ });
  assert.equal(runs, 0);
  assert.ok(outcome.error instanceof RangeError);
  assert.match((outcome.error as Error).message, /negative period: -300 seconds/);
});
