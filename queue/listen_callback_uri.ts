/**
 * Options of {@linkcode resolveListenCallbackUri}.
 *
 * @example
 * ```ts
 * import { type ListenCallbackUriOptions, resolveListenCallbackUri } from "@octi/connector/queue";
 * const options: ListenCallbackUriOptions = { port: "7443", ssl: true, path: "/callback" };
 * if (resolveListenCallbackUri(options) !== "https://127.0.0.1:7443/callback") throw new Error();
 * ```
 */
export interface ListenCallbackUriOptions {
  /** `CONNECTOR_LISTEN_PROTOCOL_API_URI` as configured; null/undefined/`""` when not set. */
  uri?: string | null | undefined;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_PORT`; default 7070. */
  port?: number | string | undefined;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_PATH`; default `"/api/callback"`. */
  path?: string | undefined;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_SSL`; default false. */
  ssl?: boolean | undefined;
}

/**
 * The `listen_callback_uri` to register in `API` listen mode: the configured
 * `CONNECTOR_LISTEN_PROTOCOL_API_URI` followed by the path, as pycti. When no URI is configured
 * the default is `http(s)://127.0.0.1:<configured port>`; pycti's default always says 7070,
 * whatever port the listener binds (fixed here).
 *
 * @example
 * ```ts
 * import { resolveListenCallbackUri } from "@octi/connector/queue";
 * const uri = resolveListenCallbackUri({ port: "8080" });
 * if (uri !== "http://127.0.0.1:8080/api/callback") throw new Error(uri);
 * const configured = resolveListenCallbackUri({ uri: "https://connector.lan:9443", path: "/cb" });
 * if (configured !== "https://connector.lan:9443/cb") throw new Error(configured);
 * ```
 */
export function resolveListenCallbackUri(options: ListenCallbackUriOptions = {}): string {
  const path = options.path ?? "/api/callback";
  if (options.uri) return options.uri + path;
  const port = String(options.port ?? 7070).trim();
  return `${options.ssl ? "https" : "http"}://127.0.0.1:${port}${path}`;
}
