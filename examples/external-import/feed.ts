// The feed side of the external-import example: parse a CSV or JSON IOC list and map it to
// STIX 2.1 the way pycti connectors do (author identity, TLP marking, indicator + observable +
// `based-on` relationship, ids generated like pycti's `generate_id` so re-imports merge).
import { generateStixId, type StixObject, tlpMarkingDefinition } from "@octi/connector/stix";

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
    return {
      type: "file",
      spec_version: "2.1",
      id: generateStixId({ type: "file", hashes }),
      hashes,
    };
  }
  return {
    type: ioc.type,
    spec_version: "2.1",
    id: generateStixId({ type: ioc.type, value: ioc.value }),
    value: ioc.value,
  };
}

/** Options of {@linkcode feedToStix}. */
export interface FeedToStixOptions {
  /** Name of the author organisation (`created_by_ref` of everything). */
  author: string;
  /** TLP of everything, e.g. `TLP:GREEN` (see `tlpMarkingDefinition`). */
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
  const marking = tlpMarkingDefinition(options.tlp);
  const author: StixObject = {
    type: "identity",
    spec_version: "2.1",
    id: generateStixId({ type: "identity", name: options.author, identity_class: "organization" }),
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
    const indicatorId = generateStixId({ type: "indicator", pattern: stixPattern });
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
        id: generateStixId({
          type: "relationship",
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
