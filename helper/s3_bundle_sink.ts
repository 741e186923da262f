import type { S3Client } from "@aws-sdk/client-s3";
import { type Clock, systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { bundleFilePrefix } from "./_sink_file_prefix.ts";
import { bundleFileName } from "./bundle_file_name.ts";
import { type BundleSinkConnector, bundleSinkEnvelope } from "./bundle_sink_envelope.ts";
import { BundleSinkError } from "./bundle_sink_error.ts";

/**
 * Settings of {@linkcode S3BundleSink}: the resolved `S3_*` / `CONNECTOR_SEND_TO_S3_*` values
 * (local settings, else the registration's `config.s3`, as pycti merges them).
 */
export interface S3BundleSinkOptions {
  /** `CONNECTOR_SEND_TO_S3_BUCKET` (else the platform's `bucket_name`). */
  bucket: string | null | undefined;
  /** `S3_ENDPOINT`: host name, without scheme or port. */
  endpoint: string | null | undefined;
  /** `S3_PORT`. */
  port: number | string | null | undefined;
  /** `S3_ACCESS_KEY`. */
  accessKey: string | null | undefined;
  /** `S3_SECRET_KEY`. */
  secretKey: string | null | undefined;
  /** `S3_USE_SSL`: `https` when true, else `http`. */
  useSsl?: boolean | null | undefined;
  /** `S3_BUCKET_REGION`. Default `"us-east-1"` (the SDK needs one). */
  region?: string | null | undefined;
  /**
   * Path-style addressing (`http://host:port/bucket/key`). Default true: the endpoint is always
   * a custom one (MinIO, Ceph, s3rver…), where virtual-host addressing rarely resolves.
   */
  forcePathStyle?: boolean | undefined;
  /**
   * `CONNECTOR_SEND_TO_S3_FOLDER`: key prefix folder, trailing `/` ignored. Default
   * `"connectors"`; `null`, `""` or `"."` put objects at the bucket root.
   */
  folder?: string | null | undefined;
  /** `CONNECTOR_SEND_TO_S3_RETENTION` in days. Default `7`; `0` disables cleanup. */
  retentionDays?: number | undefined;
  /**
   * Minimum time between two retention scans, in ms. Default `60_000` (pycti's newest helper);
   * `0` scans after every upload (pycti 6.8-era behaviour).
   */
  cleanupIntervalMs?: number | undefined;
  /** The connector described in every envelope; its name starts every key. */
  connector: BundleSinkConnector;
  /**
   * The envelope's `applicant_id` when a write names none (the connector's user id). Default
   * `null`.
   */
  applicantId?: string | null | undefined;
  /** Time source for names, retention cut-off and scan throttling; default the system clock. */
  clock?: Clock | undefined;
  /** Logger; default silent. */
  logger?: Logger | undefined;
}

/** Per-upload options of {@linkcode S3BundleSink.write}. */
export interface S3BundleWriteOptions {
  /** `send_stix2_bundle`'s `entities_types`, as given. Default `null`. */
  entitiesTypes?: readonly string[] | null | undefined;
  /** `send_stix2_bundle`'s `update`. Default `false`. */
  update?: boolean | undefined;
  /** File name instead of a fresh {@linkcode bundleFileName} (e.g. the directory copy's). */
  fileName?: string | undefined;
  /**
   * The envelope's `applicant_id` for this upload, e.g. the running job's applicant; `null`
   * sends none. Default: the sink's {@linkcode S3BundleSinkOptions.applicantId}.
   */
  applicantId?: string | null | undefined;
}

/** Where {@linkcode S3BundleSink.write} stored a bundle. */
export interface S3BundleLocation {
  /** The bucket. */
  bucket: string;
  /** The object key: `<folder>/<file name>`, or the bare file name at the bucket root. */
  key: string;
}

/** Options of {@linkcode S3BundleSink.cleanup}. */
export interface S3BundleCleanupOptions {
  /** Scan even when the last scan was less than `cleanupIntervalMs` ago. */
  force?: boolean | undefined;
}

const DAY_MS = 86_400_000;
const DELETE_CONCURRENCY = 8;

/**
 * pycti's S3 export (`send_stix2_bundle` with `send_to_s3`): uploads the `S3_BUNDLE` envelope
 * ({@linkcode bundleSinkEnvelope}) of a whole bundle as `<folder>/<file name>` with content type
 * `application/json`, then applies retention to this connector's keys.
 *
 * - The npm `@aws-sdk/client-s3` package is imported on the first upload only, and its client is
 *   reused until {@linkcode S3BundleSink.close}.
 * - An upload is a single PutObject, which S3 applies atomically: a failed upload leaves no
 *   partial object. It throws a {@linkcode BundleSinkError} naming bucket and key (never
 *   credentials) and logs `"Failed to upload bundle to S3"`.
 * - Retention lists keys under `<folder>/<connector prefix>` and deletes those whose
 *   `LastModified` is older than now − retention days. It runs after a successful upload, at
 *   most once per `cleanupIntervalMs`; its failures are only logged
 *   (`"Failed to cleanup old S3 bundles"`).
 *
 * Settings are checked when the sink is built, with pycti's messages (`TypeError`).
 *
 * @example
 * ```ts
 * import { S3BundleSink } from "@octi/connector/helper";
 * // Shown, not run: it needs an S3 server.
 * async function exportBundle(bundle: string): Promise<string> {
 *   await using sink = new S3BundleSink({
 *     bucket: "opencti-bucket",
 *     endpoint: "minio",
 *     port: 9000,
 *     accessKey: "opencti",
 *     secretKey: "change-me",
 *     connector: {
 *       id: "b8a7", name: "My Connector", type: "EXTERNAL_IMPORT", scope: "report",
 *       auto: false, validateBeforeImport: false,
 *     },
 *   });
 *   const { key } = await sink.write(bundle);
 *   return key; // e.g. "connectors/my_connector-20240115-103000-1705314600.123.json"
 * }
 * void exportBundle;
 * ```
 */
export class S3BundleSink implements AsyncDisposable {
  /** The bucket objects go to. */
  readonly bucket: string;
  /** `http[s]://<endpoint>:<port>`. */
  readonly endpointUrl: string;
  /** Folder without trailing `/`; `""` means the bucket root. */
  readonly folder: string;
  /** Retention in days (`0`: none). */
  readonly retentionDays: number;

  #options: S3BundleSinkOptions;
  #clock: Clock;
  #logger: Logger;
  #cleanupIntervalMs: number;
  #nextCleanupAt = -Infinity;
  #client: Promise<S3Client> | undefined;
  #closed = false;

  /** Checks the settings; the S3 SDK is not loaded until the first upload. */
  constructor(options: S3BundleSinkOptions) {
    if (!options.bucket) {
      throw new TypeError(
        "S3 bucket not configured. Set CONNECTOR_SEND_TO_S3_BUCKET or ensure OpenCTI backend provides bucket configuration.",
      );
    }
    const missing = [
      ["s3_endpoint", options.endpoint],
      ["s3_port", options.port],
      ["s3_access_key", options.accessKey],
      ["s3_secret_key", options.secretKey],
    ].filter(([, value]) => !value).map(([name]) => name);
    if (missing.length > 0) {
      throw new TypeError(
        `Missing required S3 configuration: ${
          missing.join(", ")
        }. Ensure S3 credentials are provided via config or OpenCTI backend.`,
      );
    }
    const endpointUrl = `${
      options.useSsl ? "https" : "http"
    }://${options.endpoint}:${options.port}`;
    if (String(options.endpoint).includes("://") || !URL.canParse(endpointUrl)) {
      throw new TypeError(
        `Cannot use S3 endpoint ${JSON.stringify(options.endpoint)} with port ${
          JSON.stringify(options.port)
        }: "${endpointUrl}" is not a valid URL (S3_ENDPOINT is a host name without scheme; S3_USE_SSL selects https)`,
      );
    }
    const retentionDays = options.retentionDays ?? 7;
    const cleanupIntervalMs = options.cleanupIntervalMs ?? 60_000;
    if (!Number.isFinite(retentionDays) || !Number.isFinite(cleanupIntervalMs)) {
      throw new RangeError(
        `Cannot use S3 retention ${retentionDays} days every ${cleanupIntervalMs} ms: both must be finite numbers`,
      );
    }
    bundleFilePrefix(options.connector.name);
    this.bucket = options.bucket as string;
    this.endpointUrl = endpointUrl;
    this.folder = (options.folder === undefined ? "connectors" : options.folder ?? "")
      .replace(/\/+$/, "");
    if (this.folder === ".") this.folder = "";
    this.retentionDays = retentionDays;
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    this.#cleanupIntervalMs = cleanupIntervalMs;
  }

  /**
   * Uploads the envelope of `bundle` (JSON text or an object) and, when due, applies
   * retention. Returns where it went.
   */
  async write(
    bundle: string | Readonly<Record<string, unknown>>,
    options: S3BundleWriteOptions = {},
  ): Promise<S3BundleLocation> {
    if (this.#closed) {
      throw new Error(`Cannot upload bundle to S3 bucket "${this.bucket}": the sink is closed`);
    }
    const body = new TextEncoder().encode(bundleSinkEnvelope("S3_BUNDLE", bundle, {
      connector: this.#options.connector,
      applicantId: options.applicantId !== undefined
        ? options.applicantId
        : this.#options.applicantId,
      entitiesTypes: options.entitiesTypes,
      update: options.update,
    }));
    const fileName = options.fileName ??
      bundleFileName(this.#options.connector.name, { clock: this.#clock });
    const key = this.#keyFor(fileName);
    try {
      const client = await this.#getClient();
      const { PutObjectCommand } = await import("@aws-sdk/client-s3");
      // Bytes of known length go out as a plain body, stored as is by S3-compatible servers.
      await client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: key,
          Body: body,
          ContentType: "application/json",
        }),
      );
    } catch (error) {
      this.#logger.error("Failed to upload bundle to S3", { bucket: this.bucket, key, error });
      throw new BundleSinkError(
        `Cannot upload bundle to S3 bucket "${this.bucket}" key "${key}": ${describe(error)}`,
        { sink: "s3", bucket: this.bucket, key },
        { cause: error },
      );
    }
    this.#logger.info("Bundle uploaded to S3", { bucket: this.bucket, key });
    if (this.retentionDays > 0) {
      try {
        await this.cleanup();
      } catch (error) {
        this.#logger.warning("Failed to cleanup old S3 bundles", { error: describe(error) });
      }
    }
    return { bucket: this.bucket, key };
  }

  /**
   * Retention: deletes this connector's objects (keys starting with
   * `<folder>/<lower name with _>-`) last modified before now − `retentionDays`. Skipped
   * (returns `[]`) when retention is 0 or, unless `force`, when the previous scan started less
   * than `cleanupIntervalMs` ago. Returns the deleted keys; throws a {@linkcode BundleSinkError}
   * when listing or any deletion failed (after trying the others).
   */
  async cleanup(options: S3BundleCleanupOptions = {}): Promise<string[]> {
    const now = this.#clock.now();
    if (this.retentionDays <= 0) return [];
    if (!options.force && now < this.#nextCleanupAt) return [];
    // Claimed before the first await so concurrent uploads do not scan twice.
    this.#nextCleanupAt = now + this.#cleanupIntervalMs;
    const prefix = this.#keyFor(bundleFilePrefix(this.#options.connector.name));
    const cutoff = now - this.retentionDays * DAY_MS;
    const deleted: string[] = [];
    const failures: unknown[] = [];
    let failedKey: string | undefined;
    try {
      const client = await this.#getClient();
      const sdk = await import("@aws-sdk/client-s3");
      let token: string | undefined;
      do {
        const page = await client.send(
          new sdk.ListObjectsV2Command({
            Bucket: this.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        );
        const expired = (page.Contents ?? []).filter((o) =>
          o.Key !== undefined && o.LastModified !== undefined && o.LastModified.getTime() < cutoff
        );
        for (let i = 0; i < expired.length; i += DELETE_CONCURRENCY) {
          const batch = expired.slice(i, i + DELETE_CONCURRENCY);
          const results = await Promise.allSettled(
            batch.map((o) =>
              client.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: o.Key }))
            ),
          );
          results.forEach((result, j) => {
            const object = batch[j]!;
            if (result.status === "fulfilled") {
              deleted.push(object.Key!);
              this.#logger.debug("Deleted expired S3 bundle", {
                key: object.Key,
                modified: object.LastModified!.toISOString(),
              });
            } else {
              failures.push(result.reason);
              failedKey ??= object.Key;
            }
          });
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    } catch (error) {
      throw new BundleSinkError(
        `Cannot clean up S3 bucket "${this.bucket}" prefix "${prefix}": ${describe(error)}`,
        { sink: "s3", bucket: this.bucket, key: prefix },
        { cause: error },
      );
    }
    if (failures.length > 0) {
      throw new BundleSinkError(
        `Cannot delete ${failures.length} expired bundle(s) from S3 bucket "${this.bucket}", first "${failedKey}": ${
          describe(failures[0])
        }`,
        { sink: "s3", bucket: this.bucket, key: failedKey },
        { cause: failures.length === 1 ? failures[0] : new AggregateError(failures) },
      );
    }
    return deleted;
  }

  /** Releases the S3 client's connections. Further writes and cleanups throw. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    if (client) (await client.catch(() => undefined))?.destroy();
  }

  /** Same as {@linkcode S3BundleSink.close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #keyFor(name: string): string {
    return this.folder === "" ? name : `${this.folder}/${name}`;
  }

  #getClient(): Promise<S3Client> {
    if (this.#closed) {
      return Promise.reject(new Error(`S3 sink for bucket "${this.bucket}" is closed`));
    }
    this.#client ??= (async () => {
      const sdk = await import("@aws-sdk/client-s3");
      return new sdk.S3Client({
        endpoint: this.endpointUrl,
        region: this.#options.region || "us-east-1",
        forcePathStyle: this.#options.forcePathStyle ?? true,
        credentials: {
          accessKeyId: String(this.#options.accessKey),
          secretAccessKey: String(this.#options.secretKey),
        },
        // The SDK's default CRC checksums (trailing, aws-chunked) are not understood by every
        // S3-compatible server; s3rver stores the framed bytes. Checksums only where required.
        requestChecksumCalculation: "WHEN_REQUIRED",
        responseChecksumValidation: "WHEN_REQUIRED",
      });
    })();
    return this.#client;
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    return error.name && error.name !== "Error" ? `${error.name}: ${error.message}` : error.message;
  }
  return String(error);
}
