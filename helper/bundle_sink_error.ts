/** Which bundle sink failed. */
export type BundleSinkName = "directory" | "s3";

/** Where a failed sink was writing: a file path, or an S3 bucket and (when known) key. */
export interface BundleSinkErrorTarget {
  /** The sink. */
  sink: BundleSinkName;
  /** Final file path (directory sink). */
  path?: string | undefined;
  /** Bucket (S3 sink). */
  bucket?: string | undefined;
  /** Object key or key prefix (S3 sink). */
  key?: string | undefined;
}

/**
 * A bundle could not be written to the directory or S3 sink. Nothing partial is left behind
 * (the directory sink removes its `.tmp` file; an S3 PutObject either stores the whole object or
 * nothing). The message names the path or bucket/key and the cause, never credentials; the
 * underlying error is `cause`.
 *
 * @example
 * ```ts
 * import { BundleSinkError } from "@octi/connector/helper";
 * const error = new BundleSinkError("Cannot upload bundle", { sink: "s3", bucket: "b", key: "k" });
 * if (error.sink !== "s3" || error.bucket !== "b") throw error;
 * ```
 */
export class BundleSinkError extends Error {
  /** The sink that failed. */
  readonly sink: BundleSinkName;
  /** Final file path (directory sink). */
  readonly path: string | undefined;
  /** Bucket (S3 sink). */
  readonly bucket: string | undefined;
  /** Object key or prefix (S3 sink). */
  readonly key: string | undefined;

  /** Builds the error; `options.cause` is kept as the standard `cause`. */
  constructor(message: string, target: BundleSinkErrorTarget, options?: ErrorOptions) {
    super(message, options);
    this.name = "BundleSinkError";
    this.sink = target.sink;
    this.path = target.path;
    this.bucket = target.bucket;
    this.key = target.key;
  }
}
