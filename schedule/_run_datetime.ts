// pycti stores run datetimes as `YYYY-MM-DDTHH:MM:SSZ` (UTC, fraction dropped).

/** Latest instant Python's `datetime` can hold (year 9999); pycti fails past it. */
export const MAX_RUN_DATETIME_MS: number = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** Formats epoch milliseconds as pycti's ConnectorInfo run datetime. */
export function formatRunDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}
