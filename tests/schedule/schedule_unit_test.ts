import assert from "node:assert/strict";
import { scheduleUnit, TimeUnit } from "../../schedule/mod.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { recordingLogger } from "../_doubles.ts";
import { errorCounter } from "./_fixtures.ts";

Deno.test("scheduleUnit waits period × unit seconds between runs", async () => {
  const clock = new FakeClock(0);
  const controller = new AbortController();
  const starts: number[] = [];
  const done = scheduleUnit({
    durationPeriod: "1.5",
    timeUnit: TimeUnit.MINUTES,
    callback: () => void starts.push(clock.now()),
    clock,
    signal: controller.signal,
  });
  await clock.tick(180_000);
  assert.deepEqual(starts, [0, 90_000, 180_000]);
  controller.abort();
  assert.equal((await done).status, "stopped");
});

Deno.test("scheduleUnit accepts unit names and runs once for a zero period", async () => {
  let runs = 0;
  const outcome = await scheduleUnit({
    durationPeriod: 0,
    timeUnit: "DAYS",
    callback: () => void runs++,
  });
  assert.equal(runs, 1);
  assert.equal(outcome.mode, "once");
});

Deno.test("scheduleUnit with a bad period or unit logs, counts and fails", async () => {
  for (const [durationPeriod, timeUnit] of [["abc", TimeUnit.HOURS], [1, 42]] as const) {
    const { logger, lines } = recordingLogger();
    const metrics = errorCounter();
    let runs = 0;
    const outcome = await scheduleUnit({
      durationPeriod,
      timeUnit: timeUnit as TimeUnit,
      callback: () => void runs++,
      logger,
      metrics,
    });
    assert.equal(runs, 0);
    assert.equal(outcome.exitCode, 1);
    assert.equal(metrics.count, 1);
    assert.equal(lines[0]?.message, "An unexpected error occurred during schedule_unit");
  }
});
