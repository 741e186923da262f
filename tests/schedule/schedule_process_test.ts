import assert from "node:assert/strict";
import { sleep } from "../../core/mod.ts";
import { scheduleProcess } from "../../schedule/mod.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { recordingClock, recordingLogger } from "../_doubles.ts";
import { errorCounter, runInfo } from "./_fixtures.ts";

const START = Date.UTC(2024, 0, 15, 10, 30, 0, 500);

Deno.test("periodic runs start a fixed delay after the previous run ended", async () => {
  const clock = new FakeClock(START);
  const controller = new AbortController();
  const info = runInfo();
  const { logger, lines } = recordingLogger();
  const starts: number[] = [];
  const checks: number[] = [];
  const done = scheduleProcess({
    durationPeriod: 60,
    callback: async () => {
      starts.push(clock.now() - START);
      await sleep(10_000, { clock }); // each run lasts 10 s
    },
    checkBuffering: () => {
      checks.push(clock.now() - START);
      return false;
    },
    clock,
    logger,
    connectorInfo: info,
    signal: controller.signal,
  });
  await clock.tick(150_000);
  assert.deepEqual(starts, [0, 70_000, 140_000]);
  // the first run is not gated; the check after it only refreshes ConnectorInfo
  assert.deepEqual(checks, [10_000, 70_000, 140_000]);
  assert.equal(info.runAndTerminate, false);
  assert.equal(info.lastRunDatetime, "2024-01-15T10:32:30Z"); // end of the third run
  assert.equal(info.nextRunDatetime, "2024-01-15T10:33:30Z"); // 60 s after it
  controller.abort();
  const outcome = await done;
  assert.deepEqual(outcome, {
    status: "stopped",
    exitCode: 0,
    mode: "periodic",
    runs: 3,
    failures: 0,
    skipped: 0,
  });
  assert.equal(clock.pending, 0);
  assert.deepEqual(
    lines.filter((l) => l.level === "INFO").map((l) => [l.message, l.attributes]),
    [
      ["Schedule next run of connector", { next_run_datetime: "2024-01-15T10:31:10Z" }],
      ["Starting schedule", undefined],
      ["Schedule next run of connector", { next_run_datetime: "2024-01-15T10:32:20Z" }],
      ["Starting schedule", undefined],
      ["Schedule next run of connector", { next_run_datetime: "2024-01-15T10:33:30Z" }],
    ],
  );
});

Deno.test("run-and-terminate runs once after a buffering check and completes", async () => {
  const clock = new FakeClock(START);
  const info = runInfo();
  const { logger, lines } = recordingLogger();
  const order: string[] = [];
  const outcome = await scheduleProcess({
    durationPeriod: 3600,
    runAndTerminate: true,
    callback: () => void order.push("run"),
    checkBuffering: () => {
      order.push("check");
      return false;
    },
    clock,
    logger,
    connectorInfo: info,
  });
  assert.deepEqual(order, ["check", "run"]);
  assert.deepEqual(outcome, {
    status: "completed",
    exitCode: 0,
    mode: "once",
    runs: 1,
    failures: 0,
    skipped: 0,
  });
  assert.equal(info.runAndTerminate, true);
  assert.equal(info.lastRunDatetime, "2024-01-15T10:30:00Z");
  assert.equal(info.nextRunDatetime, null);
  assert.deepEqual(lines.map((l) => l.message), [
    "Starting run and terminate",
    "Closing run and terminate",
  ]);
  assert.equal(clock.pending, 0);
});

Deno.test("a period of 0 runs once even without the run-and-terminate flag", async () => {
  let runs = 0;
  const outcome = await scheduleProcess({ durationPeriod: 0, callback: () => void runs++ });
  assert.equal(runs, 1);
  assert.equal(outcome.mode, "once");
  assert.equal(outcome.status, "completed");
});

Deno.test("run-and-terminate with a failing callback resolves exit code 1, logged and counted", async () => {
  const { logger, lines } = recordingLogger();
  const metrics = errorCounter();
  const info = runInfo();
  const boom = new Error("feed unreachable");
  const outcome = await scheduleProcess({
    durationPeriod: 0,
    callback: async () => {
      await Promise.resolve();
      throw boom;
    },
    logger,
    metrics,
    connectorInfo: info,
    clock: new FakeClock(START),
  });
  assert.equal(outcome.status, "failed");
  assert.equal(outcome.exitCode, 1);
  assert.equal(outcome.error, boom);
  assert.equal(outcome.failures, 1);
  assert.equal(metrics.count, 1);
  assert.equal(info.lastRunDatetime, "2024-01-15T10:30:00Z");
  const error = lines.find((l) => l.level === "ERROR");
  assert.equal(error?.message, "An unexpected error occurred during schedule");
  assert.equal(error?.attributes?.reason, "feed unreachable");
  assert.match(error?.exc_info ?? "", /feed unreachable/);
  assert.equal(lines.at(-1)?.message, "Closing run and terminate");
});

Deno.test("run-and-terminate skips the run while buffering and still completes", async () => {
  let runs = 0;
  const info = runInfo();
  const outcome = await scheduleProcess({
    durationPeriod: 0,
    callback: () => void runs++,
    checkBuffering: () => Promise.resolve(true),
    connectorInfo: info,
    clock: new FakeClock(START),
  });
  assert.equal(runs, 0);
  assert.deepEqual(
    [outcome.status, outcome.exitCode, outcome.skipped, outcome.runs],
    ["completed", 0, 1, 0],
  );
  // pycti records the (skipped) run too
  assert.equal(info.lastRunDatetime, "2024-01-15T10:30:00Z");
});

Deno.test("run-and-terminate fails without running when the buffering check fails", async () => {
  let runs = 0;
  const metrics = errorCounter();
  const { logger, lines } = recordingLogger();
  const outcome = await scheduleProcess({
    durationPeriod: 0,
    callback: () => void runs++,
    checkBuffering: () => Promise.reject(new Error("platform down")),
    logger,
    metrics,
  });
  assert.equal(runs, 0);
  assert.equal(outcome.status, "failed");
  assert.equal(outcome.exitCode, 1);
  assert.equal((outcome.error as Error).message, "platform down");
  assert.equal(metrics.count, 1);
  assert.ok(lines.some((l) => l.message === "An error occurred while checking the queue size"));
});

Deno.test("a failing periodic run is logged and counted, and the next run still happens", async () => {
  const clock = new FakeClock(START);
  const controller = new AbortController();
  const metrics = errorCounter();
  const { logger, lines } = recordingLogger();
  const info = runInfo();
  let runs = 0;
  const done = scheduleProcess({
    durationPeriod: 30,
    callback: () => {
      runs++;
      if (runs <= 2) throw new Error(`run ${runs} failed`);
    },
    clock,
    logger,
    metrics,
    connectorInfo: info,
    signal: controller.signal,
  });
  await clock.tick(60_000);
  assert.equal(runs, 3);
  assert.equal(metrics.count, 2);
  assert.deepEqual(
    lines.filter((l) => l.level === "ERROR").map((l) => [l.message, l.attributes?.reason]),
    [
      ["An unexpected error occurred during schedule", "run 1 failed"],
      ["An unexpected error occurred during schedule", "run 2 failed"],
    ],
  );
  assert.equal(info.nextRunDatetime, "2024-01-15T10:31:30Z");
  controller.abort();
  const outcome = await done;
  assert.deepEqual([outcome.status, outcome.exitCode, outcome.runs, outcome.failures], [
    "stopped",
    0,
    3,
    2,
  ]);
});

Deno.test("periodic runs are skipped while buffering, checked again one period later", async () => {
  const clock = new FakeClock(START);
  const controller = new AbortController();
  const { logger, lines } = recordingLogger();
  const metrics = errorCounter();
  const answers: Array<boolean | Error> = [true, true, true, new Error("API down"), false];
  const starts: number[] = [];
  const done = scheduleProcess({
    durationPeriod: 60,
    callback: () => void starts.push(clock.now() - START),
    checkBuffering: () => {
      const answer = answers.shift() ?? false;
      if (answer instanceof Error) throw answer;
      return answer;
    },
    clock,
    logger,
    metrics,
    signal: controller.signal,
  });
  await clock.tick(240_000);
  // run at 0 without a gate; its follow-up check (buffering) is ignored; skipped at 60 and
  // 120 s; the check at 180 s fails (counted, run skipped); the check at 240 s lets it run
  assert.deepEqual(starts, [0, 240_000]);
  assert.equal(metrics.count, 1);
  assert.ok(lines.some((l) =>
    l.message === "An error occurred while checking the queue size" &&
    l.attributes?.reason === "API down"
  ));
  controller.abort();
  const outcome = await done;
  assert.equal(outcome.skipped, 2);
  assert.equal(outcome.failures, 1);
  assert.equal(clock.pending, 0);
});

Deno.test("aborting during a run lets it finish, starts no other and leaves no timer", async () => {
  const clock = new FakeClock(START);
  const controller = new AbortController();
  let sawAbort = false;
  let runs = 0;
  let release!: () => void;
  const done = scheduleProcess({
    durationPeriod: 10,
    callback: async ({ signal }) => {
      runs++;
      await new Promise<void>((resolve) => release = resolve);
      sawAbort = signal.aborted;
    },
    checkBuffering: () => {
      throw new Error("must not be called after the abort");
    },
    clock,
    signal: controller.signal,
  });
  await clock.tick(0);
  controller.abort();
  let settled = false;
  done.then(() => settled = true);
  await clock.tick(0);
  assert.equal(settled, false, "the ongoing run is awaited");
  release();
  const outcome = await done;
  assert.equal(sawAbort, true);
  assert.equal(runs, 1);
  assert.equal(outcome.status, "stopped");
  assert.equal(outcome.failures, 0);
  assert.equal(clock.pending, 0);
});

Deno.test("an already aborted signal runs nothing", async () => {
  let runs = 0;
  const outcome = await scheduleProcess({
    durationPeriod: 60,
    callback: () => void runs++,
    signal: AbortSignal.abort(),
  });
  assert.equal(runs, 0);
  assert.equal(outcome.status, "stopped");
});

Deno.test("abort on the real clock ends a one-hour wait with no leaked timer", async () => {
  const controller = new AbortController();
  let runs = 0;
  const done = scheduleProcess({
    durationPeriod: 3600,
    callback: () => void runs++,
    signal: controller.signal,
  });
  await new Promise((resolve) => setTimeout(resolve, 10));
  controller.abort();
  const outcome = await done;
  assert.equal(runs, 1);
  assert.equal(outcome.status, "stopped");
  // Deno's timer sanitizer fails this test if the one-hour timer were still pending.
});

Deno.test("waits longer than a timer can hold are sliced and end on time", async () => {
  const fake = new FakeClock(START);
  const { clock, delays } = recordingClock(fake);
  const controller = new AbortController();
  const starts: number[] = [];
  const monthMs = 30 * 86_400_000;
  const done = scheduleProcess({
    durationPeriod: monthMs / 1000,
    callback: () => void starts.push(fake.now() - START),
    clock,
    signal: controller.signal,
  });
  await fake.tick(monthMs - 1);
  assert.deepEqual(starts, [0]);
  await fake.tick(1);
  assert.deepEqual(starts, [0, monthMs]);
  assert.ok(delays.every((ms) => ms <= 2 ** 31 - 1), `timer delays: ${delays}`);
  controller.abort();
  await done;
  assert.equal(fake.pending, 0);
});

Deno.test("scheduleProcess refuses a negative or non-numeric period without running", async () => {
  for (const durationPeriod of [-1, Number.NaN, "60" as unknown as number, 1e15]) {
    const { logger, lines } = recordingLogger();
    const metrics = errorCounter();
    let runs = 0;
    const outcome = await scheduleProcess({
      durationPeriod,
      callback: () => void runs++,
      logger,
      metrics,
    });
    assert.equal(runs, 0);
    assert.equal(outcome.status, "failed", String(durationPeriod));
    assert.equal(outcome.exitCode, 1);
    assert.ok(outcome.error instanceof RangeError || outcome.error instanceof TypeError);
    assert.equal(metrics.count, 1);
    assert.equal(lines[0]?.message, "An unexpected error occurred during schedule");
  }
});
