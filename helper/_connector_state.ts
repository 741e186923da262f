// The connector state as pycti keeps it: a JSON string (what the platform stores), read back
// only as a non-empty JSON object. `{}`, `null`, `""` and anything unparsable mean "no state".

import type { ConnectorStateObject } from "../stream/stream_state_store.ts";

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Parses a stored or pinged state text; null unless it is a non-empty JSON object. */
export function parseConnectorState(text: string | null | undefined): ConnectorStateObject | null {
  if (typeof text !== "string" || text === "") return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  return isPlainObject(value) && Object.keys(value).length > 0 ? value : null;
}

/** Deep equality of two JSON values, e.g. the state sent by a ping and the one answered. */
export function sameConnectorState(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => sameConnectorState(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) =>
    Object.hasOwn(right, key) && sameConnectorState(left[key], right[key])
  );
}

/**
 * Holds the state text. `set` takes an object or (pycti's newest helper) JSON text; anything
 * else clears it. The stored text is a snapshot: mutating an argument or a `get` result never
 * changes it.
 */
export class ConnectorStateCell {
  #text: string | null;

  constructor(initial: string | null) {
    this.#text = parseConnectorState(initial) === null ? null : initial;
  }

  get(): ConnectorStateObject | null {
    return parseConnectorState(this.#text);
  }

  set(state: unknown): void {
    if (typeof state === "string") {
      const parsed = parseConnectorState(state);
      this.#text = parsed === null ? null : JSON.stringify(parsed);
    } else if (isPlainObject(state)) {
      // JSON.stringify throws on cycles and BigInt: the previous state is kept then.
      this.#text = JSON.stringify(state);
    } else {
      this.#text = null;
    }
  }
}
