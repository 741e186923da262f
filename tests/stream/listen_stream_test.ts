import assert from "node:assert/strict";
import { sleep } from "../../core/sleep.ts";
import type { Logger } from "../../core/logger.ts";
import { getStreamCollection, OpenCTIApiClient } from "../../api/mod.ts";
import { createTlsFetch, resolveTlsOptions } from "../../tls/mod.ts";
import {
  createBatchCallback,
  createMemoryStateStore,
  createStreamCollectionResolver,
  listenStream,
  LiveStreamError,
  type StreamBatch,
  type StreamEvent,
} from "../../stream/mod.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { startOpenCTIEmulator } from "../../testing/emulator.ts";
import { StreamLog } from "../../testing/stream_log.ts";
import { makeTestPki } from "../tls/_certs.ts";
import { rejectsWith, until } from "../_async.ts";
import { seededRandom } from "../_doubles.ts";
import { indicator, serveLog, TOKEN } from "./_sse.ts";

function warningsTo(sink: (message: string) => void): Logger {
  return { debug() {}, info() {}, warning: (message) => sink(message), error() {} };
}

/** Advances a fake clock in steps until `condition` holds (real I/O runs in between). */
async function tickUntil(clock: FakeClock, condition: () => boolean, what: string, stepMs = 1_000) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > 20_000) throw new Error(`gave up waiting for ${what}`);
    await clock.tick(stepMs);
    await sleep(2);
  }
}

Deno.test("listenStream sends pycti's URL, headers and first-run state", async () => {
  const log = new StreamLog();
  const entry = log.append("create", indicator(1));
  const server = serveLog(log);
  const state = createMemoryStateStore();
  const client = Deno.createHttpClient({});
  const received: StreamEvent[] = [];
  const stream = listenStream({
    url: `${server.url}/`,
    token: TOKEN,
    liveStreamId: "live",
    state,
    client,
    listenDelete: "True",
    noDependencies: false,
    withInferences: true,
    startTimestamp: 1_700_000_000_000,
    recoverIsoDate: "2023-11-01T00:00:00Z",
    headers: { "x-extra": "1", authorization: "Bearer other" },
    callback: (event) => void received.push(event),
  });
  // The first-run state is written before any request.
  assert.deepEqual(state.getState(), {
    start_from: "1700000000000-0",
    recover_until: "2023-11-01T00:00:00Z",
  });
  await until(() => received.length === 1, "the event");
  await stream.stop();
  await server.close();
  client.close();

  const [request] = log.requests;
  assert.deepEqual(request?.url, `${server.url}/stream/live?recover=2023-11-01T00:00:00Z`);
  const headers = request!.headers;
  assert.deepEqual(headers["authorization"], `Bearer ${TOKEN}`);
  assert.deepEqual(headers["listen-delete"], "true");
  assert.deepEqual(headers["no-dependencies"], "false");
  assert.deepEqual(headers["with-inferences"], "true");
  assert.deepEqual(headers["cache-control"], "no-cache");
  assert.deepEqual(headers["accept"], "text/event-stream");
  assert.deepEqual(headers["last-event-id"], "1700000000000-0");
  assert.deepEqual(headers["x-extra"], "1");
  assert.deepEqual(received[0]?.id, entry.id);
  assert.deepEqual(state.getState(), {
    start_from: entry.id,
    recover_until: "2023-11-01T00:00:00Z",
  });
});

Deno.test("listenStream first run defaults: 0-0 and recover=now; no recover when false", async () => {
  const clock = new FakeClock(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
  const log = new StreamLog();
  const server = serveLog(log);
  const state = createMemoryStateStore();
  const first = listenStream({ url: server.url, token: TOKEN, liveStreamId: "live", state, clock });
  assert.deepEqual(state.getState(), { start_from: "0-0", recover_until: "2026-01-02T03:04:05Z" });
  await until(() => log.requests.length === 1, "the first request");
  await first.stop();
  assert.deepEqual(log.requests[0]?.url, `${server.url}/stream/live?recover=2026-01-02T03:04:05Z`);
  assert.deepEqual(log.requests[0]?.headers["last-event-id"], "0-0");
  // pycti's defaults for the three flags.
  assert.deepEqual(log.requests[0]?.headers["listen-delete"], "true");
  assert.deepEqual(log.requests[0]?.headers["no-dependencies"], "true");
  assert.deepEqual(log.requests[0]?.headers["with-inferences"], "false");

  for (const recoverIsoDate of [false, "None"] as const) {
    const fresh = createMemoryStateStore();
    const stream = listenStream({ url: server.url, token: TOKEN, state: fresh, recoverIsoDate });
    const count = log.requests.length;
    await until(() => log.requests.length === count + 1, "the request");
    await stream.stop();
    assert.deepEqual(log.requests.at(-1)?.url, `${server.url}/stream`);
    assert.deepEqual(log.requests.at(-1)?.streamId, null);
    assert.deepEqual(fresh.getState()?.recover_until, recoverIsoDate);
  }
  await server.close();
});

Deno.test("listenStream resumes from legacy state keys and moves them to the current keys", async () => {
  const log = new StreamLog();
  const entries = [0, 1, 2].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const state = createMemoryStateStore({
    connectorLastEventId: entries[0]!.id,
    connectorStartTime: "2020-01-01T00:00:00Z",
    start_from: "0-0",
    recover_until: "2019-01-01T00:00:00Z",
    custom: "kept",
  });
  const received: string[] = [];
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state,
    callback: (event) => void received.push(event.id),
  });
  await until(() => received.length === 2, "two events");
  await stream.stop();
  await server.close();
  assert.deepEqual(log.requests[0]?.headers["last-event-id"], entries[0]!.id);
  assert.deepEqual(log.requests[0]?.url, `${server.url}/stream/live?recover=2020-01-01T00:00:00Z`);
  assert.deepEqual(received, [entries[1]!.id, entries[2]!.id]);
  assert.deepEqual(state.getState(), {
    start_from: entries[2]!.id,
    recover_until: "2020-01-01T00:00:00Z",
    custom: "kept",
  });
});

Deno.test("listenStream refuses a state without recover_until, naming the key", async () => {
  const log = new StreamLog();
  const server = serveLog(log);
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    state: createMemoryStateStore({ start_from: "0-0" }),
  });
  const error = await rejectsWith(stream.done, LiveStreamError);
  assert.ok(error.message.includes('"recover_until"'), error.message);
  assert.deepEqual(log.requests.length, 0);
  await server.close();
});

Deno.test("listenStream delivers typed events and consumes heartbeats", async () => {
  const log = new StreamLog({ heartbeatMs: 5 });
  const object = indicator(7);
  const entries = [
    log.append("create", object),
    log.append("update", { ...object, name: "renamed" }, { context: { patch: [] } }),
    log.append("merge", object),
    log.append("delete", object),
  ];
  const server = serveLog(log);
  const state = createMemoryStateStore();
  const received: StreamEvent[] = [];
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state,
    callback: (event) => void received.push(event),
  });
  await until(() => received.length === 4 && stream.stats.heartbeats >= 2, "events, heartbeats");
  await stream.stop();
  await server.close();
  assert.deepEqual(received.map((e) => e.type), ["create", "update", "merge", "delete"]);
  assert.deepEqual(received.map((e) => e.id), entries.map((e) => e.id));
  assert.deepEqual(received[1]?.data.data.name, "renamed");
  assert.deepEqual(received[1]?.data.context, { patch: [] });
  assert.deepEqual(received[0]?.data.message, "creates a indicator `indicator 7`");
  assert.deepEqual(received[0]?.data.version, "4");
  // Heartbeats carry the last id: the position sits on it.
  assert.deepEqual(state.getState()?.start_from, entries[3]!.id);
  assert.deepEqual(stream.stats.events, 4);
});

Deno.test("listenStream saves the position only after the callback succeeded", async () => {
  const log = new StreamLog();
  const entries = [0, 1, 2, 3, 4].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const state = createMemoryStateStore();
  const received: string[] = [];
  let failed = false;
  const failing = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state,
    callback: (event) => {
      received.push(event.id);
      if (event.id === entries[2]!.id && !failed) {
        failed = true;
        throw new Error("export target unavailable");
      }
    },
  });
  const error = await rejectsWith(failing.done, LiveStreamError);
  assert.deepEqual((error.cause as Error).message, "export target unavailable");
  assert.deepEqual(error.position, entries[1]!.id);
  assert.deepEqual(state.getState()?.start_from, entries[1]!.id);

  const resumed = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state,
    callback: (event) => void received.push(event.id),
  });
  await until(() => received.length === 6, "the replay");
  await resumed.stop();
  await server.close();
  // The failed event is delivered again (at-least-once); nothing else is.
  assert.deepEqual(received, [0, 1, 2, 2, 3, 4].map((n) => entries[n]!.id));
  assert.deepEqual(state.getState()?.start_from, entries[4]!.id);
});

Deno.test("listenStream: 10,000 events, 50 seeded cuts, 3 failing callbacks", async () => {
  const log = new StreamLog();
  for (let n = 0; n < 10_000; n++) {
    log.append(n % 5 === 2 ? "update" : "create", indicator(n));
  }
  const ids = log.entries.map((entry) => entry.id);
  const random = seededRandom(20_260_101);
  const points = new Set<number>();
  while (points.size < 50) points.add(1 + Math.floor(random() * 8_999));
  const cuts = [...points].sort((a, b) => a - b);
  let previous = 0;
  cuts.forEach((point, k) => {
    log.scheduleCut(point - previous, { partial: k % 2 === 0 });
    previous = point;
  });
  // Failures after the last cut, so every cut lands where it was planned.
  const failAt = new Set<string>();
  while (failAt.size < 3) failAt.add(ids[9_100 + Math.floor(random() * 899)]!);

  const server = serveLog(log);
  const state = createMemoryStateStore();
  const delivered: string[] = [];
  const completed: string[] = [];
  const failedOnce = new Set<string>();
  const reconnectedAt: number[] = [];
  let restarts = 0;
  let reconnects = 0;
  while (completed.length < ids.length) {
    const stream = listenStream({
      url: server.url,
      token: TOKEN,
      liveStreamId: "live",
      state,
      retryMs: 1,
      random,
      logger: warningsTo(() => reconnectedAt.push(completed.length)),
      callback: (event) => {
        delivered.push(event.id);
        if (failAt.has(event.id) && !failedOnce.has(event.id)) {
          failedOnce.add(event.id);
          throw new Error(`transient failure on ${event.id}`);
        }
        completed.push(event.id);
        if (completed.length === ids.length) void stream.stop();
      },
    });
    try {
      await stream.done;
    } catch (error) {
      assert.ok(error instanceof LiveStreamError, String(error));
      restarts++;
    }
    reconnects += stream.stats.reconnects;
  }
  await server.close();

  // Every event, in order, none skipped.
  assert.deepEqual(completed, ids);
  // Duplicates only for events whose callback did not complete, each exactly once more.
  const counts = new Map<string, number>();
  for (const id of delivered) counts.set(id, (counts.get(id) ?? 0) + 1);
  const duplicated = [...counts].filter(([, count]) => count > 1);
  assert.deepEqual(delivered.length - counts.size, 3);
  assert.deepEqual(new Set(duplicated.map(([id]) => id)), failAt);
  assert.ok(duplicated.every(([, count]) => count === 2));
  // The connection broke exactly at the planned points and resumed right there.
  assert.deepEqual(reconnectedAt, cuts);
  assert.deepEqual(reconnects, 50);
  assert.deepEqual(restarts, 3);
  assert.deepEqual(log.requests.length, 1 + 50 + 3);
  assert.deepEqual(state.getState()?.start_from, ids.at(-1));
});

Deno.test("listenStream reconnects a silent stream after the watchdog timeout", async () => {
  const clock = new FakeClock();
  const log = new StreamLog();
  log.stopHeartbeats();
  const entries = [0, 1].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const received: string[] = [];
  const warnings: string[] = [];
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state: createMemoryStateStore(),
    clock,
    retryMs: 1_000,
    random: () => 0,
    logger: warningsTo((message) => warnings.push(message)),
    callback: (event) => void received.push(event.id),
  });
  await until(() => received.length === 2, "the first events");
  // A hung connection: the event appended now never comes through it.
  log.freezeConnections();
  entries.push(log.append("create", indicator(2)));
  await clock.tick(44_000);
  await sleep(20);
  assert.deepEqual(stream.stats.connections, 1);
  await tickUntil(clock, () => stream.stats.connections === 2, "the reconnection");
  await until(() => received.length === 3, "the event after reconnecting");
  await stream.stop();
  await server.close();
  assert.deepEqual(received, entries.map((e) => e.id));
  assert.deepEqual(log.requests[1]?.headers["last-event-id"], entries[1]!.id);
  assert.deepEqual(stream.stats.reconnects, 1);
  assert.ok(
    warnings.includes("Time since last heartbeat exceeded 45s, reconnecting"),
    warnings.join(),
  );
});

Deno.test("listenStream: a 2-minute callback does not trip the 45 s watchdog", async () => {
  const clock = new FakeClock();
  const log = new StreamLog();
  log.stopHeartbeats();
  const entries = [0, 1].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const received: string[] = [];
  let slowStarted = false;
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state: createMemoryStateStore(),
    clock,
    callback: async (event) => {
      if (event.id === entries[0]!.id) {
        slowStarted = true;
        await sleep(120_000, { clock });
      }
      received.push(event.id);
    },
  });
  await until(() => slowStarted, "the slow callback");
  for (let elapsed = 0; elapsed < 120_000; elapsed += 5_000) await clock.tick(5_000);
  await until(() => received.length === 2, "both events");
  entries.push(log.append("create", indicator(2)));
  await until(() => received.length === 3, "the next event on the same connection");
  await stream.stop();
  await server.close();
  assert.deepEqual(received, entries.map((e) => e.id));
  assert.deepEqual(stream.stats.connections, 1);
  assert.deepEqual(stream.stats.reconnects, 0);
  assert.deepEqual(log.requests.length, 1);
});

Deno.test("listenStream waits while the stream answers 410, then resumes", async () => {
  const log = new StreamLog();
  log.addStream("b1f0c3d2", { name: "Indicators" });
  const entries = [0, 1, 2].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const received: string[] = [];
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "b1f0c3d2",
    state: createMemoryStateStore(),
    retryMs: 2,
    maxRetryMs: 20,
    callback: (event) => void received.push(event.id),
  });
  await until(() => received.length === 3, "the first events");
  log.stopStream("b1f0c3d2");
  entries.push(log.append("create", indicator(3)), log.append("create", indicator(4)));
  await until(() => log.requests.filter((r) => r.status === 410).length >= 3, "410 answers");
  assert.deepEqual(received.length, 3);
  log.startStream("b1f0c3d2");
  await until(() => received.length === 5, "the events after the restart");
  await stream.stop();
  await server.close();
  assert.deepEqual(received, entries.map((e) => e.id));
  const resumed = log.requests.at(-1)!;
  assert.deepEqual(resumed.status, 200);
  assert.deepEqual(resumed.headers["last-event-id"], entries[2]!.id);
  assert.ok(stream.stats.reconnects >= 4);
});

Deno.test("listenStream stops with a typed error on 401", async () => {
  const log = new StreamLog();
  const server = serveLog(log, "another-token");
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    state: createMemoryStateStore(),
    liveStreamId: "live",
  });
  const error = await rejectsWith(stream.done, LiveStreamError);
  assert.deepEqual(error.status, 401);
  assert.deepEqual(error.position, "0-0");
  assert.ok(error.message.includes("HTTP 401"), error.message);
  assert.ok(!error.message.includes(TOKEN), "the token must not leak into the message");
  assert.deepEqual(stream.stats.connections, 0);
  await server.close();
});

Deno.test("listenStream stops with a typed error on an unparseable event", async () => {
  const server = Deno.serve(
    { port: 0, hostname: "127.0.0.1", onListen() {} },
    () => new Response("id: 1700000000000-0\nevent: create\ndata: {oops\n\n"),
  );
  const stream = listenStream({
    url: `http://127.0.0.1:${server.addr.port}`,
    token: TOKEN,
    state: createMemoryStateStore(),
    callback: () => {},
  });
  const error = await rejectsWith(stream.done, LiveStreamError);
  assert.ok(error.message.includes("1700000000000-0"), error.message);
  assert.deepEqual(error.position, "0-0");
  await server.shutdown();
});

Deno.test("listenStream honours the server's retry: field", async () => {
  const clock = new FakeClock();
  const log = new StreamLog({ retryMs: 5 });
  log.append("create", indicator(0));
  log.scheduleCut(1);
  const server = serveLog(log);
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state: createMemoryStateStore(),
    clock,
    retryMs: 60_000,
    random: () => 0,
  });
  const events: string[] = [];
  const consume = (async () => {
    for await (const event of stream) events.push(event.id);
  })();
  await until(() => stream.stats.reconnects === 1, "the cut");
  // retry: 5 → first delay 2.5 ms (equal jitter with random 0), not 30 s.
  await clock.tick(3);
  await until(() => stream.stats.connections === 2, "the reconnection");
  await stream.stop();
  await consume;
  await server.close();
  assert.deepEqual(events, [log.entries[0]!.id]);
});

Deno.test("listenStream restarts from the configured start after a state reset", async () => {
  const log = new StreamLog();
  const entries = [0, 1, 2].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const state = createMemoryStateStore();
  const received: string[] = [];
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state,
    recoverIsoDate: false,
    callback: (event) => {
      received.push(event.id);
      // What a ping does when the state was reset from the UI.
      if (received.length === 2) state.setState({});
    },
  });
  await until(() => log.requests.length === 2 && received.at(-1) === entries[2]!.id, "restart");
  await until(() => state.getState()?.start_from === entries[2]!.id, "the new position");
  await stream.stop();
  await server.close();
  assert.deepEqual(log.requests[1]?.headers["last-event-id"], "0-0");
  assert.deepEqual(received.slice(-3), entries.map((e) => e.id));
  assert.deepEqual(state.getState(), { start_from: entries[2]!.id, recover_until: false });
});

Deno.test("listenStream as an AsyncIterable commits an event when the next is pulled", async () => {
  const log = new StreamLog();
  const entries = [0, 1, 2, 3, 4].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const state = createMemoryStateStore();
  const options = { url: server.url, token: TOKEN, liveStreamId: "live", state };
  const first: string[] = [];
  const stream = listenStream(options);
  for await (const event of stream) {
    first.push(event.id);
    if (first.length === 3) break;
  }
  await stream.done;
  // The third event's loop body did not finish (break): it stays uncommitted.
  assert.deepEqual(state.getState()?.start_from, entries[1]!.id);

  const second: string[] = [];
  {
    await using again = listenStream(options);
    for await (const event of again) {
      second.push(event.id);
      if (second.length === 3) await again.stop();
    }
  }
  await server.close();
  assert.deepEqual([...first, ...second], [0, 1, 2, 2, 3, 4].map((n) => entries[n]!.id));

  const withCallback = listenStream({ ...options, callback: () => {} });
  assert.equal(
    (() => {
      try {
        withCallback[Symbol.asyncIterator]();
        return "iterable";
      } catch (error) {
        return error instanceof TypeError ? "refused" : "other error";
      }
    })(),
    "refused",
  );
  await withCallback.stop();
});

Deno.test("listenStream with a batch callback: heartbeats never move the position past buffered events", async () => {
  const clock = new FakeClock();
  const log = new StreamLog({ heartbeatMs: 5 });
  const entries = [0, 1, 2].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const state = createMemoryStateStore();
  const batches: StreamBatch[] = [];
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state,
    callback: createBatchCallback((batch) => void batches.push(batch), {
      batchSize: 2,
      batchTimeout: 3_600,
      clock,
    }),
  });
  const heartbeatsAfter = () => stream.stats.heartbeats;
  await until(() => batches.length === 1 && stream.stats.events === 3, "the first batch");
  const seen = heartbeatsAfter();
  await until(() => heartbeatsAfter() >= seen + 3, "heartbeats behind the third event");
  // Heartbeats carry the third event's id, but it is still buffered.
  assert.deepEqual(state.getState()?.start_from, entries[1]!.id);
  await stream.stop();
  await server.close();
  assert.deepEqual(batches.map((b) => b.batch_metadata.trigger_reason), ["size_limit", "shutdown"]);
  assert.deepEqual(batches.map((b) => b.events.map((e) => e.id)), [
    [entries[0]!.id, entries[1]!.id],
    [entries[2]!.id],
  ]);
  assert.deepEqual(state.getState()?.start_from, entries[2]!.id);
});

Deno.test("listenStream stops when its signal aborts", async () => {
  const log = new StreamLog();
  const server = serveLog(log);
  const controller = new AbortController();
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    state: createMemoryStateStore(),
    signal: controller.signal,
    callback: () => {},
  });
  await until(() => stream.stats.connections === 1, "the connection");
  controller.abort();
  await stream.done;
  await server.close();
  assert.deepEqual(log.openConnections, 0);
});

Deno.test("listenStream stops when a batch fails, keeping the position before it", async () => {
  const log = new StreamLog();
  const entries = [0, 1, 2, 3].map((n) => log.append("create", indicator(n)));
  const server = serveLog(log);
  const state = createMemoryStateStore();
  const stream = listenStream({
    url: server.url,
    token: TOKEN,
    liveStreamId: "live",
    state,
    callback: createBatchCallback((batch) => {
      if (batch.events[0]!.id === entries[2]!.id) throw new Error("SIEM is down");
    }, { batchSize: 2 }),
  });
  const error = await rejectsWith(stream.done, LiveStreamError);
  await server.close();
  assert.equal(error.message, "The stream consumer failed: SIEM is down");
  assert.equal(error.position, entries[1]!.id);
  assert.equal(state.getState()?.start_from, entries[1]!.id);
});

Deno.test("listenStream against the emulator: collection lookup, 410, resume, revoked token", async () => {
  await using emulator = await startOpenCTIEmulator({ stream: { heartbeatMs: 20 } });
  const { id } = emulator.addStreamCollection({ name: "Indicators" });
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  const resolve = createStreamCollectionResolver((streamId) =>
    getStreamCollection(client, streamId)
  );
  assert.equal((await resolve(id))?.name, "Indicators");

  const entries = [0, 1, 2].map((n) => emulator.stream.append("create", indicator(n)));
  const state = createMemoryStateStore();
  const received: string[] = [];
  const stream = listenStream({
    url: emulator.url,
    token: emulator.token,
    liveStreamId: id,
    state,
    retryMs: 2,
    maxRetryMs: 20,
    callback: (event) => void received.push(event.id),
  });
  await until(() => received.length === 3, "the first events");
  emulator.stream.stopStream(id);
  entries.push(emulator.stream.append("delete", indicator(0)));
  await until(() => emulator.stream.requests.some((r) => r.status === 410), "a 410");
  emulator.stream.startStream(id);
  await until(() => received.length === 4, "the event after the restart");
  assert.deepEqual(received, entries.map((e) => e.id));
  await until(() => state.getState()?.start_from === entries[3]!.id, "the saved position");

  emulator.revokeToken();
  emulator.stream.cutConnections();
  const error = await rejectsWith(stream.done, LiveStreamError);
  assert.equal(error.status, 401);
  assert.equal(error.position, entries[3]!.id);
});

Deno.test("listenStream over HTTPS with the tls/ fetch: custom CA, and no verification", async () => {
  const pki = await makeTestPki();
  try {
    await using emulator = await startOpenCTIEmulator({
      tls: { cert: pki.pem.serverCert, key: pki.pem.serverKey },
    });
    const entry = emulator.stream.append("create", indicator(1));
    for (const options of [{ ca: pki.pem.ca }, { rejectUnauthorized: false }]) {
      using tls = createTlsFetch(await resolveTlsOptions(options));
      const received: string[] = [];
      const stream = listenStream({
        url: emulator.url,
        token: emulator.token,
        liveStreamId: "live",
        state: createMemoryStateStore(),
        fetch: tls.fetch,
        callback: (event) => void received.push(event.id),
      });
      await until(() => received.length === 1, `the event (${JSON.stringify(options)})`);
      await stream.stop();
      assert.deepEqual(received, [entry.id]);
    }
  } finally {
    await Deno.remove(pki.dir, { recursive: true });
  }
});

Deno.test("listenStream refuses timings a timer cannot hold instead of reconnecting in a loop", () => {
  const options = { url: "http://127.0.0.1:1", token: TOKEN, state: createMemoryStateStore() };
  for (const watchdogMs of [0, 2 ** 31, Number.POSITIVE_INFINITY, Number.NaN]) {
    assert.throws(() => listenStream({ ...options, watchdogMs }), (error: unknown) => {
      assert.ok(error instanceof RangeError, String(error));
      assert.match(
        error.message,
        new RegExp(`watchdogMs must be > 0 and at most 2147483647.*got ${watchdogMs}`),
      );
      return true;
    });
  }
  assert.throws(() => listenStream({ ...options, retryMs: -1 }), RangeError);
  assert.equal(options.state.getState(), null, "nothing written before the settings are checked");
});
