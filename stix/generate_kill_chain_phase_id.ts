import { killChainPhaseKey } from "./_embedded_keys.ts";
import { EMBEDDED_ID_NAMESPACE, uuid5 } from "./_uuid5.ts";

/**
 * pycti's deterministic id of a kill chain phase: `kill-chain-phase--` + UUIDv5 of the
 * canonical JSON (RFC 8785) of `{phase_name, kill_chain_name}`, a missing value written as
 * `null`. The splitter de-duplicates `kill_chain_phases` by this id (first occurrence kept).
 *
 * @example
 * ```ts
 * import { generateKillChainPhaseId } from "@octi/connector/stix";
 * const id = generateKillChainPhaseId("persistence", "mitre-attack");
 * if (id !== "kill-chain-phase--56330302-292c-5ad4-bece-bacaa99c16e0") throw new Error(id);
 * ```
 */
export function generateKillChainPhaseId(phaseName: unknown, killChainName: unknown): string {
  return `kill-chain-phase--${
    uuid5(EMBEDDED_ID_NAMESPACE, killChainPhaseKey(phaseName, killChainName))
  }`;
}
