import assert from "node:assert/strict";
import {
  isIdSupported,
  splitBundle,
  STIX_EXT_OCTI,
  type StixBundle,
  type StixObject,
} from "../../stix/mod.ts";
import { seededRandom } from "../_doubles.ts";

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
  const random = seededRandom(20240101);
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
  const random = seededRandom(7);
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

// pycti 6.8's `enlist_element`, transcribed directly from helper-behaviour §3.3 (recursive,
// lists and `includes` as in Python), as an independent model of the optimised walk.
function pyctiModel(text: string, cleanup: boolean): { bundles: unknown[]; incompatible: unknown } {
  // deno-lint-ignore no-explicit-any
  type Item = Record<string, any>;
  const data = JSON.parse(text);
  const internalIds = (item: Item): string[] =>
    [item.x_opencti_id, item.extensions?.[STIX_EXT_OCTI]?.id].filter((id) => id);
  const raw = new Map<string, Item>();
  for (const item of data.objects as Item[]) {
    for (const id of [item.id, ...internalIds(item)]) raw.set(id, item);
  }
  const cacheIndex = new Map<string, Item>();
  const cacheRefs = new Map<string, string[]>();
  const elements: Item[] = [];
  const incompatible: Item[] = [];
  const dedup = (list: Item[], key: (entry: Item) => string | null) => {
    const seen: string[] = [];
    return list.filter((entry) => {
      const k = key(entry);
      if (k === null || seen.includes(k)) return false;
      seen.push(k);
      return true;
    });
  };
  const enlist = (itemId: string, parents: string[]): number => {
    const item = raw.get(itemId);
    if (item === undefined) return 0;
    if (cacheIndex.has(itemId)) return cacheIndex.get(itemId)!.nb_deps;
    let nb = 1;
    if (!cacheRefs.has(itemId)) cacheRefs.set(itemId, []);
    const admits = (ref: string) =>
      isIdSupported(ref) && !(cleanup && !raw.has(ref)) && !parents.includes(ref) &&
      ref !== itemId && !(cacheRefs.get(ref)?.includes(itemId) ?? false);
    const follow = (ref: string) => {
      cacheRefs.get(itemId)!.push(ref);
      nb += enlist(ref, [...parents, ref]);
    };
    for (const key of Object.keys(item)) {
      const value = item[key];
      if (key.endsWith("_refs") && value != null) {
        const keep: string[] = [];
        for (const ref of value) {
          if (admits(ref)) {
            follow(ref);
            if (!keep.includes(ref)) keep.push(ref);
          }
          item[key] = keep; // inside the loop, as pycti: a re-entered call sees it
        }
      } else if (key.endsWith("_ref")) {
        if (value != null && admits(value)) follow(value);
        else item[key] = null;
      } else if (key === "external_references" && value != null) {
        item[key] = dedup(
          value,
          (r) =>
            r.url != null
              ? JSON.stringify({ url: r.url })
              : r.source_name != null && r.external_id != null
              ? JSON.stringify([r.source_name, r.external_id])
              : null,
        );
      } else if (key === "kill_chain_phases" && value != null) {
        item[key] = dedup(
          value,
          (p) => JSON.stringify([p.phase_name ?? null, p.kill_chain_name ?? null]),
        );
      }
    }
    item.nb_deps = nb;
    if (!cacheIndex.has(itemId)) {
      const compatible = item.type === "relationship"
        ? item.source_ref != null && item.target_ref != null
        : item.type === "sighting"
        ? item.sighting_of_ref != null && item.where_sighted_refs?.length > 0
        : isIdSupported(itemId);
      (compatible ? elements : incompatible).push(item);
      for (const id of [itemId, ...internalIds(item)]) cacheIndex.set(id, item);
    }
    return nb;
  };
  for (const item of data.objects as Item[]) enlist(item.id, []);
  const sorted = elements.map((item, i) => ({ item, i }))
    .sort((a, b) => a.item.nb_deps - b.item.nb_deps || a.i - b.i);
  return {
    bundles: sorted.map(({ item }) => ({
      type: "bundle",
      id: data.id,
      spec_version: "2.1",
      x_opencti_seq: item.nb_deps,
      objects: [JSON.parse(JSON.stringify(item))],
    })),
    incompatible: JSON.parse(JSON.stringify(incompatible)),
  };
}

Deno.test("splitBundle agrees with a direct transcription of pycti's recursive walk", () => {
  const random = seededRandom(1906);
  for (let run = 0; run < 600; run++) {
    const bundle = randomBundle(random);
    // Vary what the generator keeps fixed: key order, internal ids in the OpenCTI extension,
    // a `nb_deps` already present, null lists, relationships missing an endpoint key.
    for (const object of bundle.objects) {
      const entries = Object.entries(object).sort(() => random() - 0.5);
      for (const key of Object.keys(object)) delete object[key];
      Object.assign(object, Object.fromEntries(entries));
      if (object.x_opencti_id !== undefined && random() < 0.4) {
        object.extensions = { [STIX_EXT_OCTI]: { id: object.x_opencti_id } };
        delete object.x_opencti_id;
      }
      if (random() < 0.05) object.nb_deps = 99;
      if (random() < 0.05) object.object_marking_refs = null;
      if (object.type === "relationship" && random() < 0.05) delete object.target_ref;
    }
    const text = JSON.stringify(bundle, null, run % 2);
    const cleanup = random() < 0.5;
    const expected = pyctiModel(text, cleanup);
    const result = splitBundle(text, { cleanupInconsistentBundle: cleanup });
    assert.equal(result.expectations, expected.bundles.length);
    assert.deepEqual(result.bundles.map((b) => JSON.parse(b)), expected.bundles, text);
    assert.deepEqual(JSON.parse(JSON.stringify(result.incompatible)), expected.incompatible);
  }
});
