// Where sendStix2Bundle's bundles leave the process: the S3 sink, the long-lived AMQP publisher
// and the pusher (queue/) in front of it, which writes every queue message. Each is created on
// first use, so a connector that never sends opens no broker connection and loads no S3 SDK,
// and all are closed together.
import type { OpenCTIApiClient } from "../api/opencti_api_client.ts";
import { pushStixBundle } from "../api/push_stix_bundle.ts";
import type { ConnectorQueueConfig } from "../api/register_connector.ts";
import type { MqConnectionConfig } from "../config/apply_mq_overrides.ts";
import type { S3Target } from "../config/apply_s3_overrides.ts";
import type { QueueProtocol } from "../config/connector_settings.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { AmqpPublisher } from "../queue/amqp_publisher.ts";
import { BundlePusher } from "../queue/bundle_pusher.ts";
import type { NodeTlsSocketOptions } from "../tls/to_node_tls_options.ts";
import type { BundleSinkConnector } from "./bundle_sink_envelope.ts";
import type { ConnectorWorkApi } from "./connector_work_api.ts";
import type { OpenCTIMetricHandler } from "./metric_handler.ts";
import { S3BundleSink } from "./s3_bundle_sink.ts";

export interface BundleOutputsOptions {
  connectorId: string;
  connectorUserId: string | null;
  connector: BundleSinkConnector;
  queueProtocol: QueueProtocol;
  queues: ConnectorQueueConfig;
  mq: MqConnectionConfig;
  mqTls: NodeTlsSocketOptions | undefined;
  s3: S3Target;
  s3Folder: string;
  s3RetentionDays: number;
  api: OpenCTIApiClient;
  work: ConnectorWorkApi;
  metrics: OpenCTIMetricHandler;
  logger: Logger;
  clock: Clock;
}

export class BundleOutputs {
  #options: BundleOutputsOptions;
  #s3: S3BundleSink | undefined;
  #publisher: AmqpPublisher | undefined;
  #pusher: BundlePusher | undefined;

  constructor(options: BundleOutputsOptions) {
    this.#options = options;
  }

  /** The S3 sink; null when no bucket is known (pycti then skips the step). */
  s3Sink(): S3BundleSink | null {
    const { s3, connector, connectorUserId, clock, logger } = this.#options;
    if (!s3.bucket) return null;
    this.#s3 ??= new S3BundleSink({
      bucket: s3.bucket,
      endpoint: s3.endpoint,
      port: s3.port,
      accessKey: s3.accessKey,
      secretKey: s3.secretKey,
      useSsl: s3.useSsl,
      region: s3.bucketRegion,
      folder: this.#options.s3Folder,
      retentionDays: this.#options.s3RetentionDays,
      connector,
      applicantId: connectorUserId,
      clock,
      logger,
    });
    return this.#s3;
  }

  /** Splits (or not) and pushes with the configured queue protocol. */
  pusher(): BundlePusher {
    const { connectorId, queueProtocol, api, work, metrics, logger } = this.#options;
    this.#pusher ??= new BundlePusher({
      connectorId,
      queueProtocol,
      ...(queueProtocol === "amqp" ? { publisher: this.#openPublisher() } : {}),
      addExpectations: (workId, expectations) => work.addExpectations(workId, expectations),
      stixBundlePush: (id, bundle, workId) =>
        pushStixBundle(api, { connectorId: id, bundle, workId }),
      onBundleSent: (count) => metrics.inc("bundle_send", count),
      logger,
    });
    return this.#pusher;
  }

  // The publisher to the push exchange: one connection for the helper's lifetime.
  #openPublisher(): AmqpPublisher {
    const { mq, mqTls, queues, logger, clock } = this.#options;
    this.#publisher ??= new AmqpPublisher({
      connection: mq,
      tls: mqTls,
      exchange: queues.push_exchange,
      routingKey: queues.push_routing,
      logger,
      clock,
    });
    return this.#publisher;
  }

  /** Closes what was opened; failures are ignored (the helper is going away). */
  async close(): Promise<void> {
    const closing: Promise<unknown>[] = [];
    if (this.#publisher) closing.push(this.#publisher.close());
    if (this.#s3) closing.push(this.#s3.close());
    await Promise.allSettled(closing);
  }
}
