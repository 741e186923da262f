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
