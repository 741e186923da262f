/**
 * One entry of a GraphQL response's `errors` array, as the platform sends it.
 *
 * @example
 * ```ts
 * import type { OpenCTIGraphQLErrorEntry } from "@octi/connector/api";
 * const entry: OpenCTIGraphQLErrorEntry = {
 *   message: "You must be logged in to do this.",
 *   extensions: { code: "AUTH_REQUIRED", data: { http_status: 401 } },
 * };
 * ```
 */
export interface OpenCTIGraphQLErrorEntry {
  /** Human-readable message. */
  message: string;
  /** Error name (older platforms: `AuthRequired`; newer: the code again). */
  name?: string | undefined;
  /** Newer platforms: `code` (e.g. `AUTH_REQUIRED`) and `data` (e.g. `http_status`). */
  extensions?:
    | { code?: string | undefined; data?: Record<string, unknown> | undefined }
    | undefined;
  /** Older platforms: error details at the top level. */
  data?: Record<string, unknown> | undefined;
  /** Response path of the failing field. */
  path?: readonly (string | number)[] | undefined;
}

/**
 * Constructor fields of {@linkcode OpenCTIApiError}.
 *
 * @example
 * ```ts
 * import { OpenCTIApiError, type OpenCTIApiErrorInit } from "@octi/connector/api";
 * const init: OpenCTIApiErrorInit = {
 *   operation: "PingConnector",
 *   code: "TIMEOUT",
 *   platformMessage: null,
 *   status: null,
 *   retryable: false,
 *   detail: "no answer within 300000 ms",
 * };
 * if (!new OpenCTIApiError(init).message.includes("no answer")) throw new Error();
 * ```
 */
export interface OpenCTIApiErrorInit {
  /** GraphQL operation name (e.g. `RegisterConnector`), or `fetchFile`. */
  operation: string;
  /** Platform code (`AUTH_REQUIRED`, `FUNCTIONAL_ERROR`, …) or a local one (see {@linkcode OpenCTIApiError.code}). */
  code: string;
  /** The platform's own message (`errors[0].message`), null when no GraphQL error came back. */
  platformMessage: string | null;
  /** HTTP status of the response, null when none arrived. */
  status: number | null;
  /** `errors[0]` details (`extensions.data` or `data`), without the `input` key, as pycti. */
  data?: Record<string, unknown> | undefined;
  /** Every GraphQL error of the response. */
  errors?: readonly OpenCTIGraphQLErrorEntry[] | undefined;
  /** Whether repeating the request could succeed (network failure or 5xx). */
  retryable: boolean;
  /** Short description used in the message when there is no platform message. */
  detail: string;
  /** Underlying error (network failure). */
  cause?: unknown;
}

/**
 * A failed call to the OpenCTI API: a GraphQL error answered by the platform, an HTTP error
 * status, a network failure or a timeout. Carries the platform's message and code so callers
 * can branch on them; never carries the API token.
 *
 * `code` is the platform's code (`extensions.code`, else `name`), or one of these local codes:
 * `HTTP_ERROR` (non-2xx status without a GraphQL error body), `NETWORK_ERROR`, `TIMEOUT`,
 * `INVALID_RESPONSE` (a 2xx body that is not a GraphQL response).
 *
 * @example
 * ```ts
 * import { apiHealthCheck, OpenCTIApiClient, OpenCTIApiError } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: "not-the-token" });
 * try {
 *   await apiHealthCheck(client);
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof OpenCTIApiError) || error.code !== "AUTH_REQUIRED") throw error;
 * }
 * ```
 */
export class OpenCTIApiError extends Error {
  /** Always `"OpenCTIApiError"`. */
  override name = "OpenCTIApiError";
  /** GraphQL operation name, or `fetchFile`. */
  readonly operation: string;
  /** Platform code or local code (see the class description). */
  readonly code: string;
  /** The platform's message text verbatim (pycti's `error_message`), or null. */
  readonly platformMessage: string | null;
  /** HTTP status of the response, or null when none arrived. */
  readonly status: number | null;
  /** Details of the first error (without `input`). */
  readonly data: Readonly<Record<string, unknown>>;
  /** All GraphQL errors of the response. */
  readonly errors: readonly OpenCTIGraphQLErrorEntry[];
  /** Whether the failure is transient (network failure or 5xx). */
  readonly retryable: boolean;
  /** Attempts made before giving up (1 when not retried). */
  attempts: number = 1;

  /** Builds the error; the message is derived from the fields. */
  constructor(init: OpenCTIApiErrorInit) {
    const what = init.platformMessage === null
      ? init.detail
      : `${init.platformMessage} (${init.code})`;
    super(`OpenCTI API call ${init.operation} failed: ${what}`, { cause: init.cause });
    this.operation = init.operation;
    this.code = init.code;
    this.platformMessage = init.platformMessage;
    this.status = init.status;
    this.data = init.data ?? {};
    this.errors = init.errors ?? [];
    this.retryable = init.retryable;
  }
}
