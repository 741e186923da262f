import assert from "node:assert/strict";
import { FakeClock } from "../../testing/fake_clock.ts";
import { StreamLog, type StreamLogStixObject } from "../../testing/stream_log.ts";

interface WireEvent {
  id?: string;
  event?: string;
  data?: string;
  retry?: string;
}

/** A raw SSE client: reads the body and splits it into events, without the stream module. */
class RawSse {
  readonly events: WireEvent[] = [];
  text = "";
  ended = false;
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #decoder = new TextDecoder();
  #parsed = 0;

  constructor(response: Response) {
    this.#reader = response.body!.getReader();
  }

  /** Reads until `count` events arrived or the body ended. */
  async read(count: number): Promise<WireEvent[]> {
    while (this.events.length < count && !this.ended) {
      const { done, value } = await this.#reader.read();
      if (done) this.ended = true;
      else this.text += this.#decoder.decode(value, { stream: true });
      let end: number;
      while ((end = this.text.indexOf("\n\n", this.#parsed)) !== -1) {
        const event: WireEvent = {};
        for (const line of this.text.slice(this.#parsed, end).split("\n")) {
          const colon = line.indexOf(":");
          const field = line.slice(0, colon) as keyof WireEvent;
          event[field] = line.slice(colon + 2);
        }
        this.events.push(event);
        this.#parsed = end + 2;
      }
    }
    return this.events;
  }

  /** Bytes received after the last complete event. */
  get rest(): string {
    return this.text.slice(this.#parsed);
  }

  cancel(): Promise<void> {
    return this.#reader.cancel();
  }
}

function object(n: number, extra: Record<string, unknown> = {}): StreamLogStixObject {
  return { id: `indicator--${n}`, type: "indicator", name: `i${n}`, ...extra };
}

async function withLog(
  log: StreamLog,
  run: (get: (path: string, headers?: HeadersInit) => Promise<Response>) => Promise<void>,
): Promise<void> {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const id = new URL(request.url).pathname.split("/")[2];
    return log.handle(request, id ?? null);
  });
  const base = `http://127.0.0.1:${server.addr.port}`;
  try {
    await run((path, headers = {}) => fetch(`${base}${path}`, { headers }));
  } finally {
    await log.close();
    await server.shutdown();
  }
}

Deno.test("StreamLog ids are <ms>-<seq> and strictly increasing", () => {
  let now = 1_000;
  const clock = { now: () => now, setTimeout: () => 0, clearTimeout() {} };
  const log = new StreamLog({ clock });
  const id = () => log.append("create", object(1)).id;
  const ids = [id(), id()];
  now = 900; // the clock stepped back: ids must not
  ids.push(id());
  now = 2_000;
  ids.push(id());
  assert.deepEqual(ids, ["1000-0", "1000-1", "1000-2", "2000-0"]);
  assert.throws(() => log.append("upsert" as "create", object(3)), TypeError);
  assert.throws(() => log.append("create", { type: "x" } as StreamLogStixObject), TypeError);
  assert.throws(() => log.scheduleCut(-1), RangeError);
  for (const heartbeatMs of [0, 2 ** 31, Number.POSITIVE_INFINITY]) {
    assert.throws(() => new StreamLog({ heartbeatMs }), RangeError);
  }
});

Deno.test("StreamLog speaks the platform's wire format", async () => {
  const clock = new FakeClock(1_700_000_000_000);
  const log = new StreamLog({ clock, heartbeatMs: 1_000, retryMs: 250 });
  const first = log.append("create", object(1), { origin: { user_id: "u1" } });
  await withLog(log, async (get) => {
    const response = await get("/stream/live", { "Last-Event-ID": "0-0" });
    assert.equal(response.headers.get("content-type"), "text/event-stream; charset=utf-8");
    const sse = new RawSse(response);
    const [retry, connected, created] = await sse.read(3);
    assert.equal(retry?.retry, "250");
    assert.equal(connected?.event, "connected");
    assert.equal(connected?.id, undefined);
    assert.equal(JSON.parse(connected!.data!).lastEventId, first.id);
    assert.equal(created?.id, "1700000000000-0");
    assert.equal(created?.event, "create");
    assert.deepEqual(JSON.parse(created!.data!), {
      version: "4",
      type: "create",
      scope: "external",
      data: object(1),
      message: "creates a indicator `i1`",
      origin: { user_id: "u1" },
    });
    await clock.tick(1_000);
    const [, , , heartbeat] = await sse.read(4);
    assert.deepEqual(heartbeat, {
      id: first.id,
      event: "heartbeat",
      data: JSON.stringify(new Date(1_700_000_000_000).toISOString()),
    });
    log.stopHeartbeats();
    const second = log.append("update", object(1, { name: "j" }));
    await clock.tick(1_000);
    const events = await sse.read(5);
    assert.equal(events[4]?.id, second.id);
    assert.equal(events[4]?.event, "update");
    await sse.cancel();
  });
});

Deno.test("StreamLog starts after Last-Event-ID or from, or live-only without a position", async () => {
  const log = new StreamLog();
  const entries = [1, 2, 3].map((n) => log.append("create", object(n)));
  await withLog(log, async (get) => {
    const afterFirst = new RawSse(await get("/stream", { "Last-Event-ID": entries[0]!.id }));
    const events = await afterFirst.read(3);
    assert.deepEqual(events.slice(1).map((e) => e.id), [entries[1]!.id, entries[2]!.id]);
    await afterFirst.cancel();

    const fromParam = new RawSse(await get(`/stream/live?from=${entries[1]!.id}`));
    assert.equal((await fromParam.read(2))[1]?.id, entries[2]!.id);
    await fromParam.cancel();

    const live = new RawSse(await get("/stream/live"));
    await live.read(1);
    const fresh = log.append("create", object(4));
    assert.deepEqual((await live.read(2)).map((e) => e.id), [undefined, fresh.id]);
    await live.cancel();
  });
});

Deno.test("StreamLog honours listen-delete, with-inferences and no-dependencies", async () => {
  const log = new StreamLog();
  const inferred = {
    extensions: {
      "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba": { is_inferred: true },
    },
  };
  const author = log.append("create", { id: "identity--a", type: "identity", name: "ACME" });
  const marking = log.append("create", { id: "marking-definition--m", type: "marking-definition" });
  log.append("create", object(1, { created_by_ref: "identity--a" }));
  log.append("create", object(2, inferred));
  log.append("delete", object(1));
  const report = log.append("create", {
    id: "report--r",
    type: "report",
    object_refs: ["indicator--2", "identity--a"],
    object_marking_refs: [marking.payload.data.id],
  });
  const start = author.id;
  await withLog(log, async (get) => {
    const take = async (headers: HeadersInit, count: number) => {
      const sse = new RawSse(await get("/stream/live", { "Last-Event-ID": start, ...headers }));
      const events = await sse.read(count);
      await sse.cancel();
      return events.slice(1).map((e) => {
        const data = JSON.parse(e.data!);
        return `${e.event} ${data.data.id}${
          data.origin.referer ? ` (${data.origin.referer})` : ""
        }`;
      });
    };
    assert.deepEqual(await take({ "no-dependencies": "true" }, 5), [
      "create marking-definition--m",
      "create indicator--1",
      "delete indicator--1",
      "create report--r",
    ]);
    assert.deepEqual(
      await take(
        { "no-dependencies": "true", "listen-delete": "false", "with-inferences": "true" },
        5,
      ),
      [
        "create marking-definition--m",
        "create indicator--1",
        "create indicator--2",
        "create report--r",
      ],
    );
    // Dependencies: referenced objects not sent yet on this connection come first, under the
    // referencing event's id; identity--a (before the start) too, indicator--2 is inferred.
    const sse = new RawSse(
      await get("/stream/live", { "Last-Event-ID": start, "no-dependencies": "false" }),
    );
    const events = (await sse.read(6)).slice(1);
    await sse.cancel();
    const summary = events.map((e) => {
      const data = JSON.parse(e.data!);
      return `${e.id} ${e.event} ${data.data.id}${
        data.origin.referer ? ` (${data.origin.referer})` : ""
      }`;
    });
    const indicatorId = log.entries[2]!.id;
    assert.deepEqual(summary.slice(0, 3), [
      `${marking.id} create marking-definition--m`,
      `${indicatorId} create identity--a (dependencies)`,
      `${indicatorId} create indicator--1`,
    ]);
    assert.equal(summary[3], `${log.entries[4]!.id} delete indicator--1`);
    assert.equal(summary[4], `${report.id} create report--r`);
  });
});

Deno.test("StreamLog recover: latest version of objects changed up to the date, then live", async () => {
  const clock = new FakeClock(Date.UTC(2025, 0, 1));
  const log = new StreamLog({ clock });
  log.append("create", object(1));
  await clock.tick(1_000);
  const updated = log.append("update", object(1, { name: "v2" }));
  const gone = log.append("create", object(2));
  log.append("delete", object(2));
  await clock.tick(60_000);
  const after = log.append("create", object(3));
  assert.ok(gone);
  const recover = new Date(Date.UTC(2025, 0, 1, 0, 0, 30)).toISOString();
  await withLog(log, async (get) => {
    const sse = new RawSse(
      await get(`/stream/live?recover=${recover}`, { "Last-Event-ID": "0-0" }),
    );
    const events = (await sse.read(3)).slice(1);
    await sse.cancel();
    const first = JSON.parse(events[0]!.data!);
    assert.equal(events[0]?.id, updated.id);
    assert.equal(events[0]?.event, "create");
    assert.equal(first.data.name, "v2");
    assert.deepEqual(first.origin, { referer: "init" });
    assert.equal(events[1]?.id, after.id);

    const noStart = await get(`/stream/live?recover=${recover}`);
    assert.equal(noStart.status, 500);
    await noStart.body?.cancel();
    // The raw stream ignores recover.
    const raw = new RawSse(await get(`/stream?recover=${recover}`, { "Last-Event-ID": "0-0" }));
    assert.equal((await raw.read(6)).length, 6);
    await raw.cancel();
  });
});

Deno.test("StreamLog collections: 401 unknown, 410 stopped, filters, streamCollection", async () => {
  const log = new StreamLog();
  log.addStream("c1", {
    name: "Reports",
    public: true,
    filter: (entry) => entry.payload.data.type === "report",
  });
  log.append("create", object(1));
  const report = log.append("create", { id: "report--1", type: "report" });
  assert.deepEqual(log.streamCollection("c1"), {
    id: "c1",
    name: "Reports",
    description: null,
    stream_live: true,
    stream_public: true,
  });
  assert.equal(log.streamCollection("nope"), null);
  await withLog(log, async (get) => {
    const unknown = await get("/stream/nope");
    assert.equal(unknown.status, 401);
    await unknown.body?.cancel();
    const sse = new RawSse(await get("/stream/c1", { "Last-Event-ID": "0-0" }));
    assert.deepEqual((await sse.read(2)).map((e) => e.id), [undefined, report.id]);
    log.stopStream("c1");
    await sse.read(3);
    assert.ok(sse.ended, "stopping a stream closes its connections");
    assert.equal(log.streamCollection("c1")?.stream_live, false);
    const stopped = await get("/stream/c1");
    assert.equal(stopped.status, 410);
    await stopped.body?.cancel();
    // The platform's reason phrase (Deno's server does not send custom ones on the wire).
    const direct = log.handle(new Request("http://x/stream/c1"), "c1");
    assert.equal(direct.statusText, "This live stream is stopped");
    log.startStream("c1");
    const again = await get("/stream/c1");
    assert.equal(again.status, 200);
    await again.body?.cancel();
  });
  assert.deepEqual(log.requests.map((r) => `${r.streamId} ${r.status}`), [
    "nope 401",
    "c1 200",
    "c1 410",
    "c1 410",
    "c1 200",
  ]);
  assert.throws(() => log.stopStream("nope"), RangeError);
});

Deno.test("StreamLog faults: scheduled cuts (clean and mid-event), cut and freeze", async () => {
  const log = new StreamLog({ heartbeatMs: 5 });
  const entries = [1, 2, 3, 4].map((n) => log.append("create", object(n)));
  log.scheduleCut(2);
  log.scheduleCut(1, { partial: true });
  await withLog(log, async (get) => {
    const clean = new RawSse(await get("/stream/live", { "Last-Event-ID": "0-0" }));
    const cleanEvents = await clean.read(100);
    assert.ok(clean.ended);
    assert.deepEqual(cleanEvents.slice(1).map((e) => e.id), [entries[0]!.id, entries[1]!.id]);
    assert.equal(clean.rest, "");

    const partial = new RawSse(await get("/stream/live", { "Last-Event-ID": entries[1]!.id }));
    const partialEvents = await partial.read(100);
    assert.ok(partial.ended);
    assert.deepEqual(partialEvents.slice(1).map((e) => e.id), [entries[2]!.id]);
    assert.ok(
      partial.rest.startsWith(`id: ${entries[3]!.id}\nevent: create\ndata: {`),
      partial.rest,
    );
    assert.ok(!partial.rest.endsWith("\n\n"));

    const cut = new RawSse(await get("/stream/live", { "Last-Event-ID": "0-0" }));
    await cut.read(5);
    assert.equal(log.openConnections, 1);
    log.cutConnections();
    await cut.read(100);
    assert.ok(cut.ended);

    const frozen = new RawSse(await get("/stream/live", { "Last-Event-ID": entries[3]!.id }));
    await frozen.read(2); // connected + a heartbeat
    log.freezeConnections();
    const before = frozen.text.length;
    log.append("create", object(5));
    const pending = frozen.read(100);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(frozen.text.length, before);
    await log.close();
    await pending;
    assert.ok(frozen.ended);
    assert.equal(log.openConnections, 0);
    const closed = await get("/stream/live");
    assert.equal(closed.status, 503);
    await closed.body?.cancel();
  });
});
