/**
 * The connector helper's building blocks: ConnectorInfo, pycti's Prometheus metrics, and the
 * directory and S3 bundle sinks of `sendStix2Bundle`.
 *
 * @example
 * ```ts
 * import { ConnectorInfo } from "@octi/connector/helper";
 * const info = new ConnectorInfo();
 * info.buffering = true;
 * if (!info.allDetails.buffering) throw new Error();
 * ```
 *
 * @module
 */
export * from "./bundle_file_name.ts";
export * from "./bundle_sink_envelope.ts";
export * from "./bundle_sink_error.ts";
export * from "./cleanup_bundle_directory.ts";
export * from "./connector_info.ts";
export * from "./metric_handler.ts";
export * from "./s3_bundle_sink.ts";
export * from "./write_bundle_to_directory.ts";
export * from "./bundle_writer.ts";
export * from "./connector_start_error.ts";
export * from "./connector_work_api.ts";
export * from "./opencti_connector_helper.ts";
export * from "./send_stix2_bundle.ts";
export * from "./send_stix2_bundle_error.ts";
// Types the helper's API mentions, so this module's documentation is complete on its own.
export type * from "../api/mod.ts";
export type * from "../config/mod.ts";
export type * from "../core/mod.ts";
export type {
  EnrichmentEntitySource,
  JobAckMode,
  JobCallback,
  JobContext,
  PlaybookContext,
} from "../queue/mod.ts";
export type * from "../schedule/mod.ts";
export type * from "../stix/mod.ts";
export type * from "../stream/mod.ts";
export type * from "../tls/mod.ts";
