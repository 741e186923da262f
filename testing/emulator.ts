import { exportJWK, generateKeyPair, SignJWT } from "jose";
import type { GraphQLSchema } from "graphql";
import type { RabbitMQConnection, S3Connection } from "../api/register_connector.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import { sleep } from "../core/sleep.ts";
import { connectionFromUrl, EmulatorBroker, type EmulatorQueueNames } from "./_emulator_amqp.ts";
import { FaultQueue } from "./_emulator_faults.ts";
import { answerGraphQL, operationNameOf, readGraphQLRequest } from "./_emulator_graphql.ts";
import { buildJobMessage, type OpenCTIEmulatorJob } from "./_emulator_jobs.ts";
import { emulatorRootValue, type ResolverContext } from "./_emulator_resolvers.ts";
import { buildEmulatorSchema } from "./_emulator_schema.ts";
import type {
  EmulatorCallbackTokenOptions,
  EmulatorDelayOptions,
  EmulatorFailOptions,
  EmulatorRequestRecord,
  EmulatorStreamCollectionOptions,
  EmulatorWaitOptions,
  OpenCTIEmulatorCounters,
  OpenCTIEmulatorJobResult,
  OpenCTIEmulatorOptions,
} from "./_emulator_types.ts";
import {
  decodePushMessage,
  emptyEmulatorState,
  type EmulatedConnector,
  type EmulatedStreamCollection,
  type EmulatedWork,
  type OpenCTIEmulatorState,
  settleWork,
} from "./_emulator_state.ts";
import { StreamLog, type StreamLogCollection } from "./stream_log.ts";

export type { ConnectorInfoInput } from "../api/ping_connector.ts";
export type { PlaybookStepExecutionInput } from "../api/playbook_step_execution.ts";
export type {
  ConnectorQueueConfig,
  RabbitMQConnection,
  S3Connection,
} from "../api/register_connector.ts";
export type { Clock } from "../core/clock.ts";
export type { EmulatorQueueNames } from "./_emulator_amqp.ts";
export type * from "./_emulator_types.ts";
export type {
  OpenCTIEmulatorAnalysisJob,
  OpenCTIEmulatorEnrichmentJob,
  OpenCTIEmulatorExportJob,
  OpenCTIEmulatorImportJob,
  OpenCTIEmulatorJob,
  OpenCTIEmulatorJobCommon,
  OpenCTIEmulatorPlaybookJob,
} from "./_emulator_jobs.ts";
export type {
  EmulatedBundle,
  EmulatedConnector,
  EmulatedDraft,
  EmulatedFile,
  EmulatedPendingUpload,
  EmulatedStreamCollection,
  EmulatedWork,
  EmulatedWorkMessage,
  OpenCTIEmulatorState,
} from "./_emulator_state.ts";

const DEFAULT_S3: S3Connection = {
  endpoint: "localhost",
  port: 9000,
  use_ssl: false,
  bucket_name: "opencti-bucket",
  bucket_region: "us-east-1",
  access_key: "opencti",
  secret_key: "opencti-secret",
};

const TEXT = { "content-type": "text/plain; charset=utf-8" };

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))]
    .map((b) => b.toString(16).padStart(2, "0")).join("");
}

function resetResponse(): Response {
  // A body that fails at once makes the server drop the connection mid-response.
  return new Response(new ReadableStream({ start: (c) => c.error(undefined) }), { status: 200 });
}

/**
 * An embedded OpenCTI platform for tests, demos and manual runs: a real HTTP server on
 * loopback answering the connector GraphQL API (validated against the platform schema, with
 * the platform's answers and error shapes), the SSE live stream ({@linkcode stream}), file
 * downloads, and — given an AMQP URL — the RabbitMQ side (queues declared at registration,
 * push queues consumed like the ingestion worker, jobs published to listen queues).
 * Faults can be injected from a test. Create it with {@linkcode startOpenCTIEmulator}.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * emulator.failNextRequests(1, { status: 502 });
 * await registerConnector(client, { id: crypto.randomUUID(), name: "Feed", type: "STREAM" });
 * if (emulator.counters.faults !== 1 || emulator.state.connectors.size !== 1) throw new Error();
 * ```
 */
export class OpenCTIEmulator implements AsyncDisposable {
  /**
   * Base URL (`http://127.0.0.1:<port>`, `https` with the `tls` option): GraphQL at
   * `${url}/graphql`, streams at `${url}/stream`.
   */
  readonly url: string;
  /** The API token it accepts (until {@linkcode revokeToken}). */
  readonly token: string;
  /** Prefix of every queue and exchange name. */
  readonly queuePrefix: string;
  /** JWK Set (JSON text) returned at registration; its key signs callback tokens. */
  readonly jwks: string;
  /** The live-stream side: append events and inject stream faults through it. */
  readonly stream: StreamLog;
  /** The emulated platform's data. */
  readonly state: OpenCTIEmulatorState;
  /** Every request answered, in order. */
  readonly requests: EmulatorRequestRecord[] = [];

  #server: Deno.HttpServer<Deno.NetAddr>;
  #schema: GraphQLSchema;
  #broker: EmulatorBroker | null = null;
  #connection: RabbitMQConnection;
  #clock: Clock;
  #version: string;
  #connectorUserId: string;
  #s3: S3Connection;
  #privateKey: CryptoKey;
  #kid: string;
  #callbackAuth: "jwt" | "token";
  #tokenValid = true;
  #faults = new FaultQueue();
  #listeners = new Set<() => void>();
  #active = 0;
  #held = 0;
  #closing = new AbortController();
  #closed: Promise<void> | null = null;

  private constructor(init: {
    jwks: string;
    privateKey: CryptoKey;
    kid: string;
    schema: GraphQLSchema;
    options: OpenCTIEmulatorOptions;
  }) {
    const options = init.options;
    this.token = options.token ?? crypto.randomUUID();
    this.queuePrefix = options.queuePrefix ?? `emu_${randomHex(4)}_`;
    this.jwks = init.jwks;
    this.#privateKey = init.privateKey;
    this.#kid = init.kid;
    this.#schema = init.schema;
    this.#connection = options.amqpUrl
      ? connectionFromUrl(options.amqpUrl)
      : { host: "127.0.0.1", vhost: "/", use_ssl: false, port: 5672, user: "guest", pass: "guest" };
    this.#clock = options.clock ?? systemClock;
    this.#version = options.version ?? "6.8.10";
    this.#connectorUserId = options.connectorUserId ?? crypto.randomUUID();
    this.#s3 = options.s3 ?? DEFAULT_S3;
    this.#callbackAuth = options.callbackAuth ?? "jwt";
    this.stream = new StreamLog({
      ...(options.clock ? { clock: options.clock } : {}),
      ...options.stream,
    });
    this.state = emptyEmulatorState();
    const hostname = options.hostname ?? "127.0.0.1";
    this.#server = Deno.serve({
      hostname,
      port: options.port ?? 0,
      onListen: () => {},
      onError: () => new Response("Internal Server Error", { status: 500, headers: TEXT }),
      ...(options.tls ? { cert: options.tls.cert, key: options.tls.key } : {}),
    }, (request) => this.#handle(request));
    const host = hostname === "0.0.0.0"
      ? "127.0.0.1"
      : hostname.includes(":")
      ? `[${hostname}]`
      : hostname;
    this.url = `${options.tls ? "https" : "http"}://${host}:${this.#server.addr.port}`;
  }

  /** Starts an emulator; same as {@linkcode startOpenCTIEmulator}. */
  static async start(options: OpenCTIEmulatorOptions = {}): Promise<OpenCTIEmulator> {
    const schema = buildEmulatorSchema(options.schemaWithout ?? []);
    const kid = randomHex(8);
    const { publicKey, privateKey } = await generateKeyPair("ES256", { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: "ES256", use: "sig" };
    const emulator = new OpenCTIEmulator({
      jwks: JSON.stringify({ keys: [jwk] }),
      privateKey,
      kid,
      schema,
      options,
    });
    if (options.amqpUrl) {
      try {
        emulator.#broker = await EmulatorBroker.connect(
          options.amqpUrl,
          options.amqpManagementUrl,
          (connectorId, message) => emulator.#ingest(connectorId, message.content),
        );
      } catch (error) {
        await emulator.close();
        throw error;
      }
    }
    return emulator;
  }

  /** Whether the RabbitMQ side is on (an AMQP URL was given). */
  get amqpEnabled(): boolean {
    return this.#broker !== null;
  }

  /** Requests being answered right now (e.g. held by an injected delay). */
  get activeRequests(): number {
    return this.#active;
  }

  /**
   * Requests held right now by {@linkcode delayNextRequests}: once a request counts here, its
   * answer waits for the emulator's clock (a test can then time out its client deterministically).
   */
  get heldRequests(): number {
    return this.#held;
  }

  /** Request and worker tallies. */
  get counters(): OpenCTIEmulatorCounters {
    const operations: Record<string, number> = {};
    let graphql = 0, stream = 0, files = 0, unauthorized = 0, faults = 0;
    for (const r of this.requests) {
      if (r.kind === "graphql") {
        graphql++;
        if (r.operationName) operations[r.operationName] = (operations[r.operationName] ?? 0) + 1;
      } else if (r.kind === "stream") stream++;
      else if (r.kind === "file") files++;
      if (!r.authorized) unauthorized++;
      if (r.fault) faults++;
    }
    return {
      graphql,
      stream,
      files,
      unauthorized,
      faults,
      operations,
      pushedMessages: this.state.pushedBundles.filter((b) => b.via === "amqp").length +
        this.state.rejectedMessages.length,
    };
  }

  /** Queue and exchange names of a connector, as returned at its registration. */
  queueNames(connectorId: string): EmulatorQueueNames {
    const p = this.queuePrefix;
    return {
      listen: `${p}listen_${connectorId}`,
      listen_routing: `${p}listen_routing_${connectorId}`,
      listen_exchange: `${p}amqp.connector.exchange`,
      push: `${p}push_${connectorId}`,
      push_routing: `${p}push_routing_${connectorId}`,
      push_exchange: `${p}amqp.worker.exchange`,
    };
  }

  /**
   * Adds a live stream collection: answered by the `streamCollection` query and served as SSE
   * at `/stream/<id>` ({@linkcode StreamLog.addStream}). Stopping it through
   * {@linkcode StreamLog.stopStream} shows as `stream_live: false`.
   */
  addStreamCollection(options: EmulatorStreamCollectionOptions = {}): EmulatedStreamCollection {
    const collection: EmulatedStreamCollection = {
      id: options.id ?? crypto.randomUUID(),
      name: options.name ?? "Live stream",
      description: options.description ?? null,
      filters: options.filters ?? null,
      stream_live: options.stream_live ?? true,
      stream_public: options.stream_public ?? false,
    };
    this.state.streamCollections.set(collection.id, collection);
    this.stream.addStream(collection.id, {
      name: collection.name,
      description: collection.description,
      public: collection.stream_public,
      filter: options.filter,
    });
    if (!collection.stream_live) this.stream.stopStream(collection.id);
    this.#changed();
    return collection;
  }

  /** Stores a file served at `/storage/get/<fileId>` (what import jobs point to). */
  addFile(
    fileId: string,
    content: string | Uint8Array,
    mimeType = "application/octet-stream",
  ): void {
    const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
    this.state.files.set(fileId, { content: bytes, mimeType });
    this.#changed();
  }

  /** Forces the `connector_queue_details` answered for a connector (null: measure again). */
  setQueueDetails(
    connectorId: string,
    details: { messages_number: number; messages_size: number } | null,
  ): void {
    this.#connector(connectorId).queueDetails = details;
  }

  /** Creates a work for a connector, as the platform does when it asks for a job. */
  createWork(connectorId: string, name: string | null = null): EmulatedWork {
    this.#connector(connectorId);
    const timestamp = new Date(this.#clock.now()).toISOString();
    const base = `work_${connectorId}_${timestamp}`;
    let id = base;
    for (let n = 1; this.state.works.has(id); n++) id = `${base}_${n}`;
    const work: EmulatedWork = {
      id,
      name,
      connectorId,
      status: "wait",
      timestamp,
      receivedTime: null,
      processedTime: null,
      completedTime: null,
      expected: 0,
      processed: 0,
      messages: [],
      errors: [],
      draftContext: null,
      pings: 0,
    };
    this.state.works.set(id, work);
    this.#changed();
    return work;
  }

  /**
   * Delivers a job (enrichment, import, export, analysis, playbook step) to a connector with the
   * platform's message shape: POSTed to its `listen_callback_uri` when it registered one (as
   * the worker does for API-mode connectors), else published to its listen queue.
   */
  async sendJob(connectorId: string, job: OpenCTIEmulatorJob): Promise<OpenCTIEmulatorJobResult> {
    const connector = this.#connector(connectorId);
    const callback = connector.listenCallbackUri;
    if (!callback) this.#requireBroker(`send a job to connector "${connectorId}"`);
    const workId = job.workId === undefined
      ? this.createWork(connectorId, `${job.type} job`).id
      : job.workId;
    const message = buildJobMessage(
      job,
      workId,
      new Date(this.#clock.now()).toISOString(),
      (fileId) => this.state.files.get(fileId)?.mimeType,
    );
    if (!callback) {
      await this.enqueueMessage(connectorId, message);
      return { workId, message, delivery: "amqp", callbackStatus: null };
    }
    const credential = this.#callbackAuth === "token"
      ? this.token
      : await this.createCallbackToken();
    const response = await fetch(callback, {
      method: "POST",
      headers: { "user-agent": "pycti/6.8.10", authorization: `Bearer ${credential}` },
      body: JSON.stringify(message),
      signal: this.#closing.signal,
    });
    await response.body?.cancel();
    return { workId, message, delivery: "callback", callbackStatus: response.status };
  }

  /** Publishes a raw message (object → JSON) to a connector's listen queue. */
  async enqueueMessage(
    connectorId: string,
    body: Record<string, unknown> | string | Uint8Array,
  ): Promise<void> {
    this.#connector(connectorId);
    const broker = this.#requireBroker(`enqueue a message for connector "${connectorId}"`);
    const names = this.queueNames(connectorId);
    const bytes = body instanceof Uint8Array
      ? body
      : new TextEncoder().encode(typeof body === "string" ? body : JSON.stringify(body));
    await broker.publish(names.listen_exchange, names.listen_routing, bytes);
  }

  /** Stops the emulated worker: pushed messages stay in the push queues. */
  async pauseWorker(): Promise<void> {
    await this.#requireBroker("pause the worker").pause();
  }

  /** Restarts the emulated worker. */
  async resumeWorker(): Promise<void> {
    await this.#requireBroker("resume the worker").resume();
  }

  /** A JWT for HTTP callbacks, signed with the key of {@linkcode jwks} (ES256, `kid` set). */
  async createCallbackToken(options: EmulatorCallbackTokenOptions = {}): Promise<string> {
    const now = Math.floor(this.#clock.now() / 1000);
    return await new SignJWT({})
      .setProtectedHeader({ alg: "ES256", kid: this.#kid, typ: "JWT" })
      .setIssuer(options.issuer ?? "opencti")
      .setSubject(options.subject ?? "connector")
      .setIssuedAt(now)
      .setExpirationTime(now + (options.expiresInSeconds ?? 300))
      .sign(this.#privateKey);
  }

  /**
   * Makes the next `count` GraphQL requests fail: with an HTTP status (default 503, plain-text
   * body) or, with `reset: true`, a connection cut before the body arrives.
   */
  failNextRequests(count: number, options: EmulatorFailOptions = {}): void {
    this.#faults.add({
      kind: "fail",
      remaining: count,
      status: options.status ?? 503,
      body: options.body ?? null,
      reset: options.reset ?? false,
      delayMs: 0,
      operation: options.operation ?? null,
    });
  }

  /** Delays the answers to the next `count` GraphQL requests (`Infinity`: all) by `delayMs`. */
  delayNextRequests(count: number, delayMs: number, options: EmulatorDelayOptions = {}): void {
    this.#faults.add({
      kind: "delay",
      remaining: count,
      status: 0,
      body: null,
      reset: false,
      delayMs,
      operation: options.operation ?? null,
    });
  }

  /** Drops every pending GraphQL fault. */
  clearFaults(): void {
    this.#faults.clear();
  }

  /**
   * Resets a connector's state as the UI does: the stored state becomes `""`, the next ping
   * returns `""` instead of storing the pinged state, and its queues are purged.
   */
  async resetConnectorState(connectorId: string): Promise<void> {
    await this.#resetState(this.#connector(connectorId));
  }

  /** Refuses the token from now on (GraphQL auth error, 401 on streams and files). */
  revokeToken(): void {
    this.#tokenValid = false;
  }

  /** Accepts the token again. */
  restoreToken(): void {
    this.#tokenValid = true;
  }

  /**
   * Resolves once `predicate()` holds, re-checking after every state change (registrations,
   * pings, work updates, ingested bundles…). Rejects after `timeoutMs`.
   */
  waitFor(predicate: () => boolean, options: EmulatorWaitOptions = {}): Promise<void> {
    if (predicate()) return Promise.resolve();
    const timeoutMs = options.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        this.#clock.clearTimeout(timer);
        this.#listeners.delete(check);
        options.signal?.removeEventListener("abort", onAbort);
        settle();
      };
      const check = () => {
        try {
          if (predicate()) finish(resolve);
        } catch (error) {
          finish(() => reject(error));
        }
      };
      const onAbort = () => finish(() => reject(options.signal?.reason));
      const timer = this.#clock.setTimeout(
        () => finish(() => reject(new Error(`Emulator condition not met within ${timeoutMs} ms`))),
        timeoutMs,
      );
      this.#listeners.add(check);
      options.signal?.addEventListener("abort", onAbort, { once: true });
      if (options.signal?.aborted) onAbort();
    });
  }

  /** Stops serving, ends streams, deletes every queue and exchange it declared, disconnects. */
  close(): Promise<void> {
    this.#closed ??= (async () => {
      this.#closing.abort(new Error("emulator closed"));
      try {
        await this.stream.close();
      } finally {
        try {
          await this.#server.shutdown();
        } finally {
          await this.#broker?.close();
        }
      }
    })();
    return this.#closed;
  }

  /** Same as {@linkcode close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #connector(connectorId: string): EmulatedConnector {
    const connector = this.state.connectors.get(connectorId);
    if (!connector) {
      throw new TypeError(`Cannot find connector "${connectorId}": it is not registered`);
    }
    return connector;
  }

  #requireBroker(what: string): EmulatorBroker {
    if (!this.#broker) {
      throw new TypeError(`Cannot ${what}: the emulator was started without amqpUrl`);
    }
    return this.#broker;
  }

  #streamCollection(id: string): StreamLogCollection & { filters: string | null } | null {
    // Collections added on the stream log directly are answered too; its stop state wins.
    const stored = this.state.streamCollections.get(id);
    const served = this.stream.streamCollection(id);
    if (!stored) return served ? { ...served, filters: null } : null;
    return { ...stored, stream_live: served ? served.stream_live : stored.stream_live };
  }

  #changed(): void {
    for (const listener of [...this.#listeners]) listener();
  }

  async #resetState(connector: EmulatedConnector): Promise<void> {
    connector.connectorState = "";
    connector.stateReset = true;
    connector.stateTimestamp = new Date(this.#clock.now()).toISOString();
    await this.#broker?.purgeConnector(this.queueNames(connector.id));
    this.#changed();
  }

  #ingest(connectorId: string, content: Uint8Array): void {
    const decoded = decodePushMessage(connectorId, content);
    if ("reason" in decoded) {
      this.state.rejectedMessages.push(decoded);
    } else {
      this.state.pushedBundles.push(decoded);
      const work = decoded.workId === null ? undefined : this.state.works.get(decoded.workId);
      if (work) {
        // The worker reports each processed message as one expectation done.
        work.processed++;
        settleWork(work, new Date(this.#clock.now()).toISOString());
      }
    }
    this.#changed();
  }

  #authorized(request: Request): boolean {
    const header = request.headers.get("authorization") ?? "";
    const match = /^bearer\s+(.+)$/i.exec(header.trim());
    return this.#tokenValid && match?.[1] === this.token;
  }

  #record(
    request: Request,
    kind: EmulatorRequestRecord["kind"],
    fields: Partial<EmulatorRequestRecord> & { status: number; authorized: boolean },
  ): void {
    const url = new URL(request.url);
    const headers: Record<string, string> = {};
    request.headers.forEach((value, name) => {
      if (name !== "authorization") headers[name] = value;
    });
    this.requests.push({
      kind,
      method: request.method,
      path: url.pathname + url.search,
      operationName: null,
      variables: null,
      headers,
      fault: null,
      at: this.#clock.now(),
      ...fields,
    });
  }

  async #handle(request: Request): Promise<Response> {
    this.#active++;
    this.#changed();
    try {
      return await this.#route(request);
    } finally {
      this.#active--;
      this.#changed();
    }
  }

  async #route(request: Request): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === "/graphql") return await this.#graphql(request, this.#clock.now());
    const authorized = this.#authorized(request);
    if (path === "/stream" || path.startsWith("/stream/")) {
      if (!authorized) {
        this.#record(request, "stream", { status: 401, authorized });
        return Response.json({ status: 401, error: "You must be logged in to do this." }, {
          status: 401,
        });
      }
      const id = path === "/stream" ? null : decodeURIComponent(path.slice("/stream/".length));
      const response = await this.stream.handle(request, id);
      this.#record(request, "stream", { status: response.status, authorized });
      return response;
    }
    if (path.startsWith("/storage/get/")) {
      const file = this.state.files.get(decodeURIComponent(path.slice("/storage/get/".length)));
      const status = !authorized ? 401 : file ? 200 : 404;
      this.#record(request, "file", { status, authorized });
      if (status !== 200 || !file) {
        return new Response(status === 401 ? "Unauthorized" : "Not Found", {
          status,
          headers: TEXT,
        });
      }
      return new Response(file.content.slice(), { headers: { "content-type": file.mimeType } });
    }
    this.#record(request, "other", { status: 404, authorized });
    return new Response("Not Found", { status: 404, headers: TEXT });
  }

  async #graphql(request: Request, at: number): Promise<Response> {
    const authorized = this.#authorized(request);
    const parsed = await readGraphQLRequest(request);
    if (parsed instanceof Response) {
      this.#record(request, "graphql", { status: parsed.status, authorized, at });
      return parsed;
    }
    const operationName = operationNameOf(parsed);
    const base = { operationName, variables: parsed.variables, authorized, at };
    const delay = this.#faults.take("delay", operationName);
    const fail = this.#faults.take("fail", operationName);
    if (delay) {
      const held = sleep(delay.delayMs, {
        // Not request.signal: Deno.serve warns about its legacy semantics.
        signal: this.#closing.signal,
        clock: this.#clock,
      });
      this.#held++;
      this.#changed();
      try {
        await held;
      } catch {
        this.#record(request, "graphql", { ...base, status: 0, fault: "delay" });
        return new Response(null, { status: 503 });
      } finally {
        this.#held--;
      }
    }
    if (fail) {
      this.#record(request, "graphql", {
        ...base,
        status: fail.reset ? 0 : fail.status,
        fault: fail.reset ? "reset" : "status",
      });
      return fail.reset ? resetResponse() : new Response(
        fail.body ?? `emulator: injected failure (HTTP ${fail.status})`,
        { status: fail.status, headers: TEXT },
      );
    }
    const response = await answerGraphQL(
      this.#schema,
      parsed,
      emulatorRootValue(this.#resolverContext(), {
        draftId: request.headers.get("opencti-draft-id"),
      }),
      authorized,
    );
    this.#record(request, "graphql", {
      ...base,
      status: response.status,
      fault: delay ? "delay" : null,
    });
    return response;
  }

  #resolverContext(): ResolverContext {
    return {
      state: this.state,
      now: () => this.#clock.now(),
      version: this.#version,
      jwks: this.jwks,
      connectorUserId: this.#connectorUserId,
      s3: this.#s3,
      broker: this.#broker,
      connection: () => ({ ...this.#connection }),
      names: (id) => this.queueNames(id),
      deadLetterRouting: `${this.queuePrefix}dead_letter_routing`,
      createWork: (connectorId, name) => this.createWork(connectorId, name),
      streamCollection: (id) => this.#streamCollection(id),
      resetConnectorState: (connector) => this.#resetState(connector),
      changed: () => this.#changed(),
    };
  }
}

/**
 * Starts an {@linkcode OpenCTIEmulator} on loopback (a free port by default). Close it with
 * `await emulator.close()` or `await using`.
 *
 * @example
 * ```ts
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const response = await fetch(`${emulator.url}/graphql`, {
 *   method: "POST",
 *   headers: { authorization: `Bearer ${emulator.token}`, "content-type": "application/json" },
 *   body: JSON.stringify({ query: "query healthCheck { about { version } }" }),
 * });
 * const { data } = await response.json();
 * if (data.about.version !== "6.8.10") throw new Error(JSON.stringify(data));
 * ```
 */
export function startOpenCTIEmulator(
  options: OpenCTIEmulatorOptions = {},
): Promise<OpenCTIEmulator> {
  return OpenCTIEmulator.start(options);
}
