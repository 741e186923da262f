import assert from "node:assert/strict";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from "@aws-sdk/client-s3";
import { createLogger } from "../../core/logger.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { bundleFileName } from "../../helper/bundle_file_name.ts";
import { bundleSinkEnvelope } from "../../helper/bundle_sink_envelope.ts";
import { BundleSinkError } from "../../helper/bundle_sink_error.ts";
import { S3BundleSink, type S3BundleSinkOptions } from "../../helper/s3_bundle_sink.ts";
import {
  type RunningS3rver,
  S3RVER_ACCESS_KEY,
  S3RVER_SECRET_KEY,
  startS3rver,
} from "./_s3rver.ts";

const BUCKET = "opencti-bucket";
const DAY = 86_400_000;
const T = Date.UTC(2024, 0, 15, 10, 30, 0, 123);
const connector = {
  id: "5ef2e4a6-8f4b-4a3c-9d8e-2b1f0c7a6e51",
  name: "My Connector",
  type: "EXTERNAL_IMPORT",
  scope: "report",
  auto: false,
  validateBeforeImport: false,
};
const bundle = JSON.stringify({
  type: "bundle",
  id: "bundle--8d6b5a1c-2f3e-4d5c-9b8a-7f6e5d4c3b2a",
  objects: [{ type: "identity", id: "identity--1", name: "é€😀" }],
});

function sinkOptions(
  s3: RunningS3rver,
  extra: Partial<S3BundleSinkOptions> = {},
): S3BundleSinkOptions {
  return {
    bucket: BUCKET,
    endpoint: "127.0.0.1",
    port: s3.port,
    accessKey: S3RVER_ACCESS_KEY,
    secretKey: S3RVER_SECRET_KEY,
    useSsl: false,
    connector,
    ...extra,
  };
}

function rawClient(s3: RunningS3rver): S3Client {
  return new S3Client({
    endpoint: `http://127.0.0.1:${s3.port}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: S3RVER_ACCESS_KEY, secretAccessKey: S3RVER_SECRET_KEY },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

async function keys(client: S3Client): Promise<string[]> {
  const page = await client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

/** Runs `fn` with a fresh s3rver and a raw client, both closed afterwards. */
async function withS3(fn: (s3: RunningS3rver, client: S3Client) => Promise<void>): Promise<void> {
  await using s3 = await startS3rver([BUCKET]);
  const client = rawClient(s3);
  try {
    await fn(s3, client);
  } finally {
    client.destroy();
  }
}

Deno.test("S3BundleSink.write stores the S3_BUNDLE envelope under <folder>/<pycti name>", () =>
  withS3(async (s3, client) => {
    const lines: string[] = [];
    const logger = createLogger({ name: "c", level: "INFO", write: (l) => lines.push(l) });
    await using sink = new S3BundleSink(sinkOptions(s3, {
      applicantId: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
      clock: new FakeClock(T),
      logger,
    }));
    const location = await sink.write(bundle, { entitiesTypes: ["Identity"], update: true });

    const expectedKey = `connectors/${bundleFileName("My Connector", { clock: new FakeClock(T) })}`;
    assert.deepEqual(location, { bucket: BUCKET, key: expectedKey });
    assert.deepEqual(await keys(client), [expectedKey]);
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: expectedKey }));
    assert.equal(object.ContentType, "application/json");
    const expectedBody = new TextEncoder().encode(bundleSinkEnvelope("S3_BUNDLE", bundle, {
      connector,
      applicantId: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
      entitiesTypes: ["Identity"],
      update: true,
    }));
    assert.deepEqual(await object.Body!.transformToByteArray(), expectedBody);
    assert.equal(JSON.parse(new TextDecoder().decode(expectedBody)).bundle_type, "S3_BUNDLE");
    const logged = lines.map((l) => JSON.parse(l));
    assert.deepEqual(
      logged.map((l) => [l.message, l.attributes]),
      [["Bundle uploaded to S3", { bucket: BUCKET, key: expectedKey }]],
    );
  }));

Deno.test("S3BundleSink.write: a write's applicantId overrides the sink's; null sends none", () =>
  withS3(async (s3, client) => {
    await using sink = new S3BundleSink(sinkOptions(s3, { applicantId: "connector-user" }));
    const applicant = async (applicantId?: string | null) => {
      const { key } = await sink.write(
        bundle,
        applicantId === undefined ? {} : { applicantId },
      );
      const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
      return JSON.parse(await object.Body!.transformToString()).applicant_id;
    };
    assert.equal(await applicant("user-who-asked"), "user-who-asked");
    assert.equal(await applicant(), "connector-user", "the sink's by default");
    assert.equal(await applicant(null), null);
    assert.equal(await applicant(undefined), "connector-user");
  }));

Deno.test("S3BundleSink: folder trailing slashes are stripped; '', '.' and null mean the root", () =>
  withS3(async (s3, client) => {
    const cases: [string | null, string][] = [
      ["bundles/in/", "bundles/in/x.json"],
      ["bundles//", "bundles/x.json"],
      [".", "x.json"],
      ["", "x.json"],
      [null, "x.json"],
      ["/", "x.json"],
    ];
    for (const [folder, key] of cases) {
      await using sink = new S3BundleSink(sinkOptions(s3, { folder }));
      assert.equal((await sink.write(bundle, { fileName: "x.json" })).key, key, String(folder));
    }
    assert.deepEqual(await keys(client), ["bundles/in/x.json", "bundles/x.json", "x.json"]);
  }));

Deno.test("S3BundleSink retention deletes only this connector's expired keys, at most once a minute", () =>
  withS3(async (s3, client) => {
    const put = async (key: string, ageMs: number) => {
      await client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: new Uint8Array([123, 125]) }),
      );
      await s3.setLastModified(BUCKET, key, new Date(Date.now() - ageMs));
    };
    await put("connectors/my_connector-old-1.json", 8 * DAY);
    await put("connectors/my_connector-old-2.json", 30 * DAY);
    await put("connectors/my_connector-recent.json", 6 * DAY);
    await put("connectors/other_connector-old.json", 30 * DAY);
    await put("archive/my_connector-old.json", 30 * DAY);

    const clock = new FakeClock(Date.now());
    await using sink = new S3BundleSink(sinkOptions(s3, { clock }));
    const first = await sink.write(bundle);
    assert.deepEqual(
      await keys(client),
      [
        "archive/my_connector-old.json",
        first.key,
        "connectors/my_connector-recent.json",
        "connectors/other_connector-old.json",
      ].sort(),
    );

    // Within the minute after a scan, uploads do not scan again.
    await put("connectors/my_connector-old-3.json", 8 * DAY);
    await clock.tick(59_999);
    const second = await sink.write(bundle);
    assert.ok((await keys(client)).includes("connectors/my_connector-old-3.json"));

    await clock.tick(1);
    const third = await sink.write(bundle);
    const after = await keys(client);
    assert.ok(!after.includes("connectors/my_connector-old-3.json"));
    for (const { key } of [first, second, third]) assert.ok(after.includes(key), key);
  }));

Deno.test("S3BundleSink: cleanupIntervalMs 0 scans after every upload; retention 0 never", () =>
  withS3(async (s3, client) => {
    const old = async (key: string) => {
      await client.send(
        new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: new Uint8Array(1) }),
      );
      await s3.setLastModified(BUCKET, key, new Date(Date.now() - 10 * DAY));
    };
    const clock = new FakeClock(Date.now());
    await using never = new S3BundleSink(sinkOptions(s3, { clock, retentionDays: 0 }));
    await using every = new S3BundleSink(sinkOptions(s3, { clock, cleanupIntervalMs: 0 }));

    await old("connectors/my_connector-a.json");
    await never.write(bundle);
    assert.ok((await keys(client)).includes("connectors/my_connector-a.json"));
    assert.deepEqual(await never.cleanup({ force: true }), []);

    await every.write(bundle);
    assert.ok(!(await keys(client)).includes("connectors/my_connector-a.json"));
    await old("connectors/my_connector-b.json");
    await every.write(bundle);
    assert.ok(!(await keys(client)).includes("connectors/my_connector-b.json"));
  }));

Deno.test("S3BundleSink.cleanup: force ignores the throttle and returns the deleted keys", () =>
  withS3(async (s3, client) => {
    const clock = new FakeClock(Date.now());
    await using sink = new S3BundleSink(sinkOptions(s3, { clock, folder: "f" }));
    assert.deepEqual(await sink.cleanup(), []);
    await client.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: "f/my_connector-x.json",
        Body: new Uint8Array(1),
      }),
    );
    await s3.setLastModified(BUCKET, "f/my_connector-x.json", new Date(Date.now() - 8 * DAY));
    assert.deepEqual(await sink.cleanup(), []); // throttled
    assert.deepEqual(await sink.cleanup({ force: true }), ["f/my_connector-x.json"]);
  }));

Deno.test("S3BundleSink: a missing bucket is a BundleSinkError naming bucket and key", () =>
  withS3(async (s3, client) => {
    const lines: string[] = [];
    const logger = createLogger({ name: "c", level: "INFO", write: (l) => lines.push(l) });
    await using sink = new S3BundleSink(sinkOptions(s3, { bucket: "no-such-bucket", logger }));
    const error = await sink.write(bundle, { fileName: "x.json" }).then(() => undefined, (e) => e);
    assert.ok(error instanceof BundleSinkError, String(error));
    assert.equal(error.sink, "s3");
    assert.equal(error.bucket, "no-such-bucket");
    assert.equal(error.key, "connectors/x.json");
    assert.match(
      error.message,
      /^Cannot upload bundle to S3 bucket "no-such-bucket" key "connectors\/x\.json": NoSuchBucket/,
    );
    assert.equal((error.cause as Error).name, "NoSuchBucket");
    assert.deepEqual(lines.map((l) => JSON.parse(l).message), ["Failed to upload bundle to S3"]);
    await assert.rejects(
      sink.cleanup({ force: true }),
      (e: unknown) =>
        e instanceof BundleSinkError && e.bucket === "no-such-bucket" &&
        e.key === "connectors/my_connector-",
    );
    assert.deepEqual(await keys(client), []);
  }));

Deno.test("S3BundleSink: rejected credentials store nothing and never appear in the error", () =>
  withS3(async (s3, client) => {
    // s3rver checks the access key id (it does not verify SigV4 signatures).
    const secretKey = "wrong-secret-Zq81";
    await using sink = new S3BundleSink(sinkOptions(s3, { accessKey: "UNKNOWN", secretKey }));
    const error = await sink.write(bundle).then(() => undefined, (e) => e);
    assert.ok(error instanceof BundleSinkError, String(error));
    assert.match(error.message, /InvalidAccessKeyId/);
    assert.ok(!error.message.includes(secretKey));
    assert.ok(!JSON.stringify(error).includes(secretKey));
    assert.deepEqual(await keys(client), []);
  }));

Deno.test("S3BundleSink: settings are checked up front with pycti's messages", () => {
  const base: S3BundleSinkOptions = {
    bucket: "b",
    endpoint: "minio",
    port: 9000,
    accessKey: "a",
    secretKey: "s",
    connector,
  };
  assert.throws(() => new S3BundleSink({ ...base, bucket: "" }), {
    name: "TypeError",
    message:
      "S3 bucket not configured. Set CONNECTOR_SEND_TO_S3_BUCKET or ensure OpenCTI backend provides bucket configuration.",
  });
  assert.throws(
    () => new S3BundleSink({ ...base, endpoint: null, port: 0, secretKey: undefined }),
    {
      name: "TypeError",
      message:
        "Missing required S3 configuration: s3_endpoint, s3_port, s3_secret_key. Ensure S3 credentials are provided via config or OpenCTI backend.",
    },
  );
  assert.throws(() => new S3BundleSink({ ...base, endpoint: "https://minio" }), {
    name: "TypeError",
    message: /S3_ENDPOINT is a host name without scheme/,
  });
  assert.throws(() => new S3BundleSink({ ...base, retentionDays: NaN }), { name: "RangeError" });
  const sink = new S3BundleSink({ ...base, useSsl: true });
  assert.equal(sink.endpointUrl, "https://minio:9000");
  assert.equal(sink.folder, "connectors");
  assert.equal(sink.retentionDays, 7);
});

Deno.test("S3BundleSink.close releases the client; later writes are refused", () =>
  withS3(async (s3, client) => {
    const sink = new S3BundleSink(sinkOptions(s3));
    await sink.write(bundle);
    await sink.close();
    await sink.close();
    await assert.rejects(sink.write(bundle), /the sink is closed/);
    await assert.rejects(sink.cleanup({ force: true }), /is closed/);
    assert.equal((await keys(client)).length, 1);
  }));

Deno.test("S3BundleSink: the S3 SDK is not loaded until the first upload", async () => {
  // With npm disabled, importing the module and building a sink must still work.
  const moduleUrl = new URL("../../helper/s3_bundle_sink.ts", import.meta.url).href;
  const config = new URL("../../deno.json", import.meta.url).pathname;
  const code = `import { S3BundleSink } from ${JSON.stringify(moduleUrl)};
    const sink = new S3BundleSink({ bucket: "b", endpoint: "minio", port: 9000, accessKey: "a",
      secretKey: "s", connector: ${JSON.stringify(connector)} });
    await sink.close();
    console.log(sink.endpointUrl);`;
  const { code: status, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: ["eval", "--no-npm", "--config", config, code],
  }).output();
  assert.equal(status, 0, new TextDecoder().decode(stderr));
  assert.equal(new TextDecoder().decode(stdout).trim(), "http://minio:9000");
});
