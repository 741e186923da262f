import { STIX_EXT_OCTI } from "./extension_ids.ts";
import type { StixObject } from "./types.ts";

/**
 * Objects by id, as {@linkcode indexStixObjects} builds it for the `getStix*Objects` helpers.
 *
 * @example
 * ```ts
 * import { indexStixObjects, type StixObjectIndex } from "@octi/connector/stix";
 * const index: StixObjectIndex = indexStixObjects([
 *   { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" },
 * ]);
 * if (!index.has("identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa")) throw new Error();
 * ```
 */
export type StixObjectIndex = ReadonlyMap<string, StixObject>;

/**
 * Indexes objects by `id` and by their OpenCTI internal ids (`x_opencti_id`, the OpenCTI
 * extension's `id`), the later object winning, like the splitter's index. Used by
 * {@linkcode getStixEmbeddedObjects} and the other `getStix*Objects` helpers.
 *
 * @example
 * ```ts
 * import { indexStixObjects } from "@octi/connector/stix";
 * const index = indexStixObjects([{
 *   type: "identity",
 *   id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
 *   x_opencti_id: "9b7c1f2e-0000-4000-8000-000000000001",
 * }]);
 * if (index.get("9b7c1f2e-0000-4000-8000-000000000001")?.type !== "identity") throw new Error();
 * ```
 */
export function indexStixObjects(objects: Iterable<StixObject>): Map<string, StixObject> {
  const index = new Map<string, StixObject>();
  for (const object of objects) {
    index.set(object.id, object);
    if (typeof object.x_opencti_id === "string" && object.x_opencti_id !== "") {
      index.set(object.x_opencti_id, object);
    }
    const internal = object.extensions?.[STIX_EXT_OCTI]?.id;
    if (typeof internal === "string" && internal !== "") index.set(internal, object);
  }
  return index;
}
