import type { StixObjectIndex } from "./index_stix_objects.ts";
import type { StixObject } from "./types.ts";

/**
 * What {@linkcode getStixEmbeddedObjects} returns (pycti's dict keys).
 *
 * @example
 * ```ts
 * import { getStixEmbeddedObjects, indexStixObjects, type StixEmbeddedObjects } from "@octi/connector/stix";
 * const embedded: StixEmbeddedObjects = getStixEmbeddedObjects(
 *   { type: "note", id: "note--77777777-7777-4777-8777-777777777777" },
 *   indexStixObjects([]),
 * );
 * if (embedded.created_by_ref !== null || embedded.object_marking_refs.length !== 0) throw new Error();
 * ```
 */
export interface StixEmbeddedObjects {
  /** The marking definitions of `object_marking_refs` found in the index, in list order. */
  object_marking_refs: StixObject[];
  /** The author (`created_by_ref`) when found in the index, else `null`. */
  created_by_ref: StixObject | null;
}

/**
 * pycti's `stix2_get_embedded_objects(item)` on an explicit index (pycti 6.8 reads an index
 * the helper never fills, so its version fails; later versions dropped it): the objects
 * `item` embeds by reference, resolved through `index`; references not in the index are
 * skipped.
 *
 * @example
 * ```ts
 * import { getStixEmbeddedObjects, indexStixObjects } from "@octi/connector/stix";
 * const author = { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" };
 * const index = indexStixObjects([author]);
 * const embedded = getStixEmbeddedObjects({
 *   type: "malware",
 *   id: "malware--22222222-2222-4222-8222-222222222222",
 *   created_by_ref: author.id,
 *   object_marking_refs: ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
 * }, index);
 * if (embedded.created_by_ref !== author || embedded.object_marking_refs.length !== 0) {
 *   throw new Error();
 * }
 * ```
 */
export function getStixEmbeddedObjects(
  item: StixObject,
  index: StixObjectIndex,
): StixEmbeddedObjects {
  const markings: StixObject[] = [];
  if (Array.isArray(item.object_marking_refs)) {
    for (const ref of item.object_marking_refs) {
      const marking = index.get(ref);
      if (marking !== undefined) markings.push(marking);
    }
  }
  const author = typeof item.created_by_ref === "string"
    ? index.get(item.created_by_ref) ?? null
    : null;
  return { object_marking_refs: markings, created_by_ref: author };
}
