// Shared by the test files: stand-ins for the injectable `random`, `clock` and `logger` options
// (and the helper's `logWriter`) that make runs replayable and record what the code asked of them.
import { type Clock, createLogger, type Logger, type LogLevel, type LogMeta } from "../core/mod.ts";
import type { FakeClock } from "../testing/mod.ts";

/** mulberry32: a small deterministic RNG, so that a failure can be replayed from its seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `fake`'s time and timers, with the delay of every timer asked for kept in `delays`. */
export function recordingClock(fake: FakeClock): { clock: Clock; delays: number[] } {
  const delays: number[] = [];
  return {
    delays,
    clock: {
      now: () => fake.now(),
      setTimeout: (fn, ms) => {
        delays.push(ms);
        return fake.setTimeout(fn, ms);
      },
      clearTimeout: (handle) => fake.clearTimeout(handle),
    },
  };
}

/** One line of `createLogger`'s JSON output, parsed. */
export interface LogRecord {
  level: string;
  message: string;
  exc_info?: string;
  attributes?: Record<string, unknown>;
}

/** A real `createLogger` at `level` whose lines are kept, parsed, in `lines`. */
export function recordingLogger(level: LogLevel = "DEBUG"): { logger: Logger; lines: LogRecord[] } {
  const lines: LogRecord[] = [];
  const logger = createLogger({
    name: "test",
    level,
    write: (line) => lines.push(JSON.parse(line)),
  });
  return { logger, lines };
}

/** Collects JSON log lines handed to a writer (the helper's `logWriter`), finds them by message. */
export class LogLines {
  lines: string[] = [];
  write = (line: string): void => {
    this.lines.push(line);
  };
  records(): LogRecord[] {
    return this.lines.map((line) => JSON.parse(line));
  }
  find(message: string): LogRecord[] {
    return this.records().filter((record) => record.message === message);
  }
}

/** A `Logger` that keeps every call as given (no formatting, no redaction), for assertions. */
export class RecordingLogger implements Logger {
  lines: { level: string; message: string; meta: LogMeta | undefined }[] = [];
  debug(message: string, meta?: LogMeta): void {
    this.lines.push({ level: "DEBUG", message, meta });
  }
  info(message: string, meta?: LogMeta): void {
    this.lines.push({ level: "INFO", message, meta });
  }
  warning(message: string, meta?: LogMeta): void {
    this.lines.push({ level: "WARNING", message, meta });
  }
  error(message: string, meta?: LogMeta): void {
    this.lines.push({ level: "ERROR", message, meta });
  }
  find(message: string): { level: string; message: string; meta: LogMeta | undefined }[] {
    return this.lines.filter((line) => line.message === message);
  }
}
