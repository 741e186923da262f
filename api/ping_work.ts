import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Keeps a long-running work alive (`workEdit.ping`), as pycti does about every 5 minutes
 * while an AMQP job runs. Retried on network failures and 5xx. Keeps the impersonation header,
 * as pycti.
 *
 * @example
 * ```ts
 * import { initiateWork, OpenCTIApiClient, pingWork, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
 * await pingWork(client, workId);
 * ```
 */
export async function pingWork(
  client: OpenCTIApiClient,
  workId: string,
  options: OpenCTIRequestOptions = {},
): Promise<void> {
  await client.query(
    OPENCTI_DOCUMENTS.pingWork,
    { id: workId },
    callOptions(options, { retry: true }),
  );
}
