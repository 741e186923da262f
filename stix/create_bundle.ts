import type { StixObject } from "./types.ts";

/**
 * pycti's `stix2_create_bundle(items)`: the JSON text of `{"type": "bundle", "id":
 * "bundle--<random uuid4>", "spec_version": "2.1", "objects": items}`, keys in that order.
 * Items are serialised with `JSON.stringify`, so an item with a `toJSON` method (e.g. a class
 * instance) goes through it, as pycti serialises stix2-library objects. An empty list gives
 * `"objects": []`. The text is compact (pycti writes `", "` and `": "` separators and escapes
 * non-ASCII characters; the parsed JSON is the same).
 *
 * @example
 * ```ts
 * import { createBundle } from "@octi/connector/stix";
 * const text = createBundle([{ type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" }]);
 * const bundle = JSON.parse(text);
 * if (!bundle.id.startsWith("bundle--") || bundle.objects.length !== 1) throw new Error();
 * ```
 */
export function createBundle(items: readonly StixObject[]): string {
  return JSON.stringify({
    type: "bundle",
    id: `bundle--${crypto.randomUUID()}`,
    spec_version: "2.1",
    objects: items,
  });
}
