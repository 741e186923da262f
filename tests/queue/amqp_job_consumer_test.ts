import assert from "node:assert/strict";
import { workAddExpectations } from "../../api/mod.ts";
import {
  AmqpJobConsumer,
  type AmqpJobConsumerOptions,
  BundlePusher,
  type ConnectorJobMessage,
  createWorkReporter,
  JobHandler,
  type JobRunner,
  type JobRunOptions,
} from "../../queue/mod.ts";
import type { StixObject } from "../../stix/mod.ts";
import { FakeClock } from "../../testing/mod.ts";
import { until } from "../_async.ts";
import { RecordingLogger } from "../_doubles.ts";
import { noRabbit } from "../_util.ts";
import { startPushPlatform } from "./_platform.ts";
import { BROKER, BrokerProxy, killConnections, RabbitFixture, uniqueName } from "./_rabbit.ts";

function job(workId: string | null, event: Record<string, unknown> = {}): string {
  return JSON.stringify({ internal: { work_id: workId, applicant_id: null }, event });
}

/** A runner that records jobs and can hold each one until released. */
class GatedRunner implements JobRunner {
  seen: string[] = [];
  running = 0;
  maxRunning = 0;
  hold = false;
  #gates: (() => void)[] = [];
  signals: AbortSignal[] = [];

  async handle(message: ConnectorJobMessage, options: JobRunOptions): Promise<void> {
    this.seen.push(message.internal.work_id ?? "null");
    if (options.signal) this.signals.push(options.signal);
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      if (this.hold) await new Promise<void>((resolve) => this.#gates.push(resolve));
    } finally {
      this.running--;
    }
  }

  release(): void {
    this.hold = false;
    for (const gate of this.#gates.splice(0)) gate();
  }
}

function consumer(
  queue: string,
  handler: JobRunner,
  extra: Partial<AmqpJobConsumerOptions> = {},
): AmqpJobConsumer {
  return new AmqpJobConsumer({
    connection: BROKER,
    queue,
    handler,
    reconnectInitialMs: 100,
    random: () => 0,
    ...extra,
  });
}

Deno.test({
  name: "AmqpJobConsumer runs jobs one at a time and acks them (default ack-before)",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("listen");
    for (const id of ["w1", "w2", "w3"]) rabbit.send(queue, job(id));
    const runner = new GatedRunner();
    const listener = consumer(queue, runner);
    await listener.start();
    await until(() => runner.seen.length === 3, "three jobs");
    await listener.stop();
    assert.deepEqual(runner.seen, ["w1", "w2", "w3"]);
    assert.equal(runner.maxRunning, 1);
    assert.equal(await rabbit.count(queue), 0);
  },
});

Deno.test({
  name: "AmqpJobConsumer ack-before acks a job before it runs; ack-after only once it is over",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    for (const ackMode of ["before", "after"] as const) {
      const queue = await rabbit.queue(`ack-${ackMode}`);
      for (const id of ["w1", "w2", "w3"]) rabbit.send(queue, job(id));
      const runner = new GatedRunner();
      runner.hold = true;
      const listener = consumer(queue, runner, { ackMode });
      await listener.start();
      await until(() => runner.seen.length === 1, "first job running");
      // Ready messages: with ack-before the first is acked and the second is prefetched;
      // with ack-after the first is still unacked, so only it left the ready list.
      await until(
        async () => (await rabbit.count(queue)) === (ackMode === "before" ? 1 : 2),
        `ready count for ${ackMode}`,
      );
      runner.release();
      await until(() => runner.seen.length === 3, "all jobs");
      await listener.stop();
      assert.equal(await rabbit.count(queue), 0);
      assert.deepEqual(runner.seen, ["w1", "w2", "w3"]);
    }
  },
});

Deno.test({
  name: "AmqpJobConsumer ack-after survives a killed connection mid-job without losing a job",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("kill");
    for (const id of ["w1", "w2", "w3"]) rabbit.send(queue, job(id));
    const runner = new GatedRunner();
    runner.hold = true;
    const logger = new RecordingLogger();
    const clock = new FakeClock();
    const connectionName = uniqueName("consumer");
    const listener = consumer(queue, runner, {
      ackMode: "after",
      connectionName,
      logger,
      clock,
      reconnectInitialMs: 2_000,
    });
    await listener.start();
    await until(() => runner.seen.length === 1, "first job running");
    assert.equal(await killConnections(connectionName), 1);
    await until(
      () => logger.find("Connection to the queue lost, reconnecting").length === 1,
      "loss",
    );
    const [lost] = logger.find("Connection to the queue lost, reconnecting");
    assert.equal(lost?.meta?.attempt, 1);
    assert.equal(lost?.meta?.delay_ms, 1_000); // half of 2 000 with random() = 0: jittered backoff
    // The job finishes while disconnected: its ack is impossible, so the broker keeps it.
    runner.release();
    await until(
      () => logger.lines.some((l) => l.message.startsWith("Cannot ack the job")),
      "failed ack logged",
    );
    await clock.tick(1_000);
    await until(() => runner.seen.length === 4, "redelivered job and the rest");
    await listener.stop();
    assert.deepEqual(runner.seen, ["w1", "w1", "w2", "w3"]);
    assert.equal(await rabbit.count(queue), 0);
    assert.equal(logger.find("Listening to the queue").at(-1)?.meta?.reconnected, true);
  },
});

Deno.test({
  name: "AmqpJobConsumer ack-before: a job running when the socket is cut is not redelivered",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    await using proxy = new BrokerProxy();
    const queue = await rabbit.queue("cut-before");
    rabbit.send(queue, job("w1"));
    const runner = new GatedRunner();
    runner.hold = true;
    const logger = new RecordingLogger();
    const clock = new FakeClock();
    const listener = consumer(queue, runner, { connection: proxy.settings, logger, clock });
    await listener.start();
    await until(() => runner.seen.length === 1, "job running");
    // With prefetch 1 the broker hands out w2 only once it has w1's ack. Cut only once w2
    // reached the consumer: the broker counting it as sent is not enough.
    rabbit.send(queue, job("w2"));
    await until(() => proxy.hasForwarded(job("w2")), "w1 acked, w2 prefetched");
    assert.equal(await proxy.cut(), 1);
    await until(
      () => logger.find("Connection to the queue lost, reconnecting").length === 1,
      "loss",
    );
    await clock.tick(50);
    await until(() => logger.find("Listening to the queue").length === 2, "reconnected");
    assert.equal(proxy.accepted, 2);
    runner.release();
    await until(() => runner.seen.length === 2, "w2 redelivered and run");
    await listener.stop();
    // At-most-once: w1 ran once; w2, prefetched but never acked, came back and ran once.
    assert.deepEqual(runner.seen, ["w1", "w2"]);
    assert.equal(logger.find("Cannot ack the job, it will be redelivered").length, 1);
    assert.equal(await rabbit.count(queue), 0);
  },
});

Deno.test({
  name: "AmqpJobConsumer resumes after the broker cancels it (queue deleted, then declared again)",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("cancelled");
    const runner = new GatedRunner();
    const logger = new RecordingLogger();
    const clock = new FakeClock();
    const listener = consumer(queue, runner, { logger, clock, reconnectInitialMs: 1_000 });
    await listener.start();
    await rabbit.channel.deleteQueue(queue);
    const lost = () => logger.find("Connection to the queue lost, reconnecting");
    await until(() => lost().length === 1, "cancel noticed");
    await clock.tick(500);
    // The queue is missing: consuming fails and is retried with a longer delay.
    await until(() => lost().length === 2, "second attempt failed");
    assert.match(String(lost()[1]?.meta?.reason), /NOT_FOUND/);
    await rabbit.channel.assertQueue(queue, { durable: false });
    await clock.tick(1_000);
    await until(() => logger.find("Listening to the queue").length === 2, "consuming again");
    rabbit.send(queue, job("after-failover"));
    await until(() => runner.seen.length === 1, "job after failover");
    await listener.stop();
    assert.deepEqual(runner.seen, ["after-failover"]);
  },
});

Deno.test({
  name: "AmqpJobConsumer: two consumers on one queue share the jobs, each handled once",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("shared");
    const ids = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const slow: JobRunner = {
      handle: () => new Promise((resolve) => setTimeout(resolve, 5)),
    };
    const runners = [new GatedRunner(), new GatedRunner()];
    const listeners = runners.map((runner) =>
      consumer(queue, {
        handle: async (message, options) => {
          await runner.handle(message, options);
          await slow.handle(message, options);
        },
      }, { ackMode: "after" })
    );
    await Promise.all(listeners.map((l) => l.start()));
    for (const id of ids) rabbit.send(queue, job(id));
    await until(() => runners[0]!.seen.length + runners[1]!.seen.length === 20, "all jobs");
    await Promise.all(listeners.map((l) => l.stop()));
    assert.ok(runners[0]!.seen.length > 0 && runners[1]!.seen.length > 0);
    assert.deepEqual([...runners[0]!.seen, ...runners[1]!.seen].sort(), [...ids].sort());
    assert.equal(await rabbit.count(queue), 0);
  },
});

Deno.test({
  name: "AmqpJobConsumer drops invalid bodies with size and reason, and never loops",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("invalid");
    rabbit.send(queue, "not json at all");
    rabbit.send(queue, '{"event": {}}');
    rabbit.send(queue, new Uint8Array([0xff, 0xfe, 0x7b]));
    rabbit.send(queue, job("w-valid"));
    const runner = new GatedRunner();
    const logger = new RecordingLogger();
    const listener = consumer(queue, runner, { ackMode: "after", logger });
    await listener.start();
    await until(() => runner.seen.length === 1, "the valid job");
    await until(async () => (await rabbit.count(queue)) === 0, "queue emptied");
    await listener.stop();
    assert.deepEqual(runner.seen, ["w-valid"]);
    const dropped = logger.find("Dropping an invalid job message");
    assert.equal(dropped.length, 3);
    assert.equal(dropped[0]?.meta?.size, 15);
    assert.match(String(dropped[0]?.meta?.reason), /not UTF-8 JSON/);
    assert.match(String(dropped[1]?.meta?.reason), /"internal" is missing/);
  },
});

Deno.test({
  name: "AmqpJobConsumer dead-letters invalid bodies and, with ack-after, failed jobs",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const dlx = await rabbit.exchange("dlx");
    const dead = await rabbit.queue("dead");
    await rabbit.channel.bindQueue(dead, dlx, "dead");
    const queue = await rabbit.queue("with-dlx", {
      deadLetterExchange: dlx,
      deadLetterRoutingKey: "dead",
    });
    rabbit.send(queue, "{broken");
    rabbit.send(queue, '{"internal": {"work_id": 5, "applicant_id": null}, "event": {}}');
    rabbit.send(queue, job("w-crash"));
    rabbit.send(queue, job("w-fine"));
    const runner = new GatedRunner();
    const logger = new RecordingLogger();
    const listener = consumer(queue, {
      handle: async (message, options) => {
        await runner.handle(message, options);
        if (message.internal.work_id === "w-crash") throw new Error("runner crashed");
      },
    }, { ackMode: "after", logger });
    await listener.start();
    await until(() => runner.seen.length === 2, "both jobs");
    await until(async () => (await rabbit.count(dead)) === 3, "three dead letters");
    await listener.stop();
    assert.equal(await rabbit.count(queue), 0);
    const letters = await rabbit.drain(dead);
    assert.deepEqual(letters.map((m) => m.content.toString()), [
      "{broken",
      '{"internal": {"work_id": 5, "applicant_id": null}, "event": {}}',
      job("w-crash"),
    ]);
    assert.match(String(logger.find("Error in message processing")[0]?.meta?.error), /crashed/);
  },
});

Deno.test({
  name: "AmqpJobConsumer.stop lets the running job finish, then leaves the rest in the queue",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("stop");
    rabbit.send(queue, job("w1"));
    rabbit.send(queue, job("w2"));
    const runner = new GatedRunner();
    runner.hold = true;
    const listener = consumer(queue, runner, { ackMode: "after" });
    await listener.start();
    await until(() => runner.seen.length === 1, "first job running");
    let stopped = false;
    const stopping = listener.stop().then(() => stopped = true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(stopped, false, "stop waits for the running job");
    runner.release();
    await stopping;
    assert.deepEqual(runner.seen, ["w1"]);
    assert.equal(runner.signals[0]?.aborted, false);
    assert.equal(await rabbit.count(queue), 1, "w1 acked, w2 back in the queue");
  },
});

Deno.test({
  name: "AmqpJobConsumer.stop gives up on a job after stopTimeoutMs and aborts its signal",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("stop-timeout");
    rabbit.send(queue, job("w1"));
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    let started = false;
    let aborted = false;
    const listener = consumer(queue, {
      handle: (_message, options) => {
        started = true;
        return new Promise<void>((resolve) =>
          options.signal?.addEventListener("abort", () => {
            aborted = true;
            resolve();
          })
        );
      },
    }, { ackMode: "after", clock, logger, stopTimeoutMs: 5_000 });
    await listener.start();
    await until(() => started, "job running");
    const stopping = listener.stop();
    // stop() cancels the consumer at the broker before it starts its timer.
    await until(() => clock.pending === 1, "stop waiting for the job");
    await clock.tick(5_000);
    await stopping;
    assert.equal(aborted, true);
    assert.equal(logger.find("Stopping the listener while a job is still running").length, 1);
  },
});

Deno.test({
  name: "AmqpJobConsumer keeps heartbeats going while a long async job runs",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("heartbeat");
    rabbit.send(queue, job("long"));
    const logger = new RecordingLogger();
    let done = false;
    // With a 1 s heartbeat the broker drops a connection silent for ~2 s; the job takes 3 s.
    const listener = consumer(queue, {
      handle: () =>
        new Promise<void>((resolve) => setTimeout(() => resolve(void (done = true)), 3_000)),
    }, { ackMode: "after", heartbeatSec: 1, logger });
    await listener.start();
    await until(() => done, "the long job");
    await listener.stop();
    assert.equal(logger.find("Connection to the queue lost, reconnecting").length, 0);
    assert.equal(logger.lines.some((l) => l.message.startsWith("Cannot ack")), false);
    assert.equal(await rabbit.count(queue), 0, "acked on the original connection");
  },
});

Deno.test({
  name: "AmqpJobConsumer stops when its signal is aborted",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("signal");
    const runner = new GatedRunner();
    const controller = new AbortController();
    const listener = consumer(queue, runner, { signal: controller.signal });
    await listener.start();
    controller.abort();
    await listener.stop();
    rabbit.send(queue, job("late"));
    await until(async () => (await rabbit.count(queue)) === 1, "job left in the queue");
    assert.deepEqual(runner.seen, []);
  },
});

Deno.test({
  name: "AmqpJobConsumer retries an unreachable broker with growing delays until stopped",
  ignore: noRabbit,
  async fn() {
    const clock = new FakeClock();
    const logger = new RecordingLogger();
    const listener = consumer("never-used", new GatedRunner(), {
      connection: { ...BROKER, pass: "wrong-password" },
      clock,
      logger,
      reconnectInitialMs: 1_000,
    });
    const started = listener.start();
    const lost = () => logger.find("Connection to the queue lost, reconnecting");
    await until(() => lost().length === 1, "first failure");
    await clock.tick(500);
    await until(() => lost().length === 2, "second failure");
    assert.deepEqual(lost().map((l) => l.meta?.delay_ms), [500, 1_000]);
    assert.ok(!JSON.stringify(logger.lines).includes("wrong-password"));
    await listener.stop();
    await assert.rejects(started, /stopped/);
  },
});

Deno.test({
  name: "AmqpJobConsumer with a JobHandler pings the work while a long job runs",
  ignore: noRabbit,
  async fn() {
    await using rabbit = await RabbitFixture.open();
    const queue = await rabbit.queue("ping");
    const clock = new FakeClock();
    const calls: string[] = [];
    let finish = () => {};
    const handler = new JobHandler({
      connectorType: "INTERNAL_EXPORT_FILE",
      connectorUserId: "user-1",
      clock,
      callback: () => new Promise<string>((resolve) => finish = () => resolve("exported")),
      work: {
        toReceived: (id) => Promise.resolve(calls.push(`received ${id}`)),
        toProcessed: (id, message, inError) =>
          Promise.resolve(calls.push(`processed ${id} ${message} ${inError}`)),
        pingWork: (id) => Promise.resolve(calls.push(`ping ${id}`)),
      },
    });
    const listener = consumer(queue, handler, { clock, workPingIntervalMs: 300_000 });
    await listener.start();
    rabbit.send(queue, job("work-long"));
    await until(() => calls.length === 1, "job started");
    await clock.tick(299_000);
    assert.deepEqual(calls, ["received work-long"]);
    await clock.tick(1_000);
    await clock.tick(300_000);
    assert.deepEqual(calls, ["received work-long", "ping work-long", "ping work-long"]);
    finish();
    await until(() => calls.length === 4, "job over");
    await clock.tick(600_000);
    await listener.stop();
    assert.deepEqual(calls.slice(3), ["processed work-long exported false"]);
    assert.equal(clock.pending, 0);
  },
});

Deno.test({
  name: "End to end: an enrichment job from the platform's queue sends its bundle back in the work",
  ignore: noRabbit,
  async fn() {
    await using platform = await startPushPlatform("INTERNAL_ENRICHMENT");
    const { emulator, client, registration, publisher } = platform;
    const config = registration.config;
    const pusher = new BundlePusher({
      connectorId: registration.id,
      publisher,
      addExpectations: (workId, expectations) =>
        workAddExpectations(client, { workId, expectations }),
    });
    const ip = "ipv4-addr--8c7d5c2e-0000-4000-8000-00000000000a";
    const handler = new JobHandler({
      connectorType: "INTERNAL_ENRICHMENT",
      connectorUserId: registration.connector_user_id,
      work: createWorkReporter(client),
      enrichment: {
        readEntity: (id) => Promise.resolve({ id: "internal-ip", standard_id: id }),
        exportEntity: () => Promise.reject(new Error("stix_objects are sent")),
      },
      callback: async (event, job) => {
        const entity = event.stix_entity as StixObject;
        const note = {
          type: "note",
          id: "note--8c7d5c2e-0000-4000-8000-00000000000b",
          content: "seen in a botnet",
          object_refs: [entity.id],
        };
        const { bundles } = await pusher.push(
          {
            type: "bundle",
            id: "bundle--8c7d5c2e-0000-4000-8000-00000000000c",
            objects: [entity, note],
          },
          { workId: job.workId, applicantId: job.applicantId, draftId: job.draftId },
        );
        return `${bundles.length} bundles sent`;
      },
    });
    await using listener = new AmqpJobConsumer({
      connection: config.connection,
      queue: config.listen,
      handler,
      ackMode: "after",
    });
    await listener.start();
    const entity = { id: ip, type: "ipv4-addr", value: "1.2.3.4" };
    const { workId } = await emulator.sendJob(registration.id, {
      type: "enrichment",
      entityId: ip,
      applicantId: "analyst-1",
      stixEntity: entity,
      stixObjects: [entity],
    });
    await emulator.waitFor(() => emulator.state.works.get(workId!)?.status === "complete");
    const work = emulator.state.works.get(workId!)!;
    assert.equal(work.expected, 2);
    assert.equal(work.processed, 2);
    assert.deepEqual(work.messages.map((m) => m.message), [
      "Connector ready to process the operation",
      "2 bundles sent",
    ]);
    assert.deepEqual(
      emulator.state.pushedBundles.map((b) => [b.workId, b.applicantId, b.actionSequence]).sort(),
      [[workId, "analyst-1", 1], [workId, "analyst-1", 2]],
    );
  },
});
