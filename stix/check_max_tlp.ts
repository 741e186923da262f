const WHITE_CLEAR = ["TLP:WHITE", "TLP:CLEAR"];
const UP_TO_GREEN = [...WHITE_CLEAR, "TLP:GREEN"];
const UP_TO_AMBER = [...UP_TO_GREEN, "TLP:AMBER"];
const UP_TO_AMBER_STRICT = [...UP_TO_AMBER, "TLP:AMBER+STRICT"];
const ALLOWED: ReadonlyMap<string, readonly string[]> = new Map([
  ["TLP:RED", [...UP_TO_AMBER_STRICT, "TLP:RED"]],
  ["TLP:AMBER+STRICT", UP_TO_AMBER_STRICT],
  ["TLP:AMBER", UP_TO_AMBER],
  ["TLP:GREEN", UP_TO_GREEN],
  ["TLP:WHITE", WHITE_CLEAR],
  ["TLP:CLEAR", WHITE_CLEAR],
]);

/**
 * pycti's `check_max_tlp(tlp, max_tlp)`: whether data marked `tlp` may be processed by a
 * connector allowed up to `maxTlp`. Both are compared upper-cased (no trimming); WHITE and
 * CLEAR are equal, then GREEN < AMBER < AMBER+STRICT < RED. `null`/`undefined` on either side
 * gives `true`; an unknown `tlp` gives `false`; an unknown `maxTlp` (including `""`) throws
 * `RangeError` (pycti raises `KeyError`).
 *
 * @example
 * ```ts
 * import { checkMaxTlp } from "@octi/connector/stix";
 * if (!checkMaxTlp("tlp:green", "TLP:AMBER")) throw new Error();
 * if (checkMaxTlp("TLP:AMBER+STRICT", "TLP:AMBER")) throw new Error();
 * if (!checkMaxTlp(null, "TLP:CLEAR")) throw new Error();
 * ```
 */
export function checkMaxTlp(
  tlp: string | null | undefined,
  maxTlp: string | null | undefined,
): boolean {
  if (tlp === null || tlp === undefined || maxTlp === null || maxTlp === undefined) return true;
  const allowed = ALLOWED.get(maxTlp.toUpperCase());
  if (allowed === undefined) {
    throw new RangeError(
      `Cannot check TLP against max TLP "${maxTlp}": expected one of ${
        [...ALLOWED.keys()].join(", ")
      }`,
    );
  }
  return allowed.includes(tlp.toUpperCase());
}
