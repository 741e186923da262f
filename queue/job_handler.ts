import type { Clock } from "../core/clock.ts";
import { systemClock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import { getSharedOrganizations } from "../stix/get_shared_organizations.ts";
import type { StixObject } from "../stix/types.ts";
import type { ConnectorJobMessage } from "./job_message.ts";

/**
 * The Work API calls a job handler makes; `api/` provides them (pass no-ops to disable).
 *
 * @example
 * ```ts
 * import type { WorkReporter } from "@octi/connector/queue";
 * // Work reporting disabled, as pycti does when CONNECTOR_SEND_TO_QUEUE is false.
 * const silent: WorkReporter = {
 *   toReceived: () => Promise.resolve(),
 *   toProcessed: () => Promise.resolve(),
 *   pingWork: () => Promise.resolve(),
 * };
 * ```
 */
export interface WorkReporter {
  /** `workToReceived(id, message)`. */
  toReceived(workId: string, message: string): Promise<unknown>;
  /** `workToProcessed(id, message, inError)`. */
  toProcessed(workId: string, message: string | null, inError: boolean): Promise<unknown>;
  /** `pingWork(id)`: keeps a long job's work alive. */
  pingWork(workId: string): Promise<unknown>;
}

/**
 * Reads the entity an enrichment job is about (pycti's entity layer).
 *
 * @example
 * ```ts
 * import type { EnrichmentEntitySource } from "@octi/connector/queue";
 * const entities = new Map([["ipv4-addr--1", { id: "internal-1", standard_id: "ipv4-addr--1" }]]);
 * const source: EnrichmentEntitySource = {
 *   readEntity: (entityId) => Promise.resolve(entities.get(entityId) ?? null),
 *   exportEntity: (entity) => Promise.resolve([{ id: entity.standard_id, type: "ipv4-addr" }]),
 * };
 * ```
 */
export interface EnrichmentEntitySource {
  /**
   * Reads the entity by id with its files; `entityType` is the job's `event.entity_type`
   * (`undefined` when absent: read it as `Stix-Core-Object`). Resolves `null` when not found.
   */
  readEntity(
    entityId: string,
    entityType: string | undefined,
  ): Promise<Record<string, unknown> | null>;
  /** Builds the STIX objects of the entity (pycti's `generate_export` + `prepare_export`). */
  exportEntity(entity: Record<string, unknown>): Promise<Record<string, unknown>[]>;
}

/**
 * Playbook step context captured from `internal.playbook` at job start: exactly the variables
 * of `playbookStepExecution` except `bundle`. Checked when captured: every id is a string (a
 * job whose `internal.playbook` lacks one fails before its callback runs), so the context can
 * be sent as it is.
 *
 * @example
 * ```ts
 * import type { JobContext, PlaybookContext } from "@octi/connector/queue";
 * const stepOf = (job: JobContext): string | null => {
 *   const playbook: PlaybookContext | null = job.playbook;
 *   return playbook ? playbook.step_id : null;
 * };
 * ```
 */
export interface PlaybookContext {
  /** `internal.playbook.execution_id`. */
  execution_id: string;
  /** `internal.playbook.event_id`. */
  event_id: string;
  /** UTC time of job receipt, second precision, `+00:00` suffix (pycti's `date_now()`). */
  execution_start: string;
  /** `internal.playbook.playbook_id`. */
  playbook_id: string;
  /** `internal.playbook.data_instance_id`. */
  data_instance_id: string;
  /** `internal.playbook.step_id`. */
  step_id: string;
  /** `internal.playbook.previous_step_id`. */
  previous_step_id: string;
  /** JSON text of the job's `event.bundle`. */
  previous_bundle: string;
}

/**
 * The per-job state pycti keeps on the helper while a job runs. Bundle sending during the job
 * takes its defaults from here; it is gone once the job ends (pycti leaks it into later calls).
 *
 * @example
 * ```ts
 * import type { JobCallback, JobContext } from "@octi/connector/queue";
 * const callback: JobCallback = (_event, job: JobContext) => {
 *   if (job.signal.aborted) throw job.signal.reason;
 *   return `done for ${job.applicantId} in work ${job.workId}`;
 * };
 * ```
 */
export interface JobContext {
  /** `internal.work_id`. */
  readonly workId: string | null;
  /** `internal.applicant_id`, or the connector's user id when that is null. */
  readonly applicantId: string | null;
  /** `internal.draft_id` (null when the platform sent null), `""` when the key is absent. */
  readonly draftId: string | null;
  /** `event.validation_mode` (`"workbench"` or `"draft"`), `"workbench"` when absent. */
  readonly validationMode: string | null;
  /** `event.force_validation` (Python truthiness), default false. */
  readonly forceValidation: boolean;
  /** Playbook step context; set only for enrichment jobs sent by a playbook. */
  readonly playbook: PlaybookContext | null;
  /** Organisations the enriched entity is shared with (enrichment only), else null. */
  readonly sharedOrganizations: readonly string[] | null;
  /** Aborted when the listener gives up waiting for the job (bounded stop). */
  readonly signal: AbortSignal;
}

/**
 * The connector's job callback. It gets the job's `event` (for enrichment connectors with
 * `enrichment_entity`, parsed `stix_entity` and `stix_objects` filled in) and the job context;
 * what it returns (a string, or nothing) becomes the work's "processed" message.
 *
 * @example
 * ```ts
 * import type { JobCallback } from "@octi/connector/queue";
 * const callback: JobCallback = async (event) => {
 *   const fileId = String(event.file_id);
 *   await Promise.resolve(); // fetch and import the file here
 *   return `imported ${fileId}`;
 * };
 * ```
 */
export type JobCallback = (
  event: Record<string, unknown>,
  job: JobContext,
) => Promise<string | null | undefined | void> | string | null | undefined | void;

/**
 * What happened to a job. The handler never throws; failures are reported to the work.
 *
 * @example
 * ```ts
 * import type { JobOutcome } from "@octi/connector/queue";
 * const failed = (outcome: JobOutcome): boolean => outcome.status === "failed";
 * ```
 */
export interface JobOutcome {
  /** `processed` when the callback returned, `failed` when anything threw. */
  status: "processed" | "failed";
  /** The callback's return value (processed jobs). */
  message?: string | null;
  /** What failed (failed jobs). */
  error?: unknown;
}

/**
 * Per-call options of {@linkcode JobHandler.handle}.
 *
 * @example
 * ```ts
 * import type { JobRunOptions } from "@octi/connector/queue";
 * const options: JobRunOptions = { workPingIntervalMs: 300_000 };
 * ```
 */
export interface JobRunOptions {
  /** Aborts the job's {@linkcode JobContext.signal}. */
  signal?: AbortSignal | undefined;
  /**
   * Pings the work at this interval while the callback runs (the AMQP listener passes
   * pycti's cadence; the HTTP callback listener, like pycti, does not ping).
   */
  workPingIntervalMs?: number | undefined;
}

/**
 * Anything that runs a parsed job, usually a {@linkcode JobHandler}.
 *
 * @example
 * ```ts
 * import type { ConnectorJobMessage, JobRunner } from "@octi/connector/queue";
 * const received: ConnectorJobMessage[] = [];
 * const runner: JobRunner = { handle: (job) => Promise.resolve(received.push(job)) };
 * ```
 */
export interface JobRunner {
  /** Runs the job to its end; a rejection counts as a failed job. */
  handle(job: ConnectorJobMessage, options: JobRunOptions): Promise<unknown>;
}

/**
 * Options of {@linkcode JobHandler}.
 *
 * @example
 * ```ts
 * import { JobHandler, type JobHandlerOptions } from "@octi/connector/queue";
 * const options: JobHandlerOptions = {
 *   connectorType: "INTERNAL_EXPORT_FILE",
 *   connectorUserId: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
 *   callback: (event) => `exported ${event.entity_id}`,
 *   work: { toReceived: async () => {}, toProcessed: async () => {}, pingWork: async () => {} },
 * };
 * const handler = new JobHandler(options);
 * ```
 */
export interface JobHandlerOptions {
  /** `CONNECTOR_TYPE`; `INTERNAL_ENRICHMENT` turns on the enrichment steps. */
  connectorType: string;
  /** `connector_user_id` from the registration: the applicant when the job names none. */
  connectorUserId: string | null;
  /** The connector's job callback. */
  callback: JobCallback;
  /** Work API calls (received, processed, ping). */
  work: WorkReporter;
  /** Required for `INTERNAL_ENRICHMENT` connectors. */
  enrichment?: EnrichmentEntitySource | undefined;
  /**
   * Sets the `opencti-draft-id` header of both API clients: the job's draft id at start,
   * `null` (no header) once the job is over.
   */
  setDraftId?: ((draftId: string | null) => void) | undefined;
  /**
   * Sets the `opencti-applicant-id` header of the impersonating client: the job's applicant at
   * start, `null` (no header) once the job is over.
   */
  setApplicantId?: ((applicantId: string | null) => void) | undefined;
  /** Called for each error pycti counts in `error_count` (failed job, failed error report). */
  onError?: ((error: unknown) => void) | undefined;
  /** Logger; default silent. */
  logger?: Logger | undefined;
  /** Time source for `execution_start` and work pings. */
  clock?: Clock | undefined;
}

const RECEIVED_MESSAGE = "Connector ready to process the operation";

function pythonTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === "object" && value !== null) return Object.keys(value).length > 0;
  return Boolean(value);
}

function parseJsonField(event: Record<string, unknown>, key: string): unknown {
  const value = event[key];
  if (!pythonTruthy(value)) return null;
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value);
  } catch (error) {
    throw new SyntaxError(`Cannot parse event.${key}: ${(error as Error).message}`);
  }
}

function nullableString(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

// Each key keeps the message it has always had ("playbook step" for the step ids).
function requiredString(
  playbook: Record<string, unknown>,
  key: string,
  action = "run playbook step",
): string {
  const value = playbook[key];
  if (typeof value !== "string") {
    throw new TypeError(`Cannot ${action}: internal.playbook.${key} is missing`);
  }
  return value;
}

// Step ids first, then the other ids: the first missing key reported stays the same.
function playbookContext(
  playbook: Record<string, unknown>,
  executionStart: string,
  previousBundle: string,
): PlaybookContext {
  const stepId = requiredString(playbook, "step_id");
  const previousStepId = requiredString(playbook, "previous_step_id");
  const id = (key: string) => requiredString(playbook, key, "run the playbook step");
  const executionId = id("execution_id");
  const eventId = id("event_id");
  const dataInstanceId = id("data_instance_id");
  const playbookId = id("playbook_id");
  return {
    execution_id: executionId,
    event_id: eventId,
    execution_start: executionStart,
    playbook_id: playbookId,
    data_instance_id: dataInstanceId,
    step_id: stepId,
    previous_step_id: previousStepId,
    previous_bundle: previousBundle,
  };
}

function dateNow(clock: Clock): string {
  return new Date(clock.now()).toISOString().replace(/\.\d{3}Z$/, "+00:00");
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Runs connector jobs the way pycti's listener does (`_data_handler`), for both listen
 * protocols: set the draft and applicant headers, (enrichment) read the entity and its STIX
 * objects, capture the playbook context and shared organisations, mark the work received,
 * call the callback, mark the work processed with the callback's message, or in error with the
 * error text. Jobs run one at a time; the per-job state is reset after each job.
 *
 * @example
 * ```ts
 * import { JobHandler, parseJobMessage } from "@octi/connector/queue";
 * const calls: string[] = [];
 * const handler = new JobHandler({
 *   connectorType: "INTERNAL_IMPORT_FILE",
 *   connectorUserId: "user-1",
 *   callback: (event, job) => `imported ${event.file_id} as ${job.applicantId}`,
 *   work: {
 *     toReceived: async (id, message) => calls.push(`received ${id}: ${message}`),
 *     toProcessed: async (id, message, inError) => calls.push(`processed ${id}: ${message} ${inError}`),
 *     pingWork: async () => {},
 *   },
 * });
 * const outcome = await handler.handle(parseJobMessage(
 *   '{"internal": {"work_id": "w1", "applicant_id": null}, "event": {"file_id": "f.pdf"}}',
 * ));
 * if (outcome.status !== "processed") throw new Error();
 * if (calls[1] !== "processed w1: imported f.pdf as user-1 false") throw new Error(calls[1]);
 * ```
 */
export class JobHandler {
  #options: JobHandlerOptions;
  #logger: Logger;
  #clock: Clock;
  #current: JobContext | undefined;
  #tail: Promise<unknown> = Promise.resolve();

  /** Creates a handler; nothing runs until {@linkcode JobHandler.handle}. */
  constructor(options: JobHandlerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#clock = options.clock ?? systemClock;
  }

  /** The context of the job running now, or `undefined` between jobs. */
  get currentJob(): JobContext | undefined {
    return this.#current;
  }

  /**
   * Runs one job (after any job already running) and resolves with its outcome. A failure of
   * the job is logged, counted and reported to the work as `inError`, not thrown; the call
   * rejects only when one of the handler's own hooks (`setDraftId`, `setApplicantId`,
   * `onError`, the logger) throws, and the jobs queued after it still run.
   */
  handle(job: ConnectorJobMessage, options: JobRunOptions = {}): Promise<JobOutcome> {
    const run = this.#tail.then(() => this.#run(job, options));
    this.#tail = run.catch(() => {});
    return run;
  }

  async #run(job: ConnectorJobMessage, options: JobRunOptions): Promise<JobOutcome> {
    const { work, setDraftId, setApplicantId } = this.#options;
    const event: Record<string, unknown> = { ...job.event };
    let workId: string | null = null;
    let pingTimer: number | undefined;
    const stopPing = () => {
      if (pingTimer !== undefined) this.#clock.clearTimeout(pingTimer);
      pingTimer = undefined;
    };
    try {
      workId = job.internal.work_id;
      const draftId = "draft_id" in job.internal ? job.internal.draft_id ?? null : "";
      setDraftId?.(draftId);
      const { playbook, sharedOrganizations } = await this.#prepareEnrichment(job, event);
      const applicantId = job.internal.applicant_id ?? this.#options.connectorUserId;
      setApplicantId?.(applicantId);
      this.#current = {
        workId,
        applicantId,
        draftId,
        validationMode: "validation_mode" in event
          ? nullableString(event.validation_mode)
          : "workbench",
        forceValidation: pythonTruthy(event.force_validation),
        playbook,
        sharedOrganizations,
        signal: options.signal ?? new AbortController().signal,
      };
      if (workId && options.workPingIntervalMs) {
        const id = workId;
        const interval = options.workPingIntervalMs;
        const schedule = () => {
          pingTimer = this.#clock.setTimeout(() => {
            work.pingWork(id).catch((error) =>
              this.#logger.warning("Error pinging the work", { work_id: id, error })
            );
            schedule();
          }, interval);
        };
        schedule();
      }
      if (workId) await work.toReceived(workId, RECEIVED_MESSAGE);
      const message = (await this.#options.callback(event, this.#current)) ?? null;
      stopPing();
      if (workId) await work.toProcessed(workId, message, false);
      return { status: "processed", message };
    } catch (error) {
      stopPing();
      this.#options.onError?.(error);
      this.#logger.error("Error in message processing, reporting error to API", { error });
      if (workId) {
        try {
          await work.toProcessed(workId, errorText(error), true);
        } catch (reportError) {
          this.#options.onError?.(reportError);
          this.#logger.error("Failing reporting the processing", { error: reportError });
        }
      }
      return { status: "failed", error };
    } finally {
      stopPing();
      this.#current = undefined;
      setDraftId?.(null);
      setApplicantId?.(null);
    }
  }

  async #prepareEnrichment(
    job: ConnectorJobMessage,
    event: Record<string, unknown>,
  ): Promise<{ playbook: PlaybookContext | null; sharedOrganizations: string[] | null }> {
    if (this.#options.connectorType !== "INTERNAL_ENRICHMENT") {
      return { playbook: null, sharedOrganizations: null };
    }
    const source = this.#options.enrichment;
    if (!source) {
      throw new TypeError(
        "Cannot run an enrichment job: the job handler was created without an enrichment source",
      );
    }
    const entityId = event.entity_id;
    if (typeof entityId !== "string" || entityId === "") {
      throw new TypeError("Internal enrichment must be based on a specific id");
    }
    const entity = await source.readEntity(
      entityId,
      nullableString(event.entity_type) ?? undefined,
    );
    if (!entity) {
      throw new Error("Unable to read/access the entity, please check the connector permissions");
    }
    event.enrichment_entity = entity;
    let playbook: PlaybookContext | null = null;
    let stixEntity: unknown;
    let stixObjects: unknown;
    const playbookData = job.internal.playbook;
    if (playbookData) {
      const bundle = event.bundle as { objects?: unknown } | undefined;
      if (typeof bundle !== "object" || bundle === null || !Array.isArray(bundle.objects)) {
        throw new TypeError("Cannot run playbook step: event.bundle has no objects list");
      }
      playbook = playbookContext(playbookData, dateNow(this.#clock), JSON.stringify(bundle));
      stixObjects = bundle.objects;
      stixEntity = bundle.objects.find((o) => (o as { id?: unknown })?.id === entityId);
      if (stixEntity === undefined) {
        throw new Error(`Cannot find the entity ${entityId} in the playbook bundle`);
      }
    } else {
      stixObjects = parseJsonField(event, "stix_objects");
      if (stixObjects === null) {
        const standardId = entity.standard_id;
        stixObjects = await source.exportEntity(entity);
        stixEntity = (stixObjects as Record<string, unknown>[]).find((o) =>
          o.id === standardId || o.id === `x-opencti-${standardId}`
        );
        if (stixEntity === undefined) {
          throw new Error(`Cannot find the entity ${String(standardId)} in its STIX export`);
        }
      } else {
        stixEntity = parseJsonField(event, "stix_entity");
      }
    }
    event.stix_objects = stixObjects;
    event.stix_entity = stixEntity;
    const isObject = typeof stixEntity === "object" && stixEntity !== null;
    return {
      playbook,
      sharedOrganizations: isObject ? getSharedOrganizations(stixEntity as StixObject) : null,
    };
  }
}
