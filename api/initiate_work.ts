import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Arguments of {@linkcode initiateWork}.
 *
 * @example
 * ```ts
 * import type { InitiateWorkArgs } from "@octi/connector/api";
 * const args: InitiateWorkArgs = {
 *   connectorId: "5d3c6d2f-6a3f-4f5d-9d1e-0e8a3a6f2b11",
 *   friendlyName: "My Feed run @ 2024-01-15 10:30:00",
 * };
 * ```
 */
export interface InitiateWorkArgs {
  /** Connector the work belongs to. */
  connectorId: string;
  /** Name shown in the UI (e.g. `"My Feed run @ 2024-01-15 10:30:00"`). */
  friendlyName?: string | null | undefined;
}

/**
 * Creates a work (`workAdd`, pycti's `initiate_work`) and returns its id. Not retried: a
 * repeated call would create a second work. Sent without `opencti-applicant-id`, as pycti.
 * pycti sends it only when `CONNECTOR_SEND_TO_QUEUE` is true; that gate is the caller's.
 *
 * @example
 * ```ts
 * import { initiateWork, OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
 * if (emulator.state.works.get(workId)?.status !== "wait") throw new Error();
 * ```
 */
export async function initiateWork(
  client: OpenCTIApiClient,
  args: InitiateWorkArgs,
  options: OpenCTIRequestOptions = {},
): Promise<string> {
  const data = await client.query<{ workAdd: { id: string } }>(
    OPENCTI_DOCUMENTS.workAdd,
    { connectorId: args.connectorId, friendlyName: args.friendlyName ?? null },
    callOptions(options, { retry: false, withoutImpersonation: true }),
  );
  return data.workAdd.id;
}
