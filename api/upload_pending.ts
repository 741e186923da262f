import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Arguments of {@linkcode uploadPending}.
 *
 * @example
 * ```ts
 * import type { UploadPendingArgs } from "@octi/connector/api";
 * const text = JSON.stringify({ type: "bundle", id: "bundle--1", objects: [] });
 * const args: UploadPendingArgs = {
 *   file: new File([text], "work_1.json", { type: "application/json" }),
 *   entityId: null,
 *   fileMarkings: null,
 * };
 * ```
 */
export interface UploadPendingArgs {
  /** The file; pycti sends the bundle JSON named `<work_id>.json`, type `application/json`. */
  file: File;
  /** Entity the file belongs to, or null. */
  entityId?: string | null | undefined;
  /** Marking ids; null (not `[]`) when none, as pycti. */
  fileMarkings?: readonly string[] | null | undefined;
}

/**
 * The file record the platform returns.
 *
 * @example
 * ```ts
 * import type { UploadedPendingFile } from "@octi/connector/api";
 * const pendingName = (file: UploadedPendingFile | null): string | null => file?.name ?? null;
 * ```
 */
export interface UploadedPendingFile {
  /** File id (e.g. `import/pending/<name>`). */
  id: string;
  /** File name. */
  name: string;
}

/**
 * Uploads a bundle to the workbench for validation (`uploadPending`), as a multipart request
 * per the GraphQL multipart request spec. Returns the file record. Not retried.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, uploadPending } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const text = JSON.stringify({ type: "bundle", id: "bundle--1", objects: [] });
 * const file = new File([text], "work_1.json", { type: "application/json" });
 * const uploaded = await uploadPending(client, { file });
 * if (uploaded?.name !== "work_1.json") throw new Error();
 * if (emulator.state.pendingUploads[0]?.content !== text) throw new Error();
 * ```
 */
export async function uploadPending(
  client: OpenCTIApiClient,
  args: UploadPendingArgs,
  options: OpenCTIRequestOptions = {},
): Promise<UploadedPendingFile | null> {
  const data = await client.query<{ uploadPending: UploadedPendingFile | null }>(
    OPENCTI_DOCUMENTS.uploadPending,
    { file: args.file, entityId: args.entityId ?? null, file_markings: args.fileMarkings ?? null },
    callOptions(options, { retry: false }),
  );
  return data.uploadPending ?? null;
}
