import assert from "node:assert/strict";
import { splitBundle, type SplitResult, StixBundleError } from "../../stix/mod.ts";
import type { StixBundle, StixObject } from "../../stix/mod.ts";
import { noShared, readSharedJson, sharedPath } from "../_util.ts";

interface SplitterCase {
  case: string;
  call: { event_version: string | null; cleanup_inconsistent_bundle: boolean };
  bundle_id_placeholder: string;
  bundle_id_source?: "input" | "generated";
  expectations?: number;
  bundles?: Record<string, unknown>[];
  incompatible?: Record<string, unknown>[];
  error?: { type: string; message: string };
}

const CASES = "conformance/splitter";
const BUNDLE_ID = /^bundle--[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function caseNames(): string[] {
  if (noShared) return [];
  return [...Deno.readDirSync(sharedPath(CASES))]
    .filter((entry) => entry.isDirectory)
    .map((entry) => entry.name)
    .sort();
}

function parsedBundles(result: SplitResult): Record<string, unknown>[] {
  return result.bundles.map((text) => JSON.parse(text));
}

Deno.test({
  name: "splitBundle reproduces pycti on every shared conformance case",
  ignore: noShared,
  fn: async (t) => {
    const names = caseNames();
    assert.ok(names.length >= 15, `expected the 15 cases, found ${names.length}`);
    for (const name of names) {
      await t.step(name, () => {
        const input = Deno.readTextFileSync(sharedPath(`${CASES}/${name}/input.json`));
        const expected = readSharedJson<SplitterCase>(`${CASES}/${name}/expected.json`);
        const options = {
          eventVersion: expected.call.event_version,
          cleanupInconsistentBundle: expected.call.cleanup_inconsistent_bundle,
        };
        if (expected.error !== undefined) {
          if (expected.error.type === "KeyError") {
            // pycti crashes; our documented result is tested separately below.
            return;
          }
          assert.throws(
            () => splitBundle(input, options),
            (e: unknown) =>
              e instanceof StixBundleError && e.message.startsWith(expected.error!.message),
          );
          return;
        }
        const result = splitBundle(input, options);
        assert.equal(result.expectations, expected.expectations);
        assert.equal(result.bundles.length, result.expectations);
        const bundles = parsedBundles(result);
        const inputId = (JSON.parse(input) as { id?: string }).id;
        const ids = new Set(bundles.map((bundle) => bundle.id));
        if (bundles.length > 0) {
          assert.equal(ids.size, 1, "every chunk carries the same bundle id");
          const [id] = ids;
          if (expected.bundle_id_source === "generated") {
            assert.match(String(id), BUNDLE_ID);
          } else {
            assert.equal(id, inputId);
          }
        }
        for (const bundle of bundles) bundle.id = expected.bundle_id_placeholder;
        assert.deepEqual(bundles, expected.bundles);
        assert.deepEqual(JSON.parse(JSON.stringify(result.incompatible)), expected.incompatible);
      });
    }
  },
});

Deno.test({
  name: "splitBundle sets aside a sighting without where_sighted_refs (pycti: KeyError)",
  ignore: noShared,
  fn: () => {
    const name = "14-sighting-without-where-sighted-refs";
    const input = Deno.readTextFileSync(sharedPath(`${CASES}/${name}/input.json`));
    const objects = (JSON.parse(input) as StixBundle).objects;
    const result = splitBundle(input);
    assert.equal(result.expectations, 1);
    const [indicator] = parsedBundles(result).map((b) => (b.objects as StixObject[])[0]);
    assert.deepEqual(indicator, { ...objects[0], nb_deps: 1 });
    assert.deepEqual(result.incompatible, [{ ...objects[1], nb_deps: 2 }]);
  },
});

Deno.test("splitBundle sets aside relationships and sightings missing required keys", () => {
  const indicator = { type: "indicator", id: "indicator--33333333-3333-4333-8333-333333333333" };
  const result = splitBundle({
    type: "bundle",
    id: "bundle--11111111-1111-4111-8111-111111111111",
    objects: [
      indicator,
      { type: "relationship", id: "relationship--44444444-4444-4444-8444-444444444444" },
      {
        type: "sighting",
        id: "sighting--66666666-6666-4666-8666-666666666666",
        sighting_of_ref: indicator.id,
        where_sighted_refs: null,
      },
    ],
  });
  assert.equal(result.expectations, 1);
  assert.deepEqual(result.incompatible.map((o) => [o.type, o.nb_deps]), [
    ["relationship", 1],
    ["sighting", 2],
  ]);
});

function chainId(i: number): string {
  return `report--${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`;
}

/** `count` reports, each referencing the next: a chain as deep as the bundle is long. */
function chain(count: number): StixBundle {
  const objects: StixObject[] = [];
  for (let i = 0; i < count; i++) {
    const refs = i + 1 < count ? [chainId(i + 1)] : [];
    objects.push({ type: "report", id: chainId(i), object_refs: refs });
  }
  return { type: "bundle", id: "bundle--22222222-2222-4222-8222-222222222222", objects };
}

Deno.test("splitBundle walks a 200,000-object reference chain without recursion", () => {
  const count = 200_000;
  const result = splitBundle(JSON.stringify(chain(count)));
  assert.equal(result.expectations, count);
  assert.deepEqual(result.incompatible, []);
  // The deepest object comes first with weight 1, the head of the chain last with `count`.
  const first = JSON.parse(result.bundles[0]!);
  const last = JSON.parse(result.bundles[count - 1]!);
  assert.equal(first.x_opencti_seq, 1);
  assert.equal(first.objects[0].id, chainId(count - 1));
  assert.equal(last.x_opencti_seq, count);
  assert.equal(last.objects[0].nb_deps, count);
  assert.equal(last.objects[0].id, chainId(0));
  assert.deepEqual(last.objects[0].object_refs, [chainId(1)]);
});

Deno.test("splitBundle keeps nb_deps exact past 2^53", () => {
  // Each object references the next one twice: weights double along the chain.
  const count = 70;
  const id = (i: number) => `note--${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`;
  const objects: StixObject[] = [];
  for (let i = 0; i < count; i++) {
    objects.push({
      type: "note",
      id: id(i),
      object_refs: i + 1 < count ? [id(i + 1), id(i + 1)] : [],
    });
  }
  const result = splitBundle({ type: "bundle", id: "bundle--x", objects });
  const top = result.bundles[count - 1]!;
  const expected = (2n ** BigInt(count) - 1n).toString();
  assert.ok(top.includes(`"x_opencti_seq":${expected},`), top.slice(0, 120));
  assert.ok(top.includes(`"nb_deps":${expected}}`), top.slice(-60));
  // Sorted by exact weight, ascending.
  const seqs = result.bundles.map((b) => BigInt(/"x_opencti_seq":(\d+)/.exec(b)![1]!));
  for (let i = 1; i < seqs.length; i++) assert.ok(seqs[i - 1]! < seqs[i]!);
});

Deno.test("splitBundle does not modify a bundle given as an object", () => {
  const bundle: StixBundle = {
    type: "bundle",
    objects: [
      {
        type: "indicator",
        id: "indicator--33333333-3333-4333-8333-333333333333",
        created_by_ref: "x-acme-widget--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb",
        object_refs: ["indicator--33333333-3333-4333-8333-333333333333"],
      },
    ],
  };
  const before = structuredClone(bundle);
  const result = splitBundle(bundle, { eventVersion: "3" });
  assert.deepEqual(bundle, before);
  const [out] = parsedBundles(result);
  assert.match(String(out!.id), BUNDLE_ID);
  assert.equal(out!.x_opencti_event_version, "3");
  assert.deepEqual(out!.objects, [{
    type: "indicator",
    id: "indicator--33333333-3333-4333-8333-333333333333",
    created_by_ref: null,
    object_refs: [],
    nb_deps: 1,
  }]);
});

Deno.test("splitBundle emits unchanged objects from tricky input text intact", () => {
  const tricky: StixObject = {
    type: "malware",
    id: "malware--22222222-2222-4222-8222-222222222222",
    name: 'quote " brace } bracket ] backslash \\ "}] \\" end\\\\',
    description: "Zoë 例え \u2028 😀 \n\t",
    aliases: [[], {}, [{ "}": "]" }], "[", "{"],
    x_number: 12345678901234567890,
    x_nested: { object_refs: ["not-walked"], deep: [[[[{ a: "}" }]]]] },
  };
  const other: StixObject = {
    type: "identity",
    id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
  };
  const texts = [
    JSON.stringify({ type: "bundle", objects: [tricky, other] }),
    JSON.stringify({ type: "bundle", objects: [tricky, other] }, null, 3),
    // pycti-style separators, a decoy "objects" key first, an escaped key name, a number
    // with more digits than a double holds.
    `{"objects": [{"type": "x"}], "x": {"objects": []}, "obj\\u0065cts" : \t[ ${
      JSON.stringify(tricky).replace("12345678901234567000", "12345678901234567890")
    } ,\n${JSON.stringify(other)}] , "type": "bundle"}`,
  ];
  for (const text of texts) {
    const result = splitBundle(text);
    const emitted = parsedBundles(result).map((b) => (b.objects as StixObject[])[0]);
    assert.deepEqual(emitted, [{ ...tricky, nb_deps: 1 }, { ...other, nb_deps: 1 }], text);
    // The unchanged object is emitted as its input text: every digit is kept.
    const digits = ["12345678901234567890", "12345678901234567000"].find((d) => text.includes(d))!;
    assert.ok(result.bundles[0]!.includes(digits));
  }
});

Deno.test("splitBundle rejects malformed input whole, naming the object", async (t) => {
  const good = { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" };
  const cases: [string, unknown, RegExp, number | undefined, string | undefined][] = [
    ["not JSON", "{objects: []", /^File data is not a valid JSON: /, undefined, undefined],
    ["no objects", { type: "bundle" }, /^File data is not a valid bundle: /, undefined, undefined],
    ["array", "[1]", /^File data is not a valid bundle: /, undefined, undefined],
    ["objects not a list", { objects: {} }, /not a valid bundle: "objects"/, undefined, undefined],
    ["element not an object", { objects: [good, 3] }, /index 1 is not a JSON object/, 1, undefined],
    ["no id", { objects: [good, { type: "malware" }] }, /no string "id"/, 1, undefined],
    [
      "no type",
      { objects: [{ id: "malware--1" }] },
      /object "malware--1" \(index 0\) has no string "type"/,
      0,
      "malware--1",
    ],
    [
      "refs not a list",
      { objects: [good, { ...good, id: "report--1", type: "report", object_refs: good.id }] },
      /"object_refs" = "identity--/,
      1,
      "report--1",
    ],
    [
      "non-string ref in list",
      { objects: [{ ...good, object_marking_refs: [good.id, 7] }] },
      /"object_marking_refs" = \["identity--.*",7\]/,
      0,
      good.id,
    ],
    [
      "non-string single ref",
      { objects: [{ ...good, created_by_ref: { id: good.id } }] },
      /"created_by_ref" = \{"id"/,
      0,
      good.id,
    ],
    [
      "external reference not an object",
      { objects: [{ ...good, external_references: ["https://example.com"] }] },
      /"external_references" entry that is not an object/,
      0,
      good.id,
    ],
    [
      "earlier copy of a duplicated id",
      { objects: [{ ...good, kill_chain_phases: "x" }, good] },
      /"kill_chain_phases" = "x"/,
      0,
      good.id,
    ],
  ];
  for (const [name, input, message, index, objectId] of cases) {
    await t.step(name, () => {
      const text = typeof input === "string" ? input : JSON.stringify(input);
      assert.throws(() => splitBundle(text), (e: unknown) => {
        assert.ok(e instanceof StixBundleError, String(e));
        assert.match(e.message, message);
        assert.equal(e.index, index);
        assert.equal(e.objectId, objectId);
        return true;
      });
    });
  }
});

Deno.test("splitBundle dedups long reference lists and keeps first occurrences", () => {
  const ids = Array.from(
    { length: 40 },
    (_, i) => `indicator--${String(i).padStart(8, "0")}-0000-4000-8000-000000000000`,
  );
  const objects: StixObject[] = ids.map((id) => ({ type: "indicator", id }));
  const refs = [...ids, ...ids.slice(0, 10), "indicator--missing", "indicator--missing"];
  objects.push({
    type: "report",
    id: "report--55555555-5555-4555-8555-555555555555",
    object_refs: refs,
  });
  const result = splitBundle({ type: "bundle", objects });
  const report = JSON.parse(result.bundles.at(-1)!).objects[0];
  assert.deepEqual(report.object_refs, [...ids, "indicator--missing"]);
  // Repeated entries are counted each time, as pycti does.
  assert.equal(report.nb_deps, 1 + 50);
});

Deno.test("splitBundle returns pycti's errors for the inputs pycti rejects, typed", () => {
  assert.throws(() => splitBundle("nope"), StixBundleError);
  assert.throws(() => splitBundle({ type: "bundle" } as unknown as StixBundle), StixBundleError);
  const cyclic: Record<string, unknown> = { type: "bundle", objects: [] };
  cyclic.self = cyclic;
  assert.throws(() => splitBundle(cyclic as StixBundle), /File data is not a valid JSON/);
});

Deno.test("splitBundle ignores enumerable keys inherited from a polluted Object.prototype", () => {
  const proto = Object.prototype as Record<string, unknown>;
  proto.polluted_ref = "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
  try {
    const result = splitBundle({
      type: "bundle",
      id: "bundle--x",
      objects: [
        { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" },
        { type: "malware", id: "malware--22222222-2222-4222-8222-222222222222" },
      ],
    });
    const weights = result.bundles.map((b) => JSON.parse(b).x_opencti_seq);
    assert.deepEqual(weights, [1, 1]);
    assert.ok(result.bundles.every((b) => !b.includes("polluted_ref")));
  } finally {
    delete proto.polluted_ref;
  }
});
