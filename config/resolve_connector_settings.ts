import { ConfigError } from "./config_error.ts";
import type { ConnectorSettings } from "./connector_settings.ts";
import type { EnvSource } from "./get_config_variable.ts";
import { parseIsoDuration } from "../core/parse_iso_duration.ts";
import { pyTruthy } from "./_python.ts";
import { deepFreeze, SettingsReader } from "./_settings_reader.ts";

/**
 * The part of a logger {@linkcode resolveConnectorSettings} uses; a core `Logger` fits.
 *
 * @example
 * ```ts
 * import type { SettingsLogger } from "@octi/connector/config";
 * import { createLogger } from "@octi/connector/core";
 * const logger: SettingsLogger = createLogger({ name: "Feed", write: () => {} });
 * ```
 */
export interface SettingsLogger {
  /** Logs at ERROR, as pycti does for a deprecated variable. */
  error(message: string, meta?: Record<string, unknown>): void;
}

/**
 * Options of {@linkcode resolveConnectorSettings}.
 *
 * @example
 * ```ts
 * import { type ResolveConnectorSettingsOptions, resolveConnectorSettings } from "@octi/connector/config";
 * const options: ResolveConnectorSettingsOptions = {
 *   config: { opencti: { url: "http://localhost:8080", token: "t" } },
 *   env: new Map([["CONNECTOR_ID", "id"], ["CONNECTOR_NAME", "Feed"], ["CONNECTOR_TYPE", "STREAM"]]),
 * };
 * if (resolveConnectorSettings(options).opencti.url !== "http://localhost:8080") throw new Error();
 * ```
 */
export interface ResolveConnectorSettingsOptions {
  /** The parsed config.yml (see `loadConfigFile`). Default `{}`. */
  config?: Readonly<Record<string, unknown>> | undefined;
  /** Where environment variables come from. Default `Deno.env`. */
  env?: EnvSource | undefined;
  /** Receives pycti's deprecation message for `QUEUE_PROTOCOL`. Default: silent. */
  logger?: SettingsLogger | undefined;
}

/**
 * Resolves the whole configuration of a connector the way pycti's helper reads it: every
 * variable of {@linkcode connectorSettingsTable}, each from the environment, then config.yml,
 * then pycti's default (see `getConfigVariable`), typed and checked, plus the values pycti
 * derives (upper-cased listen protocol and log level, parsed scope, kept beside its raw value,
 * and custom headers, queue protocol with its deprecated fallback, callback URI, duration in
 * seconds, ping decision).
 *
 * Every invalid value is reported at once in one {@linkcode ConfigError} naming each variable,
 * where its value came from and why it was rejected; secret values are never quoted.
 *
 * Stricter than pycti on purpose (a `"FALSE"` boolean, an unknown enum, a negative period,
 * `CONNECTOR_SEND_TO_DIRECTORY` without a path, ...): the module documentation lists every
 * difference. An explicit YAML `null` means "use the default" (newer pycti).
 *
 * @example
 * ```ts
 * import { resolveConnectorSettings } from "@octi/connector/config";
 * const settings = resolveConnectorSettings({
 *   config: {
 *     opencti: { url: "http://localhost:8080", token: "a-token" },
 *     connector: { id: "8e2d4c9f-1b5a-4f3e-9c7d-2a6b8e0f1d3c", name: "Feed", type: "EXTERNAL_IMPORT" },
 *   },
 *   env: new Map([["CONNECTOR_SCOPE", "ipv4-addr, domain-name"], ["CONNECTOR_LOG_LEVEL", "info"]]),
 * });
 * if (settings.connector.scope[1] !== "domain-name") throw new Error();
 * if (settings.connector.scopeRaw !== "ipv4-addr, domain-name") throw new Error();
 * if (settings.connector.logLevel !== "INFO") throw new Error();
 * if (settings.sources.CONNECTOR_LOG_LEVEL !== "env") throw new Error();
 * if (!Object.isFrozen(settings.connector)) throw new Error();
 * ```
 */
export function resolveConnectorSettings(
  options: ResolveConnectorSettingsOptions = {},
): ConnectorSettings {
  const r = new SettingsReader(options.config ?? {}, options.env ?? Deno.env);
  const v = <T>(env: string, fallback?: unknown): T => r.get<T>(env, fallback) as T;

  const opencti = {
    url: v<string>("OPENCTI_URL"),
    token: v<string>("OPENCTI_TOKEN"),
    customHeaders: v<Readonly<Record<string, string>> | null>("OPENCTI_CUSTOM_HEADERS") ?? {},
    sslVerify: v<boolean | string>("OPENCTI_SSL_VERIFY"),
    jsonLogging: v<boolean>("OPENCTI_JSON_LOGGING"),
  };
  if (opencti.token === "ChangeMe") {
    r.report(
      r.def("OPENCTI_TOKEN"),
      r.sources.OPENCTI_TOKEN!,
      "is the placeholder of the sample config: set the connector user's API token",
    );
  }

  const id = v<string>("CONNECTOR_ID");
  const autoCreateServiceAccount = v<boolean>("CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT");
  const autoCreateServiceAccountConfidenceLevel = v<number>(
    "CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT_CONFIDENCE_LEVEL",
  );
  const listenProtocol = v<"AMQP" | "API">("CONNECTOR_LISTEN_PROTOCOL");
  const listenProtocolApiPort = v<number>("CONNECTOR_LISTEN_PROTOCOL_API_PORT");
  const listenProtocolApiPath = v<string>("CONNECTOR_LISTEN_PROTOCOL_API_PATH");
  const listenProtocolApiSsl = v<boolean>("CONNECTOR_LISTEN_PROTOCOL_API_SSL");
  const listenProtocolApiUri = v<string>(
    "CONNECTOR_LISTEN_PROTOCOL_API_URI",
    listenProtocolApiSsl === true ? "https://127.0.0.1:7070" : "http://127.0.0.1:7070",
  );
  const type = v<ConnectorSettings["connector"]["type"]>("CONNECTOR_TYPE");
  const queueThreshold = v<number>("CONNECTOR_QUEUE_THRESHOLD");
  const durationPeriod = v<string | number | null>("CONNECTOR_DURATION_PERIOD");
  const liveStream = {
    liveStreamId: v<string | null>("CONNECTOR_LIVE_STREAM_ID"),
    liveStreamListenDelete: v<boolean>("CONNECTOR_LIVE_STREAM_LISTEN_DELETE"),
    liveStreamNoDependencies: v<boolean>("CONNECTOR_LIVE_STREAM_NO_DEPENDENCIES"),
    liveStreamWithInferences: v<boolean>("CONNECTOR_LIVE_STREAM_WITH_INFERENCES"),
    liveStreamRecoverIsoDate: v<string | false | null>("CONNECTOR_LIVE_STREAM_RECOVER_ISO_DATE"),
    liveStreamStartTimestamp: v<string | null>("CONNECTOR_LIVE_STREAM_START_TIMESTAMP"),
  };
  const name = v<string>("CONNECTOR_NAME");
  if (typeof name === "string" && name.trim().length < 2) {
    r.report(
      r.def("CONNECTOR_NAME"),
      r.sources.CONNECTOR_NAME!,
      `${JSON.stringify(name)} is too short: the platform needs at least 2 non-blank characters`,
    );
  }
  // What the scope list is parsed from (after pycti's boolean mapping and defaulting): pycti
  // writes it into the bundle sink envelopes. A copy, so that freezing spares the caller's.
  const scopeRead = r.read(r.def("CONNECTOR_SCOPE")).value;
  const registration = {
    scope: v<string[]>("CONNECTOR_SCOPE"),
    scopeRaw: typeof scopeRead === "string"
      ? scopeRead
      : Array.isArray(scopeRead)
      ? [...scopeRead] as string[]
      : null,
    auto: v<boolean>("CONNECTOR_AUTO"),
    autoUpdate: v<boolean>("CONNECTOR_AUTO_UPDATE"),
    enrichmentResolution: v<string>("CONNECTOR_ENRICHMENT_RESOLUTION"),
  };
  const sinks = {
    sendToQueue: v<boolean>("CONNECTOR_SEND_TO_QUEUE"),
    sendToDirectory: v<boolean>("CONNECTOR_SEND_TO_DIRECTORY"),
    sendToDirectoryPath: v<string | null>("CONNECTOR_SEND_TO_DIRECTORY_PATH"),
    sendToDirectoryRetention: v<number>("CONNECTOR_SEND_TO_DIRECTORY_RETENTION"),
    sendToS3: v<boolean>("CONNECTOR_SEND_TO_S3"),
    sendToS3Bucket: v<string | null>("CONNECTOR_SEND_TO_S3_BUCKET"),
    sendToS3Folder: v<string>("CONNECTOR_SEND_TO_S3_FOLDER"),
    sendToS3Retention: v<number>("CONNECTOR_SEND_TO_S3_RETENTION"),
  };
  if (sinks.sendToDirectory === true && sinks.sendToDirectoryPath === null) {
    r.report(
      r.def("CONNECTOR_SEND_TO_DIRECTORY_PATH"),
      "default",
      "is required when CONNECTOR_SEND_TO_DIRECTORY is true (pycti would silently skip the export)",
    );
  }
  const s3 = {
    endpoint: v<string | null>("S3_ENDPOINT"),
    port: v<number | null>("S3_PORT"),
    accessKey: v<string | null>("S3_ACCESS_KEY"),
    secretKey: v<string | null>("S3_SECRET_KEY"),
    useSsl: v<boolean | null>("S3_USE_SSL"),
    bucketRegion: v<string | null>("S3_BUCKET_REGION"),
  };
  const onlyContextual = v<boolean>("CONNECTOR_ONLY_CONTEXTUAL");
  const xtmOneIntent = v<string | null>("CONNECTOR_XTM_ONE_INTENT");
  const logLevel = v<ConnectorSettings["connector"]["logLevel"]>("CONNECTOR_LOG_LEVEL");
  const runAndTerminate = v<boolean>("CONNECTOR_RUN_AND_TERMINATE");
  const validateBeforeImport = v<boolean>("CONNECTOR_VALIDATE_BEFORE_IMPORT");
  const metrics = {
    exposeMetrics: v<boolean>("CONNECTOR_EXPOSE_METRICS"),
    metricsNamespace: v<string>("CONNECTOR_METRICS_NAMESPACE"),
    metricsSubsystem: v<string>("CONNECTOR_METRICS_SUBSYSTEM"),
    metricsPort: v<number>("CONNECTOR_METRICS_PORT"),
  };

  // pycti: CONNECTOR_QUEUE_PROTOCOL, else (when Python-falsy) QUEUE_PROTOCOL, else "amqp".
  let queueProtocol = v<"amqp" | "api" | null | false>("CONNECTOR_QUEUE_PROTOCOL", null);
  if (!pyTruthy(queueProtocol)) {
    queueProtocol = v<"amqp" | "api" | null | false>("QUEUE_PROTOCOL", null);
    if (pyTruthy(queueProtocol)) {
      options.logger?.error(
        "QUEUE_PROTOCOL is deprecated, please use CONNECTOR_QUEUE_PROTOCOL instead.",
      );
    } else {
      queueProtocol = "amqp";
    }
  }

  const mq = {
    host: v<string | null>("MQ_HOST"),
    port: v<number | null>("MQ_PORT"),
    vhost: v<string | null>("MQ_VHOST"),
    useSsl: v<boolean | null>("MQ_USE_SSL"),
    user: v<string | null>("MQ_USER"),
    pass: v<string | null>("MQ_PASS"),
    useSslCa: v<string | null>("MQ_USE_SSL_CA"),
    useSslCert: v<string | null>("MQ_USE_SSL_CERT"),
    useSslKey: v<string | null>("MQ_USE_SSL_KEY"),
    useSslRejectUnauthorized: v<boolean>("MQ_USE_SSL_REJECT_UNAUTHORIZED"),
    useSslPassphrase: v<string | null>("MQ_USE_SSL_PASSPHRASE"),
  };
  const callbackTls = {
    listenProtocolApiSslKey: v<string>("LISTEN_PROTOCOL_API_SSL_KEY"),
    listenProtocolApiSslCert: v<string>("LISTEN_PROTOCOL_API_SSL_CERT"),
    listenProtocolApiSslPassphrase: v<string>("LISTEN_PROTOCOL_API_SSL_PASSPHRASE"),
  };
  if (
    listenProtocol === "API" && listenProtocolApiSsl === true &&
    callbackTls.listenProtocolApiSslCert === ""
  ) {
    r.report(
      r.def("LISTEN_PROTOCOL_API_SSL_CERT"),
      "default",
      "is required when CONNECTOR_LISTEN_PROTOCOL is API and CONNECTOR_LISTEN_PROTOCOL_API_SSL is true",
    );
  }

  if (r.issues.length > 0) {
    throw new ConfigError(r.issues.sort((a, b) => a.order - b.order).map((i) => i.issue));
  }

  // pycti §1.3.6: YAML 0 or "0" or a duration of less than a second means run-and-terminate.
  const durationPeriodSeconds = durationPeriod === null ? null : parseIsoDuration(durationPeriod);
  const terminates = typeof durationPeriod === "number"
    ? durationPeriod === 0
    : durationPeriod === "0" || durationPeriodSeconds === 0;
  const pingAlive = !runAndTerminate && (durationPeriod === null || !terminates);

  return deepFreeze({
    opencti,
    connector: {
      id,
      name,
      type,
      ...registration,
      onlyContextual,
      xtmOneIntent,
      autoCreateServiceAccount,
      autoCreateServiceAccountConfidenceLevel,
      listenProtocol,
      listenProtocolApiPort,
      listenProtocolApiPath,
      listenProtocolApiSsl,
      listenProtocolApiUri,
      ...callbackTls,
      listenCallbackUri: listenProtocol === "API"
        ? listenProtocolApiUri + listenProtocolApiPath
        : null,
      queueThreshold,
      queueProtocol: queueProtocol as "amqp" | "api",
      durationPeriod,
      durationPeriodSeconds,
      runAndTerminate,
      pingAlive,
      ...liveStream,
      ...sinks,
      logLevel,
      validateBeforeImport,
      ...metrics,
    },
    mq,
    s3,
    sources: { ...r.sources },
    secretValues: [...r.secrets],
  });
}
