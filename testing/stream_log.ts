import { type Clock, systemClock } from "../core/clock.ts";

/** Data event types of the live stream. */
export type StreamLogEventType = "create" | "update" | "delete" | "merge";

/** A STIX object appended to the log: `id` and `type` at least. */
export interface StreamLogStixObject {
  /** STIX id. */
  id: string;
  /** STIX type. */
  type: string;
  /** Any other STIX property; top-level `*_ref` / `*_refs` are followed for dependencies. */
  [key: string]: unknown;
}

/** Options for {@linkcode StreamLog}. */
export interface StreamLogOptions {
  /**
   * Interval between heartbeats on each connection, in ms. Default 5 000 (the platform's); at
   * most 2^31 − 1.
   */
  heartbeatMs?: number | undefined;
  /** Source of event ids (`<ms>-<seq>`) and heartbeat timers. */
  clock?: Clock | undefined;
  /** When set, each connection starts with `retry: <ms>` (the platform sends none). */
  retryMs?: number | undefined;
}

/** Optional parts of an appended event's payload. */
export interface StreamLogAppendOptions {
  /** Human-readable summary; default like the platform's, e.g. "creates a indicator `x`". */
  message?: string | undefined;
  /** Origin of the change. Default `{}`. */
  origin?: Record<string, unknown> | undefined;
  /** Type-dependent context (patches for updates, …). */
  context?: Record<string, unknown> | undefined;
  /** Event format version. Default `"4"`. */
  version?: string | undefined;
}

/** The JSON `data` of an event, as the platform sends it. */
export interface StreamLogPayload {
  /** Event format version. */
  version: string;
  /** Event type. */
  type: StreamLogEventType;
  /** Always `"external"` here. */
  scope: string;
  /** The STIX object. */
  data: StreamLogStixObject;
  /** Summary. */
  message: string;
  /** Origin. */
  origin: Record<string, unknown>;
  /** Context, when given. */
  context?: Record<string, unknown>;
}

/** One event of the log. Treat it as immutable: connections serialise it once and cache it. */
export interface StreamLogEntry {
  /** `<ms>-<seq>`, strictly increasing. */
  readonly id: string;
  /** Event type. */
  readonly type: StreamLogEventType;
  /** Event payload. */
  readonly payload: StreamLogPayload;
}

/** A stream collection defined with {@linkcode StreamLog.addStream}. */
export interface StreamLogStreamOptions {
  /** Display name. Default: the id. */
  name?: string | undefined;
  /** Description. Default `null`. */
  description?: string | null | undefined;
  /** `stream_public`. Default false. */
  public?: boolean | undefined;
  /** Which events the collection carries (its filters). Default: all. */
  filter?: ((entry: StreamLogEntry) => boolean) | undefined;
}

/** A stream collection as the `streamCollection` query returns it. */
export interface StreamLogCollection {
  /** Collection id. */
  id: string;
  /** Display name. */
  name: string;
  /** Description. */
  description: string | null;
  /** False while stopped (the stream then answers 410). */
  stream_live: boolean;
  /** Whether the collection is public. */
  stream_public: boolean;
}

/** One SSE request the log answered, for assertions. */
export interface StreamLogRequest {
  /** `null` for `/stream`. */
  streamId: string | null;
  /** Full request URL. */
  url: string;
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** Response status. */
  status: number;
}

/** Options for {@linkcode StreamLog.scheduleCut}. */
export interface StreamLogCutOptions {
  /** Also send the first half of the next event before closing. Default false. */
  partial?: boolean | undefined;
}

const encoder = new TextEncoder();
const CHUNK_CHARS = 64 * 1024;
const OPENCTI_EXTENSION = "extension-definition--ea279b3e-5c71-4632-ac08-831c66a786ba";
const VERBS: Record<StreamLogEventType, string> = {
  create: "creates",
  update: "updates",
  delete: "deletes",
  merge: "merges",
};

type StreamPosition = readonly [number, number];

function parseId(id: string): StreamPosition {
  const [ms, seq] = id.split("-");
  return [Number(ms), Number(seq ?? 0)];
}

function isAfter(a: StreamPosition, b: StreamPosition): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1]);
}

/** The platform's reading of `from` / `Last-Event-ID` / `recover`: a stream id or a date. */
function toStreamId(param: string | null): string | undefined {
  if (!param) return undefined;
  if (param === "0" || param === "0-0") return "0-0";
  if (/^\d+-\d+$/.test(param)) return param;
  const ms = Date.parse(param);
  return Number.isNaN(ms) ? undefined : `${ms}-0`;
}

function isoOf(id: string): string {
  return new Date(parseId(id)[0]).toISOString();
}

function refsOf(data: StreamLogStixObject): string[] {
  const refs: string[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key.endsWith("_ref") && typeof value === "string") refs.push(value);
    else if (key.endsWith("_refs") && Array.isArray(value)) {
      for (const ref of value) if (typeof ref === "string") refs.push(ref);
    }
  }
  return refs;
}

function isInferred(data: StreamLogStixObject): boolean {
  const extensions = data.extensions as Record<string, Record<string, unknown>> | undefined;
  return extensions?.[OPENCTI_EXTENSION]?.is_inferred === true;
}

/**
 * The emulator's live-stream side: an event log tests append to, served as SSE under
 * `/stream` (everything) and `/stream/<id>` (`live`, or collections added with
 * {@linkcode StreamLog.addStream}) the way the platform serves it:
 *
 * - events `id: <ms>-<seq>`, `event: create|update|delete|merge`, `data:` the platform's
 *   JSON payload; an id-less `connected` event first; `heartbeat` events carrying the last
 *   id examined, every `heartbeatMs`;
 * - the start from `Last-Event-ID` (or `from`); `recover=<date>` on a collection replays the
 *   latest version of each object changed between the start and that date as `create`
 *   events (origin `init`), then goes live after the date;
 * - headers `listen-delete: false` (no delete events), `with-inferences: true` (inferred
 *   objects included) and `no-dependencies: false` (referenced objects not yet sent on the
 *   connection are sent first, origin `dependencies`);
 * - 401 for an unknown collection, 410 for a stopped one.
 *
 * Faults for tests: {@linkcode StreamLog.scheduleCut}, {@linkcode StreamLog.cutConnections},
 * {@linkcode StreamLog.freezeConnections}, {@linkcode StreamLog.stopHeartbeats},
 * {@linkcode StreamLog.stopStream}.
 *
 * @example
 * ```ts
 * import { StreamLog } from "@octi/connector/testing";
 * const log = new StreamLog();
 * const entry = log.append("create", { id: "indicator--1", type: "indicator", name: "x" });
 * const server = Deno.serve({ port: 0, onListen() {} }, (req) => log.handle(req, null));
 * const res = await fetch(`http://127.0.0.1:${server.addr.port}/stream`, {
 *   headers: { "Last-Event-ID": "0-0" },
 * });
 * const reader = res.body!.getReader();
 * let text = "";
 * while (!text.includes(`id: ${entry.id}`)) text += new TextDecoder().decode((await reader.read()).value);
 * await reader.cancel();
 * await log.close();
 * await server.shutdown();
 * ```
 */
export class StreamLog {
  readonly #entries: StreamLogEntry[] = [];
  readonly #texts = new WeakMap<StreamLogEntry, string>();
  readonly #byObject = new Map<string, number[]>();
  readonly #streams = new Map<string, StreamLogStreamOptions & { stopped: boolean }>();
  readonly #connections = new Set<SseConnection>();
  readonly #requests: StreamLogRequest[] = [];
  readonly #cuts: Array<{ after: number; partial: boolean }> = [];
  readonly #clock: Clock;
  readonly #heartbeatMs: number;
  readonly #retryMs: number | undefined;
  #lastMs = -1;
  #lastSeq = 0;
  #heartbeats = true;
  #closed = false;
  readonly #host: LogHost;

  /** Creates an empty log with only the `live` collection. */
  constructor(options: StreamLogOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#heartbeatMs = options.heartbeatMs ?? 5_000;
    this.#retryMs = options.retryMs;
    // A longer delay overflows the timer, which then fires at once, over and over.
    if (!(this.#heartbeatMs > 0 && this.#heartbeatMs <= 2 ** 31 - 1)) {
      throw new RangeError(
        `StreamLog heartbeatMs must be > 0 and at most 2147483647, got ${this.#heartbeatMs}`,
      );
    }
    this.#streams.set("live", { name: "live", stopped: false });
    this.#host = {
      clock: this.#clock,
      heartbeatMs: this.#heartbeatMs,
      retryMs: this.#retryMs,
      entries: this.#entries,
      heartbeats: () => this.#heartbeats,
      register: (connection) => this.#connections.add(connection),
      unregister: (connection) => this.#connections.delete(connection),
      text: (entry, type = entry.type, origin) => this.#text(entry, type, origin),
      indexAfter: (id) => this.#indexAfter(id),
      latestBefore: (objectId, index) => this.#latestBefore(objectId, index),
    };
  }

  /** Every event appended so far, oldest first. */
  get entries(): readonly StreamLogEntry[] {
    return this.#entries;
  }

  /** Every SSE request answered so far, oldest first. */
  get requests(): readonly StreamLogRequest[] {
    return this.#requests;
  }

  /** SSE connections currently open. */
  get openConnections(): number {
    return this.#connections.size;
  }

  /**
   * Appends an event and pushes it to every open connection that carries it. The id is
   * `<clock ms>-<seq>`, kept strictly increasing even if the clock stalls or goes back.
   */
  append(
    type: StreamLogEventType,
    data: StreamLogStixObject,
    options: StreamLogAppendOptions = {},
  ): StreamLogEntry {
    if (!(type in VERBS)) {
      throw new TypeError(
        `Cannot append a "${type}" event: expected create, update, delete or merge`,
      );
    }
    if (typeof data?.id !== "string" || typeof data.type !== "string") {
      throw new TypeError("Cannot append an event: data needs a string id and type");
    }
    const now = this.#clock.now();
    if (now > this.#lastMs) {
      this.#lastMs = now;
      this.#lastSeq = 0;
    } else {
      this.#lastSeq++;
    }
    const name = typeof data.name === "string" ? data.name : data.id;
    const payload: StreamLogPayload = {
      version: options.version ?? "4",
      type,
      scope: "external",
      data,
      message: options.message ?? `${VERBS[type]} a ${data.type} \`${name}\``,
      origin: options.origin ?? {},
    };
    if (options.context) payload.context = options.context;
    const entry: StreamLogEntry = { id: `${this.#lastMs}-${this.#lastSeq}`, type, payload };
    const indexes = this.#byObject.get(data.id) ?? [];
    indexes.push(this.#entries.length);
    this.#byObject.set(data.id, indexes);
    this.#entries.push(entry);
    for (const connection of this.#connections) connection.wake();
    return entry;
  }

  /** Defines a stream collection served at `/stream/<id>`. */
  addStream(id: string, options: StreamLogStreamOptions = {}): void {
    this.#streams.set(id, { ...options, stopped: false });
  }

  /** The collection `id` as the `streamCollection` query returns it, or `null`. */
  streamCollection(id: string): StreamLogCollection | null {
    const stream = this.#streams.get(id);
    if (!stream) return null;
    return {
      id,
      name: stream.name ?? id,
      description: stream.description ?? null,
      stream_live: !stream.stopped,
      stream_public: stream.public ?? false,
    };
  }

  /** Stops a collection: its open connections close and new ones get 410 until restarted. */
  stopStream(id: string): void {
    const stream = this.#streams.get(id);
    if (!stream) throw new RangeError(`Cannot stop stream "${id}": no such stream collection`);
    stream.stopped = true;
    for (const connection of this.#connections) {
      if (connection.streamId === id) connection.close();
    }
  }

  /** Restarts a stopped collection. */
  startStream(id: string): void {
    const stream = this.#streams.get(id);
    if (!stream) throw new RangeError(`Cannot start stream "${id}": no such stream collection`);
    stream.stopped = false;
  }

  /**
   * Queues a cut: the next connection to open closes after sending `afterEvents` data events
   * (with `partial`, after half of the next one too). Each new connection takes the next cut.
   */
  scheduleCut(afterEvents: number, options: StreamLogCutOptions = {}): void {
    if (!Number.isInteger(afterEvents) || afterEvents < 0) {
      throw new RangeError(`Cannot schedule a cut after ${afterEvents} events`);
    }
    this.#cuts.push({ after: afterEvents, partial: options.partial ?? false });
  }

  /** Closes every open connection now. */
  cutConnections(): void {
    for (const connection of this.#connections) connection.close();
  }

  /** Open connections fall silent (no events, no heartbeats) but stay open; new ones work. */
  freezeConnections(): void {
    for (const connection of this.#connections) connection.freeze();
  }

  /** No connection sends heartbeats until {@linkcode StreamLog.startHeartbeats}. */
  stopHeartbeats(): void {
    this.#heartbeats = false;
  }

  /** Heartbeats resume. */
  startHeartbeats(): void {
    this.#heartbeats = true;
  }

  /** Serves one SSE request (after the emulator's token check); `streamId` null is `/stream`. */
  handle(request: Request, streamId: string | null): Response {
    const respond = (status: number, statusText: string): Response => {
      this.#record(request, streamId, status);
      return new Response(null, { status, statusText });
    };
    if (this.#closed) return respond(503, "The stream log is closed");
    let filter: ((entry: StreamLogEntry) => boolean) | undefined;
    if (streamId !== null) {
      const stream = this.#streams.get(streamId);
      if (!stream) return respond(401, "You are not authorized, please check your credentials");
      if (stream.stopped) return respond(410, "This live stream is stopped");
      filter = stream.filter;
    }
    const url = new URL(request.url);
    const param = (name: string, ...headers: string[]): string | null => {
      const fromQuery = url.searchParams.get(name);
      if (fromQuery) return fromQuery;
      for (const header of [name, ...headers]) {
        const value = request.headers.get(header);
        if (value) return value;
      }
      return null;
    };
    const start = toStreamId(param("from", "last-event-id"));
    const recover = streamId === null ? undefined : toStreamId(param("recover", "recover-date"));
    if (recover !== undefined && start === undefined) {
      return respond(
        500,
        `Error in stream ${streamId}: Recovery mode is only possible with a start date.`,
      );
    }
    const connection = new SseConnection(this.#host, {
      streamId,
      filter,
      start,
      recover: recover !== undefined && isAfter(parseId(recover), parseId(start!))
        ? recover
        : undefined,
      listenDelete: param("listen-delete") !== "false",
      noDependencies: (param("no-dependencies") ?? param("no-relationships")) === "true",
      withInferences: param("with-inferences") === "true",
      cut: this.#cuts.shift(),
      connectionId: crypto.randomUUID(),
    });
    this.#record(request, streamId, 200);
    return new Response(connection.body, {
      headers: {
        "content-type": "text/event-stream; charset=utf-8",
        "cache-control": "no-cache, no-transform",
        "access-control-allow-origin": "*",
      },
    });
  }

  /** Ends every open SSE connection and refuses new ones (503). */
  close(): Promise<void> {
    this.#closed = true;
    for (const connection of this.#connections) connection.close();
    return Promise.resolve();
  }

  #record(request: Request, streamId: string | null, status: number): void {
    this.#requests.push({
      streamId,
      url: request.url,
      headers: Object.fromEntries(request.headers),
      status,
    });
  }

  #text(entry: StreamLogEntry, type: StreamLogEventType, origin?: string): string {
    if (origin !== undefined || type !== entry.type) {
      const payload = origin === undefined
        ? entry.payload
        : { ...entry.payload, type, origin: { referer: origin } };
      return `id: ${entry.id}\nevent: ${type}\ndata: ${JSON.stringify(payload)}\n\n`;
    }
    let text = this.#texts.get(entry);
    if (text === undefined) {
      text = `id: ${entry.id}\nevent: ${type}\ndata: ${JSON.stringify(entry.payload)}\n\n`;
      this.#texts.set(entry, text);
    }
    return text;
  }

  /** Index of the first entry after `id`. */
  #indexAfter(id: string): number {
    const position = parseId(id);
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (isAfter(parseId(this.#entries[mid]!.id), position)) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Latest version of an object strictly before entry `index`, unless deleted. */
  #latestBefore(objectId: string, index: number): StreamLogEntry | undefined {
    const indexes = this.#byObject.get(objectId);
    if (!indexes) return undefined;
    let found: StreamLogEntry | undefined;
    for (const i of indexes) {
      if (i >= index) break;
      found = this.#entries[i];
    }
    return found?.type === "delete" ? undefined : found;
  }
}

/** What a connection needs from its log, without widening the log's public API. */
interface LogHost {
  readonly clock: Clock;
  readonly heartbeatMs: number;
  readonly retryMs: number | undefined;
  readonly entries: readonly StreamLogEntry[];
  heartbeats(): boolean;
  register(connection: SseConnection): void;
  unregister(connection: SseConnection): void;
  text(entry: StreamLogEntry, type?: StreamLogEventType, origin?: string): string;
  indexAfter(id: string): number;
  latestBefore(objectId: string, index: number): StreamLogEntry | undefined;
}

interface ConnectionSettings {
  streamId: string | null;
  filter: ((entry: StreamLogEntry) => boolean) | undefined;
  start: string | undefined;
  recover: string | undefined;
  listenDelete: boolean;
  noDependencies: boolean;
  withInferences: boolean;
  cut: { after: number; partial: boolean } | undefined;
  connectionId: string;
}

/** One open SSE response: a pull-based body, so a slow client gets backpressure. */
class SseConnection {
  readonly body: ReadableStream<Uint8Array>;
  readonly streamId: string | null;
  readonly #log: LogHost;
  readonly #settings: ConnectionSettings;
  readonly #sent = new Set<string>();
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  #cursor: number;
  #recovery: StreamLogEntry[] = [];
  #lastEventId: string | undefined;
  #cutLeft: number | undefined;
  #frozen = false;
  #closed = false;
  #heartbeatDue = false;
  #timer: number | undefined;
  #wake: (() => void) | undefined;

  constructor(log: LogHost, settings: ConnectionSettings) {
    this.#log = log;
    this.#settings = settings;
    this.streamId = settings.streamId;
    this.#cutLeft = settings.cut?.after;
    const entries = log.entries;
    if (settings.start === undefined) {
      // No position: live only, as the platform does.
      this.#cursor = entries.length;
      this.#lastEventId = entries.at(-1)?.id;
    } else {
      this.#cursor = log.indexAfter(settings.start);
      this.#lastEventId = settings.start;
    }
    if (settings.recover !== undefined) this.#prepareRecovery(settings.recover);
    this.body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        this.#controller = controller;
        log.register(this);
        let head = log.retryMs === undefined ? "" : `retry: ${log.retryMs}\n\n`;
        const info = {
          firstEventId: entries[0]?.id ?? null,
          lastEventId: entries.at(-1)?.id ?? null,
          streamSize: entries.length,
          connectionId: settings.connectionId,
        };
        head += `event: connected\ndata: ${JSON.stringify(info)}\n\n`;
        controller.enqueue(encoder.encode(head));
        this.#scheduleHeartbeat();
      },
      pull: () => this.#pull(),
      cancel: () => this.#dispose(),
    });
  }

  wake(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }

  freeze(): void {
    this.#frozen = true;
  }

  close(): void {
    if (this.#closed) return;
    try {
      this.#controller.close();
    } catch {
      // Already closed or errored by the client side.
    }
    this.#dispose();
  }

  #dispose(): void {
    this.#closed = true;
    if (this.#timer !== undefined) this.#log.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#log.unregister(this);
    this.wake();
  }

  #scheduleHeartbeat(): void {
    this.#timer = this.#log.clock.setTimeout(() => {
      this.#heartbeatDue = true;
      this.wake();
      this.#scheduleHeartbeat();
    }, this.#log.heartbeatMs);
  }

  async #pull(): Promise<void> {
    while (!this.#closed) {
      if (!this.#frozen) {
        const text = this.#nextChunk();
        if (text !== "") this.#controller.enqueue(encoder.encode(text));
        if (this.#cutLeft === -1) return this.close();
        if (text !== "") return;
        if (this.#heartbeatDue) {
          this.#heartbeatDue = false;
          if (this.#log.heartbeats() && this.#lastEventId !== undefined) {
            const id = this.#lastEventId;
            this.#controller.enqueue(
              encoder.encode(`id: ${id}\nevent: heartbeat\ndata: ${JSON.stringify(isoOf(id))}\n\n`),
            );
            return;
          }
        }
      }
      await new Promise<void>((resolve) => this.#wake = resolve);
    }
  }

  /** Up to ~64 KiB of pending events; sets #cutLeft to -1 when the cut point is reached. */
  #nextChunk(): string {
    let out = "";
    while (out.length < CHUNK_CHARS && this.#cutLeft !== -1) {
      const next = this.#nextEvents();
      if (next === undefined) break;
      for (const text of next) {
        if (this.#cutLeft === 0) {
          if (this.#settings.cut?.partial) out += text.slice(0, text.length >> 1);
          this.#cutLeft = -1;
          break;
        }
        out += text;
        if (this.#cutLeft !== undefined) this.#cutLeft--;
      }
    }
    if (this.#cutLeft === 0 && !this.#settings.cut?.partial) this.#cutLeft = -1;
    return out;
  }

  /** The texts for the next recovery or log entry (dependencies first); undefined at the end. */
  #nextEvents(): string[] | undefined {
    const recovered = this.#recovery.shift();
    if (recovered) {
      this.#lastEventId = recovered.id;
      this.#sent.add(recovered.payload.data.id);
      return [this.#log.text(recovered, "create", "init")];
    }
    const entries = this.#log.entries;
    while (this.#cursor < entries.length) {
      const index = this.#cursor++;
      const entry = entries[index]!;
      this.#lastEventId = entry.id;
      if (!this.#visible(entry)) continue;
      const texts: string[] = [];
      if (!this.#settings.noDependencies && entry.type !== "delete") {
        this.#dependencies(entry.payload.data, index, entry, texts, new Set());
      }
      texts.push(this.#log.text(entry));
      this.#sent.add(entry.payload.data.id);
      return texts;
    }
    return undefined;
  }

  #visible(entry: StreamLogEntry): boolean {
    const { filter, listenDelete, withInferences } = this.#settings;
    if (filter && !filter(entry)) return false;
    if (entry.type === "delete" && !listenDelete) return false;
    if (!withInferences && isInferred(entry.payload.data)) return false;
    return true;
  }

  /** Objects referenced by `data` and not yet sent here, deepest first, with the event's id. */
  #dependencies(
    data: StreamLogStixObject,
    index: number,
    event: StreamLogEntry,
    texts: string[],
    seen: Set<string>,
  ): void {
    for (const ref of refsOf(data)) {
      if (this.#sent.has(ref) || seen.has(ref)) continue;
      seen.add(ref);
      const latest = this.#log.latestBefore(ref, index);
      if (!latest || !this.#visible(latest)) continue;
      this.#dependencies(latest.payload.data, index, event, texts, seen);
      const dependency: StreamLogEntry = { id: event.id, type: "create", payload: latest.payload };
      texts.push(this.#log.text(dependency, "create", "dependencies"));
      this.#sent.add(ref);
    }
  }

  /** Latest version of each object changed in (start, recover], oldest first; then live. */
  #prepareRecovery(recover: string): void {
    const entries = this.#log.entries;
    const end = this.#log.indexAfter(recover);
    const latest = new Map<string, StreamLogEntry>();
    for (let i = this.#cursor; i < end; i++) {
      const entry = entries[i]!;
      latest.delete(entry.payload.data.id);
      if (entry.type !== "delete") latest.set(entry.payload.data.id, entry);
    }
    this.#recovery = [...latest.values()].filter((entry) => this.#visible(entry));
    this.#cursor = end;
  }
}
