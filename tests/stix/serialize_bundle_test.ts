import assert from "node:assert/strict";
import { createBundle, serializeBundle, type StixObject } from "../../stix/mod.ts";
import { noShared, readSharedJson } from "../_util.ts";

const IDENTITY: StixObject = {
  type: "identity",
  id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
  name: "Acmé",
};
const INDICATOR: StixObject = {
  type: "indicator",
  id: "indicator--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
  pattern: "[ipv4-addr:value = '1.2.3.4']",
};

// createBundle's text with its own id, rebuilt from the serialised objects.
function sameAsCreateBundle(items: StixObject[]): void {
  const expected = createBundle(items);
  const id = JSON.parse(expected).id as string;
  assert.equal(serializeBundle(id, items.map((item) => JSON.stringify(item))), expected);
}

Deno.test("serializeBundle writes exactly createBundle's text for the same id and objects", () => {
  sameAsCreateBundle([IDENTITY, INDICATOR]);
  sameAsCreateBundle([IDENTITY]);
  sameAsCreateBundle([]);
  assert.equal(
    serializeBundle("bundle--1", []),
    '{"type":"bundle","id":"bundle--1","spec_version":"2.1","objects":[]}',
  );
});

Deno.test({
  name: "serializeBundle matches createBundle on pycti's stix2_create_bundle cases",
  ignore: noShared,
  fn: () => {
    const { cases } = readSharedJson<{ cases: { args: { items: StixObject[] } }[] }>(
      "conformance/helpers/stix2_create_bundle.json",
    );
    assert.ok(cases.length > 0);
    for (const { args } of cases) sameAsCreateBundle(args.items);
  },
});

Deno.test("serializeBundle copies object texts verbatim and escapes the id", () => {
  const raw = '{ "type": "note", "id": "note--1", "n": 1.50, "t": "\\u00e9" }';
  const text = serializeBundle('bundle--"quoted"', [raw, raw]);
  assert.ok(text.includes(`[${raw},${raw}]`), "texts joined by a comma, unchanged");
  const parsed = JSON.parse(text);
  assert.equal(parsed.id, 'bundle--"quoted"');
  assert.deepEqual(Object.keys(parsed), ["type", "id", "spec_version", "objects"]);
  assert.deepEqual(parsed.objects, [JSON.parse(raw), JSON.parse(raw)]);
});
