import { join } from "node:path";
import { type Clock, systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/logger.ts";

/** Options for {@linkcode cleanupBundleDirectory}. */
export interface CleanupBundleDirectoryOptions {
  /** `CONNECTOR_SEND_TO_DIRECTORY_RETENTION` in days; `0` (or less) deletes nothing. */
  retentionDays: number;
  /** Time source for "now"; defaults to the system clock. */
  clock?: Clock | undefined;
  /** Where per-file failures are reported; default silent. */
  logger?: Logger | undefined;
}

const DAY_MS = 86_400_000;

/**
 * pycti's directory retention: deletes every regular file directly in `directory` whose name
 * ends with `.json` and whose modification time is strictly older than
 * `now − retentionDays × 86400 s` — **any** `.json` file, not only this connector's. In-flight
 * `.tmp` files and sub-directories are never touched.
 *
 * A file that vanishes meanwhile (another connector cleaning the same directory) is skipped; a
 * file that cannot be deleted is logged as a warning and skipped, so retention never blocks the
 * export itself. Returns the paths deleted.
 *
 * @example
 * ```ts
 * import { cleanupBundleDirectory } from "@octi/connector/helper";
 * const dir = await Deno.makeTempDir();
 * await Deno.writeTextFile(`${dir}/old.json`, "{}");
 * await Deno.utime(`${dir}/old.json`, new Date(0), new Date(0));
 * await Deno.writeTextFile(`${dir}/new.json`, "{}");
 * const deleted = await cleanupBundleDirectory(dir, { retentionDays: 7 });
 * if (deleted.length !== 1 || !deleted[0]!.endsWith("old.json")) throw new Error(String(deleted));
 * await Deno.remove(dir, { recursive: true });
 * ```
 */
export async function cleanupBundleDirectory(
  directory: string,
  options: CleanupBundleDirectoryOptions,
): Promise<string[]> {
  const { retentionDays, clock = systemClock, logger = silentLogger } = options;
  if (!Number.isFinite(retentionDays)) {
    throw new RangeError(
      `Cannot clean up bundle directory "${directory}": retention must be a number of days, got ${retentionDays}`,
    );
  }
  const deleted: string[] = [];
  if (retentionDays <= 0) return deleted;
  const cutoff = clock.now() - retentionDays * DAY_MS;
  for await (const entry of Deno.readDir(directory)) {
    if (!entry.isFile || !entry.name.endsWith(".json")) continue;
    const path = join(directory, entry.name);
    try {
      const { mtime } = await Deno.lstat(path);
      if (mtime === null || mtime.getTime() >= cutoff) continue;
      await Deno.remove(path);
      deleted.push(path);
    } catch (error) {
      if (error instanceof Deno.errors.NotFound) continue;
      logger.warning("Failed to remove expired bundle file", { path, error });
    }
  }
  return deleted;
}
