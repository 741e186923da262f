import type { StixObject } from "./types.ts";

/**
 * pycti's `stix2_deduplicate_objects(items)`: a new list with the **first** object of each
 * `id`, in input order (the splitter, by contrast, keeps the last copy). Throws `TypeError`
 * for an item without an `id` key.
 *
 * @example
 * ```ts
 * import { deduplicateObjects } from "@octi/connector/stix";
 * const unique = deduplicateObjects([
 *   { type: "malware", id: "malware--4f0a4c4e-8d0b-4f0e-9a51-0c1d2e3f4a5b", name: "first" },
 *   { type: "malware", id: "malware--4f0a4c4e-8d0b-4f0e-9a51-0c1d2e3f4a5b", name: "second" },
 * ]);
 * if (unique.length !== 1 || unique[0]!.name !== "first") throw new Error();
 * ```
 */
export function deduplicateObjects<T extends StixObject>(items: readonly T[]): T[] {
  const seen = new Set<unknown>();
  const unique: T[] = [];
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    if (typeof item !== "object" || item === null || !Object.hasOwn(item, "id")) {
      throw new TypeError(
        `Cannot deduplicate STIX objects: item at index ${i} has no "id": ${
          JSON.stringify(item)?.slice(0, 80)
        }`,
      );
    }
    if (!seen.has(item.id)) {
      seen.add(item.id);
      unique.push(item);
    }
  }
  return unique;
}
