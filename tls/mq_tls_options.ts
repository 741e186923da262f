import type { TlsOptions } from "./tls_options.ts";

/**
 * The broker TLS settings pycti reads (`MQ_USE_SSL_*`); the config module's `mq` fits.
 *
 * @example
 * ```ts
 * import { type MqTlsSettings, mqTlsOptions } from "@octi/connector/tls";
 * const mq: MqTlsSettings = { useSslRejectUnauthorized: "FALSE" };
 * if (mqTlsOptions(mq).rejectUnauthorized !== true) throw new Error("a non-empty string is truthy");
 * ```
 */
export interface MqTlsSettings {
  /** `MQ_USE_SSL_CA`. */
  readonly useSslCa?: string | null | undefined;
  /** `MQ_USE_SSL_CERT`. */
  readonly useSslCert?: string | null | undefined;
  /** `MQ_USE_SSL_KEY`. */
  readonly useSslKey?: string | null | undefined;
  /** `MQ_USE_SSL_PASSPHRASE`. */
  readonly useSslPassphrase?: string | null | undefined;
  /** `MQ_USE_SSL_REJECT_UNAUTHORIZED`; Python truthiness, so the string `"FALSE"` is true. */
  readonly useSslRejectUnauthorized?: boolean | string | null | undefined;
}

/**
 * {@linkcode TlsOptions} of the RabbitMQ connection from pycti's `MQ_USE_SSL_*` settings, as
 * `create_mq_ssl_context` builds them: the broker is verified only when
 * `MQ_USE_SSL_REJECT_UNAUTHORIZED` is truthy (default: not verified); the CA is added to the
 * trusted roots; the certificate and key (optionally encrypted) give mutual TLS, and a key
 * without certificate is ignored.
 *
 * @example
 * ```ts
 * import { mqTlsOptions } from "@octi/connector/tls";
 * const options = mqTlsOptions({ useSslCa: "/etc/octi/ca.pem", useSslRejectUnauthorized: true });
 * if (options.ca !== "/etc/octi/ca.pem" || options.rejectUnauthorized !== true) throw new Error();
 * if (mqTlsOptions({}).rejectUnauthorized !== false) throw new Error();
 * ```
 */
export function mqTlsOptions(mq: MqTlsSettings): TlsOptions {
  const reject = mq.useSslRejectUnauthorized;
  const cert = mq.useSslCert || undefined;
  return {
    ca: mq.useSslCa || undefined,
    cert,
    key: cert === undefined ? undefined : mq.useSslKey || undefined,
    passphrase: mq.useSslPassphrase || undefined,
    rejectUnauthorized: typeof reject === "string" ? reject.length > 0 : reject === true,
  };
}
