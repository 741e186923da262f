// sendStix2Bundle's steps in pycti's order (helper-behaviour §4.2): sharing → playbook → file
// name → validation → directory → S3 → split → queue or API. The helper supplies the parts.
import { createDraftWorkspace } from "../api/create_draft_workspace.ts";
import type { OpenCTIApiClient } from "../api/opencti_api_client.ts";
import { playbookStepExecution } from "../api/playbook_step_execution.ts";
import { uploadPending } from "../api/upload_pending.ts";
import type { ConnectorSettings } from "../config/connector_settings.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { AmqpPublishError } from "../queue/amqp_publish_error.ts";
import type { JobContext } from "../queue/job_handler.ts";
import { applyOrganizationSharing } from "../stix/apply_organization_sharing.ts";
import { readBundleText } from "../stix/read_bundle_text.ts";
import { splitBundle } from "../stix/split_bundle.ts";
import { StixBundleError } from "../stix/stix_bundle_error.ts";
import type { StixBundle } from "../stix/types.ts";
import type { BundleOutputs } from "./_bundle_outputs.ts";
import { bundleFileName } from "./bundle_file_name.ts";
import type { BundleSinkConnector } from "./bundle_sink_envelope.ts";
import type { ConnectorWorkApi } from "./connector_work_api.ts";
import type { OpenCTIMetricHandler } from "./metric_handler.ts";
import type {
  SendStix2BundleDelivery,
  SendStix2BundleOptions,
  SendStix2BundleResult,
} from "./send_stix2_bundle.ts";
import { SendStix2BundleError, type SendStix2BundleStep } from "./send_stix2_bundle_error.ts";
import { writeBundleToDirectory } from "./write_bundle_to_directory.ts";

/** What the pipeline needs from the helper. */
export interface BundleSendContext {
  settings: ConnectorSettings;
  connectorId: string;
  /** The running job, if any (work, draft, validation, playbook, shared organisations). */
  job: JobContext | undefined;
  /** The job's applicant, else the connector's user id. */
  applicantId: string | null;
  connector: BundleSinkConnector;
  api: OpenCTIApiClient;
  work: ConnectorWorkApi;
  metrics: OpenCTIMetricHandler;
  logger: Logger;
  clock: Clock;
  /** The S3 sink, the publisher and the pusher, created on first use. */
  outputs: BundleOutputs;
}

// An error about the bundle as a whole (not JSON, no `objects` list), not about one object.
function isBundleLevel(error: unknown): boolean {
  return error instanceof StixBundleError && error.index === undefined &&
    error.objectId === undefined;
}

function nothingToImport(): TypeError {
  return new TypeError("Nothing to import");
}

/** Runs every step of pycti's `send_stix2_bundle`; see `OpenCTIConnectorHelper.sendStix2Bundle`. */
export async function sendStix2BundlePipeline(
  ctx: BundleSendContext,
  bundle: string | StixBundle,
  options: SendStix2BundleOptions,
): Promise<SendStix2BundleResult> {
  const { settings, job, logger, metrics } = ctx;
  const connector = settings.connector;
  const delivered: SendStix2BundleDelivery = {
    playbook: false,
    validation: null,
    draftId: null,
    directory: null,
    s3: null,
    queue: null,
    confirmed: 0,
  };
  const step = async <T>(name: SendStix2BundleStep, run: () => T | Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new SendStix2BundleError(name, error, { ...delivered });
    }
  };
  const result = (bundles: string[], expectations: number): SendStix2BundleResult => ({
    bundles,
    expectations,
    delivered: { ...delivered },
  });

  const workId = options.workId !== undefined ? options.workId : job?.workId ?? null;
  let draftId = options.draftId !== undefined ? options.draftId : job?.draftId || null;
  const validationMode = options.validationMode ?? job?.validationMode ?? "workbench";
  const forceValidation = options.forceValidation ?? job?.forceValidation ?? false;
  const entitiesTypes = options.entitiesTypes ?? null;
  const update = options.update ?? false;
  const sendToQueue = options.sendToQueue ?? connector.sendToQueue;

  const organizations = job?.sharedOrganizations;
  const playbook = job?.playbook;
  // 3. File name of the upload or draft.
  const fileName = options.fileName || (workId ? `${workId}.json` : null);
  const validate = (connector.validateBeforeImport || forceValidation) &&
    !options.bypassValidation && fileName;
  const toDirectory = options.sendToDirectory ?? connector.sendToDirectory;
  const directory = options.sendToDirectoryPath !== undefined
    ? options.sendToDirectoryPath
    : connector.sendToDirectoryPath;
  const toS3 = options.sendToS3 ?? connector.sendToS3;

  // A malformed bundle never reaches a step that hands it on whole, so it is checked first when
  // one will run; otherwise the split (or the pusher) is the one that reads it, once.
  const handedOnWhole = (organizations !== null && organizations !== undefined) ||
    Boolean(playbook) || Boolean(validate) || Boolean(toDirectory && directory) || toS3 ||
    (!sendToQueue && options.noSplit === true);
  let { text, objects } = await step(
    "bundle",
    () =>
      handedOnWhole
        ? readBundleText(bundle)
        : { text: typeof bundle === "string" ? bundle : JSON.stringify(bundle), objects: null },
  );

  // 1. Organisation sharing of the enriched entity.
  if (organizations !== null && organizations !== undefined) {
    text = await step("sharing", () => applyOrganizationSharing(text, organizations));
  }

  // 2. Playbook step: the bundle goes back to the playbook and nothing else happens. queue/
  // checked the context when the job arrived.
  if (playbook) {
    await step("playbook", () => playbookStepExecution(ctx.api, { ...playbook, bundle: text }));
    delivered.playbook = true;
    return result([text], 0);
  }

  // 4. Validation (3., the file name, is computed above).
  if (validate && validationMode === "workbench") {
    await step("validation", () =>
      uploadPending(ctx.api, {
        file: new File([text], fileName, { type: "application/json" }),
        entityId: options.entityId ?? null,
        fileMarkings: options.fileMarkings ?? null,
      }));
    delivered.validation = "workbench";
    return result([], 0);
  }
  if (validate && validationMode === "draft") {
    if (!draftId) {
      const created = await step(
        "validation",
        () => createDraftWorkspace(ctx.api, { name: fileName, entityId: options.entityId ?? null }),
      );
      if (!created) {
        logger.error("Draft couldn't be created");
        return result([], 0);
      }
      draftId = created;
      if (workId) await ctx.work.addDraftContext(workId, draftId);
    }
    delivered.validation = "draft";
  }
  delivered.draftId = draftId;

  // pycti finds this at the split, after writing the sinks: an empty bundle is written nowhere.
  if (objects === 0) {
    metrics.inc("error_count");
    throw new SendStix2BundleError("split", nothingToImport(), { ...delivered });
  }

  // 5. Directory and 6. S3, under one file name.
  const sinkName = bundleFileName(connector.name, { clock: ctx.clock });
  if (toDirectory && directory) {
    delivered.directory = await step("directory", () =>
      writeBundleToDirectory(text, {
        directory,
        retentionDays: options.sendToDirectoryRetention ?? connector.sendToDirectoryRetention,
        alsoQueuing: sendToQueue,
        fileName: sinkName,
        connector: ctx.connector,
        applicantId: ctx.applicantId,
        entitiesTypes,
        update,
        clock: ctx.clock,
        logger,
      }));
  }
  if (toS3) {
    const sink = await step("s3", () => ctx.outputs.s3Sink());
    if (sink) {
      delivered.s3 = await step(
        "s3",
        () =>
          sink.write(text, {
            entitiesTypes,
            update,
            fileName: sinkName,
            applicantId: ctx.applicantId,
          }),
      );
    }
  }

  // 7. Split (or not) and 8. push.
  const protocol = connector.queueProtocol;
  if (!sendToQueue) {
    if (options.noSplit) return result([text], 1);
    let split;
    try {
      split = splitBundle(text, {
        eventVersion: options.eventVersion ?? null,
        cleanupInconsistentBundle: options.cleanupInconsistentBundle ?? false,
      });
    } catch (error) {
      throw new SendStix2BundleError(isBundleLevel(error) ? "bundle" : "split", error, {
        ...delivered,
      });
    }
    if (split.bundles.length === 0) {
      metrics.inc("error_count");
      throw new SendStix2BundleError("split", nothingToImport(), { ...delivered });
    }
    return result(split.bundles, split.expectations);
  }
  try {
    const pushed = await ctx.outputs.pusher().push(text, {
      workId,
      applicantId: ctx.applicantId,
      draftId,
      entitiesTypes: entitiesTypes ?? [],
      update,
      eventVersion: options.eventVersion ?? null,
      cleanupInconsistentBundle: options.cleanupInconsistentBundle ?? false,
      noSplit: options.noSplit ?? false,
      signal: options.signal,
    });
    delivered.queue = protocol;
    delivered.confirmed = pushed.confirmed;
    return result(pushed.bundles, pushed.expectations);
  } catch (error) {
    if (error instanceof AmqpPublishError) delivered.confirmed = error.confirmed;
    const split = error instanceof StixBundleError ||
      (error instanceof TypeError && error.message === "Nothing to import");
    if (isBundleLevel(error)) throw new SendStix2BundleError("bundle", error, { ...delivered });
    if (split) metrics.inc("error_count");
    throw new SendStix2BundleError(split ? "split" : "queue", error, { ...delivered });
  }
}
