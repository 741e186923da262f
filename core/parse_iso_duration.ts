// pycti validates CONNECTOR_DURATION_PERIOD as a Python `timedelta` through pydantic v2, whose
// grammar lives in the `speedate` parser. The rules below reproduce what that parser accepts and
// rejects (including its arithmetic limits) so that a period valid for a pycti connector is
// valid here and vice versa.

const U32_MAX = 0xffff_ffff;
// Python's timedelta cannot hold more days than this.
const MAX_DAYS = 999_999_999;
// speedate's clock form caps hours at 24 × 10^8.
const MAX_CLOCK_HOURS = 2_400_000_000;

interface Parts {
  day: number;
  second: number;
  microsecond: number;
}

class DurationSyntax extends Error {}
class DurationTooLarge extends Error {}

function fail(reason: string): never {
  throw new DurationSyntax(reason);
}

// speedate adds up in 32-bit unsigned integers and refuses to overflow.
function checked(value: number): number {
  if (value > U32_MAX) throw new DurationTooLarge("a quantity overflows the parser's range");
  return value;
}

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= "0" && ch <= "9";
}

function describe(ch: string | undefined): string {
  return ch === undefined ? "the end of the text" : JSON.stringify(ch);
}

/** Reads an unsigned integer (ASCII digits only) starting at `pos`. */
function readInteger(text: string, pos: number): [value: number, end: number] {
  if (!isDigit(text[pos])) {
    fail(`expected a digit at position ${pos}, found ${describe(text[pos])}`);
  }
  let value = 0;
  let end = pos;
  while (isDigit(text[end])) {
    value = checked(value * 10 + (text.charCodeAt(end) - 48));
    end++;
  }
  return [value, end];
}

/** Reads `digits[(.|,)digits]`; the fraction may be empty (`1.` is one). */
function readDecimal(
  text: string,
  pos: number,
): [value: number, fraction: number | undefined, end: number] {
  const [value, intEnd] = readInteger(text, pos);
  const sep = text[intEnd];
  if (sep !== "." && sep !== ",") return [value, undefined, intEnd];
  let end = intEnd + 1;
  let decimal = 0;
  let denominator = 1;
  while (isDigit(text[end])) {
    decimal = decimal * 10 + (text.charCodeAt(end) - 48);
    denominator *= 10;
    end++;
  }
  return [value, decimal / denominator, end];
}

const DATE_UNITS: Readonly<Record<string, number>> = { Y: 365, M: 30, W: 7, D: 1 };
const TIME_UNITS: Readonly<Record<string, number>> = { H: 3600, M: 60, S: 1 };

function parseIsoForm(text: string, start: number): Parts {
  let inTime = false;
  let lastHadFraction = false;
  let day = 0;
  let second = 0;
  let microsecond = 0;
  let pos = start;
  while (pos < text.length) {
    if (text[pos] === "T") {
      if (inTime) fail(`"T" appears twice (position ${pos})`);
      inTime = true;
      pos++;
      continue;
    }
    const [value, fraction, end] = readDecimal(text, pos);
    if (lastHadFraction) fail("only the last quantity may have a fraction");
    if (fraction !== undefined) lastHadFraction = true;
    const unit = text[end];
    if (inTime) {
      const mult = unit === undefined ? undefined : TIME_UNITS[unit];
      if (mult === undefined) {
        fail(`after "T" a quantity must end with H, M or S, found ${describe(unit)}`);
      }
      second = checked(second + checked(mult * value));
      if (fraction !== undefined) {
        const extra = fraction * mult;
        const whole = Math.trunc(extra);
        second = checked(second + whole);
        microsecond = checked(microsecond + Math.round((extra - whole) * 1_000_000));
      }
    } else {
      const mult = unit === undefined ? undefined : DATE_UNITS[unit];
      if (mult === undefined) {
        fail(
          `before "T" a quantity must end with Y, M, W or D, found ${describe(unit)}` +
            (unit === "H" || unit === "S" ? ` (write "PT…${unit}" for hours/seconds)` : ""),
        );
      }
      day = checked(day + checked(value * mult));
      if (fraction !== undefined) {
        const extraDays = fraction * mult;
        const wholeDays = Math.trunc(extraDays);
        day = checked(day + wholeDays);
        const extraSeconds = (extraDays - wholeDays) * 86_400;
        const wholeSeconds = Math.trunc(extraSeconds);
        second = checked(second + wholeSeconds);
        microsecond += Math.round((extraSeconds - wholeSeconds) * 1_000_000);
      }
    }
    pos = end + 1;
  }
  // Counts the sign too: "P" and "PT" are too short, "-PT" is (as in pycti) a zero duration.
  if (text.length < 3) fail("it has no quantity");
  return { day, second, microsecond };
}

/**
 * `MM[:SS[(.|,)ffffff]]` after an hour field: minutes and seconds 0–59; at most six fraction
 * digits count, more are `truncate`d (clock form) or rejected (after a day count).
 */
function parseMinutesSeconds(
  text: string,
  pos: number,
  truncateFraction: boolean,
): [second: number, microsecond: number] {
  const two = (at: number, what: string): number => {
    if (!isDigit(text[at]) || !isDigit(text[at + 1])) {
      fail(`expected two-digit ${what} at position ${at}, found ${describe(text[at])}`);
    }
    return Number(text.slice(at, at + 2));
  };
  const minute = two(pos, "minutes");
  if (minute > 59) fail(`minutes must be 0–59, found ${minute}`);
  let end = pos + 2;
  let second = 0;
  let microsecond = 0;
  if (text[end] === ":") {
    second = two(end + 1, "seconds");
    if (second > 59) fail(`seconds must be 0–59, found ${second}`);
    end += 3;
    if (text[end] === "." || text[end] === ",") {
      end++;
      let digits = "";
      while (isDigit(text[end])) digits += text[end++];
      if (digits.length === 0) fail("the fraction of a second has no digits");
      if (digits.length > 6 && !truncateFraction) {
        fail("the fraction of a second has more than six digits");
      }
      microsecond = Number(digits.slice(0, 6).padEnd(6, "0"));
    }
  }
  if (end < text.length) fail(`unexpected ${describe(text[end])} at position ${end}`);
  return [minute * 60 + second, microsecond];
}

/** `H…H:MM[:SS[.ffffff]]`, the hour count unbounded up to speedate's limit. */
function parseClockForm(text: string, start: number): Parts {
  const colon = text.indexOf(":", start);
  if (colon < 0) fail("a clock duration needs a colon");
  if (colon - start > 10) throw new DurationTooLarge("the hour count is too large");
  let hours = 0;
  for (let i = start; i < colon; i++) {
    if (!isDigit(text[i])) fail(`invalid hour character ${describe(text[i])} at position ${i}`);
    hours = hours * 10 + (text.charCodeAt(i) - 48);
  }
  if (hours > MAX_CLOCK_HOURS) throw new DurationTooLarge("the hour count is too large");
  // speedate keeps at most "MM:SS.ffffff" (12 characters) after the hour, dropping the rest.
  const rest = text.slice(colon + 1, colon + 13);
  if (rest.length < 2) fail("it is too short");
  const [seconds, microsecond] = parseMinutesSeconds(rest, 0, true);
  return {
    day: Math.floor(hours / 24),
    second: seconds + (hours % 24) * 3600,
    microsecond,
  };
}

/** `N d`, `Nd`, `N day`, `N days`, optionally followed by `[,][ ]HH:MM[:SS[.ffffff]]`. */
function parseDaysForm(text: string, start: number): Parts {
  const [day, numberEnd] = readInteger(text, start);
  let pos = numberEnd;
  const expectedDays = 'expected "d", "day" or "days" after the number of days';
  if (text[pos] === " ") pos++;
  if (text[pos] !== "d" && text[pos] !== "D") fail(expectedDays);
  pos++;
  if (text[pos] === "a" || text[pos] === "A") {
    if (text[pos + 1] !== "y" && text[pos + 1] !== "Y") fail(expectedDays);
    pos += text[pos + 2] === "s" || text[pos + 2] === "S" ? 3 : 2;
  }
  if (text[pos] === ",") pos++;
  if (text[pos] === " ") pos++;
  if (pos >= text.length) return { day, second: 0, microsecond: 0 };
  if (!isDigit(text[pos]) || !isDigit(text[pos + 1]) || text[pos + 2] !== ":") {
    fail(`expected a time "HH:MM[:SS]" after the days at position ${pos}`);
  }
  const hour = Number(text.slice(pos, pos + 2));
  if (hour > 23) fail(`hours after a day count must be 0–23, found ${hour}`);
  const [seconds, microsecond] = parseMinutesSeconds(text, pos + 3, false);
  return { day, second: seconds + hour * 3600, microsecond };
}

function parseText(text: string): number {
  if (text.length === 0) fail("it is empty");
  let sign = 1;
  let offset = 0;
  if (text[0] === "+" || text[0] === "-") {
    sign = text[0] === "-" ? -1 : 1;
    offset = 1;
  }
  let parts: Parts;
  if (text[offset] === "P") parts = parseIsoForm(text, offset + 1);
  else if (/[dD]/.test(text) || text.length < 5) parts = parseDaysForm(text, offset);
  else parts = parseClockForm(text, offset);

  let { day, second } = parts;
  second = checked(second + Math.floor(parts.microsecond / 1_000_000));
  day = checked(day + Math.floor(second / 86_400));
  second %= 86_400;
  if (day > MAX_DAYS) throw new DurationTooLarge(`it exceeds ${MAX_DAYS} days`);
  // int(total_seconds()) truncates toward zero: the microseconds (< 1 s) never count.
  // `|| 0` turns -0 into 0.
  return sign * (day * 86_400 + second) || 0;
}

function parseNumber(value: number): number {
  if (!Number.isFinite(value)) {
    throw new RangeError(`Cannot use duration period ${value}: it must be a finite number`);
  }
  // pydantic rounds the fraction to microseconds (half away from zero), then carries.
  const magnitude = Math.abs(value);
  const whole = Math.trunc(magnitude);
  const seconds = whole + (Math.round((magnitude - whole) * 1_000_000) >= 1_000_000 ? 1 : 0);
  if (seconds / 86_400 > MAX_DAYS) {
    throw new RangeError(`Cannot use duration period ${value}: it exceeds ${MAX_DAYS} days`);
  }
  return Math.sign(value) * seconds || 0;
}

/**
 * Converts a connector duration period (`CONNECTOR_DURATION_PERIOD`) to whole seconds with
 * pycti's rules — what pydantic v2 accepts as a Python `timedelta`, then `int(total_seconds())`:
 *
 * - the exact string `"0"` is 0 (other numeric strings such as `"300"` are rejected);
 * - ISO 8601 `[±]P…[T…]` with `Y` = 365 days, `M` = 30 days (before `T`), `W` = 7 days, `D`,
 *   then `H`, `M`, `S` after `T`; upper-case designators only; decimals with `.` or `,` in the
 *   last quantity only; designators may repeat or come in any order (values add up);
 * - clock form `H…H:MM[:SS[.ffffff]]` (hours may exceed 23) and day form `N d[ays][, HH:MM:SS]`;
 * - a number is taken as seconds.
 *
 * The result is truncated toward zero, so `"PT0.5S"` gives 0 (which means run-and-terminate
 * to the schedulers), and may be negative (`"-PT5M"` gives -300).
 *
 * @param durationPeriod The configured period, as text or as a number of seconds.
 * @returns Whole seconds.
 * @throws {SyntaxError} When the text is not a duration; the message quotes it and says why.
 * @throws {RangeError} When the duration exceeds 999 999 999 days (Python's `timedelta` limit)
 * or the parser's 32-bit intermediate sums (e.g. `"PT1200000H"`, refused by pycti too), or a
 * number is not finite.
 *
 * @example
 * ```ts
 * import { parseIsoDuration } from "@octi/connector/core";
 * import assert from "node:assert/strict";
 *
 * assert.equal(parseIsoDuration("PT5M"), 300);
 * assert.equal(parseIsoDuration("P1M"), 30 * 86_400);
 * assert.equal(parseIsoDuration("PT1M30.25S"), 90);
 * assert.throws(() => parseIsoDuration("300"), SyntaxError);
 * ```
 */
export function parseIsoDuration(durationPeriod: string | number): number {
  if (typeof durationPeriod === "number") return parseNumber(durationPeriod);
  if (typeof durationPeriod !== "string") {
    throw new TypeError(
      `Cannot parse duration period: expected a string or a number, got ${typeof durationPeriod}`,
    );
  }
  if (durationPeriod === "0") return 0;
  const quoted = JSON.stringify(durationPeriod);
  try {
    return parseText(durationPeriod);
  } catch (error) {
    if (error instanceof DurationTooLarge) {
      throw new RangeError(`Cannot use duration period ${quoted}: ${error.message}`);
    }
    if (!(error instanceof DurationSyntax)) throw error;
    throw new SyntaxError(
      `Cannot parse duration period ${quoted}: ${error.message}; ` +
        `expected an ISO 8601 duration such as "PT1H" or "P1D"`,
    );
  }
}
