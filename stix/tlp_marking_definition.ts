import { TLP_MARKING_DEFINITIONS, type TlpMarkingName } from "./tlp_marking_definitions.ts";
import type { StixObject } from "./types.ts";

/**
 * A copy of the TLP marking definition for `tlp` (see
 * {@linkcode TLP_MARKING_DEFINITIONS}), for a bundle and for the `object_marking_refs` of
 * what it marks. `tlp` is compared case-insensitively, with or without its `TLP:` prefix, as
 * connectors take it from their configuration: `"TLP:AMBER"`, `"amber"`, `"amber+strict"`.
 * `WHITE` is `CLEAR`.
 *
 * @throws {RangeError} When `tlp` is not a TLP level OpenCTI knows.
 *
 * @example
 * ```ts
 * import { tlpMarkingDefinition } from "@octi/connector/stix";
 * const green = tlpMarkingDefinition("green");
 * if (green.id !== "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da") throw new Error();
 * if (tlpMarkingDefinition("TLP:WHITE").id !== tlpMarkingDefinition("TLP:CLEAR").id) {
 *   throw new Error();
 * }
 * ```
 */
export function tlpMarkingDefinition(tlp: string): StixObject {
  const upper = String(tlp).toUpperCase();
  const name = upper.startsWith("TLP:") ? upper : `TLP:${upper}`;
  const marking = Object.hasOwn(TLP_MARKING_DEFINITIONS, name)
    ? TLP_MARKING_DEFINITIONS[name as TlpMarkingName]
    : name === "TLP:WHITE"
    ? TLP_MARKING_DEFINITIONS["TLP:CLEAR"]
    : undefined;
  if (marking === undefined) {
    throw new RangeError(
      `Unknown TLP "${tlp}": expected one of ${
        Object.keys(TLP_MARKING_DEFINITIONS).join(", ")
      } (or TLP:WHITE, the same as TLP:CLEAR)`,
    );
  }
  return structuredClone(marking) as StixObject;
}
