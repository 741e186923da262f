import { extensionEntry } from "./_extension_entry.ts";
import { STIX_EXT_OCTI, STIX_EXT_OCTI_SCO } from "./extension_ids.ts";

/**
 * pycti's `get_attribute_in_extension(key, object)`: the first of
 * `extensions[STIX_EXT_OCTI][key]`, `extensions[STIX_EXT_OCTI_SCO][key]`, then the top-level
 * `object[key]` (never for `key === "type"`), where a key that is present wins even with a
 * `null` value; `null` when none has it. No key translation: `"score"` in the extension and
 * `"x_opencti_score"` at the top level are different keys.
 *
 * @example
 * ```ts
 * import { getAttributeInExtension, STIX_EXT_OCTI } from "@octi/connector/stix";
 * const object = {
 *   type: "indicator",
 *   id: "indicator--33333333-3333-4333-8333-333333333333",
 *   extensions: { [STIX_EXT_OCTI]: { id: "9b7c1f2e-0000-4000-8000-000000000001", score: 80 } },
 * };
 * if (getAttributeInExtension("score", object) !== 80) throw new Error();
 * if (getAttributeInExtension("id", object) !== "9b7c1f2e-0000-4000-8000-000000000001") {
 *   throw new Error();
 * }
 * if (getAttributeInExtension("type", object) !== null) throw new Error();
 * ```
 */
export function getAttributeInExtension(key: string, object: Record<string, unknown>): unknown {
  const hit = extensionEntry(object, STIX_EXT_OCTI, key) ??
    extensionEntry(object, STIX_EXT_OCTI_SCO, key);
  if (hit !== undefined) return hit.value;
  if (key !== "type" && Object.hasOwn(object, key)) return object[key];
  return null;
}
