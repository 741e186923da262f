/**
 * A live stream listener stopped for good: the platform refused the token (401/403) or the
 * request (another 4xx), the saved state cannot be used, an event could not be parsed, or the
 * callback failed. `position` is the last position saved to the state, so the caller knows
 * where a restart resumes; `status` is the HTTP status when the platform answered with one.
 *
 * @example
 * ```ts
 * import { LiveStreamError } from "@octi/connector/stream";
 * const error = new LiveStreamError("Live stream refused the token (HTTP 401)", {
 *   status: 401,
 *   position: "1700000000000-0",
 * });
 * if (!(error instanceof Error) || error.status !== 401) throw new Error();
 * ```
 */
export class LiveStreamError extends Error {
  /** HTTP status of the refusing response, or `null` when the failure was not an answer. */
  readonly status: number | null;
  /** Last position saved to the state before the failure (`start_from`), or `null`. */
  readonly position: string | null;

  /** Creates the error; `cause` carries the underlying failure (e.g. the callback's error). */
  constructor(
    message: string,
    options: { status?: number | null; position?: string | null; cause?: unknown } = {},
  ) {
    super(message, "cause" in options ? { cause: options.cause } : undefined);
    this.name = "LiveStreamError";
    this.status = options.status ?? null;
    this.position = options.position ?? null;
  }
}
