/**
 * STIX bundle utilities of pycti's `OpenCTIConnectorHelper`, as pure functions: the
 * splitter that turns a bundle into the ordered single-object bundles workers import
 * ({@linkcode splitBundle}), bundle creation and de-duplication, the TLP check, extension
 * lookups, enrichment data and organisation sharing, the deterministic ids of pycti's
 * `generate_id` methods ({@linkcode generateStixId}, {@linkcode generateMarkingDefinitionId}),
 * the TLP marking definitions ({@linkcode tlpMarkingDefinition},
 * {@linkcode TLP_MARKING_DEFINITIONS}), and the STIX types. A leaf module: no network, no
 * imports from the rest of the package.
 *
 * @example
 * ```ts
 * import { createBundle, splitBundle } from "@octi/connector/stix";
 * const text = createBundle([
 *   {
 *     type: "relationship",
 *     id: "relationship--44444444-4444-4444-8444-444444444444",
 *     relationship_type: "indicates",
 *     source_ref: "indicator--33333333-3333-4333-8333-333333333333",
 *     target_ref: "malware--22222222-2222-4222-8222-222222222222",
 *   },
 *   { type: "malware", id: "malware--22222222-2222-4222-8222-222222222222", is_family: true },
 *   { type: "indicator", id: "indicator--33333333-3333-4333-8333-333333333333" },
 * ]);
 * const { expectations, bundles } = splitBundle(text);
 * const types = bundles.map((b) => JSON.parse(b).objects[0].type);
 * if (expectations !== 3 || types.join() !== "indicator,malware,relationship") throw new Error();
 * ```
 *
 * ## The splitter and pycti
 *
 * {@linkcode splitBundle} gives the same result as pycti 6.8's
 * `split_bundle_with_expectations` for every bundle pycti handles (checked against pycti's own
 * output on the shared conformance cases): same objects in the same order, same `nb_deps` and
 * `x_opencti_seq`, same references rewritten or dropped, same external references and kill
 * chain phases removed, same objects set aside, same expectations. pycti's quirks are kept on
 * purpose, since the platform's import order depends on them: `nb_deps` counts shared and
 * repeated dependencies every time, a cycle of three or more objects is not cut, an object
 * first reached through an OpenCTI internal id is emitted twice, the later of two objects
 * with the same id wins.
 *
 * Deliberate differences, all where pycti crashes, corrupts or cannot be matched in
 * JavaScript:
 *
 * - **No recursion.** The walk keeps its own stack, so reference chains of any length work
 *   (pycti raises `RecursionError` from about 1,000 levels). Membership tests on long
 *   reference lists are constant time (pycti's are linear, quadratic overall).
 * - **Relationships and sightings missing a required key** (`source_ref`, `target_ref`,
 *   `sighting_of_ref`, `where_sighted_refs`, or `where_sighted_refs: null`) are set aside in
 *   `incompatible`, like those whose value was dropped; pycti raises `KeyError`/`TypeError`
 *   and loses the whole bundle. The other objects are emitted normally.
 * - **Malformed input is rejected whole** with {@linkcode StixBundleError}, naming the object
 *   (`index`, `objectId`) and the key: `objects` that is not a list, an element of it that is
 *   not an object, an
 *   object without a string `id` or `type`, a `*_refs` value that is not a list of strings or
 *   null, a `*_ref` value that is not a string or null, `external_references` or
 *   `kill_chain_phases` that are not lists of objects. pycti crashes on most of these, and
 *   silently walks the characters of a string given as a `*_refs` value. Every object is
 *   checked, including the earlier copy of a duplicated id, which pycti never looks at.
 *   Nothing is returned on error. Error messages start with pycti's (`File data is not a valid
 *   JSON`, `File data is not a valid bundle`) followed by the reason.
 * - **Internal ids** (`x_opencti_id`, the OpenCTI extension's `id`) are only taken when they
 *   are non-empty strings, and an `extensions` value that is not an object is ignored (pycti
 *   crashes on some of these; no reference can match a non-string).
 * - **Strict JSON only.** Text that JSON.parse rejects is rejected, including the `NaN` and
 *   `Infinity` literals Python's json module accepts (no JSON consumer of the output could
 *   read them either).
 * - **The input is never modified.** pycti mutates a bundle given as a dict; here an object
 *   argument is copied first (through JSON, so it is handled exactly as its text would be).
 * - **Output text.** Each output bundle is compact JSON (pycti writes `", "`/`": "` and escapes
 *   non-ASCII characters): consumers parse it, and the parsed JSON is identical. An object the
 *   splitter did not change is emitted as its own text from the input, `"nb_deps"` appended,
 *   without being serialised again: its spacing and escapes are the input's, numbers keep
 *   their exact digits, and the output strings share memory with the input text (which stays
 *   alive while any of them does). Objects that were changed, and the objects in
 *   `incompatible`, go through JavaScript numbers: integers beyond 2^53 lose precision there
 *   (Python keeps them). `nb_deps` itself is exact at any size (it grows exponentially on
 *   some graphs; past 2^53 it is computed with bigints, and an object in `incompatible` then
 *   holds it as a `JSON.rawJSON` value, which `JSON.stringify` writes digit for digit).
 * - **External references and kill chain phases** are de-duplicated on the canonical JSON text
 *   that pycti hashes into their UUIDv5 ids, not on the ids: equal texts and equal ids are the
 *   same thing, and no hashing is needed. {@linkcode generateExternalReferenceId} and
 *   {@linkcode generateKillChainPhaseId} compute the ids themselves.
 *
 * ## The other helpers and pycti
 *
 * - {@linkcode createBundle} writes compact JSON (same parsed result, random id as pycti).
 * - {@linkcode deduplicateObjects} throws `TypeError` for an item without `id` (pycti:
 *   `KeyError`).
 * - {@linkcode checkMaxTlp} throws `RangeError` for an unknown maximum (pycti: `KeyError`).
 * - {@linkcode applyOrganizationSharing} keeps the union of organisations in a stable order
 *   (existing, then new; pycti's set order is arbitrary) and throws
 *   {@linkcode StixBundleError} where pycti crashes.
 * - {@linkcode getSharedOrganizations}, which pycti inlines in its listener, throws
 *   `TypeError` when the value is not a list of ids (pycti would fail later, in the set
 *   union).
 * - {@linkcode getDataFromEnrichment} takes the entity's STIX export as an argument where
 *   pycti calls the API, and throws `RangeError` when the entity is not among the objects.
 * - {@linkcode generateStixId} follows the `generate_id` static methods of the newest pycti
 *   entity classes, checked against the ids in pycti's and the OpenCTI platform's own tests:
 *   names lower-cased and stripped (Python's `str.strip()`, whose whitespace differs from
 *   `String.prototype.trim`), indicator patterns, note contents, opinions and `x_mitre_id`
 *   stripped (earlier pycti releases hashed those as given: the ids differ only when the
 *   text has surrounding whitespace), a sighting hashed with `type: "sighting"` and its
 *   `where_sighted_refs` (pycti 5 used `source_ref`/`target_ref`). Date-time properties are
 *   taken as the text written in the object, where pycti also accepts a `datetime`. Bad input
 *   throws `TypeError`/`RangeError` where pycti raises `AttributeError` or hashes `None`.
 *   Observables follow the `stix2` library (STIX 2.1's id-contributing properties), as pycti
 *   connectors build them; for a file with both hashes and a name the platform's own id uses
 *   the hash alone. Types without an established rule are left out (data components, data
 *   sources, languages, malware analyses, observed data, vocabularies, feedback).
 * - {@linkcode generateMarkingDefinitionId} is pycti's, exact strings included (OpenCTI
 *   upper-cases both values itself).
 * - The legacy `stix2_get_*_objects` helpers, broken in pycti 6.8 (they read an index the
 *   helper never builds) and removed later, work here on an explicit index
 *   ({@linkcode indexStixObjects}) and skip references not in it.
 *
 * @module
 */
export * from "./apply_organization_sharing.ts";
export * from "./check_max_tlp.ts";
export * from "./create_bundle.ts";
export * from "./deduplicate_objects.ts";
export * from "./extension_ids.ts";
export * from "./generate_external_reference_id.ts";
export * from "./generate_kill_chain_phase_id.ts";
export * from "./generate_marking_definition_id.ts";
export * from "./generate_stix_id.ts";
export * from "./get_attribute_in_extension.ts";
export * from "./get_attribute_in_mitre_extension.ts";
export * from "./get_data_from_enrichment.ts";
export * from "./get_shared_organizations.ts";
export * from "./get_stix_embedded_objects.ts";
export * from "./get_stix_entity_objects.ts";
export * from "./get_stix_relationship_objects.ts";
export * from "./get_stix_report_objects.ts";
export * from "./index_stix_objects.ts";
export * from "./is_id_supported.ts";
export * from "./read_bundle_text.ts";
export * from "./serialize_bundle.ts";
export * from "./split_bundle.ts";
export * from "./stix_bundle_error.ts";
export * from "./tlp_marking_definition.ts";
export * from "./tlp_marking_definitions.ts";
export * from "./types.ts";
