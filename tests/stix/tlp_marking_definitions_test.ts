import assert from "node:assert/strict";
import {
  checkMaxTlp,
  createBundle,
  generateMarkingDefinitionId,
  splitBundle,
  TLP_MARKING_DEFINITIONS,
  tlpMarkingDefinition,
} from "../../stix/mod.ts";

/**
 * The `stix2` library's TLP objects (oasis-open/cti-python-stix2, stix2/v21/common.py:
 * `TLP_WHITE`, `TLP_GREEN`, `TLP_AMBER`, `TLP_RED`), as that library serialises them.
 */
const STIX2_TLP = (uuid: string, color: string) => ({
  type: "marking-definition",
  spec_version: "2.1",
  id: `marking-definition--${uuid}`,
  created: "2017-01-20T00:00:00.000Z",
  definition_type: "tlp",
  name: `TLP:${color.toUpperCase()}`,
  definition: { tlp: color },
});

/**
 * OpenCTI's ids of its TLP levels: pycti's `MarkingDefinition.generate_id("TLP", …)` returns
 * them as constants, and the platform's identifier (opencti-graphql src/schema/identifier.js,
 * `STATIC_STANDARD_IDS`) gives TLP:WHITE and TLP:CLEAR the same one. TLP:AMBER+STRICT's is
 * OpenCTI's own; the others are STIX 2.1's.
 */
const OPENCTI_TLP_IDS = {
  "TLP:CLEAR": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
  "TLP:WHITE": "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
  "TLP:GREEN": "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
  "TLP:AMBER": "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82",
  "TLP:AMBER+STRICT": "marking-definition--826578e1-40ad-459f-bc73-ede076f81f37",
  "TLP:RED": "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed",
} as const;

Deno.test("TLP_MARKING_DEFINITIONS are stix2's objects and OpenCTI's AMBER+STRICT", () => {
  assert.deepEqual(Object.keys(TLP_MARKING_DEFINITIONS), [
    "TLP:CLEAR",
    "TLP:GREEN",
    "TLP:AMBER",
    "TLP:AMBER+STRICT",
    "TLP:RED",
  ]);
  assert.deepEqual(
    TLP_MARKING_DEFINITIONS["TLP:CLEAR"],
    STIX2_TLP("613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"),
  );
  assert.deepEqual(
    TLP_MARKING_DEFINITIONS["TLP:GREEN"],
    STIX2_TLP("34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"),
  );
  assert.deepEqual(
    TLP_MARKING_DEFINITIONS["TLP:AMBER"],
    STIX2_TLP("f88d31f6-486f-44da-b317-01333bde0b82", "amber"),
  );
  assert.deepEqual(
    TLP_MARKING_DEFINITIONS["TLP:RED"],
    STIX2_TLP("5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"),
  );
  // As pycti connectors build it with stix2.MarkingDefinition (a statement marking carrying
  // OpenCTI's definition), with a fixed creation time.
  assert.deepEqual(TLP_MARKING_DEFINITIONS["TLP:AMBER+STRICT"], {
    type: "marking-definition",
    spec_version: "2.1",
    id: OPENCTI_TLP_IDS["TLP:AMBER+STRICT"],
    created: "2017-01-20T00:00:00.000Z",
    definition_type: "statement",
    definition: { statement: "custom" },
    x_opencti_definition_type: "TLP",
    x_opencti_definition: "TLP:AMBER+STRICT",
  });
  for (const [name, marking] of Object.entries(TLP_MARKING_DEFINITIONS)) {
    assert.equal(marking.id, OPENCTI_TLP_IDS[name as keyof typeof OPENCTI_TLP_IDS], name);
    // Every level is one checkMaxTlp knows.
    assert.equal(checkMaxTlp(name, "TLP:RED"), true, name);
    assert.ok(Object.isFrozen(marking) && Object.isFrozen(marking.definition), name);
  }
});

Deno.test("tlpMarkingDefinition accepts configuration spellings and returns a copy", () => {
  for (
    const [spelling, level] of [
      ["TLP:CLEAR", "TLP:CLEAR"],
      ["clear", "TLP:CLEAR"],
      ["TLP:WHITE", "TLP:CLEAR"],
      ["white", "TLP:CLEAR"],
      ["tlp:green", "TLP:GREEN"],
      ["Amber", "TLP:AMBER"],
      ["amber+strict", "TLP:AMBER+STRICT"],
      ["TLP:AMBER+STRICT", "TLP:AMBER+STRICT"],
      ["RED", "TLP:RED"],
    ] as const
  ) {
    assert.deepEqual(tlpMarkingDefinition(spelling), TLP_MARKING_DEFINITIONS[level], spelling);
  }
  const copy = tlpMarkingDefinition("green");
  copy.object_marking_refs = [];
  (copy.definition as Record<string, string>).tlp = "changed";
  assert.deepEqual(tlpMarkingDefinition("green"), TLP_MARKING_DEFINITIONS["TLP:GREEN"]);
  for (const unknown of ["TLP:PURPLE", "", "TLP:", "amber strict", " green", "TLP:AMBER_STRICT"]) {
    assert.throws(() => tlpMarkingDefinition(unknown), (e: unknown) => {
      assert.ok(e instanceof RangeError);
      assert.ok(e.message.includes(`"${unknown}"`), e.message);
      return true;
    });
  }
});

Deno.test("generateMarkingDefinitionId is pycti's MarkingDefinition.generate_id", () => {
  for (const [definition, id] of Object.entries(OPENCTI_TLP_IDS)) {
    assert.equal(generateMarkingDefinitionId("TLP", definition), id, definition);
  }
  // Any other marking: UUIDv5 of {definition_type, definition}. Known answer: the statement
  // marking of the platform's DATA-TEST-STIX2_v2.json, whose standard id the platform's STIX
  // converter test expects (the platform upper-cases both values before hashing).
  assert.equal(
    generateMarkingDefinitionId("STATEMENT", "COPYRIGHT 2017, THE MITRE CORPORATION"),
    "marking-definition--e8afcdc4-be08-5e57-a3b6-c24d2396d3de",
  );
  // pycti compares exactly: other spellings are ordinary markings, with their own ids.
  const lower = generateMarkingDefinitionId("tlp", "TLP:GREEN");
  assert.notEqual(lower, OPENCTI_TLP_IDS["TLP:GREEN"]);
  assert.match(lower, /^marking-definition--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-/);
  assert.notEqual(generateMarkingDefinitionId("TLP", "TLP:green"), OPENCTI_TLP_IDS["TLP:GREEN"]);
  assert.notEqual(
    generateMarkingDefinitionId("PAP", "PAP:RED"),
    generateMarkingDefinitionId("PAP", "PAP:GREEN"),
  );
  assert.equal(
    generateMarkingDefinitionId("PAP", "PAP:RED"),
    generateMarkingDefinitionId("PAP", "PAP:RED"),
  );
  assert.throws(
    () => generateMarkingDefinitionId("TLP", null as unknown as string),
    TypeError,
  );
});

Deno.test("a bundle marked with every TLP level goes through the splitter whole", () => {
  const markings = Object.keys(TLP_MARKING_DEFINITIONS).map(tlpMarkingDefinition);
  const malware = {
    type: "malware",
    spec_version: "2.1",
    id: "malware--92ddf766-b27c-5159-8f46-27002bba2f04",
    name: "malware",
    is_family: true,
    object_marking_refs: markings.map((m) => m.id),
  };
  const { expectations, bundles, incompatible } = splitBundle(createBundle([malware, ...markings]));
  assert.equal(expectations, 6);
  assert.deepEqual(incompatible, []);
  const last = JSON.parse(bundles.at(-1)!).objects[0];
  assert.equal(last.id, malware.id);
  assert.deepEqual(last.object_marking_refs, markings.map((m) => m.id));
});
