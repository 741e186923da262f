import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * The ConnectorInfo record sent with every ping (`ConnectorInfoInput`).
 *
 * @example
 * ```ts
 * import type { ConnectorInfoInput } from "@octi/connector/api";
 * const info: ConnectorInfoInput = {
 *   run_and_terminate: false,
 *   buffering: false,
 *   queue_threshold: 500,
 *   queue_messages_size: 0,
 *   next_run_datetime: "2024-01-15T11:30:00Z",
 *   last_run_datetime: null,
 * };
 * ```
 */
export interface ConnectorInfoInput {
  /** Whether the current run is a run-and-terminate run. */
  run_and_terminate: boolean;
  /** Whether the connector holds back because its push queue is over the threshold. */
  buffering: boolean;
  /** `CONNECTOR_QUEUE_THRESHOLD` in MB. */
  queue_threshold: number;
  /** Size of the push queue in MB at the last buffering check. */
  queue_messages_size: number;
  /** Next scheduled run, `YYYY-MM-DDTHH:MM:SSZ`, or null. */
  next_run_datetime?: string | null | undefined;
  /** Last run, `YYYY-MM-DDTHH:MM:SSZ`, or null. */
  last_run_datetime?: string | null | undefined;
}

/**
 * Arguments of {@linkcode pingConnector}.
 *
 * @example
 * ```ts
 * import type { PingConnectorArgs } from "@octi/connector/api";
 * const args: PingConnectorArgs = {
 *   id: "5d3c6d2f-6a3f-4f5d-9d1e-0e8a3a6f2b11",
 *   state: { start_from: "1700000000000-0" },
 * };
 * ```
 */
export interface PingConnectorArgs {
  /** Connector id. */
  id: string;
  /**
   * Local state: an object is sent as its JSON text, null as the string `"null"` (what pycti
   * sends when there is no state), a string as it is.
   */
  state: Readonly<Record<string, unknown>> | string | null;
  /** The ConnectorInfo record; omitted when undefined. */
  connectorInfo?: ConnectorInfoInput | undefined;
}

/**
 * What {@linkcode pingConnector} returns (the platform's field names).
 *
 * @example
 * ```ts
 * import type { ConnectorPingResult } from "@octi/connector/api";
 * const resetFromTheUi = (pong: ConnectorPingResult): boolean => pong.connector_state === "";
 * ```
 */
export interface ConnectorPingResult {
  /** Connector id. */
  id: string;
  /** State stored by the platform: the pinged one, or `""` when a reset was pending. */
  connector_state: string | null;
  /** The ConnectorInfo record as stored. */
  connector_info: ConnectorInfoInput | null;
}

/**
 * Pings the platform (`pingConnector`): keeps the connector alive in the UI and stores its
 * state. The returned `connector_state` is how a state reset done in the UI is read back
 * (`""`). Retried on network failures and 5xx (the ping overwrites, so repeating is safe).
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, pingConnector, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const pong = await pingConnector(client, { id, state: { last_run: 1 } });
 * if (pong.connector_state !== '{"last_run":1}') throw new Error(String(pong.connector_state));
 * ```
 */
export async function pingConnector(
  client: OpenCTIApiClient,
  args: PingConnectorArgs,
  options: OpenCTIRequestOptions = {},
): Promise<ConnectorPingResult> {
  const variables: Record<string, unknown> = {
    id: args.id,
    state: typeof args.state === "string" ? args.state : JSON.stringify(args.state),
  };
  if (args.connectorInfo !== undefined) variables.connectorInfo = args.connectorInfo;
  const data = await client.query<{ pingConnector: ConnectorPingResult | null }>(
    OPENCTI_DOCUMENTS.pingConnector,
    variables,
    callOptions(options, { retry: true }),
  );
  if (!data.pingConnector) {
    throw new TypeError(`OpenCTI API call PingConnector returned no connector for id "${args.id}"`);
  }
  return data.pingConnector;
}
