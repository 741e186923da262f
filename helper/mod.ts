/**
 * pycti's `OpenCTIConnectorHelper` for Deno: the facade a connector is written against.
 * {@linkcode OpenCTIConnectorHelper.create} resolves pycti's settings (config.yml and the same
 * env vars), health-checks the platform, registers the connector and keeps it alive with
 * PingAlive, which also saves the connector state. The helper then receives jobs (`listen`),
 * follows the live stream (`listenStream`), runs scheduled imports (`scheduleIso`) and sends
 * bundles through pycti's sinks (`sendStix2Bundle`, `bundleWriter` for feeds too large for
 * memory), with pycti's log lines and Prometheus metrics.
 *
 * The helper holds no wire format: `api/` knows the GraphQL documents, `queue/` the AMQP
 * envelopes and job handling, `stream/` the SSE stream, `schedule/` the run loops and `stix/`
 * the bundles; the helper composes them and owns the order of start-up, the state and the
 * shutdown. The parts of `sendStix2Bundle` are exported too: {@linkcode ConnectorInfo}, the
 * {@linkcode OpenCTIMetricHandler}, the directory sink ({@linkcode writeBundleToDirectory}) and
 * the {@linkcode S3BundleSink}.
 *
 * Differences from pycti, on purpose:
 * - A state changed on the platform (reset or edit in the UI) is adopted by the next ping
 *   instead of wiped; `setState` also takes JSON text (pycti's newest helper does both).
 * - The state is saved with a last ping when the helper stops and before a run-and-terminate
 *   exit (pycti loses a state set less than 40 s before the exit).
 * - `stop()` unregisters in every mode (pycti's fails in API listen and run-and-terminate
 *   modes); `close()`, `await using`, SIGINT/SIGTERM and the `signal` option stop without
 *   unregistering, waiting up to `stopTimeoutMs` for the running job, batch or run.
 * - Where pycti sends SIGTERM to its own process (a stream refused for good, a malformed
 *   period), the helper logs, closes and calls `exit(1)`. A failed periodic run or buffering
 *   check is logged and counted and the next run still happens.
 * - A single run (run-and-terminate, or a period of 0) ends with `exit` and the run's code (1
 *   if it failed), also when only the period is 0 (pycti's `schedule_process` returns then).
 * - The live stream reconnects in-process after drops, silences and HTTP 410 instead of
 *   ending the process (see `stream/`).
 * - Bundles go through one long-lived broker connection with pipelined confirms, not one
 *   connection per call; AMQP jobs may be acknowledged after processing (`ackMode`).
 * - A malformed or empty bundle reaches no sink, and a failed step throws a
 *   `SendStix2BundleError` that says what earlier steps had delivered.
 * - The S3 retention scan runs at most once a minute; Python's process and runtime metrics are
 *   not exposed.
 *
 * @example A connector's state survives the process, saved when the helper closes
 * ```ts
 * import { OpenCTIConnectorHelper } from "@octi/connector/helper";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 *
 * await using platform = await startOpenCTIEmulator();
 * const config = {
 *   opencti: { url: platform.url, token: platform.token },
 *   connector: { id: crypto.randomUUID(), name: "My Feed", type: "EXTERNAL_IMPORT" },
 * };
 * {
 *   await using helper = await OpenCTIConnectorHelper.create(config, {
 *     env: new Map(), // only the config object, no environment variables
 *     logWriter: () => {},
 *   });
 *   helper.setState({ last_run: helper.dateNowZ() });
 * }
 * const saved = platform.state.connectors.get(config.connector.id)?.connectorState;
 * if (!JSON.parse(saved ?? "{}").last_run) throw new Error(`state not saved: ${saved}`);
 * ```
 *
 * @module
 */
export * from "./bundle_file_name.ts";
export * from "./bundle_sink_envelope.ts";
export * from "./bundle_sink_error.ts";
export * from "./bundle_writer.ts";
export * from "./cleanup_bundle_directory.ts";
export * from "./connector_info.ts";
export * from "./connector_start_error.ts";
export * from "./connector_work_api.ts";
export * from "./metric_handler.ts";
export * from "./opencti_connector_helper.ts";
export * from "./s3_bundle_sink.ts";
export * from "./send_stix2_bundle.ts";
export * from "./send_stix2_bundle_error.ts";
export * from "./write_bundle_to_directory.ts";
// The modules the helper composes, so a connector can import everything from here.
export * from "../api/mod.ts";
export * from "../config/mod.ts";
export * from "../core/mod.ts";
export type {
  EnrichmentEntitySource,
  JobAckMode,
  JobCallback,
  JobContext,
  PlaybookContext,
} from "../queue/mod.ts";
export * from "../schedule/mod.ts";
export * from "../stix/mod.ts";
export * from "../stream/mod.ts";
export * from "../tls/mod.ts";
