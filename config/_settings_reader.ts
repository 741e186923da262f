// Reads one setting of the table as pycti does, then types and checks it, collecting every
// problem so resolveConnectorSettings can report them all at once.
import type { ConfigIssue, ConfigSource } from "./config_error.ts";
import {
  type ConnectorSettingDefinition,
  connectorSettingsTable,
} from "./connector_settings_table.ts";
import type { EnvSource } from "./get_config_variable.ts";
import { parseConnectorScope } from "./parse_connector_scope.ts";
import { parseCustomHeaders } from "./parse_custom_headers.ts";
import { parseIsoDuration } from "../core/parse_iso_duration.ts";
import { lookupRaw, mapBoolean } from "./_lookup.ts";
import { pyFloat, pyInt } from "./_python.ts";

// The variables pycti reads with isNumber=True: an empty string fails there instead of
// falling back to the default.
const PYCTI_IS_NUMBER: ReadonlySet<string> = new Set([
  "CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT_CONFIDENCE_LEVEL",
  "CONNECTOR_SEND_TO_DIRECTORY_RETENTION",
  "CONNECTOR_SEND_TO_S3_RETENTION",
  "S3_PORT",
  "CONNECTOR_METRICS_PORT",
  "MQ_PORT",
]);

const UPPER_CASED: ReadonlySet<string> = new Set([
  "CONNECTOR_LISTEN_PROTOCOL",
  "CONNECTOR_LOG_LEVEL",
]);

const LOG_LEVEL_ALIASES: Readonly<Record<string, string>> = {
  WARN: "WARNING",
  FATAL: "CRITICAL",
  NOTSET: "DEBUG",
};

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BOOLEAN_LOOKING = /^(?:true|false|yes|no|on|off|1|0)$/i;

const INVALID: unique symbol = Symbol("invalid");
type Checked<T> = T | typeof INVALID;

interface Read {
  value: unknown;
  raw: unknown;
  source: ConfigSource;
}

function quote(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (value instanceof Date) return value.toISOString();
  return JSON.stringify(value) ?? String(value);
}

function kind(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  if (value === null) return "null";
  if (typeof value === "object") return "a mapping";
  return `a ${typeof value}`;
}

export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** Reads and checks settings of the table, collecting every problem instead of throwing. */
export class SettingsReader {
  readonly issues: { order: number; issue: ConfigIssue }[] = [];
  readonly sources: Record<string, ConfigSource> = {};
  readonly secrets: Set<string> = new Set();
  readonly #byEnv: Map<string, [number, ConnectorSettingDefinition]>;

  constructor(
    private readonly config: Readonly<Record<string, unknown>>,
    private readonly env: EnvSource,
  ) {
    this.#byEnv = new Map(connectorSettingsTable.map((def, i) => [def.env, [i, def]]));
  }

  def(env: string): ConnectorSettingDefinition {
    return this.#byEnv.get(env)![1];
  }

  report(def: ConnectorSettingDefinition, source: ConfigSource, reason: string): typeof INVALID {
    const order = this.#byEnv.get(def.env)![0];
    this.issues.push({ order, issue: { env: def.env, yamlPath: def.yamlPath, source, reason } });
    return INVALID;
  }

  // pycti's get_config_variable steps, except that an explicit YAML null falls back to the
  // default (newer pycti) instead of crashing or yielding None.
  read(def: ConnectorSettingDefinition, fallback: unknown = def.default): Read {
    const hit = lookupRaw(def.env, def.yamlPath.split("."), this.config, this.env);
    const read: Read = hit === undefined
      ? { value: fallback, raw: undefined, source: "default" }
      : { value: mapBoolean(hit.value), raw: hit.value, source: hit.source };
    if (read.value === null || (read.value === "" && !PYCTI_IS_NUMBER.has(def.env))) {
      read.value = fallback;
      read.source = "default";
    }
    this.sources[def.env] = read.source;
    return read;
  }

  /** Reads and types one variable; reports a problem and returns INVALID when it is bad. */
  get<T>(env: string, fallback?: unknown): Checked<T> {
    const def = this.def(env);
    const read = this.read(def, fallback === undefined ? def.default : fallback);
    const value = this.check(def, read);
    if (def.secret && typeof value === "string" && value !== "") this.secrets.add(value);
    return value as Checked<T>;
  }

  shown(def: ConnectorSettingDefinition, read: Read): string {
    if (def.secret) return "the value (hidden)";
    return quote(read.raw === undefined ? read.value : read.raw);
  }

  readsAsBoolean(def: ConnectorSettingDefinition, read: Read, expected: string): typeof INVALID {
    return this.report(
      def,
      read.source,
      `${
        this.shown(def, read)
      } reads as the boolean ${read.value} (pycti maps yes/true/True and no/false/False), expected ${expected}`,
    );
  }

  check(def: ConnectorSettingDefinition, read: Read): unknown {
    const { value, source } = read;
    if (value === null) {
      if (!def.required) return null;
      return this.report(
        def,
        source,
        `is required: set the environment variable ${def.env} or ${def.yamlPath} in the config file`,
      );
    }
    const shown = this.shown(def, read);
    switch (def.type) {
      case "string":
      case "pem-or-path":
        if (typeof value === "string") return value;
        if (typeof value === "number" && Number.isFinite(value)) return String(value);
        if (typeof value === "boolean") return this.readsAsBoolean(def, read, "a string");
        return this.report(def, source, `expected a string, got ${kind(value)}`);
      case "boolean":
        if (typeof value === "boolean") return value;
        return this.report(
          def,
          source,
          `${shown} is not a boolean: use true or false (or yes/no, True/False)`,
        );
      case "integer":
      case "port": {
        if (typeof value === "boolean" && typeof read.raw === "string") {
          return this.readsAsBoolean(def, read, "an integer");
        }
        if (typeof value === "boolean") {
          return this.report(def, source, `${shown} is a boolean, expected an integer`);
        }
        const result = pyInt(value);
        if (!result.ok) {
          return this.report(
            def,
            source,
            `is not an integer: ${def.secret ? "(value hidden)" : result.message}`,
          );
        }
        const n = result.value;
        if (!Number.isSafeInteger(n) || n < (def.min ?? -Infinity) || n > (def.max ?? Infinity)) {
          const range = def.max === undefined ? `at least ${def.min}` : `${def.min}..${def.max}`;
          return this.report(def, source, `${shown} is out of range: expected ${range}`);
        }
        return n;
      }
      case "number": {
        if (typeof value === "boolean") {
          return this.report(def, source, `${shown} is a boolean, expected a number`);
        }
        const result = pyFloat(value);
        if (!result.ok) return this.report(def, source, `is not a number: ${result.message}`);
        if (Number.isNaN(result.value) || result.value < 0) {
          return this.report(def, source, `${shown} is not a non-negative number`);
        }
        return result.value;
      }
      case "url": {
        if (typeof value !== "string") {
          return this.report(def, source, `expected an http(s) URL, got ${kind(value)}`);
        }
        let url: URL | undefined;
        try {
          url = new URL(value);
        } catch {
          url = undefined;
        }
        if (url === undefined || (url.protocol !== "http:" && url.protocol !== "https:")) {
          return this.report(def, source, `${shown} is not an http(s) URL`);
        }
        return value;
      }
      case "enum": {
        if (typeof value !== "string") {
          return this.report(def, source, `${shown} is not one of ${def.values?.join(", ")}`);
        }
        let text = UPPER_CASED.has(def.env) ? value.toUpperCase() : value;
        if (def.env === "CONNECTOR_LOG_LEVEL") text = LOG_LEVEL_ALIASES[text] ?? text;
        if (!def.values?.includes(text)) {
          return this.report(def, source, `${shown} is not one of ${def.values?.join(", ")}`);
        }
        return text;
      }
      case "list":
        if (value === false) return [];
        if (typeof value === "string") return parseConnectorScope(value);
        if (Array.isArray(value) && value.every((item) => typeof item === "string")) {
          return parseConnectorScope(value);
        }
        return this.report(
          def,
          source,
          `expected a comma-separated string or a list of strings, got ${kind(value)}`,
        );
      case "headers":
        return typeof value === "string"
          ? this.headers(def, source, value)
          : this.report(def, source, `expected a string, got ${kind(value)}`);
      case "duration": {
        let seconds: number;
        try {
          seconds = parseIsoDuration(value as string | number);
        } catch (error) {
          return this.report(
            def,
            source,
            `${shown} is not a duration: ${(error as Error).message}`,
          );
        }
        if (seconds < 0) return this.report(def, source, `${shown} is a negative duration`);
        return value;
      }
      case "boolean-or-path":
        if (typeof value === "boolean") return value;
        if (typeof value === "string" && !BOOLEAN_LOOKING.test(value)) return value;
        return this.report(
          def,
          source,
          `${shown} is neither true/false nor the path of a CA bundle`,
        );
      case "date-or-false":
        if (value === false || typeof value === "string") return value;
        if (value instanceof Date) return value.toISOString().replace(/\.\d{3}Z$/, "Z");
        return this.report(def, source, `${shown} is not an ISO date nor false`);
      case "epoch-ms":
        if (typeof value === "string" && /^\d+$/.test(value)) return value;
        if (typeof value === "number" && Number.isSafeInteger(value) && value >= 0) {
          return String(value);
        }
        return this.report(def, source, `${shown} is not a timestamp in epoch milliseconds`);
    }
  }

  headers(
    def: ConnectorSettingDefinition,
    source: ConfigSource,
    value: string,
  ): Checked<Readonly<Record<string, string>>> {
    const parsed = parseCustomHeaders(value);
    let ok = true;
    for (const piece of parsed.invalid) {
      const index = value.trim().split(";").indexOf(piece) + 1;
      ok = false;
      this.report(def, source, `piece ${index} has no ":" (pycti would ignore it)`);
    }
    for (const [name, headerValue] of Object.entries(parsed.headers)) {
      if (!HEADER_NAME.test(name)) {
        ok = false;
        this.report(def, source, `${JSON.stringify(name)} is not a valid HTTP header name`);
      } else if (/[\r\n\0]/.test(headerValue)) {
        ok = false;
        this.report(def, source, `the value of header ${name} contains a line break or NUL`);
      } else if (headerValue !== "") {
        this.secrets.add(headerValue);
      }
    }
    return ok ? parsed.headers : INVALID;
  }
}
