// sendStix2Bundle's steps against a real directory, a real S3 server (s3rver) and the real
// broker behind the emulator.
import assert from "node:assert/strict";
import { join } from "node:path";
import { OpenCTIConnectorHelper, SendStix2BundleError, type StixObject } from "../../helper/mod.ts";
import { type OpenCTIEmulator, startOpenCTIEmulator } from "../../testing/mod.ts";
import { AMQP_URL, noRabbit } from "../_util.ts";
import { closedPort, connectorEnv, indicator } from "./_helper_fixtures.ts";
import {
  type RunningS3rver,
  S3RVER_ACCESS_KEY,
  S3RVER_SECRET_KEY,
  startS3rver,
} from "./_s3rver.ts";

const BUCKET = "feeds";

function objects(count: number): StixObject[] {
  const identity = {
    type: "identity",
    spec_version: "2.1",
    id: "identity--11111111-1111-4111-8111-111111111111",
    name: "ACME",
    identity_class: "organization",
  };
  const rest = Array.from({ length: count - 1 }, (_, i) =>
    indicator(i, {
      pattern: `[domain-name:value = 'host${i}.example']`,
      pattern_type: "stix",
      valid_from: "2024-01-15T10:30:00Z",
      created_by_ref: identity.id,
    }));
  return [identity, ...rest];
}

async function listFiles(directory: string): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of Deno.readDir(directory)) names.push(entry.name);
  return names.sort();
}

async function s3Keys(s3: RunningS3rver): Promise<string[]> {
  const root = join(s3.directory, BUCKET);
  const keys: string[] = [];
  const walk = async (dir: string, prefix: string) => {
    for await (const entry of Deno.readDir(dir)) {
      if (entry.isDirectory) await walk(join(dir, entry.name), `${prefix}${entry.name}/`);
      else if (entry.name.endsWith("._S3rver_object")) {
        keys.push(prefix + entry.name.slice(0, -"._S3rver_object".length));
      }
    }
  };
  await walk(root, "");
  return keys.sort();
}

/** Settings of a connector writing to `directory` and to s3rver's `BUCKET`. */
function sinkSettings(s3: RunningS3rver, directory: string): Record<string, string> {
  return {
    CONNECTOR_NAME: "Sink Test",
    CONNECTOR_SEND_TO_DIRECTORY: "true",
    CONNECTOR_SEND_TO_DIRECTORY_PATH: directory,
    CONNECTOR_SEND_TO_S3: "true",
    CONNECTOR_SEND_TO_S3_BUCKET: BUCKET,
    S3_ENDPOINT: "127.0.0.1",
    S3_PORT: String(s3.port),
    S3_ACCESS_KEY: S3RVER_ACCESS_KEY,
    S3_SECRET_KEY: S3RVER_SECRET_KEY,
    S3_USE_SSL: "false",
  };
}

async function connector(
  emulator: OpenCTIEmulator,
  s3: RunningS3rver,
  directory: string,
  extra: Record<string, string> = {},
): Promise<OpenCTIConnectorHelper> {
  return await OpenCTIConnectorHelper.create({}, {
    env: connectorEnv(emulator, { ...sinkSettings(s3, directory), ...extra }),
    logWriter: () => {},
    handleSignals: false,
  });
}

Deno.test({
  name: "sendStix2Bundle: directory, then S3, then the queue, each failure stopping what follows",
  ignore: noRabbit,
  async fn() {
    await using emulator = await startOpenCTIEmulator({ amqpUrl: AMQP_URL });
    await using s3 = await startS3rver([BUCKET]);
    const directory = await Deno.makeTempDir();
    try {
      const bundle = OpenCTIConnectorHelper.stix2CreateBundle(objects(20));

      // S3 fails (unknown bucket): the directory file stays, nothing is queued.
      const broken = await connector(emulator, s3, directory, {
        CONNECTOR_SEND_TO_S3_BUCKET: "no-such-bucket",
      });
      const brokenWork = await broken.work.initiateWork("broken run");
      const error = await broken.sendStix2Bundle(bundle, { workId: brokenWork })
        .then(() => null, (e) => e);
      assert.ok(error instanceof SendStix2BundleError, String(error));
      assert.equal(error.step, "s3");
      assert.ok(error.delivered.directory, "the directory step ran first");
      assert.equal(error.delivered.queue, null);
      assert.match(error.message, /already delivered: directory file/);
      assert.deepEqual(await listFiles(directory), [error.delivered.directory!.split("/").at(-1)]);
      assert.equal(emulator.state.works.get(brokenWork!)?.expected, 0, "no expectation declared");
      await broken.close();

      // The directory fails: nothing reaches S3 or the queue.
      const helper = await connector(emulator, s3, directory);
      const dirError = await helper.sendStix2Bundle(bundle, {
        sendToDirectoryPath: join(directory, "missing"),
      }).then(() => null, (e) => e);
      assert.equal(dirError?.step, "directory");
      assert.deepEqual(await s3Keys(s3), []);
      assert.deepEqual(dirError.delivered.s3, null);

      // Everything works: the same file name in the directory and in S3, then the chunks.
      await Deno.remove(join(directory, error.delivered.directory!.split("/").at(-1)!));
      const workId = await helper.work.initiateWork("sink run");
      const sent = await helper.sendStix2Bundle(bundle, { workId, entitiesTypes: ["indicator"] });
      const fileName = sent.delivered.directory!.split("/").at(-1)!;
      assert.match(fileName, /^sink_test-\d{8}-\d{6}-\d+\.\d+\.json$/);
      assert.deepEqual(sent.delivered.s3, { bucket: BUCKET, key: `connectors/${fileName}` });
      assert.deepEqual(await s3Keys(s3), [`connectors/${fileName}`]);
      assert.deepEqual(await listFiles(directory), [fileName], "no .tmp left behind");
      const onDisk = JSON.parse(await Deno.readTextFile(sent.delivered.directory!));
      const inS3 = JSON.parse(
        await Deno.readTextFile(
          join(s3.directory, BUCKET, `connectors/${fileName}._S3rver_object`),
        ),
      );
      assert.equal(onDisk.bundle_type, "DIRECTORY_BUNDLE");
      assert.equal(inS3.bundle_type, "S3_BUNDLE");
      for (const envelope of [onDisk, inS3]) {
        assert.deepEqual(envelope.bundle, JSON.parse(bundle));
        assert.deepEqual(envelope.entities_types, ["indicator"]);
        assert.equal(envelope.applicant_id, helper.connectorUserId);
        assert.equal(envelope.connector.name, "Sink Test");
        assert.equal(envelope.connector.scope, "indicator,report");
      }
      assert.equal(sent.expectations, 20);
      assert.equal(sent.delivered.queue, "amqp");
      assert.equal(sent.delivered.confirmed, 20);
      await helper.work.toProcessed(workId!, "done");
      const work = emulator.state.works.get(workId!)!;
      await emulator.waitFor(() => work.status === "complete", { timeoutMs: 15_000 });
      assert.equal(work.expected, 20);
      const pushed = emulator.state.pushedBundles.filter((b) => b.workId === workId);
      assert.equal(pushed[0]?.bundle.objects?.length, 1, "one object per chunk");
      assert.equal((pushed[0]?.bundle.objects?.[0] as StixObject).type, "identity", "refs first");
      assert.deepEqual(pushed[0]?.entitiesTypes, ["indicator"]);
      await helper.close();
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  },
});

Deno.test({
  name: "sendStix2Bundle: malformed or empty bundles reach no sink",
  ignore: noRabbit,
  async fn() {
    await using emulator = await startOpenCTIEmulator({ amqpUrl: AMQP_URL });
    await using s3 = await startS3rver([BUCKET]);
    const directory = await Deno.makeTempDir();
    try {
      await using helper = await connector(emulator, s3, directory);
      for (
        const [bad, step, message] of [
          ["{not json", "bundle", /File data is not a valid JSON/],
          ['{"type": "bundle"}', "bundle", /File data is not a valid bundle/],
          ['{"type": "bundle", "objects": []}', "split", /Nothing to import/],
        ] as const
      ) {
        await assert.rejects(
          helper.sendStix2Bundle(bad),
          (e: unknown) =>
            e instanceof SendStix2BundleError && e.step === step && message.test(e.message),
        );
      }
      assert.deepEqual(await listFiles(directory), []);
      assert.deepEqual(await s3Keys(s3), []);
      assert.equal(emulator.counters.pushedMessages, 0);
    } finally {
      await Deno.remove(directory, { recursive: true });
    }
  },
});

Deno.test({
  name: "sendStix2Bundle: queue off, noSplit, and draft validation",
  ignore: noRabbit,
  async fn() {
    await using emulator = await startOpenCTIEmulator({ amqpUrl: AMQP_URL });
    await using helper = await OpenCTIConnectorHelper.create({}, {
      env: connectorEnv(emulator),
      logWriter: () => {},
      handleSignals: false,
    });
    const bundle = OpenCTIConnectorHelper.stix2CreateBundle(objects(3));

    const local = await helper.sendStix2Bundle(bundle, { sendToQueue: false, workId: "w-1" });
    assert.equal(local.bundles.length, 3);
    assert.equal(local.delivered.queue, null);
    assert.equal(JSON.parse(local.bundles[0]!).objects[0].type, "identity");

    const workId = await helper.work.initiateWork("whole");
    const whole = await helper.sendStix2Bundle(bundle, { workId, noSplit: true });
    assert.deepEqual([whole.bundles, whole.expectations, whole.delivered.confirmed], [
      [bundle],
      1,
      1,
    ]);
    await emulator.waitFor(() => emulator.state.pushedBundles.length === 1);
    const [wholePushed] = emulator.state.pushedBundles;
    assert.equal(wholePushed?.bundle.objects?.length, 3);
    assert.equal(wholePushed?.message?.no_split, true, "queue/'s envelope, marked whole");
    assert.equal(wholePushed?.actionSequence, 1);
    assert.equal(emulator.state.works.get(workId!)?.expected, 1);
    const notQueued = await helper.sendStix2Bundle(bundle, { noSplit: true, sendToQueue: false });
    assert.deepEqual([notQueued.bundles, notQueued.expectations, notQueued.delivered.queue], [
      [bundle],
      1,
      null,
    ]);

    const draftWork = await helper.work.initiateWork("draft");
    const drafted = await helper.sendStix2Bundle(bundle, {
      workId: draftWork,
      forceValidation: true,
      validationMode: "draft",
    });
    const [draft] = emulator.state.drafts.values();
    assert.equal(draft?.name, `${draftWork}.json`);
    assert.equal(drafted.delivered.validation, "draft");
    assert.equal(drafted.delivered.draftId, draft?.id);
    assert.equal(emulator.state.works.get(draftWork!)?.draftContext, draft?.id);
    await emulator.waitFor(() => emulator.state.pushedBundles.length === 4);
    const intoDraft = emulator.state.pushedBundles.filter((b) => b.workId === draftWork);
    assert.ok(intoDraft.every((b) => b.draftId === draft?.id && b.message?.no_split === false));
  },
});

Deno.test("sendStix2Bundle during a job: the S3 and directory envelopes carry the job's applicant", async () => {
  await using emulator = await startOpenCTIEmulator({ connectorUserId: "connector-user" });
  await using s3 = await startS3rver([BUCKET]);
  const directory = await Deno.makeTempDir();
  try {
    const port = closedPort();
    const helper = await OpenCTIConnectorHelper.create({}, {
      env: connectorEnv(emulator, {
        ...sinkSettings(s3, directory),
        CONNECTOR_TYPE: "INTERNAL_IMPORT_FILE",
        CONNECTOR_SCOPE: "application/json",
        CONNECTOR_LISTEN_PROTOCOL: "API",
        CONNECTOR_LISTEN_PROTOCOL_API_PORT: String(port),
        CONNECTOR_LISTEN_PROTOCOL_API_URI: `http://127.0.0.1:${port}`,
        CONNECTOR_SEND_TO_QUEUE: "false",
      }),
      callbackHostname: "127.0.0.1",
      logWriter: () => {},
      handleSignals: false,
    });
    const envelopes = async (sent: { delivered: { directory: string | null } }) => {
      const fileName = sent.delivered.directory!.split("/").at(-1)!;
      const path = join(s3.directory, BUCKET, `connectors/${fileName}._S3rver_object`);
      return [
        JSON.parse(await Deno.readTextFile(path)),
        JSON.parse(await Deno.readTextFile(sent.delivered.directory!)),
      ];
    };
    const bundle = OpenCTIConnectorHelper.stix2CreateBundle(objects(1));
    const inJob: Record<string, unknown>[] = [];
    const listening = helper.listen(async () => {
      inJob.push(...await envelopes(await helper.sendStix2Bundle(bundle)));
      return "sent";
    });
    const job = await emulator.sendJob(helper.connectorId, {
      type: "import",
      fileId: "import/global/feed.json",
      applicantId: "user-who-asked",
    });
    assert.equal(job.callbackStatus, 202);
    assert.deepEqual(inJob.map((e) => [e.bundle_type, e.applicant_id]), [
      ["S3_BUNDLE", "user-who-asked"],
      ["DIRECTORY_BUNDLE", "user-who-asked"],
    ]);
    const outside = await envelopes(await helper.sendStix2Bundle(bundle));
    assert.deepEqual(outside.map((e) => [e.bundle_type, e.applicant_id]), [
      ["S3_BUNDLE", "connector-user"],
      ["DIRECTORY_BUNDLE", "connector-user"],
    ]);
    await helper.close();
    await listening;
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test("sendStix2Bundle writes CONNECTOR_SCOPE into the sink envelopes as configured", async () => {
  await using emulator = await startOpenCTIEmulator();
  const directory = await Deno.makeTempDir();
  try {
    const sinkEnv = {
      CONNECTOR_SEND_TO_DIRECTORY: "true",
      CONNECTOR_SEND_TO_DIRECTORY_PATH: directory,
      CONNECTOR_SEND_TO_QUEUE: "false",
    };
    const envelopeScope = async (helper: OpenCTIConnectorHelper) => {
      const bundle = OpenCTIConnectorHelper.stix2CreateBundle(objects(1));
      const sent = await helper.sendStix2Bundle(bundle);
      return JSON.parse(await Deno.readTextFile(sent.delivered.directory!)).connector.scope;
    };

    // From the environment: the string as given, spaces kept, not re-joined from the list.
    await using fromEnv = await OpenCTIConnectorHelper.create({}, {
      env: connectorEnv(emulator, { ...sinkEnv, CONNECTOR_SCOPE: "Indicator, Report" }),
      logWriter: () => {},
      handleSignals: false,
    });
    assert.deepEqual(fromEnv.getConnector().scope, ["Indicator", "Report"], "registered parsed");
    assert.equal(await envelopeScope(fromEnv), "Indicator, Report");

    // From config.yml: the YAML list as given.
    const env = connectorEnv(emulator, sinkEnv);
    env.delete("CONNECTOR_SCOPE");
    await using fromFile = await OpenCTIConnectorHelper.create(
      { connector: { scope: ["Indicator ", " Report"] } },
      { env, logWriter: () => {}, handleSignals: false },
    );
    assert.deepEqual(fromFile.getConnector().scope, ["Indicator", "Report"]);
    assert.deepEqual(await envelopeScope(fromFile), ["Indicator ", " Report"]);
  } finally {
    await Deno.remove(directory, { recursive: true });
  }
});

Deno.test({
  name: "sendStix2Bundle: with no sink the split reads the bundle, and refuses it as before",
  ignore: noRabbit,
  async fn() {
    await using emulator = await startOpenCTIEmulator({ amqpUrl: AMQP_URL });
    await using helper = await OpenCTIConnectorHelper.create({}, {
      env: connectorEnv(emulator, {
        CONNECTOR_EXPOSE_METRICS: "true",
        CONNECTOR_METRICS_PORT: "0",
      }),
      logWriter: () => {},
      handleSignals: false,
    });
    for (const sendToQueue of [true, false]) {
      for (
        const [bad, step, message, errors] of [
          ["{not json", "bundle", /File data is not a valid JSON/, 0],
          ['{"type": "bundle"}', "bundle", /File data is not a valid bundle/, 0],
          ['{"type": "bundle", "objects": [1]}', "split", /index 0 is not a JSON object/, null],
          ['{"type": "bundle", "objects": []}', "split", /Nothing to import/, 1],
        ] as const
      ) {
        const before = helper.metric.value("error_count");
        await assert.rejects(
          helper.sendStix2Bundle(bad, { sendToQueue }),
          (e: unknown) =>
            e instanceof SendStix2BundleError && e.step === step && message.test(e.message),
          `${bad} (queue ${sendToQueue})`,
        );
        if (errors !== null) {
          assert.equal(helper.metric.value("error_count") - before, errors, bad);
        }
      }
    }
    assert.equal(emulator.counters.pushedMessages, 0);
  },
});
