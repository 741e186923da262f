/**
 * How a setting's value is checked and typed by `resolveConnectorSettings`.
 *
 * @example
 * ```ts
 * import { connectorSettingsTable, type ConnectorSettingType } from "@octi/connector/config";
 * const type: ConnectorSettingType | undefined = connectorSettingsTable
 *   .find((s) => s.env === "CONNECTOR_DURATION_PERIOD")?.type;
 * if (type !== "duration") throw new Error();
 * ```
 */
export type ConnectorSettingType =
  | "string"
  | "boolean"
  | "integer"
  | "number"
  | "port"
  | "url"
  | "enum"
  | "list"
  | "headers"
  | "duration"
  | "boolean-or-path"
  | "date-or-false"
  | "epoch-ms"
  | "pem-or-path";

/**
 * One configuration variable of pycti's connector helper.
 *
 * @example
 * ```ts
 * import { type ConnectorSettingDefinition, connectorSettingsTable } from "@octi/connector/config";
 * const row = (def: ConnectorSettingDefinition) =>
 *   `| \`${def.env}\` | \`${def.yamlPath}\` | ${def.secret ? "(secret)" : JSON.stringify(def.default)} |`;
 * const lines: string[] = connectorSettingsTable.map(row);
 * if (!lines[0]?.startsWith("| `OPENCTI_URL` | `opencti.url` |")) throw new Error();
 * ```
 */
export interface ConnectorSettingDefinition {
  /** Environment variable, exactly pycti's. */
  readonly env: string;
  /** Path in config.yml, `section.key`. */
  readonly yamlPath: string;
  /** Where the value lands in `ConnectorSettings`, e.g. `connector.listenProtocolApiPort`. */
  readonly key: string;
  /** Value type. */
  readonly type: ConnectorSettingType;
  /** Accepted values of an `enum`. */
  readonly values?: readonly string[];
  /** Smallest accepted value of an `integer` or `port`. */
  readonly min?: number;
  /** Largest accepted value of an `integer` or `port`. */
  readonly max?: number;
  /** pycti's default. */
  readonly default: string | number | boolean | null;
  /** When the default is computed rather than fixed: where it comes from. */
  readonly defaultFrom?: string;
  /** Whether the connector cannot start without it. */
  readonly required: boolean;
  /** Whether the value must never be printed or logged. */
  readonly secret: boolean;
  /** What it controls. */
  readonly description: string;
  /** Set when the variable is deprecated: what to use instead. */
  readonly deprecated?: string;
}

const CONNECTOR_TYPES: readonly string[] = [
  "EXTERNAL_IMPORT",
  "INTERNAL_IMPORT_FILE",
  "INTERNAL_ENRICHMENT",
  "INTERNAL_ANALYSIS",
  "INTERNAL_EXPORT_FILE",
  "STREAM",
];

const FROM_PLATFORM = (key: string): string =>
  `the platform's value (registration response config.${key})`;

type RowInput =
  & Omit<ConnectorSettingDefinition, "required" | "secret">
  & Partial<Pick<ConnectorSettingDefinition, "required" | "secret">>;

function row(input: RowInput): ConnectorSettingDefinition {
  return Object.freeze({ required: false, secret: false, ...input });
}

/**
 * Every configuration variable pycti's connector helper reads (helper-behaviour §1.2), in
 * pycti's reading order, with its YAML path, default, type and whether it is secret. This is
 * the one place those facts live: `resolveConnectorSettings` reads from it and the README's
 * configuration reference is generated from it.
 *
 * @example
 * ```ts
 * import { connectorSettingsTable } from "@octi/connector/config";
 * const port = connectorSettingsTable.find((s) => s.env === "CONNECTOR_METRICS_PORT");
 * if (port?.yamlPath !== "connector.metrics_port" || port.default !== 9095) throw new Error();
 * const secrets = connectorSettingsTable.filter((s) => s.secret).map((s) => s.env);
 * if (!secrets.includes("OPENCTI_TOKEN")) throw new Error();
 * ```
 */
export const connectorSettingsTable: readonly ConnectorSettingDefinition[] = Object.freeze([
  row({
    env: "OPENCTI_URL",
    yamlPath: "opencti.url",
    key: "opencti.url",
    type: "url",
    default: null,
    required: true,
    description:
      "Base URL of the OpenCTI platform (GraphQL at `<url>/graphql`, live stream at `<url>/stream`).",
  }),
  row({
    env: "OPENCTI_TOKEN",
    yamlPath: "opencti.token",
    key: "opencti.token",
    type: "string",
    default: null,
    required: true,
    secret: true,
    description:
      'API token of the connector\'s user (`Authorization: Bearer`); the sample value "ChangeMe" is rejected.',
  }),
  row({
    env: "OPENCTI_CUSTOM_HEADERS",
    yamlPath: "opencti.custom_headers",
    key: "opencti.customHeaders",
    type: "headers",
    default: null,
    secret: true,
    description:
      "Extra HTTP headers for API calls, `Name: value;Other: value` (parsed into a map).",
  }),
  row({
    env: "OPENCTI_SSL_VERIFY",
    yamlPath: "opencti.ssl_verify",
    key: "opencti.sslVerify",
    type: "boolean-or-path",
    default: false,
    description:
      "Verify the platform's TLS certificate for API calls and the live stream: true, false, or the path of a CA bundle.",
  }),
  row({
    env: "OPENCTI_JSON_LOGGING",
    yamlPath: "opencti.json_logging",
    key: "opencti.jsonLogging",
    type: "boolean",
    default: true,
    description: "Log JSON lines (true) or plain `LEVEL:name:message` lines (false).",
  }),
  row({
    env: "CONNECTOR_ID",
    yamlPath: "connector.id",
    key: "connector.id",
    type: "string",
    default: null,
    required: true,
    description: "Connector id (a UUIDv4) sent at registration.",
  }),
  row({
    env: "CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT",
    yamlPath: "connector.auto_create_service_account",
    key: "connector.autoCreateServiceAccount",
    type: "boolean",
    default: false,
    description:
      'Create (or reuse) a service-account user in the "Connectors" group and use its token.',
  }),
  row({
    env: "CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT_CONFIDENCE_LEVEL",
    yamlPath: "connector.auto_create_service_account_confidence_level",
    key: "connector.autoCreateServiceAccountConfidenceLevel",
    type: "integer",
    min: 0,
    max: 100,
    default: 50,
    description: "Max confidence level of the auto-created service account.",
  }),
  row({
    env: "CONNECTOR_LISTEN_PROTOCOL",
    yamlPath: "connector.listen_protocol",
    key: "connector.listenProtocol",
    type: "enum",
    values: ["AMQP", "API"],
    default: "AMQP",
    description:
      "How jobs are received: AMQP (queue consumer) or API (HTTP callback server). Upper-cased.",
  }),
  row({
    env: "CONNECTOR_LISTEN_PROTOCOL_API_PORT",
    yamlPath: "connector.listen_protocol_api_port",
    key: "connector.listenProtocolApiPort",
    type: "port",
    min: 0,
    max: 65535,
    default: 7070,
    description: "Port of the HTTP callback server (listen protocol API).",
  }),
  row({
    env: "CONNECTOR_LISTEN_PROTOCOL_API_PATH",
    yamlPath: "connector.listen_protocol_api_path",
    key: "connector.listenProtocolApiPath",
    type: "string",
    default: "/api/callback",
    description: "Route (POST) of the HTTP callback server.",
  }),
  row({
    env: "CONNECTOR_LISTEN_PROTOCOL_API_SSL",
    yamlPath: "connector.listen_protocol_api_ssl",
    key: "connector.listenProtocolApiSsl",
    type: "boolean",
    default: false,
    description: "Serve the HTTP callback over HTTPS (needs LISTEN_PROTOCOL_API_SSL_CERT).",
  }),
  row({
    env: "CONNECTOR_LISTEN_PROTOCOL_API_URI",
    yamlPath: "connector.listen_protocol_api_uri",
    key: "connector.listenProtocolApiUri",
    type: "url",
    default: "http://127.0.0.1:7070",
    defaultFrom:
      "https://127.0.0.1:7070 when CONNECTOR_LISTEN_PROTOCOL_API_SSL is true, else http://127.0.0.1:7070",
    description:
      "Base URI the platform calls back; the registered callback is this URI plus the path. Not derived from the port.",
  }),
  row({
    env: "CONNECTOR_TYPE",
    yamlPath: "connector.type",
    key: "connector.type",
    type: "enum",
    values: CONNECTOR_TYPES,
    default: null,
    required: true,
    description: "Connector type (exact, case-sensitive).",
  }),
  row({
    env: "CONNECTOR_QUEUE_THRESHOLD",
    yamlPath: "connector.queue_threshold",
    key: "connector.queueThreshold",
    type: "number",
    default: 500,
    description:
      "Size in MB (1 MB = 1 000 000 bytes) of the push queue from which scheduled runs are skipped.",
  }),
  row({
    env: "CONNECTOR_DURATION_PERIOD",
    yamlPath: "connector.duration_period",
    key: "connector.durationPeriod",
    type: "duration",
    default: null,
    description:
      'Run period (ISO-8601 duration such as PT5M, or "0" for run-and-terminate); also decides whether the ping loop starts.',
  }),
  row({
    env: "CONNECTOR_LIVE_STREAM_ID",
    yamlPath: "connector.live_stream_id",
    key: "connector.liveStreamId",
    type: "string",
    default: null,
    description: 'Live stream collection id ("live", "raw" or an id).',
  }),
  row({
    env: "CONNECTOR_LIVE_STREAM_LISTEN_DELETE",
    yamlPath: "connector.live_stream_listen_delete",
    key: "connector.liveStreamListenDelete",
    type: "boolean",
    default: true,
    description: "Receive delete events (stream header `listen-delete`).",
  }),
  row({
    env: "CONNECTOR_LIVE_STREAM_NO_DEPENDENCIES",
    yamlPath: "connector.live_stream_no_dependencies",
    key: "connector.liveStreamNoDependencies",
    type: "boolean",
    default: true,
    description: "Do not receive dependencies (stream header `no-dependencies`).",
  }),
  row({
    env: "CONNECTOR_LIVE_STREAM_WITH_INFERENCES",
    yamlPath: "connector.live_stream_with_inferences",
    key: "connector.liveStreamWithInferences",
    type: "boolean",
    default: false,
    description: "Receive inferred data (stream header `with-inferences`).",
  }),
  row({
    env: "CONNECTOR_LIVE_STREAM_RECOVER_ISO_DATE",
    yamlPath: "connector.live_stream_recover_iso_date",
    key: "connector.liveStreamRecoverIsoDate",
    type: "date-or-false",
    default: null,
    description:
      "On first start, recover events up to this ISO date (`recover` query parameter); false disables it.",
  }),
  row({
    env: "CONNECTOR_LIVE_STREAM_START_TIMESTAMP",
    yamlPath: "connector.live_stream_start_timestamp",
    key: "connector.liveStreamStartTimestamp",
    type: "epoch-ms",
    default: null,
    description: 'On first start, stream position in epoch milliseconds ("-0" is appended).',
  }),
  row({
    env: "CONNECTOR_NAME",
    yamlPath: "connector.name",
    key: "connector.name",
    type: "string",
    default: null,
    required: true,
    description:
      "Connector name: registration, logger name, bundle file names, service-account email.",
  }),
  row({
    env: "CONNECTOR_SCOPE",
    yamlPath: "connector.scope",
    key: "connector.scope",
    type: "list",
    default: "not-applicable",
    description: "Registration scope: comma-separated (or a YAML list), each item trimmed.",
  }),
  row({
    env: "CONNECTOR_AUTO",
    yamlPath: "connector.auto",
    key: "connector.auto",
    type: "boolean",
    default: false,
    description: "Registration `auto` (the platform triggers the connector automatically).",
  }),
  row({
    env: "CONNECTOR_AUTO_UPDATE",
    yamlPath: "connector.auto_update",
    key: "connector.autoUpdate",
    type: "boolean",
    default: false,
    description: "Registration `auto_update`.",
  }),
  row({
    env: "CONNECTOR_ENRICHMENT_RESOLUTION",
    yamlPath: "connector.enrichment_resolution",
    key: "connector.enrichmentResolution",
    type: "string",
    default: "none",
    description: "Registration `enrichment_resolution`.",
  }),
  row({
    env: "CONNECTOR_SEND_TO_QUEUE",
    yamlPath: "connector.send_to_queue",
    key: "connector.sendToQueue",
    type: "boolean",
    default: true,
    description: "Push bundles to the platform; false also disables all work reporting.",
  }),
  row({
    env: "CONNECTOR_SEND_TO_DIRECTORY",
    yamlPath: "connector.send_to_directory",
    key: "connector.sendToDirectory",
    type: "boolean",
    default: false,
    description: "Also write every bundle to a directory.",
  }),
  row({
    env: "CONNECTOR_SEND_TO_DIRECTORY_PATH",
    yamlPath: "connector.send_to_directory_path",
    key: "connector.sendToDirectoryPath",
    type: "string",
    default: null,
    description: "Directory for CONNECTOR_SEND_TO_DIRECTORY (required when it is true).",
  }),
  row({
    env: "CONNECTOR_SEND_TO_DIRECTORY_RETENTION",
    yamlPath: "connector.send_to_directory_retention",
    key: "connector.sendToDirectoryRetention",
    type: "integer",
    min: 0,
    default: 7,
    description: "Days to keep bundle files in the directory; 0 keeps them forever.",
  }),
  row({
    env: "CONNECTOR_SEND_TO_S3",
    yamlPath: "connector.send_to_s3",
    key: "connector.sendToS3",
    type: "boolean",
    default: false,
    description: "Also upload every bundle to S3.",
  }),
  row({
    env: "CONNECTOR_SEND_TO_S3_BUCKET",
    yamlPath: "connector.send_to_s3_bucket",
    key: "connector.sendToS3Bucket",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("s3.bucket_name"),
    description: "S3 bucket for CONNECTOR_SEND_TO_S3.",
  }),
  row({
    env: "CONNECTOR_SEND_TO_S3_FOLDER",
    yamlPath: "connector.send_to_s3_folder",
    key: "connector.sendToS3Folder",
    type: "string",
    default: "connectors",
    description: "Key prefix (folder) of uploaded bundles.",
  }),
  row({
    env: "CONNECTOR_SEND_TO_S3_RETENTION",
    yamlPath: "connector.send_to_s3_retention",
    key: "connector.sendToS3Retention",
    type: "integer",
    min: 0,
    default: 7,
    description: "Days to keep uploaded bundles; 0 keeps them forever.",
  }),
  row({
    env: "S3_ENDPOINT",
    yamlPath: "s3.endpoint",
    key: "s3.endpoint",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("s3.endpoint"),
    description: "Host of the S3 endpoint for CONNECTOR_SEND_TO_S3.",
  }),
  row({
    env: "S3_PORT",
    yamlPath: "s3.port",
    key: "s3.port",
    type: "port",
    min: 1,
    max: 65535,
    default: null,
    defaultFrom: FROM_PLATFORM("s3.port"),
    description: "Port of the S3 endpoint.",
  }),
  row({
    env: "S3_ACCESS_KEY",
    yamlPath: "s3.access_key",
    key: "s3.accessKey",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("s3.access_key"),
    secret: true,
    description: "Access key of the S3 endpoint.",
  }),
  row({
    env: "S3_SECRET_KEY",
    yamlPath: "s3.secret_key",
    key: "s3.secretKey",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("s3.secret_key"),
    secret: true,
    description: "Secret key of the S3 endpoint.",
  }),
  row({
    env: "S3_USE_SSL",
    yamlPath: "s3.use_ssl",
    key: "s3.useSsl",
    type: "boolean",
    default: null,
    defaultFrom: FROM_PLATFORM("s3.use_ssl"),
    description: "Use https for the S3 endpoint.",
  }),
  row({
    env: "S3_BUCKET_REGION",
    yamlPath: "s3.bucket_region",
    key: "s3.bucketRegion",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("s3.bucket_region"),
    description: "Region of the S3 bucket.",
  }),
  row({
    env: "CONNECTOR_ONLY_CONTEXTUAL",
    yamlPath: "connector.only_contextual",
    key: "connector.onlyContextual",
    type: "boolean",
    default: false,
    description: "Registration `only_contextual`.",
  }),
  row({
    env: "CONNECTOR_XTM_ONE_INTENT",
    yamlPath: "connector.xtm_one_intent",
    key: "connector.xtmOneIntent",
    type: "string",
    default: null,
    description: "Registration `xtm_one_intent` (sent only when set).",
  }),
  row({
    env: "CONNECTOR_LOG_LEVEL",
    yamlPath: "connector.log_level",
    key: "connector.logLevel",
    type: "enum",
    values: ["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"],
    default: "ERROR",
    description:
      "Log level, case-insensitive (WARN means WARNING, FATAL means CRITICAL, NOTSET means DEBUG).",
  }),
  row({
    env: "CONNECTOR_RUN_AND_TERMINATE",
    yamlPath: "connector.run_and_terminate",
    key: "connector.runAndTerminate",
    type: "boolean",
    default: false,
    description: "Run once, then exit (no ping loop).",
  }),
  row({
    env: "CONNECTOR_VALIDATE_BEFORE_IMPORT",
    yamlPath: "connector.validate_before_import",
    key: "connector.validateBeforeImport",
    type: "boolean",
    default: false,
    description: "Send bundles to a workbench or draft for validation instead of importing them.",
  }),
  row({
    env: "CONNECTOR_EXPOSE_METRICS",
    yamlPath: "connector.expose_metrics",
    key: "connector.exposeMetrics",
    type: "boolean",
    default: false,
    description: "Expose Prometheus metrics over HTTP.",
  }),
  row({
    env: "CONNECTOR_METRICS_NAMESPACE",
    yamlPath: "connector.metrics_namespace",
    key: "connector.metricsNamespace",
    type: "string",
    default: "",
    description: "Prometheus namespace prefix of the metric names.",
  }),
  row({
    env: "CONNECTOR_METRICS_SUBSYSTEM",
    yamlPath: "connector.metrics_subsystem",
    key: "connector.metricsSubsystem",
    type: "string",
    default: "",
    description: "Prometheus subsystem prefix of the metric names.",
  }),
  row({
    env: "CONNECTOR_METRICS_PORT",
    yamlPath: "connector.metrics_port",
    key: "connector.metricsPort",
    type: "port",
    min: 0,
    max: 65535,
    default: 9095,
    description: "Port of the Prometheus metrics server.",
  }),
  row({
    env: "CONNECTOR_QUEUE_PROTOCOL",
    yamlPath: "connector.queue_protocol",
    key: "connector.queueProtocol",
    type: "enum",
    values: ["amqp", "api"],
    default: "amqp",
    description:
      "How bundles are pushed: amqp (RabbitMQ) or api (GraphQL stixBundlePush). Case-sensitive.",
  }),
  row({
    env: "QUEUE_PROTOCOL",
    yamlPath: "connector.queue_protocol",
    key: "connector.queueProtocol",
    type: "enum",
    values: ["amqp", "api"],
    default: "amqp",
    deprecated: "CONNECTOR_QUEUE_PROTOCOL",
    description: "Read only when CONNECTOR_QUEUE_PROTOCOL is unset.",
  }),
  row({
    env: "MQ_HOST",
    yamlPath: "mq.host",
    key: "mq.host",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("connection.host"),
    description: "Host of the RabbitMQ broker.",
  }),
  row({
    env: "MQ_PORT",
    yamlPath: "mq.port",
    key: "mq.port",
    type: "port",
    min: 1,
    max: 65535,
    default: null,
    defaultFrom: FROM_PLATFORM("connection.port"),
    description: "Port of the RabbitMQ broker.",
  }),
  row({
    env: "MQ_VHOST",
    yamlPath: "mq.vhost",
    key: "mq.vhost",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("connection.vhost"),
    description: "RabbitMQ virtual host.",
  }),
  row({
    env: "MQ_USE_SSL",
    yamlPath: "mq.use_ssl",
    key: "mq.useSsl",
    type: "boolean",
    default: null,
    defaultFrom: FROM_PLATFORM("connection.use_ssl"),
    description: "Connect to RabbitMQ over TLS.",
  }),
  row({
    env: "MQ_USER",
    yamlPath: "mq.user",
    key: "mq.user",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("connection.user"),
    description: "User name on the RabbitMQ broker.",
  }),
  row({
    env: "MQ_PASS",
    yamlPath: "mq.pass",
    key: "mq.pass",
    type: "string",
    default: null,
    defaultFrom: FROM_PLATFORM("connection.pass"),
    secret: true,
    description: "Password on the RabbitMQ broker.",
  }),
  row({
    env: "MQ_USE_SSL_CA",
    yamlPath: "mq.use_ssl_ca",
    key: "mq.useSslCa",
    type: "pem-or-path",
    default: null,
    description: "Extra CA certificate(s) trusted for RabbitMQ TLS: PEM content or a file path.",
  }),
  row({
    env: "MQ_USE_SSL_CERT",
    yamlPath: "mq.use_ssl_cert",
    key: "mq.useSslCert",
    type: "pem-or-path",
    default: null,
    description: "Client certificate for RabbitMQ mutual TLS: PEM content or a file path.",
  }),
  row({
    env: "MQ_USE_SSL_KEY",
    yamlPath: "mq.use_ssl_key",
    key: "mq.useSslKey",
    type: "pem-or-path",
    default: null,
    secret: true,
    description:
      "Private key of MQ_USE_SSL_CERT: PEM content or a file path (may also sit in the certificate file).",
  }),
  row({
    env: "MQ_USE_SSL_REJECT_UNAUTHORIZED",
    yamlPath: "mq.use_ssl_reject_unauthorized",
    key: "mq.useSslRejectUnauthorized",
    type: "boolean",
    default: false,
    description: "Verify RabbitMQ's certificate and host name (off by default, as in pycti).",
  }),
  row({
    env: "MQ_USE_SSL_PASSPHRASE",
    yamlPath: "mq.use_ssl_passphrase",
    key: "mq.useSslPassphrase",
    type: "string",
    default: null,
    secret: true,
    description: "Passphrase of an encrypted MQ_USE_SSL_KEY.",
  }),
  row({
    env: "LISTEN_PROTOCOL_API_SSL_KEY",
    yamlPath: "connector.listen_protocol_api_ssl_key",
    key: "connector.listenProtocolApiSslKey",
    type: "pem-or-path",
    default: "",
    secret: true,
    description:
      "Private key of the HTTPS callback server: PEM content or a file path (may also sit in the certificate file).",
  }),
  row({
    env: "LISTEN_PROTOCOL_API_SSL_CERT",
    yamlPath: "connector.listen_protocol_api_ssl_cert",
    key: "connector.listenProtocolApiSslCert",
    type: "pem-or-path",
    default: "",
    description: "Certificate (chain) of the HTTPS callback server: PEM content or a file path.",
  }),
  row({
    env: "LISTEN_PROTOCOL_API_SSL_PASSPHRASE",
    yamlPath: "connector.listen_protocol_api_ssl_passphrase",
    key: "connector.listenProtocolApiSslPassphrase",
    type: "string",
    default: "",
    secret: true,
    description: "Passphrase of an encrypted LISTEN_PROTOCOL_API_SSL_KEY.",
  }),
]);
