// The first step of pycti's get_config_variable: environment, then config[section][key].

import type { EnvSource } from "./get_config_variable.ts";

/** Where a raw value was found. */
export interface RawValue {
  value: unknown;
  source: "env" | "file";
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    !(value instanceof Date);
}

/**
 * The environment variable when it exists (even empty), else `config[section][key]` when both
 * keys exist, else `undefined`. A path shorter than two elements fails where Python's indexing
 * would (IndexError), so a one-element path only fails when its section exists.
 */
export function lookupRaw(
  envVar: string,
  yamlPath: readonly string[] | null | undefined,
  config: Readonly<Record<string, unknown>>,
  env: EnvSource,
): RawValue | undefined {
  const fromEnv = env.get(envVar);
  if (fromEnv !== undefined) return { value: fromEnv, source: "env" };
  if (yamlPath === null || yamlPath === undefined) return undefined;
  const [section, key] = yamlPath;
  if (section === undefined) {
    throw new RangeError(`Cannot read ${envVar}: yamlPath is empty, expected [section, key]`);
  }
  if (!Object.hasOwn(config, section)) return undefined;
  if (key === undefined) {
    throw new RangeError(
      `Cannot read ${envVar}: yamlPath ${
        JSON.stringify(yamlPath)
      } has no key, expected [section, key]`,
    );
  }
  // A section that is not a mapping (e.g. `connector:` left empty) counts as absent.
  const block = config[section];
  if (!isMapping(block) || !Object.hasOwn(block, key)) return undefined;
  return { value: block[key], source: "file" };
}

/** pycti's `TRUTHY` and `FALSY` lists, matched exactly and case-sensitively. */
export const TRUTHY: readonly string[] = ["yes", "true", "True"];
/** See {@linkcode TRUTHY}. */
export const FALSY: readonly string[] = ["no", "false", "False"];

/** Step 4 of get_config_variable: only the exact strings of TRUTHY/FALSY become booleans. */
export function mapBoolean(value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (TRUTHY.includes(value)) return true;
  if (FALSY.includes(value)) return false;
  return value;
}
