import assert from "node:assert/strict";
import {
  apiHealthCheck,
  OpenCTIApiClient,
  OpenCTIApiError,
  pingConnector,
  uploadPending,
} from "../../api/mod.ts";
import { backoffDelay, createLogger } from "../../core/mod.ts";
import { FakeClock, startOpenCTIEmulator } from "../../testing/mod.ts";
import { openctiTlsOptions, resolveTlsOptions } from "../../tls/mod.ts";
import { rejectsWith } from "../_async.ts";
import { makeTestPki } from "../tls/_certs.ts";
import { skippingClock } from "./_skipping_clock.ts";

const HEALTH = "query healthCheck { about { version } }";

async function withServer(
  handler: (request: Request) => Response | Promise<Response>,
  fn: (url: string) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, handler);
  try {
    await fn(`http://127.0.0.1:${server.addr.port}`);
  } finally {
    await server.shutdown();
  }
}

function rejects(promise: Promise<unknown>): Promise<OpenCTIApiError> {
  return rejectsWith(promise, OpenCTIApiError);
}

Deno.test("sends the bearer token, a user agent and the custom headers, which may override them", async () => {
  await using emulator = await startOpenCTIEmulator();
  const client = new OpenCTIApiClient({
    url: emulator.url,
    token: emulator.token,
    customHeaders: " X-Tenant: acme ; User-Agent: my-agent/1;bad",
  });
  await apiHealthCheck(client);
  const [first] = emulator.requests;
  assert.equal(first?.authorized, true);
  assert.equal(first?.headers["x-tenant"], "acme");
  assert.equal(first?.headers["user-agent"], "my-agent/1");
  assert.equal(first?.headers["content-type"], "application/json");
  assert.equal(first?.path, "/graphql");

  const overridden = new OpenCTIApiClient({
    url: emulator.url,
    token: emulator.token,
    customHeaders: { Authorization: "Bearer someone-else" },
  });
  const error = await rejects(apiHealthCheck(overridden));
  assert.equal(error.code, "AUTH_REQUIRED");
});

Deno.test("impersonation and draft headers follow the client's settings", async () => {
  await using emulator = await startOpenCTIEmulator();
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  await client.query(HEALTH);
  client.applicantId = "user-1";
  client.draftId = "";
  await client.query(HEALTH);
  await client.query(HEALTH, {}, {
    withoutImpersonation: true,
    headers: { "opencti-event-id": "e1" },
  });
  client.applicantId = null;
  client.draftId = null;
  await client.query(HEALTH);
  const headers = emulator.requests.map((r) => r.headers);
  assert.equal(headers[0]?.["opencti-applicant-id"], undefined);
  assert.equal(headers[0]?.["opencti-draft-id"], undefined);
  assert.equal(headers[1]?.["opencti-applicant-id"], "user-1");
  assert.equal(headers[1]?.["opencti-draft-id"], "");
  assert.equal(headers[2]?.["opencti-applicant-id"], undefined);
  assert.equal(headers[2]?.["opencti-draft-id"], "");
  assert.equal(headers[2]?.["opencti-event-id"], "e1");
  assert.equal(headers[3]?.["opencti-applicant-id"], undefined);
  assert.equal(headers[3]?.["opencti-draft-id"], undefined);
});

Deno.test("the constructor refuses a missing URL or token and never quotes the token", () => {
  assert.throws(() => new OpenCTIApiClient({ url: "", token: "t" }), /URL must be set/);
  assert.throws(() => new OpenCTIApiClient({ url: "http://x", token: "" }), /token must be set/);
  assert.throws(
    () => new OpenCTIApiClient({ url: "http://x", token: "ChangeMe" }),
    /token must be set/,
  );
  const secret = "s3cret\nvalue";
  assert.throws(
    () => new OpenCTIApiClient({ url: "http://x", token: secret }),
    (error: Error) => error instanceof TypeError && !error.message.includes("s3cret"),
  );
  assert.throws(
    () => new OpenCTIApiClient({ url: "http://x", token: "t", retry: { maxRetries: -1 } }),
    RangeError,
  );
});

Deno.test("queries are retried after 5xx and connection resets, with jittered exponential backoff", async () => {
  await using emulator = await startOpenCTIEmulator();
  const { clock, delays } = skippingClock();
  const lines: string[] = [];
  const client = new OpenCTIApiClient({
    url: emulator.url,
    token: emulator.token,
    clock,
    retry: { initialMs: 100, random: () => 0.5 },
    logger: createLogger({ name: "t", level: "DEBUG", write: (l) => lines.push(l) }),
  });
  emulator.failNextRequests(2, { status: 503 });
  emulator.failNextRequests(1, { reset: true });
  assert.equal(await apiHealthCheck(client), "6.8.10");
  assert.deepEqual(
    emulator.requests.map((r) => r.fault),
    ["status", "status", "reset", null],
  );
  assert.deepEqual(
    delays,
    [0, 1, 2].map((a) => backoffDelay(a, { initialMs: 100, random: () => 0.5 })),
  );
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /OpenCTI API call failed, retrying/);
  assert.match(lines[2]!, /network error/);
});

Deno.test("mutations are not retried unless the call says so, and retries are bounded", async () => {
  await using emulator = await startOpenCTIEmulator();
  const { clock } = skippingClock();
  const client = new OpenCTIApiClient({
    url: emulator.url,
    token: emulator.token,
    clock,
    retry: { maxRetries: 2 },
  });
  const mutation =
    "mutation workAdd($connectorId: String!) { workAdd(connectorId: $connectorId) { id } }";
  emulator.failNextRequests(1, { status: 502 });
  const once = await rejects(client.query(mutation, { connectorId: "c" }));
  assert.equal(once.code, "HTTP_ERROR");
  assert.equal(once.status, 502);
  assert.equal(once.attempts, 1);
  assert.equal(emulator.requests.length, 1);

  emulator.failNextRequests(10, { status: 500 });
  const exhausted = await rejects(client.query(HEALTH, {}, { retry: true }));
  assert.equal(exhausted.attempts, 3);
  assert.equal(exhausted.retryable, true);
  assert.equal(emulator.requests.length, 4);
  emulator.clearFaults();
  await client.query(HEALTH);
});

Deno.test("4xx answers and GraphQL errors are not retried", async () => {
  await using emulator = await startOpenCTIEmulator();
  const { clock, delays } = skippingClock();
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token, clock });
  emulator.failNextRequests(1, { status: 429 });
  const tooMany = await rejects(client.query(HEALTH));
  assert.equal(tooMany.status, 429);
  assert.equal(tooMany.retryable, false);

  const invalid = await rejects(client.query("query healthCheck { about { nope } }"));
  assert.equal(invalid.status, 400);
  assert.equal(invalid.code, "GRAPHQL_VALIDATION_FAILED");
  assert.equal(invalid.platformMessage, 'Cannot query field "nope" on type "AppInfo".');

  const unknown = await rejects(pingConnector(client, { id: "missing", state: null }));
  assert.equal(unknown.code, "FUNCTIONAL_ERROR");
  assert.equal(unknown.status, 200);
  assert.equal(unknown.data.id, "missing");
  assert.equal(emulator.requests.length, 3);
  assert.deepEqual(delays, []);
});

Deno.test("a call that gets no answer within the timeout fails with TIMEOUT and is not retried", async () => {
  await using emulator = await startOpenCTIEmulator();
  const clock = new FakeClock();
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token, clock });
  emulator.delayNextRequests(1, 60_000);
  const failure = rejects(apiHealthCheck(client, { timeoutMs: 50 }));
  // Time out only once the platform holds the request, whatever the machine's load.
  await emulator.waitFor(() => emulator.heldRequests === 1);
  await clock.tick(50);
  const error = await failure;
  assert.equal(error.code, "TIMEOUT");
  assert.equal(error.attempts, 1);
  assert.match(error.message, /no answer within 50 ms/);
  assert.equal(emulator.heldRequests, 1, "the delayed request is still held");
  assert.equal(await apiHealthCheck(client), "6.8.10");
  assert.equal(emulator.requests.length, 1);
  assert.equal(clock.pending, 0, "the timeout timers are cleared");
});

Deno.test("an AbortSignal cancels a call in flight and during the backoff wait", async () => {
  await using emulator = await startOpenCTIEmulator();
  const client = new OpenCTIApiClient({
    url: emulator.url,
    token: emulator.token,
    retry: { initialMs: 60_000 },
  });
  const inFlight = new AbortController();
  emulator.delayNextRequests(1, 60_000);
  const first = client.query(HEALTH, {}, { signal: inFlight.signal });
  await emulator.waitFor(() => emulator.heldRequests === 1);
  inFlight.abort(new Error("stop now"));
  await assert.rejects(first, /stop now/);

  const waiting = new AbortController();
  emulator.clearFaults();
  emulator.failNextRequests(1, { status: 503 });
  const second = client.query(HEALTH, {}, { signal: waiting.signal });
  await emulator.waitFor(() => emulator.requests.some((r) => r.fault === "status"));
  waiting.abort(new Error("shutting down"));
  await assert.rejects(second, /shutting down/);

  const already = AbortSignal.abort(new Error("too late"));
  await assert.rejects(client.query(HEALTH, {}, { signal: already }), /too late/);
});

Deno.test("errors keep the platform's message, code and details, and drop the input", async () => {
  const body = {
    errors: [{
      message: "Element not found",
      name: "NotFound",
      data: { input: { secret: "x" }, id: "42", http_status: 404 },
    }],
    data: null,
  };
  await withServer(() => Response.json(body), async (url) => {
    const client = new OpenCTIApiClient({ url, token: "tok" });
    const error = await rejects(client.query(HEALTH));
    assert.equal(error.code, "NotFound");
    assert.equal(error.platformMessage, "Element not found");
    assert.deepEqual(error.data, { id: "42", http_status: 404 });
    assert.equal(error.operation, "healthCheck");
    assert.equal(
      error.message,
      "OpenCTI API call healthCheck failed: Element not found (NotFound)",
    );
  });
});

Deno.test("a 2xx answer that is not a GraphQL response fails with INVALID_RESPONSE", async () => {
  await withServer(() => new Response("<html>proxy</html>"), async (url) => {
    const client = new OpenCTIApiClient({ url, token: "tok" });
    const error = await rejects(client.query(HEALTH));
    assert.equal(error.code, "INVALID_RESPONSE");
    assert.equal(error.retryable, false);
  });
});

Deno.test("during an auth failure the token appears in no log line and no error", async () => {
  const token = "secret-token-4711";
  await using emulator = await startOpenCTIEmulator({ token });
  const lines: string[] = [];
  // No `secrets` on purpose: the client itself must not leak the token.
  const logger = createLogger({ name: "c", level: "DEBUG", write: (l) => lines.push(l) });
  const { clock } = skippingClock();
  const client = new OpenCTIApiClient({ url: emulator.url, token, logger, clock });
  emulator.revokeToken();
  emulator.failNextRequests(1, { status: 502, body: `upstream said: Bearer ${token}` });
  emulator.failNextRequests(1, { reset: true });
  const error = await rejects(apiHealthCheck(client));
  logger.error("OpenCTI API is not reachable", { error });
  assert.equal(error.code, "AUTH_REQUIRED");
  assert.equal(lines.length, 3);
  assert.match(lines[0]!, /upstream said: Bearer \*\*\*/);
  for (const text of [...lines, error.message, error.stack ?? "", JSON.stringify(error)]) {
    assert.ok(!text.includes(token), `token leaked in: ${text}`);
  }
});

Deno.test("TLS settings from tls/: a custom CA verifies the platform, false skips verification", async () => {
  const pki = await makeTestPki();
  try {
    await using emulator = await startOpenCTIEmulator({
      tls: { cert: pki.pem.serverCert, key: pki.pem.serverKey },
    });
    assert.match(emulator.url, /^https:\/\/127\.0\.0\.1:/);
    const { url, token } = emulator;
    using verified = new OpenCTIApiClient({
      url,
      token,
      tls: await resolveTlsOptions(openctiTlsOptions(pki.path.ca)),
    });
    assert.equal(await apiHealthCheck(verified), "6.8.10");
    // pycti's default OPENCTI_SSL_VERIFY=false: no verification, uploads included.
    using unverified = new OpenCTIApiClient({
      url,
      token,
      tls: await resolveTlsOptions(openctiTlsOptions(false)),
    });
    assert.equal(await apiHealthCheck(unverified), "6.8.10");
    const file = new File(["{}"], "b.json", { type: "application/json" });
    assert.equal((await uploadPending(unverified, { file }))?.name, "b.json");
    assert.equal(emulator.state.pendingUploads[0]?.content, "{}");

    using strict = new OpenCTIApiClient({
      url,
      token,
      tls: await resolveTlsOptions(openctiTlsOptions(true)),
    });
    const refused = await rejects(apiHealthCheck(strict, { retry: false }));
    assert.equal(refused.code, "NETWORK_ERROR");

    using httpClient = Deno.createHttpClient({ caCerts: [pki.pem.ca] });
    const withClient = new OpenCTIApiClient({ url, token, httpClient });
    assert.equal(await apiHealthCheck(withClient), "6.8.10");
    assert.throws(
      () => new OpenCTIApiClient({ url, token, httpClient, fetch }),
      /at most one of tls, httpClient and fetch/,
    );
  } finally {
    await Deno.remove(pki.dir, { recursive: true });
  }
});

Deno.test("uploads follow the GraphQL multipart request spec", async () => {
  let seen: { operations: unknown; map: unknown; name: string; type: string; text: string } | null =
    null;
  await withServer(async (request) => {
    const form = await request.formData();
    const part = form.get("0") as File;
    seen = {
      operations: JSON.parse(String(form.get("operations"))),
      map: JSON.parse(String(form.get("map"))),
      name: part.name,
      type: part.type,
      text: await part.text(),
    };
    return Response.json({
      data: { uploadPending: { id: "import/pending/w.json", name: "w.json" } },
    });
  }, async (url) => {
    const client = new OpenCTIApiClient({ url, token: "tok" });
    const file = new File(['{"type":"bundle"}'], "w.json", { type: "application/json" });
    const uploaded = await uploadPending(client, { file, entityId: "report--1" });
    assert.deepEqual(uploaded, { id: "import/pending/w.json", name: "w.json" });
  });
  assert.ok(seen);
  const { operations, map, name, type, text } = seen as NonNullable<typeof seen>;
  assert.deepEqual((operations as { variables: unknown }).variables, {
    file: null,
    entityId: "report--1",
    file_markings: null,
  });
  assert.match((operations as { query: string }).query, /^mutation UploadPending/);
  assert.deepEqual(map, { "0": ["variables.file"] });
  assert.deepEqual([name, type, text], ["w.json", "application/json", '{"type":"bundle"}']);
});

Deno.test("fetchFile downloads a platform file with the client's headers", async () => {
  await using emulator = await startOpenCTIEmulator();
  emulator.addFile("import/global/report.txt", "hello", "text/plain");
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  client.applicantId = "user-7";
  const bytes = await client.fetchFile("/storage/get/import/global/report.txt");
  assert.equal(new TextDecoder().decode(bytes), "hello");
  assert.equal(emulator.requests[0]?.headers["opencti-applicant-id"], "user-7");
  assert.equal(emulator.requests[0]?.authorized, true);
  const missing = await rejects(client.fetchFile("/storage/get/nothing"));
  assert.equal(missing.status, 404);
  assert.equal(missing.operation, "fetchFile");
});

Deno.test("OPENCTI_CUSTOM_HEADERS parsing warns about pieces it ignores", () => {
  const lines: string[] = [];
  const logger = createLogger({ name: "c", level: "WARNING", write: (l) => lines.push(l) });
  const client = new OpenCTIApiClient({
    url: "http://127.0.0.1:1",
    token: "t",
    customHeaders: "a:1;; b : 2:3 ; nocolon; :empty",
    logger,
  });
  client.close();
  assert.equal(lines.length, 2);
  assert.match(
    lines[0]!,
    /"message":"Ignored invalid header pair","attributes":\{"header_pair":" nocolon"\}/,
  );
});
