import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Arguments of {@linkcode workAddDraftContext}.
 *
 * @example
 * ```ts
 * import type { WorkAddDraftContextArgs } from "@octi/connector/api";
 * const args: WorkAddDraftContextArgs = { workId: "work_1", draftContext: "draft-1" };
 * ```
 */
export interface WorkAddDraftContextArgs {
  /** Work id. */
  workId: string;
  /** Draft the work's bundles go to. */
  draftContext: string;
}

/**
 * Attaches a draft to a work (`workEdit.addDraftContext`), sent after creating a draft for
 * draft validation. Retried on network failures and 5xx (it sets a value). pycti's work API
 * swallows failures of this call; this function throws. Sent without `opencti-applicant-id`.
 *
 * @example
 * ```ts
 * import {
 *   initiateWork,
 *   OpenCTIApiClient,
 *   registerConnector,
 *   workAddDraftContext,
 * } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
 * await workAddDraftContext(client, { workId, draftContext: "draft-1" });
 * if (emulator.state.works.get(workId)?.draftContext !== "draft-1") throw new Error();
 * ```
 */
export async function workAddDraftContext(
  client: OpenCTIApiClient,
  args: WorkAddDraftContextArgs,
  options: OpenCTIRequestOptions = {},
): Promise<void> {
  await client.query(
    OPENCTI_DOCUMENTS.addDraftContext,
    { id: args.workId, draftContext: args.draftContext },
    callOptions(options, { retry: true, withoutImpersonation: true }),
  );
}
