// A real S3 server (npm s3rver) on a random loopback port, storing in a temp directory.
import { join } from "node:path";
import S3rver from "s3rver";

/** Credentials s3rver accepts. */
export const S3RVER_ACCESS_KEY = "S3RVER";
export const S3RVER_SECRET_KEY = "S3RVER";

export interface RunningS3rver extends AsyncDisposable {
  port: number;
  /** s3rver's storage root: `<directory>/<bucket>/<key>._S3rver_object`. */
  directory: string;
  /** Sets an object's LastModified (s3rver reports the stored file's mtime). */
  setLastModified(bucket: string, key: string, date: Date): Promise<void>;
  close(): Promise<void>;
}

export async function startS3rver(buckets: string[]): Promise<RunningS3rver> {
  const directory = await Deno.makeTempDir({ prefix: "s3rver-" });
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const { port } = await server.run();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await server.close();
    await Deno.remove(directory, { recursive: true });
  };
  return {
    port,
    directory,
    setLastModified: (bucket, key, date) =>
      Deno.utime(join(directory, bucket, `${key}._S3rver_object`), date, date),
    close,
    [Symbol.asyncDispose]: close,
  };
}
