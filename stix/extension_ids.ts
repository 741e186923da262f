/**
 * Id of the OpenCTI extension definition (`extensions[STIX_EXT_OCTI]`), which carries
 * OpenCTI's own attributes of an object: internal `id`, `granted_refs`, `score`, ...
 *
 * @example
 * ```ts
 * import { getAttributeInExtension, STIX_EXT_OCTI } from "@octi/connector/stix";
 * const object = {
 *   type: "ipv4-addr",
 *   id: "ipv4-addr--02079f0a-9b6f-4031-8f88-a73a29ee736b",
 *   extensions: { [STIX_EXT_OCTI]: { id: "9b7c1f2e-0000-4000-8000-000000000001" } },
 * };
 * if (getAttributeInExtension("id", object) !== "9b7c1f2e-0000-4000-8000-000000000001") {
 *   throw new Error();
 * }
 * ```
 */
export const STIX_EXT_OCTI: string = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba";

/**
 * Id of the OpenCTI extension definition for observables (SCOs).
 *
 * @example
 * ```ts
 * import { STIX_EXT_OCTI_SCO } from "@octi/connector/stix";
 * if (!STIX_EXT_OCTI_SCO.startsWith("extension-definition--")) throw new Error();
 * ```
 */
export const STIX_EXT_OCTI_SCO: string =
  "extension-definition--f93e2c80-4231-4f9a-af8b-95c9bd566a82";

/**
 * Id of the MITRE ATT&CK extension definition.
 *
 * @example
 * ```ts
 * import { STIX_EXT_MITRE } from "@octi/connector/stix";
 * if (!STIX_EXT_MITRE.startsWith("extension-definition--")) throw new Error();
 * ```
 */
export const STIX_EXT_MITRE: string = "extension-definition--322b8f77-262a-4cb8-a915-1e441e00329b";
