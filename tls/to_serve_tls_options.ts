import { TlsMaterialError } from "./tls_material_error.ts";
import type { ResolvedTlsOptions } from "./tls_options.ts";

/**
 * The `cert` and `key` of `Deno.serve` for the HTTPS callback server, from resolved TLS
 * settings (an encrypted key was already decrypted in memory by `resolveTlsOptions`). Throws a
 * {@linkcode TlsMaterialError} when there is no certificate, as pycti fails to start an HTTPS
 * callback without one. Client certificates are not requested, as in pycti.
 *
 * @example
 * ```ts
 * import { resolveTlsOptions, TlsMaterialError, toServeTlsOptions } from "@octi/connector/tls";
 * try {
 *   toServeTlsOptions(await resolveTlsOptions({}));
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof TlsMaterialError) || error.problem !== "missing") throw error;
 * }
 * // With a certificate: Deno.serve({ port: 7070, ...toServeTlsOptions(tls) }, handler)
 * ```
 */
export function toServeTlsOptions(tls: ResolvedTlsOptions): Deno.TlsCertifiedKeyPem {
  if (tls.cert === undefined || tls.key === undefined) {
    throw new TlsMaterialError(
      "An HTTPS server needs a certificate and its private key, and none is set",
      { part: "cert", problem: "missing" },
    );
  }
  return { cert: tls.cert, key: tls.key };
}
