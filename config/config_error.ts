/**
 * Where a configuration value came from.
 *
 * @example
 * ```ts
 * import { type ConfigSource, resolveConnectorSettings } from "@octi/connector/config";
 * const settings = resolveConnectorSettings({
 *   env: new Map([
 *     ["OPENCTI_URL", "http://localhost:8080"], ["OPENCTI_TOKEN", "t"], ["CONNECTOR_ID", "id"],
 *     ["CONNECTOR_NAME", "Feed"], ["CONNECTOR_TYPE", "STREAM"],
 *   ]),
 * });
 * const source: ConfigSource | undefined = settings.sources.CONNECTOR_LOG_LEVEL;
 * if (source !== "default") throw new Error();
 * ```
 */
export type ConfigSource = "env" | "file" | "default";

/**
 * One problem found in the configuration. Never holds a secret value.
 *
 * @example
 * ```ts
 * import { ConfigError, type ConfigIssue } from "@octi/connector/config";
 * const issue: ConfigIssue = {
 *   env: "CONNECTOR_TYPE",
 *   yamlPath: "connector.type",
 *   source: "env",
 *   reason: '"IMPORT" is not one of EXTERNAL_IMPORT, STREAM',
 * };
 * if (!new ConfigError([issue]).message.startsWith("Invalid configuration: CONNECTOR_TYPE (env)")) {
 *   throw new Error();
 * }
 * ```
 */
export interface ConfigIssue {
  /** Environment variable name, e.g. `CONNECTOR_TYPE`. */
  readonly env: string;
  /** YAML path in config.yml, e.g. `connector.type`, or null when there is none. */
  readonly yamlPath: string | null;
  /** Where the offending value came from. */
  readonly source: ConfigSource;
  /** Why it was rejected; quotes the value unless it is a secret. */
  readonly reason: string;
}

function formatIssue(issue: ConfigIssue): string {
  const where = issue.source === "file" && issue.yamlPath !== null
    ? `file ${issue.yamlPath}`
    : issue.source;
  return `${issue.env} (${where}): ${issue.reason}`;
}

/**
 * The configuration is invalid. Lists every problem at once ({@linkcode ConfigError.issues}),
 * each with its variable, source and reason. Secret values (tokens, passwords, keys) never
 * appear in the message.
 *
 * @example
 * ```ts
 * import { ConfigError, resolveConnectorSettings } from "@octi/connector/config";
 * try {
 *   resolveConnectorSettings({ env: new Map([["CONNECTOR_TYPE", "IMPORT"]]) });
 * } catch (error) {
 *   if (!(error instanceof ConfigError)) throw error;
 *   const vars = error.issues.map((issue) => issue.env);
 *   if (!vars.includes("CONNECTOR_TYPE") || !vars.includes("OPENCTI_URL")) throw error;
 * }
 * ```
 */
export class ConfigError extends Error {
  /** Always `"ConfigError"`. */
  override readonly name: string = "ConfigError";
  /** Every problem found, in settings-table order. */
  readonly issues: readonly ConfigIssue[];

  /** Builds the error from one or more issues. */
  constructor(issues: readonly ConfigIssue[]) {
    const lines = issues.map(formatIssue);
    super(
      lines.length === 1
        ? `Invalid configuration: ${lines[0]}`
        : `Invalid configuration (${lines.length} problems):\n${
          lines.map((l) => `  - ${l}`).join("\n")
        }`,
    );
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
  }
}
