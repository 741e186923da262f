import assert from "node:assert/strict";
import { backoffDelay, sleep } from "../../core/mod.ts";
import { FakeClock } from "../../testing/mod.ts";

Deno.test("FakeClock fires timers in order, including ones scheduled on the way", async () => {
  const clock = new FakeClock(0);
  const order: string[] = [];
  clock.setTimeout(() => order.push("b@20"), 20);
  clock.setTimeout(() => {
    order.push("a@10");
    clock.setTimeout(() => order.push("c@15"), 5);
  }, 10);
  const cancelled = clock.setTimeout(() => order.push("never"), 12);
  clock.clearTimeout(cancelled);
  await clock.tick(19);
  assert.deepEqual(order, ["a@10", "c@15"]);
  assert.equal(clock.now(), 19);
  await clock.tick(1);
  assert.deepEqual(order, ["a@10", "c@15", "b@20"]);
  assert.equal(clock.pending, 0);
});

Deno.test("sleep on a fake clock resolves on tick and rejects on abort", async () => {
  const clock = new FakeClock(0);
  const controller = new AbortController();
  const slept = sleep(1_000, { clock });
  const aborted = sleep(1_000, { clock, signal: controller.signal });
  controller.abort(new Error("stop"));
  await assert.rejects(aborted, /stop/);
  await clock.tick(1_000);
  await slept;
  assert.equal(clock.pending, 0);
});

Deno.test("backoffDelay grows, caps and jitters within half the delay", () => {
  assert.equal(backoffDelay(0, { initialMs: 100, random: () => 0 }), 50);
  assert.equal(backoffDelay(0, { initialMs: 100, random: () => 0.999999 }) < 100, true);
  assert.equal(backoffDelay(10, { initialMs: 100, maxMs: 1_000, random: () => 0 }), 500);
  assert.throws(() => backoffDelay(-1), RangeError);
});

Deno.test("sleep longer than a 32-bit timer waits the whole time", async () => {
  const clock = new FakeClock(0);
  const month = 30 * 86_400_000;
  let woke = false;
  const slept = sleep(month, { clock }).then(() => woke = true);
  await clock.tick(2 ** 31);
  assert.equal(woke, false);
  await clock.tick(month - 2 ** 31);
  await slept;
  assert.equal(woke, true);
});

Deno.test("sleep rejects NaN instead of re-arming its timer forever", async () => {
  const clock = new FakeClock(0);
  await assert.rejects(sleep(Number.NaN, { clock }), RangeError);
  assert.equal(clock.pending, 0);
});
