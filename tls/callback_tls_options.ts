import type { TlsOptions } from "./tls_options.ts";

/**
 * The callback-server TLS settings pycti reads; the config module's `connector` fits.
 *
 * @example
 * ```ts
 * import { type CallbackTlsSettings, callbackTlsOptions } from "@octi/connector/tls";
 * const settings: CallbackTlsSettings = { listenProtocolApiSslCert: "/etc/octi/server.pem" };
 * if (callbackTlsOptions(settings).cert !== "/etc/octi/server.pem") throw new Error();
 * ```
 */
export interface CallbackTlsSettings {
  /** `LISTEN_PROTOCOL_API_SSL_CERT` (`""` when unset, as pycti). */
  readonly listenProtocolApiSslCert?: string | null | undefined;
  /** `LISTEN_PROTOCOL_API_SSL_KEY`. */
  readonly listenProtocolApiSslKey?: string | null | undefined;
  /** `LISTEN_PROTOCOL_API_SSL_PASSPHRASE`. */
  readonly listenProtocolApiSslPassphrase?: string | null | undefined;
}

/**
 * {@linkcode TlsOptions} of the HTTPS callback server from pycti's `LISTEN_PROTOCOL_API_SSL_*`
 * settings, as `create_callback_ssl_context` uses them: certificate, key (or the key inside
 * the certificate file) and passphrase. Pass the resolved result to `toServeTlsOptions`.
 *
 * @example
 * ```ts
 * import { callbackTlsOptions } from "@octi/connector/tls";
 * const options = callbackTlsOptions({
 *   listenProtocolApiSslCert: "/etc/octi/server.pem",
 *   listenProtocolApiSslKey: "",
 *   listenProtocolApiSslPassphrase: "",
 * });
 * if (options.cert !== "/etc/octi/server.pem" || options.key !== undefined) throw new Error();
 * ```
 */
export function callbackTlsOptions(settings: CallbackTlsSettings): TlsOptions {
  return {
    cert: settings.listenProtocolApiSslCert || undefined,
    key: settings.listenProtocolApiSslKey || undefined,
    passphrase: settings.listenProtocolApiSslPassphrase || undefined,
  };
}
