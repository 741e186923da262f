import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import {
  type CallbackAuthenticator,
  type CallbackAuthOptions,
  createCallbackAuthenticator,
} from "./callback_authenticator.ts";
import type { JobRunner } from "./job_handler.ts";
import { type ConnectorJobMessage, parseJobMessage } from "./job_message.ts";

/**
 * Options of {@linkcode CallbackServer.start}.
 *
 * @example
 * ```ts
 * import { CallbackServer, type CallbackServerOptions } from "@octi/connector/queue";
 * const options: CallbackServerOptions = {
 *   handler: { handle: async () => {} },
 *   auth: { token: "s3cr3t" },
 *   port: "0",
 *   hostname: "127.0.0.1",
 *   maxBodyBytes: 1024 * 1024,
 * };
 * await using server = CallbackServer.start(options);
 * if (!server.url.endsWith("/api/callback")) throw new Error(server.url);
 * ```
 */
export interface CallbackServerOptions {
  /** Runs each job, usually a {@linkcode JobHandler}. */
  handler: JobRunner;
  /** How requests are authenticated: the registration key set, or `OPENCTI_TOKEN`. */
  auth: CallbackAuthOptions;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_PORT` (a string is parsed); default 7070; 0 picks one. */
  port?: number | string | undefined;
  /** Interface to bind; default `"0.0.0.0"`, as pycti. */
  hostname?: string | undefined;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_PATH`; default `"/api/callback"`. */
  path?: string | undefined;
  /**
   * Serve HTTPS with this certificate and (unencrypted) key, PEM text
   * (`CONNECTOR_LISTEN_PROTOCOL_API_SSL`; `toServeTlsOptions(callbackTlsOptions(...))`).
   */
  tls?: Deno.TlsCertifiedKeyPem | undefined;
  /** Largest accepted body, in bytes; default 16 MiB. Bigger bodies get 413. */
  maxBodyBytes?: number | undefined;
  /** Logger; default silent. */
  logger?: Logger | undefined;
  /** Aborting it closes the server. */
  signal?: AbortSignal | undefined;
}

const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

function parsePort(value: number | string): number {
  const text = typeof value === "string" ? value.trim() : null;
  const port = typeof value === "number" ? value : text ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(
      `Cannot use CONNECTOR_LISTEN_PROTOCOL_API_PORT "${value}": expected an integer between 0 and 65535`,
    );
  }
  return port;
}

async function readLimited(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) {
    await request.body?.cancel();
    return null;
  }
  if (!request.body) return new Uint8Array();
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const part of request.body) {
    size += part.byteLength;
    if (size > limit) return null;
    parts.push(part);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return body;
}

/**
 * The HTTP callback listener (`CONNECTOR_LISTEN_PROTOCOL=API`): the platform's worker POSTs
 * each job to it instead of the connector consuming its queue. One route, `POST <path>`:
 * 401 `{"error": "Invalid credentials"}` when authentication fails, 413 over the body limit,
 * 400 `{"error": "Invalid JSON payload"}` for a body that is not JSON, then the job runs
 * inside the request and 202 `{"message": "Message successfully received"}` is sent once it is
 * over (500 `{"error": "Error processing message"}` if the runner throws). A JSON body that is
 * not a job is logged and answered 202, like pycti's handler which swallows it: any other
 * status makes the worker requeue it forever. Other paths get 404, other methods 405.
 *
 * Delivery: the worker acks a job only on a 202, sent once the job's outcome is reported, so
 * delivery is at-least-once: any other answer, a lost connection, or a job outliving the
 * worker's 300 s timeout makes the worker requeue it, and it runs again. Like pycti, no work
 * ping is sent while a callback job runs.
 *
 * @example
 * ```ts
 * import { CallbackServer, JobHandler } from "@octi/connector/queue";
 * const received: unknown[] = [];
 * const handler = new JobHandler({
 *   connectorType: "INTERNAL_IMPORT_FILE",
 *   connectorUserId: null,
 *   callback: (event) => void received.push(event),
 *   work: { toReceived: async () => {}, toProcessed: async () => {}, pingWork: async () => {} },
 * });
 * await using server = CallbackServer.start({
 *   handler,
 *   auth: { token: "s3cr3t" },
 *   port: 0,
 *   hostname: "127.0.0.1",
 * });
 * const response = await fetch(server.url, {
 *   method: "POST",
 *   headers: { authorization: "Bearer s3cr3t" },
 *   body: '{"internal": {"work_id": null, "applicant_id": null}, "event": {"file_id": "a"}}',
 * });
 * await response.body?.cancel();
 * if (response.status !== 202 || received.length !== 1) throw new Error(String(response.status));
 * ```
 */
export class CallbackServer {
  /** The port actually bound. */
  readonly port: number;
  /** The callback URL on the bound address, e.g. `http://127.0.0.1:7070/api/callback`. */
  readonly url: string;
  #server: Deno.HttpServer<Deno.NetAddr>;
  #controller = new AbortController();
  #options: CallbackServerOptions;
  #logger: Logger;
  #authenticate: CallbackAuthenticator;
  #path: string;
  #maxBody: number;

  private constructor(options: CallbackServerOptions) {
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
    this.#authenticate = createCallbackAuthenticator(options.auth);
    this.#path = options.path ?? "/api/callback";
    this.#maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    const tls = options.tls;
    const hostname = options.hostname ?? "0.0.0.0";
    const stop = () => this.#controller.abort();
    options.signal?.addEventListener("abort", stop, { once: true });
    this.#server = Deno.serve({
      port: parsePort(options.port ?? 7070),
      hostname,
      signal: this.#controller.signal,
      onListen: () => {},
      ...(tls ? { cert: tls.cert, key: tls.key } : {}),
    }, (request) => this.#handle(request));
    this.port = this.#server.addr.port;
    const host = hostname === "0.0.0.0" ? "127.0.0.1" : hostname;
    this.url = `${tls ? "https" : "http"}://${host}:${this.port}${this.#path}`;
    this.#logger.info("Callback listener started", { port: this.port, path: this.#path });
    this.#server.finished.then(() => options.signal?.removeEventListener("abort", stop));
    // An abort event never comes for a signal aborted already.
    if (options.signal?.aborted) stop();
  }

  /**
   * Binds the port and starts serving.
   *
   * @throws {TypeError} when the authentication settings are unusable.
   * @throws {RangeError} when the port is not a port number.
   */
  static start(options: CallbackServerOptions): CallbackServer {
    return new CallbackServer(options);
  }

  /** Resolves once the server is closed. */
  get finished(): Promise<void> {
    return this.#server.finished;
  }

  /** Stops accepting requests, lets running requests finish, and resolves when closed. */
  async close(): Promise<void> {
    this.#controller.abort();
    await this.#server.finished;
  }

  /** Same as {@linkcode CallbackServer.close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #handle(request: Request): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname !== this.#path) {
      await request.body?.cancel();
      return json(404, { detail: "Not Found" });
    }
    if (request.method !== "POST") {
      await request.body?.cancel();
      return json(405, { detail: "Method Not Allowed" }, { allow: "POST" });
    }
    const auth = await this.#authenticate(request.headers.get("authorization"));
    if (!auth.ok) {
      await request.body?.cancel();
      this.#logger.warning("Refused a callback request", { reason: auth.reason });
      return json(401, { error: "Invalid credentials" });
    }
    const body = await readLimited(request, this.#maxBody);
    if (body === null) {
      this.#logger.warning("Refused a callback request over the size limit", {
        limit: this.#maxBody,
      });
      return json(413, { error: "Payload too large" });
    }
    let job: ConnectorJobMessage;
    try {
      job = parseJobMessage(body);
    } catch (error) {
      this.#logger.warning("Invalid job message in a callback request", {
        size: body.byteLength,
        reason: (error as Error).message,
      });
      return error instanceof SyntaxError
        ? json(400, { error: "Invalid JSON payload" })
        : json(202, { message: "Message successfully received" });
    }
    try {
      await this.#options.handler.handle(job, {});
    } catch (error) {
      this.#logger.error("Error processing message", { error });
      return json(500, { error: "Error processing message" });
    }
    return json(202, { message: "Message successfully received" });
  }
}
