import assert from "node:assert/strict";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { createCallbackAuthenticator, verifyCallbackToken } from "../../queue/mod.ts";

async function keyPair(kid: string) {
  const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
  return { jwk, privateKey };
}

function sign(
  key: CryptoKey,
  kid: string,
  claims: { iss?: string; sub?: string; exp?: number } = {},
): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: "ES256", kid })
    .setIssuer(claims.iss ?? "opencti")
    .setSubject(claims.sub ?? "connector")
    .setIssuedAt(now)
    .setExpirationTime(claims.exp ?? now + 300)
    .sign(key);
}

Deno.test("verifyCallbackToken judges a lone JWT as the Bearer header check does", async () => {
  const trusted = await keyPair("k1");
  const stranger = await keyPair("k2");
  const options = { jwks: JSON.stringify({ keys: [trusted.jwk] }), token: "legacy-token" };
  const header = createCallbackAuthenticator(options);
  const now = Math.floor(Date.now() / 1000);
  const good = await sign(trusted.privateKey, "k1");
  const cases: [string, string, boolean][] = [
    ["valid", good, true],
    ["expired", await sign(trusted.privateKey, "k1", { exp: now - 60 }), false],
    ["wrong issuer", await sign(trusted.privateKey, "k1", { iss: "someone" }), false],
    ["wrong subject", await sign(trusted.privateKey, "k1", { sub: "user" }), false],
    ["unknown key", await sign(stranger.privateKey, "k2"), false],
    ["legacy token while a key set is known", "legacy-token", false],
  ];
  for (const [what, token, ok] of cases) {
    const alone = await verifyCallbackToken(token, options);
    const viaHeader = await header(`Bearer ${token}`);
    assert.equal(alone.ok, ok, what);
    assert.deepEqual(alone, viaHeader, `${what}: same verdict and reason both ways`);
  }
  const expired = await verifyCallbackToken(cases[1]![1], options);
  assert.ok(!expired.ok && expired.reason.startsWith("ERR_JWT_EXPIRED"));
});

Deno.test("verifyCallbackToken takes the token alone: no scheme, whitespace only around it", async () => {
  const trusted = await keyPair("k1");
  const options = { jwks: JSON.stringify(trusted.jwk) };
  const good = await sign(trusted.privateKey, "k1");
  assert.equal((await verifyCallbackToken(` ${good}\n`, options)).ok, true);
  for (const token of [`Bearer ${good}`, "", "   ", `${good} x`]) {
    const result = await verifyCallbackToken(token, options);
    assert.equal(result.ok, false, JSON.stringify(token));
  }
  assert.deepEqual(await verifyCallbackToken("", options), {
    ok: false,
    reason: "missing or malformed token",
  });
});

Deno.test("verifyCallbackToken without a key set compares with OPENCTI_TOKEN", async () => {
  assert.deepEqual(await verifyCallbackToken("s3cr3t", { token: "s3cr3t" }), { ok: true });
  for (const token of ["s3cr3", "s3cr3tt", "S3CR3T"]) {
    assert.deepEqual(await verifyCallbackToken(token, { token: "s3cr3t" }), {
      ok: false,
      reason: "the token does not match",
    });
  }
});

Deno.test("verifyCallbackToken rejects unusable settings with a TypeError", async () => {
  await assert.rejects(verifyCallbackToken("x", {}), /neither a key set nor a token/);
  await assert.rejects(verifyCallbackToken("x", { jwks: "{not json" }), TypeError);
  await assert.rejects(
    verifyCallbackToken("x", { jwks: '{"kid": "k"}' }),
    /expected \{"keys": \[\.\.\.\]\} or one JWK/,
  );
});
