import assert from "node:assert/strict";
import { deduplicateObjects, type StixObject } from "../../stix/mod.ts";
import { noShared, readSharedJson } from "../_util.ts";

Deno.test({
  name: "deduplicateObjects reproduces pycti's stix2_deduplicate_objects cases",
  ignore: noShared,
  fn: () => {
    const { cases } = readSharedJson<
      { cases: { args: { items: StixObject[] }; result: StixObject[] }[] }
    >("conformance/helpers/stix2_deduplicate_objects.json");
    assert.ok(cases.length > 0);
    for (const { args, result } of cases) {
      const items = structuredClone(args.items);
      const unique = deduplicateObjects(items);
      assert.deepEqual(unique, result);
      assert.deepEqual(items, args.items, "the input list is left as it was");
      // The kept objects are the input's own, not copies.
      for (const object of unique) assert.ok(items.includes(object));
    }
  },
});

Deno.test("deduplicateObjects throws TypeError for an item without id, naming it", () => {
  const items = [
    { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" },
    { type: "malware", name: "anonymous" },
  ] as StixObject[];
  assert.throws(() => deduplicateObjects(items), /index 1 has no "id".*anonymous/);
});
