import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Arguments of {@linkcode workAddExpectations}.
 *
 * @example
 * ```ts
 * import type { WorkAddExpectationsArgs } from "@octi/connector/api";
 * const args: WorkAddExpectationsArgs = { workId: "work_1", expectations: 3 };
 * ```
 */
export interface WorkAddExpectationsArgs {
  /** Work id. */
  workId: string;
  /** How many more items (bundle chunks) the work waits for. */
  expectations: number;
}

/**
 * Adds expectations to a work (`workEdit.addExpectations`): pycti sends the number of chunks
 * before publishing them. Not retried: the platform adds, so a repeat would double-count.
 * pycti's work API swallows failures of this call; this function throws. Sent without
 * `opencti-applicant-id`.
 *
 * @example
 * ```ts
 * import {
 *   initiateWork,
 *   OpenCTIApiClient,
 *   registerConnector,
 *   workAddExpectations,
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
 * await workAddExpectations(client, { workId, expectations: 3 });
 * if (emulator.state.works.get(workId)?.expected !== 3) throw new Error();
 * ```
 */
export async function workAddExpectations(
  client: OpenCTIApiClient,
  args: WorkAddExpectationsArgs,
  options: OpenCTIRequestOptions = {},
): Promise<void> {
  await client.query(
    OPENCTI_DOCUMENTS.addExpectations,
    { id: args.workId, expectations: args.expectations },
    callOptions(options, { retry: false, withoutImpersonation: true }),
  );
}
