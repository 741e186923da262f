import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Arguments of {@linkcode workToReceived}.
 *
 * @example
 * ```ts
 * import type { WorkToReceivedArgs } from "@octi/connector/api";
 * const args: WorkToReceivedArgs = {
 *   workId: "work_1",
 *   message: "Connector ready to process the operation",
 * };
 * ```
 */
export interface WorkToReceivedArgs {
  /** Work id. */
  workId: string;
  /** Message recorded on the work; pycti's job handler sends `"Connector ready to process the operation"`. */
  message?: string | null | undefined;
}

/**
 * Marks a work as received (`workEdit.toReceived`): the platform shows it in progress.
 * Retried on network failures and 5xx. Sent without `opencti-applicant-id`, as pycti.
 *
 * @example
 * ```ts
 * import { initiateWork, OpenCTIApiClient, registerConnector, workToReceived } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
 * await workToReceived(client, { workId, message: "Connector ready to process the operation" });
 * if (emulator.state.works.get(workId)?.status !== "progress") throw new Error();
 * ```
 */
export async function workToReceived(
  client: OpenCTIApiClient,
  args: WorkToReceivedArgs,
  options: OpenCTIRequestOptions = {},
): Promise<void> {
  await client.query(
    OPENCTI_DOCUMENTS.workToReceived,
    { id: args.workId, message: args.message ?? null },
    callOptions(options, { retry: true, withoutImpersonation: true }),
  );
}
