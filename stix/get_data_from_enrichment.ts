import type { StixBundle, StixObject } from "./types.ts";

/**
 * What {@linkcode getDataFromEnrichment} returns (pycti's dict keys).
 *
 * @example
 * ```ts
 * import { getDataFromEnrichment, type StixEnrichmentData } from "@octi/connector/stix";
 * const entity = { type: "domain-name", id: "domain-name--4a6e5e8e-1c5b-5a7e-9f3e-2d1c0b9a8f7e" };
 * const data: StixEnrichmentData = getDataFromEnrichment({}, entity.id, [entity]);
 * if (data.stix_entity.type !== "domain-name") throw new Error();
 * ```
 */
export interface StixEnrichmentData {
  /** The object whose `id` is the enriched entity's standard id. */
  stix_entity: StixObject;
  /** All the objects: the playbook bundle's, or the entity's STIX export. */
  stix_objects: StixObject[];
}

/**
 * pycti's `get_data_from_enrichment(data, standard_id, opencti_entity)`: in a playbook the
 * enrichment message carries a `bundle` and its objects are used; otherwise pycti exports the
 * entity through the API, so here the caller passes that export as `exportedObjects` (this
 * module makes no network calls). `stix_entity` is the first object whose `id` equals
 * `standardId`. Throws `RangeError` when there is none (pycti: `IndexError`) and `TypeError`
 * when there is no bundle and no export.
 *
 * @example
 * ```ts
 * import { getDataFromEnrichment } from "@octi/connector/stix";
 * const entity = { type: "ipv4-addr", id: "ipv4-addr--02079f0a-9b6f-4031-8f88-a73a29ee736b" };
 * const data = { bundle: { type: "bundle", objects: [entity] } };
 * const { stix_entity, stix_objects } = getDataFromEnrichment(data, entity.id);
 * if (stix_entity !== entity || stix_objects.length !== 1) throw new Error();
 * ```
 */
export function getDataFromEnrichment(
  data: { readonly bundle?: StixBundle | null | undefined },
  standardId: string,
  exportedObjects?: StixObject[] | undefined,
): StixEnrichmentData {
  const bundle = data.bundle;
  let objects: StixObject[];
  if (bundle !== null && bundle !== undefined) {
    if (!Array.isArray(bundle.objects)) {
      throw new TypeError('Cannot read enrichment data: its "bundle" has no "objects" list');
    }
    objects = bundle.objects;
  } else if (exportedObjects !== undefined) {
    objects = exportedObjects;
  } else {
    throw new TypeError(
      "Cannot read enrichment data: the message has no bundle and no exported objects were given",
    );
  }
  const entity = objects.find((object) => object.id === standardId);
  if (entity === undefined) {
    throw new RangeError(
      `Cannot read enrichment data: no object with id "${standardId}" among ${objects.length}`,
    );
  }
  return { stix_entity: entity, stix_objects: objects };
}
