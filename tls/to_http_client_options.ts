import type { ResolvedTlsOptions } from "./tls_options.ts";

/**
 * Options for `Deno.createHttpClient` from resolved TLS settings: extra CAs (`caCerts`, added
 * to the default roots) and a client certificate and key for mutual TLS. Throws a RangeError
 * when `rejectUnauthorized` is false, because Deno's HTTP client has no per-client way to skip
 * verification (only the process-wide `--unsafely-ignore-certificate-errors` flag):
 * {@linkcode createTlsFetch} handles that case.
 *
 * @example
 * ```ts
 * import { resolveTlsOptions, toHttpClientOptions } from "@octi/connector/tls";
 * const tls = await resolveTlsOptions({});
 * using client = Deno.createHttpClient(toHttpClientOptions(tls));
 * ```
 */
export function toHttpClientOptions(
  tls: ResolvedTlsOptions,
): Deno.CreateHttpClientOptions | (Deno.CreateHttpClientOptions & Deno.TlsCertifiedKeyPem) {
  if (!tls.rejectUnauthorized) {
    throw new RangeError(
      "Deno.createHttpClient cannot skip certificate verification (rejectUnauthorized: false); use createTlsFetch instead",
    );
  }
  const base: Deno.CreateHttpClientOptions = { caCerts: [...tls.caCerts] };
  return tls.cert !== undefined && tls.key !== undefined
    ? { ...base, cert: tls.cert, key: tls.key }
    : base;
}
