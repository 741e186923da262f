/**
 * pycti's deprecated `TimeUnit` enum: seconds per unit, for {@linkcode scheduleUnit}.
 *
 * @deprecated Use an ISO 8601 duration with `scheduleIso` (pycti deprecated `schedule_unit`).
 *
 * @example
 * ```ts
 * import { TimeUnit } from "@octi/connector/schedule";
 * if (TimeUnit.HOURS !== 3600) throw new Error();
 * ```
 */
export const TimeUnit: {
  readonly SECONDS: 1;
  readonly MINUTES: 60;
  readonly HOURS: 3600;
  readonly DAYS: 86400;
  readonly WEEKS: 604800;
  readonly YEARS: 31536000;
} = Object.freeze({
  SECONDS: 1,
  MINUTES: 60,
  HOURS: 3600,
  DAYS: 86400,
  WEEKS: 604800,
  YEARS: 31536000,
});

/**
 * A {@linkcode TimeUnit} value (seconds per unit).
 *
 * @deprecated Use an ISO 8601 duration with `scheduleIso`.
 */
export type TimeUnit = (typeof TimeUnit)[keyof typeof TimeUnit];

/**
 * A {@linkcode TimeUnit} member name, for units read from configuration.
 *
 * @deprecated Use an ISO 8601 duration with `scheduleIso`.
 */
export type TimeUnitName = keyof typeof TimeUnit;

// Python's float() syntax: optional sign, digits with single underscores between them, an
// optional fraction and exponent, surrounding whitespace.
const DIGITS = String.raw`\d(?:_?\d)*`;
const PYTHON_FLOAT = new RegExp(
  String.raw`^\s*[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?\s*$`,
);

/**
 * Converts a period in a {@linkcode TimeUnit} to seconds as pycti's `schedule_unit` does:
 * `float(durationPeriod) × unit`, so numeric strings such as `"1.5"` are accepted.
 *
 * @param durationPeriod A number, or text Python's `float()` accepts (finite values only).
 * @param timeUnit A {@linkcode TimeUnit} value or member name.
 * @returns Seconds, possibly fractional or negative.
 * @throws {SyntaxError} When `durationPeriod` is text that is not a number.
 * @throws {RangeError} When the period is not finite or the unit is unknown.
 *
 * @deprecated Use {@linkcode parseIsoDuration} with ISO 8601 durations.
 *
 * @example
 * ```ts
 * import { TimeUnit, timeUnitToSeconds } from "@octi/connector/schedule";
 * if (timeUnitToSeconds("1.5", TimeUnit.MINUTES) !== 90) throw new Error();
 * if (timeUnitToSeconds(2, "HOURS") !== 7200) throw new Error();
 * ```
 */
export function timeUnitToSeconds(
  durationPeriod: string | number,
  timeUnit: TimeUnit | TimeUnitName,
): number {
  const unit = typeof timeUnit === "string" ? TimeUnit[timeUnit] : timeUnit;
  if (!Object.values(TimeUnit).includes(unit)) {
    throw new RangeError(
      `Cannot use time unit ${JSON.stringify(timeUnit)}: expected one of ` +
        `${Object.keys(TimeUnit).join(", ")} or their values in seconds`,
    );
  }
  let period: number;
  if (typeof durationPeriod === "number") {
    period = durationPeriod;
  } else {
    if (typeof durationPeriod !== "string" || !PYTHON_FLOAT.test(durationPeriod)) {
      throw new SyntaxError(
        `Cannot use duration period ${JSON.stringify(durationPeriod)}: expected a number`,
      );
    }
    period = Number(durationPeriod.trim().replaceAll("_", ""));
  }
  if (!Number.isFinite(period)) {
    throw new RangeError(
      `Cannot use duration period ${JSON.stringify(durationPeriod)}: it must be finite`,
    );
  }
  return period * unit;
}
