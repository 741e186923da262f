// listen()'s wiring: one JobHandler (queue/) fed by the HTTP callback server or the AMQP
// consumer, per CONNECTOR_LISTEN_PROTOCOL, until the helper stops its intake.
import type { OpenCTIApiClient } from "../api/opencti_api_client.ts";
import type { ConnectorQueueConfig } from "../api/register_connector.ts";
import type { MqConnectionConfig } from "../config/apply_mq_overrides.ts";
import type { ConnectorSettings } from "../config/connector_settings.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { AmqpJobConsumer, type JobAckMode } from "../queue/amqp_job_consumer.ts";
import { CallbackServer } from "../queue/callback_server.ts";
import { type EnrichmentEntitySource, type JobCallback, JobHandler } from "../queue/job_handler.ts";
import { callbackTlsOptions } from "../tls/callback_tls_options.ts";
import { resolveTlsOptions } from "../tls/resolve_tls_options.ts";
import type { NodeTlsSocketOptions } from "../tls/to_node_tls_options.ts";
import { toServeTlsOptions } from "../tls/to_serve_tls_options.ts";
import { whenAborted } from "./_deadline.ts";
import type { ConnectorWorkApi } from "./connector_work_api.ts";
import type { OpenCTIMetricHandler } from "./metric_handler.ts";

export interface JobListenerOptions {
  settings: ConnectorSettings;
  callback: JobCallback;
  connectorUserId: string | null;
  queues: ConnectorQueueConfig;
  /** How HTTP callbacks are authenticated: the registration's key set, else the token. */
  auth: { jwks: string | null; token: string };
  mq: MqConnectionConfig;
  mqTls: NodeTlsSocketOptions | undefined;
  api: OpenCTIApiClient;
  apiImpersonate: OpenCTIApiClient;
  work: ConnectorWorkApi;
  metrics: OpenCTIMetricHandler;
  enrichment: EnrichmentEntitySource | undefined;
  ackMode: JobAckMode | undefined;
  stopTimeoutMs: number;
  callbackHostname: string | undefined;
  logger: Logger;
  clock: Clock;
  /** Aborting it stops intake; `finished` settles once the running job is over. */
  signal: AbortSignal;
}

export interface JobListener {
  handler: JobHandler;
  finished: Promise<void>;
}

export function startJobListener(options: JobListenerOptions): JobListener {
  const { settings: { connector }, work, api, apiImpersonate, logger, clock, signal } = options;
  const handler = new JobHandler({
    connectorType: connector.type,
    connectorUserId: options.connectorUserId,
    callback: options.callback,
    work: { toReceived: work.toReceived, toProcessed: work.toProcessed, pingWork: work.ping },
    enrichment: options.enrichment,
    setDraftId: (draftId) => {
      api.draftId = draftId;
      apiImpersonate.draftId = draftId;
    },
    setApplicantId: (applicantId) => {
      apiImpersonate.applicantId = applicantId;
    },
    onError: () => options.metrics.inc("error_count"),
    logger,
    clock,
  });

  if (connector.listenProtocol === "API") {
    const serve = async () => {
      const tls = connector.listenProtocolApiSsl
        ? toServeTlsOptions(await resolveTlsOptions(callbackTlsOptions(connector)))
        : undefined;
      if (signal.aborted) return; // stopped while reading the certificate
      const server = CallbackServer.start({
        handler,
        auth: options.auth,
        port: connector.listenProtocolApiPort,
        path: connector.listenProtocolApiPath,
        tls,
        logger,
        signal,
        ...(options.callbackHostname ? { hostname: options.callbackHostname } : {}),
      });
      await server.finished;
    };
    return { handler, finished: serve() };
  }

  const consumer = new AmqpJobConsumer({
    connection: options.mq,
    tls: options.mqTls,
    queue: options.queues.listen,
    handler,
    ackMode: options.ackMode,
    stopTimeoutMs: options.stopTimeoutMs,
    logger,
    clock,
  });
  const consume = async () => {
    // start() retries until the broker answers and rejects only when stopped before that.
    const started = consumer.start().catch(() => {});
    await whenAborted(signal);
    await consumer.stop();
    await started;
  };
  return { handler, finished: consume() };
}
