// Shared by the scheduler tests: a logger that keeps parsed lines, an error counter and a
// ConnectorInfo-shaped record.
import { createLogger, type Logger } from "../../core/mod.ts";
import type { ScheduleConnectorInfo, ScheduleMetrics } from "../../schedule/mod.ts";

export interface LogLine {
  level: string;
  message: string;
  exc_info?: string;
  attributes?: Record<string, unknown>;
}

export function recordingLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = createLogger({
    name: "test",
    level: "DEBUG",
    write: (line) => lines.push(JSON.parse(line)),
  });
  return { logger, lines };
}

export function errorCounter(): ScheduleMetrics & { count: number } {
  return {
    count: 0,
    inc(name) {
      if (name !== "error_count") throw new Error(`unexpected metric ${name}`);
      this.count++;
    },
  };
}

export function runInfo(): ScheduleConnectorInfo {
  return { runAndTerminate: false, nextRunDatetime: null, lastRunDatetime: null };
}
