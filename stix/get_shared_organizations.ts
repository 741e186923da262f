import { getAttributeInExtension } from "./get_attribute_in_extension.ts";
import type { StixObject } from "./types.ts";

/**
 * The organisations an enriched entity is shared with, which pycti re-applies to everything
 * the enrichment sends ({@linkcode applyOrganizationSharing}): the entity's
 * `x_opencti_granted_refs` when that key is present (even `null`), else
 * `getAttributeInExtension("granted_refs", entity)` (OpenCTI extension, observable extension,
 * top-level `granted_refs`). `null` means no sharing to apply; an empty list still applies.
 * Throws `TypeError` when the value is not a list of strings.
 *
 * @example
 * ```ts
 * import { getSharedOrganizations, STIX_EXT_OCTI } from "@octi/connector/stix";
 * const organization = "identity--8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d";
 * const entity = {
 *   type: "ipv4-addr",
 *   id: "ipv4-addr--02079f0a-9b6f-4031-8f88-a73a29ee736b",
 *   extensions: { [STIX_EXT_OCTI]: { granted_refs: [organization] } },
 * };
 * if (getSharedOrganizations(entity)?.[0] !== organization) throw new Error();
 * ```
 */
export function getSharedOrganizations(entity: StixObject): string[] | null {
  const value = Object.hasOwn(entity, "x_opencti_granted_refs")
    ? entity.x_opencti_granted_refs
    : getAttributeInExtension("granted_refs", entity);
  if (value === null || value === undefined) return null;
  if (!Array.isArray(value) || value.some((ref) => typeof ref !== "string")) {
    throw new TypeError(
      `Cannot read the organisations "${entity.id}" is shared with: expected a list of ids, got ${
        JSON.stringify(value)?.slice(0, 80)
      }`,
    );
  }
  return value;
}
