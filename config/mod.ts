/**
 * Connector configuration exactly as pycti reads it: environment variable, then config.yml,
 * then pycti's default, with pycti's quirks ({@linkcode getConfigVariable}); config.yml
 * loading with PyYAML's YAML 1.1 rules ({@linkcode loadConfigFile}); and the whole helper
 * configuration resolved into one typed, frozen object ({@linkcode resolveConnectorSettings})
 * from a single table of every variable ({@linkcode connectorSettingsTable}), with every
 * problem reported at once in a {@linkcode ConfigError}.
 *
 * A leaf module: it reads files and the environment, nothing on the network, and imports only
 * `core/`. `CONNECTOR_DURATION_PERIOD` is checked with `core/`'s `parseIsoDuration`, the very
 * parser the scheduler runs, so a period accepted here is never refused later.
 *
 * @example
 * ```ts
 * import { loadConfigFile, resolveConnectorSettings } from "@octi/connector/config";
 * const config = await loadConfigFile(new URL("./config.yml", import.meta.url));
 * const settings = resolveConnectorSettings({
 *   config,
 *   env: new Map([
 *     ["OPENCTI_URL", "http://localhost:8080"],
 *     ["OPENCTI_TOKEN", "a-token"],
 *     ["CONNECTOR_ID", "8e2d4c9f-1b5a-4f3e-9c7d-2a6b8e0f1d3c"],
 *     ["CONNECTOR_NAME", "My feed"],
 *     ["CONNECTOR_TYPE", "EXTERNAL_IMPORT"],
 *     ["CONNECTOR_DURATION_PERIOD", "PT1H"],
 *   ]),
 * });
 * if (settings.connector.durationPeriodSeconds !== 3600) throw new Error();
 * ```
 *
 * ## Differences from pycti
 *
 * {@linkcode getConfigVariable} keeps pycti 6.8's semantics exactly (an explicit YAML `null`
 * is returned as `null`); it throws {@linkcode ConfigError} where pycti raises `ValueError`
 * or `TypeError`, and `RangeError` where it raises `IndexError`. Both it and
 * {@linkcode resolveConnectorSettings} treat a config.yml section that is not a mapping
 * (`connector:` left empty) as absent, where pycti crashes.
 *
 * {@linkcode resolveConnectorSettings} reads the same variables, YAML paths and defaults, and
 * applies the same empty-value rules, but checks every value when the connector starts,
 * where pycti takes whatever it is given and fails later, or never:
 *
 * - **Booleans** must be booleans after pycti's mapping: `"TRUE"`, `"FALSE"`, `"0"`, `"1"`,
 *   `"on"` are errors (pycti keeps them as strings, all truthy). `OPENCTI_SSL_VERIFY` takes a
 *   boolean or a CA bundle path, but not such a boolean-looking string.
 * - **Numbers** are numbers: `CONNECTOR_LISTEN_PROTOCOL_API_PORT` and
 *   `CONNECTOR_QUEUE_THRESHOLD` are converted at once (pycti keeps the string until use);
 *   ports must be 0–65535 (1–65535 for `MQ_PORT`, `S3_PORT`), retentions and the threshold
 *   non-negative, the service-account confidence level 0–100; a boolean is not a number
 *   (pycti's `int(True)` is 1).
 * - **Enums**: `CONNECTOR_LISTEN_PROTOCOL` (`AMQP`/`API`, upper-cased) and
 *   `CONNECTOR_QUEUE_PROTOCOL` / `QUEUE_PROTOCOL` (`amqp`/`api`) are checked here, not at
 *   first use; `CONNECTOR_LOG_LEVEL` also accepts Python's `FATAL` and `NOTSET`.
 * - **URLs**: `OPENCTI_URL` and `CONNECTOR_LISTEN_PROTOCOL_API_URI` must be http(s) URLs.
 * - **Required**: `CONNECTOR_ID` and `CONNECTOR_NAME` (at least 2 non-blank characters) are
 *   required like `OPENCTI_URL`, `OPENCTI_TOKEN` (not `"ChangeMe"`) and `CONNECTOR_TYPE`.
 * - **Combinations**: `CONNECTOR_SEND_TO_DIRECTORY` without a path (pycti silently skips the
 *   export), and an HTTPS callback without `LISTEN_PROTOCOL_API_SSL_CERT`, are errors.
 * - **`CONNECTOR_DURATION_PERIOD`**: a negative period is an error (pycti re-runs back to
 *   back).
 * - **`OPENCTI_CUSTOM_HEADERS`**: a piece without `:`, an invalid header name or a value with a
 *   line break is an error (pycti warns and skips, or sends it); {@linkcode parseCustomHeaders}
 *   alone also sets aside an empty name.
 * - **Stream start**: `CONNECTOR_LIVE_STREAM_START_TIMESTAMP` must be epoch milliseconds;
 *   `CONNECTOR_LIVE_STREAM_RECOVER_ISO_DATE` a string or `false` (a YAML date becomes its ISO
 *   text).
 * - **Types**: a YAML number given for a string setting becomes its text; a list or mapping
 *   is an error. `CONNECTOR_SCOPE` may be a YAML list (newer pycti); its unparsed value is kept
 *   as `scopeRaw` for the bundle sink envelopes, null where pycti keeps `False`.
 * - **An explicit YAML `null`** gives the default, as newer pycti does (6.8 returns `None`,
 *   or crashes for a number).
 *
 * Other functions: {@linkcode normalizeEmailPrefix} throws `TypeError` (pycti:
 * `ValueError`); {@linkcode loadConfigFile} rejects a file whose top level is not a mapping
 * with a `SyntaxError` (pycti would crash on its first lookup).
 *
 * @module
 */
export * from "./apply_mq_overrides.ts";
export * from "./apply_s3_overrides.ts";
export * from "./config_error.ts";
export * from "./connector_settings.ts";
export * from "./connector_settings_table.ts";
export * from "./get_config_variable.ts";
export * from "./load_config_file.ts";
export * from "./normalize_email_prefix.ts";
export * from "./parse_connector_scope.ts";
export * from "./parse_custom_headers.ts";
export * from "./resolve_connector_settings.ts";
