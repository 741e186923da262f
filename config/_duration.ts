// The duration grammar pycti accepts for CONNECTOR_DURATION_PERIOD (pydantic v2 timedelta,
// helper-behaviour.md §6.2), giving whole seconds truncated toward zero.

const MICROS: Record<string, bigint> = {
  Y: 365n * 86_400_000_000n,
  M: 30n * 86_400_000_000n,
  W: 7n * 86_400_000_000n,
  D: 86_400_000_000n,
  H: 3_600_000_000n,
  m: 60_000_000n, // minutes, the time part's M
  S: 1_000_000n,
};

const COMPONENT = /(\d+)(?:[.,](\d+))?([A-Z])/gy;

// Exact arithmetic so `P0.29D` does not become 25055.999… seconds.
function quantity(whole: string, fraction: string | undefined, unit: bigint): bigint {
  let micros = BigInt(whole) * unit;
  if (fraction) micros += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
  return micros;
}

function components(text: string, allowed: string, time: boolean): bigint | undefined {
  let total = 0n;
  let end = 0;
  for (const match of text.matchAll(COMPONENT)) {
    const [, whole, fraction, designator] = match as unknown as [
      string,
      string,
      string | undefined,
      string,
    ];
    if (!allowed.includes(designator)) return undefined;
    total += quantity(whole, fraction, MICROS[time && designator === "M" ? "m" : designator]!);
    end = match.index + match[0].length;
  }
  return end === text.length ? total : undefined;
}

function iso(text: string): bigint | undefined {
  const match = /^([+-]?)P([^T]*)(?:T(.*))?$/.exec(text);
  if (!match) return undefined;
  const [, sign, datePart = "", timePart] = match;
  if (datePart === "" && !timePart) return undefined;
  const date = components(datePart, "YMWD", false);
  const time = timePart === undefined ? 0n : components(timePart, "HMS", true);
  if (date === undefined || time === undefined) return undefined;
  return sign === "-" ? -(date + time) : date + time;
}

function clock(hours: string, minutes: string, seconds = "0", fraction?: string): bigint {
  return BigInt(hours) * MICROS.H! + BigInt(minutes) * MICROS.m! +
    quantity(seconds, fraction, MICROS.S!);
}

function clockForm(text: string): bigint | undefined {
  const short = /^(\d{2,}):([0-5]\d)$/.exec(text);
  if (short) return clock(short[1]!, short[2]!);
  const long = /^(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,6}))?$/.exec(text);
  return long ? clock(long[1]!, long[2]!, long[3]!, long[4]) : undefined;
}

function dayForm(text: string): bigint | undefined {
  const match = /^(\d+)\s*(?:d|days?)(?:(?:,\s*|\s+)(\d+):([0-5]\d):([0-5]\d)(?:\.(\d{1,6}))?)?$/
    .exec(text);
  if (!match) return undefined;
  const days = BigInt(match[1]!) * MICROS.D!;
  return match[2] === undefined ? days : days + clock(match[2], match[3]!, match[4]!, match[5]);
}

/**
 * Seconds of a duration as pycti computes them: the string `"0"`, an ISO-8601 duration
 * (`PT5M`, `P1D`, `-PT5M`; Y = 365 days, M = 30 days), a clock form (`01:30:00`) or a day form
 * (`2 days, 01:00:00`); a number is taken as seconds. Truncated toward zero; `undefined` when
 * the value is not a duration pycti would accept.
 */
export function durationSeconds(value: unknown): number | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? Math.trunc(value) : undefined;
  if (typeof value !== "string") return undefined;
  if (value === "0") return 0;
  const micros = iso(value) ?? clockForm(value) ?? dayForm(value);
  return micros === undefined ? undefined : Number(micros / 1_000_000n);
}
