import assert from "node:assert/strict";
import { TimeUnit, timeUnitToSeconds } from "../../schedule/mod.ts";

Deno.test("TimeUnit has pycti's seconds per unit", () => {
  assert.deepEqual({ ...TimeUnit }, {
    SECONDS: 1,
    MINUTES: 60,
    HOURS: 3600,
    DAYS: 86400,
    WEEKS: 604800,
    YEARS: 31536000,
  });
  assert.ok(Object.isFrozen(TimeUnit));
});

Deno.test("timeUnitToSeconds multiplies float(period) by the unit, as schedule_unit", () => {
  assert.equal(timeUnitToSeconds(5, TimeUnit.MINUTES), 300);
  assert.equal(timeUnitToSeconds("1.5", TimeUnit.MINUTES), 90);
  assert.equal(timeUnitToSeconds(" 2 ", "HOURS"), 7200);
  assert.equal(timeUnitToSeconds("1_000", TimeUnit.SECONDS), 1000);
  assert.equal(timeUnitToSeconds("1e1", TimeUnit.SECONDS), 10);
  assert.equal(timeUnitToSeconds(".5", TimeUnit.DAYS), 43200);
  assert.equal(timeUnitToSeconds("0", TimeUnit.YEARS), 0);
  assert.equal(timeUnitToSeconds("-1", TimeUnit.WEEKS), -604800);
});

Deno.test("timeUnitToSeconds rejects what Python's float() rejects, and unknown units", () => {
  for (const bad of ["", "abc", "1__0", "_1", "0x10", "1.5.2", "PT1H"]) {
    assert.throws(
      () => timeUnitToSeconds(bad, TimeUnit.SECONDS),
      (e: unknown) => e instanceof SyntaxError && e.message.includes(JSON.stringify(bad)),
    );
  }
  assert.throws(() => timeUnitToSeconds("1e999", TimeUnit.SECONDS), RangeError);
  assert.throws(() => timeUnitToSeconds(Number.NaN, TimeUnit.SECONDS), RangeError);
  assert.throws(() => timeUnitToSeconds(1, 7 as TimeUnit), /Cannot use time unit 7/);
  assert.throws(() => timeUnitToSeconds(1, "MONTHS" as "DAYS"), /"MONTHS"/);
});
