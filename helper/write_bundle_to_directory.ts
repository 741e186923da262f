import { join } from "node:path";
import { type Clock, systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { bundleFileName } from "./bundle_file_name.ts";
import { bundleSinkEnvelope, type BundleSinkEnvelopeOptions } from "./bundle_sink_envelope.ts";
import { BundleSinkError } from "./bundle_sink_error.ts";
import { cleanupBundleDirectory } from "./cleanup_bundle_directory.ts";

/** Options for {@linkcode writeBundleToDirectory}. */
export interface WriteBundleToDirectoryOptions extends BundleSinkEnvelopeOptions {
  /** `CONNECTOR_SEND_TO_DIRECTORY_PATH`: an existing directory (it is not created). */
  directory: string;
  /** `CONNECTOR_SEND_TO_DIRECTORY_RETENTION` in days. Default `7`; `0` disables cleanup. */
  retentionDays?: number | undefined;
  /** Whether the bundle is also queued (`CONNECTOR_SEND_TO_QUEUE`); only logged. Default true. */
  alsoQueuing?: boolean | undefined;
  /**
   * File name to use instead of a fresh {@linkcode bundleFileName} (e.g. to give the S3 copy
   * the same name). A plain name: no path separators.
   */
  fileName?: string | undefined;
  /** Time source for the file name and retention; defaults to the system clock. */
  clock?: Clock | undefined;
  /** Logger; default silent. */
  logger?: Logger | undefined;
}

/**
 * pycti's directory export (`send_stix2_bundle` with `send_to_directory`): logs
 * `"The connector sending bundle to directory"`, applies retention
 * ({@linkcode cleanupBundleDirectory}), then writes the `DIRECTORY_BUNDLE` envelope
 * ({@linkcode bundleSinkEnvelope}) to `<directory>/<name>.tmp`, flushes it to disk and renames it
 * to `<directory>/<name>` ({@linkcode bundleFileName}), so a directory watcher never sees a
 * partial file. On failure the `.tmp` file is removed and a {@linkcode BundleSinkError} naming
 * the path is thrown. Returns the final path.
 *
 * @example
 * ```ts
 * import { writeBundleToDirectory } from "@octi/connector/helper";
 * const directory = await Deno.makeTempDir();
 * const path = await writeBundleToDirectory('{"type":"bundle","id":"bundle--1","objects":[]}', {
 *   directory,
 *   connector: {
 *     id: "b8a7", name: "My Connector", type: "EXTERNAL_IMPORT", scope: "report",
 *     auto: false, validateBeforeImport: false,
 *   },
 * });
 * const envelope = JSON.parse(await Deno.readTextFile(path));
 * if (envelope.bundle_type !== "DIRECTORY_BUNDLE") throw new Error(path);
 * await Deno.remove(directory, { recursive: true });
 * ```
 */
export async function writeBundleToDirectory(
  bundle: string | Readonly<Record<string, unknown>>,
  options: WriteBundleToDirectoryOptions,
): Promise<string> {
  const { directory, clock = systemClock, logger = silentLogger } = options;
  const retentionDays = options.retentionDays ?? 7;
  logger.info("The connector sending bundle to directory", {
    connector: options.connector.name,
    directory,
    also_queuing: options.alsoQueuing ?? true,
  });
  const fileName = options.fileName ?? bundleFileName(options.connector.name, { clock });
  if (/[/\\]/.test(fileName) || fileName === "." || fileName === "..") {
    throw new TypeError(
      `Cannot write bundle to directory "${directory}": file name ${
        JSON.stringify(fileName)
      } must not contain a path separator (check CONNECTOR_NAME)`,
    );
  }
  if (!Number.isFinite(retentionDays)) {
    throw new RangeError(
      `Cannot write bundle to directory "${directory}": retention must be a number of days, got ${retentionDays}`,
    );
  }
  const text = bundleSinkEnvelope("DIRECTORY_BUNDLE", bundle, options);
  const path = join(directory, fileName);
  const tmpPath = `${path}.tmp`;
  let created = false;
  try {
    await cleanupBundleDirectory(directory, { retentionDays, clock, logger });
    const file = await Deno.open(tmpPath, { write: true, createNew: true });
    created = true;
    try {
      // FsFile.write may write fewer bytes than asked.
      let rest = new TextEncoder().encode(text);
      while (rest.length > 0) rest = rest.subarray(await file.write(rest));
      // On disk before the rename publishes it, so a crash cannot leave a truncated final file.
      await file.syncData();
    } finally {
      file.close();
    }
    await Deno.rename(tmpPath, path);
  } catch (error) {
    if (created) await Deno.remove(tmpPath).catch(() => {});
    throw new BundleSinkError(
      `Cannot write bundle to "${path}": ${(error as Error).message}`,
      { sink: "directory", path },
      { cause: error },
    );
  }
  return path;
}
