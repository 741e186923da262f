import assert from "node:assert/strict";
import { ConfigError } from "../../config/mod.ts";
import { ConnectorStartError, OpenCTIConnectorHelper } from "../../helper/mod.ts";
import { OPENCTI_SERVICE_ACCOUNT_DOCUMENTS } from "../../api/mod.ts";
import { FakeClock, type OpenCTIEmulator, startOpenCTIEmulator } from "../../testing/mod.ts";
import { until } from "../_async.ts";
import { LogLines, recordingClock } from "../_doubles.ts";
import { closedPort } from "../_net.ts";
import { connectorEnv } from "./_helper_fixtures.ts";

const START = Date.UTC(2024, 0, 15, 10, 30);

Deno.test("create registers, pings at once, exposes pycti's getters and metrics; close keeps the registration", async () => {
  await using emulator = await startOpenCTIEmulator();
  const logs = new LogLines();
  const clock = new FakeClock(START);
  const env = connectorEnv(emulator, {
    CONNECTOR_NAME: "My Feed",
    CONNECTOR_EXPOSE_METRICS: "true",
    CONNECTOR_METRICS_PORT: "0",
    CONNECTOR_LIVE_STREAM_ID: "live",
    CONNECTOR_ONLY_CONTEXTUAL: "true",
  });
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    clock,
    logWriter: logs.write,
    playbookCompatible: true,
    metricsHostname: "127.0.0.1",
    handleSignals: false,
  });
  const id = env.get("CONNECTOR_ID")!;
  const registered = emulator.state.connectors.get(id);
  assert.ok(registered, "registered on the platform");
  assert.equal(registered.name, "My Feed");
  assert.deepEqual(registered.scope, ["indicator", "report"]);
  assert.equal(registered.playbookCompatible, true);
  assert.equal(registered.onlyContextual, true);
  assert.equal(emulator.counters.operations.healthCheck, 2, "api and api_impersonate");
  await until(() => registered.pings === 1 && clock.pending === 1, "the first ping");
  assert.deepEqual(registered.connectorInfo, helper.connectorInfo.allDetails);

  assert.equal(helper.connectorId, id);
  assert.equal(helper.getName(), "My Feed");
  assert.equal(helper.getOpenctiUrl(), emulator.url);
  assert.equal(helper.getOpenctiToken(), emulator.token);
  assert.equal(helper.getOnlyContextual(), true);
  assert.equal(helper.getRunAndTerminate(), false);
  assert.equal(helper.getValidateBeforeImport(), false);
  assert.deepEqual({ ...helper.getConnector(), scope: [...helper.getConnector().scope!] }, {
    id,
    name: "My Feed",
    type: "EXTERNAL_IMPORT",
    scope: ["indicator", "report"],
    auto: false,
    auto_update: false,
    enrichment_resolution: "none",
    only_contextual: true,
    playbook_compatible: true,
    listen_callback_uri: null,
  });
  assert.equal(helper.dateNow(), "2024-01-15T10:30:00+00:00");
  assert.equal(helper.dateNowZ(), "2024-01-15T10:30:00Z");
  helper.nextRunDatetime(3600);
  helper.lastRunDatetime();
  assert.equal(helper.connectorInfo.nextRunDatetime, "2024-01-15T11:30:00Z");
  assert.equal(helper.connectorInfo.lastRunDatetime, "2024-01-15T10:30:00Z");
  assert.deepEqual(await helper.getStreamCollection(), {
    id: "live",
    name: "live",
    description: "live",
    stream_live: true,
    stream_public: false,
  });

  const scrape = await fetch(`http://127.0.0.1:${helper.metric.port}/metrics`);
  const exposition = await scrape.text();
  assert.match(exposition, /^ping_api_total 1\.0$/m);
  assert.match(exposition, /^state\{state="idle"\} 1\.0$/m);

  helper.logInfo(`token is ${emulator.token}`, { token: emulator.token });
  const line = logs.lines.at(-1)!;
  assert.ok(!line.includes(emulator.token), "the token is redacted");
  assert.deepEqual(JSON.parse(line).name, "My Feed");
  assert.equal(JSON.parse(line).message, "token is ***");

  helper.setState({ last_run: "2024-01-15" });
  await helper.close();
  assert.equal(registered.pings, 2, "a last ping when stopping");
  assert.equal(emulator.state.connectors.get(id)?.connectorState, '{"last_run":"2024-01-15"}');
  await assert.rejects(fetch(`http://127.0.0.1:${helper.metric.port}/metrics`), "metrics closed");
  assert.throws(() => helper.sendStix2Bundle("{}"), /the helper is closed/);
  await helper.close();
  assert.equal(registered.pings, 2, "closing twice does nothing more");
});

Deno.test("plain logging follows OPENCTI_JSON_LOGGING and CONNECTOR_LOG_LEVEL", async () => {
  await using emulator = await startOpenCTIEmulator();
  const lines: string[] = [];
  await using helper = await OpenCTIConnectorHelper.create({ opencti: { json_logging: false } }, {
    env: connectorEnv(emulator, { CONNECTOR_LOG_LEVEL: "warning", CONNECTOR_NAME: "Plain" }),
    logWriter: (line) => lines.push(line),
    handleSignals: false,
  });
  helper.logInfo("not written");
  helper.logWarning(`careful with ${emulator.token}`);
  helper.connectorLogger.error("broken", { reason: "x" });
  assert.deepEqual(lines, ["WARNING:Plain:careful with ***", "ERROR:Plain:broken"]);
});

Deno.test("a bad configuration is a ConfigError naming every problem", async () => {
  await assert.rejects(
    OpenCTIConnectorHelper.create({}, {
      env: new Map([["OPENCTI_URL", "http://127.0.0.1:1"], ["CONNECTOR_TYPE", "NOPE"]]),
    }),
    (error: unknown) =>
      error instanceof ConfigError && /OPENCTI_TOKEN/.test(error.message) &&
      /CONNECTOR_TYPE/.test(error.message),
  );
});

Deno.test("timing options that would stop the ping loop or hang a stop are refused first", async () => {
  for (
    const options of [
      { pingIntervalMs: 0 },
      { pingIntervalMs: Number.NaN },
      { stopTimeoutMs: -1 },
      { stopTimeoutMs: Number.NaN },
    ]
  ) {
    await assert.rejects(
      OpenCTIConnectorHelper.create({}, { ...options, env: new Map() }),
      (error: unknown) =>
        error instanceof RangeError &&
        error.message.includes(`${Object.keys(options)[0]} must be`) &&
        error.message.endsWith(`got ${Object.values(options)[0]}`),
      JSON.stringify(options),
    );
  }
});

Deno.test("an unreachable platform fails the start with nothing left running", async () => {
  const port = closedPort();
  const logs = new LogLines();
  await assert.rejects(
    OpenCTIConnectorHelper.create({}, {
      env: new Map([
        ["OPENCTI_URL", `http://127.0.0.1:${port}`],
        ["OPENCTI_TOKEN", "a-secret-token"],
        ["CONNECTOR_ID", crypto.randomUUID()],
        ["CONNECTOR_NAME", "Feed"],
        ["CONNECTOR_TYPE", "EXTERNAL_IMPORT"],
        ["CONNECTOR_EXPOSE_METRICS", "true"],
        ["CONNECTOR_METRICS_PORT", "0"],
      ]),
      apiRetry: { maxRetries: 0 },
      logWriter: logs.write,
    }),
    (error: unknown) => {
      assert.ok(error instanceof ConnectorStartError);
      assert.equal(error.step, "health_check");
      assert.equal(error.failure, "unreachable");
      assert.match(error.message, /OpenCTI API is not reachable at http:\/\/127\.0\.0\.1:\d+/);
      assert.ok(!error.message.includes("a-secret-token"));
      return true;
    },
  );
});

Deno.test("a rejected token fails the start before registration", async () => {
  await using emulator = await startOpenCTIEmulator();
  emulator.revokeToken();
  await assert.rejects(
    OpenCTIConnectorHelper.create({}, { env: connectorEnv(emulator), logWriter: () => {} }),
    (error: unknown) =>
      error instanceof ConnectorStartError && error.failure === "unauthorized" &&
      /rejected the token/.test(error.message) && !error.message.includes(emulator.token),
  );
  assert.equal(emulator.state.connectors.size, 0);
});

Deno.test("a refused registration closes the metrics server and the clients", async () => {
  await using emulator = await startOpenCTIEmulator();
  emulator.failNextRequests(1, { operation: "RegisterConnector", status: 400 });
  await assert.rejects(
    OpenCTIConnectorHelper.create({}, {
      env: connectorEnv(emulator, {
        CONNECTOR_EXPOSE_METRICS: "true",
        CONNECTOR_METRICS_PORT: "0",
      }),
      metricsHostname: "127.0.0.1",
      logWriter: () => {},
    }),
    (error: unknown) =>
      error instanceof ConnectorStartError && error.step === "registration" &&
      error.failure === "rejected",
  );
  // The sanitizers fail this test if the metrics server or a connection is still open.
});

Deno.test("PingAlive every 40 s saves the state, adopts a remote reset or edit, and treats {} as no state", async () => {
  await using emulator = await startOpenCTIEmulator();
  const clock = new FakeClock(START);
  const logs = new LogLines();
  const env = connectorEnv(emulator, { CONNECTOR_DURATION_PERIOD: "PT5M" });
  const id = env.get("CONNECTOR_ID")!;
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    clock,
    logWriter: logs.write,
    handleSignals: false,
  });
  const connector = emulator.state.connectors.get(id)!;
  const pinged = (n: number) =>
    until(() => connector.pings === n && clock.pending === 1, `ping ${n}`);
  await pinged(1);
  assert.equal(connector.connectorState, "null", "no state is sent as the string null");

  helper.setState({ start_from: "1700000000000-0", recover_until: false });
  await clock.tick(39_999);
  assert.equal(connector.pings, 1, "not before 40 s");
  await clock.tick(1);
  await pinged(2);
  assert.deepEqual(JSON.parse(connector.connectorState!), {
    start_from: "1700000000000-0",
    recover_until: false,
  });

  await emulator.resetConnectorState(id);
  await clock.tick(40_000);
  await pinged(3);
  assert.equal(helper.getState(), null, "a reset from the UI is adopted");
  assert.equal(logs.find("Connector state has been remotely reset").length, 1);

  // An edit in the UI: pycti would wipe the local state, the helper adopts it.
  connector.connectorState = '{"start_from": "1800000000000-0"}';
  connector.stateReset = true;
  await clock.tick(40_000);
  await pinged(4);
  assert.deepEqual(helper.getState(), { start_from: "1800000000000-0" });

  helper.setState({});
  assert.equal(helper.getState(), null);
  helper.setState('{"from": "text"}');
  assert.deepEqual(helper.getState(), { from: "text" });
  const copy = helper.getState()!;
  copy.from = "mutated";
  assert.deepEqual(helper.getState(), { from: "text" }, "getState returns a copy");
  helper.setState(["not", "an", "object"] as unknown as Record<string, unknown>);
  assert.equal(helper.getState(), null);
  await clock.tick(40_000);
  await pinged(5);
  assert.equal(connector.connectorState, "null");

  emulator.failNextRequests(1, { operation: "PingConnector", status: 400 });
  await clock.tick(40_000);
  await until(() => logs.find("Error pinging the API").length === 1, "a failed ping logged");
  await until(() => clock.pending === 1, "the loop going on after a failure");
  await clock.tick(40_000);
  await until(() => logs.find("API Ping back to normal").length === 1, "recovery logged");
  await helper.close();
  assert.equal(clock.pending, 0, "no timer left");
});

Deno.test("forcePing re-asserts the local state over a pending reset, as pycti", async () => {
  await using emulator = await startOpenCTIEmulator();
  const env = connectorEnv(emulator, { CONNECTOR_RUN_AND_TERMINATE: "true" });
  const id = env.get("CONNECTOR_ID")!;
  await using helper = await OpenCTIConnectorHelper.create({}, {
    env,
    logWriter: () => {},
    handleSignals: false,
  });
  const connector = emulator.state.connectors.get(id)!;
  assert.equal(connector.pings, 0, "no PingAlive in run-and-terminate mode");
  helper.setState({ last_run: 1 });
  await emulator.resetConnectorState(id);
  await helper.forcePing();
  assert.equal(connector.pings, 2, "a second ping after the mismatch");
  assert.equal(connector.connectorState, '{"last_run":1}');
  assert.deepEqual(helper.getState(), { last_run: 1 });
});

Deno.test("stop() unregisters the connector, also in API listen and run-and-terminate modes", async () => {
  await using emulator = await startOpenCTIEmulator();
  for (
    const extra of [
      {},
      { CONNECTOR_RUN_AND_TERMINATE: "true" },
      { CONNECTOR_LISTEN_PROTOCOL: "API", CONNECTOR_TYPE: "INTERNAL_IMPORT_FILE" },
    ]
  ) {
    const env = connectorEnv(emulator, extra);
    const helper = await OpenCTIConnectorHelper.create({}, {
      env,
      logWriter: () => {},
      handleSignals: false,
    });
    assert.ok(emulator.state.connectors.has(env.get("CONNECTOR_ID")!));
    await helper.stop();
    await helper.stop();
    assert.ok(!emulator.state.connectors.has(env.get("CONNECTOR_ID")!), JSON.stringify(extra));
  }
  assert.equal(emulator.counters.operations.ConnectorDeletionMutation, 3);
});

Deno.test("the signal option closes the helper", async () => {
  await using emulator = await startOpenCTIEmulator();
  const controller = new AbortController();
  const env = connectorEnv(emulator);
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    signal: controller.signal,
    logWriter: () => {},
    handleSignals: false,
  });
  controller.abort();
  await until(() => {
    try {
      helper.setState({ x: 1 });
      helper.sendStix2Bundle("{}").catch(() => {});
      return false;
    } catch {
      return true;
    }
  }, "the helper to stop");
  await helper.close();
  assert.ok(emulator.state.connectors.has(env.get("CONNECTOR_ID")!), "still registered");
});

Deno.test("checkConnectorBuffering compares the push queue with CONNECTOR_QUEUE_THRESHOLD", async () => {
  await using emulator = await startOpenCTIEmulator();
  await using helper = await OpenCTIConnectorHelper.create({}, {
    env: connectorEnv(emulator, { CONNECTOR_QUEUE_THRESHOLD: "250" }),
    logWriter: () => {},
    handleSignals: false,
  });
  emulator.setQueueDetails(helper.connectorId, { messages_number: 12, messages_size: 250_000_000 });
  assert.equal(await helper.checkConnectorBuffering(), true);
  assert.equal(helper.connectorInfo.queueMessagesSize, 250);
  assert.equal(helper.connectorInfo.queueThreshold, 250);
  assert.equal(helper.connectorInfo.buffering, true);
  emulator.setQueueDetails(helper.connectorId, { messages_number: 1, messages_size: 1_000 });
  assert.equal(await helper.checkConnectorBuffering(), false);
  assert.equal(helper.connectorInfo.buffering, false);
});

Deno.test("getStreamCollection asks the platform once per id", async () => {
  await using emulator = await startOpenCTIEmulator();
  const collection = emulator.addStreamCollection({ name: "Indicators" });
  await using helper = await OpenCTIConnectorHelper.create({}, {
    env: connectorEnv(emulator, {
      CONNECTOR_TYPE: "STREAM",
      CONNECTOR_LIVE_STREAM_ID: collection.id,
    }),
    logWriter: () => {},
    handleSignals: false,
  });
  assert.equal((await helper.getStreamCollection())?.name, "Indicators");
  assert.equal((await helper.getStreamCollection())?.name, "Indicators");
  assert.equal(emulator.counters.operations.StreamCollection, 1);
});

const ADMIN_TOKEN = "admin-token-with-user-rights";
const SERVICE_ACCOUNT_OPERATIONS: Record<string, string> = {
  Groups: OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.groups,
  UserList: OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userList,
  UserRead: OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userRead,
  UserAdd: OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userAdd,
};

/**
 * The platform's user management in front of the emulator, which has none (its schema subset
 * lacks users and groups): user-management operations sent with the admin token are answered
 * from `answers`; everything else goes on to the emulator, the admin acting as its token.
 */
function userManagement(
  emulator: OpenCTIEmulator,
  answers: Record<string, unknown>,
):
  & { url: string; seen: { operation: string; variables: Record<string, unknown> }[] }
  & AsyncDisposable {
  const seen: { operation: string; variables: Record<string, unknown> }[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const body = await req.text();
    const { query, variables } = JSON.parse(body);
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "";
    const headers = new Headers(req.headers);
    if (headers.get("authorization") === `Bearer ${ADMIN_TOKEN}`) {
      seen.push({ operation, variables });
      if (operation in SERVICE_ACCOUNT_OPERATIONS) {
        assert.equal(query, SERVICE_ACCOUNT_OPERATIONS[operation], `${operation}: api/'s document`);
        return Response.json({ data: answers[operation] ?? null });
      }
      headers.set("authorization", `Bearer ${emulator.token}`);
    }
    return await fetch(`${emulator.url}/graphql`, { method: "POST", headers, body });
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    seen,
    [Symbol.asyncDispose]: () => server.shutdown(),
  };
}

function serviceAccountEnv(emulator: OpenCTIEmulator, url: string): Map<string, string> {
  return connectorEnv(emulator, {
    OPENCTI_URL: url,
    OPENCTI_TOKEN: ADMIN_TOKEN,
    CONNECTOR_NAME: "My Connector",
    CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT: "true",
    CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT_CONFIDENCE_LEVEL: "80",
  });
}

const CONNECTORS_GROUP = {
  groups: { edges: [{ node: { id: "group-1" } }], pageInfo: null },
};

Deno.test("auto-created service account: its token replaces OPENCTI_TOKEN and is redacted", async () => {
  await using emulator = await startOpenCTIEmulator();
  await using users = userManagement(emulator, {
    Groups: CONNECTORS_GROUP,
    UserList: { users: { edges: [], pageInfo: null } },
    UserAdd: { userAdd: { id: "user-1", api_token: emulator.token } },
  });
  const logs = new LogLines();
  await using helper = await OpenCTIConnectorHelper.create({}, {
    env: serviceAccountEnv(emulator, users.url),
    logWriter: logs.write,
    handleSignals: false,
  });
  assert.deepEqual(users.seen.map((s) => s.operation), [
    "healthCheck",
    "Groups",
    "UserList",
    "UserAdd",
  ]);
  assert.deepEqual(users.seen[1]!.variables.filters, {
    mode: "and",
    filters: [{ key: "name", values: ["Connectors"] }],
    filterGroups: [],
  });
  assert.deepEqual(users.seen[2]!.variables.filters, {
    mode: "and",
    filters: [{ key: "user_email", values: ["my-connector@connector.octi.filigran.io"] }],
    filterGroups: [],
  });
  const input = users.seen[3]!.variables.input as Record<string, unknown>;
  assert.equal(input.user_email, "my-connector@connector.octi.filigran.io");
  assert.equal(input.name, "[C] My Connector");
  assert.deepEqual(input.groups, ["group-1"]);
  assert.deepEqual(input.user_confidence_level, { max_confidence: 80, overrides: [] });
  assert.equal(input.user_service_account, true);
  assert.equal(helper.getOpenctiToken(), emulator.token);
  assert.equal(emulator.state.connectors.size, 1, "registered with the service account's token");
  helper.logInfo(`using ${emulator.token}`);
  assert.ok(!logs.lines.join("\n").includes(emulator.token));
  assert.ok(!logs.lines.join("\n").includes(ADMIN_TOKEN));
});

Deno.test("an existing service account is read for its token; no Connectors group keeps the token", async () => {
  await using emulator = await startOpenCTIEmulator();
  await using existing = userManagement(emulator, {
    Groups: CONNECTORS_GROUP,
    UserList: { users: { edges: [{ node: { id: "user-7" } }], pageInfo: null } },
    UserRead: { user: { id: "user-7", api_token: emulator.token } },
  });
  await using helper = await OpenCTIConnectorHelper.create({}, {
    env: serviceAccountEnv(emulator, existing.url),
    logWriter: () => {},
    handleSignals: false,
  });
  assert.deepEqual(existing.seen.map((s) => [s.operation, s.variables.id]), [
    ["healthCheck", undefined],
    ["Groups", undefined],
    ["UserList", undefined],
    ["UserRead", "user-7"],
  ]);
  assert.equal(helper.getOpenctiToken(), emulator.token);

  await using groupless = userManagement(emulator, {
    Groups: { groups: { edges: [], pageInfo: null } },
  });
  await using kept = await OpenCTIConnectorHelper.create({}, {
    env: serviceAccountEnv(emulator, groupless.url),
    logWriter: () => {},
    handleSignals: false,
  });
  assert.equal(kept.getOpenctiToken(), ADMIN_TOKEN);
  assert.deepEqual(groupless.seen.map((s) => s.operation).slice(0, 3), [
    "healthCheck",
    "Groups",
    "healthCheck",
  ]);
  assert.ok(groupless.seen.some((s) => s.operation === "RegisterConnector"), "admin registers");
});

Deno.test("connectXtmOneIntent registers the intent; isTokenValid checks callback JWTs", async () => {
  await using emulator = await startOpenCTIEmulator();
  await using helper = await OpenCTIConnectorHelper.create({}, {
    env: connectorEnv(emulator),
    logWriter: () => {},
    handleSignals: false,
  });
  await helper.connectXtmOneIntent("cti.stix_harvester");
  assert.equal(
    emulator.state.connectors.get(helper.connectorId)?.xtmOneIntent,
    "cti.stix_harvester",
  );
  assert.equal(helper.getConnector().xtm_one_intent, "cti.stix_harvester");
  assert.equal(await helper.isTokenValid(await emulator.createCallbackToken()), true);
  assert.equal(
    await helper.isTokenValid(await emulator.createCallbackToken({ expiresInSeconds: -60 })),
    false,
  );
  assert.equal(await helper.isTokenValid(emulator.token), false);
  // The token alone: surrounding whitespace is ignored, a scheme or a second word is not.
  const good = await emulator.createCallbackToken();
  assert.equal(await helper.isTokenValid(` ${good} `), true);
  assert.equal(await helper.isTokenValid(`Bearer ${good}`), false);
  assert.equal(await helper.isTokenValid(`${good} x`), false);
  assert.equal(await helper.isTokenValid(""), false);
});

Deno.test("a platform that stops answering holds close() no longer than stopTimeoutMs", async () => {
  await using emulator = await startOpenCTIEmulator();
  const clock = new FakeClock(START);
  const logs = new LogLines();
  const helper = await OpenCTIConnectorHelper.create({}, {
    env: connectorEnv(emulator, { CONNECTOR_RUN_AND_TERMINATE: "true" }),
    clock,
    stopTimeoutMs: 5_000,
    logWriter: logs.write,
    handleSignals: false,
  });
  emulator.delayNextRequests(1, 600_000, { operation: "PingConnector" });
  let closed = false;
  const closing = helper.close().then(() => closed = true);
  await until(() => emulator.activeRequests === 1, "the last ping held by the platform");
  await clock.tick(4_999);
  assert.equal(closed, false);
  await clock.tick(1);
  await closing;
  assert.equal(logs.find("Cannot save the state: the platform did not answer in time").length, 1);
});

Deno.test("a stopTimeoutMs longer than a timer holds does not cut the last ping short", async () => {
  await using emulator = await startOpenCTIEmulator();
  const fake = new FakeClock(START);
  const { clock, delays } = recordingClock(fake);
  const logs = new LogLines();
  const env = connectorEnv(emulator, { CONNECTOR_RUN_AND_TERMINATE: "true" });
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    clock,
    stopTimeoutMs: 30 * 86_400_000,
    logWriter: logs.write,
    handleSignals: false,
  });
  helper.setState({ saved: true });
  await helper.close();
  // A 30-day timer overflows and fires at once: the last ping would be abandoned.
  assert.ok(delays.every((ms) => ms <= 2 ** 31 - 1), `timer delays: ${delays}`);
  assert.equal(logs.find("Cannot save the state: the platform did not answer in time").length, 0);
  const connector = emulator.state.connectors.get(env.get("CONNECTOR_ID")!)!;
  assert.equal(connector.connectorState, '{"saved":true}');
  assert.equal(fake.pending, 0, "no timer left");
});
