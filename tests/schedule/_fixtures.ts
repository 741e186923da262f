// Shared by the scheduler tests: an error counter and a ConnectorInfo-shaped record.
import type { ScheduleConnectorInfo, ScheduleMetrics } from "../../schedule/mod.ts";

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
