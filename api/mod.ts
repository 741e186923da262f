/**
 * The OpenCTI platform's GraphQL API as a connector uses it: {@linkcode OpenCTIApiClient}
 * (bearer token, `OPENCTI_CUSTOM_HEADERS`, impersonation and draft headers, TLS settings from
 * `tls/`, timeouts, bounded retries, multipart uploads) and one typed function per
 * operation pycti sends, with pycti's documents and variables ({@linkcode OPENCTI_DOCUMENTS}).
 * Failures are {@linkcode OpenCTIApiError}s carrying the platform's message and code.
 * Service-account auto-creation has its own functions ({@linkcode listGroups},
 * {@linkcode listUsers}, {@linkcode readUser}, {@linkcode addUser}), whose documents
 * ({@linkcode OPENCTI_SERVICE_ACCOUNT_DOCUMENTS}) lie outside the connector schema subset.
 *
 * The functions know documents, not connector policy: gates such as
 * `CONNECTOR_SEND_TO_QUEUE`, caching, and swallowing errors pycti swallows belong to the caller.
 *
 * Deliberate differences from pycti's API client:
 *
 * - Network failures and 5xx answers are retried with jittered exponential backoff (5 retries by
 *   default) for the operations that are safe to repeat; pycti never retries. Operations whose
 *   repeat would duplicate something (`workAdd`, `addExpectations`, `reportExpectation`,
 *   `stixBundlePush`, `uploadPending`, `draftWorkspaceAdd`, `playbookStepExecution`, `userAdd`)
 *   are not, nor are timeouts, 4xx answers and GraphQL errors.
 * - Failures are {@linkcode OpenCTIApiError}s with the platform's message, code and details,
 *   also for GraphQL errors answered with a non-200 status (pycti keeps only the raw body text
 *   then); the token is redacted from every error and log line.
 * - Constructing a client sends nothing: the health check is {@linkcode apiHealthCheck}.
 * - `User-Agent` is `octi-connector/<version>` (configurable) instead of `pycti/<version>`.
 * - {@linkcode OpenCTIApiClient.fetchFile} throws on a non-2xx status instead of returning the
 *   error page.
 * - {@linkcode registerConnector} asks for the newest selection (`jwks`, `config.s3`) and falls
 *   back to older ones on platforms that reject them, so one build registers on 6.8 and newer;
 *   `version`, `slug` and `xtm_one_intent` are sent only when set.
 * - A client certificate can be given through `tls` (pycti has none).
 *
 * @example
 * ```ts
 * import {
 *   initiateWork,
 *   OpenCTIApiClient,
 *   pingConnector,
 *   registerConnector,
 *   workToProcessed,
 * } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 *
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const registration = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "My Feed",
 *   type: "EXTERNAL_IMPORT",
 *   scope: ["report"],
 * });
 * await pingConnector(client, { id: registration.id, state: null });
 * const workId = await initiateWork(client, { connectorId: registration.id, friendlyName: "run" });
 * await workToProcessed(client, { workId, message: "nothing new" });
 * ```
 *
 * @module
 */
export type { ConnectorType, MqConnectionConfig } from "../config/mod.ts";
export type { Clock, Logger, LogMeta } from "../core/mod.ts";
export type { ResolvedTlsOptions } from "../tls/tls_options.ts";
export * from "./add_user.ts";
export * from "./api_health_check.ts";
export * from "./create_draft_workspace.ts";
export * from "./delete_work.ts";
export * from "./documents.ts";
export * from "./get_connector.ts";
export * from "./get_stream_collection.ts";
export * from "./get_work.ts";
export * from "./initiate_work.ts";
export * from "./list_groups.ts";
export * from "./list_users.ts";
export * from "./opencti_api_client.ts";
export * from "./opencti_api_error.ts";
export * from "./ping_connector.ts";
export * from "./ping_work.ts";
export * from "./playbook_step_execution.ts";
export * from "./push_stix_bundle.ts";
export * from "./read_user.ts";
export * from "./register_connector.ts";
export * from "./report_work_expectation.ts";
export * from "./unregister_connector.ts";
export * from "./upload_pending.ts";
export * from "./work_add_draft_context.ts";
export * from "./work_add_expectations.ts";
export * from "./work_to_processed.ts";
export * from "./work_to_received.ts";
