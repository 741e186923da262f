import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * An error attached to a reported expectation (`WorkErrorInput`).
 *
 * @example
 * ```ts
 * import type { WorkErrorInput } from "@octi/connector/api";
 * const error: WorkErrorInput = {
 *   error: "Missing reference",
 *   source: "indicator--cccccccc-cccc-4ccc-8ccc-cccccccccccc",
 * };
 * ```
 */
export interface WorkErrorInput {
  /** Error text. */
  error: string;
  /** What failed (e.g. the object or file). */
  source: string;
}

/**
 * Arguments of {@linkcode reportWorkExpectation}.
 *
 * @example
 * ```ts
 * import type { ReportWorkExpectationArgs } from "@octi/connector/api";
 * const done: ReportWorkExpectationArgs = { workId: "work_1", error: null };
 * ```
 */
export interface ReportWorkExpectationArgs {
  /** Work id. */
  workId: string;
  /** The failure of this expectation, or null for a success. */
  error?: WorkErrorInput | null | undefined;
}

/**
 * Reports one expectation of a work as done (`workEdit.reportExpectation`), with an optional
 * error. Not retried: each call counts one more processed item. pycti's work API swallows
 * failures of this call (logging `"Cannot report expectation"`); this function throws and
 * leaves that choice to the caller. Sent without `opencti-applicant-id`.
 *
 * @example
 * ```ts
 * import {
 *   initiateWork,
 *   OpenCTIApiClient,
 *   registerConnector,
 *   reportWorkExpectation,
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
 * await workAddExpectations(client, { workId, expectations: 1 });
 * await reportWorkExpectation(client, { workId, error: { error: "bad", source: "x" } });
 * if (emulator.state.works.get(workId)?.errors.length !== 1) throw new Error();
 * ```
 */
export async function reportWorkExpectation(
  client: OpenCTIApiClient,
  args: ReportWorkExpectationArgs,
  options: OpenCTIRequestOptions = {},
): Promise<void> {
  await client.query(
    OPENCTI_DOCUMENTS.reportExpectation,
    { id: args.workId, error: args.error ?? null },
    callOptions(options, { retry: false, withoutImpersonation: true }),
  );
}
