import assert from "node:assert/strict";
import { createLocalJWKSet, jwtVerify } from "jose";
import { OpenCTIApiClient, registerConnector } from "../../api/mod.ts";
import { FakeClock, type OpenCTIEmulator, startOpenCTIEmulator } from "../../testing/mod.ts";

async function gql(
  emulator: OpenCTIEmulator,
  query: string,
  variables: Record<string, unknown> = {},
  token: string = emulator.token,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${emulator.url}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: await response.json() };
}

async function register(
  emulator: OpenCTIEmulator,
  input: Partial<Parameters<typeof registerConnector>[1]> = {},
): Promise<string> {
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  const { id } = await registerConnector(client, {
    id: crypto.randomUUID(),
    name: "Connector",
    type: "INTERNAL_ENRICHMENT",
    ...input,
  });
  return id;
}

Deno.test("GraphQL requests are parsed and validated like the platform (400 with Apollo codes)", async () => {
  await using emulator = await startOpenCTIEmulator();
  const parseError = await gql(emulator, "query {");
  assert.equal(parseError.status, 400);
  assert.equal(
    (parseError.body.errors as { extensions: { code: string } }[])[0]?.extensions.code,
    "GRAPHQL_PARSE_FAILED",
  );
  const invalid = await gql(emulator, "query { connector { id } }");
  assert.equal(invalid.status, 400);
  const errors = invalid.body.errors as { message: string; extensions: { code: string } }[];
  assert.equal(errors[0]?.extensions.code, "GRAPHQL_VALIDATION_FAILED");
  assert.match(errors[0]!.message, /argument "id" of type "String!" is required/);
  const badVariables = await gql(
    emulator,
    "mutation P($id: ID!, $i: ConnectorInfoInput) { pingConnector(id: $id, connectorInfo: $i) { id } }",
    { id: "x", i: { buffering: "no" } },
  );
  assert.equal(badVariables.status, 400);
  assert.equal(
    (badVariables.body.errors as { extensions: { code: string } }[])[0]?.extensions.code,
    "BAD_USER_INPUT",
  );
  const notJson = await fetch(`${emulator.url}/graphql`, {
    method: "POST",
    headers: { authorization: `Bearer ${emulator.token}`, "content-type": "text/plain" },
    body: "query { about { version } }",
  });
  assert.equal(notJson.status, 400);
  await notJson.body?.cancel();
  const get = await fetch(`${emulator.url}/graphql`);
  assert.equal(get.status, 405);
  await get.body?.cancel();
  const other = await fetch(`${emulator.url}/nothing`);
  assert.equal(other.status, 404);
  await other.body?.cancel();
  assert.deepEqual(emulator.requests.map((r) => r.status), [400, 400, 400, 400, 405, 404]);
});

Deno.test("resolver errors keep partial data and the platform's error shape", async () => {
  await using emulator = await startOpenCTIEmulator();
  const { status, body } = await gql(
    emulator,
    'query Q { about { version } connector(id: "x") { id } } ',
  );
  assert.equal(status, 200);
  assert.deepEqual(body, { data: { about: { version: "6.8.10" }, connector: null } });
  const failed = await gql(emulator, 'mutation { pingConnector(id: "nope") { id } }');
  assert.equal(failed.status, 200);
  assert.deepEqual(failed.body.data, { pingConnector: null });
  const [error] = failed.body.errors as Record<string, unknown>[];
  assert.deepEqual(error, {
    message: "No connector found with the specified ID",
    locations: [{ line: 1, column: 12 }],
    path: ["pingConnector"],
    extensions: {
      code: "FUNCTIONAL_ERROR",
      data: { http_status: 500, genre: "BUSINESS", id: "nope" },
    },
    name: "FUNCTIONAL_ERROR",
  });
});

Deno.test("the token is checked everywhere and can be revoked and restored", async () => {
  await using emulator = await startOpenCTIEmulator();
  emulator.addFile("a.txt", "A", "text/plain");
  const wrong = await gql(emulator, "query { about { version } }", {}, "wrong");
  assert.equal(wrong.status, 200);
  assert.deepEqual(wrong.body, {
    errors: [{
      message: "You must be logged in to do this.",
      path: ["about"],
      extensions: { code: "AUTH_REQUIRED", data: { http_status: 401, genre: "TECHNICAL" } },
      name: "AUTH_REQUIRED",
    }],
    data: null,
  });
  const stream = await fetch(`${emulator.url}/stream`, { headers: { authorization: "Bearer x" } });
  assert.equal(stream.status, 401);
  await stream.body?.cancel();
  const file = await fetch(`${emulator.url}/storage/get/a.txt`);
  assert.equal(file.status, 401);
  await file.body?.cancel();
  assert.equal(emulator.stream.requests.length, 0, "unauthorized streams never reach the log");

  emulator.revokeToken();
  assert.equal((await gql(emulator, "query { about { version } }")).body.data, null);
  emulator.restoreToken();
  assert.deepEqual((await gql(emulator, "query { about { version } }")).body.data, {
    about: { version: "6.8.10" },
  });
  const served = await fetch(`${emulator.url}/storage/get/a.txt`, {
    headers: { authorization: `bearer ${emulator.token}` },
  });
  assert.equal(served.headers.get("content-type"), "text/plain");
  assert.equal(await served.text(), "A");
  assert.equal(emulator.counters.unauthorized, 4);
  assert.equal(emulator.counters.files, 2);
});

Deno.test("requests are recorded without the token, and counted per operation", async () => {
  await using emulator = await startOpenCTIEmulator();
  const id = await register(emulator);
  await gql(emulator, "query healthCheck { about { version } }");
  const record = emulator.requests.at(-1)!;
  assert.equal(record.operationName, "healthCheck");
  assert.equal(record.authorized, true);
  assert.equal(record.kind, "graphql");
  assert.equal("authorization" in record.headers, false);
  assert.ok(!JSON.stringify(emulator.requests).includes(emulator.token));
  assert.deepEqual(emulator.counters.operations, { RegisterConnector: 1, healthCheck: 1 });
  assert.equal(emulator.counters.graphql, 2);
  assert.equal(
    emulator.requests[0]?.variables?.input &&
      (emulator.requests[0].variables.input as { id: string }).id,
    id,
  );
});

Deno.test("failNextRequests answers a status or cuts the connection, optionally for one operation", async () => {
  await using emulator = await startOpenCTIEmulator();
  emulator.failNextRequests(1, { status: 502, body: "Bad Gateway" });
  const bad = await fetch(`${emulator.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: "query healthCheck { about { version } }" }),
  });
  assert.equal(bad.status, 502);
  assert.equal(await bad.text(), "Bad Gateway");

  emulator.failNextRequests(1, { reset: true });
  await assert.rejects(async () => {
    const response = await fetch(`${emulator.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "query healthCheck { about { version } }" }),
    });
    await response.text();
  }, TypeError);

  emulator.failNextRequests(2, { operation: "PingConnector" });
  assert.equal((await gql(emulator, "query healthCheck { about { version } }")).status, 200);
  const ping = 'mutation PingConnector { pingConnector(id: "x") { id } }';
  assert.equal((await gql(emulator, ping).catch(() => ({ status: 503 }))).status, 503);
  emulator.clearFaults();
  assert.equal((await gql(emulator, ping)).status, 200);
  assert.throws(() => emulator.failNextRequests(0), RangeError);
  assert.deepEqual(
    emulator.requests.map((r) => r.fault),
    ["status", "reset", null, "status", null],
  );
  assert.equal(emulator.counters.faults, 3);
});

Deno.test("delayNextRequests holds answers on the emulator's clock", async () => {
  const clock = new FakeClock();
  await using emulator = await startOpenCTIEmulator({ clock });
  emulator.delayNextRequests(1, 5_000, { operation: "healthCheck" });
  let settled = false;
  const answer = gql(emulator, "query healthCheck { about { version } }").then((r) => {
    settled = true;
    return r;
  });
  await emulator.waitFor(() => emulator.heldRequests === 1);
  assert.equal(emulator.activeRequests, 1);
  assert.equal((await gql(emulator, "query other { about { version } }")).status, 200);
  await clock.tick(4_999);
  assert.equal(settled, false);
  await clock.tick(1);
  assert.equal((await answer).status, 200);
  assert.equal(emulator.heldRequests, 0);
  assert.equal(emulator.requests.at(-1)?.fault, "delay");
  assert.equal(emulator.requests.at(-1)?.at, clock.now() - 5_000);
});

Deno.test("a connector state reset works as in the UI, also through the UI's mutations", async () => {
  await using emulator = await startOpenCTIEmulator();
  const id = await register(emulator);
  const connector = emulator.state.connectors.get(id)!;
  await gql(emulator, 'mutation { pingConnector(id: "' + id + '", state: "{\\"a\\":1}") { id } }');
  assert.equal(connector.connectorState, '{"a":1}');
  const reset = await gql(
    emulator,
    "mutation ConnectorResetStateMutation($id: ID!) { resetStateConnector(id: $id) { id } }",
    { id },
  );
  assert.deepEqual(reset.body.data, { resetStateConnector: { id } });
  assert.equal(connector.connectorState, "");
  assert.equal(connector.stateReset, true);

  const trigger = await gql(
    emulator,
    `mutation ConnectorUpdateTriggerMutation($id: ID!, $input: [EditInput]!) {
      updateConnectorTrigger(id: $id, input: $input) { id active auto only_contextual connector_trigger_filters }
    }`,
    {
      id,
      input: [{ key: "auto", value: [true] }, { key: "connector_trigger_filters", value: ["{}"] }],
    },
  );
  assert.deepEqual(trigger.body.data, {
    updateConnectorTrigger: {
      id,
      active: true,
      auto: true,
      only_contextual: false,
      connector_trigger_filters: "{}",
    },
  });
  emulator.createWork(id, "a");
  emulator.createWork(id, "b");
  assert.equal(emulator.state.works.size, 2);
  const purge = await gql(
    emulator,
    "mutation ConnectorWorkDeleteMutation($connectorId: String!) { workDelete(connectorId: $connectorId) }",
    { connectorId: id },
  );
  assert.deepEqual(purge.body.data, { workDelete: true });
  assert.equal(emulator.state.works.size, 0);
});

Deno.test("works are listed per connector and their ids are unique", async () => {
  await using emulator = await startOpenCTIEmulator({ clock: new FakeClock() });
  const a = await register(emulator);
  const b = await register(emulator);
  const first = emulator.createWork(a, "one");
  const second = emulator.createWork(a, "two");
  emulator.createWork(b, "three");
  assert.notEqual(first.id, second.id);
  const { body } = await gql(
    emulator,
    `query ConnectorWorksQuery($count: Int, $filters: FilterGroup) {
      works(first: $count, filters: $filters) { edges { node { id name status } } }
    }`,
    {
      count: 50,
      filters: { mode: "and", filters: [{ key: "connector_id", values: [a] }], filterGroups: [] },
    },
  );
  const edges = (body.data as { works: { edges: { node: { name: string } }[] } }).works.edges;
  assert.deepEqual(edges.map((e) => e.node.name), ["one", "two"]);
  const alive = await gql(emulator, "query A($id: ID!) { isWorkAlive(id: $id) }", { id: first.id });
  assert.deepEqual(alive.body.data, { isWorkAlive: true });
});

Deno.test("stream requests reach the stream log after the token check", async () => {
  await using emulator = await startOpenCTIEmulator();
  const { id } = emulator.addStreamCollection({ name: "Live" });
  const auth = { authorization: `Bearer ${emulator.token}`, accept: "text/event-stream" };
  const all = await fetch(`${emulator.url}/stream`, { headers: auth });
  assert.equal(all.status, 200);
  assert.match(all.headers.get("content-type") ?? "", /^text\/event-stream/);
  await all.body?.cancel();
  const one = await fetch(`${emulator.url}/stream/${id}`, { headers: auth });
  assert.equal(one.status, 200);
  await one.body?.cancel();
  emulator.stream.stopStream(id);
  const stopped = await fetch(`${emulator.url}/stream/${id}`, { headers: auth });
  assert.equal(stopped.status, 410);
  await stopped.body?.cancel();
  assert.deepEqual(emulator.stream.requests.map((r) => r.streamId), [null, id, id]);
  assert.deepEqual(
    emulator.requests.map((r) => [r.kind, r.status]),
    [["stream", 200], ["stream", 200], ["stream", 410]],
  );
  assert.equal(emulator.counters.stream, 3);
  const added = emulator.addStreamCollection({ id: "paused", stream_live: false });
  assert.equal(added.stream_live, false);
  const closed = await fetch(`${emulator.url}/stream/paused`, { headers: auth });
  assert.equal(closed.status, 410);
  await closed.body?.cancel();
});

Deno.test("close ends open SSE connections and is idempotent", async () => {
  const emulator = await startOpenCTIEmulator();
  const response = await fetch(`${emulator.url}/stream`, {
    headers: { authorization: `Bearer ${emulator.token}` },
  });
  const reader = response.body!.getReader();
  await reader.read();
  await Promise.all([emulator.close(), emulator.close()]);
  for (;;) {
    const { done } = await reader.read().catch(() => ({ done: true }));
    if (done) break;
  }
  await assert.rejects(fetch(`${emulator.url}/graphql`), TypeError);
});

Deno.test("sendJob posts to an API-mode connector with a JWT that the registered jwks verifies", async () => {
  const received: { body: Record<string, unknown>; auth: string | null }[] = [];
  const callback = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (r) => {
    received.push({ body: await r.json(), auth: r.headers.get("authorization") });
    return Response.json({ message: "Message successfully received" }, { status: 202 });
  });
  try {
    await using emulator = await startOpenCTIEmulator();
    const id = await register(emulator, {
      listen_callback_uri: `http://127.0.0.1:${callback.addr.port}/api/callback`,
    });
    const result = await emulator.sendJob(id, {
      type: "enrichment",
      entityId: "ipv4-addr--8c7d5c2e-0000-4000-8000-000000000000",
      stixEntity: { id: "ipv4-addr--8c7d5c2e-0000-4000-8000-000000000000", value: "1.2.3.4" },
      applicantId: "user-1",
    });
    assert.equal(result.delivery, "callback");
    assert.equal(result.callbackStatus, 202);
    assert.ok(result.workId && emulator.state.works.get(result.workId)?.status === "wait");
    const [call] = received;
    assert.deepEqual(call?.body, result.message);
    assert.deepEqual(call?.body.internal, {
      work_id: result.workId,
      applicant_id: "user-1",
      draft_id: null,
      trigger: "create",
      mode: "auto",
    });
    assert.deepEqual(call?.body.event, {
      event_type: "INTERNAL_ENRICHMENT",
      entity_id: "ipv4-addr--8c7d5c2e-0000-4000-8000-000000000000",
      entity_type: "IPv4-Addr",
      stix_entity: '{"id":"ipv4-addr--8c7d5c2e-0000-4000-8000-000000000000","value":"1.2.3.4"}',
      stix_objects: null,
    });
    const token = call!.auth!.replace(/^Bearer /, "");
    const keys = createLocalJWKSet(JSON.parse(emulator.jwks));
    const { payload } = await jwtVerify(token, keys, { issuer: "opencti", subject: "connector" });
    assert.ok(payload.exp! > payload.iat!);
    const expired = await emulator.createCallbackToken({ expiresInSeconds: -60 });
    await assert.rejects(jwtVerify(expired, keys), /exp/);
  } finally {
    await callback.shutdown();
  }
});

Deno.test("sendJob builds the platform's import, export, analysis and playbook messages", async () => {
  const bodies: Record<string, unknown>[] = [];
  const auths: (string | null)[] = [];
  const callback = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (r) => {
    bodies.push(await r.json());
    auths.push(r.headers.get("authorization"));
    return new Response(null, { status: 401 });
  });
  try {
    await using emulator = await startOpenCTIEmulator({ callbackAuth: "token" });
    const id = await register(emulator, {
      listen_callback_uri: `http://127.0.0.1:${callback.addr.port}/api/callback`,
    });
    emulator.addFile("import/global/report.pdf", "%PDF", "application/pdf");
    const imported = await emulator.sendJob(id, {
      type: "import",
      fileId: "import/global/report.pdf",
      draftId: "d1",
    });
    assert.equal(imported.callbackStatus, 401);
    assert.deepEqual(imported.message, {
      internal: {
        work_id: imported.workId,
        applicant_id: null,
        draft_id: "d1",
        trigger: "update",
        mode: "auto",
      },
      event: {
        file_id: "import/global/report.pdf",
        file_mime: "application/pdf",
        file_markings: [],
        file_fetch: "/storage/get/import/global/report.pdf",
        entity_id: null,
        validation_mode: "workbench",
        bypass_validation: false,
        force_validation: false,
      },
      configuration: null,
    });
    const exported = await emulator.sendJob(id, {
      type: "export",
      entityId: "r1",
      entityName: "x",
      workId: null,
    });
    assert.equal(exported.workId, null);
    const event = exported.message.event as Record<string, unknown>;
    assert.deepEqual(Object.keys(event), [
      "event_type",
      "file_name",
      "format",
      "export_scope",
      "entity_id",
      "entity_name",
      "entity_type",
      "export_type",
      "file_markings",
      "main_filter",
      "access_filter",
    ]);
    assert.match(String(event.file_name), /_TLP:ALL_\(ExportFileStix\)_Report-x_full\.json$/);
    const analysis = await emulator.sendJob(id, {
      type: "analysis",
      entityId: "r1",
      fileId: "import/global/report.pdf",
    });
    assert.equal(
      (analysis.message.event as { event_type: string }).event_type,
      "INTERNAL_ANALYSIS",
    );
    const bundle = {
      type: "bundle",
      id: "bundle--1",
      objects: [{ id: "indicator--1", type: "indicator" }],
    };
    const playbook = await emulator.sendJob(id, {
      type: "playbook",
      entityId: "indicator--1",
      bundle,
      playbook: { step_id: "s1" },
    });
    const internal = playbook.message.internal as { playbook: Record<string, string> };
    assert.deepEqual(Object.keys(internal.playbook), [
      "execution_id",
      "event_id",
      "playbook_id",
      "data_instance_id",
      "step_id",
      "previous_step_id",
    ]);
    assert.equal(internal.playbook.step_id, "s1");
    assert.deepEqual(playbook.message.event, { entity_id: "indicator--1", bundle });
    assert.deepEqual(bodies.length, 4);
    assert.ok(auths.every((a) => a === `Bearer ${emulator.token}`));
  } finally {
    await callback.shutdown();
  }
});

Deno.test("jobs need a broker or a callback URI; unknown connectors are refused", async () => {
  await using emulator = await startOpenCTIEmulator();
  const id = await register(emulator);
  await assert.rejects(
    emulator.sendJob(id, { type: "enrichment", entityId: "x--1" }),
    /started without amqpUrl/,
  );
  assert.equal(emulator.state.works.size, 0, "no work is created for a job that cannot be sent");
  await assert.rejects(emulator.enqueueMessage(id, {}), TypeError);
  await assert.rejects(emulator.pauseWorker(), TypeError);
  assert.throws(() => emulator.createWork("nope"), /connector "nope": it is not registered/);
  assert.equal(emulator.amqpEnabled, false);
});

Deno.test("waitFor resolves on a state change and rejects after its timeout", async () => {
  const clock = new FakeClock();
  await using emulator = await startOpenCTIEmulator({ clock });
  const registered = emulator.waitFor(() => emulator.state.connectors.size === 1);
  const id = await register(emulator);
  await registered;
  const never = assert.rejects(
    emulator.waitFor(() => emulator.state.works.size > 5, { timeoutMs: 1_000 }),
    /not met within 1000 ms/,
  );
  await clock.tick(1_000);
  await never;
  const stop = new AbortController();
  const aborted = emulator.waitFor(() => false, { signal: stop.signal });
  stop.abort(new Error("enough"));
  await assert.rejects(aborted, /enough/);
  assert.ok(emulator.state.connectors.has(id));
});

Deno.test("schemaWithout plays an older platform and rejects malformed entries", async () => {
  await using emulator = await startOpenCTIEmulator({ schemaWithout: ["Connector.jwks"] });
  const { status, body } = await gql(emulator, 'query { connector(id: "x") { jwks } }');
  assert.equal(status, 400);
  assert.match(JSON.stringify(body), /Cannot query field \\"jwks\\" on type \\"Connector\\"/);
  await assert.rejects(startOpenCTIEmulator({ schemaWithout: ["jwks"] }), /expected "Type.field"/);
});
