/**
 * Parses `CONNECTOR_SCOPE` as pycti's connector descriptor does (newer pycti): a string is
 * split on `,`, a list is taken as is, every item is trimmed; a falsy value gives `[]`.
 *
 * @example
 * ```ts
 * import { parseConnectorScope } from "@octi/connector/config";
 * const scope = parseConnectorScope("ipv4-addr, domain-name");
 * if (scope.join("|") !== "ipv4-addr|domain-name") throw new Error();
 * if (parseConnectorScope(null).length !== 0) throw new Error();
 * ```
 */
export function parseConnectorScope(
  value: string | readonly string[] | false | null | undefined,
): string[] {
  if (!value || value.length === 0) return [];
  const items = typeof value === "string" ? value.split(",") : value;
  return items.map((item) => item.trim());
}
