import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * What {@linkcode getConnector} returns (the platform's field names).
 *
 * @example
 * ```ts
 * import type { ConnectorDetails } from "@octi/connector/api";
 * const pushQueueMegabytes = (details: ConnectorDetails): number =>
 *   details.connector_queue_details.messages_size / 1_000_000;
 * ```
 */
export interface ConnectorDetails {
  /** Connector id. */
  id: string;
  /** Name. */
  name: string;
  /** Whether the platform saw a ping recently. */
  active: boolean | null;
  /** `CONNECTOR_AUTO` as registered (or changed in the UI). */
  auto: boolean | null;
  /** `CONNECTOR_ONLY_CONTEXTUAL`. */
  only_contextual: boolean | null;
  /** Connector type. */
  connector_type: string | null;
  /** Scope. */
  connector_scope: string[] | null;
  /** Stored state. */
  connector_state: string | null;
  /**
   * The connector's push queue as the platform measures it (RabbitMQ management API):
   * `messages_size` in bytes; 0/0 when the platform could not measure.
   */
  connector_queue_details: { messages_number: number; messages_size: number };
  /** Last update. */
  updated_at: string | null;
  /** Creation time. */
  created_at: string | null;
  /** Queue and exchange names. */
  config: {
    listen: string;
    listen_exchange: string;
    push: string;
    push_exchange: string;
    push_routing: string;
  } | null;
  /** Whether the connector is built into the platform. */
  built_in: boolean | null;
}

/**
 * Reads a connector (`connector(id)`, pycti's `read`), used by the buffering check for
 * `connector_queue_details`. Returns null when the platform knows no such connector.
 * Retried on network failures and 5xx.
 *
 * @example
 * ```ts
 * import { getConnector, OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const details = await getConnector(client, id);
 * if (details?.connector_queue_details.messages_size !== 0) throw new Error();
 * ```
 */
export async function getConnector(
  client: OpenCTIApiClient,
  connectorId: string,
  options: OpenCTIRequestOptions = {},
): Promise<ConnectorDetails | null> {
  const data = await client.query<{ connector: ConnectorDetails | null }>(
    OPENCTI_DOCUMENTS.getConnector,
    { id: connectorId },
    callOptions(options, { retry: true }),
  );
  return data.connector ?? null;
}
