import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Unregisters the connector (`deleteConnector`, pycti's `unregister`, sent by `stop()`).
 * Destructive on the platform: the connector, its works and its queues are deleted until it
 * registers again. Retried on network failures and 5xx.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, registerConnector, unregisterConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * await unregisterConnector(client, id);
 * if (emulator.state.connectors.has(id)) throw new Error("still registered");
 * ```
 */
export async function unregisterConnector(
  client: OpenCTIApiClient,
  connectorId: string,
  options: OpenCTIRequestOptions = {},
): Promise<void> {
  await client.query(
    OPENCTI_DOCUMENTS.deleteConnector,
    { id: connectorId },
    callOptions(options, { retry: true }),
  );
}
