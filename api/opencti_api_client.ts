import { backoffDelay } from "../core/backoff_delay.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { sleep } from "../core/sleep.ts";
import { createTlsFetch, type TlsFetch } from "../tls/create_tls_fetch.ts";
import type { ResolvedTlsOptions } from "../tls/tls_options.ts";
import { multipartBody } from "./_graphql_multipart.ts";
import { OpenCTIApiError, type OpenCTIGraphQLErrorEntry } from "./opencti_api_error.ts";
import { parseCustomHeaders } from "../config/parse_custom_headers.ts";

/**
 * Retry policy for requests that are safe to repeat (jittered exponential backoff).
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, type OpenCTIApiRetryOptions } from "@octi/connector/api";
 * const retry: OpenCTIApiRetryOptions = { maxRetries: 3, initialMs: 1_000, maxMs: 10_000 };
 * using client = new OpenCTIApiClient({ url: "http://localhost:8080", token: "token", retry });
 * ```
 */
export interface OpenCTIApiRetryOptions {
  /** Retries after the first attempt. Default 5; 0 disables retrying. */
  maxRetries?: number | undefined;
  /** Delay before the first retry, in ms. Default 500. */
  initialMs?: number | undefined;
  /** Upper bound of a delay, in ms. Default 30 000. */
  maxMs?: number | undefined;
  /** Growth per retry. Default 2. */
  factor?: number | undefined;
  /** Random source in [0, 1) for the jitter; default `Math.random`. */
  random?: (() => number) | undefined;
}

/**
 * Options for {@linkcode OpenCTIApiClient}.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, type OpenCTIApiClientOptions } from "@octi/connector/api";
 * const options: OpenCTIApiClientOptions = {
 *   url: "http://localhost:8080",
 *   token: "2b4f29e3-5ea8-4890-8cf5-a76f61f1e2b2",
 *   customHeaders: "X-Tenant:acme",
 *   timeoutMs: 60_000,
 * };
 * using client = new OpenCTIApiClient(options);
 * if (client.graphqlUrl !== "http://localhost:8080/graphql") throw new Error();
 * ```
 */
export interface OpenCTIApiClientOptions {
  /** `OPENCTI_URL`; requests go to `${url}/graphql` (plain concatenation, as pycti). */
  url: string;
  /** `OPENCTI_TOKEN`, sent as `Authorization: Bearer <token>`; `"ChangeMe"` is refused. */
  token: string;
  /** `OPENCTI_CUSTOM_HEADERS` text (`"h1:v1;h2:v2"`) or already parsed headers. */
  customHeaders?: string | Readonly<Record<string, string>> | undefined;
  /**
   * TLS settings for the platform (`OPENCTI_SSL_VERIFY`: custom CA, client certificate, or no
   * verification), from `resolveTlsOptions(openctiTlsOptions(…))` in `tls/`. The client then
   * owns a TLS-bound fetch: release it with {@linkcode OpenCTIApiClient.close}.
   */
  tls?: ResolvedTlsOptions | undefined;
  /** A `Deno.HttpClient` to send requests with (not closed by this client). */
  httpClient?: Deno.HttpClient | undefined;
  /** A `fetch` to send requests with (e.g. a `TlsFetch`'s), not closed by this client. */
  fetch?: typeof fetch | undefined;
  /** Per-attempt timeout in ms. Default 300 000, as pycti. */
  timeoutMs?: number | undefined;
  /** Retry policy; see {@linkcode OpenCTIApiRetryOptions}. */
  retry?: OpenCTIApiRetryOptions | undefined;
  /** `User-Agent` header. Default `octi-connector/0.1.0`. */
  userAgent?: string | undefined;
  /** Where warnings about retries go. Default: {@linkcode silentLogger}. */
  logger?: Logger | undefined;
  /** Time source for timeouts and backoff. Default: the system clock. */
  clock?: Clock | undefined;
}

/**
 * Per-call options accepted by every API function.
 *
 * @example
 * ```ts
 * import { apiHealthCheck, OpenCTIApiClient, type OpenCTIRequestOptions } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const options: OpenCTIRequestOptions = { timeoutMs: 5_000, retry: false };
 * await apiHealthCheck(client, options);
 * ```
 */
export interface OpenCTIRequestOptions {
  /** Cancels the call (including a retry wait); the call rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
  /** Overrides the client's per-attempt timeout. */
  timeoutMs?: number | undefined;
  /**
   * Whether network failures and 5xx answers are retried. Each API function sets it from
   * whether its operation is safe to repeat; a raw {@linkcode OpenCTIApiClient.query}
   * retries `query` documents and not `mutation` ones.
   */
  retry?: boolean | undefined;
  /** Leaves out `opencti-applicant-id` for this call (pycti's `disable_impersonate`). */
  withoutImpersonation?: boolean | undefined;
  /** Extra headers for this call (e.g. `opencti-playbook-id`, `synchronized-upsert`). */
  headers?: Readonly<Record<string, string>> | undefined;
}

/** Library version reported in the default `User-Agent`. */
const VERSION = "0.1.0";

const OPERATION = /^\s*(query|mutation)\s+([_A-Za-z][_0-9A-Za-z]*)/;

/**
 * A small GraphQL-over-fetch client for the OpenCTI platform, used by every API function
 * (`registerConnector`, `pingConnector`, `initiateWork`, …).
 *
 * Headers: `User-Agent`, `Authorization: Bearer <token>`, then the custom headers (which may
 * replace both, as in pycti), then `opencti-applicant-id` when {@linkcode applicantId} is set
 * (impersonation) and `opencti-draft-id` when {@linkcode draftId} is not null (an empty string
 * is sent as an empty header, as pycti does after a job).
 *
 * Failures throw {@linkcode OpenCTIApiError}. Network failures and 5xx answers of calls that
 * are safe to repeat are retried with jittered exponential backoff; 4xx answers, GraphQL
 * errors and timeouts are not. The token never appears in an error message or a log line.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const data = await client.query<{ about: { version: string } }>(
 *   "query healthCheck { about { version } }",
 * );
 * if (!data.about.version) throw new Error("no version");
 * ```
 */
export class OpenCTIApiClient implements Disposable {
  /** Base URL as given (`OPENCTI_URL`). */
  readonly url: string;
  /** The GraphQL endpoint, `${url}/graphql`. */
  readonly graphqlUrl: string;
  /** Logger passed to the API functions built on this client. */
  readonly logger: Logger;
  /** User id sent as `opencti-applicant-id` (impersonation), or null to send none. */
  applicantId: string | null = null;
  /** Draft id sent as `opencti-draft-id`, or null to send none. */
  draftId: string | null = null;

  #token: string;
  #headers: Headers;
  #fetch: typeof fetch;
  #owned: TlsFetch | null = null;
  #timeoutMs: number;
  #retry: {
    maxRetries: number;
    initialMs: number;
    maxMs: number;
    factor: number;
    random?: () => number;
  };
  #clock: Clock;

  /** Checks the settings and prepares the headers; sends nothing. */
  constructor(options: OpenCTIApiClientOptions) {
    if (!options.url) {
      throw new TypeError("Cannot create the OpenCTI API client: a URL must be set (OPENCTI_URL)");
    }
    if (!options.token || options.token === "ChangeMe") {
      throw new TypeError(
        'Cannot create the OpenCTI API client: a token must be set (OPENCTI_TOKEN is empty or "ChangeMe")',
      );
    }
    // Checked here so that `Headers` never gets to quote the token in its own error.
    if ([...options.token].some((c) => c <= " " || c === "\u007f")) {
      throw new TypeError(
        "Cannot create the OpenCTI API client: the token contains whitespace or control characters",
      );
    }
    this.url = options.url;
    this.graphqlUrl = `${options.url}/graphql`;
    this.logger = options.logger ?? silentLogger;
    this.#token = options.token;
    const transports = [options.tls, options.httpClient, options.fetch].filter((t) => t);
    if (transports.length > 1) {
      throw new TypeError(
        "Cannot create the OpenCTI API client: give at most one of tls, httpClient and fetch",
      );
    }
    const httpClient = options.httpClient;
    if (options.tls) {
      this.#owned = createTlsFetch(options.tls);
      this.#fetch = this.#owned.fetch;
    } else if (httpClient) {
      this.#fetch = (input, init) => fetch(input, { ...init, client: httpClient });
    } else {
      this.#fetch = options.fetch ?? ((input, init) => fetch(input, init));
    }
    this.#timeoutMs = options.timeoutMs ?? 300_000;
    this.#clock = options.clock ?? systemClock;
    const retry = options.retry ?? {};
    this.#retry = {
      maxRetries: retry.maxRetries ?? 5,
      initialMs: retry.initialMs ?? 500,
      maxMs: retry.maxMs ?? 30_000,
      factor: retry.factor ?? 2,
      ...(retry.random ? { random: retry.random } : {}),
    };
    if (!Number.isInteger(this.#retry.maxRetries) || this.#retry.maxRetries < 0) {
      throw new RangeError(
        `Cannot create the OpenCTI API client: retry.maxRetries must be a non-negative integer, got ${this.#retry.maxRetries}`,
      );
    }
    this.#headers = new Headers({
      "User-Agent": options.userAgent ?? `octi-connector/${VERSION}`,
      "Authorization": `Bearer ${options.token}`,
    });
    let custom = options.customHeaders ?? {};
    if (typeof custom === "string") {
      const parsed = parseCustomHeaders(custom);
      for (const piece of parsed.invalid) {
        this.logger.warning("Ignored invalid header pair", { header_pair: piece });
      }
      custom = parsed.headers;
    }
    for (const [name, value] of Object.entries(custom)) this.#headers.set(name, value);
  }

  /**
   * Sends one GraphQL document and returns its `data`. Variables holding a `Blob`/`File`
   * are sent as a multipart request (GraphQL multipart request spec).
   */
  async query<T = Record<string, unknown>>(
    document: string,
    variables: Record<string, unknown> = {},
    options: OpenCTIRequestOptions = {},
  ): Promise<T> {
    const match = OPERATION.exec(document);
    const operation = match?.[2] ?? "anonymous";
    const retry = options.retry ?? match?.[1] === "query";
    const maxRetries = retry ? this.#retry.maxRetries : 0;
    for (let attempt = 0;; attempt++) {
      try {
        return await this.#attempt<T>(operation, document, variables, options);
      } catch (error) {
        if (!(error instanceof OpenCTIApiError)) throw error;
        error.attempts = attempt + 1;
        if (!error.retryable || attempt >= maxRetries) throw error;
        const delayMs = backoffDelay(attempt, this.#retry);
        this.logger.warning("OpenCTI API call failed, retrying", {
          operation,
          attempt: attempt + 1,
          delay_ms: Math.round(delayMs),
          reason: error.message,
        });
        await sleep(delayMs, { signal: options.signal, clock: this.#clock });
      }
    }
  }

  /**
   * Downloads a platform file, e.g. a job's `file_fetch` path (`/storage/get/<id>`), with the
   * same headers and TLS settings as GraphQL calls. Not retried. A non-2xx status throws.
   */
  async fetchFile(path: string, options: OpenCTIRequestOptions = {}): Promise<Uint8Array> {
    return await this.#send("fetchFile", `${this.url}${path}`, "GET", null, options, async (r) => {
      if (!r.ok) throw this.#statusError("fetchFile", r.status, await r.text());
      return new Uint8Array(await r.arrayBuffer());
    });
  }

  /** Releases the TLS-bound fetch created for the `tls` option; idempotent. */
  close(): void {
    this.#owned?.close();
  }

  /** Same as {@linkcode OpenCTIApiClient.close}. */
  [Symbol.dispose](): void {
    this.close();
  }

  async #attempt<T>(
    operation: string,
    document: string,
    variables: Record<string, unknown>,
    options: OpenCTIRequestOptions,
  ): Promise<T> {
    const body = multipartBody(document, variables) ??
      JSON.stringify({ query: document, variables });
    return await this.#send(operation, this.graphqlUrl, "POST", body, options, async (r) => {
      const text = await r.text();
      let parsed: { data?: unknown; errors?: OpenCTIGraphQLErrorEntry[] } | undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      const errors = parsed?.errors;
      if (Array.isArray(errors) && errors.length > 0) {
        throw this.#graphqlError(operation, r.status, errors);
      }
      if (!r.ok) throw this.#statusError(operation, r.status, text);
      if (parsed === undefined || parsed === null || typeof parsed !== "object") {
        throw new OpenCTIApiError({
          operation,
          code: "INVALID_RESPONSE",
          platformMessage: null,
          status: r.status,
          retryable: false,
          detail: `the answer is not a GraphQL response: ${this.#excerpt(text)}`,
        });
      }
      return (parsed.data ?? {}) as T;
    });
  }

  async #send<T>(
    operation: string,
    url: string,
    method: "GET" | "POST",
    body: string | FormData | null,
    options: OpenCTIRequestOptions,
    read: (response: Response) => Promise<T>,
  ): Promise<T> {
    options.signal?.throwIfAborted();
    const headers = new Headers(this.#headers);
    if (this.applicantId !== null && !options.withoutImpersonation) {
      headers.set("opencti-applicant-id", this.applicantId);
    }
    if (this.draftId !== null) headers.set("opencti-draft-id", this.draftId);
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    if (typeof body === "string") headers.set("Content-Type", "application/json");

    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    const timeout = new AbortController();
    const timer = this.#clock.setTimeout(
      () => timeout.abort(new DOMException(`no answer within ${timeoutMs} ms`, "TimeoutError")),
      timeoutMs,
    );
    const signal = options.signal
      ? AbortSignal.any([options.signal, timeout.signal])
      : timeout.signal;
    try {
      let response: Response;
      try {
        response = await this.#fetch(url, { method, headers, body, signal });
      } catch (error) {
        throw this.#transportError(operation, error, options.signal, timeout.signal, timeoutMs);
      }
      try {
        return await read(response);
      } catch (error) {
        if (error instanceof OpenCTIApiError) throw error;
        throw this.#transportError(operation, error, options.signal, timeout.signal, timeoutMs);
      } finally {
        if (!response.bodyUsed) await response.body?.cancel().catch(() => {});
      }
    } finally {
      this.#clock.clearTimeout(timer);
    }
  }

  #transportError(
    operation: string,
    error: unknown,
    callerSignal: AbortSignal | undefined,
    timeoutSignal: AbortSignal,
    timeoutMs: number,
  ): unknown {
    if (callerSignal?.aborted) return callerSignal.reason;
    if (timeoutSignal.aborted) {
      return new OpenCTIApiError({
        operation,
        code: "TIMEOUT",
        platformMessage: null,
        status: null,
        retryable: false,
        detail: `no answer within ${timeoutMs} ms`,
      });
    }
    const reason = error instanceof Error ? error.message : String(error);
    return new OpenCTIApiError({
      operation,
      code: "NETWORK_ERROR",
      platformMessage: null,
      status: null,
      retryable: true,
      detail: `network error: ${this.#redact(reason)}`,
      cause: error,
    });
  }

  #graphqlError(
    operation: string,
    status: number,
    errors: OpenCTIGraphQLErrorEntry[],
  ): OpenCTIApiError {
    const redacted = errors.map((e) => ({ ...e, message: this.#redact(String(e?.message)) }));
    const first = redacted[0]!;
    const details = { ...(first.extensions?.data ?? first.data ?? {}) };
    delete details.input;
    return new OpenCTIApiError({
      operation,
      code: first.extensions?.code ?? first.name ?? "UNKNOWN_ERROR",
      platformMessage: first.message,
      status,
      data: details,
      errors: redacted,
      retryable: status >= 500,
      detail: first.message,
    });
  }

  #statusError(operation: string, status: number, text: string): OpenCTIApiError {
    return new OpenCTIApiError({
      operation,
      code: "HTTP_ERROR",
      platformMessage: null,
      status,
      retryable: status >= 500,
      detail: `HTTP ${status}: ${this.#excerpt(text)}`,
    });
  }

  #excerpt(text: string): string {
    const redacted = this.#redact(text);
    return JSON.stringify(redacted.length > 500 ? `${redacted.slice(0, 500)}…` : redacted);
  }

  #redact(text: string): string {
    return text.replaceAll(this.#token, "***");
  }
}
