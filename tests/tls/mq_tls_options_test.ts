import assert from "node:assert/strict";
import { resolveConnectorSettings } from "../../config/mod.ts";
import { mqTlsOptions, resolveTlsOptions, toNodeTlsOptions } from "../../tls/mod.ts";
import { makeTestPki, mtlsTlsServer, PASSPHRASE, tlsTalk } from "./_certs.ts";

const pki = await makeTestPki();
Deno.test.afterAll(() => Deno.remove(pki.dir, { recursive: true }));

const REQUIRED = {
  OPENCTI_URL: "http://localhost:8080",
  OPENCTI_TOKEN: "token",
  CONNECTOR_ID: "8e2d4c9f-1b5a-4f3e-9c7d-2a6b8e0f1d3c",
  CONNECTOR_NAME: "mq tls",
  CONNECTOR_TYPE: "INTERNAL_ENRICHMENT",
};

Deno.test("mqTlsOptions maps MQ_USE_SSL_* as pycti's create_mq_ssl_context", () => {
  assert.deepEqual(mqTlsOptions({}), {
    ca: undefined,
    cert: undefined,
    key: undefined,
    passphrase: undefined,
    rejectUnauthorized: false,
  });
  // Python truthiness: any non-empty string verifies, even "FALSE" or "0".
  for (
    const [value, verify] of [[true, true], [false, false], [null, false], ["FALSE", true], [
      "0",
      true,
    ], ["", false]] as const
  ) {
    assert.equal(
      mqTlsOptions({ useSslRejectUnauthorized: value }).rejectUnauthorized,
      verify,
      String(value),
    );
  }
  // A key without certificate is ignored; empty strings count as unset.
  assert.deepEqual(mqTlsOptions({ useSslKey: "/k.pem", useSslCa: "", useSslPassphrase: "" }), {
    ca: undefined,
    cert: undefined,
    key: undefined,
    passphrase: undefined,
    rejectUnauthorized: false,
  });
});

Deno.test("MQ_USE_SSL_* settings give a verified mutual-TLS broker socket", async () => {
  const server = await mtlsTlsServer(pki);
  try {
    const settings = resolveConnectorSettings({
      env: new Map(Object.entries({
        ...REQUIRED,
        MQ_USE_SSL: "true",
        MQ_USE_SSL_CA: pki.pem.ca,
        MQ_USE_SSL_CERT: pki.path.clientCert,
        MQ_USE_SSL_KEY: pki.path.clientKeyEncrypted,
        MQ_USE_SSL_PASSPHRASE: PASSPHRASE,
        MQ_USE_SSL_REJECT_UNAUTHORIZED: "true",
      })),
    });
    assert.ok(settings.secretValues.includes(PASSPHRASE));
    const tls = await resolveTlsOptions(mqTlsOptions(settings.mq));
    assert.equal(tls.rejectUnauthorized, true);
    const socket = toNodeTlsOptions(tls, { servername: "localhost" });
    assert.equal(await tlsTalk(server.port, socket), "AMQP hello client");
    // The same settings against a broker name the certificate does not cover: refused.
    await assert.rejects(() =>
      tlsTalk(server.port, toNodeTlsOptions(tls, { servername: "rabbitmq.example" }))
    );
  } finally {
    await server.close();
  }
});
