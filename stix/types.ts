/**
 * An entry of a STIX object's `external_references` (open: any other key is kept).
 *
 * @example
 * ```ts
 * import { generateExternalReferenceId, type StixExternalReference } from "@octi/connector/stix";
 * const reference: StixExternalReference = { source_name: "mitre-attack", external_id: "T1059" };
 * const id = generateExternalReferenceId(reference.url, reference.source_name, reference.external_id);
 * if (id !== "external-reference--aecbe091-f97b-5cc7-8b42-ee9efb0c4a9f") throw new Error(String(id));
 * ```
 */
export interface StixExternalReference {
  /** Name of the source, e.g. `"mitre-attack"`. */
  source_name?: string | null | undefined;
  /** Id of the object in the source, e.g. `"T1059"`. */
  external_id?: string | null | undefined;
  /** Link to the source. */
  url?: string | null | undefined;
  /** Free text. */
  description?: string | null | undefined;
  /** Any other property. */
  [key: string]: unknown;
}

/**
 * An entry of a STIX object's `kill_chain_phases` (open: any other key is kept).
 *
 * @example
 * ```ts
 * import { generateKillChainPhaseId, type StixKillChainPhase } from "@octi/connector/stix";
 * const phase: StixKillChainPhase = { kill_chain_name: "mitre-attack", phase_name: "persistence" };
 * const id = generateKillChainPhaseId(phase.phase_name, phase.kill_chain_name);
 * if (id !== "kill-chain-phase--56330302-292c-5ad4-bece-bacaa99c16e0") throw new Error(id);
 * ```
 */
export interface StixKillChainPhase {
  /** Name of the kill chain, e.g. `"mitre-attack"`. */
  kill_chain_name?: string | null | undefined;
  /** Name of the phase, e.g. `"persistence"`. */
  phase_name?: string | null | undefined;
  /** Any other property. */
  [key: string]: unknown;
}

/**
 * A STIX 2.1 object as JSON: an open record whose common properties are typed. Every key
 * ending in `_ref` (one id) or `_refs` (a list of ids) is a reference to another object;
 * OpenCTI's own keys start with `x_opencti_` or live in `extensions[STIX_EXT_OCTI]`.
 *
 * @example
 * ```ts
 * import type { StixObject } from "@octi/connector/stix";
 * const malware: StixObject = {
 *   type: "malware",
 *   spec_version: "2.1",
 *   id: "malware--22222222-2222-4222-8222-222222222222",
 *   name: "Evil",
 *   is_family: true,
 *   object_marking_refs: ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
 * };
 * if (malware.object_marking_refs?.length !== 1) throw new Error();
 * ```
 */
export interface StixObject {
  /** Object type, e.g. `"indicator"`. */
  type: string;
  /** STIX id, `<type>--<uuid>`. */
  id: string;
  /** STIX version, `"2.1"`. */
  spec_version?: string | undefined;
  /** Creation time (SDOs and SROs). */
  created?: string | undefined;
  /** Last modification time (SDOs and SROs). */
  modified?: string | undefined;
  /** Author (an identity id). */
  created_by_ref?: string | null | undefined;
  /** Marking definitions applied to the object. */
  object_marking_refs?: string[] | null | undefined;
  /** Objects contained (reports, groupings, notes, opinions, observed data). */
  object_refs?: string[] | null | undefined;
  /** Labels. */
  labels?: string[] | null | undefined;
  /** External references. */
  external_references?: StixExternalReference[] | null | undefined;
  /** Kill chain phases. */
  kill_chain_phases?: StixKillChainPhase[] | null | undefined;
  /** Extensions, keyed by extension-definition id. */
  extensions?: Record<string, Record<string, unknown>> | null | undefined;
  /** OpenCTI internal id, usable as a reference instead of the STIX id. */
  x_opencti_id?: string | undefined;
  /** Organisations the object is shared with. */
  x_opencti_granted_refs?: string[] | null | undefined;
  /** Any other property. */
  [key: string]: unknown;
}

/**
 * A STIX bundle as JSON. pycti and OpenCTI add `spec_version` to bundles (not STIX 2.1) and,
 * on split bundles, `x_opencti_seq` and `x_opencti_event_version`.
 *
 * @example
 * ```ts
 * import type { StixBundle } from "@octi/connector/stix";
 * const bundle: StixBundle = {
 *   type: "bundle",
 *   id: "bundle--11111111-1111-4111-8111-111111111111",
 *   objects: [{ type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" }],
 * };
 * if (bundle.objects.length !== 1) throw new Error();
 * ```
 */
export interface StixBundle {
  /** `"bundle"`. */
  type: string;
  /** Bundle id, `bundle--<uuid>`. */
  id?: string | undefined;
  /** `"2.1"` on bundles OpenCTI produces. */
  spec_version?: string | undefined;
  /** The objects. */
  objects: StixObject[];
  /** Any other property. */
  [key: string]: unknown;
}
