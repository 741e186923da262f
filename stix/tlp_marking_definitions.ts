import type { StixObject } from "./types.ts";

/** The TLP levels OpenCTI knows, by the name it gives them (`TLP:WHITE` is `TLP:CLEAR`). */
export type TlpMarkingName =
  | "TLP:CLEAR"
  | "TLP:GREEN"
  | "TLP:AMBER"
  | "TLP:AMBER+STRICT"
  | "TLP:RED";

function stix2Tlp(uuid: string, color: string): StixObject {
  return {
    type: "marking-definition",
    spec_version: "2.1",
    id: `marking-definition--${uuid}`,
    created: "2017-01-20T00:00:00.000Z",
    definition_type: "tlp",
    name: `TLP:${color.toUpperCase()}`,
    definition: { tlp: color },
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The TLP marking definitions to put in a bundle, as pycti connectors send them (frozen;
 * {@linkcode tlpMarkingDefinition} returns a copy). WHITE, GREEN, AMBER and RED are the
 * `stix2` library's `TLP_WHITE`, `TLP_GREEN`, `TLP_AMBER` and `TLP_RED` objects (STIX 2.1's
 * well-known ids). `TLP:CLEAR` is `TLP_WHITE`: OpenCTI gives TLP:CLEAR the id of TLP:WHITE and
 * imports TLP:WHITE as TLP:CLEAR (STIX 2.1 has no `clear` TLP). `TLP:AMBER+STRICT`, which STIX
 * 2.1 does not define either, is the statement marking with OpenCTI's own id
 * (`MarkingDefinition.generate_id("TLP", "TLP:AMBER+STRICT")`) and the
 * `x_opencti_definition_type`/`x_opencti_definition` properties the platform reads; its
 * `created` is fixed here (the `stix2` library would write the time of creation).
 *
 * @example
 * ```ts
 * import { TLP_MARKING_DEFINITIONS } from "@octi/connector/stix";
 * const amber = TLP_MARKING_DEFINITIONS["TLP:AMBER"];
 * if (amber.id !== "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82") throw new Error();
 * ```
 */
export const TLP_MARKING_DEFINITIONS: Readonly<Record<TlpMarkingName, Readonly<StixObject>>> =
  deepFreeze({
    "TLP:CLEAR": stix2Tlp("613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"),
    "TLP:GREEN": stix2Tlp("34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"),
    "TLP:AMBER": stix2Tlp("f88d31f6-486f-44da-b317-01333bde0b82", "amber"),
    "TLP:AMBER+STRICT": {
      type: "marking-definition",
      spec_version: "2.1",
      id: "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37",
      created: "2017-01-20T00:00:00.000Z",
      definition_type: "statement",
      definition: { statement: "custom" },
      x_opencti_definition_type: "TLP",
      x_opencti_definition: "TLP:AMBER+STRICT",
    },
    "TLP:RED": stix2Tlp("5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"),
  });
