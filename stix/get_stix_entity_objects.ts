import { getStixEmbeddedObjects } from "./get_stix_embedded_objects.ts";
import type { StixObjectIndex } from "./index_stix_objects.ts";
import type { StixObject } from "./types.ts";

/**
 * pycti's `stix2_get_entity_objects(entity)` on an explicit index: `[entity, author?,
 * ...markings]`, with author and markings resolved through `index` (see
 * {@linkcode getStixEmbeddedObjects}).
 *
 * @example
 * ```ts
 * import { getStixEntityObjects, indexStixObjects } from "@octi/connector/stix";
 * const author = { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" };
 * const malware = {
 *   type: "malware",
 *   id: "malware--22222222-2222-4222-8222-222222222222",
 *   created_by_ref: author.id,
 * };
 * const objects = getStixEntityObjects(malware, indexStixObjects([author]));
 * if (objects.length !== 2 || objects[1] !== author) throw new Error();
 * ```
 */
export function getStixEntityObjects(entity: StixObject, index: StixObjectIndex): StixObject[] {
  const embedded = getStixEmbeddedObjects(entity, index);
  const items = [entity];
  if (embedded.created_by_ref !== null) items.push(embedded.created_by_ref);
  items.push(...embedded.object_marking_refs);
  return items;
}
