// The dependency walk of pycti's splitter (`enlist_element`), without recursion.
//
// pycti recurses once per followed reference. Here every pending call is a `Frame` on an
// explicit stack, resumed exactly where the recursive call would have returned, so that the
// observable side effects happen in the same order: references rewritten in place (a list is
// re-assigned after each of its entries), `nb_deps` written when a call ends, objects cached
// and classified the first time a call for their id ends. That order matters when a cycle
// re-enters an object whose walk is still running (A -> B -> C -> A).
//
// pycti's dict/list state maps onto integer slots, one per distinct string that is an id or
// an OpenCTI internal id in the bundle (the keys of its `raw_data`):
//   raw_data[s]        -> rawObject[slot]      object index (the later object wins)
//   cache_index[s]     -> cachedObject[slot]   object index, -1 while not cached
//   cache_refs[s]      -> edges of slot        slots the calls for s followed
//   s in parent_acc    -> onPath[slot]         1 while a call entered through s runs
// A reference in no slot (-1) is absent from the bundle: pycti's lookups of it all miss, it
// is never on the call path nor asked about in `cache_refs`, so nothing is stored for it.
//
// The walk reads the values `indexObjects` recorded until it first writes into an object
// (`touched`), then reads the object itself. `touched` also tells the emitter which objects
// still match their input text.

import {
  badRef,
  badRefs,
  checkShape,
  dedupEmbedded,
  type JsonRecord,
  SCAN_LIMIT,
} from "./_enlist_checks.ts";
import { grow } from "./_grow.ts";
import { indexObjects, KIND_RELATIONSHIP, KIND_SIGHTING } from "./_index_objects.ts";
import { isIdSupported } from "./is_id_supported.ts";

/** `nb_deps`: a number, or a bigint once it passes 2^53 (it can grow exponentially). */
export type Weight = number | bigint;

/** What the walk leaves for the emitter. */
export interface EnlistResult {
  /** Indexes of the compatible objects, in enlisting order (an object may come twice). */
  elements: number[];
  /** Indexes of the set-aside objects, in enlisting order. */
  incompatible: number[];
  /** Final `nb_deps` of each object, by index (0 for objects never walked). */
  weights: Weight[];
  /** 1 for each object whose JSON changed (besides `nb_deps`) or already had `nb_deps`. */
  touched: Uint8Array;
}

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** A pending `enlist_element` call. Frames are pooled: one per stack depth. */
class Frame {
  /** `item_id` of the call: the string the object was reached through. */
  id = "";
  slot = 0;
  object = 0;
  item: JsonRecord = {};
  /**
   * Current position in the flat key arrays; the call acts on keys k..end-1 (pycti's
   * `list(item.keys())`: keys the walk does not act on are never touched).
   */
  k = 0;
  end = 0;
  nb: Weight = 1;
  /** The `_refs` list being walked (null when not inside one) and the position in it. */
  list: unknown[] | null = null;
  li = 0;
  /**
   * pycti's `to_keep`. `null` while it is implicit: every entry so far was kept, once, so it
   * equals `list.slice(0, li)`; it is only built when it differs or could be observed.
   */
  keep: string[] | null = null;
  /**
   * For a long list, the mark of its kept entries in `listMark` (0 for a short list, which is
   * scanned instead), where its entries start in the undo log, and the absent ids it kept.
   */
  stamp = 0;
  undoStart = 0;
  keepAbsent: Set<string> | null = null;
  /** Whether the suspended call follows a list entry (else a single `_ref`). */
  inList = false;
  /** Slot of the list entry the suspended call follows. */
  childSlot = 0;
}

function addWeights(a: Weight, b: Weight): Weight {
  if (typeof a === "number" && typeof b === "number") {
    const sum = a + b;
    if (sum <= MAX_SAFE) return sum;
  }
  return BigInt(a) + BigInt(b);
}

/**
 * Runs pycti's `enlist_element(id, raw_data, cleanup, [])` for every object of `objects` in
 * order. Validates as it goes; throws {@linkcode StixBundleError} on malformed input.
 * Mutates the objects exactly like pycti (reference keys) except `nb_deps`, returned apart.
 */
export function enlistAll(objects: readonly unknown[], cleanup: boolean): EnlistResult {
  const n = objects.length;
  const {
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
  } = indexObjects(objects);

  const slots = slotOf.size;
  const cachedObject = new Int32Array(slots).fill(-1);
  const onPath = new Uint8Array(slots);
  // cache_refs as linked lists in flat arrays (no allocation per object); the membership test
  // on a long list builds a Set for it the first time it is asked.
  const edgeHead = new Int32Array(slots).fill(-1);
  const edgeCount = new Int32Array(slots);
  let edgeTarget = new Int32Array(refCount + 16);
  let edgeNext = new Int32Array(refCount + 16);
  let edges = 0;
  const edgeSets = new Map<number, Set<number>>();
  // Entries kept by the long lists being walked: listMark[slot] is the stamp of the list that
  // kept it. Lists nest (a suspended list waits for the calls its entry made), so each list
  // logs the marks it overwrites and restores them when it ends.
  const listMark = new Int32Array(slots);
  let stamps = 0;
  let undoSlot = new Int32Array(64);
  let undoMark = new Int32Array(64);
  let undoTop = 0;
  const weights: Weight[] = new Array(n).fill(0);
  const walked = new Uint8Array(n);
  const elements: number[] = [];
  const incompatible: number[] = [];
  const stack: Frame[] = [];
  let depth = 0;

  const slotSupported = (slot: number, id: string): boolean => {
    let known = supported[slot]!;
    if (known === 0) {
      known = isIdSupported(id) ? 1 : 2;
      supported[slot] = known;
    }
    return known === 1;
  };

  /** Whether the calls for slot `from` have followed a reference to slot `to`. */
  const hasFollowed = (from: number, to: number): boolean => {
    const count = edgeCount[from]!;
    if (count === 0) return false;
    if (count > SCAN_LIMIT) {
      // Rarely asked: the Set of a long list is only built when it is.
      let set = edgeSets.get(from);
      if (set === undefined) {
        set = new Set();
        for (let e = edgeHead[from]!; e !== -1; e = edgeNext[e]!) set.add(edgeTarget[e]!);
        edgeSets.set(from, set);
      }
      return set.has(to);
    }
    for (let e = edgeHead[from]!; e !== -1; e = edgeNext[e]!) {
      if (edgeTarget[e] === to) return true;
    }
    return false;
  };

  const recordRef = (from: number, to: number): void => {
    edgeCount[from]!++;
    if (edgeSets.size !== 0) edgeSets.get(from)?.add(to);
    if (edges === edgeTarget.length) {
      edgeTarget = grow(edgeTarget);
      edgeNext = grow(edgeNext);
    }
    edgeTarget[edges] = to;
    edgeNext[edges] = edgeHead[from]!;
    edgeHead[from] = edges++;
  };

  /** pycti's admission test for a reference `ref` (slot `rs`) seen by the call `f`. */
  const admits = (f: Frame, ref: string, rs: number): boolean => {
    // An absent reference cannot be the object's own id; otherwise equal slots are equal ids.
    if (rs === -1) return !cleanup && isIdSupported(ref);
    return rs !== f.slot && onPath[rs] === 0 && !hasFollowed(rs, f.slot) &&
      slotSupported(rs, ref);
  };

  const write = (f: Frame, key: string, value: unknown): void => {
    f.item[key] = value;
    touched[f.object] = 1;
  };

  /** Makes `to_keep` explicit (entries before the current one) and stores it like pycti. */
  const materialize = (f: Frame): void => {
    const keep = f.list!.slice(0, f.li) as string[];
    f.keep = keep;
    write(f, walkKeys[f.k]!, keep);
  };

  /** Adds the current entry, which was followed, to `to_keep` unless already there. */
  const keepCurrent = (f: Frame, ref: string, rs: number): void => {
    let duplicate: boolean;
    if (f.stamp !== 0) {
      if (rs === -1) {
        f.keepAbsent ??= new Set();
        duplicate = f.keepAbsent.has(ref);
        if (!duplicate) f.keepAbsent.add(ref);
      } else {
        duplicate = listMark[rs] === f.stamp;
        if (!duplicate) {
          if (undoTop === undoSlot.length) {
            undoSlot = grow(undoSlot);
            undoMark = grow(undoMark);
          }
          undoSlot[undoTop] = rs;
          undoMark[undoTop++] = listMark[rs]!;
          listMark[rs] = f.stamp;
        }
      }
    } else {
      duplicate = f.keep === null
        ? f.li !== 0 && f.list!.indexOf(ref) < f.li
        : f.keep.length !== 0 && f.keep.includes(ref);
    }
    if (duplicate) {
      if (f.keep === null) materialize(f);
    } else if (f.keep !== null) {
      f.keep.push(ref);
    }
  };

  const push = (id: string, slot: number): Frame => {
    let f = stack[depth];
    if (f === undefined) {
      f = new Frame();
      stack.push(f);
    }
    depth++;
    const index = rawObject[slot]!;
    f.id = id;
    f.slot = slot;
    f.object = index;
    f.item = objects[index] as JsonRecord;
    f.k = keyStart[index]!;
    f.end = keyStart[index + 1]!;
    f.nb = 1;
    f.list = null;
    f.inList = false;
    walked[index] = 1;
    return f;
  };

  /** Ends the call `f`: writes `nb_deps`, caches and classifies the object the first time. */
  const finish = (f: Frame): void => {
    weights[f.object] = f.nb;
    if (cachedObject[f.slot] !== -1) return;
    const item = f.item;
    const kind = kinds[f.object];
    let compatible: boolean;
    if (kind === KIND_RELATIONSHIP) {
      compatible = item.source_ref != null && item.target_ref != null;
    } else if (kind === KIND_SIGHTING) {
      const where = item.where_sighted_refs;
      compatible = item.sighting_of_ref != null && Array.isArray(where) && where.length > 0;
    } else {
      compatible = slotSupported(f.slot, f.id);
    }
    (compatible ? elements : incompatible).push(f.object);
    cachedObject[f.slot] = f.object;
    const aliases = aliasesOf.size === 0 ? undefined : aliasesOf.get(f.object);
    if (aliases !== undefined) {
      for (const alias of aliases) cachedObject[slotOf.get(alias)] = f.object;
    }
  };

  /**
   * Runs the call for `rootId` and every call it makes. Returns when the stack is empty;
   * the root's own return value is not needed by pycti.
   */
  const run = (rootId: string, rootSlot: number): void => {
    let f = push(rootId, rootSlot);
    let returned: Weight | null = null;
    for (;;) {
      if (returned !== null) {
        // Resume `f` after the call it made returned `returned`.
        f.nb = addWeights(f.nb, returned);
        returned = null;
        if (f.inList) {
          keepCurrent(f, f.list![f.li] as string, f.childSlot);
          // pycti re-stores its list after each entry, undoing what a re-entered call of
          // the same object may have stored meanwhile.
          const key = walkKeys[f.k]!;
          if (f.keep !== null) {
            if (f.item[key] !== f.keep) write(f, key, f.keep);
          } else if (f.item[key] !== f.list) {
            f.li++;
            materialize(f);
            f.li--;
          }
          f.li++;
        } else {
          f.k++;
        }
      }
      let child: Frame | null = null;
      // Walk the keys (and the current `_refs` list) until a call must be made or all done.
      while (child === null) {
        const list = f.list;
        if (list !== null) {
          while (f.li < list.length) {
            const ref = list[f.li];
            if (typeof ref !== "string") {
              throw badRefs(walkKeys[f.k]!, list, f.object, f.item.id);
            }
            const rs = slotOf.get(ref);
            if (!admits(f, ref, rs)) {
              if (f.keep === null) materialize(f);
            } else if (rs === -1) {
              keepCurrent(f, ref, rs);
            } else {
              recordRef(f.slot, rs);
              const cached = cachedObject[rs]!;
              if (cached === -1) {
                // A re-entered call of this object may read the list: give it pycti's.
                if (f.keep === null && f.li > 0) materialize(f);
                f.inList = true;
                f.childSlot = rs;
                onPath[rs] = 1;
                child = push(ref, rs);
                break;
              }
              f.nb = addWeights(f.nb, weights[cached]!);
              keepCurrent(f, ref, rs);
            }
            f.li++;
          }
          if (child !== null) break;
          if (f.stamp !== 0) {
            while (undoTop > f.undoStart) {
              undoTop--;
              listMark[undoSlot[undoTop]!] = undoMark[undoTop]!;
            }
            f.stamp = 0;
          }
          f.list = null;
          f.k++;
        }
        if (f.k >= f.end) break;
        const key = walkKeys[f.k]!;
        const value = touched[f.object] === 0 ? walkValues[f.k] : f.item[key];
        if (value === null) {
          f.k++;
          continue;
        }
        if (key.charCodeAt(key.length - 1) === 102 /* f: "_ref" */) {
          if (typeof value !== "string") throw badRef(key, value, f.object, f.item.id);
          const rs = slotOf.get(value);
          if (!admits(f, value, rs)) {
            write(f, key, null);
          } else if (rs !== -1) {
            recordRef(f.slot, rs);
            const cached = cachedObject[rs]!;
            if (cached === -1) {
              f.inList = false;
              onPath[rs] = 1;
              child = push(value, rs);
              break;
            }
            f.nb = addWeights(f.nb, weights[cached]!);
          }
        } else if (key !== "external_references" && key !== "kill_chain_phases") {
          if (!Array.isArray(value)) throw badRefs(key, value, f.object, f.item.id);
          f.list = value;
          f.li = 0;
          f.keep = null;
          f.stamp = value.length > SCAN_LIMIT ? ++stamps : 0;
          f.undoStart = undoTop;
          f.keepAbsent = null;
          continue;
        } else {
          const deduplicated = dedupEmbedded(key, value, f.object, f.item.id);
          if (deduplicated !== null) write(f, key, deduplicated);
        }
        f.k++;
      }
      if (child !== null) {
        f = child;
        continue;
      }
      finish(f);
      depth--;
      if (depth === 0) return;
      onPath[f.slot] = 0;
      returned = f.nb;
      f = stack[depth - 1]!;
    }
  };

  for (let i = 0; i < n; i++) {
    const slot = idSlot[i]!;
    if (cachedObject[slot] === -1) run(slotOf.keys[slot]!, slot);
  }
  for (let i = 0; i < n; i++) {
    if (walked[i] === 1) continue;
    const id = (objects[i] as JsonRecord).id;
    for (let k = keyStart[i]!; k < keyStart[i + 1]!; k++) {
      checkShape(walkKeys[k]!, walkValues[k], i, id);
    }
  }
  return { elements, incompatible, weights, touched };
}
