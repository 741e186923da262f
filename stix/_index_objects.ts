// First pass of the splitter's walk: validates every object and indexes the bundle the way
// pycti's `raw_data` does, in one for-in over each object's keys (the fastest way through
// V8's many object shapes).

import { describe, isRecord, objectError } from "./_enlist_checks.ts";
import { grow } from "./_grow.ts";
import { IdTable } from "./_id_table.ts";
import { STIX_EXT_OCTI } from "./extension_ids.ts";
import { SUPPORTED_STIX_TYPES } from "./is_id_supported.ts";
import { StixBundleError } from "./stix_bundle_error.ts";

/** Object kinds the compatibility test distinguishes (0: any other type). */
export const KIND_RELATIONSHIP = 1;
/** See {@linkcode KIND_RELATIONSHIP}. */
export const KIND_SIGHTING = 2;

/** The bundle's objects, indexed. */
export interface BundleIndex {
  /** Slots: one per distinct id or internal id (pycti's `raw_data` keys). */
  slotOf: IdTable;
  /** Object index of each slot (the later object wins). */
  rawObject: Int32Array;
  /** isIdSupported of each slot's string when already known: 0 unknown, 1 yes, 2 no. */
  supported: Uint8Array;
  /** Slot of each object's own id. */
  idSlot: Int32Array;
  /** KIND_* of each object. */
  kinds: Uint8Array;
  /** Internal ids (x_opencti_id, OpenCTI extension id) of the objects that have any. */
  aliasesOf: Map<number, string[]>;
  /**
   * The keys the walk acts on (`*_ref`, `*_refs`, `external_references`,
   * `kill_chain_phases`) and their values, object after object: object i owns the entries
   * keyStart[i] .. keyStart[i + 1] - 1.
   */
  keyStart: Int32Array;
  walkKeys: string[];
  walkValues: unknown[];
  /** Upper bound of the references the walk can follow. */
  refCount: number;
  /** 1 for each object that already has `nb_deps` (it must be serialised, not sliced). */
  touched: Uint8Array;
}

/** Indexes `objects`; throws {@linkcode StixBundleError} on a malformed object. */
export function indexObjects(objects: readonly unknown[]): BundleIndex {
  const n = objects.length;
  const slotOf = new IdTable(n);
  let rawObject = new Int32Array(n + 16);
  const kinds = new Uint8Array(n);
  const idSlot = new Int32Array(n);
  let supported = new Uint8Array(n + 16);
  // isIdSupported of an id whose prefix is its object's type, by type (0: type unusable as a
  // prefix). A short list scanned by equality: a Map would hash each freshly parsed string.
  const seenTypes: string[] = [];
  const seenSupport: number[] = [];
  const typeSupport = (type: string): number => {
    for (let j = 0; j < seenTypes.length; j++) if (seenTypes[j] === type) return seenSupport[j]!;
    const known = type.includes("--") || type.endsWith("-")
      ? 0
      : SUPPORTED_STIX_TYPES.has(type)
      ? 1
      : 2;
    if (seenTypes.length < 64) {
      seenTypes.push(type);
      seenSupport.push(known);
    }
    return known;
  };
  const touched = new Uint8Array(n);
  const keyStart = new Int32Array(n + 1);
  // Sized for a typical feed (a few walked keys per object); they grow past that if needed.
  const walkKeys: string[] = new Array(4 * n);
  const walkValues: unknown[] = new Array(4 * n);
  let walked = 0;
  const aliasesOf = new Map<number, string[]>();
  let refCount = 0;

  const setSlot = (key: string, index: number): number => {
    const slot = slotOf.intern(key);
    if (slot === rawObject.length) {
      rawObject = grow(rawObject);
      supported = grow(supported);
    }
    rawObject[slot] = index;
    return slot;
  };

  // for-in also lists inherited enumerable keys, which only a polluted Object.prototype has;
  // JSON has own keys only.
  let inherited = false;
  for (const _ in {}) inherited = true;

  for (let i = 0; i < n; i++) {
    const item = objects[i];
    if (!isRecord(item)) {
      throw new StixBundleError(
        `Invalid bundle: object at index ${i} is not a JSON object: ${describe(item)}`,
        { index: i },
      );
    }
    keyStart[i] = walked;
    let id: unknown;
    let type: unknown;
    let ownAlias: unknown;
    let extensions: unknown;
    for (const key in item) {
      if (inherited && !Object.hasOwn(item, key)) continue;
      const len = key.length;
      const last = key.charCodeAt(len - 1);
      if (last === 102 /* f */) {
        if (
          key.charCodeAt(len - 2) === 101 && key.charCodeAt(len - 3) === 114 &&
          key.charCodeAt(len - 4) === 95 // "_ref"
        ) {
          walkKeys[walked] = key;
          walkValues[walked++] = item[key];
          refCount++;
        }
      } else if (last === 115 /* s */) {
        if (
          key.charCodeAt(len - 2) === 102 && key.charCodeAt(len - 3) === 101 &&
          key.charCodeAt(len - 4) === 114 && key.charCodeAt(len - 5) === 95 // "_refs"
        ) {
          const value = item[key];
          walkKeys[walked] = key;
          walkValues[walked++] = value;
          if (Array.isArray(value)) refCount += value.length;
        } else if (key === "external_references" || key === "kill_chain_phases") {
          walkKeys[walked] = key;
          walkValues[walked++] = item[key];
        } else if (key === "extensions") {
          extensions = item[key];
        } else if (key === "nb_deps") {
          // pycti overwrites it in place: serialise the object rather than append a key.
          touched[i] = 1;
        }
      } else if (key === "id") {
        id = item[key];
      } else if (key === "type") {
        type = item[key];
      } else if (key === "x_opencti_id") {
        ownAlias = item[key];
      }
    }
    if (typeof id !== "string") {
      throw objectError(`has no string "id" (got ${describe(id)})`, i, id);
    }
    if (typeof type !== "string") {
      throw objectError(`has no string "type" (got ${describe(type)})`, i, id);
    }
    if (type === "relationship") kinds[i] = KIND_RELATIONSHIP;
    else if (type === "sighting") kinds[i] = KIND_SIGHTING;
    const slot = setSlot(id, i);
    idSlot[i] = slot;
    if (supported[slot] === 0) {
      // The usual `<type>--<uuid>`: isIdSupported decided once per type.
      const known = typeSupport(type);
      const t = type.length;
      if (
        known !== 0 && id.charCodeAt(t) === 45 && id.charCodeAt(t + 1) === 45 && id.startsWith(type)
      ) {
        supported[slot] = known;
      }
    }
    // Internal ids, in pycti's order; only strings can ever be referenced.
    let aliases: string[] | null = null;
    if (typeof ownAlias === "string" && ownAlias !== "") aliases = [ownAlias];
    if (isRecord(extensions)) {
      const octi = extensions[STIX_EXT_OCTI];
      if (isRecord(octi)) {
        const internal = octi.id;
        if (typeof internal === "string" && internal !== "") (aliases ??= []).push(internal);
      }
    }
    if (aliases !== null) {
      aliasesOf.set(i, aliases);
      for (const alias of aliases) setSlot(alias, i);
    }
  }
  keyStart[n] = walked;
  walkKeys.length = walked;
  walkValues.length = walked;
  return {
    slotOf,
    rawObject,
    supported,
    idSlot,
    kinds,
    aliasesOf,
    keyStart,
    walkKeys,
    walkValues,
    refCount,
    touched,
  };
}
