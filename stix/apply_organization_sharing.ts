import { STIX_EXT_OCTI } from "./extension_ids.ts";
import { parseBundle } from "./_parse_bundle.ts";
import { StixBundleError } from "./stix_bundle_error.ts";
import type { StixBundle } from "./types.ts";

function union(current: unknown, organizations: readonly string[], where: string): string[] {
  if (!Array.isArray(current)) {
    throw new StixBundleError(
      `Cannot share ${where}: its granted_refs is ${
        JSON.stringify(current)?.slice(0, 80)
      }, expected a list`,
    );
  }
  return [...new Set([...current, ...organizations])];
}

/**
 * The organisation-sharing step of pycti's `send_stix2_bundle` for enrichment connectors:
 * every object of the bundle is shared with `organizations` (see
 * {@linkcode getSharedOrganizations}). An object with the OpenCTI extension gets them in
 * `extensions[STIX_EXT_OCTI].granted_refs`, any other in `x_opencti_granted_refs`: the union
 * with the ids already there when that value is not null, else the list itself. Returns the
 * re-serialised bundle; the input is not modified.
 *
 * pycti takes the union through a Python set, so its order is arbitrary; here it is the
 * existing ids, then the new ones, without duplicates.
 *
 * @example
 * ```ts
 * import { applyOrganizationSharing } from "@octi/connector/stix";
 * const organization = "identity--8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d";
 * const text = applyOrganizationSharing({
 *   type: "bundle",
 *   objects: [{ type: "note", id: "note--77777777-7777-4777-8777-777777777777" }],
 * }, [organization]);
 * if (JSON.parse(text).objects[0].x_opencti_granted_refs[0] !== organization) throw new Error();
 * ```
 */
export function applyOrganizationSharing(
  bundle: string | StixBundle,
  organizations: readonly string[],
): string {
  // A private parsed copy: the caller's bundle is never modified.
  const { data, objects } = parseBundle(bundle);
  for (let i = 0; i < objects.length; i++) {
    const item = objects[i];
    if (typeof item !== "object" || item === null || Array.isArray(item)) {
      throw new StixBundleError(`Invalid bundle: object at index ${i} is not a JSON object`, {
        index: i,
      });
    }
    const where = `object ${JSON.stringify(item.id)} (index ${i})`;
    const extensions = item.extensions;
    const octi = typeof extensions === "object" && extensions !== null
      ? (extensions as Record<string, unknown>)[STIX_EXT_OCTI]
      : undefined;
    if (octi !== undefined) {
      if (typeof octi !== "object" || octi === null || Array.isArray(octi)) {
        throw new StixBundleError(`Cannot share ${where}: its OpenCTI extension is not an object`, {
          index: i,
        });
      }
      const extension = octi as Record<string, unknown>;
      extension.granted_refs = extension.granted_refs == null
        ? [...organizations]
        : union(extension.granted_refs, organizations, where);
    } else {
      item.x_opencti_granted_refs = item.x_opencti_granted_refs == null
        ? [...organizations]
        : union(item.x_opencti_granted_refs, organizations, where);
    }
  }
  return JSON.stringify(data);
}
