import type { ConfigSource } from "./config_error.ts";

/**
 * Connector types the platform knows (`CONNECTOR_TYPE`).
 *
 * @example
 * ```ts
 * import type { ConnectorType } from "@octi/connector/config";
 * const type: ConnectorType = "INTERNAL_ENRICHMENT";
 * ```
 */
export type ConnectorType =
  | "EXTERNAL_IMPORT"
  | "INTERNAL_IMPORT_FILE"
  | "INTERNAL_ENRICHMENT"
  | "INTERNAL_ANALYSIS"
  | "INTERNAL_EXPORT_FILE"
  | "STREAM";

/**
 * Log levels as pycti names them; the same values as the core logger's `LogLevel`.
 *
 * @example
 * ```ts
 * import type { ConnectorLogLevel } from "@octi/connector/config";
 * const level: ConnectorLogLevel = "WARNING";
 * ```
 */
export type ConnectorLogLevel = "DEBUG" | "INFO" | "WARNING" | "ERROR" | "CRITICAL";

/**
 * How jobs reach the connector (`CONNECTOR_LISTEN_PROTOCOL`, upper-cased).
 *
 * @example
 * ```ts
 * import type { ListenProtocol } from "@octi/connector/config";
 * const protocol: ListenProtocol = "API";
 * ```
 */
export type ListenProtocol = "AMQP" | "API";

/**
 * How bundles are pushed (`CONNECTOR_QUEUE_PROTOCOL`, case-sensitive).
 *
 * @example
 * ```ts
 * import type { QueueProtocol } from "@octi/connector/config";
 * const protocol: QueueProtocol = "amqp";
 * ```
 */
export type QueueProtocol = "amqp" | "api";

/**
 * The `opencti` section.
 *
 * @example
 * ```ts
 * import type { OpenCTISettings } from "@octi/connector/config";
 * const opencti: OpenCTISettings = {
 *   url: "http://localhost:8080", token: "t", customHeaders: {}, sslVerify: false, jsonLogging: true,
 * };
 * ```
 */
export interface OpenCTISettings {
  /** `OPENCTI_URL`. */
  readonly url: string;
  /** `OPENCTI_TOKEN` (secret). */
  readonly token: string;
  /** `OPENCTI_CUSTOM_HEADERS`, parsed into name → value (empty when unset). */
  readonly customHeaders: Readonly<Record<string, string>>;
  /** `OPENCTI_SSL_VERIFY`: verify the platform's certificate, or a CA bundle path. */
  readonly sslVerify: boolean | string;
  /** `OPENCTI_JSON_LOGGING`. */
  readonly jsonLogging: boolean;
}

/**
 * The `connector` section, plus the values pycti derives from it.
 *
 * @example
 * ```ts
 * import type { ConnectorSectionSettings, ConnectorSettings } from "@octi/connector/config";
 * const callbackUri = (s: ConnectorSettings): string | null => {
 *   const connector: ConnectorSectionSettings = s.connector;
 *   return connector.listenCallbackUri;
 * };
 * ```
 */
export interface ConnectorSectionSettings {
  /** `CONNECTOR_ID`. */
  readonly id: string;
  /** `CONNECTOR_NAME`. */
  readonly name: string;
  /** `CONNECTOR_TYPE`. */
  readonly type: ConnectorType;
  /** `CONNECTOR_SCOPE`, split on `,` and trimmed. */
  readonly scope: readonly string[];
  /**
   * `CONNECTOR_SCOPE` as configured, unparsed: the string (spaces kept) or the YAML list of
   * strings (items untrimmed); `"not-applicable"` when unset or empty; null when it reads as
   * false (`false`, `no`, `False`: no scope), where pycti keeps `False`. pycti writes this
   * value, not the parsed list, into the directory and S3 bundle envelopes.
   */
  readonly scopeRaw: string | readonly string[] | null;
  /** `CONNECTOR_AUTO`. */
  readonly auto: boolean;
  /** `CONNECTOR_AUTO_UPDATE`. */
  readonly autoUpdate: boolean;
  /** `CONNECTOR_ENRICHMENT_RESOLUTION`. */
  readonly enrichmentResolution: string;
  /** `CONNECTOR_ONLY_CONTEXTUAL`. */
  readonly onlyContextual: boolean;
  /** `CONNECTOR_XTM_ONE_INTENT`. */
  readonly xtmOneIntent: string | null;
  /** `CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT`. */
  readonly autoCreateServiceAccount: boolean;
  /** `CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT_CONFIDENCE_LEVEL`. */
  readonly autoCreateServiceAccountConfidenceLevel: number;
  /** `CONNECTOR_LISTEN_PROTOCOL`. */
  readonly listenProtocol: ListenProtocol;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_PORT`. */
  readonly listenProtocolApiPort: number;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_PATH`. */
  readonly listenProtocolApiPath: string;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_SSL`. */
  readonly listenProtocolApiSsl: boolean;
  /** `CONNECTOR_LISTEN_PROTOCOL_API_URI`. */
  readonly listenProtocolApiUri: string;
  /** `LISTEN_PROTOCOL_API_SSL_CERT` (PEM or path; `""` when unset, as pycti). */
  readonly listenProtocolApiSslCert: string;
  /** `LISTEN_PROTOCOL_API_SSL_KEY` (PEM or path; `""` when unset; secret). */
  readonly listenProtocolApiSslKey: string;
  /** `LISTEN_PROTOCOL_API_SSL_PASSPHRASE` (`""` when unset; secret). */
  readonly listenProtocolApiSslPassphrase: string;
  /** Derived: registered `listen_callback_uri` (URI + path) when the protocol is API, else null. */
  readonly listenCallbackUri: string | null;
  /** `CONNECTOR_QUEUE_THRESHOLD` in MB. */
  readonly queueThreshold: number;
  /** Derived: `CONNECTOR_QUEUE_PROTOCOL`, else the deprecated `QUEUE_PROTOCOL`, else `amqp`. */
  readonly queueProtocol: QueueProtocol;
  /** `CONNECTOR_DURATION_PERIOD` as given (string, YAML number or null). */
  readonly durationPeriod: string | number | null;
  /** Derived: the period in whole seconds (truncated), or null when unset. */
  readonly durationPeriodSeconds: number | null;
  /** `CONNECTOR_RUN_AND_TERMINATE`. */
  readonly runAndTerminate: boolean;
  /** Derived: whether pycti starts its ping loop (helper-behaviour §1.3.6). */
  readonly pingAlive: boolean;
  /** `CONNECTOR_LIVE_STREAM_ID`. */
  readonly liveStreamId: string | null;
  /** `CONNECTOR_LIVE_STREAM_LISTEN_DELETE`. */
  readonly liveStreamListenDelete: boolean;
  /** `CONNECTOR_LIVE_STREAM_NO_DEPENDENCIES`. */
  readonly liveStreamNoDependencies: boolean;
  /** `CONNECTOR_LIVE_STREAM_WITH_INFERENCES`. */
  readonly liveStreamWithInferences: boolean;
  /** `CONNECTOR_LIVE_STREAM_RECOVER_ISO_DATE`; false disables recovery. */
  readonly liveStreamRecoverIsoDate: string | false | null;
  /** `CONNECTOR_LIVE_STREAM_START_TIMESTAMP` (epoch milliseconds, as a string). */
  readonly liveStreamStartTimestamp: string | null;
  /** `CONNECTOR_SEND_TO_QUEUE`. */
  readonly sendToQueue: boolean;
  /** `CONNECTOR_SEND_TO_DIRECTORY`. */
  readonly sendToDirectory: boolean;
  /** `CONNECTOR_SEND_TO_DIRECTORY_PATH`. */
  readonly sendToDirectoryPath: string | null;
  /** `CONNECTOR_SEND_TO_DIRECTORY_RETENTION` in days. */
  readonly sendToDirectoryRetention: number;
  /** `CONNECTOR_SEND_TO_S3`. */
  readonly sendToS3: boolean;
  /** `CONNECTOR_SEND_TO_S3_BUCKET` (null: the platform's bucket). */
  readonly sendToS3Bucket: string | null;
  /** `CONNECTOR_SEND_TO_S3_FOLDER`. */
  readonly sendToS3Folder: string;
  /** `CONNECTOR_SEND_TO_S3_RETENTION` in days. */
  readonly sendToS3Retention: number;
  /** `CONNECTOR_LOG_LEVEL`, upper-cased and normalised. */
  readonly logLevel: ConnectorLogLevel;
  /** `CONNECTOR_VALIDATE_BEFORE_IMPORT`. */
  readonly validateBeforeImport: boolean;
  /** `CONNECTOR_EXPOSE_METRICS`. */
  readonly exposeMetrics: boolean;
  /** `CONNECTOR_METRICS_NAMESPACE`. */
  readonly metricsNamespace: string;
  /** `CONNECTOR_METRICS_SUBSYSTEM`. */
  readonly metricsSubsystem: string;
  /** `CONNECTOR_METRICS_PORT`. */
  readonly metricsPort: number;
}

/**
 * The `mq` section: local overrides of the broker settings; null means "the platform's".
 *
 * @example
 * ```ts
 * import type { MqSettings } from "@octi/connector/config";
 * const mq: MqSettings = {
 *   host: "127.0.0.1", port: 5672, vhost: null, useSsl: false, user: null, pass: null,
 *   useSslCa: null, useSslCert: null, useSslKey: null, useSslPassphrase: null,
 *   useSslRejectUnauthorized: false,
 * };
 * ```
 */
export interface MqSettings {
  /** `MQ_HOST`. */
  readonly host: string | null;
  /** `MQ_PORT`. */
  readonly port: number | null;
  /** `MQ_VHOST`. */
  readonly vhost: string | null;
  /** `MQ_USE_SSL`. */
  readonly useSsl: boolean | null;
  /** `MQ_USER`. */
  readonly user: string | null;
  /** `MQ_PASS` (secret). */
  readonly pass: string | null;
  /** `MQ_USE_SSL_CA` (PEM or path). */
  readonly useSslCa: string | null;
  /** `MQ_USE_SSL_CERT` (PEM or path). */
  readonly useSslCert: string | null;
  /** `MQ_USE_SSL_KEY` (PEM or path; secret). */
  readonly useSslKey: string | null;
  /** `MQ_USE_SSL_PASSPHRASE` (secret). */
  readonly useSslPassphrase: string | null;
  /** `MQ_USE_SSL_REJECT_UNAUTHORIZED` (default false: the broker is not verified). */
  readonly useSslRejectUnauthorized: boolean;
}

/**
 * The `s3` section: local S3 settings; null means "the platform's".
 *
 * @example
 * ```ts
 * import type { S3Settings } from "@octi/connector/config";
 * const s3: S3Settings = {
 *   endpoint: null, port: 9000, accessKey: null, secretKey: null, useSsl: null, bucketRegion: null,
 * };
 * ```
 */
export interface S3Settings {
  /** `S3_ENDPOINT`. */
  readonly endpoint: string | null;
  /** `S3_PORT`. */
  readonly port: number | null;
  /** `S3_ACCESS_KEY` (secret). */
  readonly accessKey: string | null;
  /** `S3_SECRET_KEY` (secret). */
  readonly secretKey: string | null;
  /** `S3_USE_SSL`. */
  readonly useSsl: boolean | null;
  /** `S3_BUCKET_REGION`. */
  readonly bucketRegion: string | null;
}

/**
 * The whole configuration of a connector, typed and deeply frozen. Each section mirrors
 * config.yml: `settings.connector.listenProtocolApiPort` is `connector.listen_protocol_api_port`.
 *
 * @example
 * ```ts
 * import { type ConnectorSettings, resolveConnectorSettings } from "@octi/connector/config";
 * const settings: ConnectorSettings = resolveConnectorSettings({
 *   env: new Map(),
 *   config: {
 *     opencti: { url: "http://localhost:8080", token: "a-token" },
 *     connector: { id: "8e2d4c9f-1b5a-4f3e-9c7d-2a6b8e0f1d3c", name: "Feed", type: "STREAM" },
 *   },
 * });
 * if (settings.connector.listenProtocol !== "AMQP") throw new Error();
 * ```
 */
export interface ConnectorSettings {
  /** The `opencti` section. */
  readonly opencti: OpenCTISettings;
  /** The `connector` section. */
  readonly connector: ConnectorSectionSettings;
  /** The `mq` section. */
  readonly mq: MqSettings;
  /** The `s3` section. */
  readonly s3: S3Settings;
  /** Where each variable's value came from, by environment variable name. */
  readonly sources: Readonly<Record<string, ConfigSource>>;
  /** Every secret value set (token, passwords, keys, custom header values), for log redaction. */
  readonly secretValues: readonly string[];
}
