import assert from "node:assert/strict";
import {
  applyOrganizationSharing,
  getSharedOrganizations,
  STIX_EXT_OCTI,
  STIX_EXT_OCTI_SCO,
  type StixBundle,
  StixBundleError,
  type StixObject,
} from "../../stix/mod.ts";

const orgA = "identity--8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d";
const orgB = "identity--1b2c3d4e-5f6a-4b7c-8d9e-0f1a2b3c4d5e";
const orgC = "identity--9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a";

Deno.test("applyOrganizationSharing shares every object, in the extension when there is one", () => {
  const bundle: StixBundle = {
    type: "bundle",
    id: "bundle--11111111-1111-4111-8111-111111111111",
    objects: [
      { type: "note", id: "note--77777777-7777-4777-8777-777777777777" },
      { type: "note", id: "note--1", x_opencti_granted_refs: [orgB, orgA, orgB] },
      { type: "note", id: "note--2", x_opencti_granted_refs: null },
      { type: "ipv4-addr", id: "ipv4-addr--1", extensions: { [STIX_EXT_OCTI]: {} } },
      {
        type: "ipv4-addr",
        id: "ipv4-addr--2",
        x_opencti_granted_refs: [orgC],
        extensions: { [STIX_EXT_OCTI]: { granted_refs: [orgC] } },
      },
    ],
  };
  const before = structuredClone(bundle);
  for (const input of [bundle, JSON.stringify(bundle)]) {
    const out = JSON.parse(applyOrganizationSharing(input, [orgA, orgC])) as StixBundle;
    assert.deepEqual(bundle, before, "input left as it was");
    const [plain, existing, nulled, emptyExt, both] = out.objects;
    assert.deepEqual(plain!.x_opencti_granted_refs, [orgA, orgC]);
    assert.deepEqual(existing!.x_opencti_granted_refs, [orgB, orgA, orgC]);
    assert.deepEqual(nulled!.x_opencti_granted_refs, [orgA, orgC]);
    assert.deepEqual(emptyExt!.extensions![STIX_EXT_OCTI], { granted_refs: [orgA, orgC] });
    assert.equal(emptyExt!.x_opencti_granted_refs, undefined);
    assert.deepEqual(both!.extensions![STIX_EXT_OCTI], { granted_refs: [orgC, orgA] });
    assert.deepEqual(both!.x_opencti_granted_refs, [orgC], "untouched beside the extension");
    assert.equal(out.id, bundle.id);
  }
});

Deno.test("applyOrganizationSharing with an empty list still sets the key", () => {
  const out = JSON.parse(
    applyOrganizationSharing({ type: "bundle", objects: [{ type: "note", id: "note--1" }] }, []),
  );
  assert.deepEqual(out.objects[0].x_opencti_granted_refs, []);
});

Deno.test("applyOrganizationSharing rejects what pycti crashes on, naming the object", () => {
  const bad: [unknown, RegExp][] = [
    ["{", /not a valid JSON/],
    [{ type: "bundle" }, /not a valid bundle/],
    [{ objects: [1] }, /index 0/],
    [{ objects: [{ id: "note--1", x_opencti_granted_refs: "x" }] }, /"note--1".*expected a list/],
    [{ objects: [{ id: "note--2", extensions: { [STIX_EXT_OCTI]: null } }] }, /"note--2"/],
  ];
  for (const [input, message] of bad) {
    assert.throws(
      () =>
        applyOrganizationSharing(typeof input === "string" ? input : JSON.stringify(input), [orgA]),
      (e: unknown) => e instanceof StixBundleError && message.test(e.message),
      JSON.stringify(input),
    );
  }
});

Deno.test("getSharedOrganizations prefers x_opencti_granted_refs, then the extensions", () => {
  const id = "ipv4-addr--02079f0a-9b6f-4031-8f88-a73a29ee736b";
  const cases: [StixObject, string[] | null][] = [
    [{ type: "ipv4-addr", id }, null],
    [{ type: "ipv4-addr", id, x_opencti_granted_refs: null, granted_refs: [orgA] }, null],
    [{ type: "ipv4-addr", id, x_opencti_granted_refs: [orgA] }, [orgA]],
    [{ type: "ipv4-addr", id, extensions: { [STIX_EXT_OCTI]: { granted_refs: [orgB] } } }, [orgB]],
    [{ type: "ipv4-addr", id, extensions: { [STIX_EXT_OCTI_SCO]: { granted_refs: [] } } }, []],
    [{ type: "ipv4-addr", id, granted_refs: [orgC] }, [orgC]],
  ];
  for (const [entity, expected] of cases) {
    assert.deepEqual(getSharedOrganizations(entity), expected, JSON.stringify(entity));
  }
  assert.throws(
    () => getSharedOrganizations({ type: "ipv4-addr", id, x_opencti_granted_refs: "x" as never }),
    TypeError,
  );
});
