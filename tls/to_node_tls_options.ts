import { rootCertificates } from "node:tls";
import type { ResolvedTlsOptions } from "./tls_options.ts";

/**
 * Options for a `node:tls` socket, such as amqplib's `socketOptions` for an `amqps://`
 * connection. Assignable to node's `tls.ConnectionOptions`.
 *
 * @example
 * ```ts
 * import type { ConnectionOptions } from "node:tls";
 * import { type NodeTlsSocketOptions, resolveTlsOptions, toNodeTlsOptions } from "@octi/connector/tls";
 * const options: NodeTlsSocketOptions = toNodeTlsOptions(await resolveTlsOptions({}));
 * const forNode: ConnectionOptions = options;
 * ```
 */
export interface NodeTlsSocketOptions {
  /** Trusted CAs: node's default roots plus the extra ones (node replaces the roots otherwise). */
  ca?: string[];
  /** Client certificate chain (PEM). */
  cert?: string;
  /** Unencrypted client key (PEM). */
  key?: string;
  /** Verify the server's certificate chain and host name. */
  rejectUnauthorized: boolean;
  /** SNI and certificate host name. */
  servername?: string;
}

/**
 * Options of {@linkcode toNodeTlsOptions}.
 *
 * @example
 * ```ts
 * import { resolveTlsOptions, toNodeTlsOptions, type ToNodeTlsOptionsOptions } from "@octi/connector/tls";
 * const options: ToNodeTlsOptionsOptions = { servername: "rabbitmq.internal" };
 * const socket = toNodeTlsOptions(await resolveTlsOptions({}), options);
 * if (socket.servername !== "rabbitmq.internal") throw new Error();
 * ```
 */
export interface ToNodeTlsOptionsOptions {
  /** SNI / expected host name; pycti uses the broker host. amqplib fills it from the URL. */
  servername?: string | undefined;
}

/**
 * Node TLS socket options (for amqplib's `amqps://` connection) from resolved TLS settings.
 * With `rejectUnauthorized: false` neither the chain nor the host name is checked, as pycti's
 * unverified broker context; extra CAs are added to node's default roots, as Python's
 * `load_verify_locations` adds to the system store.
 *
 * @example
 * ```ts
 * import { resolveTlsOptions, toNodeTlsOptions } from "@octi/connector/tls";
 * const options = toNodeTlsOptions(await resolveTlsOptions({ rejectUnauthorized: false }), {
 *   servername: "rabbitmq.internal",
 * });
 * if (options.rejectUnauthorized || options.servername !== "rabbitmq.internal") throw new Error();
 * // e.g. await amqplib.connect("amqps://user:pass@rabbitmq.internal:5671", options)
 * ```
 */
export function toNodeTlsOptions(
  tls: ResolvedTlsOptions,
  options: ToNodeTlsOptionsOptions = {},
): NodeTlsSocketOptions {
  const out: NodeTlsSocketOptions = { rejectUnauthorized: tls.rejectUnauthorized };
  if (tls.caCerts.length > 0) out.ca = [...rootCertificates, ...tls.caCerts];
  if (tls.cert !== undefined && tls.key !== undefined) {
    out.cert = tls.cert;
    out.key = tls.key;
  }
  if (options.servername !== undefined) out.servername = options.servername;
  return out;
}
