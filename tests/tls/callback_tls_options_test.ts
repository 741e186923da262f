import assert from "node:assert/strict";
import { resolveConnectorSettings } from "../../config/mod.ts";
import {
  callbackTlsOptions,
  createTlsFetch,
  resolveTlsOptions,
  TlsMaterialError,
  toServeTlsOptions,
} from "../../tls/mod.ts";
import { makeTestPki, PASSPHRASE, serveHttps } from "./_certs.ts";

const pki = await makeTestPki();
Deno.test.afterAll(() => Deno.remove(pki.dir, { recursive: true }));

function settings(extra: Record<string, string>) {
  return resolveConnectorSettings({
    env: new Map(Object.entries({
      OPENCTI_URL: "http://localhost:8080",
      OPENCTI_TOKEN: "token",
      CONNECTOR_ID: "8e2d4c9f-1b5a-4f3e-9c7d-2a6b8e0f1d3c",
      CONNECTOR_NAME: "callback tls",
      CONNECTOR_TYPE: "INTERNAL_ENRICHMENT",
      CONNECTOR_LISTEN_PROTOCOL: "API",
      CONNECTOR_LISTEN_PROTOCOL_API_SSL: "true",
      ...extra,
    })),
  });
}

Deno.test("LISTEN_PROTOCOL_API_SSL_* serve HTTPS with an encrypted in-memory key", async () => {
  const s = settings({
    LISTEN_PROTOCOL_API_SSL_CERT: pki.path.serverCert,
    LISTEN_PROTOCOL_API_SSL_KEY: pki.pem.serverKeyEncrypted,
    LISTEN_PROTOCOL_API_SSL_PASSPHRASE: PASSPHRASE,
  });
  assert.equal(s.connector.listenCallbackUri, "https://127.0.0.1:7070/api/callback");
  const tls = await resolveTlsOptions(callbackTlsOptions(s.connector));
  await using server = serveHttps(
    toServeTlsOptions(tls),
    () => new Response(null, { status: 202 }),
  );
  using client = createTlsFetch(await resolveTlsOptions({ ca: pki.path.ca }));
  const response = await client.fetch(`https://localhost:${server.addr.port}/api/callback`, {
    method: "POST",
    body: "{}",
  });
  assert.equal(response.status, 202);
  await response.body?.cancel();
});

Deno.test("callback TLS: key inside the certificate file, wrong passphrase, no certificate", async () => {
  const combined = `${pki.dir}/callback.pem`;
  await Deno.writeTextFile(combined, pki.pem.serverCert + pki.pem.serverKey);
  const inline = await resolveTlsOptions(
    callbackTlsOptions({ listenProtocolApiSslCert: combined }),
  );
  assert.ok(toServeTlsOptions(inline).key.startsWith("-----BEGIN PRIVATE KEY-----"));

  const wrong = settings({
    LISTEN_PROTOCOL_API_SSL_CERT: pki.pem.serverCert,
    LISTEN_PROTOCOL_API_SSL_KEY: pki.path.serverKeyEncrypted,
    LISTEN_PROTOCOL_API_SSL_PASSPHRASE: "wrong-passphrase",
  });
  await assert.rejects(
    () => resolveTlsOptions(callbackTlsOptions(wrong.connector)),
    (e: unknown) =>
      e instanceof TlsMaterialError && e.problem === "bad-passphrase" &&
      !e.message.includes("wrong-passphrase"),
  );
  assert.throws(
    () =>
      toServeTlsOptions({ caCerts: [], cert: undefined, key: undefined, rejectUnauthorized: true }),
    (e: unknown) => e instanceof TlsMaterialError && e.problem === "missing",
  );
});
