import { Buffer } from "node:buffer";
import { timingSafeEqual } from "node:crypto";
import { createLocalJWKSet, type JSONWebKeySet, jwtVerify } from "jose";

/**
 * Options of {@linkcode createCallbackAuthenticator}.
 *
 * @example
 * ```ts
 * import { type CallbackAuthOptions, createCallbackAuthenticator } from "@octi/connector/queue";
 * // A platform that sent no key set at registration: the worker sends OPENCTI_TOKEN.
 * const options: CallbackAuthOptions = { jwks: null, token: "s3cr3t" };
 * const check = createCallbackAuthenticator(options);
 * if (!(await check("Bearer s3cr3t")).ok) throw new Error();
 * ```
 */
export interface CallbackAuthOptions {
  /**
   * The key set the platform returned at registration (`jwks`: JSON text of a JWK Set, or of a
   * single JWK). When present (non-empty), a valid JWT is required and the legacy token is not
   * accepted.
   */
  jwks?: string | null | undefined;
  /** `OPENCTI_TOKEN`: without a key set, the bearer credential must equal it (pycti ≤ 6.8). */
  token?: string | null | undefined;
  /** Required `iss` claim; default `"opencti"`; null skips the check. */
  issuer?: string | null | undefined;
  /** Required `sub` claim; default `"connector"`; null skips the check. */
  subject?: string | null | undefined;
  /** Tolerated clock skew for `exp`/`nbf`, in seconds; default 0. */
  clockToleranceSec?: number | undefined;
  /** Current time for `exp`/`nbf` checks; default the system time. */
  now?: (() => Date) | undefined;
}

/**
 * The verdict on a callback request's `Authorization` header.
 *
 * @example
 * ```ts
 * import { type CallbackAuthResult, createCallbackAuthenticator } from "@octi/connector/queue";
 * const check = createCallbackAuthenticator({ token: "s3cr3t" });
 * const result: CallbackAuthResult = await check("Bearer wrong");
 * if (result.ok || !result.reason.includes("does not match")) throw new Error();
 * ```
 */
export type CallbackAuthResult = { ok: true } | { ok: false; reason: string };

/**
 * Checks the `Authorization` header of an HTTP callback request.
 *
 * @example
 * ```ts
 * import { type CallbackAuthenticator, createCallbackAuthenticator } from "@octi/connector/queue";
 * const check: CallbackAuthenticator = createCallbackAuthenticator({ token: "s3cr3t" });
 * if ((await check(null)).ok) throw new Error("a request without credentials passed");
 * ```
 */
export type CallbackAuthenticator = (authorization: string | null) => Promise<CallbackAuthResult>;

// Asymmetric only: a key set is public, so HMAC would let anyone holding it forge tokens.
const ALGORITHMS = [
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
  "ES256",
  "ES384",
  "ES512",
  "EdDSA",
  "Ed25519",
];

function parseKeySet(jwks: string): JSONWebKeySet {
  let value: unknown;
  try {
    value = JSON.parse(jwks);
  } catch (error) {
    throw new TypeError(
      `Cannot use the callback key set: jwks is not JSON (${(error as Error).message})`,
    );
  }
  const set = value as { keys?: unknown; kty?: unknown };
  if (typeof set === "object" && set !== null && Array.isArray(set.keys)) {
    return set as JSONWebKeySet;
  }
  // A lone key is accepted as a set of one.
  if (typeof set === "object" && set !== null && typeof set.kty === "string") {
    return { keys: [set as JSONWebKeySet["keys"][number]] };
  }
  throw new TypeError('Cannot use the callback key set: expected {"keys": [...]} or one JWK');
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

type TokenVerifier = (token: string) => Promise<CallbackAuthResult>;

// Shared by the header check and verifyCallbackToken, so both judge a credential the same way.
function createTokenVerifier(options: CallbackAuthOptions): TokenVerifier {
  const hasKeySet = options.jwks !== undefined && options.jwks !== null && options.jwks !== "";
  const keySet = hasKeySet ? createLocalJWKSet(parseKeySet(options.jwks!)) : undefined;
  const token = options.token ?? "";
  if (!keySet && token === "") {
    throw new TypeError("Cannot check callback requests: neither a key set nor a token was given");
  }
  const issuer = options.issuer === undefined ? "opencti" : options.issuer;
  const subject = options.subject === undefined ? "connector" : options.subject;
  return async (credential) => {
    if (!keySet) {
      return sameSecret(credential, token)
        ? { ok: true }
        : { ok: false, reason: "the token does not match" };
    }
    try {
      await jwtVerify(credential, keySet, {
        algorithms: ALGORITHMS,
        ...(issuer !== null ? { issuer } : {}),
        ...(subject !== null ? { subject } : {}),
        clockTolerance: options.clockToleranceSec ?? 0,
        ...(options.now ? { currentDate: options.now() } : {}),
      });
      return { ok: true };
    } catch (error) {
      const code = (error as { code?: string }).code ?? "ERR_JWT_INVALID";
      return { ok: false, reason: `${code}: ${(error as Error).message}` };
    }
  };
}

/**
 * Builds the authentication check of the HTTP callback listener. The header must be
 * `Bearer <credential>` (two whitespace-separated parts, `bearer` in any case); the credential
 * is then judged as {@linkcode verifyCallbackToken} does. With a key set from the registration,
 * the credential must be a JWT signed by one of its keys (chosen by `kid`; asymmetric
 * algorithms only, so `alg: none` and HMAC are refused), not expired, not before its `nbf`,
 * with `iss` `opencti` and `sub` `connector`. Without a key set it must equal `OPENCTI_TOKEN`
 * (compared in constant time), as pycti.
 *
 * @throws {TypeError} when the key set is not JSON or not a JWK Set, or when neither a key set
 * nor a token is given.
 *
 * @example
 * ```ts
 * import { createCallbackAuthenticator } from "@octi/connector/queue";
 * const check = createCallbackAuthenticator({ token: "s3cr3t" });
 * if (!(await check("Bearer s3cr3t")).ok) throw new Error();
 * if ((await check("Bearer nope")).ok) throw new Error();
 * if ((await check("Basic s3cr3t")).ok) throw new Error();
 * ```
 */
export function createCallbackAuthenticator(options: CallbackAuthOptions): CallbackAuthenticator {
  const verify = createTokenVerifier(options);
  return async (authorization) => {
    const items = (authorization ?? "").trim().split(/\s+/);
    if (items.length !== 2 || items[0]!.toLowerCase() !== "bearer") {
      return { ok: false, reason: "missing or malformed bearer authorization" };
    }
    return await verify(items[1]!);
  };
}

/**
 * Judges one callback credential (the token alone, without `Bearer `) by the rules of
 * {@linkcode createCallbackAuthenticator}: a JWT signed by the key set when there is one, else
 * `OPENCTI_TOKEN`. Surrounding whitespace is ignored, as in the header; an empty token or one
 * with whitespace inside is refused. Builds the key set on each call: for many requests, use
 * {@linkcode createCallbackAuthenticator}.
 *
 * @throws {TypeError} (a rejection) when the key set is not JSON or not a JWK Set, or when
 * neither a key set nor a token is given.
 *
 * @example
 * ```ts
 * import { verifyCallbackToken } from "@octi/connector/queue";
 * if (!(await verifyCallbackToken("s3cr3t", { token: "s3cr3t" })).ok) throw new Error();
 * const wrong = await verifyCallbackToken("nope", { token: "s3cr3t" });
 * if (wrong.ok || wrong.reason !== "the token does not match") throw new Error();
 * ```
 */
export async function verifyCallbackToken(
  token: string,
  options: CallbackAuthOptions,
): Promise<CallbackAuthResult> {
  const verify = createTokenVerifier(options);
  const credential = token.trim();
  if (credential === "" || /\s/.test(credential)) {
    return { ok: false, reason: "missing or malformed token" };
  }
  return await verify(credential);
}
