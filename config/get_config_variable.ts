import { ConfigError } from "./config_error.ts";
import { lookupRaw, mapBoolean } from "./_lookup.ts";
import { pyInt } from "./_python.ts";

/**
 * A source of environment variables: `Deno.env` and a `Map<string, string>` both fit, so
 * tests can pass their own instead of changing the process environment.
 *
 * @example
 * ```ts
 * import type { EnvSource } from "@octi/connector/config";
 * const env: EnvSource = new Map([["OPENCTI_URL", "http://localhost:8080"]]);
 * ```
 */
export interface EnvSource {
  /** The variable's value, or `undefined` when it is not set. */
  get(name: string): string | undefined;
}

/**
 * A value read from the environment (always a string) or from config.yml (any YAML type).
 *
 * @example
 * ```ts
 * import { type ConfigValue, getConfigVariable } from "@octi/connector/config";
 * const value: ConfigValue = getConfigVariable("X_LIST", ["x", "list"], {
 *   env: new Map(),
 *   config: { x: { list: ["a", "b"] } },
 * });
 * if (!Array.isArray(value)) throw new Error();
 * ```
 */
export type ConfigValue =
  | string
  | number
  | boolean
  | null
  | Date
  | readonly ConfigValue[]
  | { readonly [key: string]: ConfigValue };

/**
 * Options of {@linkcode getConfigVariable}, named after pycti's parameters.
 *
 * @example
 * ```ts
 * import { getConfigVariable, type GetConfigVariableOptions } from "@octi/connector/config";
 * const options: GetConfigVariableOptions<number> = { env: new Map(), isNumber: true, default: 60 };
 * if (getConfigVariable("MY_INTERVAL", ["my", "interval"], options) !== 60) throw new Error();
 * ```
 */
export interface GetConfigVariableOptions<D> {
  /** The parsed config.yml (see `loadConfigFile`). Default `{}`. */
  config?: Readonly<Record<string, unknown>> | undefined;
  /** Convert with Python's `int()` (after the boolean mapping). Default false. */
  isNumber?: boolean | undefined;
  /** Returned, unconverted, when the value is absent or empty. Default `null`. */
  default?: D | undefined;
  /** Fail when the value is null or empty and there is no default. Default false. */
  required?: boolean | undefined;
  /** Where environment variables come from. Default `Deno.env`. */
  env?: EnvSource | undefined;
  /** Never quote the value in error messages. Default false. */
  secret?: boolean | undefined;
}

/**
 * Reads one setting exactly as pycti's `get_config_variable` does:
 *
 * 1. the environment variable `envVar` when it exists (even empty), else
 *    `config[section][key]` when both keys exist, else `default` as is;
 * 2. the exact strings `"yes"`, `"true"`, `"True"` give `true` and `"no"`, `"false"`,
 *    `"False"` give `false` (so `"TRUE"` stays a string);
 * 3. with `isNumber`, Python's `int()` (a bad value throws a {@linkcode ConfigError});
 * 4. with `required`, no default and a null or empty value: a {@linkcode ConfigError}
 *    `The configuration <envVar> is required`;
 * 5. an empty string gives `default`; anything else is returned unchanged.
 *
 * As in pycti, a value absent everywhere gives `default` even when `required`, and a
 * one-element `yamlPath` whose section exists throws (a RangeError here, Python's IndexError).
 *
 * @example
 * ```ts
 * import { getConfigVariable } from "@octi/connector/config";
 * const config = { connector: { interval: 30 } };
 * const env = new Map([["MY_FLAG", "True"], ["MY_NAME", "TRUE"]]);
 * if (getConfigVariable("MY_FLAG", ["my", "flag"], { env }) !== true) throw new Error();
 * if (getConfigVariable("MY_NAME", ["my", "name"], { env }) !== "TRUE") throw new Error();
 * const interval = getConfigVariable("MY_INTERVAL", ["connector", "interval"], {
 *   config,
 *   env,
 *   isNumber: true,
 *   default: 60,
 * });
 * if (interval !== 30) throw new Error();
 * ```
 */
export function getConfigVariable<D = null>(
  envVar: string,
  yamlPath: readonly string[] | null | undefined,
  options: GetConfigVariableOptions<D> = {},
): ConfigValue | D {
  const fallback = (options.default === undefined ? null : options.default) as D;
  const raw = lookupRaw(envVar, yamlPath, options.config ?? {}, options.env ?? Deno.env);
  if (raw === undefined) return fallback;
  const path = yamlPath && yamlPath.length >= 2 ? yamlPath.slice(0, 2).join(".") : null;
  const value = mapBoolean(raw.value);
  if (typeof value === "boolean" && typeof raw.value === "string") return value;
  if (options.isNumber) {
    const result = pyInt(value);
    if (result.ok) return result.value;
    throw new ConfigError([{
      env: envVar,
      yamlPath: path,
      source: raw.source,
      reason: options.secret
        ? "is not an integer (value hidden)"
        : `is not an integer: ${result.message}`,
    }]);
  }
  if (options.required && fallback === null && (value === null || value === "")) {
    throw new ConfigError([{
      env: envVar,
      yamlPath: path,
      source: raw.source,
      reason: `The configuration ${envVar} is required: set the environment variable ${envVar}${
        path === null ? "" : ` or ${path} in the config file`
      } (it is ${value === null ? "null" : "empty"})`,
    }]);
  }
  if (value === "") return fallback;
  return value as ConfigValue;
}
