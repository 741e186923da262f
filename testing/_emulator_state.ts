import type { ConnectorInfoInput } from "../api/ping_connector.ts";
import type { PlaybookStepExecutionInput } from "../api/playbook_step_execution.ts";

/**
 * A connector as the emulated platform stores it.
 *
 * @example
 * ```ts
 * import type { EmulatedConnector } from "@octi/connector/testing";
 * const pingedSinceRegistration = (connector: EmulatedConnector): boolean => connector.pings > 0;
 * ```
 */
export interface EmulatedConnector {
  /** Connector id. */
  id: string;
  /** Name. */
  name: string;
  /** `CONNECTOR_TYPE`. */
  type: string;
  /** Scope. */
  scope: string[];
  /** Automatic trigger. */
  auto: boolean;
  /** Auto update. */
  autoUpdate: boolean;
  /** Enrichment resolution. */
  enrichmentResolution: string | null;
  /** Only contextual. */
  onlyContextual: boolean;
  /** Playbook compatible. */
  playbookCompatible: boolean;
  /** HTTP callback URI (API listen mode), or null. */
  listenCallbackUri: string | null;
  /** XTM One intent, or null. */
  xtmOneIntent: string | null;
  /** Registered version, or null. */
  version: string | null;
  /** Registered slug, or null. */
  slug: string | null;
  /** Stored state string (`connector_state`): the last pinged one, `""` after a reset. */
  connectorState: string | null;
  /** Whether a UI reset is waiting for the next ping (`connector_state_reset`). */
  stateReset: boolean;
  /** When the state was last written. */
  stateTimestamp: string | null;
  /** ConnectorInfo from the last ping. */
  connectorInfo: ConnectorInfoInput | null;
  /** Trigger filters set from the UI. */
  triggerFilters: string | null;
  /** Creation time. */
  createdAt: string;
  /** Last update. */
  updatedAt: string;
  /** Last registration or ping. */
  lastSeenAt: string;
  /** Number of registrations. */
  registrations: number;
  /** Number of pings. */
  pings: number;
  /** Queue details forced by a test (`setQueueDetails`), or null to measure. */
  queueDetails: { messages_number: number; messages_size: number } | null;
}

/**
 * A work line (message or error).
 *
 * @example
 * ```ts
 * import type { EmulatedWork, EmulatedWorkMessage } from "@octi/connector/testing";
 * const lastError = (work: EmulatedWork): EmulatedWorkMessage | undefined => work.errors.at(-1);
 * ```
 */
export interface EmulatedWorkMessage {
  /** When it was recorded. */
  timestamp: string;
  /** Text. */
  message: string | null;
  /** Position among the work's lines. */
  sequence: number;
  /** What it is about. */
  source: string | null;
}

/**
 * A work as the emulated platform stores it.
 *
 * @example
 * ```ts
 * import type { EmulatedWork } from "@octi/connector/testing";
 * const allIngested = (work: EmulatedWork): boolean => work.processed === work.expected;
 * ```
 */
export interface EmulatedWork {
  /** Work id. */
  id: string;
  /** Friendly name. */
  name: string | null;
  /** Connector the work belongs to. */
  connectorId: string;
  /** `wait` → `progress` (received) → `complete`. */
  status: "wait" | "progress" | "complete" | "timeout";
  /** Creation time. */
  timestamp: string;
  /** When `toReceived` arrived. */
  receivedTime: string | null;
  /** When `toProcessed` arrived. */
  processedTime: string | null;
  /** When the work completed. */
  completedTime: string | null;
  /** Expected items (`addExpectations`). */
  expected: number;
  /** Processed items (worker reports, `reportExpectation`). */
  processed: number;
  /** Message lines. */
  messages: EmulatedWorkMessage[];
  /** Error lines. */
  errors: EmulatedWorkMessage[];
  /** Draft attached with `addDraftContext`. */
  draftContext: string | null;
  /** Number of `pingWork` calls. */
  pings: number;
}

/**
 * A live stream collection.
 *
 * @example
 * ```ts
 * import { type EmulatedStreamCollection, startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const collection: EmulatedStreamCollection = emulator.addStreamCollection({ name: "IOCs" });
 * if (!collection.stream_live) throw new Error();
 * ```
 */
export interface EmulatedStreamCollection {
  /** Collection id (the `<id>` of `/stream/<id>`). */
  id: string;
  /** Name. */
  name: string;
  /** Description. */
  description: string | null;
  /** Filters (JSON text). */
  filters: string | null;
  /** Whether the stream is started. */
  stream_live: boolean;
  /** Whether it is public. */
  stream_public: boolean;
}

/**
 * A draft created with `draftWorkspaceAdd`.
 *
 * @example
 * ```ts
 * import type { EmulatedDraft } from "@octi/connector/testing";
 * const namedAfterFile = (draft: EmulatedDraft): boolean => draft.name.endsWith(".json");
 * ```
 */
export interface EmulatedDraft {
  /** Draft id. */
  id: string;
  /** Name. */
  name: string;
  /** Entity id, or null. */
  entityId: string | null;
  /** Creation time. */
  createdAt: string;
}

/**
 * A file uploaded with `uploadPending`.
 *
 * @example
 * ```ts
 * import type { EmulatedPendingUpload } from "@octi/connector/testing";
 * const bundleOf = (upload: EmulatedPendingUpload): unknown => JSON.parse(upload.content);
 * ```
 */
export interface EmulatedPendingUpload {
  /** File id (`import/pending/<name>`). */
  id: string;
  /** File name of the multipart part. */
  name: string;
  /** MIME type of the part. */
  mimeType: string;
  /** Content as text. */
  content: string;
  /** `entityId` variable. */
  entityId: string | null;
  /** `file_markings` variable. */
  fileMarkings: string[] | null;
}

/**
 * A bundle that reached the platform: through the queue (the worker) or `stixBundlePush`.
 *
 * @example
 * ```ts
 * import type { EmulatedBundle } from "@octi/connector/testing";
 * const objectIds = (pushed: EmulatedBundle): unknown[] =>
 *   (pushed.bundle.objects ?? []).map((o) => (o as { id?: unknown }).id);
 * ```
 */
export interface EmulatedBundle {
  /** Connector whose push queue (or id) it came through. */
  connectorId: string;
  /** `"amqp"` (decoded from a push message) or `"api"` (`stixBundlePush`). */
  via: "amqp" | "api";
  /** `work_id`, or null. */
  workId: string | null;
  /** AMQP: `applicant_id`; API: null. */
  applicantId: string | null;
  /** AMQP: `draft_id`; API: the `opencti-draft-id` header, or null. */
  draftId: string | null;
  /** AMQP: `action_sequence`; API: null. */
  actionSequence: number | null;
  /** AMQP: `entities_types`; API: null. */
  entitiesTypes: string[] | null;
  /** AMQP: `update`; API: null. */
  update: boolean | null;
  /** The decoded bundle. */
  bundle: { type?: string; id?: string; objects?: unknown[]; [key: string]: unknown };
  /** AMQP: the whole message as published (JSON object); API: null. */
  message: Record<string, unknown> | null;
}

/**
 * A stored file served under `/storage/get/<id>`.
 *
 * @example
 * ```ts
 * import { type EmulatedFile, startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * emulator.addFile("import/global/report.txt", "hello", "text/plain");
 * const file: EmulatedFile | undefined = emulator.state.files.get("import/global/report.txt");
 * if (file?.mimeType !== "text/plain") throw new Error();
 * ```
 */
export interface EmulatedFile {
  /** File content. */
  content: Uint8Array;
  /** MIME type. */
  mimeType: string;
}

/**
 * Everything the emulated platform holds. Read it in assertions; change it only through the emulator.
 *
 * @example
 * ```ts
 * import { type OpenCTIEmulatorState, startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const state: OpenCTIEmulatorState = emulator.state;
 * if (state.connectors.size !== 0 || state.pushedBundles.length !== 0) throw new Error();
 * ```
 */
export interface OpenCTIEmulatorState {
  /** Registered connectors by id. */
  readonly connectors: Map<string, EmulatedConnector>;
  /** Works by id. */
  readonly works: Map<string, EmulatedWork>;
  /** Live stream collections by id. */
  readonly streamCollections: Map<string, EmulatedStreamCollection>;
  /** Drafts by id. */
  readonly drafts: Map<string, EmulatedDraft>;
  /** Files uploaded with `uploadPending`, in order. */
  readonly pendingUploads: EmulatedPendingUpload[];
  /** Bundles received (queue or API), in order. */
  readonly pushedBundles: EmulatedBundle[];
  /** Push messages the worker could not decode, with the reason. */
  readonly rejectedMessages: { connectorId: string; reason: string; body: string }[];
  /** `playbookStepExecution` calls, in order. */
  readonly playbookExecutions: PlaybookStepExecutionInput[];
  /** Files served under `/storage/get/<id>`. */
  readonly files: Map<string, EmulatedFile>;
}

/** Creates an empty state. */
export function emptyEmulatorState(): OpenCTIEmulatorState {
  return {
    connectors: new Map(),
    works: new Map(),
    streamCollections: new Map(),
    drafts: new Map(),
    pendingUploads: [],
    pushedBundles: [],
    rejectedMessages: [],
    playbookExecutions: [],
    files: new Map(),
  };
}

/**
 * Completes a work once it was marked processed and every expectation was reported, as the
 * platform does whichever of the two comes last.
 */
export function settleWork(work: EmulatedWork, now: string): void {
  if (work.status === "complete" || work.processedTime === null) return;
  if (work.processed >= work.expected) {
    work.status = "complete";
    work.completedTime = now;
  }
}

/** Appends a line to a work's messages or errors. */
export function addWorkLine(
  work: EmulatedWork,
  kind: "messages" | "errors",
  line: { timestamp: string; message: string | null; source?: string | null },
): void {
  work[kind].push({
    timestamp: line.timestamp,
    message: line.message,
    sequence: work.messages.length + work.errors.length,
    source: line.source ?? null,
  });
}

/**
 * Decodes a push message as the ingestion worker does: JSON envelope, `content` = base64 of the
 * bundle JSON. Anything else is a rejection with the reason.
 */
export function decodePushMessage(
  connectorId: string,
  content: Uint8Array,
): EmulatedBundle | { connectorId: string; reason: string; body: string } {
  const text = new TextDecoder().decode(content);
  try {
    const message = JSON.parse(text) as Record<string, unknown>;
    const bytes = Uint8Array.from(atob(String(message.content)), (c) => c.charCodeAt(0));
    const bundle = JSON.parse(new TextDecoder().decode(bytes)) as EmulatedBundle["bundle"];
    return {
      connectorId,
      via: "amqp",
      workId: typeof message.work_id === "string" ? message.work_id : null,
      applicantId: (message.applicant_id as string | null | undefined) ?? null,
      draftId: (message.draft_id as string | null | undefined) ?? null,
      actionSequence: (message.action_sequence as number | undefined) ?? null,
      entitiesTypes: (message.entities_types as string[] | undefined) ?? null,
      update: (message.update as boolean | undefined) ?? null,
      bundle,
      message,
    };
  } catch (error) {
    return {
      connectorId,
      reason: error instanceof Error ? error.message : String(error),
      body: text,
    };
  }
}
