import assert from "node:assert/strict";
import { initiateWork, OpenCTIApiClient } from "../../api/mod.ts";
import type { ConnectorType } from "../../config/mod.ts";
import {
  createWorkReporter,
  type EnrichmentEntitySource,
  type JobContext,
  JobHandler,
  type JobHandlerOptions,
  parseJobMessage,
} from "../../queue/mod.ts";
import { STIX_EXT_OCTI } from "../../stix/mod.ts";
import { FakeClock } from "../../testing/mod.ts";
import { RecordingLogger } from "../_doubles.ts";
import { startRegisteredConnector } from "../_emulator.ts";

const IP = "ipv4-addr--8c7d5c2e-0000-4000-8000-000000000001";
const ORG = "identity--0d0c0b0a-0000-4000-8000-000000000002";

async function setup(type: ConnectorType) {
  const { emulator, client, registration } = await startRegisteredConnector({
    name: "Handler test",
    type,
  });
  const impersonate = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  const workId = await initiateWork(client, { connectorId: registration.id, friendlyName: "job" });
  const handlerOptions = (
    callback: JobHandlerOptions["callback"],
    extra: Partial<JobHandlerOptions> = {},
  ): JobHandlerOptions => ({
    connectorType: type,
    connectorUserId: registration.connector_user_id,
    callback,
    work: createWorkReporter(client),
    setDraftId: (id) => {
      client.draftId = id;
      impersonate.draftId = id;
    },
    setApplicantId: (id) => impersonate.applicantId = id,
    ...extra,
  });
  return { emulator, client, impersonate, registration, workId, handlerOptions };
}

function message(internal: Record<string, unknown>, event: Record<string, unknown>) {
  return parseJobMessage(JSON.stringify({ internal, event }));
}

Deno.test("JobHandler reports an import job received then processed with the callback's message", async () => {
  const { emulator, client, impersonate, workId, handlerOptions } = await setup(
    "INTERNAL_IMPORT_FILE",
  );
  await using _ = emulator;
  const seen: { event: Record<string, unknown>; job: JobContext; draft: string | null }[] = [];
  const handler = new JobHandler(handlerOptions((event, job) => {
    seen.push({ event, job, draft: client.draftId });
    assert.equal(handler.currentJob, job);
    return "3 objects imported";
  }));
  const outcome = await handler.handle(message(
    { work_id: workId, applicant_id: "user-42", draft_id: "draft-7" },
    { file_id: "import/report.pdf", stix_entity: '{"id": "x"}', force_validation: true },
  ));
  assert.deepEqual(outcome, { status: "processed", message: "3 objects imported" });
  const work = emulator.state.works.get(workId)!;
  assert.equal(work.status, "complete");
  assert.deepEqual(work.messages.map((m) => m.message), [
    "Connector ready to process the operation",
    "3 objects imported",
  ]);
  const [call] = seen;
  assert.equal(call?.event.stix_entity, '{"id": "x"}', "non-enrichment jobs keep JSON text");
  assert.equal(call?.job.applicantId, "user-42");
  assert.equal(call?.job.draftId, "draft-7");
  assert.equal(call?.job.validationMode, "workbench");
  assert.equal(call?.job.forceValidation, true);
  assert.equal(call?.job.playbook, null);
  assert.equal(call?.draft, "draft-7");
  // Work reports run inside the draft, without impersonation.
  const received = emulator.requests.find((r) => r.operationName === "workToReceived");
  assert.equal(received?.headers["opencti-draft-id"], "draft-7");
  assert.equal(received?.headers["opencti-applicant-id"], undefined);
  // Per-job state is gone after the job (pycti leaks it into later sends).
  assert.equal(handler.currentJob, undefined);
  assert.equal(client.draftId, null);
  assert.equal(impersonate.applicantId, null);
});

Deno.test("JobHandler applies the connector's user when the job names no applicant", async () => {
  const { emulator, registration, handlerOptions } = await setup("INTERNAL_EXPORT_FILE");
  await using _ = emulator;
  let applicant: string | null = "unset";
  let header: string | null = "unset";
  const options = handlerOptions(() => {});
  const handler = new JobHandler({
    ...options,
    callback: (_event, job) => {
      applicant = job.applicantId;
    },
    setApplicantId: (id) => {
      if (id !== null) header = id;
    },
  });
  await handler.handle(message({ work_id: null, applicant_id: null }, {}));
  assert.equal(applicant, registration.connector_user_id);
  assert.equal(header, registration.connector_user_id);
  assert.equal(emulator.counters.operations.workToReceived, undefined, "no work, no report");
});

Deno.test("JobHandler reports a failing callback in error and resolves", async () => {
  const { emulator, workId, handlerOptions } = await setup("INTERNAL_IMPORT_FILE");
  await using _ = emulator;
  const logger = new RecordingLogger();
  const errors: unknown[] = [];
  const handler = new JobHandler(handlerOptions(() => {
    throw new Error("cannot parse the PDF");
  }, { logger, onError: (error) => errors.push(error) }));
  const outcome = await handler.handle(message({ work_id: workId, applicant_id: null }, {}));
  assert.equal(outcome.status, "failed");
  const work = emulator.state.works.get(workId)!;
  assert.deepEqual(work.errors.map((e) => e.message), ["cannot parse the PDF"]);
  assert.equal(logger.find("Error in message processing, reporting error to API").length, 1);
  assert.equal(errors.length, 1);
});

Deno.test("JobHandler logs and counts a failed error report without throwing", async () => {
  const { emulator, workId, handlerOptions } = await setup("INTERNAL_IMPORT_FILE");
  await using _ = emulator;
  const logger = new RecordingLogger();
  const errors: unknown[] = [];
  const handler = new JobHandler(handlerOptions(() => {
    emulator.failNextRequests(1, { status: 400, operation: "workToProcessed" });
    throw new Error("boom");
  }, { logger, onError: (error) => errors.push(error) }));
  const outcome = await handler.handle(message({ work_id: workId, applicant_id: null }, {}));
  assert.equal(outcome.status, "failed");
  assert.equal(logger.find("Failing reporting the processing").length, 1);
  assert.equal(errors.length, 2);
});

Deno.test("JobHandler runs jobs one at a time", async () => {
  const { emulator, handlerOptions } = await setup("INTERNAL_IMPORT_FILE");
  await using _ = emulator;
  let running = 0;
  let most = 0;
  const handler = new JobHandler(handlerOptions(async () => {
    most = Math.max(most, ++running);
    await new Promise((resolve) => setTimeout(resolve, 5));
    running--;
  }));
  await Promise.all(
    [1, 2, 3].map(() => handler.handle(message({ work_id: null, applicant_id: null }, {}))),
  );
  assert.equal(most, 1);
});

Deno.test("JobHandler runs the next jobs after a hook of its own threw", async () => {
  const ran: string[] = [];
  let broken = true;
  const handler = new JobHandler({
    connectorType: "INTERNAL_IMPORT_FILE",
    connectorUserId: null,
    callback: (event) => void ran.push(String(event.file_id)),
    work: { toReceived: async () => {}, toProcessed: async () => {}, pingWork: async () => {} },
    setDraftId: (id) => {
      if (id === null && broken) {
        broken = false;
        throw new Error("cannot clear the draft header");
      }
    },
  });
  const job = (file: string) =>
    handler.handle(message({ work_id: null, applicant_id: null }, { file_id: file }));
  const [first, second] = [job("a"), job("b")];
  await assert.rejects(first, /cannot clear the draft header/);
  assert.deepEqual(await second, { status: "processed", message: null });
  assert.deepEqual(ran, ["a", "b"]);
});

Deno.test("JobHandler enrichment: parses the sent STIX and reads the shared organisations", async () => {
  const { emulator, workId, handlerOptions } = await setup("INTERNAL_ENRICHMENT");
  await using _ = emulator;
  const entity = {
    id: IP,
    type: "ipv4-addr",
    value: "1.2.3.4",
    extensions: { [STIX_EXT_OCTI]: { granted_refs: [ORG] } },
  };
  const reads: string[] = [];
  const source: EnrichmentEntitySource = {
    readEntity: (id, type) => {
      reads.push(`${id} ${type}`);
      return Promise.resolve({ id: "internal-1", standard_id: IP, entity_type: "IPv4-Addr" });
    },
    exportEntity: () => Promise.reject(new Error("not needed: stix_objects were sent")),
  };
  let got: { event: Record<string, unknown>; job: JobContext } | undefined;
  const handler = new JobHandler(
    handlerOptions((event, job) => void (got = { event, job }), { enrichment: source }),
  );
  const outcome = await handler.handle(message({ work_id: workId, applicant_id: null }, {
    entity_id: IP,
    entity_type: "IPv4-Addr",
    stix_entity: JSON.stringify(entity),
    stix_objects: JSON.stringify([entity]),
  }));
  assert.equal(outcome.status, "processed");
  assert.deepEqual(reads, [`${IP} IPv4-Addr`]);
  assert.deepEqual(got?.event.stix_entity, entity);
  assert.deepEqual(got?.event.stix_objects, [entity]);
  assert.equal((got?.event.enrichment_entity as { id: string }).id, "internal-1");
  assert.deepEqual(got?.job.sharedOrganizations, [ORG]);
});

Deno.test("JobHandler enrichment: exports the entity when no STIX objects came with the job", async () => {
  const { emulator, handlerOptions } = await setup("INTERNAL_ENRICHMENT");
  await using _ = emulator;
  const exported = [
    { id: "identity--0d0c0b0a-0000-4000-8000-000000000003", type: "identity" },
    { id: IP, type: "ipv4-addr", value: "1.2.3.4", x_opencti_granted_refs: null },
  ];
  const handler = new JobHandler(handlerOptions((event, job) => {
    assert.deepEqual(event.stix_entity, exported[1]);
    assert.equal(job.sharedOrganizations, null, "a present null key means no sharing");
    return "enriched";
  }, {
    enrichment: {
      readEntity: () => Promise.resolve({ id: "internal-1", standard_id: IP }),
      exportEntity: () => Promise.resolve(exported),
    },
  }));
  const outcome = await handler.handle(
    message({ work_id: null, applicant_id: null }, { entity_id: IP }),
  );
  assert.deepEqual(outcome, { status: "processed", message: "enriched" });
});

Deno.test("JobHandler enrichment: missing id or unreadable entity fail with pycti's messages", async () => {
  const { emulator, workId, handlerOptions } = await setup("INTERNAL_ENRICHMENT");
  await using _ = emulator;
  const handler = new JobHandler(handlerOptions(() => "never", {
    enrichment: {
      readEntity: () => Promise.resolve(null),
      exportEntity: () => Promise.resolve([]),
    },
  }));
  await handler.handle(message({ work_id: workId, applicant_id: null }, {}));
  await handler.handle(message({ work_id: workId, applicant_id: null }, { entity_id: IP }));
  assert.deepEqual(emulator.state.works.get(workId)!.errors.map((e) => e.message), [
    "Internal enrichment must be based on a specific id",
    "Unable to read/access the entity, please check the connector permissions",
  ]);
});

Deno.test("JobHandler playbook step: captures the context and takes the entity from the bundle", async () => {
  const { emulator, handlerOptions } = await setup("INTERNAL_ENRICHMENT");
  await using _ = emulator;
  const clock = new FakeClock(Date.UTC(2024, 0, 15, 10, 30, 0, 123));
  const bundle = {
    type: "bundle",
    id: "bundle--00000000-0000-4000-8000-000000000009",
    objects: [{ id: IP, type: "ipv4-addr", value: "1.2.3.4", x_opencti_granted_refs: [ORG] }],
  };
  let got: JobContext | undefined;
  let stixObjects: unknown;
  const handler = new JobHandler(handlerOptions((event, job) => {
    got = job;
    stixObjects = event.stix_objects;
  }, {
    clock,
    enrichment: {
      readEntity: () => Promise.resolve({ id: "internal-1", standard_id: IP }),
      exportEntity: () => Promise.reject(new Error("playbooks carry their bundle")),
    },
  }));
  const outcome = await handler.handle(message({
    work_id: null,
    applicant_id: null,
    playbook: {
      execution_id: "exec-1",
      event_id: "event-1",
      playbook_id: "pb-1",
      data_instance_id: "data-1",
      step_id: "step-2",
      previous_step_id: "step-1",
    },
  }, { entity_id: IP, bundle }));
  assert.equal(outcome.status, "processed");
  assert.deepEqual(got?.playbook, {
    execution_id: "exec-1",
    event_id: "event-1",
    execution_start: "2024-01-15T10:30:00+00:00",
    playbook_id: "pb-1",
    data_instance_id: "data-1",
    step_id: "step-2",
    previous_step_id: "step-1",
    previous_bundle: JSON.stringify(bundle),
  });
  assert.deepEqual(stixObjects, bundle.objects);
  assert.deepEqual(got?.sharedOrganizations, [ORG]);
});

Deno.test("JobHandler playbook step: a missing or non-string playbook id fails the job before its callback", async () => {
  const { emulator, workId, handlerOptions } = await setup("INTERNAL_ENRICHMENT");
  await using _ = emulator;
  const bundle = { type: "bundle", id: "bundle--1", objects: [{ id: IP, type: "ipv4-addr" }] };
  const ids = {
    execution_id: "exec-1",
    event_id: "event-1",
    playbook_id: "pb-1",
    data_instance_id: "data-1",
    step_id: "step-2",
    previous_step_id: "step-1",
  };
  let called = 0;
  const handler = new JobHandler(handlerOptions(() => void called++, {
    enrichment: {
      readEntity: () => Promise.resolve({ id: "internal-1", standard_id: IP }),
      exportEntity: () => Promise.reject(new Error("playbooks carry their bundle")),
    },
  }));
  const playbooks: Record<string, unknown>[] = [
    { ...ids, execution_id: undefined },
    { ...ids, event_id: null },
    { ...ids, data_instance_id: 7 },
    { ...ids, playbook_id: undefined },
    // Step ids are checked first, as before.
    { ...ids, step_id: undefined, execution_id: undefined },
  ];
  for (const playbook of playbooks) {
    const outcome = await handler.handle(
      message({ work_id: workId, applicant_id: null, playbook }, { entity_id: IP, bundle }),
    );
    assert.equal(outcome.status, "failed");
    assert.ok(outcome.error instanceof TypeError);
  }
  assert.equal(called, 0, "the callback never ran");
  assert.deepEqual(emulator.state.works.get(workId)!.errors.map((e) => e.message), [
    "Cannot run the playbook step: internal.playbook.execution_id is missing",
    "Cannot run the playbook step: internal.playbook.event_id is missing",
    "Cannot run the playbook step: internal.playbook.data_instance_id is missing",
    "Cannot run the playbook step: internal.playbook.playbook_id is missing",
    "Cannot run playbook step: internal.playbook.step_id is missing",
  ]);
  const outcome = await handler.handle(
    message({ work_id: null, applicant_id: null, playbook: ids }, { entity_id: IP, bundle }),
  );
  assert.equal(outcome.status, "processed");
  assert.equal(called, 1);
});
