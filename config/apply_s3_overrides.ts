import type { S3Settings } from "./connector_settings.ts";

/**
 * The S3 settings the platform returns at registration (`config.s3`, newer platforms).
 *
 * @example
 * ```ts
 * import type { S3PlatformConfig } from "@octi/connector/config";
 * const s3: S3PlatformConfig = { endpoint: "minio", port: 9000, use_ssl: false, bucket_name: "opencti" };
 * ```
 */
export interface S3PlatformConfig {
  /** S3 host. */
  readonly endpoint?: string | null | undefined;
  /** S3 port. */
  readonly port?: number | null | undefined;
  /** Access key. */
  readonly access_key?: string | null | undefined;
  /** Secret key. */
  readonly secret_key?: string | null | undefined;
  /** Whether the endpoint uses https. */
  readonly use_ssl?: boolean | null | undefined;
  /** Region. */
  readonly bucket_region?: string | null | undefined;
  /** Bucket. */
  readonly bucket_name?: string | null | undefined;
}

/**
 * Where bundles are uploaded: each {@linkcode S3Settings} value merged with the platform's,
 * plus the bucket.
 *
 * @example
 * ```ts
 * import { applyS3Overrides, type S3Target } from "@octi/connector/config";
 * const target: S3Target = applyS3Overrides({
 *   s3: { endpoint: "s3.local", port: 9000, accessKey: "ak", secretKey: "sk", useSsl: false, bucketRegion: null },
 *   connector: { sendToS3Bucket: "bundles" },
 * }, null);
 * if (target.bucket !== "bundles") throw new Error();
 * ```
 */
export interface S3Target extends S3Settings {
  /** `CONNECTOR_SEND_TO_S3_BUCKET`, else the platform's `bucket_name`. */
  readonly bucket: string | null;
}

/**
 * pycti's S3 merge (helper-behaviour §1.3.8): only when the platform sent an `s3` block, each
 * local value that is not null (even `false`, `0` or `""`) wins over the platform's, and a
 * missing `CONNECTOR_SEND_TO_S3_BUCKET` takes the platform's `bucket_name`. Without a platform
 * block the local values are used as they are.
 *
 * @example
 * ```ts
 * import { applyS3Overrides } from "@octi/connector/config";
 * const target = applyS3Overrides(
 *   {
 *     s3: { endpoint: null, port: 9000, accessKey: null, secretKey: null, useSsl: false, bucketRegion: null },
 *     connector: { sendToS3Bucket: null },
 *   },
 *   { endpoint: "minio", port: 443, use_ssl: true, bucket_name: "opencti", access_key: "k", secret_key: "s" },
 * );
 * if (target.endpoint !== "minio" || target.port !== 9000 || target.useSsl !== false) throw new Error();
 * if (target.bucket !== "opencti") throw new Error();
 * ```
 */
export function applyS3Overrides(
  settings: {
    readonly s3: S3Settings;
    readonly connector: { readonly sendToS3Bucket: string | null };
  },
  platform: S3PlatformConfig | null | undefined,
): S3Target {
  const local = settings.s3;
  const bucket = settings.connector.sendToS3Bucket;
  if (platform === null || platform === undefined) {
    return Object.freeze({ ...local, bucket });
  }
  return Object.freeze({
    endpoint: local.endpoint ?? platform.endpoint ?? null,
    port: local.port ?? platform.port ?? null,
    accessKey: local.accessKey ?? platform.access_key ?? null,
    secretKey: local.secretKey ?? platform.secret_key ?? null,
    useSsl: local.useSsl ?? platform.use_ssl ?? null,
    bucketRegion: local.bucketRegion ?? platform.bucket_region ?? null,
    bucket: bucket ?? platform.bucket_name ?? null,
  });
}
