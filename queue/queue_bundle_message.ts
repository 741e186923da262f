import { buildEnvelope, envelopeParts } from "./_envelope.ts";

/**
 * The envelope fields of a pushed chunk besides its content.
 *
 * @example
 * ```ts
 * import { buildQueueBundleMessage, type QueueBundleMessageFields } from "@octi/connector/queue";
 * const fields: QueueBundleMessageFields = {
 *   applicantId: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
 *   actionSequence: 1,
 *   workId: "work_1",
 * };
 * const body = buildQueueBundleMessage('{"type": "bundle", "objects": []}', fields);
 * ```
 */
export interface QueueBundleMessageFields {
  /** `applicant_id`: the job's applicant, else the connector's user id. */
  applicantId: string | null;
  /** `action_sequence`: 1-based position of the chunk within its send call. */
  actionSequence: number;
  /** `entities_types`; default `[]`. */
  entitiesTypes?: readonly string[] | null | undefined;
  /** `update`; default false. */
  update?: boolean | undefined;
  /** `draft_id`: the job's draft, or null. */
  draftId?: string | null | undefined;
  /** `no_split`: the chunk is a whole bundle the worker must not split; default false. */
  noSplit?: boolean | undefined;
  /** `work_id`: the key is present only when this is a string. */
  workId?: string | null | undefined;
}

/**
 * The body of one pushed chunk, exactly pycti's `QUEUE_BUNDLE` envelope: `bundle_type`,
 * `applicant_id`, `action_sequence`, `entities_types`, `content` (standard padded base64 of the
 * UTF-8 chunk bundle), `update`, `draft_id`, `no_split` (always written, as newer pycti), and
 * `work_id` only when a work is set — in that key order, with Python's `", "`/`": "` separators
 * (byte for byte pycti's as long as the envelope values are ASCII; others are written as UTF-8
 * where Python writes `\u` escapes). Publish it with `delivery_mode` 2 and `content_encoding`
 * utf-8.
 *
 * @example
 * ```ts
 * import { buildQueueBundleMessage } from "@octi/connector/queue";
 * const body = buildQueueBundleMessage('{"type": "bundle", "objects": []}', {
 *   applicantId: "user-1",
 *   actionSequence: 1,
 * });
 * const message = JSON.parse(new TextDecoder().decode(body));
 * if (Object.keys(message).join() !== "bundle_type,applicant_id,action_sequence,entities_types,content,update,draft_id,no_split") {
 *   throw new Error("work_id must be absent without a work");
 * }
 * if (atob(message.content) !== '{"type": "bundle", "objects": []}') throw new Error();
 * ```
 */
export function buildQueueBundleMessage(
  chunk: string,
  fields: QueueBundleMessageFields,
): Uint8Array {
  return buildEnvelope(envelopeParts(fields), fields.actionSequence, chunk);
}
