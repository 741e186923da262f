/** The data event types the platform sends on a live stream. */
export type StreamEventType = "create" | "update" | "delete" | "merge";

/** A STIX object as it travels in a stream event: `id` and `type` always, the rest as sent. */
export interface StreamStixObject {
  /** STIX id, e.g. `indicator--…`. */
  id: string;
  /** STIX type, e.g. `indicator`. */
  type: string;
  /** STIX version, `"2.1"`. */
  spec_version?: string;
  /** Every other property, as the platform sent it. */
  [key: string]: unknown;
}

/**
 * The JSON payload of a data event (the platform's "Data Streaming" format): the STIX object
 * in `data`, plus a human-readable `message`, the `origin` of the change and the event format
 * `version`. `context` depends on the event type (patches for updates, deletions, merge
 * sources).
 */
export interface StreamEventPayload {
  /** Event format version. */
  version: string;
  /** Inner event type, when the platform sends it. */
  type?: string;
  /** `"internal"` or `"external"`, when the platform sends it. */
  scope?: string;
  /** The STIX object concerned. */
  data: StreamStixObject;
  /** Human-readable summary of the change. */
  message: string;
  /** Who or what caused the change (platform-defined shape). */
  origin: Record<string, unknown>;
  /** Type-dependent details (platform-defined shape). */
  context?: Record<string, unknown>;
  /** Anything else the platform adds. */
  [key: string]: unknown;
}

/**
 * One event of the live stream as a callback receives it: the SSE event name, its id
 * (`<ms>-<seq>`, a Redis stream id) and the parsed `data`. `heartbeat` and `connected`
 * events never reach callbacks: the listener consumes them.
 *
 * @example
 * ```ts
 * import type { StreamEvent } from "@octi/connector/stream";
 * const event: StreamEvent = {
 *   type: "create",
 *   id: "1700000000000-0",
 *   data: {
 *     version: "4",
 *     data: { id: "indicator--0b6b2c1e-5b2a-4c5f-9d3e-8f7a6b5c4d3e", type: "indicator" },
 *     message: "creates a Indicator",
 *     origin: {},
 *   },
 * };
 * if (event.type === "create") console.assert(event.data.data.type === "indicator");
 * ```
 */
export interface StreamEvent {
  /** SSE event name: one of {@linkcode StreamEventType}, or another name the platform adds. */
  type: StreamEventType | (string & Record<never, never>);
  /** SSE id: the stream position of this event. */
  id: string;
  /** The parsed JSON payload. */
  data: StreamEventPayload;
}
