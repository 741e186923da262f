/** Options for {@linkcode StreamLog}. */
export interface StreamLogOptions {
  /** Interval between SSE heartbeats, in ms. */
  heartbeatMs?: number;
}

/**
 * The emulator's live-stream side: an event log that tests append to, served as SSE under
 * `/stream` and `/stream/<id>`.
 *
 * @example
 * ```ts
 * import { StreamLog } from "@octi/connector/testing";
 * const log = new StreamLog();
 * await log.close();
 * ```
 */
export class StreamLog {
  /** Creates an empty log. */
  constructor(_options: StreamLogOptions = {}) {}

  /** Serves one SSE request; `streamId` is null for `/stream`. */
  handle(_request: Request, _streamId: string | null): Response {
    return new Response("live stream not served yet", { status: 503 });
  }

  /** Ends every open SSE connection. */
  close(): Promise<void> {
    return Promise.resolve();
  }
}
