// The feed side of the external-import example: parse a CSV or JSON IOC list and map it to
// STIX 2.1 the way pycti connectors do (author identity, TLP marking, indicator + observable +
// `based-on` relationship, ids generated like pycti's `generate_id` so re-imports merge).
import { createHash } from "node:crypto";
import type { StixObject } from "@octi/connector/stix";

/** Observable types the feed may list, with how each becomes a pattern and an observable. */
const KINDS = {
  "ipv4-addr": {
    mainType: "IPv4-Addr",
    valid: (v: string) =>
      /^(\d{1,3})(\.\d{1,3}){3}$/.test(v) && v.split(".").every((p) => +p < 256),
  },
  "ipv6-addr": {
    mainType: "IPv6-Addr",
    valid: (v: string) => /^[0-9a-f:]+$/i.test(v) && v.includes(":"),
  },
  "domain-name": {
    mainType: "Domain-Name",
    valid: (v: string) => /^(?=.{1,253}$)([a-z0-9-]{1,63}\.)+[a-z]{2,63}$/i.test(v),
  },
  "url": { mainType: "Url", valid: (v: string) => URL.canParse(v) },
  "file-sha256": { mainType: "StixFile", valid: (v: string) => /^[0-9a-f]{64}$/i.test(v) },
  "file-md5": { mainType: "StixFile", valid: (v: string) => /^[0-9a-f]{32}$/i.test(v) },
} as const;

/** The IOC types a feed entry may have. */
export type FeedIocType = keyof typeof KINDS;

/** One IOC of the feed. */
export interface FeedIoc {
  /** What the value is. */
  type: FeedIocType;
  /** The IOC itself (an address, a domain, a URL, a hash). */
  value: string;
  /** When the feed first saw it, ISO 8601 UTC with milliseconds. */
  firstSeen: string;
  /** Free text, or null. */
  description: string | null;
  /** Labels (tags). */
  labels: string[];
}

/** A feed entry that was skipped, and why. */
export interface FeedRejection {
  /** 1-based line (CSV) or index (JSON) of the entry. */
  entry: number;
  /** What was wrong with it. */
  reason: string;
}

/** What {@linkcode parseFeed} found. */
export interface ParsedFeed {
  /** Valid IOCs, in feed order. */
  iocs: FeedIoc[];
  /** Entries skipped. */
  rejected: FeedRejection[];
}

/** The TLP markings OpenCTI knows, with their well-known STIX ids. */
const TLP: Readonly<Record<string, StixObject>> = Object.fromEntries(
  ([
    ["TLP:CLEAR", "613f2e26-407d-48c7-9eca-b8e91df99dc9", "clear"],
    ["TLP:GREEN", "34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"],
    ["TLP:AMBER", "f88d31f6-486f-44da-b317-01333bde0b82", "amber"],
    ["TLP:AMBER+STRICT", "826578e1-40ad-459f-bc73-ede076f81f37", "amber+strict"],
    ["TLP:RED", "5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"],
  ] as const).map(([name, uuid, color]) => [name, {
    type: "marking-definition",
    spec_version: "2.1",
    id: `marking-definition--${uuid}`,
    created: "2017-01-20T00:00:00.000Z",
    definition_type: "tlp",
    name,
    definition: { tlp: color },
  }]),
);

/** The TLP marking-definition object for `name` (`TLP:WHITE` is `TLP:CLEAR`). */
export function tlpMarking(name: string): StixObject {
  const upper = name.toUpperCase();
  const marking = TLP[upper === "TLP:WHITE" ? "TLP:CLEAR" : upper];
  if (!marking) {
    throw new RangeError(`Unknown TLP "${name}": expected one of ${Object.keys(TLP).join(", ")}`);
  }
  return marking;
}

// pycti (and STIX 2.1 for observables) derive ids as UUIDv5 of the canonical JSON of the
// identifying properties, in this namespace.
const NAMESPACE = Uint8Array.from(
  "00abedb4aa42466c9c01fed23315a9b7".match(/../g)!,
  (hex) => parseInt(hex, 16),
);

function canonical(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
}

/** `<type>--<uuid5 of the canonical JSON of data>`, as pycti's `generate_id` methods. */
export function stixId(type: string, data: Record<string, unknown>): string {
  const hash = createHash("sha1").update(NAMESPACE).update(canonical(data), "utf8").digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString("hex", 0, 16);
  return `${type}--${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${
    hex.slice(16, 20)
  }-${hex.slice(20)}`;
}

/** Splits one CSV line (RFC 4180 quoting). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"', i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") (fields.push(field), field = "");
    else field += c;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

function toIoc(record: Record<string, unknown>): FeedIoc | string {
  const type = String(record.type ?? "").trim().toLowerCase();
  const value = String(record.value ?? "").trim();
  if (!(type in KINDS)) return `unknown type "${type}"`;
  const kind = type as FeedIocType;
  if (!KINDS[kind].valid(value)) return `"${value}" is not a valid ${kind}`;
  const seen = Date.parse(String(record.first_seen ?? ""));
  if (Number.isNaN(seen)) return `first_seen "${String(record.first_seen)}" is not a date`;
  const labels = Array.isArray(record.labels)
    ? record.labels.map(String)
    : String(record.labels ?? "").split(";");
  const description = String(record.description ?? "").trim();
  return {
    type: kind,
    value: kind.startsWith("file-") || kind === "domain-name" ? value.toLowerCase() : value,
    firstSeen: new Date(seen).toISOString(),
    description: description === "" ? null : description,
    labels: labels.map((l) => l.trim()).filter((l) => l !== ""),
  };
}

/**
 * Parses a feed: CSV with a header naming at least `type`, `value` and `first_seen` (also
 * `description`, and `labels` separated by `;`; `#` lines are comments), or JSON (an array of
 * objects with the same keys). Invalid entries are skipped and listed, not fatal.
 *
 * @throws {SyntaxError} When the text is not CSV with such a header, or not a JSON array.
 */
export function parseFeed(text: string, format: "csv" | "json"): ParsedFeed {
  const iocs: FeedIoc[] = [];
  const rejected: FeedRejection[] = [];
  const add = (entry: number, record: Record<string, unknown>) => {
    const ioc = toIoc(record);
    if (typeof ioc === "string") rejected.push({ entry, reason: ioc });
    else iocs.push(ioc);
  };
  if (format === "json") {
    const data: unknown = JSON.parse(text);
    if (!Array.isArray(data)) throw new SyntaxError("The JSON feed is not an array of IOCs");
    data.forEach((record, i) => {
      if (typeof record === "object" && record !== null) add(i + 1, record);
      else rejected.push({ entry: i + 1, reason: "not an object" });
    });
    return { iocs, rejected };
  }
  const lines = text.split(/\r?\n/).map((line, i) => ({ line, n: i + 1 }))
    .filter(({ line }) => line.trim() !== "" && !line.trimStart().startsWith("#"));
  const header = lines.shift();
  const columns = header ? csvFields(header.line).map((c) => c.toLowerCase()) : [];
  for (const required of ["type", "value", "first_seen"]) {
    if (!columns.includes(required)) {
      throw new SyntaxError(`The CSV feed has no "${required}" column (header: ${header?.line})`);
    }
  }
  for (const { line, n } of lines) {
    const fields = csvFields(line);
    add(n, Object.fromEntries(columns.map((c, i) => [c, fields[i] ?? ""])));
  }
  return { iocs, rejected };
}

function pattern(ioc: FeedIoc): string {
  const quoted = `'${ioc.value.replaceAll("\\", "\\\\").replaceAll("'", "\\'")}'`;
  switch (ioc.type) {
    case "file-sha256":
      return `[file:hashes.'SHA-256' = ${quoted}]`;
    case "file-md5":
      return `[file:hashes.MD5 = ${quoted}]`;
    default:
      return `[${ioc.type}:value = ${quoted}]`;
  }
}

function observable(ioc: FeedIoc): StixObject {
  if (ioc.type === "file-sha256" || ioc.type === "file-md5") {
    const hashes = { [ioc.type === "file-md5" ? "MD5" : "SHA-256"]: ioc.value };
    return { type: "file", spec_version: "2.1", id: stixId("file", { hashes }), hashes };
  }
  return {
    type: ioc.type,
    spec_version: "2.1",
    id: stixId(ioc.type, { value: ioc.value }),
    value: ioc.value,
  };
}

/** Options of {@linkcode feedToStix}. */
export interface FeedToStixOptions {
  /** Name of the author organisation (`created_by_ref` of everything). */
  author: string;
  /** TLP of everything, e.g. `TLP:GREEN`. */
  tlp: string;
  /** Creation time of the objects, ISO 8601. */
  now: string;
}

/**
 * The STIX objects for `iocs`: the author identity, the TLP marking, and per IOC an
 * indicator, its observable and a `based-on` relationship between them.
 *
 * @throws {RangeError} When `tlp` is not a TLP OpenCTI knows.
 */
export function feedToStix(iocs: readonly FeedIoc[], options: FeedToStixOptions): StixObject[] {
  const marking = tlpMarking(options.tlp);
  const author: StixObject = {
    type: "identity",
    spec_version: "2.1",
    id: stixId("identity", {
      name: options.author.toLowerCase().trim(),
      identity_class: "organization",
    }),
    name: options.author,
    identity_class: "organization",
    created: options.now,
    modified: options.now,
  };
  const common = { created_by_ref: author.id, object_marking_refs: [marking.id] };
  const objects: StixObject[] = [author, marking];
  for (const ioc of iocs) {
    const sco = observable(ioc);
    const stixPattern = pattern(ioc);
    const indicatorId = stixId("indicator", { pattern: stixPattern });
    objects.push(
      {
        ...sco,
        object_marking_refs: common.object_marking_refs,
        x_opencti_created_by_ref: author.id,
        x_opencti_labels: ioc.labels,
      },
      {
        type: "indicator",
        spec_version: "2.1",
        id: indicatorId,
        created: options.now,
        modified: options.now,
        name: ioc.value,
        ...(ioc.description ? { description: ioc.description } : {}),
        pattern: stixPattern,
        pattern_type: "stix",
        valid_from: ioc.firstSeen,
        labels: ioc.labels,
        x_opencti_main_observable_type: KINDS[ioc.type].mainType,
        ...common,
      },
      {
        type: "relationship",
        spec_version: "2.1",
        id: stixId("relationship", {
          relationship_type: "based-on",
          source_ref: indicatorId,
          target_ref: sco.id,
        }),
        created: options.now,
        modified: options.now,
        relationship_type: "based-on",
        source_ref: indicatorId,
        target_ref: sco.id,
        ...common,
      },
    );
  }
  return objects;
}
