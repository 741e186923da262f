import type { S3BundleLocation } from "./s3_bundle_sink.ts";

/**
 * Options of `OpenCTIConnectorHelper.sendStix2Bundle`: pycti's `send_stix2_bundle` keyword
 * arguments in camelCase. Unset options take pycti's defaults: the running job's work id,
 * draft id, validation mode and forced validation (see `JobContext`), else the configuration.
 *
 * @example
 * ```ts
 * import type { SendStix2BundleOptions } from "@octi/connector/helper";
 * const options: SendStix2BundleOptions = {
 *   workId: "work_1",
 *   entitiesTypes: ["indicator"],
 *   cleanupInconsistentBundle: true,
 * };
 * ```
 */
export interface SendStix2BundleOptions {
  /** Work the bundle belongs to. Default: the running job's work id, else none. */
  workId?: string | null | undefined;
  /** `"workbench"` or `"draft"`. Default: the running job's, else `"workbench"`. */
  validationMode?: string | undefined;
  /** Draft the bundle goes to. Default: the running job's draft id, else null. */
  draftId?: string | null | undefined;
  /** `entities_types` of the pushed messages (default `[]`) and of the sink envelopes. */
  entitiesTypes?: readonly string[] | null | undefined;
  /** `update` flag of the pushed messages and envelopes. Default false. */
  update?: boolean | undefined;
  /** Adds `x_opencti_event_version` to every chunk. */
  eventVersion?: string | null | undefined;
  /** Skips validation even when `CONNECTOR_VALIDATE_BEFORE_IMPORT` is on. Default false. */
  bypassValidation?: boolean | undefined;
  /** Validates even when `CONNECTOR_VALIDATE_BEFORE_IMPORT` is off. Default: the job's. */
  forceValidation?: boolean | undefined;
  /** Entity the upload or draft is attached to (validation). */
  entityId?: string | null | undefined;
  /** Markings of the uploaded file (workbench validation); null (not `[]`) when unset. */
  fileMarkings?: readonly string[] | null | undefined;
  /** Name of the uploaded file or draft. Default `<workId>.json` when a work id is set. */
  fileName?: string | null | undefined;
  /** Push to the queue (or API). Default `CONNECTOR_SEND_TO_QUEUE`. */
  sendToQueue?: boolean | undefined;
  /** Drop objects whose references are missing from the bundle. Default false. */
  cleanupInconsistentBundle?: boolean | undefined;
  /** Write to the directory. Default `CONNECTOR_SEND_TO_DIRECTORY`. */
  sendToDirectory?: boolean | undefined;
  /** Directory to write to. Default `CONNECTOR_SEND_TO_DIRECTORY_PATH`. */
  sendToDirectoryPath?: string | null | undefined;
  /** Directory retention in days (`0`: none). Default `CONNECTOR_SEND_TO_DIRECTORY_RETENTION`. */
  sendToDirectoryRetention?: number | undefined;
  /** Upload to S3. Default `CONNECTOR_SEND_TO_S3`. */
  sendToS3?: boolean | undefined;
  /** Push the bundle whole, as one message and one expectation. Default false. */
  noSplit?: boolean | undefined;
  /** Aborts publishing; the error then says what was confirmed. */
  signal?: AbortSignal | undefined;
}

/**
 * What each step of a `sendStix2Bundle` call delivered, in pycti's order. Carried by the
 * result, and by a `SendStix2BundleError` to say what was done before a step failed.
 *
 * @example
 * ```ts
 * import type { SendStix2BundleDelivery } from "@octi/connector/helper";
 * const delivered: SendStix2BundleDelivery = {
 *   playbook: false, validation: null, draftId: null, directory: "/data/feed-1.json",
 *   s3: null, queue: "amqp", confirmed: 42,
 * };
 * ```
 */
export interface SendStix2BundleDelivery {
  /** The bundle went to `playbookStepExecution` (playbook step: nothing else happens). */
  playbook: boolean;
  /** Validation taken: the bundle was uploaded to the workbench (nothing else happens) or sent into a draft. */
  validation: "workbench" | "draft" | null;
  /** Draft the pushed messages carry (created by a draft validation, or given). */
  draftId: string | null;
  /** Path of the file written by the directory sink. */
  directory: string | null;
  /** Where the S3 sink stored the envelope. */
  s3: S3BundleLocation | null;
  /** How the bundle was pushed, or null when it was not (queue off, or a shortcut). */
  queue: "amqp" | "api" | null;
  /** Chunks delivered: confirmed by the broker (`amqp`), or all once the platform took the bundle (`api`). */
  confirmed: number;
}

/**
 * What `OpenCTIConnectorHelper.sendStix2Bundle` returns.
 *
 * @example
 * ```ts
 * import type { SendStix2BundleResult } from "@octi/connector/helper";
 * const summary = (r: SendStix2BundleResult): string =>
 *   `${r.expectations} chunks, queue ${r.delivered.queue ?? "off"}`;
 * ```
 */
export interface SendStix2BundleResult {
  /**
   * pycti's return value: the chunk bundles (JSON text); `[]` after a workbench upload or a
   * failed draft creation; `[bundle]` for a playbook step or with `noSplit`.
   */
  bundles: string[];
  /** Expectations the bundle counts for (chunks; 1 with `noSplit`; 0 after a shortcut). */
  expectations: number;
  /** What each step delivered. */
  delivered: SendStix2BundleDelivery;
}
