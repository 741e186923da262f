import assert from "node:assert/strict";
import { createPrivateKey, X509Certificate } from "node:crypto";
import { resolveTlsOptions, TlsMaterialError, type TlsMaterialProblem } from "../../tls/mod.ts";
import { rejectsWith } from "../_async.ts";
import { makeTestPki, PASSPHRASE } from "./_certs.ts";

const pki = await makeTestPki();
Deno.test.afterAll(() => Deno.remove(pki.dir, { recursive: true }));

async function rejectsTls(
  promise: Promise<unknown>,
  part: string,
  problem: TlsMaterialProblem,
): Promise<TlsMaterialError> {
  const caught = await rejectsWith(promise, TlsMaterialError);
  assert.equal(caught.part, part);
  assert.equal(caught.problem, problem, caught.message);
  return caught;
}

function keyMatches(cert: string, key: string): boolean {
  return new X509Certificate(cert).checkPrivateKey(createPrivateKey(key));
}

Deno.test("resolveTlsOptions gives the same PEM from file paths and from PEM strings", async () => {
  const fromPaths = await resolveTlsOptions({
    ca: pki.path.ca,
    cert: pki.path.clientCert,
    key: pki.path.clientKey,
  });
  const fromPem = await resolveTlsOptions({
    ca: [pki.pem.ca],
    cert: pki.pem.clientCert,
    key: pki.pem.clientKey,
  });
  assert.deepEqual(fromPaths, fromPem);
  assert.equal(fromPaths.rejectUnauthorized, true);
  assert.deepEqual(fromPaths.caCerts.map((c) => new X509Certificate(c).subject), [
    "CN=octi test CA",
  ]);
  assert.ok(keyMatches(fromPaths.cert!, fromPaths.key!));
  assert.ok(Object.isFrozen(fromPaths) && Object.isFrozen(fromPaths.caCerts));
});

Deno.test("resolveTlsOptions splits CA bundles and ignores empty values", async () => {
  const bundle = `${pki.dir}/bundle.pem`;
  await Deno.writeTextFile(bundle, `# comment\n${pki.pem.ca}\n${pki.pem.otherCert}`);
  const tls = await resolveTlsOptions({ ca: ["", bundle], cert: "", key: pki.path.serverKey });
  assert.equal(tls.caCerts.length, 2);
  assert.equal(tls.cert, undefined);
  assert.equal(tls.key, undefined, "a key without certificate is ignored, as pycti");
});

Deno.test("resolveTlsOptions takes the key from the certificate file when no key is given", async () => {
  const combined = `${pki.dir}/combined.pem`;
  await Deno.writeTextFile(combined, pki.pem.serverCert + pki.pem.serverKey);
  const tls = await resolveTlsOptions({ cert: combined });
  assert.ok(keyMatches(tls.cert!, tls.key!));
  assert.ok(!tls.cert!.includes("PRIVATE KEY"), "the chain carries no key");
  await rejectsTls(resolveTlsOptions({ cert: pki.path.serverCert }), "key", "missing");
});

Deno.test("resolveTlsOptions decrypts encrypted keys in memory with the passphrase", async () => {
  for (const key of [pki.path.serverKeyEncrypted, pki.pem.serverKeyLegacyEncrypted]) {
    const tls = await resolveTlsOptions({
      cert: pki.path.serverCert,
      key,
      passphrase: PASSPHRASE,
    });
    assert.match(tls.key!, /^-----BEGIN PRIVATE KEY-----/);
    assert.ok(keyMatches(tls.cert!, tls.key!));
  }
  // A passphrase given for an unencrypted key is ignored, as Python's load_cert_chain does.
  const plain = await resolveTlsOptions({
    cert: pki.path.serverCert,
    key: pki.path.serverKey,
    passphrase: "unused",
  });
  assert.equal(plain.key, pki.pem.serverKey);
});

Deno.test("a wrong or missing passphrase is a typed error that never shows the passphrase", async () => {
  const wrong = "not-the-passphrase-42";
  for (const key of [pki.path.serverKeyEncrypted, pki.path.serverKeyLegacyEncrypted]) {
    const error = await rejectsTls(
      resolveTlsOptions({ cert: pki.path.serverCert, key, passphrase: wrong }),
      "key",
      "bad-passphrase",
    );
    assert.equal(
      error.message,
      `Cannot decrypt the private key (file "${key}"): wrong passphrase or damaged key`,
    );
    assert.ok(!error.message.includes(wrong) && !String(error.cause).includes(wrong));
    await rejectsTls(
      resolveTlsOptions({ cert: pki.path.serverCert, key }),
      "key",
      "passphrase-required",
    );
  }
  const inMemory = await rejectsTls(
    resolveTlsOptions({
      cert: pki.pem.serverCert,
      key: pki.pem.serverKeyEncrypted,
      passphrase: wrong,
    }),
    "key",
    "bad-passphrase",
  );
  assert.match(inMemory.message, /\(in-memory PEM\)/);
  assert.ok(!inMemory.message.includes("BEGIN"));
});

Deno.test("resolveTlsOptions rejects unusable material with a typed error naming the file", async () => {
  const missing = await rejectsTls(
    resolveTlsOptions({ ca: `${pki.dir}/nope.pem` }),
    "ca",
    "not-found",
  );
  assert.equal(
    missing.message,
    `Cannot read the CA certificate file "${pki.dir}/nope.pem": it does not exist`,
  );
  const text = `${pki.dir}/not-pem.txt`;
  await Deno.writeTextFile(text, "just words\n");
  await rejectsTls(resolveTlsOptions({ cert: text, key: pki.path.serverKey }), "cert", "not-pem");
  await rejectsTls(resolveTlsOptions({ cert: pki.path.serverCert, key: text }), "key", "not-pem");
  await rejectsTls(
    resolveTlsOptions({ ca: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n" }),
    "ca",
    "invalid",
  );
  await rejectsTls(
    resolveTlsOptions({
      cert: pki.path.serverCert,
      key: "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    }),
    "key",
    "invalid",
  );
  const mismatch = await rejectsTls(
    resolveTlsOptions({ cert: pki.path.serverCert, key: pki.path.clientKey }),
    "key",
    "key-mismatch",
  );
  assert.match(mismatch.message, /does not belong to the certificate/);
  await rejectsTls(resolveTlsOptions({ ca: pki.dir }), "ca", "unreadable");
});
