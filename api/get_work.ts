import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * A message or error line of a work (`WorkMessage`).
 *
 * @example
 * ```ts
 * import type { WorkDetails, WorkMessageRecord } from "@octi/connector/api";
 * const errorsOf = (work: WorkDetails): WorkMessageRecord[] => work.errors ?? [];
 * ```
 */
export interface WorkMessageRecord {
  /** When it was recorded. */
  timestamp: string | null;
  /** Text. */
  message: string | null;
  /** Order among the work's lines. */
  sequence: number | null;
  /** What it is about. */
  source: string | null;
}

/**
 * What {@linkcode getWork} returns (the platform's field names).
 *
 * @example
 * ```ts
 * import type { WorkDetails } from "@octi/connector/api";
 * const isDone = (work: WorkDetails | null): boolean => work?.status === "complete";
 * ```
 */
export interface WorkDetails {
  /** Work id. */
  id: string;
  /** Friendly name. */
  name: string | null;
  /** User the work runs as. */
  user: { name: string } | null;
  /** Creation time. */
  timestamp: string;
  /** `wait`, `progress`, `complete` or `timeout`. */
  status: "wait" | "progress" | "complete" | "timeout";
  /** Connector id the work belongs to. */
  event_source_id: string | null;
  /** When `toReceived` was sent. */
  received_time: string | null;
  /** When `toProcessed` was sent. */
  processed_time: string | null;
  /** When the work completed. */
  completed_time: string | null;
  /** Expected and processed item counts. */
  tracking:
    | { import_expected_number: number | null; import_processed_number: number | null }
    | null;
  /** Messages. */
  messages: WorkMessageRecord[] | null;
  /** Errors. */
  errors: WorkMessageRecord[] | null;
}

/**
 * Reads a work (`WorkQuery`, pycti's `get_work`); null when the platform knows no such work.
 * Sent without `opencti-applicant-id`. Retried on network failures and 5xx.
 *
 * @example
 * ```ts
 * import { getWork, initiateWork, OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
 * const work = await getWork(client, workId);
 * if (work?.status !== "wait" || work.event_source_id !== id) throw new Error();
 * ```
 */
export async function getWork(
  client: OpenCTIApiClient,
  workId: string,
  options: OpenCTIRequestOptions = {},
): Promise<WorkDetails | null> {
  const data = await client.query<{ work: WorkDetails | null }>(
    OPENCTI_DOCUMENTS.getWork,
    { id: workId },
    callOptions(options, { retry: true, withoutImpersonation: true }),
  );
  return data.work ?? null;
}
