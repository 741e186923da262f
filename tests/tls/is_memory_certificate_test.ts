import assert from "node:assert/strict";
import { isMemoryCertificate } from "../../tls/mod.ts";

Deno.test("isMemoryCertificate follows pycti: PEM iff the text starts with -----BEGIN", () => {
  assert.equal(isMemoryCertificate("-----BEGIN CERTIFICATE-----\nMIIB\n"), true);
  assert.equal(isMemoryCertificate("-----BEGIN ENCRYPTED PRIVATE KEY-----"), true);
  assert.equal(isMemoryCertificate("/etc/ssl/ca.pem"), false);
  assert.equal(isMemoryCertificate("\n-----BEGIN CERTIFICATE-----"), false);
  assert.equal(isMemoryCertificate("-----begin certificate-----"), false);
  assert.equal(isMemoryCertificate(""), false);
  assert.throws(() => isMemoryCertificate(42 as unknown as string), TypeError);
  assert.throws(() => isMemoryCertificate(null as unknown as string), TypeError);
});
