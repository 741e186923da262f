import type { S3Connection } from "../api/register_connector.ts";
import type { Clock } from "../core/clock.ts";
import type { StreamLogOptions, StreamLogStreamOptions } from "./stream_log.ts";

/**
 * Options for {@linkcode startOpenCTIEmulator}.
 *
 * @example
 * ```ts
 * import { type OpenCTIEmulatorOptions, startOpenCTIEmulator } from "@octi/connector/testing";
 * const options: OpenCTIEmulatorOptions = { token: "test-token", version: "6.9.0" };
 * await using emulator = await startOpenCTIEmulator(options);
 * if (emulator.token !== "test-token") throw new Error();
 * ```
 */
export interface OpenCTIEmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  hostname?: string | undefined;
  /** Port; default 0 (a free one). */
  port?: number | undefined;
  /** Serve HTTPS with this certificate and key (PEM), to test a connector's TLS settings. */
  tls?: { cert: string; key: string } | undefined;
  /** API token the emulator accepts. Default: a random UUID. */
  token?: string | undefined;
  /** Platform version answered to the health check. Default `6.8.10`. */
  version?: string | undefined;
  /**
   * AMQP URL of a real broker (e.g. `amqp://guest:guest@127.0.0.1:5672`). When set, the
   * emulator declares connector queues at registration, consumes push queues like the
   * ingestion worker, and can publish jobs. Without it, registration still answers with queue
   * names but nothing is declared.
   */
  amqpUrl?: string | undefined;
  /** RabbitMQ management API base URL for queue sizes. Default `http://<amqp host>:15672`. */
  amqpManagementUrl?: string | undefined;
  /**
   * Prefix of every queue and exchange name (the platform's setting, usually empty). Default:
   * a random one per emulator, so parallel tests sharing a broker never collide.
   */
  queuePrefix?: string | undefined;
  /** The connector user id returned at registration. Default: a random UUID. */
  connectorUserId?: string | undefined;
  /** Object-store settings returned at registration (`config.s3`). Default: placeholder values. */
  s3?: S3Connection | undefined;
  /**
   * `Type.field` entries removed from the schema, to play an older platform, e.g.
   * `["Connector.jwks", "RegisterConnectorInput.version", "RegisterConnectorInput.slug"]`.
   */
  schemaWithout?: readonly string[] | undefined;
  /**
   * Credential the emulated worker sends to HTTP callbacks: a JWT signed with the key of
   * {@linkcode OpenCTIEmulator.jwks} (newest platforms, default) or the API token (≤ 6.8).
   */
  callbackAuth?: "jwt" | "token" | undefined;
  /** Options of the SSE side ({@linkcode StreamLog}). */
  stream?: StreamLogOptions | undefined;
  /** Time source for timestamps, injected delays and {@linkcode OpenCTIEmulator.waitFor}. */
  clock?: Clock | undefined;
}

/**
 * One HTTP request the emulator answered (the token is never recorded).
 *
 * @example
 * ```ts
 * import type { EmulatorRequestRecord } from "@octi/connector/testing";
 * const impersonated = (record: EmulatorRequestRecord): boolean =>
 *   record.headers["opencti-applicant-id"] !== undefined;
 * ```
 */
export interface EmulatorRequestRecord {
  /** Which endpoint family. */
  kind: "graphql" | "stream" | "file" | "other";
  /** HTTP method. */
  method: string;
  /** URL path and query. */
  path: string;
  /** GraphQL operation name, or null. */
  operationName: string | null;
  /** GraphQL variables (uploaded files appear as `File` objects), or null. */
  variables: Record<string, unknown> | null;
  /** Request headers, lower-cased, without `authorization`. */
  headers: Record<string, string>;
  /** Whether the request carried the valid token. */
  authorized: boolean;
  /** HTTP status answered (0 when the connection was reset or the client went away). */
  status: number;
  /** Injected fault applied, or null. */
  fault: "status" | "reset" | "delay" | null;
  /** Time of the request (emulator clock, ms). */
  at: number;
}

/**
 * Tallies of {@linkcode OpenCTIEmulator.requests} and of the worker.
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorCounters } from "@octi/connector/testing";
 * const pings = (counters: OpenCTIEmulatorCounters): number =>
 *   counters.operations.PingConnector ?? 0;
 * ```
 */
export interface OpenCTIEmulatorCounters {
  /** GraphQL requests. */
  graphql: number;
  /** Stream (SSE) requests. */
  stream: number;
  /** File downloads. */
  files: number;
  /** Requests without the valid token. */
  unauthorized: number;
  /** Requests an injected fault applied to. */
  faults: number;
  /** GraphQL requests per operation name. */
  operations: Record<string, number>;
  /** Push messages the worker consumed. */
  pushedMessages: number;
}

/**
 * Options for {@linkcode OpenCTIEmulator.failNextRequests}.
 *
 * @example
 * ```ts
 * import { type EmulatorFailOptions, startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const fail: EmulatorFailOptions = { status: 502, operation: "PingConnector" };
 * emulator.failNextRequests(2, fail);
 * ```
 */
export interface EmulatorFailOptions {
  /** HTTP status to answer. Default 503. */
  status?: number | undefined;
  /** Cut the connection instead of answering a status. */
  reset?: boolean | undefined;
  /** Response body (plain text). Default: a short message naming the fault. */
  body?: string | undefined;
  /** Only requests of this GraphQL operation (e.g. `PingConnector`) count. */
  operation?: string | undefined;
}

/**
 * Options for {@linkcode OpenCTIEmulator.delayNextRequests}.
 *
 * @example
 * ```ts
 * import { type EmulatorDelayOptions, startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const options: EmulatorDelayOptions = { operation: "RegisterConnector" };
 * emulator.delayNextRequests(1, 2_000, options);
 * ```
 */
export interface EmulatorDelayOptions {
  /** Only requests of this GraphQL operation count. */
  operation?: string | undefined;
}

/**
 * Options for {@linkcode OpenCTIEmulator.addStreamCollection}.
 *
 * @example
 * ```ts
 * import {
 *   type EmulatorStreamCollectionOptions,
 *   startOpenCTIEmulator,
 * } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const options: EmulatorStreamCollectionOptions = { id: "indicators", stream_live: false };
 * emulator.addStreamCollection(options);
 * ```
 */
export interface EmulatorStreamCollectionOptions {
  /** Collection id; default a random UUID. */
  id?: string | undefined;
  /** Name; default `"Live stream"`. */
  name?: string | undefined;
  /** Description. */
  description?: string | null | undefined;
  /** Filters (JSON text). */
  filters?: string | null | undefined;
  /** Started; default true. */
  stream_live?: boolean | undefined;
  /** Public; default false. */
  stream_public?: boolean | undefined;
  /** Which stream events the collection carries (passed to {@linkcode StreamLog.addStream}). */
  filter?: StreamLogStreamOptions["filter"];
}

/**
 * Options for {@linkcode OpenCTIEmulator.createCallbackToken}.
 *
 * @example
 * ```ts
 * import { type EmulatorCallbackTokenOptions, startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const expired: EmulatorCallbackTokenOptions = { expiresInSeconds: -60 };
 * const token = await emulator.createCallbackToken(expired);
 * if (token.split(".").length !== 3) throw new Error();
 * ```
 */
export interface EmulatorCallbackTokenOptions {
  /** Lifetime in seconds (negative makes an expired token). Default 300. */
  expiresInSeconds?: number | undefined;
  /** `iss` claim. Default `"opencti"`. */
  issuer?: string | undefined;
  /** `sub` claim. Default `"connector"`. */
  subject?: string | undefined;
}

/**
 * What {@linkcode OpenCTIEmulator.sendJob} did.
 *
 * @example
 * ```ts
 * import type { OpenCTIEmulatorJobResult } from "@octi/connector/testing";
 * const accepted = (result: OpenCTIEmulatorJobResult): boolean =>
 *   result.delivery === "amqp" || result.callbackStatus === 202;
 * ```
 */
export interface OpenCTIEmulatorJobResult {
  /** The job's work (created unless the job said otherwise), or null. */
  workId: string | null;
  /** The message delivered. */
  message: Record<string, unknown>;
  /** `"amqp"`: published to the listen queue; `"callback"`: POSTed to the connector. */
  delivery: "amqp" | "callback";
  /** HTTP status of the callback (202 = accepted), or null for AMQP. */
  callbackStatus: number | null;
}

/**
 * Options for {@linkcode OpenCTIEmulator.waitFor}.
 *
 * @example
 * ```ts
 * import { type EmulatorWaitOptions, startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const options: EmulatorWaitOptions = { timeoutMs: 1_000 };
 * await emulator.waitFor(() => emulator.state.connectors.size === 0, options);
 * ```
 */
export interface EmulatorWaitOptions {
  /** Give up after this many ms (emulator clock). Default 10 000. */
  timeoutMs?: number | undefined;
  /** Stops waiting. */
  signal?: AbortSignal | undefined;
}
