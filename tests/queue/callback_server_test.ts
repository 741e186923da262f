import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { OpenCTIApiClient, registerConnector } from "../../api/mod.ts";
import {
  CallbackServer,
  type CallbackServerOptions,
  type ConnectorJobMessage,
  createWorkReporter,
  JobHandler,
  type JobRunner,
  resolveListenCallbackUri,
} from "../../queue/mod.ts";
import { resolveTlsOptions, toServeTlsOptions } from "../../tls/mod.ts";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import { RecordingLogger } from "../_doubles.ts";
import { closedPort } from "../_net.ts";
import { makeTestPki, PASSPHRASE } from "../tls/_certs.ts";

const JOB = '{"internal": {"work_id": null, "applicant_id": null}, "event": {"file_id": "a"}}';

class Recorder implements JobRunner {
  jobs: ConnectorJobMessage[] = [];
  handle(job: ConnectorJobMessage): Promise<void> {
    this.jobs.push(job);
    return Promise.resolve();
  }
}

function serve(options: Partial<CallbackServerOptions> & Pick<CallbackServerOptions, "auth">) {
  const runner = new Recorder();
  const server = CallbackServer.start({
    handler: runner,
    port: 0,
    hostname: "127.0.0.1",
    ...options,
  });
  return { server, runner };
}

async function post(
  url: string,
  body: BodyInit | null,
  authorization?: string,
  init: RequestInit & { client?: Deno.HttpClient } = {},
): Promise<{ status: number; body: unknown }> {
  const headers: Record<string, string> = {};
  if (authorization !== undefined) headers.authorization = authorization;
  const response = await fetch(url, { method: "POST", headers, body, ...init });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  return { jwk, privateKey };
}

function token(
  key: CryptoKey,
  kid: string,
  claims: { iss?: string; sub?: string; exp?: number; nbf?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid })
    .setIssuer(claims.iss ?? "opencti")
    .setSubject(claims.sub ?? "connector")
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 300);
  if (claims.nbf !== undefined) jwt.setNotBefore(claims.nbf);
  return jwt.sign(key);
}

function base64url(value: unknown): string {
  return btoa(JSON.stringify(value)).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

Deno.test("CallbackServer runs a job the platform POSTs with its JWT and answers 202 once done", async () => {
  await using emulator = await startOpenCTIEmulator();
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  const events: Record<string, unknown>[] = [];
  const handler = new JobHandler({
    connectorType: "INTERNAL_IMPORT_FILE",
    connectorUserId: null,
    callback: (event) => {
      events.push(event);
      return "imported";
    },
    work: createWorkReporter(client),
  });
  // As a connector does: register with the URI of its configured port, then listen on it.
  const port = closedPort();
  const registration = await registerConnector(client, {
    id: crypto.randomUUID(),
    name: "Importer",
    type: "INTERNAL_IMPORT_FILE",
    listen_callback_uri: resolveListenCallbackUri({ port }),
  });
  await using server = CallbackServer.start({
    handler,
    auth: { jwks: registration.jwks, token: emulator.token },
    port,
    hostname: "127.0.0.1",
  });
  assert.equal(server.url, resolveListenCallbackUri({ port }));
  assert.ok(registration.jwks, "the emulator hands out a key set");
  emulator.addFile("import/report.pdf", "%PDF-1.7", "application/pdf");
  const result = await emulator.sendJob(registration.id, {
    type: "import",
    fileId: "import/report.pdf",
  });
  assert.equal(result.delivery, "callback");
  assert.equal(result.callbackStatus, 202);
  assert.equal(events[0]?.file_id, "import/report.pdf");
  // Processed inside the request: the work was complete before the 202 came back.
  assert.equal(emulator.state.works.get(result.workId!)?.status, "complete");
});

Deno.test("CallbackServer refuses JWTs that are expired, early, unsigned, or from another key", async () => {
  const trusted = await keyPair("k1");
  const stranger = await keyPair("k2");
  const impostor = await keyPair("k1");
  const logger = new RecordingLogger();
  const { server, runner } = serve({
    auth: { jwks: JSON.stringify({ keys: [trusted.jwk] }), token: "legacy-token" },
    logger,
  });
  await using _ = server;
  const now = Math.floor(Date.now() / 1000);
  const none = `${base64url({ alg: "none", typ: "JWT" })}.${
    base64url({ iss: "opencti", sub: "connector", exp: now + 300 })
  }.`;
  const cases: [string, string][] = [
    ["expired", await token(trusted.privateKey, "k1", { exp: now - 60 })],
    ["not yet valid", await token(trusted.privateKey, "k1", { nbf: now + 600 })],
    ["wrong issuer", await token(trusted.privateKey, "k1", { iss: "someone" })],
    ["wrong subject", await token(trusted.privateKey, "k1", { sub: "user" })],
    ["alg none", none],
    ["unknown kid", await token(stranger.privateKey, "k2")],
    ["known kid, wrong key", await token(impostor.privateKey, "k1")],
    ["legacy token while a key set is known", "legacy-token"],
  ];
  for (const [what, credential] of cases) {
    const answer = await post(server.url, JOB, `Bearer ${credential}`);
    assert.equal(answer.status, 401, what);
    assert.deepEqual(answer.body, { error: "Invalid credentials" }, what);
  }
  assert.equal(runner.jobs.length, 0);
  const reasons = logger.find("Refused a callback request").map((l) => String(l.meta?.reason));
  assert.match(reasons[0]!, /ERR_JWT_EXPIRED/);
  assert.match(reasons[4]!, /ERR_JOSE_NOT_SUPPORTED|ERR_JOSE_ALG_NOT_ALLOWED|ERR_JWS_INVALID/);
  assert.match(reasons[5]!, /ERR_JWKS_NO_MATCHING_KEY/);
  assert.match(reasons[6]!, /ERR_JWS_SIGNATURE_VERIFICATION_FAILED/);
  assert.ok(!JSON.stringify(logger.lines).includes("legacy-token"), "credentials never logged");
  const good = await post(server.url, JOB, `bearer ${await token(trusted.privateKey, "k1")}`);
  assert.equal(good.status, 202);
  assert.deepEqual(good.body, { message: "Message successfully received" });
});

Deno.test("CallbackServer without a key set compares the bearer token with OPENCTI_TOKEN", async () => {
  const { server, runner } = serve({ auth: { token: "s3cr3t" } });
  await using _ = server;
  for (
    const header of [
      undefined,
      "s3cr3t",
      "Bearer",
      "Bearer s3cr3",
      "Basic s3cr3t",
      "Bearer s3cr3t x",
    ]
  ) {
    assert.equal((await post(server.url, JOB, header)).status, 401, String(header));
  }
  assert.equal((await post(server.url, JOB, "BEARER  s3cr3t")).status, 202);
  assert.equal(runner.jobs.length, 1);
});

Deno.test("CallbackServer answers 404, 405, 413, 400 and 500 as documented", async () => {
  const logger = new RecordingLogger();
  const { server, runner } = serve({ auth: { token: "t" }, maxBodyBytes: 1_000, logger });
  await using _ = server;
  const auth = "Bearer t";
  const other = await fetch(server.url.replace("/api/callback", "/other"), { method: "POST" });
  assert.equal(other.status, 404);
  await other.body?.cancel();
  const get = await fetch(server.url, { headers: { authorization: auth } });
  assert.equal(get.status, 405);
  assert.equal(get.headers.get("allow"), "POST");
  await get.body?.cancel();
  const big = await post(server.url, "x".repeat(1_001), auth);
  assert.deepEqual(big, { status: 413, body: { error: "Payload too large" } });
  // Without a Content-Length the limit is enforced while reading.
  const stream = new ReadableStream({
    start(controller) {
      for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode("y".repeat(400)));
      controller.close();
    },
  });
  const chunked = await post(server.url, stream, auth);
  assert.equal(chunked.status, 413);
  assert.deepEqual(await post(server.url, "{not json", auth), {
    status: 400,
    body: { error: "Invalid JSON payload" },
  });
  // JSON that is not a job: logged and acknowledged, so the worker does not requeue it forever.
  assert.equal((await post(server.url, '{"event": {}}', auth)).status, 202);
  assert.equal(runner.jobs.length, 0);
  assert.match(
    String(logger.find("Invalid job message in a callback request")[1]?.meta?.reason),
    /"internal" is missing/,
  );
  const failing = CallbackServer.start({
    handler: { handle: () => Promise.reject(new Error("crash")) },
    auth: { token: "t" },
    port: 0,
    hostname: "127.0.0.1",
  });
  await using __ = failing;
  assert.deepEqual(await post(failing.url, JOB, auth), {
    status: 500,
    body: { error: "Error processing message" },
  });
});

Deno.test("CallbackServer serves HTTPS with a passphrase-protected key resolved by tls/", async () => {
  const pki = await makeTestPki();
  try {
    const tls = toServeTlsOptions(
      await resolveTlsOptions({
        cert: pki.path.serverCert,
        key: pki.pem.serverKeyEncrypted,
        passphrase: PASSPHRASE,
      }),
    );
    const { server, runner } = serve({ auth: { token: "t" }, tls });
    await using _ = server;
    assert.ok(server.url.startsWith("https://127.0.0.1:"));
    const client = Deno.createHttpClient({ caCerts: [pki.pem.ca] });
    try {
      const answer = await post(server.url, JOB, "Bearer t", { client });
      assert.equal(answer.status, 202);
    } finally {
      client.close();
    }
    assert.equal(runner.jobs.length, 1);
  } finally {
    await Deno.remove(pki.dir, { recursive: true });
  }
});

Deno.test("CallbackServer refuses unusable settings up front", () => {
  assert.throws(() => serve({ auth: {} }), /neither a key set nor a token/);
  assert.throws(() => serve({ auth: { jwks: "{oops" } }), /jwks is not JSON/);
  assert.throws(() => serve({ auth: { token: "t" }, port: "70x0" }), RangeError);
  assert.throws(() => serve({ auth: { token: "t" }, port: " " }), RangeError, "a blank port");
});

Deno.test("CallbackServer closes when its signal is aborted, also when it already was", async () => {
  const controller = new AbortController();
  const { server } = serve({ auth: { token: "t" }, signal: controller.signal });
  assert.equal((await post(server.url, JOB, "Bearer t")).status, 202);
  controller.abort();
  await server.finished;
  await assert.rejects(post(server.url, JOB, "Bearer t"), TypeError);

  const { server: early } = serve({ auth: { token: "t" }, signal: AbortSignal.abort() });
  await early.finished;
  await assert.rejects(post(early.url, JOB, "Bearer t"), TypeError);
});

Deno.test("resolveListenCallbackUri registers the configured port, unlike pycti", () => {
  assert.equal(resolveListenCallbackUri(), "http://127.0.0.1:7070/api/callback");
  assert.equal(
    resolveListenCallbackUri({ port: 9443, ssl: true, path: "/cb" }),
    "https://127.0.0.1:9443/cb",
  );
  assert.equal(
    resolveListenCallbackUri({ uri: "http://connector.internal:8080", port: 9000 }),
    "http://connector.internal:8080/api/callback",
  );
});
