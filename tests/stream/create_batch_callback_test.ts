import assert from "node:assert/strict";
import { type Logger, type LogMeta, silentLogger } from "../../core/logger.ts";
import {
  type BatchCallbackOptions,
  createBatchCallback,
  type StreamBatch,
  type StreamConsumerContext,
} from "../../stream/mod.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { recordingClock } from "../_doubles.ts";
import { streamEvent } from "./_sse.ts";

function summary(batches: StreamBatch[]): string[] {
  return batches.map((b) => `${b.batch_metadata.batch_size}:${b.batch_metadata.trigger_reason}`);
}

function recordingContext(): StreamConsumerContext & { commits: string[]; failures: unknown[] } {
  const commits: string[] = [];
  const failures: unknown[] = [];
  return {
    commits,
    failures,
    logger: silentLogger,
    commit: (e) => void commits.push(e.id),
    fail: (error) => void failures.push(error),
  };
}

function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => open = resolve);
  return { wait, open };
}

Deno.test("createBatchCallback validates its parameters with pycti's messages", () => {
  const noop = () => {};
  const cases: Array<[BatchCallbackOptions, ErrorConstructor, string]> = [
    [{}, TypeError, "At least one of batch_size or batch_timeout must be specified"],
    [{ batchSize: null, batchTimeout: null }, TypeError, "At least one of batch_size"],
    [{ batchSize: 1.5 }, TypeError, "batch_size must be an integer, got 1.5"],
    [
      { batchSize: true as unknown as number },
      TypeError,
      "batch_size must be an integer, got true",
    ],
    [{ batchSize: 0 }, RangeError, "batch_size must be > 0, got 0"],
    [
      { batchTimeout: "5" as unknown as number },
      TypeError,
      "batch_timeout must be a number, got 5",
    ],
    [{ batchTimeout: -0.5 }, RangeError, "batch_timeout must be > 0, got -0.5"],
    [{ batchSize: 10, maxPerMinute: 0 }, RangeError, "max_per_minute must be > 0, got 0"],
    [{ batchSize: 10, maxPerMinute: 2.5 }, TypeError, "max_per_minute must be an integer"],
  ];
  for (const [options, type, message] of cases) {
    assert.throws(() => createBatchCallback(noop, options), (error: unknown) => {
      assert.ok(error instanceof type, `${JSON.stringify(options)}: ${String(error)}`);
      assert.ok((error as Error).message.startsWith(message), (error as Error).message);
      return true;
    });
  }
});

Deno.test("createBatchCallback: 12 events, size 5, timeout 0.1 s → 5, 5 by size, 2 by timeout", async () => {
  const clock = new FakeClock(1_700_000_000_000);
  const batches: StreamBatch[] = [];
  const wrapper = createBatchCallback((b) => void batches.push(b), {
    batchSize: 5,
    batchTimeout: 0.1,
    clock,
  });
  const context = recordingContext();
  wrapper.attach(context);
  for (let n = 0; n < 12; n++) await wrapper.handle(streamEvent(n));
  assert.deepEqual(summary(batches), ["5:size_limit", "5:size_limit"]);
  assert.equal(wrapper.pending, 2);
  await clock.tick(99);
  assert.equal(batches.length, 2);
  await clock.tick(1);
  assert.deepEqual(summary(batches), ["5:size_limit", "5:size_limit", "2:timeout"]);
  const last = batches[2]!;
  assert.deepEqual(last.events.map((e) => e.id), [streamEvent(10).id, streamEvent(11).id]);
  assert.equal(last.batch_metadata.elapsed_time, 0.1);
  assert.equal(last.batch_metadata.timestamp, (1_700_000_000_000 + 100) / 1000);
  assert.deepEqual(context.commits, [streamEvent(4).id, streamEvent(9).id, streamEvent(11).id]);
  await wrapper.stop();
  assert.equal(batches.length, 3);
});

Deno.test("createBatchCallback without a size: one timeout batch of everything", async () => {
  const clock = new FakeClock(0);
  const batches: StreamBatch[] = [];
  const wrapper = createBatchCallback((b) => void batches.push(b), { batchTimeout: 0.1, clock });
  for (let n = 0; n < 8; n++) await wrapper.handle(streamEvent(n));
  await clock.tick(100);
  assert.deepEqual(summary(batches), ["8:timeout"]);
  await wrapper.stop();
  assert.equal(batches.length, 1);
});

Deno.test("createBatchCallback flushes at stop in chunks of batch_size, with backpressure", async () => {
  const clock = new FakeClock(0);
  const first = gate();
  const batches: StreamBatch[] = [];
  const wrapper = createBatchCallback(async (b) => {
    batches.push(b);
    if (batches.length === 1) await first.wait;
  }, { batchSize: 3, clock });
  for (let n = 0; n < 6; n++) await wrapper.handle(streamEvent(n));
  // One batch running, a full one waiting: the next event has to wait for room.
  let seventhAccepted = false;
  const seventh = wrapper.handle(streamEvent(6)).then(() => seventhAccepted = true);
  await clock.tick(0);
  assert.equal(seventhAccepted, false);
  assert.equal(wrapper.pending, 4);
  const stopped = wrapper.stop();
  first.open();
  await seventh;
  await stopped;
  assert.deepEqual(summary(batches), ["3:size_limit", "3:shutdown", "1:shutdown"]);
  assert.deepEqual(
    batches.flatMap((b) => b.events.map((e) => e.id)),
    [0, 1, 2, 3, 4, 5, 6].map((n) => streamEvent(n).id),
  );
  await assert.rejects(() => wrapper.handle(streamEvent(7)), TypeError);
});

Deno.test("createBatchCallback gives what stays after a cut a fresh timeout window", async () => {
  const clock = new FakeClock(0);
  const first = gate();
  const batches: Array<StreamBatch & { at: number }> = [];
  const wrapper = createBatchCallback(async (b) => {
    batches.push({ ...b, at: clock.now() });
    if (batches.length === 1) await first.wait;
  }, { batchSize: 2, batchTimeout: 10, clock });
  await wrapper.handle(streamEvent(0));
  await clock.tick(5_000);
  await wrapper.handle(streamEvent(1)); // full: [0, 1] runs and blocks
  await wrapper.handle(streamEvent(2));
  await wrapper.handle(streamEvent(3));
  const fifth = wrapper.handle(streamEvent(4)); // buffer [2, 3, 4]: waits for room
  await clock.tick(3_000);
  first.open(); // t = 8 s: [2, 3] is cut; [4] starts a window at 8 s
  await fifth;
  await clock.tick(6_999); // t = 14.999 s: 10 s after event 4 arrived would be 15 s
  assert.equal(batches.length, 2);
  await clock.tick(3_001); // t = 18 s
  assert.deepEqual(summary(batches), ["2:size_limit", "2:size_limit", "1:timeout"]);
  assert.deepEqual(batches.map((b) => b.at), [5_000, 8_000, 18_000]);
  assert.equal(batches[2]!.batch_metadata.elapsed_time, 10);
  await wrapper.stop();
});

Deno.test("createBatchCallback: a failing batch commits nothing and reports the error", async () => {
  const clock = new FakeClock(0);
  const errors: LogMeta[] = [];
  const logger: Logger = {
    debug() {},
    info() {},
    warning() {},
    error: (message, meta) => void (message === "Batch callback failed" && errors.push(meta!)),
  };
  const wrapper = createBatchCallback((b) => {
    if (b.events[0]!.id === streamEvent(2).id) throw new RangeError("SIEM rejected the batch");
  }, { batchSize: 2, clock, logger });
  const context = recordingContext();
  wrapper.attach(context);
  for (const n of [0, 1, 2]) await wrapper.handle(streamEvent(n));
  await assert.rejects(() => wrapper.handle(streamEvent(3)), RangeError);
  assert.deepEqual(context.commits, [streamEvent(1).id]);
  assert.equal(context.failures.length, 1);
  assert.deepEqual(errors, [{
    error: "SIEM rejected the batch",
    error_type: "RangeError",
    batch_size: 2,
    trigger_reason: "size_limit",
  }]);
  await assert.rejects(() => wrapper.stop(), RangeError);
  assert.deepEqual(context.commits, [streamEvent(1).id]);
});

Deno.test("createBatchCallback with max_per_minute limits batch executions", async () => {
  const clock = new FakeClock(0);
  const at: number[] = [];
  const wrapper = createBatchCallback(() => void at.push(clock.now()), {
    batchSize: 1,
    maxPerMinute: 2,
    clock,
  });
  for (const n of [0, 1, 2]) await wrapper.handle(streamEvent(n));
  await clock.tick(59_999);
  assert.deepEqual(at, [0, 0]);
  await clock.tick(1);
  assert.deepEqual(at, [0, 0, 60_000]);
  await wrapper.stop();
});

Deno.test("createBatchCallback: a timeout longer than a timer holds fires on time, not at once", async () => {
  const fake = new FakeClock(0);
  const { clock, delays } = recordingClock(fake);
  const batches: StreamBatch[] = [];
  const monthS = 30 * 86_400;
  const wrapper = createBatchCallback((b) => void batches.push(b), { batchTimeout: monthS, clock });
  await wrapper.handle(streamEvent(0));
  await fake.tick(monthS * 1000 - 1);
  assert.equal(batches.length, 0);
  await fake.tick(1);
  assert.deepEqual(summary(batches), ["1:timeout"]);
  assert.ok(delays.every((ms) => ms <= 2 ** 31 - 1), `timer delays: ${delays}`);
  await wrapper.stop();
});
