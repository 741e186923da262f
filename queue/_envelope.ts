// Envelope text around the base64 content, shared by the builder and the size check.
// Everything but `action_sequence` is the same for every chunk of a call, so it is built once.
import { Buffer } from "node:buffer";
import type { QueueBundleMessageFields } from "./queue_bundle_message.ts";

export type EnvelopeParts = (actionSequence: number) => [head: string, tail: string];

function pyList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
}

// pycti's key order (newer pycti's `no_split` after `draft_id`; `work_id` is appended last,
// only when set) and Python's separators.
export function envelopeParts(
  fields: Omit<QueueBundleMessageFields, "actionSequence">,
): EnvelopeParts {
  const start = `{"bundle_type": "QUEUE_BUNDLE", "applicant_id": ${
    JSON.stringify(fields.applicantId)
  }, "action_sequence": `;
  const middle = `, "entities_types": ${pyList(fields.entitiesTypes ?? [])}, "content": "`;
  const workId = typeof fields.workId === "string"
    ? `, "work_id": ${JSON.stringify(fields.workId)}`
    : "";
  const tail = `", "update": ${fields.update === true}, "draft_id": ${
    JSON.stringify(fields.draftId ?? null)
  }, "no_split": ${fields.noSplit === true}${workId}}`;
  return (actionSequence) => [start + actionSequence + middle, tail];
}

// Exact size of the built message, computed without building it.
export function envelopeSize(parts: EnvelopeParts, actionSequence: number, chunk: string): number {
  const [head, tail] = parts(actionSequence);
  const base64 = 4 * Math.ceil(Buffer.byteLength(chunk, "utf8") / 3);
  return Buffer.byteLength(head, "utf8") + base64 + Buffer.byteLength(tail, "utf8");
}

// A bound on that size from string lengths alone (a UTF-16 unit is at most 3 UTF-8 bytes),
// so that only chunks near the limit pay for the exact count.
export function envelopeSizeBound(
  parts: EnvelopeParts,
  actionSequence: number,
  chunk: string,
): number {
  const [head, tail] = parts(actionSequence);
  return 3 * (head.length + tail.length) + 4 * chunk.length;
}

const encoder = new TextEncoder();

export function buildEnvelope(
  parts: EnvelopeParts,
  actionSequence: number,
  chunk: string,
): Uint8Array {
  const [head, tail] = parts(actionSequence);
  return encoder.encode(head + Buffer.from(chunk, "utf8").toString("base64") + tail);
}
