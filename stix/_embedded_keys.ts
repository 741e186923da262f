// The canonical JSON texts pycti hashes (UUIDv5) into the ids of external references and
// kill chain phases. Equal texts give equal ids and vice versa, so the splitter de-duplicates
// on the text itself and skips the hashing.
import { canonicalJson } from "./_canonical_json.ts";

/** Canonical `{url}` or `{source_name, external_id}`; `null` when the reference has no id. */
export function externalReferenceKey(
  url: unknown,
  sourceName: unknown,
  externalId: unknown,
): string | null {
  if (url !== null && url !== undefined) {
    return typeof url === "string" ? `{"url":${JSON.stringify(url)}}` : canonicalJson({ url });
  }
  if (sourceName === null || sourceName === undefined) return null;
  if (externalId === null || externalId === undefined) return null;
  return typeof sourceName === "string" && typeof externalId === "string"
    ? `{"external_id":${JSON.stringify(externalId)},"source_name":${JSON.stringify(sourceName)}}`
    : canonicalJson({ source_name: sourceName, external_id: externalId });
}

/** Canonical `{kill_chain_name, phase_name}`, a missing value written as `null`. */
export function killChainPhaseKey(phaseName: unknown, killChainName: unknown): string {
  return typeof phaseName === "string" && typeof killChainName === "string"
    ? `{"kill_chain_name":${JSON.stringify(killChainName)},"phase_name":${
      JSON.stringify(phaseName)
    }}`
    : canonicalJson({ kill_chain_name: killChainName ?? null, phase_name: phaseName ?? null });
}
