import { getStixEntityObjects } from "./get_stix_entity_objects.ts";
import { getStixRelationshipObjects } from "./get_stix_relationship_objects.ts";
import type { StixObjectIndex } from "./index_stix_objects.ts";
import type { StixObject } from "./types.ts";

/**
 * pycti's `stix2_get_report_objects(report)` on an explicit index: the report, the objects of
 * its `object_refs` found in `index` (pycti fails on one that is missing; here it is
 * skipped), then for each of those items, the report included, its relationship objects
 * ({@linkcode getStixRelationshipObjects}) or entity objects
 * ({@linkcode getStixEntityObjects}). Duplicates are expected: pass the result through
 * `deduplicateObjects`.
 *
 * @example
 * ```ts
 * import { deduplicateObjects, getStixReportObjects, indexStixObjects } from "@octi/connector/stix";
 * const author = { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" };
 * const malware = {
 *   type: "malware",
 *   id: "malware--22222222-2222-4222-8222-222222222222",
 *   created_by_ref: author.id,
 * };
 * const report = {
 *   type: "report",
 *   id: "report--55555555-5555-4555-8555-555555555555",
 *   object_refs: [malware.id],
 * };
 * const objects = deduplicateObjects(getStixReportObjects(report, indexStixObjects([author, malware])));
 * if (objects.map((o) => o.type).join() !== "report,malware,identity") throw new Error();
 * ```
 */
export function getStixReportObjects(report: StixObject, index: StixObjectIndex): StixObject[] {
  const items = [report];
  if (Array.isArray(report.object_refs)) {
    for (const ref of report.object_refs) {
      const found = index.get(ref);
      if (found !== undefined) items.push(found);
    }
  }
  const result = [...items];
  for (const item of items) {
    result.push(
      ...(item.type === "relationship"
        ? getStixRelationshipObjects(item, index)
        : getStixEntityObjects(item, index)),
    );
  }
  return result;
}
