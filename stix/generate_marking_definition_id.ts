import { canonicalJson } from "./_canonical_json.ts";
import { EMBEDDED_ID_NAMESPACE, uuid5 } from "./_uuid5.ts";
import { TLP_MARKING_DEFINITIONS, type TlpMarkingName } from "./tlp_marking_definitions.ts";

/**
 * pycti's `MarkingDefinition.generate_id(definition_type, definition)`: for
 * `definitionType` `"TLP"` and a `definition` OpenCTI knows (`"TLP:CLEAR"`, `"TLP:WHITE"`,
 * `"TLP:GREEN"`, `"TLP:AMBER"`, `"TLP:AMBER+STRICT"`, `"TLP:RED"`), the fixed id of that
 * level (see {@linkcode TLP_MARKING_DEFINITIONS}); otherwise `marking-definition--` + the
 * UUIDv5 of the canonical JSON of `{definition_type, definition}`. Both are used exactly as
 * given, like pycti; OpenCTI itself upper-cases them before computing a marking's id, so pass
 * them upper-cased (`"PAP"`, `"PAP:RED"`) to get the id the platform gives the marking.
 *
 * @example
 * ```ts
 * import { generateMarkingDefinitionId } from "@octi/connector/stix";
 * const strict = generateMarkingDefinitionId("TLP", "TLP:AMBER+STRICT");
 * if (strict !== "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37") throw new Error();
 * const pap = generateMarkingDefinitionId("PAP", "PAP:RED");
 * if (!pap.startsWith("marking-definition--")) throw new Error(pap);
 * ```
 */
export function generateMarkingDefinitionId(definitionType: string, definition: string): string {
  if (typeof definitionType !== "string" || typeof definition !== "string") {
    throw new TypeError(
      "Cannot generate the id of a marking definition: its type and definition must be strings",
    );
  }
  if (definitionType === "TLP") {
    const level = definition === "TLP:WHITE" ? "TLP:CLEAR" : definition;
    if (Object.hasOwn(TLP_MARKING_DEFINITIONS, level)) {
      return TLP_MARKING_DEFINITIONS[level as TlpMarkingName].id;
    }
  }
  const canonical = canonicalJson({ definition_type: definitionType, definition });
  return `marking-definition--${uuid5(EMBEDDED_ID_NAMESPACE, canonical)}`;
}
