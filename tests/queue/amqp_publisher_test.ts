import assert from "node:assert/strict";
import { FakeClock } from "../../testing/fake_clock.ts";
import {
  type AmqpMessageSource,
  AmqpPublisher,
  type AmqpPublisherOptions,
  AmqpPublishError,
} from "../../queue/mod.ts";
import { until } from "../_async.ts";
import { RecordingLogger } from "../_doubles.ts";
import { noRabbit } from "../_util.ts";
import { BROKER, BrokerProxy, RabbitFixture } from "./_rabbit.ts";

const encoder = new TextEncoder();

function bodies(prefix: string, count: number): Uint8Array[] {
  return Array.from({ length: count }, (_, i) => encoder.encode(`${prefix}-${i}`));
}

async function target(rabbit: RabbitFixture, queueOptions = {}) {
  const exchange = await rabbit.exchange("push");
  const queue = await rabbit.queue("push", queueOptions);
  await rabbit.channel.bindQueue(queue, exchange, "push-routing");
  return { exchange, queue, routingKey: "push-routing" };
}

function publisher(
  options: Pick<AmqpPublisherOptions, "exchange" | "routingKey"> & Partial<AmqpPublisherOptions>,
): AmqpPublisher {
  return new AmqpPublisher({ connection: BROKER, random: () => 0, ...options });
}

Deno.test({
  name: "AmqpPublisher publishes in order with pycti's properties over one reused connection",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    await using proxy = new BrokerProxy();
    const { exchange, queue, routingKey } = await target(rabbit);
    await using push = publisher({ exchange, routingKey, connection: proxy.settings, window: 8 });
    for (const round of ["a", "b", "c"]) {
      const result = await push.publish(bodies(round, 20));
      assert.deepEqual(result, { confirmed: 20, retries: 0 });
    }
    assert.equal(proxy.accepted, 1, "one connection for every call");
    const messages = await rabbit.drain(queue);
    assert.deepEqual(
      messages.map((m) => m.content.toString()),
      ["a", "b", "c"].flatMap((round) => bodies(round, 20).map((b) => new TextDecoder().decode(b))),
    );
    const { properties } = messages[0]!;
    assert.equal(properties.deliveryMode, 2);
    assert.equal(properties.contentEncoding, "utf-8");
    assert.equal(properties.contentType, undefined);
    assert.deepEqual(properties.headers ?? {}, {});
  },
});

Deno.test({
  name: "AmqpPublisher keeps at most `window` messages awaiting confirms",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    await using proxy = new BrokerProxy();
    const { exchange, queue, routingKey } = await target(rabbit);
    await using push = publisher({ exchange, routingKey, connection: proxy.settings, window: 4 });
    await push.connect();
    let requested = 0;
    const source: AmqpMessageSource = {
      length: 10,
      body: (i) => {
        requested++;
        return encoder.encode(`m${i}`);
      },
    };
    proxy.hold(); // confirms stop coming back
    const sending = push.publish(source);
    await until(async () => (await rabbit.count(queue)) === 4, "four messages at the broker");
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(requested, 4, "no fifth message before a confirm");
    assert.equal(await rabbit.count(queue), 4);
    proxy.release();
    assert.deepEqual(await sending, { confirmed: 10, retries: 0 });
    assert.equal(requested, 10);
  },
});

Deno.test({
  name: "AmqpPublisher retries a nacked message after a backoff",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const { exchange, queue, routingKey } = await target(rabbit, {
      maxLength: 2,
      overflow: "reject-publish",
    });
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    await using push = publisher({ exchange, routingKey, clock, logger, window: 1 });
    const sending = push.publish(bodies("n", 3));
    const retried = () => logger.find("Unable to send bundle, retry...");
    await until(() => retried().length === 1, "a nack");
    assert.equal(retried()[0]?.meta?.index, 2);
    assert.match(String(retried()[0]?.meta?.reason), /nack/i);
    assert.equal((await rabbit.drain(queue)).length, 2); // room for the third one
    await clock.tick(500); // first retry delay: half of 1 000 ms with random() = 0
    assert.deepEqual(await sending, { confirmed: 3, retries: 1 });
    assert.deepEqual((await rabbit.drain(queue)).map((m) => m.content.toString()), ["n-2"]);
  },
});

Deno.test({
  name: "AmqpPublisher retries a message returned as unroutable (mandatory)",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const exchange = await rabbit.exchange("unbound");
    const queue = await rabbit.queue("late-binding");
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    await using push = publisher({ exchange, routingKey: "rk", clock, logger });
    const sending = push.publish(bodies("r", 2));
    await until(() => logger.find("Unable to send bundle, retry...").length === 2, "two returns");
    assert.equal(logger.find("The broker returned a message as unroutable").length, 2);
    assert.equal(
      logger.find("Unable to send bundle, retry...")[0]?.meta?.reason,
      "returned as unroutable",
    );
    await rabbit.channel.bindQueue(queue, exchange, "rk");
    await clock.tick(500);
    assert.deepEqual(await sending, { confirmed: 2, retries: 2 });
    assert.deepEqual((await rabbit.drain(queue)).map((m) => m.content.toString()).sort(), [
      "r-0",
      "r-1",
    ]);
  },
});

Deno.test({
  name: "AmqpPublisher gives up after maxAttempts and says which messages were confirmed",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const { exchange, queue, routingKey } = await target(rabbit, {
      maxLength: 2,
      overflow: "reject-publish",
    });
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    await using push = publisher({
      exchange,
      routingKey,
      clock,
      logger,
      maxAttempts: 3,
      window: 1,
    });
    const sending = push.publish(bodies("x", 3));
    const failure = assert.rejects(sending, (error: unknown) => {
      assert.ok(error instanceof AmqpPublishError);
      assert.equal(error.total, 3);
      assert.equal(error.confirmed, 2);
      assert.deepEqual(error.confirmedIndexes, [0, 1]);
      assert.match(error.message, /message 2 .* after 3 attempts \(2 of 3 messages confirmed\)/);
      return true;
    });
    await until(() => logger.find("Unable to send bundle, retry...").length === 1, "first nack");
    await clock.tick(500);
    await until(() => logger.find("Unable to send bundle, retry...").length === 2, "second nack");
    await clock.tick(1_000);
    await failure;
    assert.equal(await rabbit.count(queue), 2);
    assert.equal(clock.pending, 0, "no retry timer left behind");
  },
});

Deno.test({
  name: "AmqpPublisher republishes what a cut connection left unconfirmed, on a new connection",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    await using proxy = new BrokerProxy();
    const { exchange, queue, routingKey } = await target(rabbit);
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    await using push = publisher({
      exchange,
      routingKey,
      clock,
      logger,
      connection: proxy.settings,
      window: 5,
    });
    await push.connect();
    proxy.hold();
    const sending = push.publish(bodies("c", 5));
    await until(async () => (await rabbit.count(queue)) === 5, "five at the broker, unconfirmed");
    await proxy.cut();
    await until(() => logger.find("Unable to send bundle, retry...").length === 5, "five retries");
    await clock.tick(500);
    assert.deepEqual(await sending, { confirmed: 5, retries: 5 });
    assert.equal(proxy.accepted, 2);
    // At-least-once: the first copies reached the broker before the cut.
    const received = (await rabbit.drain(queue)).map((m) => m.content.toString());
    assert.equal(received.length, 10);
    assert.deepEqual(
      [...new Set(received)].sort(),
      bodies("c", 5).map((b) => new TextDecoder().decode(b)),
    );
    // The next call reuses the new connection.
    await push.publish(bodies("d", 1));
    assert.equal(proxy.accepted, 2);
  },
});

Deno.test({
  name: "AmqpPublisher fails with AmqpPublishError when the broker cannot be reached",
  ignore: noRabbit,
  async fn() {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    await using push = publisher({
      exchange: "x",
      routingKey: "y",
      clock,
      logger,
      maxAttempts: 2,
      connection: { ...BROKER, pass: "wrong-password" },
    });
    const sending = push.publish(bodies("u", 2));
    const failure = assert.rejects(sending, (error: unknown) => {
      assert.ok(error instanceof AmqpPublishError);
      assert.equal(error.confirmed, 0);
      assert.match(
        error.message,
        /cannot open the broker connection .*\(0 of 2 messages confirmed\)/,
      );
      assert.ok(!error.message.includes("wrong-password"));
      return true;
    });
    await until(
      () => logger.find("Cannot connect to the broker to publish, retrying").length === 1,
      "first connection failure",
    );
    await clock.tick(500);
    await failure;
  },
});

Deno.test({
  name: "AmqpPublisher: an aborted call stops and reports what was confirmed",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const { exchange, routingKey } = await target(rabbit, {
      maxLength: 1,
      overflow: "reject-publish",
    });
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    await using push = publisher({ exchange, routingKey, clock, logger, window: 1 });
    const controller = new AbortController();
    const sending = push.publish(bodies("a", 2), { signal: controller.signal });
    await until(() => logger.find("Unable to send bundle, retry...").length === 1, "a nack");
    controller.abort(new Error("shutting down"));
    await assert.rejects(sending, (error: unknown) => {
      assert.ok(error instanceof AmqpPublishError);
      assert.deepEqual(error.confirmedIndexes, [0]);
      assert.match(error.message, /aborted/);
      return true;
    });
    assert.equal(clock.pending, 0);
  },
});
