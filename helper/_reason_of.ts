/** The text of a failure for a log line's `reason` (pycti's `str(e)`). */
export function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
