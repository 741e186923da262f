/**
 * TLS settings for any transport of the library (platform API and stream over `fetch`, the
 * RabbitMQ socket, the HTTPS callback server). Each of `ca`, `cert` and `key` is either PEM
 * content (it starts with `-----BEGIN`) or the path of a PEM file; an empty string counts as
 * unset. Resolve it with `resolveTlsOptions` before use.
 *
 * @example
 * ```ts
 * import type { TlsOptions } from "@octi/connector/tls";
 * const options: TlsOptions = {
 *   ca: "/etc/octi/ca.pem",
 *   cert: "/etc/octi/client.pem",
 *   key: "/etc/octi/client.key",
 *   passphrase: "from-a-secret-store",
 *   rejectUnauthorized: true,
 * };
 * ```
 */
export interface TlsOptions {
  /** Extra trusted CA certificate(s), added to the default roots. */
  ca?: string | readonly string[] | null | undefined;
  /** Certificate (chain) presented to the peer; its file may also hold the private key. */
  cert?: string | null | undefined;
  /** Private key of `cert`, possibly encrypted; ignored without `cert`. */
  key?: string | null | undefined;
  /** Passphrase of an encrypted `key`. */
  passphrase?: string | null | undefined;
  /** Verify the peer's certificate chain and host name. Default true. */
  rejectUnauthorized?: boolean | undefined;
}

/**
 * {@linkcode TlsOptions} with every file read and the key decrypted in memory: PEM strings
 * only, ready for the transport adapters. `key` is unencrypted key material: never log it.
 *
 * @example
 * ```ts
 * import { type ResolvedTlsOptions, resolveTlsOptions } from "@octi/connector/tls";
 * const tls: ResolvedTlsOptions = await resolveTlsOptions({ rejectUnauthorized: false });
 * if (tls.caCerts.length !== 0 || tls.cert !== undefined) throw new Error();
 * ```
 */
export interface ResolvedTlsOptions {
  /** Extra trusted CA certificates, one PEM certificate each. */
  readonly caCerts: readonly string[];
  /** Certificate chain (PEM), or undefined. */
  readonly cert: string | undefined;
  /** Unencrypted private key (PEM) of `cert`, or undefined. */
  readonly key: string | undefined;
  /** Verify the peer's certificate chain and host name. */
  readonly rejectUnauthorized: boolean;
}
