import assert from "node:assert/strict";
import { parseIsoDuration } from "../../schedule/mod.ts";

// Results pycti (pydantic 2 timedelta, then int(total_seconds())) gives for the same input.
const accepted: Array<[string | number, number]> = [
  ["0", 0],
  // ISO 8601, with pycti's Y = 365 d, M = 30 d, W = 7 d
  ["PT5M", 300],
  ["P1D", 86_400],
  ["P1W", 604_800],
  ["P1M", 2_592_000],
  ["P1Y", 31_536_000],
  ["P1Y2M", 36_720_000],
  ["P2W3D", 1_468_800],
  ["P1.5D", 129_600],
  ["PT36H", 129_600],
  ["P18Y9W4DT11H9M8S", 573_476_948],
  ["PT1M30.25S", 90],
  ["PT1,5S", 1],
  ["P1DT", 86_400],
  ["-PT5M", -300],
  ["+PT5M", 300],
  ["P0.5Y", 15_768_000],
  ["PT5M1H", 3_900],
  ["P1D1D", 172_800],
  ["PT1H1.5M", 3_690],
  ["P1.D", 86_400],
  ["PT0S", 0],
  ["PT0.5S", 0],
  ["-PT0.5S", 0],
  ["-PT1.5S", -1],
  // the fraction is rounded to microseconds before truncation, as in pydantic
  ["PT0.9999999S", 1],
  // the sign counts towards the minimum length: pydantic reads "-PT" as zero
  ["-PT", 0],
  ["P999999999D", 999_999_999 * 86_400],
  // clock form
  ["01:02:03", 3_723],
  ["00:05", 300],
  ["25:00:00", 90_000],
  ["1:00:00", 3_600],
  ["1:00:00.5", 3_600],
  ["-01:00:00", -3_600],
  // day form
  ["1d", 86_400],
  ["3D", 259_200],
  ["1 day", 86_400],
  ["2 days", 172_800],
  ["2 days, 01:00:00", 176_400],
  ["2d 00:01", 172_860],
  // numbers are seconds
  [300, 300],
  [12.5, 12],
  [-12.5, -12],
  [12.9999999, 13],
  [0, 0],
];

for (const [input, seconds] of accepted) {
  Deno.test(`parseIsoDuration(${JSON.stringify(input)}) is ${seconds}`, () => {
    assert.equal(parseIsoDuration(input), seconds);
  });
}

const malformed: string[] = [
  "",
  "P",
  "PT",
  "-P",
  "p1d",
  "pt5m",
  "P1h",
  " PT5M",
  "PT5M ",
  "P 1D",
  "P1H",
  "PT1D",
  "P-1D",
  "P1",
  "P1DT2",
  "PTT1H",
  "P1DT1HT",
  "P1.5DT1H",
  "PT1.5H1M",
  "P.5D",
  "300",
  "-300",
  "1.5",
  "00",
  "-0",
  "5:00",
  "00:60",
  "00:00:60",
  "00:05.5",
  "1:00:00:00",
  "00:00:00.",
  "1.5d",
  "1 da",
  "1  d",
  "2 days, 24:00:00",
  "2 days, 1:00:00",
  "1 day, 00:00:00.1234567",
  "one hour",
];

for (const input of malformed) {
  Deno.test(`parseIsoDuration(${JSON.stringify(input)}) is a SyntaxError quoting it`, () => {
    assert.throws(
      () => parseIsoDuration(input),
      (error: unknown) =>
        error instanceof SyntaxError &&
        error.message.startsWith(`Cannot parse duration period ${JSON.stringify(input)}: `),
    );
  });
}

Deno.test("parseIsoDuration says why a period is malformed", () => {
  assert.throws(() => parseIsoDuration("P1H"), /before "T" a quantity must end with Y, M, W or D/);
  assert.throws(() => parseIsoDuration("PT1D"), /after "T" a quantity must end with H, M or S/);
  assert.throws(() => parseIsoDuration("P1.5DT1H"), /only the last quantity may have a fraction/);
  assert.throws(() => parseIsoDuration("PTT1H"), /"T" appears twice/);
  assert.throws(() => parseIsoDuration("P"), /it has no quantity/);
  assert.throws(() => parseIsoDuration("00:60"), /minutes must be 0–59, found 60/);
});

Deno.test("parseIsoDuration refuses what Python's timedelta or pycti's parser cannot hold", () => {
  for (const input of ["P1000000000D", "PT1200000H", "P99999999999D", "99999999999:00:00"]) {
    assert.throws(() => parseIsoDuration(input), RangeError, input);
  }
  for (const input of [Number.NaN, Number.POSITIVE_INFINITY, 1e20]) {
    assert.throws(() => parseIsoDuration(input), RangeError, String(input));
  }
  assert.throws(() => parseIsoDuration(null as unknown as string), TypeError);
});
