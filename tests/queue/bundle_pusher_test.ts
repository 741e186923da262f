import assert from "node:assert/strict";
import {
  initiateWork,
  OpenCTIApiClient,
  pushStixBundle,
  registerConnector,
  workAddExpectations,
  workToProcessed,
} from "../../api/mod.ts";
import {
  AmqpPublisher,
  AmqpPublishError,
  buildQueueBundleMessage,
  BundlePusher,
} from "../../queue/mod.ts";
import type { StixBundle } from "../../stix/mod.ts";
import { FakeClock, startOpenCTIEmulator } from "../../testing/mod.ts";
import { noRabbit } from "../_util.ts";
import { startPushPlatform } from "./_platform.ts";
import { BROKER, RabbitFixture, RecordingLogger, until } from "./_rabbit.ts";

const AUTHOR = "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
const MALWARE = "malware--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";
const INDICATOR = "indicator--cccccccc-cccc-4ccc-8ccc-cccccccccccc";

function bundle(description = "short"): StixBundle {
  return {
    type: "bundle",
    id: "bundle--dddddddd-dddd-4ddd-8ddd-dddddddddddd",
    objects: [
      {
        type: "indicator",
        id: INDICATOR,
        created_by_ref: AUTHOR,
        pattern: "[ipv4-addr:value = '1.2.3.4']",
        description,
      },
      { type: "malware", id: MALWARE, created_by_ref: AUTHOR, name: "Evil", is_family: true },
      { type: "identity", id: AUTHOR, name: "ACME", identity_class: "organization" },
    ],
  };
}

Deno.test({
  name: "BundlePusher splits, adds expectations, then publishes pycti envelopes the worker ingests",
  ignore: noRabbit,
  async fn() {
    await using platform = await startPushPlatform();
    const { emulator, client, registration, publisher } = platform;
    const sent: number[] = [];
    const pusher = new BundlePusher({
      connectorId: registration.id,
      publisher,
      addExpectations: (workId, expectations) =>
        workAddExpectations(client, { workId, expectations }),
      onBundleSent: (count) => sent.push(count),
    });
    const workId = await initiateWork(client, {
      connectorId: registration.id,
      friendlyName: "run",
    });
    const result = await pusher.push(JSON.stringify(bundle()), {
      workId,
      applicantId: "user-1",
      draftId: "draft-1",
      entitiesTypes: ["Indicator"],
      update: true,
    });
    assert.equal(result.expectations, 3);
    assert.equal(result.confirmed, 3);
    assert.equal(result.bundles.length, 3);
    assert.deepEqual(sent, [3]);
    await emulator.waitFor(() => emulator.state.works.get(workId)?.processed === 3);
    const work = emulator.state.works.get(workId)!;
    assert.equal(work.expected, 3);
    await workToProcessed(client, { workId, message: "done" });
    assert.equal(emulator.state.works.get(workId)?.status, "complete");
    // addExpectations went out before the first chunk was published.
    assert.equal(emulator.counters.operations.addExpectations, 1);
    const pushed = emulator.state.pushedBundles.sort((a, b) =>
      (a.actionSequence ?? 0) - (b.actionSequence ?? 0)
    );
    assert.deepEqual(pushed.map((p) => p.actionSequence), [1, 2, 3]);
    const ids = pushed.map((p) => (p.bundle.objects?.[0] as { id: string }).id);
    assert.deepEqual(ids, result.bundles.map((b) => JSON.parse(b).objects[0].id));
    assert.equal(ids[0], AUTHOR, "the split's order: referenced objects first");
    for (const p of pushed) {
      assert.deepEqual(Object.keys(p.message!), [
        "bundle_type",
        "applicant_id",
        "action_sequence",
        "entities_types",
        "content",
        "update",
        "draft_id",
        "no_split",
        "work_id",
      ]);
      assert.equal(p.message!.bundle_type, "QUEUE_BUNDLE");
      assert.equal(p.message!.no_split, false);
      assert.equal(p.workId, workId);
      assert.equal(p.applicantId, "user-1");
      assert.equal(p.draftId, "draft-1");
      assert.equal(p.update, true);
      assert.deepEqual(p.entitiesTypes, ["Indicator"]);
    }
    assert.deepEqual(JSON.parse(result.bundles[0]!), pushed[0]!.bundle);
  },
});

Deno.test({
  name: "BundlePusher without a work sends no expectations and no work_id",
  ignore: noRabbit,
  async fn() {
    await using platform = await startPushPlatform();
    const { emulator, registration, publisher } = platform;
    const expectations: number[] = [];
    const pusher = new BundlePusher({
      connectorId: registration.id,
      publisher,
      addExpectations: (_workId, n) => Promise.resolve(expectations.push(n)),
    });
    await pusher.push(bundle());
    await emulator.waitFor(() => emulator.state.pushedBundles.length === 3);
    assert.deepEqual(expectations, []);
    for (const p of emulator.state.pushedBundles) {
      assert.equal("work_id" in p.message!, false);
      assert.equal(p.applicantId, null);
      assert.equal(p.draftId, null);
    }
  },
});

Deno.test({
  name: "BundlePusher refuses an oversize chunk before publishing anything, naming it",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const exchange = await rabbit.exchange("push");
    const queue = await rabbit.queue("push");
    await rabbit.channel.bindQueue(queue, exchange, "rk");
    await using publisher = new AmqpPublisher({ connection: BROKER, exchange, routingKey: "rk" });
    const expectations: number[] = [];
    const pusher = new BundlePusher({
      connectorId: "c",
      publisher,
      maxMessageBytes: 4_000,
      addExpectations: (_workId, n) => Promise.resolve(expectations.push(n)),
    });
    await assert.rejects(
      pusher.push(bundle("x".repeat(3_000)), { workId: "work-1" }),
      (error: unknown) => {
        assert.ok(error instanceof RangeError);
        assert.match(error.message, new RegExp(`object ${INDICATOR} makes a \\d+-byte message`));
        assert.match(error.message, /over the 4000-byte limit; nothing was published/);
        return true;
      },
    );
    assert.deepEqual(expectations, []);
    assert.equal(await rabbit.count(queue), 0);
    // The same bundle under the limit goes through.
    await pusher.push(bundle("x".repeat(1_000)));
    assert.equal(await rabbit.count(queue), 3);
  },
});

Deno.test({
  name: "BundlePusher: a publish that gives up reports the confirmed chunks",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const exchange = await rabbit.exchange("push");
    const queue = await rabbit.queue("push", { maxLength: 1, overflow: "reject-publish" });
    await rabbit.channel.bindQueue(queue, exchange, "rk");
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    await using publisher = new AmqpPublisher({
      connection: BROKER,
      exchange,
      routingKey: "rk",
      window: 1,
      maxAttempts: 1,
      clock,
      logger,
    });
    const sent: number[] = [];
    const pusher = new BundlePusher({
      connectorId: "c",
      publisher,
      onBundleSent: (n) => sent.push(n),
    });
    await assert.rejects(pusher.push(bundle()), (error: unknown) => {
      assert.ok(error instanceof AmqpPublishError);
      assert.equal(error.total, 3);
      assert.deepEqual(error.confirmedIndexes, [0]);
      assert.match(error.message, /\(1 of 3 messages confirmed\)/);
      return true;
    });
    assert.deepEqual(sent, [1]);
    await until(async () => (await rabbit.count(queue)) === 1, "the confirmed chunk");
  },
});

Deno.test({
  name: "BundlePusher logs a failed addExpectations and still publishes, as pycti",
  ignore: noRabbit,
  async fn() {
    await using platform = await startPushPlatform();
    const { registration, publisher } = platform;
    const logger = new RecordingLogger();
    const pusher = new BundlePusher({
      connectorId: registration.id,
      publisher,
      logger,
      addExpectations: () => Promise.reject(new Error("platform down")),
    });
    const result = await pusher.push(bundle(), { workId: "work-x" });
    assert.equal(result.confirmed, 3);
    assert.equal(logger.find("Cannot report expectation").length, 1);
  },
});

Deno.test("BundlePusher with the api protocol sends the whole bundle with stixBundlePush", async () => {
  await using emulator = await startOpenCTIEmulator();
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  const registration = await registerConnector(client, {
    id: crypto.randomUUID(),
    name: "Feed",
    type: "EXTERNAL_IMPORT",
  });
  const workId = await initiateWork(client, { connectorId: registration.id, friendlyName: "run" });
  const pusher = new BundlePusher({
    connectorId: registration.id,
    queueProtocol: "api",
    stixBundlePush: (connectorId, text, work) =>
      pushStixBundle(client, { connectorId, bundle: text, workId: work }),
    addExpectations: () => Promise.reject(new Error("must not be called in api mode")),
  });
  const text = JSON.stringify(bundle());
  const result = await pusher.push(text, { workId, applicantId: "user-1" });
  assert.equal(result.bundles.length, 3, "the split result is still returned");
  assert.equal(emulator.counters.operations.StixBundlePush, 1);
  const [pushed] = emulator.state.pushedBundles;
  assert.equal(pushed?.via, "api");
  assert.equal(pushed?.workId, workId);
  assert.equal(pushed?.bundle.objects?.length, 3);
  const request = emulator.requests.find((r) => r.operationName === "StixBundlePush");
  assert.equal(request?.variables?.bundle, text);
});

Deno.test("BundlePusher refuses an empty bundle and an unknown protocol with pycti's messages", async () => {
  const pusher = new BundlePusher({ connectorId: "c", queueProtocol: "kafka" });
  await assert.rejects(
    pusher.push({ type: "bundle", id: "bundle--1", objects: [] }),
    { name: "TypeError", message: "Nothing to import" },
  );
  await assert.rejects(pusher.push(bundle()), {
    name: "TypeError",
    message: "kafka: this queue protocol is not supported",
  });
});

Deno.test({
  name: "BundlePusher with noSplit publishes the whole bundle as one no_split message",
  ignore: noRabbit,
  async fn() {
    await using platform = await startPushPlatform();
    const { emulator, client, registration, publisher } = platform;
    const expectations: number[] = [];
    const sent: number[] = [];
    const pusher = new BundlePusher({
      connectorId: registration.id,
      publisher,
      addExpectations: (workId, n) => {
        expectations.push(n);
        return workAddExpectations(client, { workId, expectations: n });
      },
      onBundleSent: (count) => sent.push(count),
    });
    const workId = await initiateWork(client, {
      connectorId: registration.id,
      friendlyName: "whole",
    });
    const text = JSON.stringify(bundle());
    const result = await pusher.push(text, {
      workId,
      applicantId: "user-1",
      noSplit: true,
      eventVersion: "7",
    });
    assert.deepEqual(result, { bundles: [text], expectations: 1, confirmed: 1 });
    assert.deepEqual(expectations, [1]);
    assert.deepEqual(sent, [1]);
    await emulator.waitFor(() => emulator.state.works.get(workId)?.processed === 1);
    assert.equal(emulator.state.works.get(workId)?.expected, 1);
    const [pushed, ...rest] = emulator.state.pushedBundles;
    assert.deepEqual(rest, []);
    assert.equal(pushed?.actionSequence, 1);
    assert.equal(pushed?.message?.no_split, true);
    assert.equal(pushed?.workId, workId);
    assert.deepEqual(pushed?.bundle, JSON.parse(text), "as given: not split, no event version");
  },
});

Deno.test({
  name: "BundlePusher with noSplit refuses a bundle whose one message is oversize, naming its size",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const exchange = await rabbit.exchange("push");
    const queue = await rabbit.queue("push");
    await rabbit.channel.bindQueue(queue, exchange, "rk");
    await using publisher = new AmqpPublisher({ connection: BROKER, exchange, routingKey: "rk" });
    const expectations: number[] = [];
    const pusher = new BundlePusher({
      connectorId: "c",
      publisher,
      maxMessageBytes: 2_000,
      addExpectations: (_workId, n) => Promise.resolve(expectations.push(n)),
    });
    // Each object fits in a message of its own; the three together do not.
    const big: StixBundle = {
      ...bundle(),
      objects: bundle().objects!.map((o) => ({ ...o, description: "x".repeat(600) })),
    };
    const size = buildQueueBundleMessage(JSON.stringify(big), {
      applicantId: null,
      actionSequence: 1,
      noSplit: true,
      workId: "work-1",
    }).byteLength;
    assert.ok(size > 2_000);
    await assert.rejects(
      pusher.push(big, { workId: "work-1", noSplit: true }),
      (error: unknown) => {
        assert.ok(error instanceof RangeError);
        assert.equal(
          error.message,
          `Cannot push the bundle: the whole bundle (noSplit) makes a ${size}-byte message, ` +
            "over the 2000-byte limit; nothing was published",
        );
        return true;
      },
    );
    assert.deepEqual(expectations, []);
    assert.equal(await rabbit.count(queue), 0);
    const split = await pusher.push(big, { workId: "work-1" });
    assert.equal(split.confirmed, 3);
    const small = await pusher.push(bundle(), { workId: "work-2", noSplit: true });
    assert.equal(small.confirmed, 1);
    assert.deepEqual(expectations, [3, 1]);
    const messages = (await rabbit.drain(queue)).map((m) => JSON.parse(m.content.toString()));
    assert.deepEqual(messages.map((m) => m.no_split), [false, false, false, true]);
    const whole = new TextDecoder().decode(
      Uint8Array.from(atob(messages[3].content), (c) => c.charCodeAt(0)),
    );
    assert.equal(whole, JSON.stringify(bundle()), "an object bundle is sent as JSON.stringify");
  },
});

Deno.test("BundlePusher with noSplit and the api protocol sends the bundle once, as given", async () => {
  const pushes: [string, string, string | null][] = [];
  const sent: number[] = [];
  const pusher = new BundlePusher({
    connectorId: "c-1",
    queueProtocol: "api",
    stixBundlePush: (connectorId, text, workId) => {
      pushes.push([connectorId, text, workId]);
      return Promise.resolve(true);
    },
    addExpectations: () => Promise.reject(new Error("must not be called in api mode")),
    onBundleSent: (count) => sent.push(count),
  });
  const text = JSON.stringify(bundle());
  const result = await pusher.push(text, { workId: "w-1", noSplit: true });
  assert.deepEqual(result, { bundles: [text], expectations: 1, confirmed: 1 });
  assert.deepEqual(pushes, [["c-1", text, "w-1"]]);
  assert.deepEqual(sent, [1]);
});

Deno.test("BundlePusher with noSplit still refuses what is not a bundle, or an empty one", async () => {
  const pusher = new BundlePusher({ connectorId: "c" });
  for (
    const [bad, name, message] of [
      ["{not json", "StixBundleError", /^File data is not a valid JSON: /],
      ['{"type": "bundle"}', "StixBundleError", /^File data is not a valid bundle: /],
      ["[1]", "StixBundleError", /^File data is not a valid bundle: /],
      ['{"type": "bundle", "objects": []}', "TypeError", /^Nothing to import$/],
    ] as const
  ) {
    await assert.rejects(pusher.push(bad, { noSplit: true }), (error: unknown) => {
      assert.equal((error as Error).name, name, bad);
      assert.match((error as Error).message, message);
      return true;
    });
  }
});
