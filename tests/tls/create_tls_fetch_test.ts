import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import https from "node:https";
import type { TLSSocket } from "node:tls";
import {
  createTlsFetch,
  resolveTlsOptions,
  toHttpClientOptions,
  toServeTlsOptions,
} from "../../tls/mod.ts";
import { makeTestPki, PASSPHRASE, serveHttps } from "./_certs.ts";

const pki = await makeTestPki();
Deno.test.afterAll(() => Deno.remove(pki.dir, { recursive: true }));

const serverTls = { cert: pki.pem.serverCert, key: pki.pem.serverKey };

/** A node:https server that demands and verifies a client certificate signed by the test CA. */
async function mtlsServer(): Promise<{ url: string; close(): Promise<void> }> {
  const server = https.createServer(
    { ...serverTls, ca: pki.pem.ca, requestCert: true, rejectUnauthorized: true },
    (req: IncomingMessage, res: ServerResponse) => {
      const peer = (req.socket as TLSSocket).getPeerCertificate();
      res.end(`hello ${peer.subject?.CN}`);
    },
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `https://localhost:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

Deno.test("fetch verifies the server with the test CA and fails without it", async () => {
  await using server = serveHttps(serverTls, () => new Response("secure"));
  const url = `https://localhost:${server.addr.port}/`;
  {
    using client = createTlsFetch(await resolveTlsOptions({ ca: pki.path.ca }));
    const response = await client.fetch(url);
    assert.equal(await response.text(), "secure");
  }
  {
    using client = createTlsFetch(await resolveTlsOptions({}));
    await assert.rejects(() => client.fetch(url), TypeError);
  }
  {
    // The test CA does not vouch for another name.
    using client = createTlsFetch(await resolveTlsOptions({ ca: pki.pem.otherCert }));
    await assert.rejects(() => client.fetch(url), TypeError);
  }
});

Deno.test("rejectUnauthorized: false skips chain and host-name checks", async () => {
  await using server = serveHttps(
    { cert: pki.pem.otherCert, key: pki.pem.otherKey },
    () => new Response("anything goes"),
  );
  using client = createTlsFetch(await resolveTlsOptions({ rejectUnauthorized: false }));
  const response = await client.fetch(`https://127.0.0.1:${server.addr.port}/`);
  assert.equal(response.status, 200);
  assert.equal(await response.text(), "anything goes");
  assert.throws(
    () =>
      toHttpClientOptions({
        caCerts: [],
        cert: undefined,
        key: undefined,
        rejectUnauthorized: false,
      }),
    RangeError,
  );
});

Deno.test("mutual TLS: a verifying server accepts the client certificate and refuses its absence", async () => {
  const server = await mtlsServer();
  try {
    const withCert = await resolveTlsOptions({
      ca: pki.pem.ca,
      cert: pki.path.clientCert,
      key: pki.path.clientKey,
    });
    {
      using client = createTlsFetch(withCert);
      assert.equal(await (await client.fetch(server.url)).text(), "hello client");
    }
    {
      // The node:https path sends the client certificate too.
      using client = createTlsFetch({ ...withCert, rejectUnauthorized: false });
      assert.equal(await (await client.fetch(server.url)).text(), "hello client");
    }
    {
      using client = createTlsFetch(await resolveTlsOptions({ ca: pki.pem.ca }));
      await assert.rejects(() => client.fetch(server.url), TypeError);
    }
    {
      using client = createTlsFetch(await resolveTlsOptions({ rejectUnauthorized: false }));
      await assert.rejects(() => client.fetch(server.url), TypeError);
    }
  } finally {
    await server.close();
  }
});

Deno.test("Deno.serve runs on an encrypted key decrypted in memory", async () => {
  const tls = await resolveTlsOptions({
    cert: pki.path.serverCert,
    key: pki.path.serverKeyEncrypted,
    passphrase: PASSPHRASE,
  });
  await using server = serveHttps(toServeTlsOptions(tls), () => new Response("decrypted"));
  using client = createTlsFetch(await resolveTlsOptions({ ca: pki.pem.ca }));
  const response = await client.fetch(`https://localhost:${server.addr.port}/`);
  assert.equal(await response.text(), "decrypted");
});

Deno.test("the node:https fetch behaves like fetch: bodies, headers, redirects, null bodies", async () => {
  await using server = serveHttps(serverTls, async (req) => {
    const url = new URL(req.url);
    if (url.pathname === "/redirect") return Response.redirect(new URL("/echo", url), 302);
    if (url.pathname === "/see-other") return Response.redirect(new URL("/echo", url), 303);
    if (url.pathname === "/downgrade") return Response.redirect("http://127.0.0.1:9/echo", 302);
    if (url.pathname === "/empty") return new Response(null, { status: 204 });
    return Response.json({
      method: req.method,
      body: await req.text(),
      type: req.headers.get("content-type"),
      custom: req.headers.get("x-custom"),
    }, { headers: { "set-cookie": "a=1", "x-reply": "yes" } });
  });
  const base = `https://localhost:${server.addr.port}`;
  using client = createTlsFetch(await resolveTlsOptions({ rejectUnauthorized: false }));
  const posted = await client.fetch(`${base}/echo`, {
    method: "POST",
    body: JSON.stringify({ query: "{ me { id } }" }),
    headers: { "content-type": "application/json", "x-custom": "1" },
  });
  assert.equal(posted.headers.get("x-reply"), "yes");
  assert.deepEqual(await posted.json(), {
    method: "POST",
    body: '{"query":"{ me { id } }"}',
    type: "application/json",
    custom: "1",
  });
  const form = new FormData();
  form.append("file", new Blob(["bundle"]), "bundle.json");
  const multipart = await (await client.fetch(`${base}/echo`, { method: "PUT", body: form }))
    .json();
  assert.match(multipart.type, /^multipart\/form-data; boundary=/);
  assert.match(multipart.body, /filename="bundle.json"/);
  const redirected = await client.fetch(`${base}/redirect`, { method: "POST", body: "x" });
  assert.deepEqual((await redirected.json()).method, "GET");
  const seeOther = await client.fetch(`${base}/see-other`, { method: "PUT", body: "x" });
  assert.deepEqual(await seeOther.json(), { method: "GET", body: "", type: null, custom: null });
  await assert.rejects(
    () => client.fetch(`${base}/downgrade`),
    /redirect to http: is not followed/,
  );
  const manual = await client.fetch(`${base}/redirect`, { redirect: "manual" });
  assert.equal(manual.status, 302);
  await manual.body?.cancel();
  const empty = await client.fetch(`${base}/empty`);
  assert.equal(empty.status, 204);
  assert.equal(empty.body, null);
  const head = await client.fetch(`${base}/echo`, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(head.body, null);
});

Deno.test("the node:https fetch streams the body and honours abort signals", async () => {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await using server = serveHttps(serverTls, (req) => {
    const encoder = new TextEncoder();
    const hold = new URL(req.url).pathname === "/hold";
    let gone!: () => void;
    const clientGone = new Promise<void>((resolve) => (gone = resolve));
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode("event: connected\ndata: {}\n\n"));
        // "/hold" keeps the stream open until the client goes away.
        if (hold) return await clientGone;
        await released;
        controller.enqueue(encoder.encode("event: heartbeat\ndata: {}\n\n"));
        controller.close();
      },
      cancel() {
        gone();
      },
    });
    return new Response(body, { headers: { "content-type": "text/event-stream" } });
  });
  const url = `https://localhost:${server.addr.port}/stream`;
  using client = createTlsFetch(await resolveTlsOptions({ rejectUnauthorized: false }));

  const response = await client.fetch(url);
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  // The first event arrives while the server still holds the second one back.
  assert.equal((await reader.read()).value, "event: connected\ndata: {}\n\n");
  release();
  let rest = "";
  for (let r = await reader.read(); !r.done; r = await reader.read()) rest += r.value;
  assert.equal(rest, "event: heartbeat\ndata: {}\n\n");

  const before = new AbortController();
  before.abort(new Error("stop before"));
  await assert.rejects(() => client.fetch(url, { signal: before.signal }), /stop before/);

  const during = new AbortController();
  const streaming = await client.fetch(url.replace("/stream", "/hold"), {
    signal: during.signal,
  });
  const streamReader = streaming.body!.getReader();
  await streamReader.read();
  during.abort(new Error("stop during"));
  await assert.rejects(() => streamReader.read(), /stop during/);
});

Deno.test("createTlsFetch is disposable and close is idempotent", async () => {
  const client = createTlsFetch(await resolveTlsOptions({}));
  client.close();
  client.close();
  client[Symbol.dispose]();
  const insecure = createTlsFetch(await resolveTlsOptions({ rejectUnauthorized: false }));
  insecure[Symbol.dispose]();
  insecure.close();
});
