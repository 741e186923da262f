import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Arguments of {@linkcode createDraftWorkspace}.
 *
 * @example
 * ```ts
 * import type { CreateDraftWorkspaceArgs } from "@octi/connector/api";
 * const args: CreateDraftWorkspaceArgs = { name: "work_1.json", entityId: "report--1" };
 * ```
 */
export interface CreateDraftWorkspaceArgs {
  /** Draft name; pycti uses the bundle file name. */
  name: string;
  /** Entity the draft is about, or null. */
  entityId?: string | null | undefined;
}

/**
 * Creates a draft (`draftWorkspaceAdd`, pycti's `create_draft`) for draft validation and returns
 * its id, or null when the platform returned none. Not retried: a repeat would create a second
 * draft.
 *
 * @example
 * ```ts
 * import { createDraftWorkspace, OpenCTIApiClient } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const draftId = await createDraftWorkspace(client, { name: "work_1.json" });
 * if (!draftId || emulator.state.drafts.get(draftId)?.name !== "work_1.json") throw new Error();
 * ```
 */
export async function createDraftWorkspace(
  client: OpenCTIApiClient,
  args: CreateDraftWorkspaceArgs,
  options: OpenCTIRequestOptions = {},
): Promise<string | null> {
  const data = await client.query<{ draftWorkspaceAdd: { id: string } | null }>(
    OPENCTI_DOCUMENTS.draftWorkspaceAdd,
    { input: { name: args.name, entity_id: args.entityId ?? null } },
    callOptions(options, { retry: false }),
  );
  return data.draftWorkspaceAdd?.id ?? null;
}
