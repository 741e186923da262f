// Opens one broker connection; shared by the consumer and the publisher.
import amqp from "amqplib";
import type { ChannelModel, SocketOptions } from "amqplib";
import type { MqConnectionConfig } from "../config/apply_mq_overrides.ts";
import type { NodeTlsSocketOptions } from "../tls/to_node_tls_options.ts";

export interface AmqpConnectOptions {
  connection: MqConnectionConfig;
  tls?: NodeTlsSocketOptions | undefined;
  heartbeatSec?: number | undefined;
  name: string;
}

export async function openAmqpConnection(options: AmqpConnectOptions): Promise<ChannelModel> {
  const { connection } = options;
  return await amqp.connect(
    {
      protocol: connection.use_ssl ? "amqps" : "amqp",
      hostname: connection.host,
      port: connection.port,
      vhost: connection.vhost,
      username: connection.user,
      password: connection.pass,
      heartbeat: options.heartbeatSec ?? 10,
    },
    {
      // pycti does not verify the broker unless MQ_USE_SSL_REJECT_UNAUTHORIZED is set.
      ...(connection.use_ssl ? { rejectUnauthorized: false, ...options.tls } : {}),
      // Shown in the management UI; lets operators tell connections apart.
      clientProperties: { connection_name: options.name },
    } as SocketOptions,
  );
}
