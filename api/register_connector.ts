import type { MqConnectionConfig } from "../config/apply_mq_overrides.ts";
import type { ConnectorType } from "../config/connector_settings.ts";
import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";
import { OpenCTIApiError } from "./opencti_api_error.ts";

/**
 * The registration input (`RegisterConnectorInput`), with the platform's field names. Omitted
 * fields get pycti's values: `scope` `[]`, booleans `false`, `enrichment_resolution` `"none"`,
 * `listen_callback_uri` null. `xtm_one_intent`, `version` and `slug` are sent only when set.
 *
 * @example
 * ```ts
 * import type { RegisterConnectorInput } from "@octi/connector/api";
 * const input: RegisterConnectorInput = {
 *   id: "5d3c6d2f-6a3f-4f5d-9d1e-0e8a3a6f2b11",
 *   name: "My Enricher",
 *   type: "INTERNAL_ENRICHMENT",
 *   scope: ["IPv4-Addr", "Domain-Name"],
 *   playbook_compatible: true,
 * };
 * ```
 */
export interface RegisterConnectorInput {
  /** `CONNECTOR_ID`. */
  id: string;
  /** `CONNECTOR_NAME`. */
  name: string;
  /** `CONNECTOR_TYPE`. */
  type: ConnectorType;
  /** `CONNECTOR_SCOPE`, already split on `,`. */
  scope?: readonly string[] | undefined;
  /** `CONNECTOR_AUTO`. */
  auto?: boolean | undefined;
  /** `CONNECTOR_AUTO_UPDATE`. */
  auto_update?: boolean | undefined;
  /** `CONNECTOR_ENRICHMENT_RESOLUTION`. */
  enrichment_resolution?: string | null | undefined;
  /** `CONNECTOR_ONLY_CONTEXTUAL`. */
  only_contextual?: boolean | undefined;
  /** Whether the connector can run as a playbook step. */
  playbook_compatible?: boolean | undefined;
  /** HTTP callback URI (`CONNECTOR_LISTEN_PROTOCOL=API`), else null. */
  listen_callback_uri?: string | null | undefined;
  /** `CONNECTOR_XTM_ONE_INTENT` (newest platforms only). */
  xtm_one_intent?: string | null | undefined;
  /** Connector build version (newest platforms; dropped on a platform that rejects it). */
  version?: string | null | undefined;
  /** Connector slug (newest platforms; dropped on a platform that rejects it). */
  slug?: string | null | undefined;
}

/**
 * Broker connection returned at registration (`config.connection`): the record config/ calls
 * `MqConnectionConfig`, which `applyMqOverrides` takes and the queue/ classes connect with.
 *
 * @example
 * ```ts
 * import type { RabbitMQConnection } from "@octi/connector/api";
 * const connection: RabbitMQConnection = {
 *   host: "rabbitmq",
 *   vhost: "/",
 *   use_ssl: false,
 *   port: 5672,
 *   user: "opencti",
 *   pass: "secret",
 * };
 * ```
 */
export type RabbitMQConnection = MqConnectionConfig;

/**
 * Platform object-store settings returned at registration (`config.s3`, newer platforms).
 *
 * @example
 * ```ts
 * import type { S3Connection } from "@octi/connector/api";
 * const s3: S3Connection = {
 *   endpoint: "minio",
 *   port: 9000,
 *   use_ssl: false,
 *   bucket_name: "opencti-bucket",
 *   bucket_region: "us-east-1",
 *   access_key: "opencti",
 *   secret_key: "secret",
 * };
 * ```
 */
export interface S3Connection {
  /** Endpoint host. */
  endpoint: string;
  /** Endpoint port. */
  port: number;
  /** Whether to use HTTPS. */
  use_ssl: boolean;
  /** Bucket name. */
  bucket_name: string;
  /** Bucket region. */
  bucket_region: string;
  /** Access key. */
  access_key: string;
  /** Secret key. */
  secret_key: string;
}

/**
 * Queue configuration returned at registration (`config`).
 *
 * @example
 * ```ts
 * import type { ConnectorQueueConfig } from "@octi/connector/api";
 * const pushTarget = (config: ConnectorQueueConfig) => ({
 *   exchange: config.push_exchange,
 *   routingKey: config.push_routing,
 * });
 * ```
 */
export interface ConnectorQueueConfig {
  /** Broker connection (before any `MQ_*` override). */
  connection: RabbitMQConnection;
  /** Object-store settings; null on platforms that do not send them, or send null. */
  s3: S3Connection | null;
  /** Queue the connector consumes jobs from (`listen_<id>`). */
  listen: string;
  /** Routing key the platform publishes jobs with. */
  listen_routing: string;
  /** Exchange the platform publishes jobs to. */
  listen_exchange: string;
  /** Queue the workers consume bundles from (`push_<id>`). */
  push: string;
  /** Routing key to publish bundles with. */
  push_routing: string;
  /** Exchange to publish bundles to. */
  push_exchange: string;
}

/**
 * What {@linkcode registerConnector} returns (the platform's field names).
 *
 * @example
 * ```ts
 * import type { ConnectorRegistration } from "@octi/connector/api";
 * const callbackAuth = (registration: ConnectorRegistration): "jwt" | "token" =>
 *   registration.jwks ? "jwt" : "token";
 * ```
 */
export interface ConnectorRegistration {
  /** Connector id (used for unregistering, buffering checks, bundle pushes). */
  id: string;
  /** Stored state: a JSON string, `""` after a reset, or null. */
  connector_state: string | null;
  /** JWK Set (JSON text) verifying HTTP callbacks; null on platforms without it. */
  jwks: string | null;
  /** Broker and queue configuration. */
  config: ConnectorQueueConfig;
  /** The connector's own user: the default applicant id. */
  connector_user_id: string | null;
}

interface RegistrationAnswer {
  registerConnector:
    | (Omit<ConnectorRegistration, "jwks" | "config"> & {
      jwks?: string | null;
      config: Omit<ConnectorQueueConfig, "s3"> & { s3?: S3Connection | null };
    })
    | null;
}

function buildInput(input: RegisterConnectorInput): Record<string, unknown> {
  // pycti's key order; the newest optional fields only when they carry a value.
  const sent: Record<string, unknown> = {
    id: input.id,
    name: input.name,
    type: input.type,
    scope: input.scope ?? [],
    auto: input.auto ?? false,
    auto_update: input.auto_update ?? false,
    enrichment_resolution: input.enrichment_resolution === undefined
      ? "none"
      : input.enrichment_resolution,
    only_contextual: input.only_contextual ?? false,
    playbook_compatible: input.playbook_compatible ?? false,
    listen_callback_uri: input.listen_callback_uri ?? null,
  };
  if (input.xtm_one_intent) sent.xtm_one_intent = input.xtm_one_intent;
  if (input.version) sent.version = input.version;
  if (input.slug) sent.slug = input.slug;
  return sent;
}

function errorText(error: OpenCTIApiError): string {
  return error.errors.length > 0 ? error.errors.map((e) => e.message).join("\n") : error.message;
}

/**
 * Registers the connector (`registerConnector`, idempotent on the platform, which also declares
 * the connector's queues) and returns its id, state, queue configuration and JWK Set.
 *
 * Sends the newest selection (`jwks` and `config.s3`) first and falls back, once each, as
 * documented for pycti: when the platform rejects `"version"`/`"slug"` in
 * `RegisterConnectorInput` (`… is not defined …`) it retries without them; when it cannot
 * query `jwks` (or `s3`) it retries with the older selection, so the same code registers on
 * 6.8 platforms and on the newest ones. Retried on network failures and 5xx.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const registration = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "My Enricher",
 *   type: "INTERNAL_ENRICHMENT",
 *   scope: ["IPv4-Addr"],
 * });
 * if (!registration.config.listen.startsWith(emulator.queuePrefix + "listen_")) throw new Error();
 * ```
 */
export async function registerConnector(
  client: OpenCTIApiClient,
  input: RegisterConnectorInput,
  options: OpenCTIRequestOptions = {},
): Promise<ConnectorRegistration> {
  let document = OPENCTI_DOCUMENTS.registerConnector;
  let sent = buildInput(input);
  for (;;) {
    let answer: RegistrationAnswer;
    try {
      answer = await client.query<RegistrationAnswer>(
        document,
        { input: sent },
        callOptions(options, { retry: true }),
      );
    } catch (error) {
      if (!(error instanceof OpenCTIApiError)) throw error;
      const text = errorText(error);
      if (
        ("version" in sent || "slug" in sent) && text.includes("RegisterConnectorInput") &&
        text.includes("is not defined") && (text.includes('"version"') || text.includes('"slug"'))
      ) {
        client.logger.info("Registering again without version and slug", { reason: text });
        const { version: _v, slug: _s, ...rest } = sent;
        sent = rest;
        continue;
      }
      if (
        document !== OPENCTI_DOCUMENTS.registerConnectorLegacy &&
        /Cannot query field "s3"/.test(text)
      ) {
        document = OPENCTI_DOCUMENTS.registerConnectorLegacy;
        continue;
      }
      if (
        document === OPENCTI_DOCUMENTS.registerConnector && /Cannot query field "jwks"/.test(text)
      ) {
        document = OPENCTI_DOCUMENTS.registerConnectorWithoutJwks;
        continue;
      }
      throw error;
    }
    const registered = answer.registerConnector;
    if (!registered) {
      throw new TypeError(
        `OpenCTI API call RegisterConnector returned no connector for id "${input.id}"`,
      );
    }
    return {
      id: registered.id,
      connector_state: registered.connector_state ?? null,
      jwks: registered.jwks ?? null,
      config: { ...registered.config, s3: registered.config.s3 ?? null },
      connector_user_id: registered.connector_user_id ?? null,
    };
  }
}
