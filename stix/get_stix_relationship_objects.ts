import { getStixEntityObjects } from "./get_stix_entity_objects.ts";
import type { StixObjectIndex } from "./index_stix_objects.ts";
import type { StixObject } from "./types.ts";

/**
 * pycti's `stix2_get_relationship_objects(relationship)` on an explicit index:
 * `[relationship, source?, target?, author?, ...markings]`, each resolved through `index`
 * (pycti 6.8 reads a misspelt `created_by` key there; the author is what it meant).
 *
 * @example
 * ```ts
 * import { getStixRelationshipObjects, indexStixObjects } from "@octi/connector/stix";
 * const indicator = { type: "indicator", id: "indicator--33333333-3333-4333-8333-333333333333" };
 * const malware = { type: "malware", id: "malware--22222222-2222-4222-8222-222222222222" };
 * const objects = getStixRelationshipObjects({
 *   type: "relationship",
 *   id: "relationship--44444444-4444-4444-8444-444444444444",
 *   relationship_type: "indicates",
 *   source_ref: indicator.id,
 *   target_ref: malware.id,
 * }, indexStixObjects([indicator, malware]));
 * if (objects.length !== 3 || objects[2] !== malware) throw new Error();
 * ```
 */
export function getStixRelationshipObjects(
  relationship: StixObject,
  index: StixObjectIndex,
): StixObject[] {
  const [, ...embedded] = getStixEntityObjects(relationship, index);
  const items = [relationship];
  for (const ref of [relationship.source_ref, relationship.target_ref]) {
    const found = typeof ref === "string" ? index.get(ref) : undefined;
    if (found !== undefined) items.push(found);
  }
  return [...items, ...embedded];
}
