import assert from "node:assert/strict";
import {
  getAttributeInExtension,
  getAttributeInMitreExtension,
  STIX_EXT_MITRE,
  STIX_EXT_OCTI,
  STIX_EXT_OCTI_SCO,
  type StixObject,
} from "../../stix/mod.ts";

const base: StixObject = {
  type: "indicator",
  id: "indicator--33333333-3333-4333-8333-333333333333",
};

Deno.test("getAttributeInExtension looks in the OpenCTI extension, the SCO one, then the top", () => {
  const object: StixObject = {
    ...base,
    score: 1,
    x_opencti_score: 2,
    extensions: {
      [STIX_EXT_OCTI]: { id: "9b7c1f2e-0000-4000-8000-000000000001", granted_refs: null },
      [STIX_EXT_OCTI_SCO]: { score: 3, granted_refs: ["identity--x"], type: "SCO" },
    },
  };
  assert.equal(getAttributeInExtension("id", object), "9b7c1f2e-0000-4000-8000-000000000001");
  // Present with null in the first extension: that null wins.
  assert.equal(getAttributeInExtension("granted_refs", object), null);
  assert.equal(getAttributeInExtension("score", object), 3);
  assert.equal(getAttributeInExtension("x_opencti_score", object), 2);
  assert.equal(getAttributeInExtension("type", object), "SCO");
  assert.equal(getAttributeInExtension("type", base), null, "never the top-level type");
  assert.equal(getAttributeInExtension("missing", object), null);
  assert.equal(getAttributeInExtension("id", base), base.id);
});

Deno.test("getAttributeInExtension ignores extension values that are not objects", () => {
  const object = { ...base, extensions: { [STIX_EXT_OCTI]: "abid", [STIX_EXT_OCTI_SCO]: null } };
  assert.equal(getAttributeInExtension("id", object), base.id);
  assert.equal(getAttributeInExtension("id", { ...base, extensions: null }), base.id);
});

Deno.test("getAttributeInMitreExtension reads only the MITRE extension", () => {
  const object = {
    ...base,
    x_mitre_version: "1.0",
    extensions: { [STIX_EXT_MITRE]: { version: "2.1", deprecated: null } },
  };
  assert.equal(getAttributeInMitreExtension("version", object), "2.1");
  assert.equal(getAttributeInMitreExtension("deprecated", object), null);
  assert.equal(getAttributeInMitreExtension("x_mitre_version", object), null);
  assert.equal(getAttributeInMitreExtension("version", base), null);
});
