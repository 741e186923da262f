// Connectors fed jobs by the emulator: enrichment over the real listen queue (with sharing and
// playbook steps), file import over HTTP callbacks (with workbench validation).
import assert from "node:assert/strict";
import { type EnrichmentEntitySource, OpenCTIConnectorHelper } from "../../helper/mod.ts";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import { until } from "../_async.ts";
import { LogLines } from "../_doubles.ts";
import { closedPort } from "../_net.ts";
import { AMQP_URL, noRabbit } from "../_util.ts";
import { connectorEnv } from "./_helper_fixtures.ts";

const ORGANIZATION = "identity--8a7b6c5d-4e3f-4a2b-9c1d-0e9f8a7b6c5d";
const ADDRESS_ID = "ipv4-addr--4f5e6d7c-8b9a-4c1d-8e2f-3a4b5c6d7e8f";

Deno.test({
  name:
    "enrichment connector: jobs from the listen queue, sharing applied, playbook steps answered",
  ignore: noRabbit,
  async fn() {
    await using emulator = await startOpenCTIEmulator({ amqpUrl: AMQP_URL });
    const env = connectorEnv(emulator, {
      CONNECTOR_TYPE: "INTERNAL_ENRICHMENT",
      CONNECTOR_NAME: "Address Enricher",
      CONNECTOR_SCOPE: "IPv4-Addr",
    });
    const entities = new Map<string, Record<string, unknown>>([[ADDRESS_ID, {
      id: "5b0f3c2e-internal",
      standard_id: ADDRESS_ID,
      entity_type: "IPv4-Addr",
      value: "198.51.100.7",
    }]]);
    const reads: string[] = [];
    const enrichment: EnrichmentEntitySource = {
      readEntity: (id) => {
        reads.push(id);
        return Promise.resolve(entities.get(id) ?? null);
      },
      exportEntity: () => Promise.reject(new Error("not expected: the jobs carry STIX objects")),
    };
    const logs = new LogLines();
    const helper = await OpenCTIConnectorHelper.create({}, {
      env,
      enrichment,
      playbookCompatible: true,
      logWriter: logs.write,
      handleSignals: false,
    });
    const seenJobs: (string | null)[] = [];
    const listening = helper.listen(async (event, job) => {
      seenJobs.push(job.workId);
      assert.equal(helper.currentJob, job);
      const entity = event.stix_entity as Record<string, unknown>;
      const note = {
        type: "note",
        spec_version: "2.1",
        id: `note--${crypto.randomUUID()}`,
        created: "2024-01-15T10:30:00.000Z",
        modified: "2024-01-15T10:30:00.000Z",
        content: `seen ${entity.value}`,
        object_refs: [entity.id as string],
      };
      const bundle = OpenCTIConnectorHelper.stix2CreateBundle([
        entity as { type: string; id: string },
        note,
      ]);
      await helper.sendStix2Bundle(bundle);
      return `enriched ${entity.value}`;
    });

    const stixEntity = {
      type: "ipv4-addr",
      spec_version: "2.1",
      id: ADDRESS_ID,
      value: "198.51.100.7",
      x_opencti_granted_refs: [ORGANIZATION],
    };
    const first = await emulator.sendJob(helper.connectorId, {
      type: "enrichment",
      entityId: ADDRESS_ID,
      stixEntity,
      stixObjects: [stixEntity],
      applicantId: "user-who-asked",
    });
    const work = emulator.state.works.get(first.workId!)!;
    await emulator.waitFor(() => work.status === "complete", { timeoutMs: 15_000 });
    assert.deepEqual(work.messages.map((m) => m.message), [
      "Connector ready to process the operation",
      "enriched 198.51.100.7",
    ]);
    assert.equal(work.expected, 2);
    const pushed = emulator.state.pushedBundles.filter((b) => b.workId === first.workId);
    assert.equal(pushed.length, 2);
    for (const message of pushed) {
      assert.equal(message.applicantId, "user-who-asked", "the job's applicant");
      const [object] = message.bundle.objects as Record<string, unknown>[];
      assert.deepEqual(object!.x_opencti_granted_refs, [ORGANIZATION], "shared like the entity");
    }

    const missing = await emulator.sendJob(helper.connectorId, {
      type: "enrichment",
      entityId: "ipv4-addr--00000000-0000-4000-8000-000000000000",
    });
    const failed = emulator.state.works.get(missing.workId!)!;
    await emulator.waitFor(() => failed.processedTime !== null, { timeoutMs: 15_000 });
    assert.match(failed.errors[0]?.message ?? "", /Unable to read\/access the entity/);

    const step = await emulator.sendJob(helper.connectorId, {
      type: "playbook",
      entityId: ADDRESS_ID,
      bundle: { type: "bundle", id: `bundle--${crypto.randomUUID()}`, objects: [stixEntity] },
    });
    await emulator.waitFor(() => emulator.state.playbookExecutions.length === 1, {
      timeoutMs: 15_000,
    });
    const execution = emulator.state.playbookExecutions[0]!;
    assert.equal(JSON.parse(execution.bundle).objects.length, 2);
    assert.equal(JSON.parse(execution.previous_bundle).objects[0].id, ADDRESS_ID);
    assert.match(execution.execution_start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
    await emulator.waitFor(() => emulator.state.works.get(step.workId!)?.processedTime !== null);
    assert.equal(
      emulator.state.pushedBundles.filter((b) => b.workId === step.workId).length,
      0,
      "a playbook step pushes nothing",
    );

    assert.deepEqual(seenJobs, [first.workId, step.workId]);
    assert.equal(reads.length, 3);
    // The platform records the work as processed just before the handler hears back.
    await until(() => helper.currentJob === undefined, "no job between jobs");
    await helper.close();
    await listening;
    assert.equal(helper.metric.value("error_count"), 0, "metrics are off: nothing counted");
  },
});

Deno.test("enrichment connectors need an entity source", async () => {
  await using emulator = await startOpenCTIEmulator();
  await using helper = await OpenCTIConnectorHelper.create({}, {
    env: connectorEnv(emulator, { CONNECTOR_TYPE: "INTERNAL_ENRICHMENT" }),
    logWriter: () => {},
    handleSignals: false,
  });
  await assert.rejects(helper.listen(() => {}), /needs the `enrichment` option/);
});

Deno.test("import connector over HTTP callbacks: jobs answered 202 after processing, workbench validation", async () => {
  await using emulator = await startOpenCTIEmulator();
  const port = closedPort();
  const env = connectorEnv(emulator, {
    CONNECTOR_TYPE: "INTERNAL_IMPORT_FILE",
    CONNECTOR_NAME: "File Importer",
    CONNECTOR_SCOPE: "application/json",
    CONNECTOR_LISTEN_PROTOCOL: "API",
    CONNECTOR_LISTEN_PROTOCOL_API_PORT: String(port),
    CONNECTOR_LISTEN_PROTOCOL_API_URI: `http://127.0.0.1:${port}`,
  });
  const helper = await OpenCTIConnectorHelper.create({}, {
    env,
    callbackHostname: "127.0.0.1",
    logWriter: () => {},
    handleSignals: false,
  });
  assert.equal(
    emulator.state.connectors.get(helper.connectorId)?.listenCallbackUri,
    `http://127.0.0.1:${port}/api/callback`,
  );
  const feed = OpenCTIConnectorHelper.stix2CreateBundle([{
    type: "identity",
    spec_version: "2.1",
    id: "identity--11111111-1111-4111-8111-111111111111",
    name: "ACME",
    identity_class: "organization",
  }]);
  emulator.addFile("import/global/feed.json", feed, "application/json");
  const results: unknown[] = [];
  const listening = helper.listen(async (event) => {
    const content = await helper.api.fetchFile(String(event.file_fetch));
    const sent = await helper.sendStix2Bundle(new TextDecoder().decode(content), {
      fileMarkings: event.file_markings as string[],
    });
    results.push(sent);
    return "imported";
  });
  const job = await emulator.sendJob(helper.connectorId, {
    type: "import",
    fileId: "import/global/feed.json",
    forceValidation: true,
  });
  assert.equal(job.delivery, "callback");
  assert.equal(job.callbackStatus, 202);
  const work = emulator.state.works.get(job.workId!)!;
  assert.deepEqual(work.messages.map((m) => m.message).at(-1), "imported");
  assert.deepEqual(results, [{
    bundles: [],
    expectations: 0,
    delivered: {
      playbook: false,
      validation: "workbench",
      draftId: null,
      directory: null,
      s3: null,
      queue: null,
      confirmed: 0,
    },
  }]);
  const [upload] = emulator.state.pendingUploads;
  assert.equal(upload?.name, `${job.workId}.json`);
  assert.equal(upload?.mimeType, "application/json");
  assert.deepEqual(upload?.fileMarkings, []);
  assert.equal(JSON.parse(upload!.content).objects[0].name, "ACME");
  await helper.close();
  await listening;
});
