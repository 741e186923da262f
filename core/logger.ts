/**
 * Extra fields attached to a log line (pycti's `meta`, printed as `attributes`).
 *
 * @example
 * ```ts
 * import { createLogger, type LogMeta } from "@octi/connector/core";
 * const meta: LogMeta = { work_id: "work_1", retry_count: 2 };
 * createLogger({ name: "demo", level: "INFO", write: () => {} }).info("Retrying", meta);
 * ```
 */
export type LogMeta = Record<string, unknown>;

/**
 * Level names as pycti (Python logging) spells them.
 *
 * @example
 * ```ts
 * import { type LogLevel, parseLogLevel } from "@octi/connector/core";
 * const level: LogLevel = parseLogLevel("warn");
 * if (level !== "WARNING") throw new Error(level);
 * ```
 */
export type LogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/**
 * The one logging interface every module takes. Mirrors pycti's connector logger:
 * `logger.info("Connector registered with ID", { id })`.
 *
 * @example
 * ```ts
 * import { type Logger, createLogger } from "@octi/connector/core";
 * const logger: Logger = createLogger({ name: "My Connector", level: "INFO", write: () => {} });
 * logger.info("Connector registered with ID", { id: "b8a7" });
 * ```
 */
export interface Logger {
  /** Logs at DEBUG. */
  debug(message: string, meta?: LogMeta): void;
  /** Logs at INFO. */
  info(message: string, meta?: LogMeta): void;
  /** Logs at WARNING. */
  warning(message: string, meta?: LogMeta): void;
  /** Logs at ERROR; an `Error` found in `meta` becomes the line's `exc_info`. */
  error(message: string, meta?: LogMeta): void;
}

/**
 * Options for {@linkcode createLogger}.
 *
 * @example
 * ```ts
 * import { createLogger, type LoggerOptions } from "@octi/connector/core";
 * const lines: string[] = [];
 * const options: LoggerOptions = { name: "Feed", json: false, write: (l) => lines.push(l) };
 * createLogger(options).error("Nothing to import");
 * if (lines[0] !== "ERROR:Feed:Nothing to import") throw new Error(lines[0]);
 * ```
 */
export interface LoggerOptions {
  /** Logger name (pycti uses `CONNECTOR_NAME`). */
  name: string;
  /** Lowest level written. Default `"ERROR"`, as pycti. `"WARN"` is accepted for `"WARNING"`. */
  level?: LogLevel | "WARN" | undefined;
  /** JSON lines (pycti's `OPENCTI_JSON_LOGGING`, default true) or `LEVEL:name:message`. */
  json?: boolean | undefined;
  /** Strings that never appear in output (tokens, passwords); each is replaced by `***`. */
  secrets?: readonly string[] | undefined;
  /** Where a finished line goes; default: standard error. */
  write?: ((line: string) => void) | undefined;
  /** Time of a line; default `new Date()`. */
  now?: (() => Date) | undefined;
}

const LEVELS: Record<LogLevel, number> = {
  DEBUG: 10,
  INFO: 20,
  WARNING: 30,
  ERROR: 40,
  CRITICAL: 50,
};

/**
 * Parses a level name as Python logging does (case-insensitive, `WARN` = `WARNING`).
 *
 * @example
 * ```ts
 * import { parseLogLevel } from "@octi/connector/core";
 * if (parseLogLevel("warn") !== "WARNING") throw new Error();
 * ```
 */
export function parseLogLevel(value: string): LogLevel {
  const upper = value.trim().toUpperCase();
  const level = upper === "WARN" ? "WARNING" : upper;
  if (!(level in LEVELS)) {
    throw new RangeError(
      `Cannot use log level "${value}": expected one of DEBUG, INFO, WARNING, ERROR, CRITICAL`,
    );
  }
  return level as LogLevel;
}

const encoder = new TextEncoder();

function pythonTimestamp(date: Date): string {
  // Python prints microseconds; we have milliseconds.
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

function jsonSafe(meta: LogMeta): LogMeta {
  const out: LogMeta = {};
  for (const [key, value] of Object.entries(meta)) {
    out[key] = value instanceof Error ? { name: value.name, message: value.message } : value;
  }
  return out;
}

/**
 * Creates a pycti-compatible logger: JSON lines with `timestamp`, `level`, `name`, `message`,
 * `exc_info` (errors only) and `attributes` in that order, or Python's plain format.
 * Secrets are redacted here, once, rather than at every call site.
 *
 * @example
 * ```ts
 * import { createLogger } from "@octi/connector/core";
 * const lines: string[] = [];
 * const logger = createLogger({
 *   name: "demo",
 *   level: "INFO",
 *   secrets: ["s3cr3t"],
 *   write: (line: string) => lines.push(line),
 * });
 * logger.info("token is s3cr3t");
 * if (!lines[0]?.includes('"message":"token is ***"')) throw new Error(lines[0]);
 * ```
 */
export function createLogger(options: LoggerOptions): Logger {
  const threshold = LEVELS[parseLogLevel(options.level ?? "ERROR")];
  const json = options.json ?? true;
  // A JSON line holds a secret in escaped form (`"` → `\"`); longer secrets go first so that
  // one containing another is not left half-redacted.
  const forms = (options.secrets ?? []).filter((s) => s.length > 0)
    .flatMap((secret) => json ? [secret, JSON.stringify(secret).slice(1, -1)] : [secret]);
  const secrets = [...new Set(forms)].sort((a, b) => b.length - a.length);
  const now = options.now ?? (() => new Date());
  const write = options.write ??
    ((line: string) => Deno.stderr.writeSync(encoder.encode(line + "\n")));

  const redact = (text: string): string =>
    secrets.reduce((acc, secret) => acc.replaceAll(secret, "***"), text);

  const emit = (level: LogLevel, message: string, meta: LogMeta | undefined): void => {
    if (LEVELS[level] < threshold) return;
    const error = meta && Object.values(meta).find((v): v is Error => v instanceof Error);
    let line: string;
    if (json) {
      const record: Record<string, unknown> = {
        timestamp: pythonTimestamp(now()),
        level,
        name: options.name,
        message,
      };
      if (level === "ERROR" || error) {
        record.exc_info = error ? (error.stack ?? String(error)) : "NoneType: None";
      }
      if (meta) record.attributes = jsonSafe(meta);
      line = JSON.stringify(record, (_k, v) => typeof v === "bigint" ? v.toString() : v);
    } else {
      line = `${level}:${options.name}:${message}`;
      if (error) line += `\n${error.stack ?? String(error)}`;
    }
    write(redact(line));
  };

  return {
    debug: (message, meta) => emit("DEBUG", message, meta),
    info: (message, meta) => emit("INFO", message, meta),
    warning: (message, meta) => emit("WARNING", message, meta),
    error: (message, meta) => emit("ERROR", message, meta),
  };
}

/**
 * A logger that drops everything; the default wherever a logger is optional.
 *
 * @example
 * ```ts
 * import { silentLogger } from "@octi/connector/core";
 * silentLogger.error("never printed");
 * ```
 */
export const silentLogger: Logger = {
  debug: () => {},
  info: () => {},
  warning: () => {},
  error: () => {},
};
