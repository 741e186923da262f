// Python semantics pycti's configuration relies on: int(), float(), truthiness and repr().

/** Outcome of a Python-style conversion: the value, or Python's own error text. */
export type PyResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Python's `repr()` of a string, as its error messages quote values. */
export function pyRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = "";
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return quote + out + quote;
}

/** Python's type name of a YAML/JSON value, as `int()`/`float()` errors print it. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return "NoneType";
  if (Array.isArray(value)) return "list";
  if (value instanceof Date) return "datetime.datetime";
  if (typeof value === "boolean") return "bool";
  if (typeof value === "number") return Number.isInteger(value) ? "int" : "float";
  if (typeof value === "string") return "str";
  return "dict";
}

// Python's str.strip() whitespace (ASCII and the Unicode spaces Python treats as whitespace).
const PY_WS = "[\\s\\u001c-\\u001f\\u0085]";
const STRIP = new RegExp(`^${PY_WS}+|${PY_WS}+$`, "gu");
const INT_LITERAL = /^[+-]?\d(?:_?\d)*$/;
const DIGITS = "\\d(?:_?\\d)*";
const FLOAT_LITERAL = new RegExp(
  `^[+-]?(?:(?:${DIGITS})?\\.${DIGITS}(?:[eE][+-]?${DIGITS})?|${DIGITS}\\.?(?:[eE][+-]?${DIGITS})?|inf|infinity|nan)$`,
  "i",
);

/** Python's `int(value)` for the values YAML or the environment can produce. */
export function pyInt(value: unknown): PyResult<number> {
  if (typeof value === "boolean") return { ok: true, value: value ? 1 : 0 };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { ok: false, message: "cannot convert float NaN to integer" };
    if (!Number.isFinite(value)) {
      return { ok: false, message: "cannot convert float infinity to integer" };
    }
    return { ok: true, value: Math.trunc(value) };
  }
  if (typeof value === "string") {
    const text = value.replace(STRIP, "");
    if (!INT_LITERAL.test(text)) {
      return { ok: false, message: `invalid literal for int() with base 10: ${pyRepr(value)}` };
    }
    return { ok: true, value: Number(text.replaceAll("_", "")) };
  }
  return {
    ok: false,
    message: `int() argument must be a string, a bytes-like object or a real number, not ${
      pyRepr(pyTypeName(value))
    }`,
  };
}

/** Python's `float(value)` for the values YAML or the environment can produce. */
export function pyFloat(value: unknown): PyResult<number> {
  if (typeof value === "boolean") return { ok: true, value: value ? 1 : 0 };
  if (typeof value === "number") return { ok: true, value };
  if (typeof value === "string") {
    const text = value.replace(STRIP, "");
    if (!FLOAT_LITERAL.test(text)) {
      return { ok: false, message: `could not convert string to float: ${pyRepr(value)}` };
    }
    const lower = text.toLowerCase().replace(/^[+-]/, "");
    const negative = text.startsWith("-");
    if (lower === "nan") return { ok: true, value: NaN };
    if (lower === "inf" || lower === "infinity") {
      return { ok: true, value: negative ? -Infinity : Infinity };
    }
    return { ok: true, value: Number(text.replaceAll("_", "")) };
  }
  return {
    ok: false,
    message: `float() argument must be a string or a real number, not ${pyRepr(pyTypeName(value))}`,
  };
}

/** Python truthiness: `None`, `False`, `0`, `""`, `[]`, `{}` are false; any other string is true. */
export function pyTruthy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0) return false;
  if (typeof value === "number") return true;
  if (typeof value === "string") return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object" && !(value instanceof Date)) return Object.keys(value).length > 0;
  return true;
}
