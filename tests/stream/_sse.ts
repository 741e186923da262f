// Shared by the stream tests: a loopback server in front of a StreamLog (the emulator's token
// check and routing), STIX-ish objects and ready-made events for the wrappers.
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
