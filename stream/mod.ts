/**
 * The platform's live stream for stream connectors (SIEM/EDR exporters, synchronisers):
 * {@linkcode listenStream} follows `/stream[/{id}]` over SSE with pycti's URL, headers and
 * state keys, delivers typed events at-least-once, and recovers in-process from dropped or
 * silent connections and stopped streams; {@linkcode createBatchCallback} and
 * {@linkcode createRateLimiter} are pycti's batch and rate-limit wrappers, with their
 * parameters, metadata and validation messages.
 *
 * SSE parsing uses eventsource-parser's `createParser`, fed directly from the `fetch` body
 * reader rather than through its `EventSourceParserStream`: the listener then knows when it
 * is waiting on the socket (the only time its watchdog runs) and parses each received chunk
 * in one pass. The bench (`bench/stream.ts`) measures it against the least possible work.
 *
 * Differences from pycti, on purpose (the wire — URL, `recover`, headers, state keys — is
 * pycti's):
 * - Nothing kills the process. A dropped connection or a socket silent for 45 s reconnects
 *   from the last received id with jittered, growing backoff (from 3 s or the server's
 *   `retry:`, up to 60 s); HTTP 410, 408, 429 and 5xx are retried the same way; 401/403 and
 *   other 4xx, an unusable state, an unparseable event or a failed callback end the listener
 *   with a {@linkcode LiveStreamError}. A state reset from the UI restarts the stream
 *   in-process from the configured start.
 * - The watchdog watches the socket only: a long callback or batch never trips it, so the
 *   wrappers need no keepalive tokens (and the rate limiter waits in one piece, not in 30-s
 *   slices).
 * - Legacy `connectorLastEventId` / `connectorStartTime` keys still win on start, but are then
 *   moved to `start_from` / `recover_until` (pycti restarts from their stale value forever).
 * - The position is written to the state once per received chunk (and at least every second
 *   between slow callbacks) instead of after every event; it reaches the platform with the
 *   next ping either way.
 * - With a batch wrapper, heartbeats never move the position past events still buffered.
 * - A null `recover` date sends no `recover` parameter (pycti would send `recover=None`).
 *
 * @example Batches of up to 100 events, or whatever arrived within 5 s
 * ```ts
 * import {
 *   createBatchCallback,
 *   createMemoryStateStore,
 *   listenStream,
 * } from "@octi/connector/stream";
 *
 * let body = "";
 * for (let i = 0; i < 3; i++) {
 *   const data = { id: `indicator--00000000-0000-4000-8000-00000000000${i}`, type: "indicator" };
 *   const payload = { version: "4", data, message: "creates a Indicator", origin: {} };
 *   body += `id: 1700000000000-${i}\nevent: create\ndata: ${JSON.stringify(payload)}\n\n`;
 * }
 * const server = Deno.serve({ port: 0, onListen() {} }, () => new Response(body));
 *
 * const sizes: number[] = [];
 * const state = createMemoryStateStore();
 * const stream = listenStream({
 *   url: `http://127.0.0.1:${server.addr.port}`,
 *   token: "token",
 *   liveStreamId: "live",
 *   state,
 *   callback: createBatchCallback((batch) => {
 *     sizes.push(batch.events.length);
 *   }, { batchSize: 100, batchTimeout: 5 }),
 * });
 * while (stream.stats.events < 3) await new Promise((r) => setTimeout(r, 5));
 * await stream.stop(); // flushes the partial batch ("shutdown") and saves the position
 * await server.shutdown();
 * if (sizes.join() !== "3") throw new Error(sizes.join());
 * if (state.getState()?.start_from !== "1700000000000-2") throw new Error("position not saved");
 * ```
 *
 * @module
 */
export * from "./create_batch_callback.ts";
export * from "./create_memory_state_store.ts";
export * from "./create_rate_limiter.ts";
export * from "./create_stream_collection_resolver.ts";
export * from "./listen_stream.ts";
export * from "./live_stream_error.ts";
export * from "./stream_consumer.ts";
export * from "./stream_event.ts";
export * from "./stream_state_store.ts";
export type { Clock, Logger, LogMeta } from "../core/mod.ts";
export type { StreamCollectionInfo } from "../api/get_stream_collection.ts";
