import { type Clock, systemClock } from "../core/clock.ts";
import { bundleFilePrefix } from "./_sink_file_prefix.ts";

/** Options for {@linkcode bundleFileName}. */
export interface BundleFileNameOptions {
  /** Time source; defaults to the system clock. */
  clock?: Clock | undefined;
}

// Last stamp (µs since the epoch) handed out per clock. pycti's names carry `time.time()` at
// microsecond resolution; our clocks tick in milliseconds, so two bundles written in the same
// millisecond would share a name and the second rename would silently replace the first file.
const lastStamp = new WeakMap<Clock, number>();

function uniqueMicros(clock: Clock): number {
  const micros = Math.floor(clock.now()) * 1000;
  const last = lastStamp.get(clock);
  const stamp = last !== undefined && micros <= last ? last + 1 : micros;
  lastStamp.set(clock, stamp);
  return stamp;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/**
 * The name pycti gives a bundle written to a directory or uploaded to S3:
 * `lower(CONNECTOR_NAME)` with spaces replaced by `_`, `-`, the local time as `YYYYmmdd-HHMMSS-`,
 * the Unix time in seconds with its fraction (Python's `str(time.time())`), then `.json`,
 * e.g. `my_connector-20240115-103000-1705314600.123.json`.
 *
 * Names are unique per clock: a second name asked for within the same millisecond gets a
 * fraction one microsecond larger, so one connector never overwrites its own file.
 *
 * @example
 * ```ts
 * import { bundleFileName } from "@octi/connector/helper";
 * import { FakeClock } from "@octi/connector/testing";
 * const clock = new FakeClock(1705314600123);
 * const first = bundleFileName("My Connector", { clock });
 * const second = bundleFileName("My Connector", { clock });
 * if (!/^my_connector-\d{8}-\d{6}-1705314600\.123\.json$/.test(first)) throw new Error(first);
 * if (!second.endsWith("-1705314600.123001.json")) throw new Error(second);
 * ```
 */
export function bundleFileName(connectorName: string, options: BundleFileNameOptions = {}): string {
  const prefix = bundleFilePrefix(connectorName);
  const micros = uniqueMicros(options.clock ?? systemClock);
  const local = new Date(Math.floor(micros / 1000));
  const date = `${local.getFullYear()}${pad(local.getMonth() + 1)}${pad(local.getDate())}`;
  const time = `${pad(local.getHours())}${pad(local.getMinutes())}${pad(local.getSeconds())}`;
  const fraction = String(micros % 1_000_000).padStart(6, "0").replace(/0+$/, "") || "0";
  return `${prefix}${date}-${time}-${Math.floor(micros / 1_000_000)}.${fraction}.json`;
}
