import { LiveStreamError } from "./live_stream_error.ts";
import type { StreamStateStore } from "./stream_state_store.ts";

/** Where a listener starts: the `Last-Event-ID` and the `recover` value of its URL. */
export interface StartPosition {
  startFrom: string;
  recoverUntil: unknown;
}

/** The first-run settings (`CONNECTOR_LIVE_STREAM_*`), and the clock for "now". */
export interface StartSettings {
  startTimestamp: string | number | null | undefined;
  recoverIsoDate: string | false | null | undefined;
  now: number;
}

/** pycti's `YYYY-MM-DDTHH:MM:SSZ` (date_now_z). */
function dateNowZ(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * platform-protocol §9.2: without a state, the configured start (`<ts>-0`, default `0-0`) and
 * recover date (default now), written at once; with one, `start_from` / `recover_until`, the
 * legacy `connectorLastEventId` / `connectorStartTime` taking priority.
 */
export function startPosition(store: StreamStateStore, settings: StartSettings): StartPosition {
  const state = store.getState();
  if (state === null) {
    const { startTimestamp, recoverIsoDate } = settings;
    const startFrom = startTimestamp === null || startTimestamp === undefined
      ? "0-0"
      : `${startTimestamp}-0`;
    const recoverUntil = recoverIsoDate === null || recoverIsoDate === undefined
      ? dateNowZ(settings.now)
      : recoverIsoDate;
    store.setState({ start_from: startFrom, recover_until: recoverUntil });
    return { startFrom, recoverUntil };
  }
  const has = (key: string) => Object.hasOwn(state, key);
  const startKey = has("connectorLastEventId") ? "connectorLastEventId" : "start_from";
  const recoverKey = has("connectorStartTime") ? "connectorStartTime" : "recover_until";
  for (const key of [startKey, recoverKey]) {
    if (!has(key)) {
      throw new LiveStreamError(
        `Cannot resume the live stream: the connector state has no "${key}" (keys: ${
          Object.keys(state).join(", ")
        })`,
      );
    }
  }
  const startFrom = String(state[startKey]);
  const recoverUntil = state[recoverKey];
  if (startKey !== "start_from" || recoverKey !== "recover_until") {
    // pycti keeps the legacy keys and so restarts from their stale value forever; moving them
    // to the current keys once keeps their priority for this start and fixes that.
    delete state.connectorLastEventId;
    delete state.connectorStartTime;
    state.start_from = startFrom;
    state.recover_until = recoverUntil;
    store.setState(state);
  }
  return { startFrom, recoverUntil };
}
