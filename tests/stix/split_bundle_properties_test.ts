import assert from "node:assert/strict";
import { splitBundle, type StixBundle, type StixObject } from "../../stix/mod.ts";

/** Deterministic PRNG (mulberry32), so that a failure can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES = ["report", "indicator", "malware", "identity", "relationship", "sighting", "x-acme"];

/**
 * A small bundle with everything that makes the walk branch: cycles, self references,
 * duplicated ids and entries, internal ids, unsupported and absent targets, repeated external
 * references and kill chain phases, strings full of JSON syntax.
 */
function randomBundle(random: () => number): StixBundle {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const count = 1 + Math.floor(random() * 12);
  const ids = Array.from({ length: count }, (_, i) => `${pick(TYPES)}--${i}`);
  const aliases = ["alias-1", "alias-2"];
  const ref = () => {
    const x = random();
    return x < 0.7 ? pick(ids) : x < 0.8 ? pick(aliases) : x < 0.9 ? "malware--absent" : "x-y--z";
  };
  const objects: StixObject[] = [];
  for (let i = 0; i < count + Math.floor(random() * 3); i++) {
    const id = i < count ? ids[i]! : pick(ids);
    const type = id.slice(0, id.indexOf("--"));
    const object: StixObject = { type, id, name: 'a "quoted" }{ ][ \\ name' };
    if (random() < 0.5) object.created_by_ref = random() < 0.1 ? null : ref();
    if (random() < 0.6) {
      object.object_refs = Array.from({ length: Math.floor(random() * 20) }, ref);
    }
    if (type === "relationship") {
      object.source_ref = ref();
      object.target_ref = ref();
    }
    if (type === "sighting") {
      object.sighting_of_ref = ref();
      object.where_sighted_refs = [ref(), ref()];
    }
    if (random() < 0.2) object.x_opencti_id = pick(aliases);
    if (random() < 0.3) {
      object.external_references = [{ url: "u" }, { source_name: "s" }, { url: "u", x: 1 }];
    }
    if (random() < 0.3) object.kill_chain_phases = [{ phase_name: "p" }, { phase_name: "p" }];
    objects.push(object);
  }
  return { type: "bundle", id: "bundle--33333333-3333-4333-8333-333333333333", objects };
}

Deno.test("splitBundle gives the same result whatever the input's formatting", () => {
  const random = prng(20240101);
  for (let run = 0; run < 300; run++) {
    const bundle = randomBundle(random);
    const reference = splitBundle(JSON.stringify(bundle));
    const variants = [
      JSON.stringify(bundle, null, 2),
      JSON.stringify(bundle, null, "\t"),
      JSON.stringify(bundle).replaceAll('","', '", "').replaceAll('":"', '": "'),
      bundle,
    ];
    for (const variant of variants) {
      const result = splitBundle(variant);
      assert.equal(result.expectations, reference.expectations);
      assert.deepEqual(
        result.bundles.map((b) => JSON.parse(b)),
        reference.bundles.map((b) => JSON.parse(b)),
        JSON.stringify(bundle),
      );
      assert.deepEqual(result.incompatible, reference.incompatible);
    }
  }
});

Deno.test("splitBundle output keeps pycti's invariants", () => {
  const random = prng(7);
  for (let run = 0; run < 300; run++) {
    const bundle = randomBundle(random);
    const cleanup = random() < 0.5;
    const result = splitBundle(bundle, { cleanupInconsistentBundle: cleanup, eventVersion: "7" });
    assert.equal(result.expectations, result.bundles.length);
    const present = new Set(bundle.objects.flatMap((o) => [o.id, o.x_opencti_id]));
    let previous = 0;
    for (const text of result.bundles) {
      const out = JSON.parse(text);
      assert.deepEqual(Object.keys(out), [
        "type",
        "id",
        "spec_version",
        "x_opencti_seq",
        "objects",
        "x_opencti_event_version",
      ]);
      assert.equal(out.id, bundle.id);
      assert.equal(out.objects.length, 1);
      const [object] = out.objects;
      assert.equal(out.x_opencti_seq, object.nb_deps);
      assert.ok(out.x_opencti_seq >= previous, "sorted by weight");
      previous = out.x_opencti_seq;
      // References only ever shrink, and never keep an unsupported type.
      // (Either copy of a duplicated id can be emitted: the later one, or the earlier one
      // when reached through its internal id.)
      const copies = bundle.objects.filter((o) => o.id === object.id);
      for (const key of Object.keys(object)) {
        if (key.endsWith("_refs") && Array.isArray(object[key])) {
          assert.ok(
            copies.some((input) =>
              object[key].every((r: string) => ((input[key] ?? []) as string[]).includes(r))
            ),
          );
          assert.equal(new Set(object[key]).size, object[key].length, "no duplicates");
          // (pycti only drops a self reference written as the id the walk came through.)
          if (object.x_opencti_id === undefined) assert.ok(!object[key].includes(object.id));
          assert.ok(!object[key].includes("x-y--z"));
          if (cleanup) assert.ok(object[key].every((r: string) => present.has(r)));
        }
      }
    }
  }
});
