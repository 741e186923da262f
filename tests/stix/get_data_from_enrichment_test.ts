import assert from "node:assert/strict";
import { getDataFromEnrichment, type StixObject } from "../../stix/mod.ts";

const entity: StixObject = {
  type: "ipv4-addr",
  id: "ipv4-addr--02079f0a-9b6f-4031-8f88-a73a29ee736b",
};
const author: StixObject = {
  type: "identity",
  id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
};

Deno.test("getDataFromEnrichment takes the playbook bundle's objects first", () => {
  const copy = { ...entity, value: "second copy" };
  const exported = [{ ...entity, value: "export" }];
  const data = { bundle: { type: "bundle", objects: [author, entity, copy] } };
  const result = getDataFromEnrichment(data, entity.id, exported);
  assert.equal(result.stix_entity, entity, "the first object with the id");
  assert.equal(result.stix_objects, data.bundle.objects);
});

Deno.test("getDataFromEnrichment uses the entity's export when there is no bundle", () => {
  const exported = [author, entity];
  for (const data of [{}, { bundle: null }]) {
    const result = getDataFromEnrichment(data, entity.id, exported);
    assert.deepEqual(result, { stix_entity: entity, stix_objects: exported });
  }
});

Deno.test("getDataFromEnrichment fails clearly without the entity or without objects", () => {
  assert.throws(
    () => getDataFromEnrichment({ bundle: { type: "bundle", objects: [author] } }, entity.id),
    (e: unknown) => e instanceof RangeError && e.message.includes(entity.id),
  );
  assert.throws(() => getDataFromEnrichment({}, entity.id), TypeError);
});
