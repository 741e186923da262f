/**
 * TLS material for every transport, from pycti's settings: one {@linkcode TlsOptions} shape
 * (CA, certificate, key, passphrase, rejectUnauthorized; PEM content or file paths) resolved
 * in memory by {@linkcode resolveTlsOptions} (encrypted keys are decrypted with `node:crypto`,
 * nothing is written to disk), then adapted for `fetch` ({@linkcode createTlsFetch},
 * {@linkcode toHttpClientOptions}), the AMQP socket ({@linkcode toNodeTlsOptions}) and the
 * HTTPS callback server ({@linkcode toServeTlsOptions}). {@linkcode mqTlsOptions},
 * {@linkcode callbackTlsOptions} and {@linkcode openctiTlsOptions} map pycti's `MQ_USE_SSL_*`,
 * `LISTEN_PROTOCOL_API_SSL_*` and `OPENCTI_SSL_VERIFY` settings onto it.
 *
 * Skipping verification (`rejectUnauthorized: false`, pycti's default for the platform and the
 * broker) is not possible with `Deno.createHttpClient`; {@linkcode createTlsFetch} then sends
 * requests through `node:https`, which supports it per request, so no process-wide
 * `--unsafely-ignore-certificate-errors` flag is needed.
 *
 * A leaf module: it imports nothing from the project.
 *
 * ## Differences from pycti
 *
 * - **Nothing on disk.** PEM given in a setting is used from memory and an encrypted key is
 *   decrypted in memory; pycti writes a PEM certificate or key to temporary files (left behind
 *   when loading fails).
 * - **Checked up front.** {@linkcode resolveTlsOptions} parses every certificate and checks that
 *   the key matches its certificate, and rejects with a {@linkcode TlsMaterialError} naming the
 *   file, where pycti's `ssl` module fails with a less specific error, or at the handshake.
 * - **`OPENCTI_SSL_VERIFY` as a path**: the CA bundle is trusted on top of the default roots
 *   (`requests` trusts that bundle only).
 * - **HTTPS callback without a certificate**: {@linkcode toServeTlsOptions} throws a
 *   {@linkcode TlsMaterialError}; pycti fails on loading the empty path `""`.
 * - {@linkcode isMemoryCertificate} throws `TypeError` for a non-string (pycti:
 *   `AttributeError`).
 *
 * @example
 * ```ts
 * import { createTlsFetch, mqTlsOptions, resolveTlsOptions, toNodeTlsOptions } from "@octi/connector/tls";
 * const mq = toNodeTlsOptions(await resolveTlsOptions(mqTlsOptions({})));
 * if (mq.rejectUnauthorized) throw new Error("pycti does not verify the broker by default");
 * using api = createTlsFetch(await resolveTlsOptions({ rejectUnauthorized: true }));
 * ```
 *
 * @module
 */
export * from "./callback_tls_options.ts";
export * from "./create_tls_fetch.ts";
export * from "./is_memory_certificate.ts";
export * from "./mq_tls_options.ts";
export * from "./opencti_tls_options.ts";
export * from "./resolve_tls_options.ts";
export * from "./tls_material_error.ts";
export * from "./tls_options.ts";
export * from "./to_http_client_options.ts";
export * from "./to_node_tls_options.ts";
export * from "./to_serve_tls_options.ts";
