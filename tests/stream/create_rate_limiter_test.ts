import assert from "node:assert/strict";
import { type Logger, silentLogger } from "../../core/logger.ts";
import {
  createRateLimiter,
  type StreamConsumer,
  type StreamConsumerContext,
} from "../../stream/mod.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { streamEvent } from "./_sse.ts";

Deno.test("createRateLimiter validates like pycti, refusing booleans", () => {
  const cases: Array<[unknown, ErrorConstructor, string]> = [
    [1.5, TypeError, "max_per_minute must be an integer, got 1.5"],
    [true, TypeError, "max_per_minute must be an integer, got true"],
    ["5", TypeError, "max_per_minute must be an integer, got 5"],
    [0, RangeError, "max_per_minute must be > 0, got 0"],
    [-3, RangeError, "max_per_minute must be > 0, got -3"],
  ];
  for (const [value, type, message] of cases) {
    assert.throws(() => createRateLimiter(value as number), (error: unknown) => {
      assert.ok(error instanceof type, String(error));
      assert.equal((error as Error).message, message);
      return true;
    });
  }
  const lines: string[] = [];
  const logger: Logger = {
    debug() {},
    info: (m, meta) => void lines.push(`INFO ${m} ${JSON.stringify(meta)}`),
    warning: (m, meta) => void lines.push(`WARNING ${m} ${JSON.stringify(meta)}`),
    error() {},
  };
  createRateLimiter(10_001, { logger });
  assert.deepEqual(lines, [
    'WARNING Very high max_per_minute configured {"max_per_minute":10001}',
    'INFO Rate limiter created {"max_per_minute":10001}',
  ]);
});

Deno.test("createRateLimiter holds at most max_per_minute calls in any 60 s window", async () => {
  const clock = new FakeClock(0);
  const limiter = createRateLimiter(3, { clock });
  const doneAt: number[] = [];
  const waits = Promise.all(
    Array.from({ length: 7 }, () =>
      limiter.waitIfNeeded().then((wait) => {
        doneAt.push(clock.now());
        return wait;
      })),
  );
  for (let t = 0; t < 13; t++) await clock.tick(10_000);
  assert.deepEqual(await waits, [0, 0, 0, 60, 0, 0, 60]);
  assert.deepEqual(doneAt, [0, 0, 0, 60_000, 60_000, 60_000, 120_000]);
  for (const t of doneAt) {
    const inWindow = doneAt.filter((other) => other > t - 60_000 && other <= t).length;
    assert.ok(inWindow <= 3, `${inWindow} calls in the minute ending at ${t}`);
  }
});

Deno.test("createRateLimiter: calls older than 60 s leave the window (pycti vector)", async () => {
  const clock = new FakeClock(0);
  const limiter = createRateLimiter(2, { clock });
  await limiter.waitIfNeeded(); // t = 0
  await clock.tick(31_000);
  await limiter.waitIfNeeded(); // t = 31 s
  await clock.tick(30_000);
  // t = 61 s: the call at 0 is 61 s old and gone, the one at 31 s stays.
  assert.equal(await limiter.waitIfNeeded(), 0);
  const next = limiter.waitIfNeeded(); // window: 31 s and 61 s → wait until 91 s
  await clock.tick(30_000);
  assert.equal(await next, 30);
});

Deno.test("createRateLimiter: stop() ends a wait at once and returns the computed wait", async () => {
  const clock = new FakeClock(0);
  const limiter = createRateLimiter(1, { clock });
  await limiter.waitIfNeeded();
  const waiting = limiter.waitIfNeeded();
  await clock.tick(1_000);
  limiter.stop();
  assert.equal(await waiting, 60);
  assert.equal(clock.now(), 1_000);
  assert.equal(clock.pending, 0);
  // Stopped: the wait is still computed (the call at 1 s fills the window) but not served.
  assert.equal(await limiter.waitIfNeeded(), 60);
  assert.equal(clock.now(), 1_000);
});

Deno.test("createRateLimiter: concurrent calls under the limit do not wait", async () => {
  const limiter = createRateLimiter(100, { clock: new FakeClock(0) });
  const waits = await Promise.all(Array.from({ length: 10 }, () => limiter.waitIfNeeded()));
  assert.deepEqual(waits, Array(10).fill(0));
});

Deno.test("RateLimiter.wrap limits a consumer and passes its lifecycle through", async () => {
  const clock = new FakeClock(0);
  const limiter = createRateLimiter(2, { clock });
  const handled: string[] = [];
  let attached: StreamConsumerContext | undefined;
  let stopped = false;
  const inner: StreamConsumer = {
    managesState: true,
    handle: (e) => void handled.push(e.id),
    attach: (context) => attached = context,
    stop: () => {
      stopped = true;
      return Promise.resolve();
    },
  };
  const wrapped = limiter.wrap(inner);
  assert.equal(wrapped.managesState, true);
  const context: StreamConsumerContext = {
    commit() {},
    fail() {},
    logger: silentLogger,
  };
  wrapped.attach?.(context);
  assert.equal(attached, context);
  await wrapped.handle(streamEvent(0));
  await wrapped.handle(streamEvent(1));
  const third = wrapped.handle(streamEvent(2));
  await clock.tick(59_000);
  assert.equal(handled.length, 2);
  await clock.tick(1_000);
  await third;
  assert.deepEqual(handled, [streamEvent(0).id, streamEvent(1).id, streamEvent(2).id]);
  await wrapped.stop?.();
  assert.ok(stopped);
  assert.equal(limiter.wrap(() => {}).managesState, false);
});
