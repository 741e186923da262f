import { getConnector } from "../api/get_connector.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "../api/opencti_api_client.ts";
import type { ConnectorInfoInput } from "../api/ping_connector.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";

/**
 * Options of {@linkcode checkConnectorBuffering}.
 *
 * @example
 * ```ts
 * import type { CheckConnectorBufferingOptions } from "@octi/connector/queue";
 * const options: CheckConnectorBufferingOptions = {
 *   connectorId: "5d3c6d2f-6a3f-4f5d-9d1e-0e8a3a6f2b11",
 *   threshold: "500",
 *   timeoutMs: 30_000,
 * };
 * ```
 */
export interface CheckConnectorBufferingOptions extends OpenCTIRequestOptions {
  /** Connector id from the registration. */
  connectorId: string;
  /** `CONNECTOR_QUEUE_THRESHOLD` in (decimal) MB; a string is parsed as a float; default 500. */
  threshold?: number | string | undefined;
  /** The ConnectorInfo record sent with pings; its buffering fields are updated in place. */
  connectorInfo?: ConnectorInfoInput | undefined;
  /** Logger; default silent. */
  logger?: Logger | undefined;
}

/**
 * What {@linkcode checkConnectorBuffering} found.
 *
 * @example
 * ```ts
 * import type { ConnectorBufferingStatus } from "@octi/connector/queue";
 * const describe = (status: ConnectorBufferingStatus): string =>
 *   `${status.queueMessagesSize} MB of ${status.queueThreshold} MB` +
 *   (status.buffering ? ": holding back" : "");
 * ```
 */
export interface ConnectorBufferingStatus {
  /** True when the push queue holds at least `threshold` MB: the connector should not run. */
  buffering: boolean;
  /** Size of the push queue in MB (1 MB = 1 000 000 bytes). */
  queueMessagesSize: number;
  /** Messages waiting in the push queue. */
  queueMessagesNumber: number;
  /** The threshold in MB. */
  queueThreshold: number;
}

function parseThreshold(value: number | string): number {
  const threshold = typeof value === "number" ? value : Number(value.trim());
  if (!Number.isFinite(threshold) || (typeof value === "string" && value.trim() === "")) {
    throw new TypeError(
      `Cannot use CONNECTOR_QUEUE_THRESHOLD "${value}": expected a number of megabytes`,
    );
  }
  return threshold;
}

/**
 * pycti's `check_connector_buffering`: reads the connector through the platform (`connector`
 * query; the platform measures the connector's push queue in RabbitMQ), converts
 * `messages_size` to decimal MB and compares it with `CONNECTOR_QUEUE_THRESHOLD`: buffering
 * when size ≥ threshold (logged). The ConnectorInfo's `queue_messages_size`, `queue_threshold`
 * and `buffering` are updated; they reach the platform with the next ping.
 *
 * @throws {Error} when the platform knows no such connector (pycti then kills the process).
 * @throws {TypeError} when the threshold is not a number.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { checkConnectorBuffering } from "@octi/connector/queue";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const status = await checkConnectorBuffering(client, { connectorId: id, threshold: "0.5" });
 * if (status.buffering || status.queueThreshold !== 0.5) throw new Error();
 * ```
 */
export async function checkConnectorBuffering(
  client: OpenCTIApiClient,
  options: CheckConnectorBufferingOptions,
): Promise<ConnectorBufferingStatus> {
  const {
    connectorId,
    connectorInfo,
    logger = silentLogger,
    threshold: configured = 500,
    ...requestOptions
  } = options;
  const threshold = parseThreshold(configured);
  const connector = await getConnector(client, connectorId, requestOptions);
  if (!connector?.id) {
    throw new Error(
      `Cannot check the queue size: the platform has no connector with id ${connectorId}`,
    );
  }
  const details = connector.connector_queue_details;
  const size = details.messages_size / 1_000_000;
  const buffering = size >= threshold;
  if (buffering) {
    logger.info(
      "Connector will not run until the queue messages size is reduced under queue threshold",
      { queue_messages_size: size, queue_threshold: threshold },
    );
  }
  if (connectorInfo) {
    connectorInfo.queue_messages_size = size;
    connectorInfo.queue_threshold = threshold;
    connectorInfo.buffering = buffering;
  }
  return {
    buffering,
    queueMessagesSize: size,
    queueMessagesNumber: details.messages_number,
    queueThreshold: threshold,
  };
}
