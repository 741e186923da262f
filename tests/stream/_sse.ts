// Shared by the stream tests: a loopback server in front of a StreamLog (the emulator's token
// check and routing), polling without timed assertions, a seeded RNG, STIX-ish objects and
// ready-made events for the wrappers.
import type { StreamEvent } from "../../stream/mod.ts";
import type { StreamLog, StreamLogStixObject } from "../../testing/stream_log.ts";

export const TOKEN = "d434ce02-e58e-4cac-8b4c-42bf16748e84";

export interface LogServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `log` like the emulator: bearer check, then GET /stream and /stream/<id>. */
export function serveLog(log: StreamLog, token: string = TOKEN): LogServer {
  const server = Deno.serve({ port: 0, hostname: "127.0.0.1", onListen() {} }, (request) => {
    const { pathname } = new URL(request.url);
    const match = /^\/stream(?:\/([^/]+))?$/.exec(pathname);
    if (request.method !== "GET" || !match) return new Response("not found", { status: 404 });
    if (request.headers.get("authorization") !== `Bearer ${token}`) {
      return new Response(null, { status: 401, statusText: "You are not authenticated" });
    }
    return log.handle(request, match[1] ?? null);
  });
  return {
    url: `http://127.0.0.1:${server.addr.port}`,
    async close() {
      await log.close();
      await server.shutdown();
    },
  };
}

/** Polls `condition` every few ms; fails (instead of hanging) after `limitMs`. */
export async function waitFor(
  condition: () => boolean,
  what: string,
  limitMs = 20_000,
): Promise<void> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > limitMs) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** mulberry32: a small deterministic RNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function indicator(n: number, extra: Record<string, unknown> = {}): StreamLogStixObject {
  const hex = n.toString(16).padStart(12, "0");
  return {
    id: `indicator--00000000-0000-4000-8000-${hex}`,
    type: "indicator",
    spec_version: "2.1",
    name: `indicator ${n}`,
    pattern: `[ipv4-addr:value = '10.0.${(n >> 8) & 255}.${n & 255}']`,
    pattern_type: "stix",
    ...extra,
  };
}

/** A `create` event as the listener hands it to a consumer, with id `1700000000000-<n>`. */
export function streamEvent(n: number): StreamEvent {
  return {
    type: "create",
    id: `1700000000000-${n}`,
    data: {
      version: "4",
      data: { id: `indicator--${n}`, type: "indicator" },
      message: "",
      origin: {},
    },
  };
}

/** Awaits a rejection of class `type` and returns the error, for assertions on its fields. */
export async function rejectsWith<T extends Error>(
  promise: Promise<unknown>,
  // deno-lint-ignore no-explicit-any
  type: new (...args: any[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw new Error(`expected a ${type.name}, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a ${type.name} rejection, got a resolution`);
}
