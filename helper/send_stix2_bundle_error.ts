import type { SendStix2BundleDelivery } from "./send_stix2_bundle.ts";

/** The `sendStix2Bundle` step that failed, in pycti's order. */
export type SendStix2BundleStep =
  | "bundle"
  | "sharing"
  | "playbook"
  | "validation"
  | "directory"
  | "s3"
  | "split"
  | "queue";

/**
 * Thrown by `OpenCTIConnectorHelper.sendStix2Bundle` when a step fails. `delivered` says what
 * the steps before it delivered (a file written, an object uploaded, messages confirmed), so
 * the caller knows what to retry; each sink itself leaves nothing partial behind. The cause is
 * the step's own error (e.g. `BundleSinkError`, `AmqpPublishError`, `OpenCTIApiError`).
 *
 * @example
 * ```ts
 * import { SendStix2BundleError } from "@octi/connector/helper";
 * const error = new SendStix2BundleError("s3", new Error("bucket missing"), {
 *   playbook: false, validation: null, draftId: null, directory: "/data/feed-1.json",
 *   s3: null, queue: null, confirmed: 0,
 * });
 * if (!error.message.includes('"s3"') || error.delivered.directory === null) throw new Error();
 * ```
 */
export class SendStix2BundleError extends Error {
  /** The step that failed. */
  readonly step: SendStix2BundleStep;
  /** What was delivered before (and, for `queue`, during) the failed step. */
  readonly delivered: SendStix2BundleDelivery;

  /** Builds the error from the failed step, its error, and what was delivered. */
  constructor(step: SendStix2BundleStep, cause: unknown, delivered: SendStix2BundleDelivery) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const done = [
      delivered.directory !== null ? `directory file "${delivered.directory}"` : null,
      delivered.s3 !== null ? `S3 object "${delivered.s3.bucket}/${delivered.s3.key}"` : null,
      delivered.confirmed > 0 ? `${delivered.confirmed} queue message(s) confirmed` : null,
    ].filter((part) => part !== null);
    super(
      `Cannot send the bundle: step "${step}" failed: ${reason}` +
        (done.length > 0 ? ` (already delivered: ${done.join(", ")})` : ""),
      { cause },
    );
    this.name = "SendStix2BundleError";
    this.step = step;
    this.delivered = delivered;
  }
}
