import assert from "node:assert/strict";
import { IdTable } from "../../stix/_id_table.ts";
import { splitBundle, type StixObject } from "../../stix/mod.ts";

Deno.test("IdTable interns and finds ids, and copes with ids sharing their tail", () => {
  const uuidLike = Array.from(
    { length: 3000 },
    (_, i) => `indicator--${crypto.randomUUID().slice(0, 24)}${String(i).padStart(12, "0")}`,
  );
  // Same last 12 characters: the tail hash puts them all in one cluster.
  const clustered = Array.from({ length: 3000 }, (_, i) => `x-${i}--000000000000`);
  for (const keys of [uuidLike, clustered]) {
    const table = new IdTable(16);
    keys.forEach((key, i) => assert.equal(table.intern(key), i));
    keys.forEach((key, i) => assert.equal(table.intern(`${key}`), i, "interning again"));
    assert.equal(table.size, keys.length);
    for (let i = 0; i < keys.length; i++) {
      // A copy with the same text, not the same string object.
      assert.equal(table.get(JSON.parse(JSON.stringify(keys[i]))), i);
      assert.equal(table.keys[i], keys[i]);
    }
    assert.equal(table.get("x-absent--000000000000"), -1);
    assert.equal(table.get(""), -1);
  }
});

Deno.test("splitBundle handles ids that differ only near their start", () => {
  const id = (i: number) => `note--${i}-000000000000000000000000`;
  const objects: StixObject[] = Array.from({ length: 2000 }, (_, i) => ({
    type: "note",
    id: id(i),
    object_refs: i > 0 ? [id(i - 1)] : [],
  }));
  const result = splitBundle({ type: "bundle", id: "bundle--x", objects });
  assert.equal(result.expectations, 2000);
  const last = JSON.parse(result.bundles.at(-1)!);
  assert.equal(last.objects[0].id, id(1999));
  assert.equal(last.x_opencti_seq, 2000);
});
