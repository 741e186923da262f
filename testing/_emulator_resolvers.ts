import type { ConnectorInfoInput } from "../api/ping_connector.ts";
import type { PlaybookStepExecutionInput } from "../api/playbook_step_execution.ts";
import type { RabbitMQConnection, S3Connection } from "../api/register_connector.ts";
import type { EmulatorBroker, EmulatorQueueNames } from "./_emulator_amqp.ts";
import { functionalError } from "./_emulator_graphql.ts";
import {
  addWorkLine,
  type EmulatedConnector,
  type EmulatedWork,
  type OpenCTIEmulatorState,
  settleWork,
} from "./_emulator_state.ts";

/** What the resolvers need from the emulator. */
export interface ResolverContext {
  state: OpenCTIEmulatorState;
  now(): number;
  version: string;
  jwks: string;
  connectorUserId: string;
  s3: S3Connection;
  broker: EmulatorBroker | null;
  connection(): RabbitMQConnection;
  names(connectorId: string): EmulatorQueueNames;
  deadLetterRouting: string;
  createWork(connectorId: string, name: string | null): EmulatedWork;
  streamCollection(id: string): object | null;
  resetConnectorState(connector: EmulatedConnector): Promise<void>;
  changed(): void;
}

/** Per-request facts the resolvers record. */
export interface ResolverRequest {
  draftId: string | null;
}

type Args = Record<string, unknown>;

const INACTIVE_AFTER_MS = 5 * 60_000;

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function creator(id: string, name: string) {
  return { id, name, entity_type: "User", representative: { main: name, secondary: null } };
}

function mustConnector(ctx: ResolverContext, id: unknown): EmulatedConnector {
  const connector = ctx.state.connectors.get(String(id));
  if (!connector) functionalError("No connector found with the specified ID", { id });
  return connector;
}

function mustWork(ctx: ResolverContext, id: unknown): EmulatedWork {
  const work = ctx.state.works.get(String(id));
  if (!work) functionalError("Work not found", { id });
  return work;
}

function workView(ctx: ResolverContext, work: EmulatedWork) {
  const lines = (list: EmulatedWork["messages"]) => list.map((l) => ({ ...l }));
  return {
    id: work.id,
    name: work.name,
    user: creator(ctx.connectorUserId, "[C] connector"),
    connector: () => {
      const c = ctx.state.connectors.get(work.connectorId);
      return c ? connectorView(ctx, c) : null;
    },
    timestamp: work.timestamp,
    status: work.status,
    event_source_id: work.connectorId,
    received_time: work.receivedTime,
    processed_time: work.processedTime,
    completed_time: work.completedTime,
    completed_number: work.processed,
    messages: lines(work.messages),
    errors: lines(work.errors),
    tracking: {
      import_expected_number: work.expected,
      import_last_processed: null,
      import_processed_number: work.processed,
    },
    draft_context: work.draftContext,
  };
}

function connectorView(ctx: ResolverContext, c: EmulatedConnector) {
  const names = ctx.names(c.id);
  return {
    id: c.id,
    standard_id: `connector--${c.id}`,
    entity_type: "Connector",
    name: c.name,
    title: c.name,
    active: ctx.now() - Date.parse(c.lastSeenAt) < INACTIVE_AFTER_MS,
    last_seen_at: c.lastSeenAt,
    auto: c.auto,
    auto_update: c.autoUpdate,
    enrichment_resolution: c.enrichmentResolution,
    only_contextual: c.onlyContextual,
    playbook_compatible: c.playbookCompatible,
    connector_trigger_filters: c.triggerFilters,
    connector_type: c.type,
    connector_scope: c.scope,
    connector_state: c.connectorState,
    connector_state_reset: c.stateReset,
    connector_state_timestamp: c.stateTimestamp,
    connector_user_id: ctx.connectorUserId,
    connector_queue_details: async () =>
      c.queueDetails ??
        (ctx.broker ? await ctx.broker.queueDetails(names.push) : {
          messages_number: 0,
          messages_size: 0,
        }),
    connector_info: c.connectorInfo,
    updated_at: c.updatedAt,
    created_at: c.createdAt,
    config: {
      connection: ctx.connection(),
      s3: ctx.s3,
      ...names,
      listen_callback_uri: c.listenCallbackUri,
      dead_letter_routing: ctx.deadLetterRouting,
    },
    works: ({ status }: Args) =>
      [...ctx.state.works.values()]
        .filter((w) => w.connectorId === c.id && (status == null || w.status === status))
        .map((w) => workView(ctx, w)),
    built_in: false,
    xtm_one_intent: c.xtmOneIntent,
    version: c.version,
    slug: c.slug,
    jwks: ctx.jwks,
  };
}

function workEdit(ctx: ResolverContext, id: string) {
  const edit = (fn: (work: EmulatedWork, now: string) => void) => () => {
    const work = mustWork(ctx, id);
    const now = iso(ctx.now());
    fn(work, now);
    ctx.changed();
    return id;
  };
  return {
    delete: () => {
      mustWork(ctx, id);
      ctx.state.works.delete(id);
      ctx.changed();
      return id;
    },
    ping: edit((work) => work.pings++),
    toReceived: ({ message }: Args) =>
      edit((work, now) => {
        work.receivedTime = now;
        if (work.status === "wait") work.status = "progress";
        if (message != null) {
          addWorkLine(work, "messages", { timestamp: now, message: String(message) });
        }
      })(),
    toProcessed: ({ message, inError }: Args) =>
      edit((work, now) => {
        work.processedTime = now;
        if (message != null) {
          addWorkLine(work, inError ? "errors" : "messages", {
            timestamp: now,
            message: String(message),
          });
        }
        settleWork(work, now);
      })(),
    reportExpectation: ({ error }: Args) =>
      edit((work, now) => {
        work.processed++;
        if (error) {
          const e = error as { error?: string | null; source?: string | null };
          addWorkLine(work, "errors", {
            timestamp: now,
            message: e.error ?? null,
            source: e.source ?? null,
          });
        }
        settleWork(work, now);
      })(),
    addExpectations: ({ expectations }: Args) =>
      edit((work) => {
        work.expected += Number(expectations ?? 0);
      })(),
    addDraftContext: ({ draftContext }: Args) =>
      edit((work) => {
        work.draftContext = draftContext == null ? null : String(draftContext);
      })(),
  };
}

/** The root value answering every operation of the emulator's schema over its state. */
export function emulatorRootValue(
  ctx: ResolverContext,
  request: ResolverRequest,
): Record<string, unknown> {
  const { state } = ctx;
  return {
    about: () => ({ version: ctx.version }),
    connector: ({ id }: Args) => {
      const c = state.connectors.get(String(id));
      return c ? connectorView(ctx, c) : null;
    },
    work: ({ id }: Args) => {
      const w = state.works.get(String(id));
      return w ? workView(ctx, w) : null;
    },
    isWorkAlive: ({ id }: Args) => state.works.has(String(id)),
    works: ({ first, filters }: Args) => {
      const group = filters as
        | { filters?: { key: string | string[]; values: unknown[] }[] }
        | null
        | undefined;
      const wanted = (group?.filters ?? []).find((f) => [f.key].flat().includes("connector_id"))
        ?.values.map(String);
      const list = [...state.works.values()]
        .filter((w) => !wanted || wanted.includes(w.connectorId))
        .slice(0, typeof first === "number" ? first : undefined);
      return {
        pageInfo: {
          startCursor: list[0]?.id ?? "",
          endCursor: list.at(-1)?.id ?? "",
          hasNextPage: false,
          hasPreviousPage: false,
          globalCount: list.length,
        },
        edges: list.map((w) => ({ cursor: w.id, node: workView(ctx, w) })),
      };
    },
    streamCollection: ({ id }: Args) => ctx.streamCollection(String(id)),

    registerConnector: async ({ input }: Args) => {
      const i = (input ?? {}) as Record<string, unknown>;
      const id = String(i.id);
      const now = iso(ctx.now());
      const fields = {
        name: String(i.name),
        type: String(i.type),
        scope: (i.scope as string[] | null | undefined) ?? [],
        auto: Boolean(i.auto),
        autoUpdate: Boolean(i.auto_update),
        enrichmentResolution: (i.enrichment_resolution as string | null | undefined) ?? null,
        onlyContextual: Boolean(i.only_contextual),
        playbookCompatible: Boolean(i.playbook_compatible),
        listenCallbackUri: (i.listen_callback_uri as string | null | undefined) ?? null,
        xtmOneIntent: (i.xtm_one_intent as string | null | undefined) ?? null,
        version: (i.version as string | null | undefined) ?? null,
        slug: (i.slug as string | null | undefined) ?? null,
      };
      let connector = state.connectors.get(id);
      if (connector) {
        Object.assign(connector, fields, { updatedAt: now, lastSeenAt: now });
        connector.registrations++;
      } else {
        connector = {
          id,
          ...fields,
          connectorState: null,
          stateReset: false,
          stateTimestamp: null,
          connectorInfo: null,
          triggerFilters: null,
          createdAt: now,
          updatedAt: now,
          lastSeenAt: now,
          registrations: 1,
          pings: 0,
          queueDetails: null,
        };
        state.connectors.set(id, connector);
      }
      await ctx.broker?.declareConnector(id, ctx.names(id));
      ctx.changed();
      return connectorView(ctx, connector);
    },
    pingConnector: async ({ id, state: pinged, connectorInfo }: Args) => {
      const connector = mustConnector(ctx, id);
      const now = iso(ctx.now());
      connector.pings++;
      connector.lastSeenAt = now;
      if (connectorInfo) connector.connectorInfo = connectorInfo as ConnectorInfoInput;
      if (connector.stateReset) {
        // A pending UI reset wins over the pinged state, once.
        connector.stateReset = false;
      } else if (pinged !== undefined) {
        connector.connectorState = pinged === null ? null : String(pinged);
        connector.stateTimestamp = now;
      }
      // The platform declares the connector's queues again on every ping, as at registration.
      await ctx.broker?.declareConnector(connector.id, ctx.names(connector.id));
      ctx.changed();
      return connectorView(ctx, connector);
    },
    deleteConnector: async ({ id }: Args) => {
      const connector = mustConnector(ctx, id);
      state.connectors.delete(connector.id);
      for (const [workId, work] of state.works) {
        if (work.connectorId === connector.id) state.works.delete(workId);
      }
      await ctx.broker?.deleteConnector(ctx.names(connector.id));
      ctx.changed();
      return connector.id;
    },
    resetStateConnector: async ({ id }: Args) => {
      const connector = mustConnector(ctx, id);
      await ctx.resetConnectorState(connector);
      return connectorView(ctx, connector);
    },
    updateConnectorTrigger: ({ id, input }: Args) => {
      const connector = mustConnector(ctx, id);
      for (const edit of (input as { key: string; value: unknown[] }[] | null) ?? []) {
        const value = edit?.value?.[0];
        if (edit?.key === "auto") connector.auto = Boolean(value);
        else if (edit?.key === "only_contextual") connector.onlyContextual = Boolean(value);
        else if (edit?.key === "connector_trigger_filters") {
          connector.triggerFilters = value == null ? null : String(value);
        }
      }
      connector.updatedAt = iso(ctx.now());
      ctx.changed();
      return connectorView(ctx, connector);
    },
    workAdd: ({ connectorId, friendlyName }: Args) => {
      mustConnector(ctx, connectorId);
      const work = ctx.createWork(
        String(connectorId),
        friendlyName == null ? null : String(friendlyName),
      );
      return workView(ctx, work);
    },
    workEdit: ({ id }: Args) => workEdit(ctx, String(id)),
    workDelete: ({ connectorId }: Args) => {
      for (const [workId, work] of state.works) {
        if (work.connectorId === connectorId) state.works.delete(workId);
      }
      ctx.changed();
      return true;
    },
    uploadPending: async ({ file, entityId, file_markings }: Args) => {
      const upload = file as File;
      const content = await upload.text();
      const id = `import/pending/${upload.name}`;
      state.pendingUploads.push({
        id,
        name: upload.name,
        mimeType: upload.type,
        content,
        entityId: (entityId as string | null | undefined) ?? null,
        fileMarkings: (file_markings as string[] | null | undefined) ?? null,
      });
      ctx.changed();
      return {
        id,
        entity_type: "InternalFile",
        name: upload.name,
        size: upload.size,
        lastModified: iso(ctx.now()),
        uploadStatus: "complete",
      };
    },
    stixBundlePush: ({ connectorId, bundle, work_id }: Args) => {
      mustConnector(ctx, connectorId);
      let parsed: unknown;
      try {
        parsed = JSON.parse(String(bundle));
      } catch {
        functionalError("Invalid bundle: not JSON", { connectorId });
      }
      const workId = (work_id as string | null | undefined) ?? null;
      state.pushedBundles.push({
        connectorId: String(connectorId),
        via: "api",
        workId,
        applicantId: null,
        draftId: request.draftId,
        actionSequence: null,
        entitiesTypes: null,
        update: null,
        bundle: parsed as Record<string, unknown>,
        message: null,
      });
      const work = workId === null ? undefined : state.works.get(workId);
      if (work) {
        // The platform queues the bundle for its workers itself: one expectation, done.
        work.expected++;
        work.processed++;
        settleWork(work, iso(ctx.now()));
      }
      ctx.changed();
      return true;
    },
    draftWorkspaceAdd: ({ input }: Args) => {
      const i = input as { name: string; entity_id?: string | null; description?: string | null };
      const id = crypto.randomUUID();
      const createdAt = iso(ctx.now());
      state.drafts.set(id, { id, name: i.name, entityId: i.entity_id ?? null, createdAt });
      ctx.changed();
      return {
        id,
        entity_type: "DraftWorkspace",
        standard_id: `draftworkspace--${id}`,
        name: i.name,
        description: i.description ?? null,
        created_at: createdAt,
        entity_id: i.entity_id ?? null,
        draft_status: "open",
        processingCount: 0,
      };
    },
    playbookStepExecution: (args: Args) => {
      state.playbookExecutions.push({ ...args } as unknown as PlaybookStepExecutionInput);
      ctx.changed();
      return true;
    },
  };
}
