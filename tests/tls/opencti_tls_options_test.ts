import assert from "node:assert/strict";
import { resolveConnectorSettings } from "../../config/mod.ts";
import { createTlsFetch, openctiTlsOptions, resolveTlsOptions } from "../../tls/mod.ts";
import { makeTestPki, serveHttps } from "./_certs.ts";

const pki = await makeTestPki();
Deno.test.afterAll(() => Deno.remove(pki.dir, { recursive: true }));

function sslVerify(value: string | undefined): boolean | string {
  const env = new Map(Object.entries({
    OPENCTI_URL: "https://localhost:8443",
    OPENCTI_TOKEN: "token",
    CONNECTOR_ID: "8e2d4c9f-1b5a-4f3e-9c7d-2a6b8e0f1d3c",
    CONNECTOR_NAME: "api tls",
    CONNECTOR_TYPE: "STREAM",
  }));
  if (value !== undefined) env.set("OPENCTI_SSL_VERIFY", value);
  return resolveConnectorSettings({ env }).opencti.sslVerify;
}

Deno.test("openctiTlsOptions maps OPENCTI_SSL_VERIFY as requests' verify", () => {
  assert.deepEqual(openctiTlsOptions(false), { rejectUnauthorized: false });
  assert.deepEqual(openctiTlsOptions(null), { rejectUnauthorized: false });
  assert.deepEqual(openctiTlsOptions(""), { rejectUnauthorized: false });
  assert.deepEqual(openctiTlsOptions(true), { rejectUnauthorized: true });
  assert.deepEqual(openctiTlsOptions("/ca.pem"), { ca: "/ca.pem", rejectUnauthorized: true });
});

Deno.test("OPENCTI_SSL_VERIFY decides whether the platform's certificate is checked", async () => {
  await using server = serveHttps(
    { cert: pki.pem.serverCert, key: pki.pem.serverKey },
    () => Response.json({ data: { me: { id: "1" } } }),
  );
  const url = `https://localhost:${server.addr.port}/graphql`;
  const call = async (verify: boolean | string) => {
    using client = createTlsFetch(await resolveTlsOptions(openctiTlsOptions(verify)));
    return await (await client.fetch(url, { method: "POST", body: "{}" })).json();
  };
  // pycti's default: not verified, so a private CA works without configuration.
  assert.equal(sslVerify(undefined), false);
  assert.deepEqual(await call(sslVerify(undefined)), { data: { me: { id: "1" } } });
  // A CA bundle path verifies against it.
  assert.equal(sslVerify(pki.path.ca), pki.path.ca);
  assert.deepEqual(await call(sslVerify(pki.path.ca)), { data: { me: { id: "1" } } });
  // true verifies against the default roots only: the private CA is refused.
  await assert.rejects(() => call(sslVerify("true")), TypeError);
});
