import type { WorkDetails } from "../api/get_work.ts";
import type { WorkErrorInput } from "../api/report_work_expectation.ts";

/**
 * The Work API as a connector uses it (pycti's `helper.api.work`), available as
 * `helper.work`. As in pycti, `CONNECTOR_SEND_TO_QUEUE=false` turns every reporting call into a
 * silent no-op (`initiateWork` then returns null); `ping`, `get` and `delete` are not gated.
 * Expectation and draft-context reports never throw (failures are logged), as pycti.
 *
 * @example
 * ```ts
 * import type { ConnectorWorkApi } from "@octi/connector/helper";
 * async function run(work: ConnectorWorkApi): Promise<void> {
 *   const workId = await work.initiateWork("My Feed run @ 2024-01-15 10:30:00");
 *   // ... sendStix2Bundle(bundle, { workId }) ...
 *   if (workId) await work.toProcessed(workId, "5000 objects imported");
 * }
 * ```
 */
export interface ConnectorWorkApi {
  /** `workAdd`: a new work of this connector; null when sending to the queue is off. */
  initiateWork(friendlyName?: string | null): Promise<string | null>;
  /** `workToReceived`. */
  toReceived(workId: string, message?: string | null): Promise<void>;
  /** `workToProcessed`; `inError` records the message as an error. */
  toProcessed(workId: string, message?: string | null, inError?: boolean): Promise<void>;
  /** `reportExpectation`: one expectation done, or failed with `error`. Never throws. */
  reportExpectation(workId: string, error?: WorkErrorInput | null): Promise<void>;
  /** `addExpectations`. Never throws. */
  addExpectations(workId: string, expectations: number): Promise<void>;
  /** `addDraftContext`. Never throws. */
  addDraftContext(workId: string, draftContext: string): Promise<void>;
  /** `pingWork`: keeps a long work alive. */
  ping(workId: string): Promise<void>;
  /** `WorkQuery`: the work's status and tracking, or null. */
  get(workId: string): Promise<WorkDetails | null>;
  /** `ConnectorWorksMutation`: deletes the work. */
  delete(workId: string): Promise<void>;
}
