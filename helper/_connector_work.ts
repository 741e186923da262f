// The Work API with pycti's CONNECTOR_SEND_TO_QUEUE gate and its swallowed failures.
import { deleteWork } from "../api/delete_work.ts";
import { getWork, type WorkDetails } from "../api/get_work.ts";
import { initiateWork } from "../api/initiate_work.ts";
import type { OpenCTIApiClient } from "../api/opencti_api_client.ts";
import { pingWork } from "../api/ping_work.ts";
import { reportWorkExpectation, type WorkErrorInput } from "../api/report_work_expectation.ts";
import { workAddDraftContext } from "../api/work_add_draft_context.ts";
import { workAddExpectations } from "../api/work_add_expectations.ts";
import { workToProcessed } from "../api/work_to_processed.ts";
import { workToReceived } from "../api/work_to_received.ts";
import type { Logger } from "../core/logger.ts";
import type { ConnectorWorkApi } from "./connector_work_api.ts";

export function createConnectorWork(
  client: OpenCTIApiClient,
  options: { connectorId: string; sendToQueue: boolean; logger: Logger },
): ConnectorWorkApi {
  const { connectorId, sendToQueue, logger } = options;
  // pycti logs and forgets failed expectation and draft-context reports.
  const report = async (what: string, workId: string, call: () => Promise<unknown>) => {
    if (!sendToQueue) return;
    try {
      await call();
    } catch (error) {
      logger.error(what, { work_id: workId, error });
    }
  };
  return {
    initiateWork: async (friendlyName) =>
      sendToQueue ? await initiateWork(client, { connectorId, friendlyName }) : null,
    toReceived: async (workId, message) => {
      if (sendToQueue) await workToReceived(client, { workId, message });
    },
    toProcessed: async (workId, message, inError) => {
      if (sendToQueue) await workToProcessed(client, { workId, message, inError });
    },
    reportExpectation: (workId: string, error?: WorkErrorInput | null) =>
      report(
        "Cannot report expectation",
        workId,
        () => reportWorkExpectation(client, { workId, error }),
      ),
    addExpectations: (workId, expectations) =>
      report(
        "Cannot report expectation",
        workId,
        () => workAddExpectations(client, { workId, expectations }),
      ),
    addDraftContext: (workId, draftContext) =>
      report(
        "Cannot report draft context",
        workId,
        () => workAddDraftContext(client, { workId, draftContext }),
      ),
    ping: (workId) => pingWork(client, workId),
    get: (workId): Promise<WorkDetails | null> => getWork(client, workId),
    delete: (workId) => deleteWork(client, workId),
  };
}
