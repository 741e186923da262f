import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Arguments of {@linkcode workToProcessed}.
 *
 * @example
 * ```ts
 * import type { WorkToProcessedArgs } from "@octi/connector/api";
 * const failed: WorkToProcessedArgs = { workId: "work_1", message: "cannot parse", inError: true };
 * ```
 */
export interface WorkToProcessedArgs {
  /** Work id. */
  workId: string;
  /** Message recorded on the work (the callback's result, or the error text). */
  message?: string | null | undefined;
  /** Records the message as an error. Default false. */
  inError?: boolean | undefined;
}

/**
 * Marks a work as processed (`workEdit.toProcessed`); the platform completes it once every
 * expected bundle was ingested. Retried on network failures and 5xx. Sent without
 * `opencti-applicant-id`, as pycti.
 *
 * @example
 * ```ts
 * import { initiateWork, OpenCTIApiClient, registerConnector, workToProcessed } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
 * await workToProcessed(client, { workId, message: "done" });
 * if (emulator.state.works.get(workId)?.status !== "complete") throw new Error();
 * ```
 */
export async function workToProcessed(
  client: OpenCTIApiClient,
  args: WorkToProcessedArgs,
  options: OpenCTIRequestOptions = {},
): Promise<void> {
  await client.query(
    OPENCTI_DOCUMENTS.workToProcessed,
    { id: args.workId, message: args.message ?? null, inError: args.inError ?? false },
    callOptions(options, { retry: true, withoutImpersonation: true }),
  );
}
