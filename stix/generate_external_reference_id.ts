import { externalReferenceKey } from "./_embedded_keys.ts";
import { EMBEDDED_ID_NAMESPACE, uuid5 } from "./_uuid5.ts";

/**
 * pycti's deterministic id of an external reference: `external-reference--` + UUIDv5 of the
 * canonical JSON (RFC 8785) of `{url}` when `url` is not null/undefined (even `""`), else of
 * `{source_name, external_id}` when both are given; `null` when neither is possible. The
 * splitter de-duplicates `external_references` by this id (first occurrence kept) and drops
 * the references that have none.
 *
 * @example
 * ```ts
 * import { generateExternalReferenceId } from "@octi/connector/stix";
 * const byUrl = generateExternalReferenceId("https://example.com/evil", "x", "y");
 * if (byUrl !== "external-reference--e3e05002-cb97-5795-ac89-a2ff360b044b") throw new Error();
 * if (generateExternalReferenceId(null, "vendor", null) !== null) throw new Error();
 * ```
 */
export function generateExternalReferenceId(
  url: unknown,
  sourceName?: unknown,
  externalId?: unknown,
): string | null {
  const canonical = externalReferenceKey(url, sourceName, externalId);
  return canonical === null
    ? null
    : `external-reference--${uuid5(EMBEDDED_ID_NAMESPACE, canonical)}`;
}
