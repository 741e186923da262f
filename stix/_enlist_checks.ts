// Input checks and the embedded-list de-duplication of the splitter's walk.

import { externalReferenceKey, killChainPhaseKey } from "./_embedded_keys.ts";
import { StixBundleError } from "./stix_bundle_error.ts";

/** A parsed JSON object. */
export type JsonRecord = Record<string, unknown>;

// Past this many entries a membership test switches from a scan to a Set.
export const SCAN_LIMIT = 16;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function describe(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export function objectError(message: string, index: number, id: unknown): StixBundleError {
  const objectId = typeof id === "string" ? id : undefined;
  const where = objectId === undefined
    ? `object at index ${index}`
    : `object "${objectId}" (index ${index})`;
  return new StixBundleError(`Invalid bundle: ${where} ${message}`, { index, objectId });
}

export function badRefs(key: string, value: unknown, index: number, id: unknown): StixBundleError {
  return objectError(
    `has "${key}" = ${describe(value)}, expected a list of id strings or null`,
    index,
    id,
  );
}

export function badRef(key: string, value: unknown, index: number, id: unknown): StixBundleError {
  return objectError(`has "${key}" = ${describe(value)}, expected an id string or null`, index, id);
}

function checkEmbeddedList(key: string, value: unknown, index: number, id: unknown): unknown[] {
  if (!Array.isArray(value)) {
    throw objectError(
      `has "${key}" = ${describe(value)}, expected a list of objects or null`,
      index,
      id,
    );
  }
  for (let i = 0; i < value.length; i++) {
    if (!isRecord(value[i])) {
      throw objectError(
        `has a "${key}" entry that is not an object: ${describe(value[i])}`,
        index,
        id,
      );
    }
  }
  return value;
}

/** The same checks the walk makes, for a key/value of an object it never visits. */
export function checkShape(key: string, value: unknown, index: number, id: unknown): void {
  if (value === null) return;
  if (key.endsWith("_refs")) {
    if (!Array.isArray(value)) throw badRefs(key, value, index, id);
    for (let i = 0; i < value.length; i++) {
      if (typeof value[i] !== "string") throw badRefs(key, value, index, id);
    }
  } else if (key.endsWith("_ref")) {
    if (typeof value !== "string") throw badRef(key, value, index, id);
  } else {
    checkEmbeddedList(key, value, index, id);
  }
}

/**
 * Keeps the first entry of each embedded id (pycti's `external_reference_generate_id` /
 * `kill_chain_phase_generate_id`, compared through the canonical text they hash) and drops
 * external references that have no id. Returns the new list, or null when nothing is
 * dropped (the JSON is then the same as pycti's fresh list).
 */
export function dedupEmbedded(
  key: string,
  value: unknown,
  index: number,
  id: unknown,
): unknown[] | null {
  const list = checkEmbeddedList(key, value, index, id);
  const external = key === "external_references";
  const n = list.length;
  if (n === 1) {
    // Nothing to de-duplicate: only an external reference without an id can go.
    const entry = list[0] as JsonRecord;
    return external && entry.url == null && (entry.source_name == null || entry.external_id == null)
      ? []
      : null;
  }
  let kept: unknown[] | null = null;
  let seenList: string[] | null = null;
  let seenSet: Set<string> | null = null;
  for (let i = 0; i < n; i++) {
    const entry = list[i] as JsonRecord;
    const canonical = external
      ? externalReferenceKey(entry.url, entry.source_name, entry.external_id)
      : killChainPhaseKey(entry.phase_name, entry.kill_chain_name);
    let keep = canonical !== null;
    if (keep) {
      if (n > SCAN_LIMIT) {
        seenSet ??= new Set();
        keep = !seenSet.has(canonical!);
        if (keep) seenSet.add(canonical!);
      } else {
        seenList ??= [];
        keep = !seenList.includes(canonical!);
        if (keep) seenList.push(canonical!);
      }
    }
    if (kept !== null) {
      if (keep) kept.push(entry);
    } else if (!keep) {
      kept = list.slice(0, i);
    }
  }
  return kept;
}
