/**
 * Fields every emulated job accepts.
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorJobCommon } from "@octi/connector/testing";
 * // An untracked job asked by a user, inside a draft.
 * const common: OpenCTIEmulatorJobCommon = { applicantId: "user-1", draftId: "draft-1", workId: null };
 * ```
 */
export interface OpenCTIEmulatorJobCommon {
  /** `internal.applicant_id` (the user who asked); default null = the connector's user. */
  applicantId?: string | null | undefined;
  /** `internal.draft_id`; default null. */
  draftId?: string | null | undefined;
  /**
   * Work to report on: by default the emulator creates one (as the platform does when it asks
   * for a job); pass a string to use an existing work, or null for an untracked job.
   */
  workId?: string | null | undefined;
}

/**
 * An enrichment request (`INTERNAL_ENRICHMENT`).
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorEnrichmentJob } from "@octi/connector/testing";
 * const ip = { id: "ipv4-addr--8c7d5c2e-0000-4000-8000-000000000001", type: "ipv4-addr" };
 * const job: OpenCTIEmulatorEnrichmentJob = {
 *   type: "enrichment",
 *   entityId: ip.id,
 *   stixEntity: ip,
 *   stixObjects: [ip],
 *   mode: "manual",
 * };
 * ```
 */
export interface OpenCTIEmulatorEnrichmentJob extends OpenCTIEmulatorJobCommon {
  /** Job type. */
  type: "enrichment";
  /** `event.entity_id` (STIX standard id). */
  entityId: string;
  /** `event.entity_type`; default derived from the id's STIX type. */
  entityType?: string | undefined;
  /** Sent as `event.stix_entity` (JSON text); default null. */
  stixEntity?: Record<string, unknown> | null | undefined;
  /** Sent as `event.stix_objects` (JSON text); default null. */
  stixObjects?: readonly Record<string, unknown>[] | null | undefined;
  /** `internal.mode`; default `"auto"`. */
  mode?: "auto" | "manual" | undefined;
  /** `internal.trigger`; default `"create"` for auto, `"update"` for manual. */
  trigger?: "create" | "update" | null | undefined;
}

/**
 * A file import request (`INTERNAL_IMPORT_FILE`).
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorImportJob } from "@octi/connector/testing";
 * const job: OpenCTIEmulatorImportJob = {
 *   type: "import",
 *   fileId: "import/global/report.pdf",
 *   validationMode: "draft",
 * };
 * ```
 */
export interface OpenCTIEmulatorImportJob extends OpenCTIEmulatorJobCommon {
  /** Job type. */
  type: "import";
  /** `event.file_id`, e.g. `import/global/report.pdf`. */
  fileId: string;
  /** `event.file_mime`; default the stored file's type, else `application/octet-stream`. */
  fileMime?: string | undefined;
  /** `event.file_fetch`; default `/storage/get/<fileId>`. */
  fileFetch?: string | undefined;
  /** `event.file_markings`; default `[]`. */
  fileMarkings?: readonly string[] | undefined;
  /** `event.entity_id`; default null. */
  entityId?: string | null | undefined;
  /** `event.validation_mode`; default `"workbench"`. */
  validationMode?: "workbench" | "draft" | undefined;
  /** `event.bypass_validation`; default false. */
  bypassValidation?: boolean | undefined;
  /** `event.force_validation`; default false. */
  forceValidation?: boolean | undefined;
  /** Top-level `configuration`; default null. */
  configuration?: string | null | undefined;
}

/**
 * A file export request (`INTERNAL_EXPORT_FILE`).
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorExportJob } from "@octi/connector/testing";
 * const job: OpenCTIEmulatorExportJob = { type: "export", entityId: "report-1", exportType: "simple" };
 * ```
 */
export interface OpenCTIEmulatorExportJob extends OpenCTIEmulatorJobCommon {
  /** Job type. */
  type: "export";
  /** `event.entity_id` (internal id). */
  entityId: string;
  /** `event.entity_name`; default the id. */
  entityName?: string | undefined;
  /** `event.entity_type`; default `"Report"`. */
  entityType?: string | undefined;
  /** `event.export_type`; default `"full"`. */
  exportType?: "simple" | "full" | undefined;
  /** `event.export_scope`; default `"single"`. */
  exportScope?: "single" | "query" | "selection" | undefined;
  /** `event.format`; default `"application/json"`. */
  format?: string | undefined;
  /** `event.file_name`; default derived like the platform's. */
  fileName?: string | undefined;
  /** `event.file_markings`; default `[]`. */
  fileMarkings?: readonly string[] | undefined;
  /** `event.main_filter`; default `{}`. */
  mainFilter?: Record<string, unknown> | undefined;
  /** `event.access_filter`; default `{}`. */
  accessFilter?: Record<string, unknown> | undefined;
}

/**
 * An analysis request (`INTERNAL_ANALYSIS`).
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorAnalysisJob } from "@octi/connector/testing";
 * const job: OpenCTIEmulatorAnalysisJob = {
 *   type: "analysis",
 *   entityId: "report-1",
 *   fileId: "import/report-1/report.pdf",
 * };
 * ```
 */
export interface OpenCTIEmulatorAnalysisJob extends OpenCTIEmulatorJobCommon {
  /** Job type. */
  type: "analysis";
  /** `event.entity_id`. */
  entityId: string;
  /** `event.entity_type`; default `"Report"`. */
  entityType?: string | undefined;
  /** `event.file_id`. */
  fileId: string;
  /** `event.file_mime`; default `application/pdf`. */
  fileMime?: string | undefined;
  /** `event.file_fetch`; default `/storage/get/<fileId>`. */
  fileFetch?: string | undefined;
  /** `event.content_type`; default `"file"`. */
  contentType?: string | undefined;
  /** `event.content_source`; default `"content_mapping"`. */
  contentSource?: string | undefined;
  /** `event.analysis_name`; default `"analysis"`. */
  analysisName?: string | undefined;
}

/**
 * A playbook step run by an enrichment connector.
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorPlaybookJob } from "@octi/connector/testing";
 * const indicator = { id: "indicator--1", type: "indicator" };
 * const job: OpenCTIEmulatorPlaybookJob = {
 *   type: "playbook",
 *   entityId: indicator.id,
 *   bundle: { type: "bundle", id: "bundle--1", objects: [indicator] },
 *   playbook: { step_id: "enrich", previous_step_id: "start" },
 * };
 * ```
 */
export interface OpenCTIEmulatorPlaybookJob extends OpenCTIEmulatorJobCommon {
  /** Job type. */
  type: "playbook";
  /** `event.entity_id`: the id of the bundle object the step is about. */
  entityId: string;
  /** `event.bundle`: the step's input bundle (an object, not text). */
  bundle: Record<string, unknown>;
  /** `internal.playbook` ids; each defaults to a fresh id. */
  playbook?: {
    execution_id?: string | undefined;
    event_id?: string | undefined;
    playbook_id?: string | undefined;
    data_instance_id?: string | undefined;
    step_id?: string | undefined;
    previous_step_id?: string | undefined;
  } | undefined;
}

/**
 * A job {@linkcode OpenCTIEmulator.sendJob} delivers to a connector (shapes per the platform).
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorJob } from "@octi/connector/testing";
 * const jobs: OpenCTIEmulatorJob[] = [
 *   { type: "enrichment", entityId: "ipv4-addr--8c7d5c2e-0000-4000-8000-000000000001" },
 *   { type: "import", fileId: "import/global/report.pdf" },
 * ];
 * ```
 */
export type OpenCTIEmulatorJob =
  | OpenCTIEmulatorEnrichmentJob
  | OpenCTIEmulatorImportJob
  | OpenCTIEmulatorExportJob
  | OpenCTIEmulatorAnalysisJob
  | OpenCTIEmulatorPlaybookJob;

/** Entity type of a STIX id as the platform names it (`ipv4-addr--…` → `IPv4-Addr`). */
function entityTypeOf(stixId: string): string {
  const type = stixId.split("--")[0] ?? "";
  const special: Record<string, string> = {
    "ipv4-addr": "IPv4-Addr",
    "ipv6-addr": "IPv6-Addr",
    "mac-addr": "Mac-Addr",
    "url": "Url",
    "file": "StixFile",
    "x-opencti-hostname": "Hostname",
  };
  return special[type] ??
    type.split("-").map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join("-");
}

/** The job message (`{"internal", "event", …}`) the platform would publish. */
export function buildJobMessage(
  job: OpenCTIEmulatorJob,
  workId: string | null,
  now: string,
  mimeTypeOf: (fileId: string) => string | undefined,
): Record<string, unknown> {
  const internal: Record<string, unknown> = {
    work_id: workId,
    applicant_id: job.applicantId ?? null,
    draft_id: job.draftId ?? null,
  };
  switch (job.type) {
    case "enrichment": {
      const mode = job.mode ?? "auto";
      internal.trigger = job.trigger === undefined
        ? (mode === "auto" ? "create" : "update")
        : job.trigger;
      internal.mode = mode;
      return {
        internal,
        event: {
          event_type: "INTERNAL_ENRICHMENT",
          entity_id: job.entityId,
          entity_type: job.entityType ?? entityTypeOf(job.entityId),
          stix_entity: job.stixEntity ? JSON.stringify(job.stixEntity) : null,
          stix_objects: job.stixObjects ? JSON.stringify(job.stixObjects) : null,
        },
      };
    }
    case "import":
      internal.trigger = "update";
      internal.mode = "auto";
      return {
        internal,
        event: {
          file_id: job.fileId,
          file_mime: job.fileMime ?? mimeTypeOf(job.fileId) ?? "application/octet-stream",
          file_markings: [...(job.fileMarkings ?? [])],
          file_fetch: job.fileFetch ?? `/storage/get/${job.fileId}`,
          entity_id: job.entityId ?? null,
          validation_mode: job.validationMode ?? "workbench",
          bypass_validation: job.bypassValidation ?? false,
          force_validation: job.forceValidation ?? false,
        },
        configuration: job.configuration ?? null,
      };
    case "export": {
      internal.trigger = null;
      internal.mode = "manual";
      const entityType = job.entityType ?? "Report";
      const entityName = job.entityName ?? job.entityId;
      const exportType = job.exportType ?? "full";
      return {
        internal,
        event: {
          event_type: "INTERNAL_EXPORT_FILE",
          file_name: job.fileName ??
            `${now}_TLP:ALL_(ExportFileStix)_${entityType}-${entityName}_${exportType}.json`,
          format: job.format ?? "application/json",
          export_scope: job.exportScope ?? "single",
          entity_id: job.entityId,
          entity_name: entityName,
          entity_type: entityType,
          export_type: exportType,
          file_markings: [...(job.fileMarkings ?? [])],
          main_filter: job.mainFilter ?? {},
          access_filter: job.accessFilter ?? {},
        },
      };
    }
    case "analysis":
      internal.trigger = null;
      internal.mode = "manual";
      return {
        internal,
        event: {
          event_type: "INTERNAL_ANALYSIS",
          entity_id: job.entityId,
          entity_type: job.entityType ?? "Report",
          content_type: job.contentType ?? "file",
          content_source: job.contentSource ?? "content_mapping",
          file_id: job.fileId,
          file_mime: job.fileMime ?? mimeTypeOf(job.fileId) ?? "application/pdf",
          file_fetch: job.fileFetch ?? `/storage/get/${job.fileId}`,
          analysis_name: job.analysisName ?? "analysis",
        },
      };
    case "playbook": {
      const ids = job.playbook ?? {};
      internal.playbook = {
        execution_id: ids.execution_id ?? crypto.randomUUID(),
        event_id: ids.event_id ?? crypto.randomUUID(),
        playbook_id: ids.playbook_id ?? crypto.randomUUID(),
        data_instance_id: ids.data_instance_id ?? job.entityId,
        step_id: ids.step_id ?? crypto.randomUUID(),
        previous_step_id: ids.previous_step_id ?? crypto.randomUUID(),
      };
      return { internal, event: { entity_id: job.entityId, bundle: job.bundle } };
    }
  }
}
