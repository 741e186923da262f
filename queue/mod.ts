/**
 * How a connector receives work and delivers knowledge, wire-compatible with pycti:
 *
 * - {@linkcode AmqpJobConsumer} consumes the listen queue (reconnecting with backoff,
 *   ack-before or ack-after) and hands each job to a {@linkcode JobHandler}, which follows
 *   pycti's job sequence (work received → callback → work processed / in error);
 * - {@linkcode CallbackServer} receives the same jobs over HTTP (`CONNECTOR_LISTEN_PROTOCOL=API`),
 *   authenticated with the platform's JWKS or the connector token;
 * - {@linkcode BundlePusher} splits a bundle and publishes its chunks in pycti's envelope through
 *   one long-lived {@linkcode AmqpPublisher} with pipelined confirms (or `stixBundlePush`);
 * - {@linkcode checkConnectorBuffering} compares the push queue with `CONNECTOR_QUEUE_THRESHOLD`.
 *
 * Delivery semantics: jobs are at-most-once with `ackMode: "before"` (default, pycti's) and
 * at-least-once with `"after"`; published chunks are at-least-once (confirmed, retried).
 *
 * @example
 * ```ts
 * import { buildQueueBundleMessage, parseJobMessage } from "@octi/connector/queue";
 * const job = parseJobMessage('{"internal": {"work_id": null, "applicant_id": null}, "event": {}}');
 * const body = buildQueueBundleMessage('{"type": "bundle", "objects": []}', {
 *   applicantId: job.internal.applicant_id,
 *   actionSequence: 1,
 * });
 * if (body.byteLength === 0) throw new Error();
 * ```
 *
 * @module
 */
export * from "./amqp_job_consumer.ts";
export * from "./amqp_publish_error.ts";
export * from "./amqp_publisher.ts";
export * from "./bundle_pusher.ts";
export * from "./callback_authenticator.ts";
export * from "./callback_server.ts";
export * from "./check_connector_buffering.ts";
export * from "./create_work_reporter.ts";
export * from "./job_handler.ts";
export * from "./job_message.ts";
export * from "./listen_callback_uri.ts";
export * from "./queue_bundle_message.ts";
export type { Clock, Logger, LogMeta } from "../core/mod.ts";
export type { ConnectorInfoInput, OpenCTIApiClient, OpenCTIRequestOptions } from "../api/mod.ts";
export type { MqConnectionConfig } from "../config/mod.ts";
export type { NodeTlsSocketOptions } from "../tls/mod.ts";
export type {
  StixBundle,
  StixExternalReference,
  StixKillChainPhase,
  StixObject,
} from "../stix/mod.ts";
