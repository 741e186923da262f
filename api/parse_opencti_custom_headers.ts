import { type Logger, silentLogger } from "../core/logger.ts";

/** Options for {@linkcode parseOpenCTICustomHeaders}. */
export interface ParseOpenCTICustomHeadersOptions {
  /** Receives pycti's warning `"Ignored invalid header pair"` for a piece without `:`. */
  logger?: Logger | undefined;
}

/**
 * Parses `OPENCTI_CUSTOM_HEADERS` as pycti does: trim the string, split on `;`, skip empty
 * pieces, split each piece on its first `:`, trim name and value. A piece without `:` is
 * (or with an empty name) is skipped with the warning `"Ignored invalid header pair"`
 * (`{ header_pair }`). Later duplicates win.
 *
 * @example
 * ```ts
 * import { parseOpenCTICustomHeaders } from "@octi/connector/api";
 * const headers = parseOpenCTICustomHeaders(" X-A: 1 ;;X-B:2:3; bad ");
 * if (headers["X-A"] !== "1" || headers["X-B"] !== "2:3" || "bad" in headers) {
 *   throw new Error(JSON.stringify(headers));
 * }
 * ```
 */
export function parseOpenCTICustomHeaders(
  value: string,
  options: ParseOpenCTICustomHeadersOptions = {},
): Record<string, string> {
  const logger = options.logger ?? silentLogger;
  const headers: Record<string, string> = {};
  for (const piece of value.trim().split(";")) {
    if (piece.length === 0) continue;
    const colon = piece.indexOf(":");
    const name = colon < 0 ? "" : piece.slice(0, colon).trim();
    // pycti only rejects a missing ":"; an empty name would make every request fail.
    if (name.length === 0) {
      logger.warning("Ignored invalid header pair", { header_pair: piece });
      continue;
    }
    headers[name] = piece.slice(colon + 1).trim();
  }
  return headers;
}
