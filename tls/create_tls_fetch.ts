import https from "node:https";
import { nodeFetch } from "./_node_fetch.ts";
import { toHttpClientOptions } from "./to_http_client_options.ts";
import type { ResolvedTlsOptions } from "./tls_options.ts";

/**
 * A `fetch` bound to TLS settings; close it (or `using` it) to release its connections.
 *
 * @example
 * ```ts
 * import { createTlsFetch, resolveTlsOptions, type TlsFetch } from "@octi/connector/tls";
 * const client: TlsFetch = createTlsFetch(await resolveTlsOptions({}));
 * client.close();
 * ```
 */
export interface TlsFetch extends Disposable {
  /** Same contract as the global `fetch`, with the TLS settings applied to https URLs. */
  readonly fetch: typeof fetch;
  /** Closes pooled connections. Idempotent. */
  close(): void;
}

/**
 * A `fetch` that applies resolved TLS settings to every https request: extra CAs, a client
 * certificate for mutual TLS, and `rejectUnauthorized`.
 *
 * - Verifying (the default): Deno's own fetch with a `Deno.createHttpClient` holding the CAs
 *   and client certificate.
 * - `rejectUnauthorized: false` (pycti's default for `OPENCTI_SSL_VERIFY`): Deno's HTTP client
 *   cannot skip verification per client, so requests go through `node:https` with
 *   `rejectUnauthorized: false` instead (client certificate still sent). Response bodies
 *   stream and abort signals work as with fetch; redirects are followed as fetch does, except
 *   to a plain `http:` URL (refused with a TypeError); the request body is buffered.
 *
 * @example
 * ```ts
 * import { createTlsFetch, resolveTlsOptions } from "@octi/connector/tls";
 * await using server = Deno.serve({ port: 0, onListen() {} }, () => new Response("pong"));
 * using client = createTlsFetch(await resolveTlsOptions({ rejectUnauthorized: false }));
 * const response = await client.fetch(`http://127.0.0.1:${server.addr.port}/`);
 * if (await response.text() !== "pong") throw new Error();
 * ```
 */
export function createTlsFetch(tls: ResolvedTlsOptions): TlsFetch {
  let close: () => void;
  let bound: typeof fetch;
  if (tls.rejectUnauthorized) {
    const client = Deno.createHttpClient(toHttpClientOptions(tls));
    bound = (input, init) => fetch(input, { ...init, client });
    close = () => client.close();
  } else {
    const agent = new https.Agent({
      keepAlive: true,
      rejectUnauthorized: false,
      ...(tls.cert !== undefined && tls.key !== undefined ? { cert: tls.cert, key: tls.key } : {}),
    });
    bound = nodeFetch(agent);
    close = () => agent.destroy();
  }
  let closed = false;
  const dispose = () => {
    if (closed) return;
    closed = true;
    close();
  };
  return { fetch: bound, close: dispose, [Symbol.dispose]: dispose };
}
