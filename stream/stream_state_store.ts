/** A connector state: a non-empty JSON object, as pycti's `get_state()` returns it. */
export type ConnectorStateObject = Record<string, unknown>;

/**
 * Where the listener reads and writes the connector state (the helper owns it; pycti's
 * `get_state()` / `set_state()`). The stream position lives under `start_from` and the
 * recover date under `recover_until`; every other key belongs to the connector and is kept.
 *
 * `getState()` returns `null` when there is no state (first run, or reset from the UI).
 *
 * @example
 * ```ts
 * import type { ConnectorStateObject, StreamStateStore } from "@octi/connector/stream";
 * let saved: string | null = null;
 * const store: StreamStateStore = {
 *   getState: () => saved === null ? null : JSON.parse(saved) as ConnectorStateObject,
 *   setState: (state) => saved = JSON.stringify(state),
 * };
 * store.setState({ start_from: "0-0", recover_until: false });
 * ```
 */
export interface StreamStateStore {
  /** The current state, or `null` when there is none. Callers may mutate the result. */
  getState(): ConnectorStateObject | null;
  /** Replaces the state. */
  setState(state: ConnectorStateObject): void;
}
