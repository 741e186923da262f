import { createParser, type EventSourceMessage } from "eventsource-parser";
import { backoffDelay } from "../core/backoff_delay.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import { sleep } from "../core/sleep.ts";
import { EventChannel } from "./_event_channel.ts";
import { PositionTracker } from "./_position_tracker.ts";
import { startPosition } from "./_start_position.ts";
import { buildStreamHeaders, buildStreamUrl, flagHeader } from "./_stream_request.ts";
import { LiveStreamError } from "./live_stream_error.ts";
import type { StreamCallback, StreamConsumer, StreamConsumerContext } from "./stream_consumer.ts";
import type { StreamEvent, StreamEventPayload } from "./stream_event.ts";
import type { StreamStateStore } from "./stream_state_store.ts";

/** Options for {@linkcode listenStream}; defaults are pycti's. */
export interface ListenStreamOptions {
  /** Platform base URL (`OPENCTI_URL`); the stream is `{url}/stream[/{liveStreamId}]`. */
  url: string;
  /** API token (`OPENCTI_TOKEN`), sent as `authorization: Bearer …`. */
  token: string;
  /** Where the position is read and saved (the helper's state). */
  state: StreamStateStore;
  /**
   * Receives each data event. Omit it to consume the events with `for await` on the
   * returned {@linkcode LiveStream} instead.
   */
  callback?: StreamCallback | StreamConsumer | undefined;
  /** Stream collection id (`CONNECTOR_LIVE_STREAM_ID`, e.g. `live`); none: the raw `/stream`. */
  liveStreamId?: string | null | undefined;
  /** Header `listen-delete` (`CONNECTOR_LIVE_STREAM_LISTEN_DELETE`). Default true. */
  listenDelete?: boolean | string | undefined;
  /** Header `no-dependencies` (`CONNECTOR_LIVE_STREAM_NO_DEPENDENCIES`). Default true. */
  noDependencies?: boolean | string | undefined;
  /** Header `with-inferences` (`CONNECTOR_LIVE_STREAM_WITH_INFERENCES`). Default false. */
  withInferences?: boolean | string | undefined;
  /**
   * First-run position (`CONNECTOR_LIVE_STREAM_START_TIMESTAMP`, ms): `"<value>-0"`;
   * default `"0-0"` (the whole stream). Ignored once a state exists.
   */
  startTimestamp?: string | number | null | undefined;
  /**
   * First-run `recover` date (`CONNECTOR_LIVE_STREAM_RECOVER_ISO_DATE`); default: now, as
   * `YYYY-MM-DDTHH:MM:SSZ`. `false` sends no `recover`. Ignored once a state exists.
   */
  recoverIsoDate?: string | false | null | undefined;
  /** Extra request headers (never replacing the protocol's own). */
  headers?: HeadersInit | undefined;
  /**
   * The `fetch` to use, e.g. `createTlsFetch(tls).fetch` from `tls/` (custom CA, mTLS, or no
   * verification when `OPENCTI_SSL_VERIFY` is false). Default: the global `fetch`.
   */
  fetch?: typeof fetch | undefined;
  /** A `Deno.HttpClient` (custom CA / mTLS) passed to `fetch` with each request. */
  client?: Deno.HttpClient | undefined;
  /** Aborting it stops the listener, like {@linkcode LiveStream.stop}. */
  signal?: AbortSignal | undefined;
  /**
   * Reconnect when the socket stays silent (no byte at all) this long, in ms. Only time spent
   * waiting on the socket counts: a long callback never trips it. Default 45 000; at most
   * 2^31 − 1 (what one timer holds).
   */
  watchdogMs?: number | undefined;
  /** First reconnect delay in ms, replaced by the server's `retry:`. Default 3 000. */
  retryMs?: number | undefined;
  /** Cap of the growing reconnect delay in ms. Default 60 000. */
  maxRetryMs?: number | undefined;
  /** Time source for the watchdog, backoff and first-run date. */
  clock?: Clock | undefined;
  /** Random source for backoff jitter, in [0, 1). */
  random?: (() => number) | undefined;
  /** Logger (pycti's messages). */
  logger?: Logger | undefined;
}

/** Counters of a {@linkcode LiveStream}, for logs and tests. */
export interface LiveStreamStats {
  /** Connections the platform accepted (HTTP 200). */
  connections: number;
  /** Data events handed to the callback or the iterator (redeliveries included). */
  events: number;
  /** `heartbeat` and `connected` events with an id. */
  heartbeats: number;
  /** Times the listener waited and reconnected (drops, silences, 410, 5xx). */
  reconnects: number;
}

/**
 * A running live-stream listener. `for await` over it yields the events when no callback was
 * given; `await using` stops it at scope exit.
 */
export interface LiveStream extends AsyncIterable<StreamEvent>, AsyncDisposable {
  /**
   * Stops: closes the connection, lets a running callback finish, stops the consumer (a batch
   * wrapper flushes with `"shutdown"`), saves the position. Resolves once all that is done;
   * never rejects (see {@linkcode LiveStream.done}).
   */
  stop(): Promise<void>;
  /** Settles when the listener has ended: resolves after a stop, rejects with a {@linkcode LiveStreamError}. */
  readonly done: Promise<void>;
  /** The position saved (or about to be saved) to the state: `start_from`. */
  readonly position: string;
  /** Running counters. */
  readonly stats: Readonly<LiveStreamStats>;
}

interface ConnectionEnd {
  kind: "ended" | "dropped" | "silent" | "refused" | "reset" | "stopped";
  detail: string;
  /** At least one id-bearing event arrived: the next reconnect starts a fresh backoff. */
  delivered: boolean;
}

// pycti re-reads and rewrites the state after every event; once per received chunk (and
// at least every second between slow asynchronous callbacks) keeps the same guarantees at a
// fraction of the cost, since the state reaches the platform only with the next ping anyway.
const SAVE_INTERVAL_MS = 1_000;
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Follows the platform's live stream, as pycti's `listen_stream` does, but recovers in-process
 * where pycti kills the connector: a dropped connection or a silent socket reconnects with
 * jittered backoff from the last received id, HTTP 410 (stream stopped) waits and retries, and
 * only 401/403 (and other 4xx) are fatal.
 *
 * Delivery is at-least-once: the position (`start_from` in the state) moves past an event only
 * after its callback succeeded, so a crash replays at most the events since the last save.
 * SSE is read with `fetch` (or the TLS-bound one from `tls/`) and eventsource-parser's
 * `createParser`, fed straight from the body reader: one parse pass per chunk, and the
 * watchdog armed only while the reader waits.
 *
 * @example Following a stream until the first event
 * ```ts
 * import { createMemoryStateStore, listenStream } from "@octi/connector/stream";
 *
 * const payload = {
 *   version: "4",
 *   data: { id: "indicator--4a7a2c47-7e5d-4e0c-9a63-0d4c1a7c2a11", type: "indicator" },
 *   message: "creates a Indicator",
 *   origin: {},
 * };
 * const body = `id: 1700000000000-0\nevent: create\ndata: ${JSON.stringify(payload)}\n\n`;
 * const server = Deno.serve({ port: 0, onListen() {} }, () => new Response(body));
 *
 * const state = createMemoryStateStore();
 * const stream = listenStream({
 *   url: `http://127.0.0.1:${server.addr.port}`,
 *   token: "token",
 *   liveStreamId: "live",
 *   state,
 *   callback: (event) => {
 *     console.assert(event.type === "create" && event.data.data.type === "indicator");
 *     stream.stop();
 *   },
 * });
 * await stream.done;
 * await server.shutdown();
 * if (state.getState()?.start_from !== "1700000000000-0") throw new Error("position not saved");
 * ```
 */
export function listenStream(options: ListenStreamOptions): LiveStream {
  return new Listener(options);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === "object" && value !== null &&
    typeof (value as PromiseLike<unknown>).then === "function";
}

class Listener implements LiveStream {
  readonly done: Promise<void>;
  readonly #options: ListenStreamOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #watchdogMs: number;
  readonly #maxRetryMs: number;
  readonly #consumer: StreamConsumer;
  readonly #channel: EventChannel | undefined;
  readonly #stopping = new AbortController();
  readonly #stats: LiveStreamStats = { connections: 0, events: 0, heartbeats: 0, reconnects: 0 };
  #retryMs: number;
  #tracker = new PositionTracker("");
  #resumeId = "";
  #url = "";
  #connection: AbortController | undefined;
  #fatal: unknown = undefined;
  #resetRequested = false;
  #lastSave = 0;
  #iterated = false;

  constructor(options: ListenStreamOptions) {
    if (!options.url) throw new TypeError("Cannot listen to the stream: url is empty");
    if (!options.token) throw new TypeError("Cannot listen to the stream: token is empty");
    this.#watchdogMs = options.watchdogMs ?? 45_000;
    this.#retryMs = options.retryMs ?? 3_000;
    this.#maxRetryMs = options.maxRetryMs ?? 60_000;
    // One timer holds at most 2^31 - 1 ms; a longer one would fire at once, on every connection.
    if (!(this.#watchdogMs > 0 && this.#watchdogMs <= MAX_TIMER_MS)) {
      throw new RangeError(
        `Cannot listen to the stream: watchdogMs must be > 0 and at most ${MAX_TIMER_MS} (about 24.8 days), got ${this.#watchdogMs}`,
      );
    }
    for (const [name, value] of [["retryMs", this.#retryMs], ["maxRetryMs", this.#maxRetryMs]]) {
      if (!(Number(value) >= 0)) {
        throw new RangeError(`Cannot listen to the stream: ${name} must be >= 0, got ${value}`);
      }
    }
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    const { callback } = options;
    if (callback === undefined) {
      const channel = new EventChannel(() => void this.stop());
      this.#channel = channel;
      this.#consumer = { handle: (event) => channel.deliver(event) };
    } else {
      this.#consumer = typeof callback === "function" ? { handle: callback } : callback;
    }
    const { signal } = options;
    if (signal?.aborted) this.#stopping.abort();
    const onAbort = () => void this.stop();
    signal?.addEventListener("abort", onAbort, { once: true });
    this.done = this.#run().finally(() => signal?.removeEventListener("abort", onAbort));
    // Observed through `done` and the logger; never an unhandled rejection.
    this.done.catch(() => {});
  }

  get position(): string {
    return this.#tracker.position;
  }

  get stats(): Readonly<LiveStreamStats> {
    return { ...this.#stats };
  }

  stop(): Promise<void> {
    this.#stopping.abort();
    this.#connection?.abort();
    // The event the loop body holds stays uncommitted: it is delivered again next start.
    this.#channel?.end();
    return this.done.catch(() => {});
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  [Symbol.asyncIterator](): AsyncIterator<StreamEvent> {
    if (!this.#channel) {
      throw new TypeError("Cannot iterate a live stream that was given a callback");
    }
    if (this.#iterated) throw new TypeError("Cannot iterate a live stream twice");
    this.#iterated = true;
    return this.#channel.iterator();
  }

  async #run(): Promise<void> {
    try {
      this.#startPosition();
      const context: StreamConsumerContext = {
        commit: (event) => this.#commit(event),
        fail: (error) => this.#fail(error),
        logger: this.#logger,
      };
      this.#consumer.attach?.(context);
      this.#logger.info("Starting to listen stream events", {
        live_stream_url: this.#url,
        listen_delete: flagHeader(this.#options.listenDelete ?? true),
        no_dependencies: flagHeader(this.#options.noDependencies ?? true),
        with_inferences: flagHeader(this.#options.withInferences ?? false),
      });
      await this.#loop();
    } catch (error) {
      this.#fatal ??= error;
    }
    try {
      await this.#consumer.stop?.();
    } catch (error) {
      this.#fatal ??= error;
    }
    try {
      this.#save();
    } catch (error) {
      this.#fatal ??= error;
    }
    if (this.#fatal === undefined) {
      this.#channel?.end();
      this.#logger.info("Live stream listener stopped", { start_from: this.#tracker.position });
      return;
    }
    const error = this.#fatal instanceof LiveStreamError ? this.#fatal : new LiveStreamError(
      `Live stream stopped: ${errorText(this.#fatal)}`,
      { position: this.#tracker.position, cause: this.#fatal },
    );
    this.#channel?.end(error);
    this.#logger.error("Error in ListenStream loop, exit.", { reason: error.message, error });
    throw error;
  }

  /** (Re)reads the start position from the state; see `_start_position.ts`. */
  #startPosition(): void {
    const { startFrom, recoverUntil } = startPosition(this.#options.state, {
      startTimestamp: this.#options.startTimestamp,
      recoverIsoDate: this.#options.recoverIsoDate,
      now: this.#clock.now(),
    });
    this.#tracker.reset(startFrom);
    this.#resumeId = startFrom;
    this.#lastSave = this.#clock.now();
    this.#url = buildStreamUrl(this.#options.url, this.#options.liveStreamId, recoverUntil);
  }

  async #loop(): Promise<void> {
    let attempt = 0;
    while (!this.#stopping.signal.aborted) {
      const end = await this.#connectOnce();
      if (end.delivered) attempt = 0;
      if (this.#stopping.signal.aborted) return;
      if (end.kind === "reset") {
        this.#logger.info("Connector state has been reset, restarting the stream", {
          start_from: this.#tracker.position,
        });
        attempt = 0;
        continue;
      }
      const delay = backoffDelay(attempt++, {
        initialMs: this.#retryMs,
        maxMs: Math.max(this.#retryMs, this.#maxRetryMs),
        random: this.#options.random ?? Math.random,
      });
      this.#stats.reconnects++;
      this.#logger.warning("Live stream interrupted, reconnecting", {
        reason: end.detail,
        delay_ms: Math.round(delay),
        last_event_id: this.#resumeId,
      });
      try {
        await sleep(delay, { signal: this.#stopping.signal, clock: this.#clock });
      } catch {
        return;
      }
    }
  }

  async #connectOnce(): Promise<ConnectionEnd> {
    // A reset noticed between connections already moved the position: nothing to abort.
    this.#resetRequested = false;
    const connection = new AbortController();
    this.#connection = connection;
    if (this.#stopping.signal.aborted) connection.abort();
    let silent = false;
    let delivered = false;
    let timer: number | undefined;
    const arm = () => {
      timer = this.#clock.setTimeout(() => {
        silent = true;
        connection.abort(new Error(`no data for ${this.#watchdogMs} ms`));
      }, this.#watchdogMs);
    };
    const disarm = () => {
      if (timer !== undefined) this.#clock.clearTimeout(timer);
      timer = undefined;
    };
    const interrupted = (error: unknown): ConnectionEnd => {
      if (this.#resetRequested) return { kind: "reset", detail: "state reset", delivered };
      if (this.#stopping.signal.aborted) return { kind: "stopped", detail: "stop", delivered };
      if (silent) {
        this.#logger.warning(
          `Time since last heartbeat exceeded ${this.#watchdogMs / 1000}s, reconnecting`,
        );
        return { kind: "silent", detail: `silent for ${this.#watchdogMs} ms`, delivered };
      }
      return { kind: "dropped", detail: errorText(error), delivered };
    };

    let response: Response;
    arm();
    try {
      const headers = buildStreamHeaders({
        token: this.#options.token,
        listenDelete: this.#options.listenDelete ?? true,
        noDependencies: this.#options.noDependencies ?? true,
        withInferences: this.#options.withInferences ?? false,
        extra: this.#options.headers,
      }, this.#resumeId);
      const init: RequestInit & { client?: Deno.HttpClient } = {
        headers,
        signal: connection.signal,
      };
      if (this.#options.client) init.client = this.#options.client;
      response = await (this.#options.fetch ?? fetch)(this.#url, init);
    } catch (error) {
      return interrupted(error);
    } finally {
      disarm();
    }

    if (!response.ok || !response.body) {
      await response.body?.cancel().catch(() => {});
      return { ...this.#refused(response), delivered };
    }
    this.#stats.connections++;

    const pending: EventSourceMessage[] = [];
    const parser = createParser({
      onEvent: (message) => void pending.push(message),
      onRetry: (ms) => void (this.#retryMs = ms),
    });
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    try {
      for (;;) {
        arm();
        let chunk: ReadableStreamReadResult<Uint8Array>;
        try {
          chunk = await reader.read();
        } finally {
          disarm();
        }
        if (chunk.done) {
          if (this.#resetRequested) return { kind: "reset", detail: "state reset", delivered };
          return { kind: "ended", detail: "the platform closed the stream", delivered };
        }
        parser.feed(decoder.decode(chunk.value, { stream: true }));
        for (let i = 0; i < pending.length; i++) {
          if (this.#stopping.signal.aborted || this.#resetRequested) break;
          // Synchronous callbacks are not awaited: no promise job per event.
          const progress = this.#dispatch(pending[i]!);
          if (typeof progress === "boolean") {
            if (progress) delivered = true;
            continue;
          }
          if (await progress) delivered = true;
          if (this.#clock.now() - this.#lastSave >= SAVE_INTERVAL_MS) this.#save();
        }
        pending.length = 0;
        this.#save();
        if (this.#stopping.signal.aborted) return { kind: "stopped", detail: "stop", delivered };
        if (this.#resetRequested) return { kind: "reset", detail: "state reset", delivered };
      }
    } catch (error) {
      if (error instanceof LiveStreamError) throw error;
      return interrupted(error);
    } finally {
      this.#connection = undefined;
      await reader.cancel().catch(() => {});
    }
  }

  /** Non-2xx answers: 401/403 and other 4xx are fatal; 410, 408, 429 and 5xx are retried. */
  #refused(response: Response): Omit<ConnectionEnd, "delivered"> {
    const { status } = response;
    const why = response.statusText ? ` ${response.statusText}` : "";
    const retriable = status === 410 || status >= 500 || status === 408 || status === 429;
    if (retriable) return { kind: "refused", detail: `HTTP ${status}${why}` };
    const message = status === 401 || status === 403
      ? `Live stream ${this.#url} refused the token (HTTP ${status}${why}): check OPENCTI_TOKEN and its rights on the stream`
      : `Live stream ${this.#url} answered HTTP ${status}${why}`;
    throw new LiveStreamError(message, { status, position: this.#tracker.position });
  }

  /** True when the message carried an id (progress); a promise while an async callback runs. */
  #dispatch(message: EventSourceMessage): boolean | Promise<boolean> {
    const { id } = message;
    // pycti ignores id-less events entirely (the platform's `connected` has none).
    if (id === undefined || id === "") return false;
    this.#resumeId = id;
    const type = message.event ?? "message";
    if (type === "heartbeat" || type === "connected") {
      this.#stats.heartbeats++;
      this.#tracker.advance(id);
      return true;
    }
    let data: StreamEventPayload;
    try {
      data = JSON.parse(message.data);
    } catch (error) {
      throw new LiveStreamError(
        `Cannot parse the data of live stream event ${id} (${type}): ${errorText(error)}`,
        { position: this.#tracker.position, cause: error },
      );
    }
    const event: StreamEvent = { type, id, data };
    this.#stats.events++;
    const managed = this.#consumer.managesState === true;
    if (managed) this.#tracker.hold(event);
    let outcome: unknown;
    try {
      outcome = this.#consumer.handle(event);
    } catch (error) {
      throw this.#callbackFailed(event, error);
    }
    if (isThenable(outcome)) {
      return Promise.resolve(outcome).then(
        (value) => this.#handled(event, managed, value),
        (error) => {
          throw this.#callbackFailed(event, error);
        },
      );
    }
    return this.#handled(event, managed, outcome);
  }

  #handled(event: StreamEvent, managed: boolean, outcome: unknown): true {
    // The iterator answers false when its loop ended before finishing this event.
    if (!managed && (!this.#channel || outcome === true)) this.#tracker.advance(event.id);
    return true;
  }

  #callbackFailed(event: StreamEvent, error: unknown): LiveStreamError {
    this.#save();
    return new LiveStreamError(
      `The stream callback failed on event ${event.id} (${event.type}): ${errorText(error)}`,
      { position: this.#tracker.position, cause: error },
    );
  }

  #commit(event: StreamEvent): void {
    if (this.#tracker.commit(event)) this.#save();
  }

  #fail(error: unknown): void {
    this.#fatal ??= new LiveStreamError(`The stream consumer failed: ${errorText(error)}`, {
      position: this.#tracker.position,
      cause: error,
    });
    this.#stopping.abort();
    this.#connection?.abort();
  }

  /** Writes the position if it moved; detects a state reset from the UI. */
  #save(): void {
    this.#lastSave = this.#clock.now();
    if (!this.#tracker.dirty) return;
    const { state: store } = this.#options;
    const state = store.getState();
    if (state === null) {
      // pycti exits and restarts with the configured defaults; we do the same in-process.
      this.#startPosition();
      this.#resetRequested = true;
      this.#connection?.abort();
      return;
    }
    state.start_from = this.#tracker.position;
    store.setState(state);
    this.#tracker.saved();
  }
}
