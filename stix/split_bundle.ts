import { enlistAll, type Weight } from "./_enlist.ts";
import { locateObjects } from "./_locate_objects.ts";
import { parseBundle } from "./_parse_bundle.ts";
import { StixBundleError } from "./stix_bundle_error.ts";
import type { StixBundle, StixObject } from "./types.ts";

/**
 * Options of {@linkcode splitBundle} (pycti's keyword arguments).
 *
 * @example
 * ```ts
 * import { splitBundle, type SplitBundleOptions } from "@octi/connector/stix";
 * const options: SplitBundleOptions = { eventVersion: "7", cleanupInconsistentBundle: true };
 * const { bundles } = splitBundle({
 *   type: "bundle",
 *   objects: [{
 *     type: "indicator",
 *     id: "indicator--33333333-3333-4333-8333-333333333333",
 *     created_by_ref: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
 *   }],
 * }, options);
 * const out = JSON.parse(bundles[0]!);
 * // The author is not in the bundle: cleanup drops the reference.
 * if (out.x_opencti_event_version !== "7" || out.objects[0].created_by_ref !== null) {
 *   throw new Error();
 * }
 * ```
 */
export interface SplitBundleOptions {
  /** Copied into every output bundle as `x_opencti_event_version` when given. */
  eventVersion?: string | null | undefined;
  /**
   * Also drop references to objects absent from the bundle (pycti's
   * `cleanup_inconsistent_bundle`); relationships and sightings left without a required
   * endpoint are then set aside. Default `false`.
   */
  cleanupInconsistentBundle?: boolean | undefined;
}

/**
 * What {@linkcode splitBundle} returns (pycti's `(expectations, incompatible, bundles)`).
 *
 * @example
 * ```ts
 * import { splitBundle, type SplitResult } from "@octi/connector/stix";
 * const result: SplitResult = splitBundle({
 *   type: "bundle",
 *   objects: [
 *     { type: "x-acme-widget", id: "x-acme-widget--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" },
 *     { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" },
 *   ],
 * });
 * // The custom type is set aside: neither emitted nor counted.
 * if (result.expectations !== 1 || result.incompatible[0]?.type !== "x-acme-widget") {
 *   throw new Error();
 * }
 * ```
 */
export interface SplitResult {
  /** Number of output bundles: the work expectations to declare. */
  expectations: number;
  /** The serialised single-object bundles, in the order to publish them. */
  bundles: string[];
  /** Objects set aside (neither emitted nor counted), in the order they were set aside. */
  incompatible: StixObject[];
}

// JSON.rawJSON (ES2026, in V8) writes a bigint as a plain JSON number; not yet in TS's lib.
const rawJson = (JSON as unknown as { rawJSON(text: string): unknown }).rawJSON;

/** `nb_deps` as a value JSON.stringify writes exactly. */
function weightJson(weight: Weight): unknown {
  return typeof weight === "number" ? weight : rawJson(weight.toString());
}

/** Stable sort of `elements` (object indexes) by ascending weight. */
function sortByWeight(elements: number[], weights: Weight[]): number[] {
  const n = elements.length;
  let max = 0;
  let counting = true;
  for (let i = 0; counting && i < n; i++) {
    const w = weights[elements[i]!]!;
    if (typeof w !== "number" || w > 4 * n + 1024) counting = false;
    else if (w > max) max = w;
  }
  if (!counting) {
    // Array.prototype.sort is stable; `<` compares numbers and bigints alike.
    return elements.slice().sort((a, b) => {
      const wa = weights[a]!;
      const wb = weights[b]!;
      return wa < wb ? -1 : wa > wb ? 1 : 0;
    });
  }
  // Counting sort: weights are small integers in every realistic bundle.
  const next = new Int32Array(max + 2);
  for (let i = 0; i < n; i++) next[(weights[elements[i]!] as number) + 1]!++;
  for (let w = 1; w <= max + 1; w++) next[w]! += next[w - 1]!;
  const sorted: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const element = elements[i]!;
    sorted[next[weights[element] as number]!++] = element;
  }
  return sorted;
}

/**
 * Splits a bundle into single-object bundles ordered so that objects come after what they
 * reference, exactly as pycti's `OpenCTIStix2Splitter.split_bundle_with_expectations` (6.8)
 * does; the differences, all on input pycti crashes on or cannot represent, are listed in
 * the module documentation.
 *
 * Each output bundle is `{"type": "bundle", "id": <input id>, "spec_version": "2.1",
 * "x_opencti_seq": <nb_deps>, "objects": [<object with "nb_deps">]}` plus
 * `"x_opencti_event_version"` when `eventVersion` is given. References to unsupported types,
 * self references and back references of cycles are dropped (a `_ref` becomes `null`),
 * external references and kill chain phases are de-duplicated, and objects of unsupported
 * types, relationships without both endpoints and sightings without `sighting_of_ref` or
 * `where_sighted_refs` are set aside in `incompatible`.
 *
 * Input as text or object; an object is copied first, never modified. Malformed input throws
 * {@linkcode StixBundleError} before anything is returned. Objects the splitter leaves as they
 * were are emitted as slices of the input text (V8 shares the memory instead of copying), so
 * the returned strings keep the input text alive while any of them is.
 *
 * @example
 * ```ts
 * import { splitBundle } from "@octi/connector/stix";
 * const { expectations, bundles, incompatible } = splitBundle({
 *   type: "bundle",
 *   id: "bundle--11111111-1111-4111-8111-111111111111",
 *   objects: [
 *     {
 *       type: "indicator",
 *       id: "indicator--33333333-3333-4333-8333-333333333333",
 *       created_by_ref: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
 *     },
 *     { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", name: "ACME" },
 *   ],
 * });
 * // The identity goes first: the indicator depends on it.
 * const first = JSON.parse(bundles[0]!);
 * if (expectations !== 2 || incompatible.length !== 0) throw new Error();
 * if (first.objects[0].type !== "identity" || first.x_opencti_seq !== 1) throw new Error();
 * if (JSON.parse(bundles[1]!).objects[0].nb_deps !== 2) throw new Error();
 * ```
 */
export function splitBundle(
  bundle: string | StixBundle,
  options: SplitBundleOptions = {},
): SplitResult {
  const eventVersion = options.eventVersion ?? null;
  const { text, data, objects } = parseBundle(bundle);
  const bundleId = Object.hasOwn(data, "id") ? data.id : `bundle--${crypto.randomUUID()}`;

  const { elements, incompatible, weights, touched } = enlistAll(
    objects,
    options.cleanupInconsistentBundle ?? false,
  );

  const aside: StixObject[] = new Array(incompatible.length);
  for (let i = 0; i < incompatible.length; i++) {
    const index = incompatible[i]!;
    const item = objects[index]!;
    item.nb_deps = weightJson(weights[index]!);
    aside[i] = item as StixObject;
  }

  // An object the walk left as it was is emitted as its own text from the input (a slice:
  // no copy, no serialisation) with `nb_deps` appended; the others are serialised.
  const ranges = locateObjects(text);
  const sliced = ranges !== null && ranges.length === 2 * objects.length;
  const head = `{"type":"bundle","id":${JSON.stringify(bundleId)},"spec_version":"2.1",` +
    `"x_opencti_seq":`;
  const tail = eventVersion === null
    ? "]}"
    : `],"x_opencti_event_version":${JSON.stringify(eventVersion)}}`;
  // Bundles come in weight order: the pieces around each object are shared per weight.
  let lastWeight: Weight = -1;
  let prefix = "";
  let suffix = "";
  const order = sortByWeight(elements, weights);
  const bundles: string[] = new Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const index = order[i]!;
    const weight = weights[index]!;
    if (weight !== lastWeight) {
      lastWeight = weight;
      prefix = `${head}${weight},"objects":[`;
      suffix = `,"nb_deps":${weight}}${tail}`;
    }
    if (sliced && touched[index] === 0) {
      // The range ends with the object's closing brace, which the suffix replaces.
      bundles[i] = prefix + text.slice(ranges[2 * index]!, ranges[2 * index + 1]! - 1) + suffix;
    } else {
      const item = objects[index]!;
      item.nb_deps = weightJson(weight);
      bundles[i] = prefix + serialise(item) + tail;
    }
  }
  return { expectations: bundles.length, bundles, incompatible: aside };
}

function serialise(item: Record<string, unknown>): string {
  try {
    return JSON.stringify(item);
  } catch (cause) {
    throw new StixBundleError(
      `Invalid bundle: object "${String(item.id)}" cannot be serialised: ${
        (cause as Error).message
      }`,
      { objectId: typeof item.id === "string" ? item.id : undefined, cause },
    );
  }
}
