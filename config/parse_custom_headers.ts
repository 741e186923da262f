/**
 * Result of {@linkcode parseCustomHeaders}.
 *
 * @example
 * ```ts
 * import { type ParsedCustomHeaders, parseCustomHeaders } from "@octi/connector/config";
 * const parsed: ParsedCustomHeaders = parseCustomHeaders("X-Tenant: acme");
 * if (parsed.headers["X-Tenant"] !== "acme") throw new Error();
 * ```
 */
export interface ParsedCustomHeaders {
  /** Header name → value; later duplicates win. */
  readonly headers: Readonly<Record<string, string>>;
  /** Pieces without a `:` or a name, as given (skipped with "Ignored invalid header pair"). */
  readonly invalid: readonly string[];
}

/**
 * Parses `OPENCTI_CUSTOM_HEADERS` as pycti's API client does: trim the whole string, split on
 * `;`, skip empty pieces, split each piece on its first `:` and trim name and value. Names
 * keep their case; a later duplicate overwrites an earlier one. Pieces without `:` (or with
 * an empty name) are returned in `invalid`.
 *
 * @example
 * ```ts
 * import { parseCustomHeaders } from "@octi/connector/config";
 * const { headers, invalid } = parseCustomHeaders(" X-A: 1 ;;X-B:2:3; bad ");
 * if (headers["X-A"] !== "1" || headers["X-B"] !== "2:3") throw new Error();
 * if (invalid.length !== 1 || invalid[0] !== " bad") throw new Error();
 * ```
 */
export function parseCustomHeaders(value: string | null | undefined): ParsedCustomHeaders {
  const headers = new Map<string, string>();
  const invalid: string[] = [];
  if (value !== null && value !== undefined) {
    for (const piece of value.trim().split(";")) {
      if (piece === "") continue;
      const colon = piece.indexOf(":");
      const name = colon === -1 ? "" : piece.slice(0, colon).trim();
      // pycti only rejects a missing ":"; an empty name would make every request fail.
      if (name === "") {
        invalid.push(piece);
        continue;
      }
      headers.set(name, piece.slice(colon + 1).trim());
    }
  }
  return Object.freeze({
    headers: Object.freeze(Object.fromEntries(headers)),
    invalid: Object.freeze(invalid),
  });
}
