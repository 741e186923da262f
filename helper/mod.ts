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
