import assert from "node:assert/strict";
import { createBundle, type StixObject } from "../../stix/mod.ts";
import { noShared, readSharedJson } from "../_util.ts";

const UUID4 = /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

interface CreateCase {
  args: { items: StixObject[] };
  result: Record<string, unknown>;
}

Deno.test({
  name: "createBundle reproduces pycti's stix2_create_bundle cases (random id checked by shape)",
  ignore: noShared,
  fn: () => {
    const { cases } = readSharedJson<{ cases: CreateCase[] }>(
      "conformance/helpers/stix2_create_bundle.json",
    );
    assert.ok(cases.length > 0);
    for (const { args, result } of cases) {
      const parsed = JSON.parse(createBundle(args.items));
      assert.match(parsed.id, UUID4);
      assert.deepEqual(Object.keys(parsed), Object.keys(result), "same key order");
      assert.deepEqual({ ...parsed, id: result.id }, result);
    }
  },
});

Deno.test("createBundle draws a fresh id each call and serialises toJSON items", () => {
  class Note {
    toJSON(): StixObject {
      return { type: "note", id: "note--77777777-7777-4777-8777-777777777777", content: "n" };
    }
  }
  const items = [new Note() as unknown as StixObject];
  const first = JSON.parse(createBundle(items));
  const second = JSON.parse(createBundle(items));
  assert.notEqual(first.id, second.id);
  assert.deepEqual(first.objects, [new Note().toJSON()]);
});
