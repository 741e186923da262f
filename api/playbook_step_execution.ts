import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Variables of `playbookStepExecution`, with the platform's names: the playbook context
 * captured when the job arrived, plus the outgoing bundle.
 *
 * @example
 * ```ts
 * import type { PlaybookStepExecutionInput } from "@octi/connector/api";
 * const bundle = JSON.stringify({ type: "bundle", id: "bundle--1", objects: [] });
 * const input: PlaybookStepExecutionInput = {
 *   execution_id: "e1",
 *   event_id: "ev1",
 *   execution_start: "2024-01-15T10:30:00+00:00",
 *   data_instance_id: "d1",
 *   playbook_id: "p1",
 *   previous_step_id: "s0",
 *   step_id: "s1",
 *   previous_bundle: bundle,
 *   bundle,
 * };
 * ```
 */
export interface PlaybookStepExecutionInput {
  /** `internal.playbook.execution_id`. */
  execution_id: string;
  /** `internal.playbook.event_id`. */
  event_id: string;
  /** UTC time the job was received, second precision, `+00:00` suffix. */
  execution_start: string;
  /** `internal.playbook.data_instance_id`. */
  data_instance_id: string;
  /** `internal.playbook.playbook_id`. */
  playbook_id: string;
  /** `internal.playbook.previous_step_id`. */
  previous_step_id: string;
  /** `internal.playbook.step_id`. */
  step_id: string;
  /** JSON text of the job's `event.bundle` as received. */
  previous_bundle: string;
  /** JSON text of the bundle the step produced. */
  bundle: string;
}

/**
 * Hands a playbook step's result back to the platform (`playbookStepExecution`) instead of
 * queueing the bundle. Returns the platform's boolean answer. Not retried: a repeat would run
 * the next playbook step twice.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, playbookStepExecution } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const bundle = JSON.stringify({ type: "bundle", id: "bundle--1", objects: [] });
 * await playbookStepExecution(client, {
 *   execution_id: "e1",
 *   event_id: "ev1",
 *   execution_start: "2024-01-15T10:30:00+00:00",
 *   data_instance_id: "d1",
 *   playbook_id: "p1",
 *   previous_step_id: "s0",
 *   step_id: "s1",
 *   previous_bundle: bundle,
 *   bundle,
 * });
 * if (emulator.state.playbookExecutions[0]?.step_id !== "s1") throw new Error();
 * ```
 */
export async function playbookStepExecution(
  client: OpenCTIApiClient,
  input: PlaybookStepExecutionInput,
  options: OpenCTIRequestOptions = {},
): Promise<boolean | null> {
  const data = await client.query<{ playbookStepExecution: boolean | null }>(
    OPENCTI_DOCUMENTS.playbookStepExecution,
    {
      execution_id: input.execution_id,
      event_id: input.event_id,
      execution_start: input.execution_start,
      playbook_id: input.playbook_id,
      data_instance_id: input.data_instance_id,
      step_id: input.step_id,
      previous_step_id: input.previous_step_id,
      previous_bundle: input.previous_bundle,
      bundle: input.bundle,
    },
    callOptions(options, { retry: false }),
  );
  return data.playbookStepExecution ?? null;
}
