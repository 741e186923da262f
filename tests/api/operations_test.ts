import assert from "node:assert/strict";
import {
  apiHealthCheck,
  type ConnectorInfoInput,
  createDraftWorkspace,
  deleteWork,
  getConnector,
  getStreamCollection,
  getWork,
  initiateWork,
  OpenCTIApiClient,
  OpenCTIApiError,
  type OpenCTIRequestOptions,
  pingConnector,
  pingWork,
  playbookStepExecution,
  pushStixBundle,
  registerConnector,
  reportWorkExpectation,
  unregisterConnector,
  uploadPending,
  workAddDraftContext,
  workAddExpectations,
  workToProcessed,
  workToReceived,
} from "../../api/mod.ts";
import { type OpenCTIEmulator, startOpenCTIEmulator } from "../../testing/mod.ts";
import { startRegisteredConnector } from "../_emulator.ts";
import { skippingClock } from "./_skipping_clock.ts";

const INFO: ConnectorInfoInput = {
  run_and_terminate: false,
  buffering: false,
  queue_threshold: 500,
  queue_messages_size: 0,
  next_run_datetime: "2024-01-15T11:30:00Z",
  last_run_datetime: null,
};

async function setup(
  options: Parameters<typeof startOpenCTIEmulator>[0] = {},
): Promise<{ emulator: OpenCTIEmulator; client: OpenCTIApiClient; connectorId: string }> {
  const { emulator, client, registration } = await startRegisteredConnector(
    { name: "Test Connector", type: "EXTERNAL_IMPORT" },
    { emulator: options, clock: skippingClock().clock },
  );
  emulator.requests.length = 0;
  return { emulator, client, connectorId: registration.id };
}

Deno.test("registerConnector sends pycti's input and returns the queue configuration and jwks", async () => {
  await using emulator = await startOpenCTIEmulator({ connectorUserId: "user-c" });
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  const id = crypto.randomUUID();
  const registration = await registerConnector(client, {
    id,
    name: "My Enricher",
    type: "INTERNAL_ENRICHMENT",
    scope: ["IPv4-Addr", "Domain-Name"],
    playbook_compatible: true,
  });
  assert.deepEqual(Object.keys(emulator.requests[0]!.variables!.input as object), [
    "id",
    "name",
    "type",
    "scope",
    "auto",
    "auto_update",
    "enrichment_resolution",
    "only_contextual",
    "playbook_compatible",
    "listen_callback_uri",
  ]);
  assert.deepEqual(emulator.requests[0]!.variables!.input, {
    id,
    name: "My Enricher",
    type: "INTERNAL_ENRICHMENT",
    scope: ["IPv4-Addr", "Domain-Name"],
    auto: false,
    auto_update: false,
    enrichment_resolution: "none",
    only_contextual: false,
    playbook_compatible: true,
    listen_callback_uri: null,
  });
  const p = emulator.queuePrefix;
  assert.equal(registration.id, id);
  assert.equal(registration.connector_state, null);
  assert.equal(registration.connector_user_id, "user-c");
  assert.equal(registration.jwks, emulator.jwks);
  assert.deepEqual(registration.config, {
    connection: {
      host: "127.0.0.1",
      vhost: "/",
      use_ssl: false,
      port: 5672,
      user: "guest",
      pass: "guest",
    },
    s3: registration.config.s3,
    listen: `${p}listen_${id}`,
    listen_routing: `${p}listen_routing_${id}`,
    listen_exchange: `${p}amqp.connector.exchange`,
    push: `${p}push_${id}`,
    push_routing: `${p}push_routing_${id}`,
    push_exchange: `${p}amqp.worker.exchange`,
  });
  assert.equal(registration.config.s3?.bucket_name, "opencti-bucket");
  const stored = emulator.state.connectors.get(id);
  assert.equal(stored?.type, "INTERNAL_ENRICHMENT");
  assert.equal(stored?.playbookCompatible, true);

  // Idempotent: registering again patches the same connector and keeps its state.
  await pingConnector(client, { id, state: { a: 1 } });
  const again = await registerConnector(client, {
    id,
    name: "Renamed",
    type: "INTERNAL_ENRICHMENT",
  });
  assert.equal(again.connector_state, '{"a":1}');
  assert.equal(emulator.state.connectors.get(id)?.name, "Renamed");
  assert.equal(emulator.state.connectors.get(id)?.registrations, 2);
});

Deno.test("registerConnector sends the newest fields only when set and falls back on older platforms", async () => {
  await using old = await startOpenCTIEmulator({
    schemaWithout: [
      "Connector.jwks",
      "ConnectorConfig.s3",
      "RegisterConnectorInput.version",
      "RegisterConnectorInput.slug",
    ],
  });
  const client = new OpenCTIApiClient({ url: old.url, token: old.token });
  const id = crypto.randomUUID();
  const registration = await registerConnector(client, {
    id,
    name: "Feed",
    type: "EXTERNAL_IMPORT",
    version: "1.2.3",
    slug: "feed",
    xtm_one_intent: "cti.stix_harvester",
  });
  assert.equal(registration.jwks, null);
  assert.equal(registration.config.s3, null);
  assert.equal(registration.config.push, `${old.queuePrefix}push_${id}`);
  const inputs = old.requests.map((r) => r.variables?.input as Record<string, unknown>);
  assert.deepEqual(
    old.requests.map((r) => [r.status, "version" in inputs[old.requests.indexOf(r)]!]),
    [[400, true], [400, true], [200, false]],
  );
  assert.equal(inputs[2]!.xtm_one_intent, "cti.stix_harvester");
  assert.equal(old.state.connectors.get(id)?.version, null);

  await using newer = await startOpenCTIEmulator({ schemaWithout: ["Connector.jwks"] });
  const newerClient = new OpenCTIApiClient({ url: newer.url, token: newer.token });
  const withS3 = await registerConnector(newerClient, { id, name: "Feed", type: "STREAM" });
  assert.equal(withS3.jwks, null);
  assert.equal(withS3.config.s3?.endpoint, "localhost");
  assert.equal(newer.requests.length, 2);
  assert.ok(!("version" in (newer.requests[0]!.variables!.input as object)));

  await using current = await startOpenCTIEmulator();
  const currentClient = new OpenCTIApiClient({ url: current.url, token: current.token });
  await registerConnector(currentClient, { id, name: "Feed", type: "STREAM", version: "2.0" });
  assert.equal(current.requests.length, 1);
  assert.equal(current.state.connectors.get(id)?.version, "2.0");

  // Other errors are not swallowed by the fallback.
  const refused = await registerConnector(currentClient, {
    id,
    name: "Feed",
    type: "NOT_A_TYPE" as "STREAM",
  }).catch((e) => e);
  assert.ok(refused instanceof OpenCTIApiError);
  assert.equal(refused.code, "BAD_USER_INPUT");
});

Deno.test('pingConnector stores the state, reads back a UI reset, and sends "null" for no state', async () => {
  const { emulator, client, connectorId } = await setup();
  await using _ = emulator;
  const first = await pingConnector(client, {
    id: connectorId,
    state: { start_from: "1-0" },
    connectorInfo: INFO,
  });
  assert.equal(first.connector_state, '{"start_from":"1-0"}');
  assert.deepEqual(first.connector_info, INFO);
  assert.equal(emulator.requests[0]?.variables?.state, '{"start_from":"1-0"}');

  await pingConnector(client, { id: connectorId, state: null });
  assert.equal(emulator.requests[1]?.variables?.state, "null");
  assert.ok(!("connectorInfo" in emulator.requests[1]!.variables!));

  await emulator.resetConnectorState(connectorId);
  const reset = await pingConnector(client, { id: connectorId, state: '{"start_from":"9-0"}' });
  assert.equal(reset.connector_state, "");
  const after = await pingConnector(client, { id: connectorId, state: { start_from: "0-0" } });
  assert.equal(after.connector_state, '{"start_from":"0-0"}');
  assert.equal(emulator.state.connectors.get(connectorId)?.pings, 4);
});

Deno.test("getConnector returns the details used by the buffering check", async () => {
  const { emulator, client, connectorId } = await setup();
  await using _ = emulator;
  const details = await getConnector(client, connectorId);
  assert.equal(details?.id, connectorId);
  assert.equal(details?.active, true);
  assert.equal(details?.connector_type, "EXTERNAL_IMPORT");
  assert.deepEqual(details?.connector_queue_details, { messages_number: 0, messages_size: 0 });
  assert.equal(details?.config?.push, `${emulator.queuePrefix}push_${connectorId}`);
  assert.equal(details?.built_in, false);
  emulator.setQueueDetails(connectorId, { messages_number: 12, messages_size: 600_000_000 });
  assert.deepEqual((await getConnector(client, connectorId))?.connector_queue_details, {
    messages_number: 12,
    messages_size: 600_000_000,
  });
  assert.equal(await getConnector(client, "unknown"), null);
});

Deno.test("unregisterConnector deletes the connector and its works", async () => {
  const { emulator, client, connectorId } = await setup();
  await using _ = emulator;
  const workId = await initiateWork(client, { connectorId, friendlyName: "run" });
  await unregisterConnector(client, connectorId);
  assert.equal(emulator.state.connectors.has(connectorId), false);
  assert.equal(emulator.state.works.has(workId), false);
  const again = await unregisterConnector(client, connectorId).catch((e) => e);
  assert.ok(again instanceof OpenCTIApiError);
  assert.equal(again.code, "FUNCTIONAL_ERROR");
});

Deno.test("the work API moves a work from wait to complete as the platform does", async () => {
  const { emulator, client, connectorId } = await setup();
  await using _ = emulator;
  client.applicantId = "someone";
  const workId = await initiateWork(client, { connectorId, friendlyName: "My run" });
  assert.match(workId, new RegExp(`^work_${connectorId}_`));
  await workToReceived(client, { workId, message: "Connector ready to process the operation" });
  await pingWork(client, workId);
  await workAddExpectations(client, { workId, expectations: 2 });
  await workAddDraftContext(client, { workId, draftContext: "draft-9" });
  await reportWorkExpectation(client, { workId });
  await workToProcessed(client, { workId, message: "2 objects sent" });
  assert.equal((await getWork(client, workId))?.status, "progress", "one expectation is pending");
  await reportWorkExpectation(client, { workId, error: { error: "bad ref", source: "x--1" } });
  const work = await getWork(client, workId);
  assert.equal(work?.status, "complete");
  assert.equal(work?.name, "My run");
  assert.equal(work?.event_source_id, connectorId);
  assert.deepEqual(work?.tracking, { import_expected_number: 2, import_processed_number: 2 });
  assert.deepEqual(work?.messages?.map((m) => m.message), [
    "Connector ready to process the operation",
    "2 objects sent",
  ]);
  assert.deepEqual(work?.errors?.map((m) => [m.message, m.source]), [["bad ref", "x--1"]]);
  assert.ok(work?.received_time && work.processed_time && work.completed_time);
  assert.equal(emulator.state.works.get(workId)?.draftContext, "draft-9");
  assert.equal(emulator.state.works.get(workId)?.pings, 1);

  // pycti removes the impersonation header from every work call except the ping.
  const impersonated = emulator.requests
    .filter((r) => r.headers["opencti-applicant-id"] === "someone")
    .map((r) => r.operationName);
  assert.deepEqual(impersonated, ["pingWork"]);
  assert.deepEqual(
    emulator.requests.find((r) => r.operationName === "workToProcessed")?.variables,
    {
      id: workId,
      message: "2 objects sent",
      inError: false,
    },
  );

  const failed = await initiateWork(client, { connectorId });
  await workToProcessed(client, { workId: failed, message: "boom", inError: true });
  const failedWork = await getWork(client, failed);
  assert.equal(failedWork?.status, "complete");
  assert.deepEqual(failedWork?.errors?.map((m) => m.message), ["boom"]);

  await deleteWork(client, failed);
  assert.equal(await getWork(client, failed), null);
  const missing = await pingWork(client, failed).catch((e) => e);
  assert.ok(missing instanceof OpenCTIApiError);
});

Deno.test("getStreamCollection answers live and raw locally and reads the others", async () => {
  await using emulator = await startOpenCTIEmulator();
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  assert.deepEqual(await getStreamCollection(client, "live"), {
    id: "live",
    name: "live",
    description: "live",
    stream_live: true,
    stream_public: false,
  });
  assert.equal((await getStreamCollection(client, "raw"))?.name, "raw");
  assert.equal(emulator.requests.length, 0);
  const { id } = emulator.addStreamCollection({ name: "Indicators", description: "IOCs" });
  assert.deepEqual(await getStreamCollection(client, id), {
    id,
    name: "Indicators",
    description: "IOCs",
    stream_live: true,
    stream_public: false,
  });
  emulator.stream.stopStream(id);
  assert.equal((await getStreamCollection(client, id))?.stream_live, false);
  assert.equal(await getStreamCollection(client, "nope"), null);
});

Deno.test("pushStixBundle sends the whole bundle and accounts it to the work", async () => {
  const { emulator, client, connectorId } = await setup();
  await using _ = emulator;
  const workId = await initiateWork(client, { connectorId });
  await workToProcessed(client, { workId });
  client.draftId = "draft-1";
  const bundle = { type: "bundle", id: "bundle--1", objects: [{ id: "x--1", type: "x" }] };
  assert.equal(
    await pushStixBundle(client, { connectorId, bundle: JSON.stringify(bundle), workId }),
    true,
  );
  const [pushed] = emulator.state.pushedBundles;
  assert.equal(pushed?.via, "api");
  assert.deepEqual(pushed?.bundle, bundle);
  assert.equal(pushed?.workId, workId);
  assert.equal(pushed?.draftId, "draft-1");
  assert.equal(emulator.state.works.get(workId)?.processed, 1);
  assert.deepEqual(Object.keys(emulator.requests.at(-1)!.variables!), [
    "connectorId",
    "bundle",
    "work_id",
  ]);
});

Deno.test("uploadPending, createDraftWorkspace and playbookStepExecution reach the platform", async () => {
  await using emulator = await startOpenCTIEmulator();
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  const text = JSON.stringify({ type: "bundle", id: "bundle--1", objects: [] });
  const file = new File([text], "work_1.json", { type: "application/json" });
  const uploaded = await uploadPending(client, { file, fileMarkings: ["marking--1"] });
  assert.deepEqual(uploaded, { id: "import/pending/work_1.json", name: "work_1.json" });
  assert.deepEqual(emulator.state.pendingUploads[0], {
    id: "import/pending/work_1.json",
    name: "work_1.json",
    mimeType: "application/json",
    content: text,
    entityId: null,
    fileMarkings: ["marking--1"],
  });
  assert.match(emulator.requests[0]!.headers["content-type"]!, /^multipart\/form-data; boundary=/);

  const draftId = await createDraftWorkspace(client, {
    name: "work_2.json",
    entityId: "report--1",
  });
  assert.ok(draftId);
  assert.deepEqual(emulator.state.drafts.get(draftId)?.entityId, "report--1");
  assert.deepEqual(emulator.requests[1]?.variables, {
    input: { name: "work_2.json", entity_id: "report--1" },
  });

  const step = {
    execution_id: "e1",
    event_id: "ev1",
    execution_start: "2024-01-15T10:30:00+00:00",
    data_instance_id: "d1",
    playbook_id: "p1",
    previous_step_id: "s0",
    step_id: "s1",
    previous_bundle: text,
    bundle: text,
  };
  assert.equal(await playbookStepExecution(client, step), true);
  assert.deepEqual(emulator.state.playbookExecutions, [step]);
  assert.deepEqual(Object.keys(emulator.requests[2]!.variables!), [
    "execution_id",
    "event_id",
    "execution_start",
    "playbook_id",
    "data_instance_id",
    "step_id",
    "previous_step_id",
    "previous_bundle",
    "bundle",
  ]);
});

type OperationCall = [string, boolean, (o: OpenCTIRequestOptions) => Promise<unknown>];

/** Every API function, with its operation name and whether it is safe to repeat. */
function everyOperation(
  client: OpenCTIApiClient,
  connectorId: string,
  workId: string,
): OperationCall[] {
  const bundle = JSON.stringify({ type: "bundle", id: "bundle--1", objects: [] });
  return [
    ["healthCheck", true, (o) => apiHealthCheck(client, o)],
    [
      "RegisterConnector",
      true,
      (o) => registerConnector(client, { id: connectorId, name: "T", type: "EXTERNAL_IMPORT" }, o),
    ],
    ["PingConnector", true, (o) => pingConnector(client, { id: connectorId, state: null }, o)],
    ["GetConnector", true, (o) => getConnector(client, connectorId, o)],
    ["workAdd", false, (o) => initiateWork(client, { connectorId }, o)],
    ["workToReceived", true, (o) => workToReceived(client, { workId }, o)],
    ["workToProcessed", true, (o) => workToProcessed(client, { workId }, o)],
    ["pingWork", true, (o) => pingWork(client, workId, o)],
    ["reportExpectation", false, (o) => reportWorkExpectation(client, { workId }, o)],
    ["addExpectations", false, (o) => workAddExpectations(client, { workId, expectations: 1 }, o)],
    ["addDraftContext", true, (o) => workAddDraftContext(client, { workId, draftContext: "d" }, o)],
    ["WorkQuery", true, (o) => getWork(client, workId, o)],
    ["StreamCollection", true, (o) => getStreamCollection(client, "some-id", o)],
    ["StixBundlePush", false, (o) => pushStixBundle(client, { connectorId, bundle }, o)],
    [
      "UploadPending",
      false,
      (o) => uploadPending(client, { file: new File([bundle], "b.json") }, o),
    ],
    ["draftWorkspaceAdd", false, (o) => createDraftWorkspace(client, { name: "d" }, o)],
    [
      "PlaybookStepExecution",
      false,
      (o) =>
        playbookStepExecution(client, {
          execution_id: "e",
          event_id: "e",
          execution_start: "2024-01-15T10:30:00+00:00",
          data_instance_id: "d",
          playbook_id: "p",
          previous_step_id: "s",
          step_id: "s",
          previous_bundle: bundle,
          bundle,
        }, o),
    ],
    ["ConnectorWorksMutation", true, (o) => deleteWork(client, workId, o)],
    ["ConnectorDeletionMutation", true, (o) => unregisterConnector(client, connectorId, o)],
  ];
}

Deno.test("each operation is retried after a 5xx only when it is safe to repeat", async () => {
  const { emulator, client, connectorId } = await setup();
  await using _ = emulator;
  const workId = await initiateWork(client, { connectorId });
  const calls = everyOperation(client, connectorId, workId);
  for (const [operation, safe, call] of calls) {
    emulator.requests.length = 0;
    emulator.failNextRequests(1, { status: 503, operation });
    const outcome = await call({}).then(() => "ok", (e) => e);
    const seen = emulator.requests.map((r) => r.operationName);
    if (safe) {
      assert.equal(outcome, "ok", `${operation} should be retried`);
      assert.deepEqual(seen, [operation, operation], operation);
    } else {
      assert.ok(outcome instanceof OpenCTIApiError && outcome.status === 503, operation);
      assert.deepEqual(seen, [operation], `${operation} must not be repeated`);
      // The caller can still opt in.
      emulator.failNextRequests(1, { status: 503, operation });
      await call({ retry: true });
    }
  }
});

Deno.test("each operation fails with AUTH_REQUIRED, unretried, when the token is revoked", async () => {
  const { emulator, client, connectorId } = await setup();
  await using _ = emulator;
  const workId = await initiateWork(client, { connectorId });
  emulator.revokeToken();
  for (const [operation, , call] of everyOperation(client, connectorId, workId)) {
    const error = await call({}).catch((e) => e);
    assert.ok(error instanceof OpenCTIApiError, operation);
    assert.equal(error.code, "AUTH_REQUIRED", operation);
    assert.equal(error.platformMessage, "You must be logged in to do this.");
    assert.equal(error.data.http_status, 401);
    assert.equal(error.attempts, 1);
  }
  emulator.restoreToken();
  assert.equal(await apiHealthCheck(client), "6.8.10");
});

Deno.test("each operation gives up with TIMEOUT when the platform does not answer in time", async () => {
  const { emulator, client, connectorId } = await setup();
  await using _ = emulator;
  const workId = await initiateWork(client, { connectorId });
  const calls = everyOperation(client, connectorId, workId);
  emulator.requests.length = 0;
  emulator.delayNextRequests(Infinity, 600_000);
  for (const [operation, , call] of calls) {
    const error = await call({ timeoutMs: 20 }).catch((e) => e);
    assert.ok(error instanceof OpenCTIApiError, operation);
    assert.equal(error.code, "TIMEOUT", operation);
    assert.equal(error.attempts, 1, `${operation} must not be retried after a timeout`);
  }
  // Under load a request can be cut while its body is still being read (recorded as a bad
  // request); none may have been answered.
  assert.deepEqual(emulator.requests.filter((r) => r.status === 200), []);
});
