import type { OpenCTIApiClient } from "../api/opencti_api_client.ts";
import { pingWork } from "../api/ping_work.ts";
import { workToProcessed } from "../api/work_to_processed.ts";
import { workToReceived } from "../api/work_to_received.ts";
import type { WorkReporter } from "./job_handler.ts";

/**
 * The {@linkcode WorkReporter} of a job handler, backed by the platform's Work API through
 * `api/` (`workToReceived`, `workToProcessed`, `pingWork`). pycti skips the received/processed
 * reports when `CONNECTOR_SEND_TO_QUEUE` is false; wrap or replace the reporter to do so.
 *
 * @example
 * ```ts
 * import { initiateWork, OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { createWorkReporter } from "@octi/connector/queue";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Importer",
 *   type: "INTERNAL_IMPORT_FILE",
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "import" });
 * const work = createWorkReporter(client);
 * await work.toReceived(workId, "Connector ready to process the operation");
 * await work.toProcessed(workId, "done", false);
 * if (emulator.state.works.get(workId)?.status !== "complete") throw new Error();
 * ```
 */
export function createWorkReporter(client: OpenCTIApiClient): WorkReporter {
  return {
    toReceived: (workId, message) => workToReceived(client, { workId, message }),
    toProcessed: (workId, message, inError) =>
      workToProcessed(client, { workId, message, inError }),
    pingWork: (workId) => pingWork(client, workId),
  };
}
