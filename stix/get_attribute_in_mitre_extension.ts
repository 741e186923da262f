import { extensionEntry } from "./_extension_entry.ts";
import { STIX_EXT_MITRE } from "./extension_ids.ts";

/**
 * pycti's `get_attribute_in_mitre_extension(key, object)`:
 * `extensions[STIX_EXT_MITRE][key]` when present (even `null`), else `null`. No top-level
 * fallback.
 *
 * @example
 * ```ts
 * import { getAttributeInMitreExtension, STIX_EXT_MITRE } from "@octi/connector/stix";
 * const object = {
 *   type: "attack-pattern",
 *   id: "attack-pattern--7e150503-88e7-4861-866b-ff1ac82c4475",
 *   x_mitre_version: "1.0",
 *   extensions: { [STIX_EXT_MITRE]: { version: "2.1" } },
 * };
 * if (getAttributeInMitreExtension("version", object) !== "2.1") throw new Error();
 * if (getAttributeInMitreExtension("x_mitre_version", object) !== null) throw new Error();
 * ```
 */
export function getAttributeInMitreExtension(
  key: string,
  object: Record<string, unknown>,
): unknown {
  const hit = extensionEntry(object, STIX_EXT_MITRE, key);
  return hit === undefined ? null : hit.value;
}
