// Live stream throughput: `deno run -A bench/stream.ts`.
//
// A worker thread serves 50,000 OpenCTI-shaped SSE events (`event: create`, `id: <ms>-<seq>`,
// `data:` {data: STIX indicator, message, origin, version}), after an `event: connected` and
// with a heartbeat every 1,000 events, from pre-encoded bytes, so serving costs the consumer's
// thread nothing. For each event size (500 B and 2,000 B of SSE text) it times:
// - stream: listenStream with a no-op callback and an in-memory state store, from the call to
//   the last event's callback;
// - floor: the least work any consumer must do on the same bytes from the same server: read
//   them, cut them at blank lines and JSON.parse each data field.
// One JSON line per size; figures are medians of 7 runs after a warm-up.
import { createMemoryStateStore, listenStream } from "../stream/mod.ts";

const EVENTS = 50_000;
const HEARTBEAT_EVERY = 1_000;
const RUNS = 7;
const SIZES = [500, 2_000];
const OPENCTI_EXTENSION = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba";

function uuid(n: number, salt: number): string {
  const hex = ((n * 2_654_435_761 + salt) >>> 0).toString(16).padStart(8, "0");
  return `${hex}-${hex.slice(0, 4)}-4${hex.slice(1, 4)}-8${hex.slice(5, 8)}-${hex}${
    hex.slice(0, 4)
  }`;
}

/** One event's SSE text, padded (STIX description) to `eventBytes` in all. */
function eventText(n: number, eventBytes: number): string {
  const id = `${1_700_000_000_000 + Math.floor(n / 3)}-${n % 3}`;
  const payload = {
    data: {
      id: `indicator--${uuid(n, 1)}`,
      spec_version: "2.1",
      type: "indicator",
      extensions: {
        [OPENCTI_EXTENSION]: { extension_type: "property-extension", type: "Indicator" },
      },
      pattern: `[ipv4-addr:value = '10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}']`,
      pattern_type: "stix",
      description: "",
    },
    message: `creates a Indicator \`10.${(n >> 8) & 255}.${n & 255}\``,
    origin: { user_id: "88ec0c6a-13ce-5e39-b486-354fe4a7084f" },
    version: "4",
  };
  const frame = (): string => `id: ${id}\nevent: create\ndata: ${JSON.stringify(payload)}\n\n`;
  payload.data.description = "x".repeat(Math.max(0, eventBytes - frame().length));
  return frame();
}

function buildBody(eventBytes: number): Uint8Array {
  const parts = ['event: connected\ndata: {"connectionId":"bench"}\n\n'];
  for (let n = 0; n < EVENTS; n++) {
    parts.push(eventText(n, eventBytes));
    if ((n + 1) % HEARTBEAT_EVERY === 0) {
      const id = `${1_700_000_000_000 + Math.floor(n / 3)}-${n % 3}`;
      parts.push(`id: ${id}\nevent: heartbeat\ndata: "2023-11-14T22:13:20.000Z"\n\n`);
    }
  }
  return new TextEncoder().encode(parts.join(""));
}

const inWorker = typeof (globalThis as { WorkerGlobalScope?: unknown }).WorkerGlobalScope !==
  "undefined";

if (inWorker) {
  // Server side: /<size>/stream/live → the pre-encoded body, then held open until cancelled.
  const bodies = new Map(SIZES.map((size) => [String(size), buildBody(size)]));
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const body = bodies.get(new URL(request.url).pathname.split("/")[1] ?? "");
    if (!body) return new Response(null, { status: 404 });
    let offset = 0;
    let hold: (() => void) | undefined;
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        if (offset < body.length) {
          controller.enqueue(body.subarray(offset, offset + 65_536));
          offset += 65_536;
          return;
        }
        await new Promise<void>((resolve) => hold = resolve);
      },
      cancel: () => hold?.(),
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream" } });
  });
  const sizes = Object.fromEntries([...bodies].map(([size, body]) => [size, body.length]));
  // Inside a worker, `postMessage` talks to the parent (main-thread typings lack it).
  (globalThis as unknown as { postMessage(message: unknown): void }).postMessage({
    port: server.addr.port,
    sizes,
  });
} else {
  const worker = new Worker(import.meta.url, { type: "module" });
  const { port, sizes } = await new Promise<{ port: number; sizes: Record<string, number> }>(
    (resolve) => worker.onmessage = (event) => resolve(event.data),
  );

  const floor = async (base: string, total: number): Promise<number> => {
    const started = performance.now();
    const response = await fetch(`${base}/stream/live`);
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let received = 0;
    let rest = "";
    let parsed = 0;
    while (received < total) {
      const { value } = await reader.read();
      received += value!.length;
      const text = rest + decoder.decode(value, { stream: true });
      let start = 0;
      let end: number;
      while ((end = text.indexOf("\n\n", start)) !== -1) {
        const data = text.indexOf("data:", start);
        if (data !== -1 && data < end) {
          JSON.parse(text.slice(data + 5, end));
          parsed++;
        }
        start = end + 2;
      }
      rest = text.slice(start);
    }
    const seconds = (performance.now() - started) / 1000;
    await reader.cancel();
    if (parsed !== EVENTS + 1 + EVENTS / HEARTBEAT_EVERY) throw new Error(`floor parsed ${parsed}`);
    return seconds;
  };

  const stream = async (base: string): Promise<number> => {
    const started = performance.now();
    let count = 0;
    let finished = 0;
    const listener = listenStream({
      url: base,
      token: "bench",
      liveStreamId: "live",
      recoverIsoDate: false,
      state: createMemoryStateStore(),
      callback: () => {
        if (++count === EVENTS) {
          finished = performance.now();
          void listener.stop();
        }
      },
    });
    await listener.done;
    if (count !== EVENTS) throw new Error(`listenStream delivered ${count}`);
    return (finished - started) / 1000;
  };

  const median = (values: number[]): number => values.sort((a, b) => a - b)[values.length >> 1]!;

  for (const size of SIZES) {
    const base = `http://127.0.0.1:${port}/${size}`;
    const total = sizes[String(size)]!;
    await floor(base, total);
    await stream(base);
    const floors: number[] = [];
    const streams: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      floors.push(await floor(base, total));
      streams.push(await stream(base));
    }
    const streamS = median(streams);
    const floorS = median(floors);
    const round = (value: number, digits: number) => Number(value.toFixed(digits));
    console.log(JSON.stringify({
      events: EVENTS,
      bytes: total,
      stream_s: round(streamS, 4),
      floor_s: round(floorS, 4),
      ratio: round(streamS / floorS, 3),
      events_per_s: Math.round(EVENTS / streamS),
    }));
  }
  worker.terminate();
}
