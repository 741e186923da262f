/**
 * Connector configuration exactly as pycti reads it: environment variable, then config.yml,
 * then pycti's default, with pycti's quirks ({@linkcode getConfigVariable}); config.yml
 * loading with PyYAML's YAML 1.1 rules ({@linkcode loadConfigFile}); and the whole helper
 * configuration resolved into one typed, frozen object ({@linkcode resolveConnectorSettings})
 * from a single table of every variable ({@linkcode connectorSettingsTable}), with every
 * problem reported at once in a {@linkcode ConfigError}.
 *
 * A leaf module: it reads files and the environment, nothing on the network.
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
