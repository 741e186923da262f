/**
 * The `internal` block of a job message: routing and tracking data set by the platform.
 *
 * @example
 * ```ts
 * import type { ConnectorJobInternal } from "@octi/connector/queue";
 * const internal: ConnectorJobInternal = {
 *   work_id: "work_1",
 *   applicant_id: null,
 *   draft_id: null,
 *   trigger: "create",
 *   mode: "auto",
 * };
 * ```
 */
export interface ConnectorJobInternal {
  /** Work to report on; `null` when the job is not tracked. */
  work_id: string | null;
  /** User who asked for the job; `null` means the connector's own user. */
  applicant_id: string | null;
  /** Draft the job runs in (absent, `null` or `""` for none). */
  draft_id?: string | null;
  /** Playbook step context (enrichment connectors used in a playbook). */
  playbook?: Record<string, unknown> | null;
  /** Other platform metadata (`trigger`, `mode`, …), not read by the handler. */
  [key: string]: unknown;
}

/**
 * A job as the platform sends it to a connector, on the listen queue (AMQP) or in the body of
 * an HTTP callback: `{"internal": {…}, "event": {…}, "configuration": …}`.
 *
 * @example
 * ```ts
 * import { type ConnectorJobMessage, parseJobMessage } from "@octi/connector/queue";
 * const job: ConnectorJobMessage = parseJobMessage(
 *   '{"internal": {"work_id": null, "applicant_id": null}, "event": {"entity_id": "x"}}',
 * );
 * if (job.event.entity_id !== "x") throw new Error();
 * ```
 */
export interface ConnectorJobMessage {
  /** Routing and tracking data. */
  internal: ConnectorJobInternal;
  /** The job payload handed to the connector's callback. */
  event: Record<string, unknown>;
  /** Other members (`configuration`, …). */
  [key: string]: unknown;
}

const decoder = new TextDecoder("utf-8", { fatal: true });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function checkNullableString(
  where: Record<string, unknown>,
  key: string,
  required: boolean,
): void {
  if (!(key in where)) {
    if (required) throw new TypeError(`Cannot use job message: "internal.${key}" is missing`);
    return;
  }
  const value = where[key];
  if (value !== null && typeof value !== "string") {
    throw new TypeError(
      `Cannot use job message: "internal.${key}" must be a string or null, got ${
        JSON.stringify(value)
      }`,
    );
  }
}

/**
 * Parses and checks a job message body. The checks are the keys pycti's handler cannot do
 * without: an `event` object, and an `internal` object with `work_id` and `applicant_id`
 * (each a string or null); `draft_id` may be absent.
 *
 * @throws {SyntaxError} when the body is not UTF-8 JSON.
 * @throws {TypeError} when the JSON is not a job message (the message says which key).
 *
 * @example
 * ```ts
 * import { parseJobMessage } from "@octi/connector/queue";
 * const job = parseJobMessage(
 *   '{"internal": {"work_id": "w1", "applicant_id": null}, "event": {"entity_id": "x"}}',
 * );
 * if (job.internal.work_id !== "w1") throw new Error();
 * let failed = false;
 * try {
 *   parseJobMessage('{"event": {}}');
 * } catch (error) {
 *   failed = error instanceof TypeError;
 * }
 * if (!failed) throw new Error("a body without internal is not a job");
 * ```
 */
export function parseJobMessage(body: Uint8Array | string): ConnectorJobMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof body === "string" ? body : decoder.decode(body));
  } catch (error) {
    throw new SyntaxError(
      `Cannot parse job message: the body is not UTF-8 JSON (${(error as Error).message})`,
    );
  }
  if (!isObject(parsed)) {
    throw new TypeError(
      `Cannot use job message: expected a JSON object, got ${
        Array.isArray(parsed) ? "an array" : JSON.stringify(parsed)
      }`,
    );
  }
  if (!isObject(parsed.internal)) {
    throw new TypeError('Cannot use job message: "internal" is missing or not an object');
  }
  if (!isObject(parsed.event)) {
    throw new TypeError('Cannot use job message: "event" is missing or not an object');
  }
  checkNullableString(parsed.internal, "work_id", true);
  checkNullableString(parsed.internal, "applicant_id", true);
  checkNullableString(parsed.internal, "draft_id", false);
  const playbook = parsed.internal.playbook;
  if (playbook !== undefined && playbook !== null && !isObject(playbook)) {
    throw new TypeError('Cannot use job message: "internal.playbook" must be an object or null');
  }
  return parsed as ConnectorJobMessage;
}
