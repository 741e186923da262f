import type { ConnectorStateObject, StreamStateStore } from "./stream_state_store.ts";

/**
 * An in-memory {@linkcode StreamStateStore} with pycti's storage rules: the state is kept as
 * JSON text, `getState()` returns a fresh copy and only for a non-empty object (so `{}` reads
 * back as `null`). For scripts and tests that follow a stream without the full helper.
 *
 * @example
 * ```ts
 * import { createMemoryStateStore } from "@octi/connector/stream";
 * const store = createMemoryStateStore({ start_from: "1700000000000-0", recover_until: false });
 * const state = store.getState();
 * if (state?.start_from !== "1700000000000-0") throw new Error("lost");
 * store.setState({});
 * if (store.getState() !== null) throw new Error("{} must read back as no state");
 * ```
 */
export function createMemoryStateStore(
  initial: ConnectorStateObject | null = null,
): StreamStateStore {
  let text: string | null = null;
  const store: StreamStateStore = {
    getState(): ConnectorStateObject | null {
      if (text === null) return null;
      const value: unknown = JSON.parse(text);
      const isObject = typeof value === "object" && value !== null && !Array.isArray(value);
      return isObject && Object.keys(value).length > 0 ? value as ConnectorStateObject : null;
    },
    setState(state: ConnectorStateObject): void {
      text = JSON.stringify(state);
    },
  };
  if (initial !== null) store.setState(initial);
  return store;
}
