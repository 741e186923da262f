import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Deletes a work (`ConnectorWorksMutation`, pycti's `delete_work`). Sent without
 * `opencti-applicant-id` by default (pycti's `delete` variant keeps it: pass
 * `withoutImpersonation: false`). Retried on network failures and 5xx.
 *
 * @example
 * ```ts
 * import { deleteWork, initiateWork, OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
 * await deleteWork(client, workId);
 * if (emulator.state.works.has(workId)) throw new Error("still there");
 * ```
 */
export async function deleteWork(
  client: OpenCTIApiClient,
  workId: string,
  options: OpenCTIRequestOptions = {},
): Promise<void> {
  await client.query(
    OPENCTI_DOCUMENTS.deleteWork,
    { workId },
    callOptions(options, { retry: true, withoutImpersonation: true }),
  );
}
