/**
 * How a connector receives work and delivers knowledge, wire-compatible with pycti:
 *
 * - {@linkcode AmqpJobConsumer} consumes the listen queue (reconnecting with backoff,
 *   ack-before or ack-after) and hands each job to a {@linkcode JobHandler}, which follows
 *   pycti's job sequence (work received → callback → work processed / in error);
 * - {@linkcode CallbackServer} receives the same jobs over HTTP (`CONNECTOR_LISTEN_PROTOCOL=API`),
 *   authenticated with the platform's JWKS or the connector token
 *   ({@linkcode verifyCallbackToken} judges a lone token by the same rules);
 * - {@linkcode BundlePusher} splits a bundle (or, with `noSplit`, keeps it whole) and publishes
 *   its chunks in pycti's envelope through one long-lived {@linkcode AmqpPublisher} with
 *   pipelined confirms (or `stixBundlePush`);
 * - {@linkcode checkConnectorBuffering} compares the push queue with `CONNECTOR_QUEUE_THRESHOLD`.
 *
 * Delivery semantics: AMQP jobs are at-most-once with `ackMode: "before"` (default, pycti's)
 * and at-least-once with `"after"`; HTTP callback jobs are at-least-once (the worker acks on the
 * 202 sent after the job); published chunks are at-least-once (confirmed, retried, possibly
 * duplicated).
 *
 * Deliberate differences from pycti:
 *
 * - Jobs: ack-after is offered; a body that is not a job is rejected without requeue (dropped,
 *   or dead-lettered) instead of being redelivered forever; reconnects back off with jitter from
 *   1 s to 30 s instead of a flat 10 s; `stop()` waits for the running job for a bounded time,
 *   then aborts its signal; work pings run on a timer (every 300 s) instead of every ~315 s of
 *   polling; the per-job work id, applicant and draft are cleared after each job (pycti keeps
 *   them, and leaves an empty `opencti-draft-id` header where the handler removes it); a
 *   playbook job with a missing or non-string `internal.playbook` id fails at job start, before
 *   its callback (`playbookStepExecution` requires every id; pycti lets a null reach that call).
 * - Publishing: one long-lived connection and confirm channel instead of one per call;
 *   confirms are pipelined within a bounded window instead of awaited one by one; messages are
 *   `mandatory`, so an unroutable one is retried instead of silently dropped; a nacked or
 *   returned message is tried at most 5 times (backoff up to 10 s) instead of forever, then an
 *   {@linkcode AmqpPublishError} says which chunks were confirmed; a chunk over the broker's
 *   message size limit fails the bundle before anything is published (a `noSplit` bundle
 *   too, as one message). Non-ASCII envelope values are written as UTF-8 instead of `\u`
 *   escapes (the same JSON). Every envelope carries `"no_split"` (true only for a `noSplit`
 *   bundle), after `draft_id` and before `work_id`, as newer pycti writes it; whether the
 *   targeted pycti revision wrote it is not known (helper-behaviour §4.7 recommends it). An
 *   empty bundle is refused with "Nothing to import" also with `noSplit` (pycti would push it).
 * - HTTP callbacks: with a key set from the registration only a valid JWT is accepted (not
 *   also the legacy token); bodies over a size limit get 413; the default callback URI uses the
 *   configured port (pycti always registers 7070).
 * - Buffering: a connector the platform does not know, or a non-numeric threshold, throws
 *   instead of killing the process; the caller decides.
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
