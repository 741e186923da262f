import { canonicalJson } from "./_canonical_json.ts";
import { pythonStrip } from "./_python_strip.ts";
import { EMBEDDED_ID_NAMESPACE, uuid5 } from "./_uuid5.ts";

/**
 * What {@linkcode generateStixId} needs to know of an object: its STIX `type` and the
 * properties its id is derived from, under their STIX names (so a whole STIX object can be
 * passed, the other properties being ignored). Date-time properties are the text written in
 * the object (pycti turns a Python `datetime` into text with `isoformat()`, which has no
 * JavaScript equivalent: pass the same text as in the object). `null` and a missing property
 * are the same (Python's `None`).
 *
 * @example
 * ```ts
 * import { generateStixId, type StixIdInput } from "@octi/connector/stix";
 * const author: StixIdInput = { type: "identity", name: "ACME", identity_class: "organization" };
 * if (!generateStixId(author).startsWith("identity--")) throw new Error();
 * ```
 */
export type StixIdInput =
  | {
    /** An identity (organization, individual, sector, system, class). */
    type: "identity";
    /** Lower-cased and stripped. */
    name: string;
    /** E.g. `"organization"`; lower-cased (not stripped). */
    identity_class: string;
  }
  | {
    /** An indicator. */
    type: "indicator";
    /** Stripped. */
    pattern: string;
  }
  | {
    /** A report. */
    type: "report";
    /** Lower-cased and stripped. */
    name: string;
    /** As written in the object. */
    published: string;
  }
  | {
    /** Objects identified by their name alone. */
    type:
      | "campaign"
      | "channel"
      | "event"
      | "infrastructure"
      | "intrusion-set"
      | "malware"
      | "narrative"
      | "tool"
      | "vulnerability";
    /** Lower-cased and stripped. */
    name: string;
  }
  | {
    /** MITRE objects: by `x_mitre_id` when given, else by name. */
    type: "attack-pattern" | "course-of-action";
    /** Lower-cased and stripped; only used without `x_mitre_id`. */
    name: string;
    /** E.g. `"T1059"`; stripped. */
    x_mitre_id?: string | null | undefined;
  }
  | {
    /** A threat actor: group or individual. */
    type: "threat-actor";
    /** Lower-cased and stripped. */
    name: string;
    /** OpenCTI's entity type; default `"Threat-Actor-Group"`. */
    x_opencti_type?: "Threat-Actor-Group" | "Threat-Actor-Individual" | null | undefined;
  }
  | {
    /** A location. */
    type: "location";
    /** Lower-cased and stripped; not used for a position with coordinates. */
    name: string;
    /** OpenCTI's location type: `"City"`, `"Country"`, `"Region"`, `"Position"`, … (as is). */
    x_opencti_location_type: string;
    /** Only used for a `"Position"`. */
    latitude?: number | null | undefined;
    /** Only used for a `"Position"`. */
    longitude?: number | null | undefined;
  }
  | {
    /** A note. */
    type: "note";
    /** Stripped. */
    content: string;
    /** As written in the object; optional. */
    created?: string | null | undefined;
  }
  | {
    /** An opinion. */
    type: "opinion";
    /** E.g. `"agree"`; stripped. */
    opinion: string;
    /** As written in the object; optional. */
    created?: string | null | undefined;
  }
  | {
    /** A grouping. */
    type: "grouping";
    /** Lower-cased and stripped. */
    name: string;
    /** E.g. `"suspicious-activity"`; lower-cased and stripped. */
    context: string;
    /** As written in the object; optional. */
    created?: string | null | undefined;
  }
  | {
    /** Objects identified by name and creation time. */
    type: "incident" | "case-incident" | "case-rfi" | "case-rft" | "task";
    /** Lower-cased and stripped. */
    name: string;
    /** As written in the object. */
    created: string;
  }
  | {
    /** A relationship. */
    type: "relationship";
    /** E.g. `"indicates"`. */
    relationship_type: string;
    /** Id of the source. */
    source_ref: string;
    /** Id of the target. */
    target_ref: string;
    /** As written in the object; optional. */
    start_time?: string | null | undefined;
    /** As written in the object; only used with `start_time`. */
    stop_time?: string | null | undefined;
  }
  | {
    /** A sighting. */
    type: "sighting";
    /** Id of what was sighted. */
    sighting_of_ref: string;
    /** Ids of where it was sighted, in order. */
    where_sighted_refs: readonly string[];
    /** As written in the object; optional. */
    first_seen?: string | null | undefined;
    /** As written in the object; only used with `first_seen`. */
    last_seen?: string | null | undefined;
  }
  | {
    /** Observables identified by their value (STIX 2.1). */
    type: "domain-name" | "email-addr" | "ipv4-addr" | "ipv6-addr" | "mac-addr" | "url";
    /** As is. */
    value: string;
  }
  | {
    /** A file (STIX 2.1): at least one of the properties below. */
    type: "file";
    /** One hash is used: MD5, else SHA-1, else SHA-256, else SHA-512, else the first. */
    hashes?: Readonly<Record<string, string>> | null | undefined;
    /** As is. */
    name?: string | null | undefined;
    /** As is. */
    extensions?: Readonly<Record<string, unknown>> | null | undefined;
    /** As is. */
    parent_directory_ref?: string | null | undefined;
  };

/**
 * The deterministic STIX id OpenCTI gives an object: `<type>--` + the UUIDv5 (namespace
 * `00abedb4-aa42-466c-9c01-fed23315a9b7`) of the canonical JSON (RFC 8785) of the identifying
 * properties, normalised as pycti's `generate_id` static methods do (`Identity.generate_id`,
 * `Indicator.generate_id`, `StixCoreRelationship.generate_id`, …). Re-sending an object
 * with the same id updates it instead of creating a duplicate. Observables follow STIX 2.1's
 * id-contributing properties, as the `stix2` library computes them. See
 * {@linkcode StixIdInput} for the properties used and their normalisation.
 *
 * One function with a discriminated input, rather than one per type: the input is the
 * object's own properties (a whole STIX object can be passed, like pycti's
 * `generate_id_from_data`), and the type checker still requires the right properties for
 * each `type`.
 *
 * @throws {RangeError} When `type` is not one listed in {@linkcode StixIdInput}, or a
 * threat actor's `x_opencti_type` is neither group nor individual.
 * @throws {TypeError} When a property the id needs is missing or of the wrong type.
 *
 * @example
 * ```ts
 * import { generateStixId } from "@octi/connector/stix";
 * const pattern = "[domain-name:value = 'evil.example']";
 * const indicator = generateStixId({ type: "indicator", pattern });
 * if (indicator !== "indicator--4085ccb3-051d-5f93-9a2e-e75dfe732425") throw new Error(indicator);
 * // Names are compared lower-cased and stripped, so these are one object to OpenCTI.
 * const a = generateStixId({ type: "malware", name: "Emotet" });
 * if (a !== generateStixId({ type: "malware", name: " EMOTET " })) throw new Error();
 * const relationship = generateStixId({
 *   type: "relationship",
 *   relationship_type: "indicates",
 *   source_ref: indicator,
 *   target_ref: a,
 * });
 * if (!relationship.startsWith("relationship--")) throw new Error();
 * ```
 */
export function generateStixId(input: StixIdInput): string {
  if (typeof input !== "object" || input === null) {
    throw new TypeError(`Cannot generate a STIX id from ${describe(input)}: expected an object`);
  }
  const fields = input as unknown as Readonly<Record<string, unknown>>;
  const type = fields.type;
  const rule = typeof type === "string" ? RULES.get(type) : undefined;
  if (rule === undefined) {
    throw new RangeError(
      `Cannot generate a STIX id for type ${describe(type)}: expected one of ${
        [...RULES.keys()].join(", ")
      }`,
    );
  }
  const data = rule(new Fields(type as string, fields));
  return `${type}--${uuid5(EMBEDDED_ID_NAMESPACE, canonicalJson(data))}`;
}

/** Reads the input's properties, with errors naming the type and the property. */
class Fields {
  constructor(readonly type: string, readonly values: Readonly<Record<string, unknown>>) {}

  text(key: string): string {
    const value = this.values[key];
    if (typeof value !== "string") throw this.error(key, "a string", value);
    return value;
  }

  optionalText(key: string): string | undefined {
    const value = this.values[key];
    return value === null || value === undefined ? undefined : this.text(key);
  }

  optionalNumber(key: string): number | undefined {
    const value = this.values[key];
    if (value === null || value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) {
      throw this.error(key, "a finite number", value);
    }
    return value;
  }

  optionalRecord(key: string): Readonly<Record<string, unknown>> | undefined {
    const value = this.values[key];
    if (value === null || value === undefined) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
      throw this.error(key, "an object", value);
    }
    return value as Readonly<Record<string, unknown>>;
  }

  textList(key: string): string[] {
    const value = this.values[key];
    if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
      throw this.error(key, "a list of strings", value);
    }
    return [...value];
  }

  /** pycti's `name.lower().strip()`. */
  name(key = "name"): string {
    return pythonStrip(this.text(key).toLowerCase());
  }

  error(key: string, expected: string, value: unknown): TypeError {
    return new TypeError(
      `Cannot generate the id of a ${this.type}: "${key}" must be ${expected}, got ${
        describe(value)
      }`,
    );
  }
}

type Rule = (fields: Fields) => Record<string, unknown>;

const byName: Rule = (f) => ({ name: f.name() });
const byMitreIdOrName: Rule = (f) => {
  const mitreId = f.optionalText("x_mitre_id");
  return mitreId === undefined ? { name: f.name() } : { x_mitre_id: pythonStrip(mitreId) };
};
const byNameAndCreated: Rule = (f) => ({ name: f.name(), created: f.text("created") });
const byValue: Rule = (f) => ({ value: f.text("value") });
const THREAT_ACTOR_TYPES = ["Threat-Actor-Group", "Threat-Actor-Individual"];

const RULES: ReadonlyMap<string, Rule> = new Map<string, Rule>([
  ["attack-pattern", byMitreIdOrName],
  ["campaign", byName],
  ["case-incident", byNameAndCreated],
  ["case-rfi", byNameAndCreated],
  ["case-rft", byNameAndCreated],
  ["channel", byName],
  ["course-of-action", byMitreIdOrName],
  ["domain-name", byValue],
  ["email-addr", byValue],
  ["event", byName],
  ["file", fileData],
  ["grouping", (f) => {
    const created = f.optionalText("created");
    return { name: f.name(), context: f.name("context"), ...optional("created", created) };
  }],
  ["identity", (f) => ({ name: f.name(), identity_class: f.text("identity_class").toLowerCase() })],
  ["incident", byNameAndCreated],
  ["indicator", (f) => ({ pattern: pythonStrip(f.text("pattern")) })],
  ["infrastructure", byName],
  ["intrusion-set", byName],
  ["ipv4-addr", byValue],
  ["ipv6-addr", byValue],
  ["location", locationData],
  ["mac-addr", byValue],
  ["malware", byName],
  ["narrative", byName],
  ["note", (f) => ({
    content: pythonStrip(f.text("content")),
    ...optional("created", f.optionalText("created")),
  })],
  ["opinion", (f) => ({
    opinion: pythonStrip(f.text("opinion")),
    ...optional("created", f.optionalText("created")),
  })],
  ["relationship", (f) => ({
    relationship_type: f.text("relationship_type"),
    source_ref: f.text("source_ref"),
    target_ref: f.text("target_ref"),
    ...timeRange(f, "start_time", "stop_time"),
  })],
  ["report", (f) => ({ name: f.name(), published: f.text("published") })],
  ["sighting", (f) => ({
    type: "sighting",
    sighting_of_ref: f.text("sighting_of_ref"),
    where_sighted_refs: f.textList("where_sighted_refs"),
    ...timeRange(f, "first_seen", "last_seen"),
  })],
  ["task", byNameAndCreated],
  ["threat-actor", (f) => {
    const openctiType = f.optionalText("x_opencti_type") ?? "Threat-Actor-Group";
    if (!THREAT_ACTOR_TYPES.includes(openctiType)) {
      throw new RangeError(
        `Cannot generate the id of a threat-actor: "x_opencti_type" must be one of ${
          THREAT_ACTOR_TYPES.join(", ")
        }, got "${openctiType}"`,
      );
    }
    return { name: f.name(), opencti_type: openctiType };
  }],
  ["tool", byName],
  ["url", byValue],
  ["vulnerability", byName],
]);

function optional(key: string, value: unknown): Record<string, unknown> {
  return value === undefined ? {} : { [key]: value };
}

/** pycti keeps the end of a range only together with its start. */
function timeRange(f: Fields, startKey: string, endKey: string): Record<string, unknown> {
  const start = f.optionalText(startKey);
  if (start === undefined) return {};
  return { [startKey]: start, ...optional(endKey, f.optionalText(endKey)) };
}

function locationData(f: Fields): Record<string, unknown> {
  const locationType = f.text("x_opencti_location_type");
  if (locationType !== "Position") return { name: f.name(), x_opencti_location_type: locationType };
  const latitude = f.optionalNumber("latitude");
  const longitude = f.optionalNumber("longitude");
  if (latitude === undefined && longitude === undefined) return { name: f.name() };
  return { ...optional("latitude", latitude), ...optional("longitude", longitude) };
}

// The stix2 library's rule for files: every id-contributing property present, the hashes
// reduced to one.
function fileData(f: Fields): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const hashes = f.optionalRecord("hashes");
  if (hashes !== undefined) {
    const algorithm = ["MD5", "SHA-1", "SHA-256", "SHA-512"].find((a) => a in hashes) ??
      Object.keys(hashes)[0];
    if (algorithm === undefined) throw f.error("hashes", "a non-empty object", hashes);
    data.hashes = { [algorithm]: hashes[algorithm] };
  }
  const name = f.optionalText("name");
  if (name !== undefined) data.name = name;
  const extensions = f.optionalRecord("extensions");
  if (extensions !== undefined) data.extensions = extensions;
  const parent = f.optionalText("parent_directory_ref");
  if (parent !== undefined) data.parent_directory_ref = parent;
  if (Object.keys(data).length === 0) {
    throw new TypeError(
      "Cannot generate the id of a file: it needs hashes, name, extensions or parent_directory_ref",
    );
  }
  return data;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") {
    return JSON.stringify(value.length > 60 ? value.slice(0, 60) + "…" : value);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "undefined" ? "nothing" : `a value of type ${typeof value}`;
}
