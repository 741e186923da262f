import assert from "node:assert/strict";
import type { SocketOptions } from "amqplib";
import { resolveTlsOptions, toNodeTlsOptions } from "../../tls/mod.ts";
import { makeTestPki, mtlsTlsServer, tlsTalk as talk } from "./_certs.ts";

const pki = await makeTestPki();
Deno.test.afterAll(() => Deno.remove(pki.dir, { recursive: true }));

Deno.test("node TLS options give mutual TLS on the AMQP socket", async () => {
  const server = await mtlsTlsServer(pki);
  try {
    const verified = toNodeTlsOptions(
      await resolveTlsOptions({
        ca: pki.path.ca,
        cert: pki.path.clientCert,
        key: pki.path.clientKey,
        rejectUnauthorized: true,
      }),
      { servername: "localhost" },
    );
    // Extra CAs come on top of node's default roots, as Python adds to the system store.
    assert.ok(verified.ca!.length > 1 && verified.ca!.at(-1) === pki.pem.ca.trimEnd() + "\n");
    assert.equal(await talk(server.port, verified), "AMQP hello client");

    // Verification on, wrong host name: refused by the client.
    await assert.rejects(() => talk(server.port, { ...verified, servername: "rabbitmq.example" }));
    // Verification on, CA unknown: refused by the client.
    const { ca: _ca, ...noCa } = verified;
    await assert.rejects(() => talk(server.port, noCa));
    // pycti's default: no verification at all, the client certificate is still sent.
    const unverified = toNodeTlsOptions(
      await resolveTlsOptions({
        cert: pki.pem.clientCert,
        key: pki.pem.clientKey,
        rejectUnauthorized: false,
      }),
      { servername: "rabbitmq.example" },
    );
    assert.equal(await talk(server.port, unverified), "AMQP hello client");
    // Without a client certificate the broker refuses the connection.
    await assert.rejects(() =>
      talk(
        server.port,
        toNodeTlsOptions({
          caCerts: [],
          cert: undefined,
          key: undefined,
          rejectUnauthorized: false,
        }),
      )
    );
  } finally {
    await server.close();
  }
});

Deno.test("node TLS options fit amqplib's socketOptions type and omit what is unset", async () => {
  const options: SocketOptions = toNodeTlsOptions(await resolveTlsOptions({}));
  assert.deepEqual(options, { rejectUnauthorized: true });
});
