import type { StreamCollectionInfo } from "../api/get_stream_collection.ts";
import { getStreamCollection } from "../api/get_stream_collection.ts";
import type { OpenCTIApiClient, OpenCTIApiRetryOptions } from "../api/opencti_api_client.ts";
import type { ConnectorQueueConfig, RegisterConnectorInput } from "../api/register_connector.ts";
import { registerConnector } from "../api/register_connector.ts";
import { unregisterConnector } from "../api/unregister_connector.ts";
import type { MqConnectionConfig } from "../config/apply_mq_overrides.ts";
import type { ConnectorSettings } from "../config/connector_settings.ts";
import type { EnvSource } from "../config/get_config_variable.ts";
import { loadConfigFile } from "../config/load_config_file.ts";
import { resolveConnectorSettings } from "../config/resolve_connector_settings.ts";
import { type Clock, systemClock } from "../core/clock.ts";
import type { Logger, LogMeta } from "../core/logger.ts";
import type { JobAckMode } from "../queue/amqp_job_consumer.ts";
import { verifyCallbackToken } from "../queue/callback_authenticator.ts";
import { checkConnectorBuffering } from "../queue/check_connector_buffering.ts";
import type {
  EnrichmentEntitySource,
  JobCallback,
  JobContext,
  JobHandler,
} from "../queue/job_handler.ts";
import { scheduleIso } from "../schedule/schedule_iso.ts";
import { scheduleProcess } from "../schedule/schedule_process.ts";
import { scheduleUnit } from "../schedule/schedule_unit.ts";
import type { TimeUnit, TimeUnitName } from "../schedule/time_unit.ts";
import type { ScheduleCallback, ScheduleOptions, ScheduleOutcome } from "../schedule/types.ts";
import { checkMaxTlp } from "../stix/check_max_tlp.ts";
import { createBundle } from "../stix/create_bundle.ts";
import { deduplicateObjects } from "../stix/deduplicate_objects.ts";
import { getAttributeInExtension } from "../stix/get_attribute_in_extension.ts";
import { getAttributeInMitreExtension } from "../stix/get_attribute_in_mitre_extension.ts";
import {
  getDataFromEnrichment,
  type StixEnrichmentData,
} from "../stix/get_data_from_enrichment.ts";
import {
  getStixEmbeddedObjects,
  type StixEmbeddedObjects,
} from "../stix/get_stix_embedded_objects.ts";
import { getStixEntityObjects } from "../stix/get_stix_entity_objects.ts";
import { getStixRelationshipObjects } from "../stix/get_stix_relationship_objects.ts";
import { getStixReportObjects } from "../stix/get_stix_report_objects.ts";
import type { StixObjectIndex } from "../stix/index_stix_objects.ts";
import type { StixBundle, StixObject } from "../stix/types.ts";
import {
  type BatchCallback,
  type BatchCallbackOptions,
  type BatchCallbackWrapper,
  createBatchCallback,
} from "../stream/create_batch_callback.ts";
import { createRateLimiter, type RateLimiter } from "../stream/create_rate_limiter.ts";
import {
  createStreamCollectionResolver,
  type StreamCollectionResolver,
} from "../stream/create_stream_collection_resolver.ts";
import { listenStream, type LiveStream } from "../stream/listen_stream.ts";
import type { StreamCallback, StreamConsumer } from "../stream/stream_consumer.ts";
import type { ConnectorStateObject } from "../stream/stream_state_store.ts";
import { createTlsFetch, type TlsFetch } from "../tls/create_tls_fetch.ts";
import type { ResolvedTlsOptions } from "../tls/tls_options.ts";
import type { NodeTlsSocketOptions } from "../tls/to_node_tls_options.ts";
import { BundleOutputs } from "./_bundle_outputs.ts";
import { ConnectorStateCell } from "./_connector_state.ts";
import { createConnectorWork } from "./_connector_work.ts";
import { type Deadline, deadline, whenAborted } from "./_deadline.ts";
import { HelperLogger } from "./_helper_logger.ts";
import { startJobListener } from "./_job_listener.ts";
import { Pinger } from "./_pinger.ts";
import { reasonOf } from "./_reason_of.ts";
import { sendStix2BundlePipeline } from "./_send_stix2_bundle.ts";
import { SignalHandlers } from "./_signal_handlers.ts";
import { startConnector, type StartedConnector } from "./_start_connector.ts";
import type { BundleSinkConnector } from "./bundle_sink_envelope.ts";
import { BundleWriter, type BundleWriterOptions } from "./bundle_writer.ts";
import { ConnectorInfo } from "./connector_info.ts";
import type { ConnectorWorkApi } from "./connector_work_api.ts";
import type { OpenCTIMetricHandler } from "./metric_handler.ts";
import type { SendStix2BundleOptions, SendStix2BundleResult } from "./send_stix2_bundle.ts";

/**
 * Options of {@linkcode OpenCTIConnectorHelper.create}. Everything has a default suited to a
 * connector process; tests inject the clock, the environment, the log writer and `exit`.
 *
 * @example
 * ```ts
 * import type { OpenCTIConnectorHelperOptions } from "@octi/connector/helper";
 * const options: OpenCTIConnectorHelperOptions = {
 *   playbookCompatible: true,
 *   env: new Map([["CONNECTOR_LOG_LEVEL", "info"]]),
 *   logWriter: (line) => console.error(line),
 * };
 * ```
 */
export interface OpenCTIConnectorHelperOptions {
  /** Registered `playbook_compatible` (pycti's second constructor argument). Default false. */
  playbookCompatible?: boolean | undefined;
  /** Where environment variables are read. Default `Deno.env`. */
  env?: EnvSource | undefined;
  /** Time source of the ping loop, schedules, logs and file names. Default: the system clock. */
  clock?: Clock | undefined;
  /**
   * A logger to use instead of pycti's (built from `OPENCTI_JSON_LOGGING`,
   * `CONNECTOR_LOG_LEVEL` and `CONNECTOR_NAME`, with every secret redacted).
   */
  logger?: Logger | undefined;
  /** Where pycti's logger writes its lines. Default: standard error. */
  logWriter?: ((line: string) => void) | undefined;
  /** Aborting it closes the helper as {@linkcode OpenCTIConnectorHelper.close} does. */
  signal?: AbortSignal | undefined;
  /**
   * Ends the process (pycti's `killProgramHook` role): after a run-and-terminate run (with its
   * outcome's code), after SIGINT/SIGTERM (0), after a fatal error in a background task or a
   * malformed schedule period (1). Default `Deno.exit`.
   */
  exit?: ((code: number) => void) | undefined;
  /**
   * Stop gracefully on SIGINT/SIGTERM while `listen`, `listenStream` or a schedule runs (the
   * handlers are installed by those calls, not at creation). Default true.
   */
  handleSignals?: boolean | undefined;
  /**
   * Reads the entity of an enrichment job (pycti's entity layer); required by `listen` for
   * `INTERNAL_ENRICHMENT` connectors.
   */
  enrichment?: EnrichmentEntitySource | undefined;
  /** Retry policy of the API clients (network failures and 5xx). Default: the client's. */
  apiRetry?: OpenCTIApiRetryOptions | undefined;
  /** Per-request timeout of the API clients, in ms. Default 300 000, as pycti. */
  apiTimeoutMs?: number | undefined;
  /** Interface the metrics server binds. Default `0.0.0.0`, as pycti. */
  metricsHostname?: string | undefined;
  /** Interface the HTTP callback listener binds. Default `0.0.0.0`, as pycti. */
  callbackHostname?: string | undefined;
  /** PingAlive period in ms. Default 40 000, as pycti. */
  pingIntervalMs?: number | undefined;
  /** How long stopping waits for the running job, batch or scheduled run, in ms. Default 60 000. */
  stopTimeoutMs?: number | undefined;
  /** When AMQP jobs are acknowledged: `"before"` processing (pycti, default) or `"after"`. */
  ackMode?: JobAckMode | undefined;
}

/**
 * Per-call options of {@linkcode OpenCTIConnectorHelper.listenStream}: pycti's `listen_stream`
 * arguments, each defaulting to its `CONNECTOR_LIVE_STREAM_*` setting.
 *
 * @example
 * ```ts
 * import type { ConnectorListenStreamOptions } from "@octi/connector/helper";
 * const options: ConnectorListenStreamOptions = { liveStreamId: "live", withInferences: true };
 * ```
 */
export interface ConnectorListenStreamOptions {
  /** Platform URL. Default `OPENCTI_URL`. */
  url?: string | undefined;
  /** Token. Default the helper's token. */
  token?: string | undefined;
  /** Stream collection id. Default `CONNECTOR_LIVE_STREAM_ID`. */
  liveStreamId?: string | null | undefined;
  /** Header `listen-delete`. Default `CONNECTOR_LIVE_STREAM_LISTEN_DELETE`. */
  listenDelete?: boolean | undefined;
  /** Header `no-dependencies`. Default `CONNECTOR_LIVE_STREAM_NO_DEPENDENCIES`. */
  noDependencies?: boolean | undefined;
  /** Header `with-inferences`. Default `CONNECTOR_LIVE_STREAM_WITH_INFERENCES`. */
  withInferences?: boolean | undefined;
  /** First-run position (ms). Default `CONNECTOR_LIVE_STREAM_START_TIMESTAMP`. */
  startTimestamp?: string | number | null | undefined;
  /** First-run `recover` date. Default `CONNECTOR_LIVE_STREAM_RECOVER_ISO_DATE`. */
  recoverIsoDate?: string | false | null | undefined;
  /** Reconnect after this long without a byte, in ms. Default 45 000. */
  watchdogMs?: number | undefined;
  /** First reconnect delay in ms. Default 3 000. */
  retryMs?: number | undefined;
}

/**
 * Options of {@linkcode OpenCTIConnectorHelper.stop}.
 *
 * @example
 * ```ts
 * import type { ConnectorStopOptions } from "@octi/connector/helper";
 * const keepRegistered: ConnectorStopOptions = { unregister: false };
 * ```
 */
export interface ConnectorStopOptions {
  /**
   * Delete the connector on the platform (`deleteConnector`), as pycti's `stop()` does. Default
   * true. The platform then also deletes the connector's works, queues and state.
   */
  unregister?: boolean | undefined;
}

const DEFAULT_STOP_TIMEOUT_MS = 60_000;

function formatRunDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + "Z";
}

// NaN would stop the ping loop for good, or make stopping wait forever; 0 would ping in a loop.
function checkTimings(options: OpenCTIConnectorHelperOptions): void {
  const { pingIntervalMs, stopTimeoutMs } = options;
  if (pingIntervalMs !== undefined && !(pingIntervalMs > 0)) {
    throw new RangeError(
      `Cannot create the helper: pingIntervalMs must be > 0 ms, got ${pingIntervalMs}`,
    );
  }
  if (stopTimeoutMs !== undefined && !(stopTimeoutMs >= 0)) {
    throw new RangeError(
      `Cannot create the helper: stopTimeoutMs must be >= 0 ms (Infinity waits for good), got ${stopTimeoutMs}`,
    );
  }
}

function noPeriod(): TypeError {
  return new TypeError(
    "Cannot schedule: no duration period given and CONNECTOR_DURATION_PERIOD is not set",
  );
}

/**
 * pycti's `OpenCTIConnectorHelper` for Deno: what a connector is written against. It registers
 * the connector, keeps it alive and its state saved with PingAlive, receives jobs
 * ({@linkcode listen}), follows the live stream ({@linkcode listenStream}), runs scheduled
 * imports ({@linkcode scheduleIso}), and sends bundles through pycti's sinks
 * ({@linkcode sendStix2Bundle}, {@linkcode bundleWriter}). Configuration, env vars, log format,
 * metrics and everything on the wire are pycti's.
 *
 * Lifecycle: {@linkcode create} resolves the settings, health-checks the platform, registers
 * and starts the ping loop (or throws a `ConnectorStartError`, leaving nothing running).
 * {@linkcode close} (also `await using`, SIGINT/SIGTERM, the `signal` option) stops intake, lets
 * the running job, batch or scheduled run finish (bounded by `stopTimeoutMs`), saves the state
 * with a last ping and closes every connection; {@linkcode stop} does the same and then
 * unregisters the connector, as pycti's `stop()`.
 *
 * Where a pycti connector kills its own process (a failed background task, a malformed
 * period), the helper logs, closes and calls `exit(1)`; a single run ends with `exit` and the
 * run's code. The module documentation lists every deliberate difference from pycti.
 *
 * @example An external-import connector (run and terminate, against the embedded emulator)
 * ```ts
 * import { OpenCTIConnectorHelper } from "@octi/connector/helper";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 *
 * await using platform = await startOpenCTIEmulator();
 * const config = {
 *   opencti: { url: platform.url, token: platform.token },
 *   connector: {
 *     id: "0d6b5f0e-6c1b-4c2e-9f0a-3e2b1c0d9a8f",
 *     name: "My Feed",
 *     type: "EXTERNAL_IMPORT",
 *     duration_period: "PT1H",
 *     run_and_terminate: true,
 *     send_to_queue: false, // no broker in this example
 *   },
 * };
 * const helper = await OpenCTIConnectorHelper.create(config, {
 *   env: new Map(), // only config.yml here, no environment variables
 *   logWriter: () => {},
 *   exit: () => {}, // a real connector lets the process exit after the run
 * });
 * await helper.scheduleIso(async () => {
 *   const bundle = helper.stix2CreateBundle([
 *     { type: "identity", id: "identity--11111111-1111-4111-8111-111111111111", name: "ACME" },
 *   ]);
 *   const sent = await helper.sendStix2Bundle(bundle);
 *   helper.setState({ last_run: helper.dateNowZ(), sent: sent.expectations });
 * });
 * const saved = platform.state.connectors.get(config.connector.id)?.connectorState;
 * if (JSON.parse(saved ?? "{}").sent !== 1) throw new Error(`state not saved: ${saved}`);
 * ```
 */
export class OpenCTIConnectorHelper implements AsyncDisposable {
  /** The resolved configuration. */
  readonly settings: ConnectorSettings;
  /** The API client for the helper's own calls (pycti's `api`). */
  readonly api: OpenCTIApiClient;
  /** The API client that acts as the job's applicant (pycti's `api_impersonate`). */
  readonly apiImpersonate: OpenCTIApiClient;
  /** pycti's `connector_logger`: `connectorLogger.info(message, meta)`. */
  readonly connectorLogger: Logger;
  /** pycti's `metric`: Prometheus counters and state (`inc("run_count")`). */
  readonly metric: OpenCTIMetricHandler;
  /** pycti's `connector_info`, sent with every ping. */
  readonly connectorInfo: ConnectorInfo;
  /** The Work API, gated by `CONNECTOR_SEND_TO_QUEUE` as pycti's `api.work`. */
  readonly work: ConnectorWorkApi;
  /** Connector id returned by the registration (pycti's `connector_id`). */
  readonly connectorId: string;
  /** The connector's user id (pycti's `applicant_id` outside jobs). */
  readonly connectorUserId: string | null;
  /** Queues, exchanges and broker of the registration (pycti's `connector_config`). */
  readonly connectorConfig: ConnectorQueueConfig;
  /** JWK Set verifying HTTP callbacks (newest platforms), or null. */
  readonly jwks: string | null;

  #token: string;
  #logger: HelperLogger;
  #clock: Clock;
  #options: OpenCTIConnectorHelperOptions;
  #exit: (code: number) => void;
  #stopTimeoutMs: number;
  #descriptor: Readonly<RegisterConnectorInput>;
  #state: ConnectorStateCell;
  #pinger: Pinger;
  #openctiTls: ResolvedTlsOptions | undefined;
  #mq: MqConnectionConfig;
  #mqTls: NodeTlsSocketOptions | undefined;
  #sinkConnector: BundleSinkConnector;
  #outputs: BundleOutputs;
  // Aborted when stopping: the job listener, streams and schedules watch it.
  #intake = new AbortController();
  // What stopping waits for (bounded): listeners, streams, schedules.
  #tasks = new Set<Promise<unknown>>();
  #handler: JobHandler | undefined;
  #fetches: TlsFetch[] = [];
  #streamCollections: StreamCollectionResolver;
  #stopping: Promise<void> | undefined;
  // Set once the connections are closed; until then a running job may still send bundles.
  #closed = false;
  #signals = new SignalHandlers((signal, code) => this.#onSignal(signal, code));
  #onAbort = () => void this.close();

  private constructor(
    settings: ConnectorSettings,
    logger: HelperLogger,
    clock: Clock,
    options: OpenCTIConnectorHelperOptions,
    started: StartedConnector,
  ) {
    this.settings = settings;
    this.#logger = logger;
    this.connectorLogger = logger;
    this.#clock = clock;
    this.#options = options;
    this.#exit = options.exit ?? ((code) => Deno.exit(code));
    this.#stopTimeoutMs = options.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS;
    this.#token = started.token;
    this.api = started.api;
    this.apiImpersonate = started.apiImpersonate;
    this.metric = started.metrics;
    this.connectorId = started.registration.id;
    this.connectorUserId = started.registration.connector_user_id;
    this.connectorConfig = started.registration.config;
    this.jwks = started.registration.jwks;
    this.#descriptor = started.descriptor;
    this.#openctiTls = started.openctiTls;
    this.#mq = started.mq;
    this.#mqTls = started.mqTls;
    this.#state = new ConnectorStateCell(started.registration.connector_state);
    this.connectorInfo = new ConnectorInfo();
    this.work = createConnectorWork(this.api, {
      connectorId: this.connectorId,
      sendToQueue: settings.connector.sendToQueue,
      logger,
    });
    this.#sinkConnector = {
      id: settings.connector.id,
      name: settings.connector.name,
      type: settings.connector.type,
      scope: settings.connector.scopeRaw,
      auto: settings.connector.auto,
      validateBeforeImport: settings.connector.validateBeforeImport,
    };
    this.#outputs = new BundleOutputs({
      connectorId: this.connectorId,
      connectorUserId: this.connectorUserId,
      connector: this.#sinkConnector,
      queueProtocol: settings.connector.queueProtocol,
      queues: this.connectorConfig,
      mq: started.mq,
      mqTls: started.mqTls,
      s3: started.s3,
      s3Folder: settings.connector.sendToS3Folder,
      s3RetentionDays: settings.connector.sendToS3Retention,
      api: this.api,
      work: this.work,
      metrics: this.metric,
      logger,
      clock,
    });
    this.#streamCollections = createStreamCollectionResolver((id) =>
      getStreamCollection(this.api, id)
    );
    this.#pinger = new Pinger({
      client: this.api,
      connectorId: this.connectorId,
      state: this.#state,
      info: this.connectorInfo,
      metrics: this.metric,
      logger,
      clock,
      intervalMs: options.pingIntervalMs ?? 40_000,
    });
  }

  /**
   * Resolves the settings from `config` (config.yml parsed, or its path) and the environment,
   * health-checks the platform, creates the service account when configured, registers the
   * connector, exposes the metrics when enabled and starts PingAlive (unless the connector
   * runs once: `CONNECTOR_RUN_AND_TERMINATE` or a zero `CONNECTOR_DURATION_PERIOD`).
   *
   * @throws {ConfigError} When the configuration is invalid (every problem listed).
   * @throws {RangeError} When `pingIntervalMs` is not > 0 or `stopTimeoutMs` not >= 0.
   * @throws {ConnectorStartError} When the platform is unreachable, refuses the token or the
   * registration, or the metrics port cannot be bound. Nothing is left running.
   *
   * @example
   * ```ts
   * import { ConnectorStartError, OpenCTIConnectorHelper } from "@octi/connector/helper";
   * import { startOpenCTIEmulator } from "@octi/connector/testing";
   * await using platform = await startOpenCTIEmulator();
   * const env = new Map([
   *   ["OPENCTI_URL", platform.url],
   *   ["OPENCTI_TOKEN", platform.token],
   *   ["CONNECTOR_ID", crypto.randomUUID()],
   *   ["CONNECTOR_NAME", "My Stream"],
   *   ["CONNECTOR_TYPE", "STREAM"],
   * ]);
   * await using helper = await OpenCTIConnectorHelper.create({}, { env, logWriter: () => {} });
   * if (helper.getName() !== "My Stream") throw new Error();
   *
   * platform.revokeToken();
   * const failed = await OpenCTIConnectorHelper.create({}, { env, logWriter: () => {} })
   *   .catch((error) => error);
   * if (!(failed instanceof ConnectorStartError) || failed.failure !== "unauthorized") {
   *   throw new Error(String(failed));
   * }
   * ```
   */
  static async create(
    config: Readonly<Record<string, unknown>> | string | URL = {},
    options: OpenCTIConnectorHelperOptions = {},
  ): Promise<OpenCTIConnectorHelper> {
    checkTimings(options);
    const parsed = typeof config === "string" || config instanceof URL
      ? await loadConfigFile(config)
      : config;
    // The logger depends on the settings: messages about them are replayed once it exists.
    const early: string[] = [];
    const settings = resolveConnectorSettings({
      config: parsed,
      env: options.env,
      logger: { error: (message) => early.push(message) },
    });
    const clock = options.clock ?? systemClock;
    const logger = options.logger
      ? HelperLogger.wrap(options.logger)
      : HelperLogger.fromSettings(settings, { clock, write: options.logWriter });
    for (const message of early) logger.error(message);
    const started = await startConnector({
      settings,
      logger,
      clock,
      playbookCompatible: options.playbookCompatible ?? false,
      apiRetry: options.apiRetry,
      apiTimeoutMs: options.apiTimeoutMs,
      metricsHostname: options.metricsHostname,
    });
    const helper = new OpenCTIConnectorHelper(settings, logger, clock, options, started);
    if (settings.connector.pingAlive) helper.#pinger.start();
    if (options.signal?.aborted) await helper.close();
    else options.signal?.addEventListener("abort", helper.#onAbort, { once: true });
    return helper;
  }

  // ---- state and ping ----------------------------------------------------------------------

  /**
   * pycti's `get_state`: the state as a fresh object, or null when there is none (`{}` counts
   * as none). Mutating the result does not change the state.
   */
  getState(): ConnectorStateObject | null {
    return this.#state.get();
  }

  /**
   * pycti's `set_state`: stores a copy of `state` (an object, or its JSON text); anything else
   * clears it. It reaches the platform with the next ping (every 40 s, and when stopping).
   *
   * @throws {TypeError} When the object cannot be serialised (cycles, BigInt).
   */
  setState(state: ConnectorStateObject | string | null): void {
    this.#state.set(state);
  }

  /**
   * pycti's `force_ping`: sends the state and ConnectorInfo now; when the platform answers
   * another state, pings again so that the local one wins. Failures are logged and counted.
   */
  forcePing(): Promise<void> {
    return this.#pinger.forcePing();
  }

  // ---- listening ---------------------------------------------------------------------------

  /** The job being processed by {@linkcode listen} right now, if any. */
  get currentJob(): JobContext | undefined {
    return this.#handler?.currentJob;
  }

  /**
   * pycti's `listen`: receives jobs — from the listen queue (`CONNECTOR_LISTEN_PROTOCOL=AMQP`)
   * or as HTTP callbacks (`API`) — and runs `callback` for each, one at a time, with pycti's
   * work reporting. The callback's return value is the work's message. Resolves once the
   * helper is stopped (after the running job finished).
   *
   * @throws {TypeError} When already listening, stopped, or (enrichment connectors) created
   * without the `enrichment` option.
   */
  async listen(callback: JobCallback): Promise<void> {
    this.#checkRunning("listen");
    if (this.#handler) throw new TypeError("Cannot listen: the helper is already listening");
    if (this.settings.connector.type === "INTERNAL_ENRICHMENT" && !this.#options.enrichment) {
      throw new TypeError(
        "Cannot listen: an INTERNAL_ENRICHMENT connector needs the `enrichment` option " +
          "(an EnrichmentEntitySource that reads the entity of each job)",
      );
    }
    this.#installSignalHandlers();
    const listener = startJobListener({
      settings: this.settings,
      callback,
      connectorUserId: this.connectorUserId,
      queues: this.connectorConfig,
      auth: { jwks: this.jwks, token: this.#token },
      mq: this.#mq,
      mqTls: this.#mqTls,
      api: this.api,
      apiImpersonate: this.apiImpersonate,
      work: this.work,
      metrics: this.metric,
      enrichment: this.#options.enrichment,
      ackMode: this.#options.ackMode,
      stopTimeoutMs: this.#stopTimeoutMs,
      callbackHostname: this.#options.callbackHostname,
      logger: this.#logger,
      clock: this.#clock,
      signal: this.#intake.signal,
    });
    this.#handler = listener.handler;
    await this.#track(listener.finished);
  }

  /**
   * pycti's `listen_stream`: follows the live stream and calls `callback` for each event (or
   * hands events to a batch/rate-limit wrapper), saving the position in the helper's state.
   * Returns at once; the listener runs until the helper stops. A listener that fails for good
   * (e.g. the token is refused) ends the process with code 1, as pycti's kill hook.
   */
  listenStream(
    callback: StreamCallback | StreamConsumer,
    options: ConnectorListenStreamOptions = {},
  ): LiveStream {
    this.#checkRunning("listen to the stream");
    this.#installSignalHandlers();
    const { connector } = this.settings;
    const url = options.url ?? this.settings.opencti.url;
    let fetcher: typeof fetch | undefined;
    if (this.#openctiTls && url.startsWith("https:")) {
      const tlsFetch = createTlsFetch(this.#openctiTls);
      this.#fetches.push(tlsFetch);
      fetcher = tlsFetch.fetch;
    }
    const stream = listenStream({
      url,
      token: options.token ?? this.#token,
      state: { getState: () => this.getState(), setState: (state) => this.setState(state) },
      callback,
      liveStreamId: options.liveStreamId !== undefined
        ? options.liveStreamId
        : connector.liveStreamId,
      listenDelete: options.listenDelete ?? connector.liveStreamListenDelete,
      noDependencies: options.noDependencies ?? connector.liveStreamNoDependencies,
      withInferences: options.withInferences ?? connector.liveStreamWithInferences,
      startTimestamp: options.startTimestamp !== undefined
        ? options.startTimestamp
        : connector.liveStreamStartTimestamp,
      recoverIsoDate: options.recoverIsoDate !== undefined
        ? options.recoverIsoDate
        : connector.liveStreamRecoverIsoDate,
      ...(options.watchdogMs !== undefined ? { watchdogMs: options.watchdogMs } : {}),
      ...(options.retryMs !== undefined ? { retryMs: options.retryMs } : {}),
      ...(fetcher ? { fetch: fetcher } : {}),
      signal: this.#intake.signal,
      clock: this.#clock,
      logger: this.#logger,
    });
    // The stream stops with the intake signal; stopping then waits for its final save.
    void this.#track(stream.done.catch((error) => this.#die(error)));
    return stream;
  }

  // ---- scheduling --------------------------------------------------------------------------

  /**
   * pycti's `schedule_iso`: runs `callback` every `durationPeriod` (ISO 8601, e.g. `"PT1H"`;
   * default `CONNECTOR_DURATION_PERIOD`), or once when `CONNECTOR_RUN_AND_TERMINATE` is true
   * or the period is 0. A single run ends with a ping that saves the state, the helper
   * closing, and the process exiting with the run's code (0, or 1 when it failed). A periodic
   * schedule resolves once the helper stops; a failed run is logged and counted and the next
   * one still happens. A malformed period is logged and ends like a failed run: the state is
   * saved, the helper closes and the process exits with code 1.
   *
   * @throws {TypeError} When no period is given and `CONNECTOR_DURATION_PERIOD` is not set.
   *
   * @example
   * ```ts
   * import { OpenCTIConnectorHelper } from "@octi/connector/helper";
   * import { startOpenCTIEmulator } from "@octi/connector/testing";
   * await using platform = await startOpenCTIEmulator();
   * const exits: number[] = [];
   * const helper = await OpenCTIConnectorHelper.create({
   *   opencti: { url: platform.url, token: platform.token },
   *   connector: { id: crypto.randomUUID(), name: "Feed", type: "EXTERNAL_IMPORT", run_and_terminate: true },
   * }, { env: new Map(), logWriter: () => {}, exit: (code) => exits.push(code) });
   * const outcome = await helper.scheduleIso(() => helper.setState({ done: true }), "PT1H");
   * if (outcome.mode !== "once" || exits[0] !== 0) throw new Error("ran once, exited 0");
   * ```
   */
  scheduleIso(
    callback: ScheduleCallback,
    durationPeriod?: string | number,
  ): Promise<ScheduleOutcome> {
    const period = durationPeriod ?? this.settings.connector.durationPeriod;
    if (period === null) return Promise.reject(noPeriod());
    return this.#schedule((base) => scheduleIso({ ...base, callback, durationPeriod: period }));
  }

  /**
   * pycti's `schedule_process`: as {@linkcode scheduleIso} with a period in seconds (default
   * `CONNECTOR_DURATION_PERIOD` in seconds).
   *
   * @throws {TypeError} When no period is given and `CONNECTOR_DURATION_PERIOD` is not set.
   */
  scheduleProcess(callback: ScheduleCallback, durationPeriod?: number): Promise<ScheduleOutcome> {
    const period = durationPeriod ?? this.settings.connector.durationPeriodSeconds;
    if (period === null) return Promise.reject(noPeriod());
    return this.#schedule((base) => scheduleProcess({ ...base, callback, durationPeriod: period }));
  }

  /**
   * pycti's deprecated `schedule_unit`: as {@linkcode scheduleIso} with `durationPeriod`
   * `timeUnit`s (e.g. `2`, `"HOURS"`).
   */
  scheduleUnit(
    callback: ScheduleCallback,
    durationPeriod: string | number,
    timeUnit: TimeUnit | TimeUnitName,
  ): Promise<ScheduleOutcome> {
    return this.#schedule((base) => scheduleUnit({ ...base, callback, durationPeriod, timeUnit }));
  }

  async #schedule(
    run: (base: Omit<ScheduleOptions, "callback">) => Promise<ScheduleOutcome>,
  ): Promise<ScheduleOutcome> {
    this.#checkRunning("schedule");
    this.#installSignalHandlers();
    const outcome = await this.#track(run({
      runAndTerminate: this.settings.connector.runAndTerminate,
      signal: this.#intake.signal,
      clock: this.#clock,
      logger: this.#logger,
      checkBuffering: () => this.checkConnectorBuffering(),
      connectorInfo: this.connectorInfo,
      metrics: this.metric,
    }));
    // Only a stop ends a periodic schedule; anything else ends the process: the single run is
    // over, or the period was malformed (pycti's kill hook; idling on pings would hide it).
    if (outcome.status !== "stopped" && !this.#stopping) {
      // pycti loses a state set less than 40 s before this exit: ping it now.
      await this.forcePing();
      this.#stopping = this.#shutdown({ unregister: false, flush: false });
      await this.#stopping;
      this.#exit(outcome.exitCode);
    }
    return outcome;
  }

  /**
   * pycti's `check_connector_buffering`: whether the connector's push queue holds at least
   * `CONNECTOR_QUEUE_THRESHOLD` MB; updates ConnectorInfo (sent with the next ping).
   *
   * @throws {Error} When the platform does not know the connector or cannot be asked.
   */
  async checkConnectorBuffering(): Promise<boolean> {
    const status = await checkConnectorBuffering(this.api, {
      connectorId: this.connectorId,
      threshold: this.settings.connector.queueThreshold,
      logger: this.#logger,
    });
    this.connectorInfo.queueMessagesSize = status.queueMessagesSize;
    this.connectorInfo.queueThreshold = status.queueThreshold;
    this.connectorInfo.buffering = status.buffering;
    return status.buffering;
  }

  /** pycti's `next_run_datetime`: records now + `seconds` in ConnectorInfo. */
  nextRunDatetime(seconds: number): void {
    const next = formatRunDatetime(this.#clock.now() + seconds * 1000);
    this.connectorInfo.nextRunDatetime = next;
    this.#logger.info("Schedule next run of connector", { next_run_datetime: next });
  }

  /** pycti's `last_run_datetime`: records now in ConnectorInfo. */
  lastRunDatetime(): void {
    this.connectorInfo.lastRunDatetime = formatRunDatetime(this.#clock.now());
  }

  // ---- sending -----------------------------------------------------------------------------

  /**
   * pycti's `send_stix2_bundle`, in its order of steps: organisation sharing (enrichment
   * jobs), playbook step (returns there), validation (workbench upload returns there; draft
   * creation), directory sink, S3 sink, split, push to the queue (or `stixBundlePush`). A
   * malformed bundle is refused before any step has an effect, an empty one ("Nothing to
   * import") before the directory and S3 sinks; each sink is all-or-nothing.
   *
   * @throws {SendStix2BundleError} Naming the failed step and what earlier steps delivered.
   *
   * @example Into a directory only
   * ```ts
   * import { OpenCTIConnectorHelper } from "@octi/connector/helper";
   * import { startOpenCTIEmulator } from "@octi/connector/testing";
   * await using platform = await startOpenCTIEmulator();
   * const directory = await Deno.makeTempDir();
   * await using helper = await OpenCTIConnectorHelper.create({
   *   opencti: { url: platform.url, token: platform.token },
   *   connector: {
   *     id: crypto.randomUUID(), name: "Feed", type: "EXTERNAL_IMPORT", duration_period: "PT1H",
   *     send_to_queue: false, send_to_directory: true, send_to_directory_path: directory,
   *   },
   * }, { env: new Map(), logWriter: () => {} });
   * const sent = await helper.sendStix2Bundle({
   *   type: "bundle",
   *   objects: [{ type: "identity", id: "identity--11111111-1111-4111-8111-111111111111", name: "ACME" }],
   * });
   * const envelope = JSON.parse(await Deno.readTextFile(sent.delivered.directory!));
   * await Deno.remove(directory, { recursive: true });
   * if (envelope.bundle_type !== "DIRECTORY_BUNDLE" || sent.bundles.length !== 1) throw new Error();
   * ```
   */
  sendStix2Bundle(
    bundle: string | StixBundle,
    options: SendStix2BundleOptions = {},
  ): Promise<SendStix2BundleResult> {
    // Allowed while stopping: the running job may still send its bundles.
    if (this.#closed) throw new TypeError("Cannot send a bundle: the helper is closed");
    const job = this.currentJob;
    return sendStix2BundlePipeline(
      {
        settings: this.settings,
        connectorId: this.connectorId,
        job,
        applicantId: job?.applicantId ?? this.connectorUserId,
        connector: this.#sinkConnector,
        api: this.api,
        work: this.work,
        metrics: this.metric,
        logger: this.#logger,
        clock: this.#clock,
        outputs: this.#outputs,
      },
      bundle,
      options,
    );
  }

  /**
   * A {@linkcode BundleWriter} sending through {@linkcode sendStix2Bundle}: for feeds too large
   * to hold as one bundle, objects are written one by one and sent in bundles of at most
   * `flushObjects` objects / `flushBytes` bytes, all in `workId`.
   */
  bundleWriter(options: BundleWriterOptions = {}): BundleWriter {
    return new BundleWriter((bundle, send) => this.sendStix2Bundle(bundle, send), options);
  }

  // ---- getters and small methods -----------------------------------------------------------

  /** pycti's `get_name`: `CONNECTOR_NAME`. */
  getName(): string {
    return this.settings.connector.name;
  }

  /** pycti's `get_opencti_url`: `OPENCTI_URL`. */
  getOpenctiUrl(): string {
    return this.settings.opencti.url;
  }

  /** pycti's `get_opencti_token`: the token in use (the service account's when auto-created). */
  getOpenctiToken(): string {
    return this.#token;
  }

  /** pycti's `get_only_contextual`: `CONNECTOR_ONLY_CONTEXTUAL`. */
  getOnlyContextual(): boolean {
    return this.settings.connector.onlyContextual;
  }

  /** pycti's `get_run_and_terminate`: `CONNECTOR_RUN_AND_TERMINATE`. */
  getRunAndTerminate(): boolean {
    return this.settings.connector.runAndTerminate;
  }

  /** pycti's `get_validate_before_import`: `CONNECTOR_VALIDATE_BEFORE_IMPORT`. */
  getValidateBeforeImport(): boolean {
    return this.settings.connector.validateBeforeImport;
  }

  /** pycti's `get_connector`: the registration input (`id`, `name`, `type`, `scope`, …). */
  getConnector(): Readonly<RegisterConnectorInput> {
    return this.#descriptor;
  }

  /**
   * pycti's `connect_xtm_one_intent`: registers the connector again, declaring `intent`
   * (`xtm_one_intent`, e.g. `"cti.stix_harvester"`); {@linkcode getConnector} then carries it.
   *
   * @throws {OpenCTIApiError} When the platform refuses it (platforms without the field).
   */
  async connectXtmOneIntent(intent: string): Promise<void> {
    const descriptor = Object.freeze({ ...this.#descriptor, xtm_one_intent: intent });
    await registerConnector(this.api, descriptor);
    this.#descriptor = descriptor;
  }

  /**
   * pycti's `is_token_valid`: whether `token` is a JWT signed by the key set the platform gave
   * at registration (`jwks`) and not expired, as HTTP callbacks must carry. Always false on
   * platforms that gave no key set.
   */
  async isTokenValid(token: string): Promise<boolean> {
    if (!this.jwks) return false;
    return (await verifyCallbackToken(token, { jwks: this.jwks })).ok;
  }

  /**
   * pycti's `get_stream_collection`: the `CONNECTOR_LIVE_STREAM_ID` collection (`live`/`raw`
   * without a request; others asked once and cached).
   *
   * @throws {TypeError} "This connector is not connected to any stream" without a stream id.
   */
  getStreamCollection(): Promise<StreamCollectionInfo | null> {
    return this.#streamCollections(this.settings.connector.liveStreamId);
  }

  /** pycti's `date_now`: UTC now, seconds, `+00:00` (`2024-01-15T10:30:00+00:00`). */
  dateNow(): string {
    return new Date(this.#clock.now()).toISOString().slice(0, 19) + "+00:00";
  }

  /** pycti's `date_now_z`: UTC now, seconds, `Z` (`2024-01-15T10:30:00Z`). */
  dateNowZ(): string {
    return formatRunDatetime(this.#clock.now());
  }

  /** pycti's `log_debug`. */
  logDebug(message: string, meta?: LogMeta): void {
    this.#logger.debug(message, meta);
  }

  /** pycti's `log_info`. */
  logInfo(message: string, meta?: LogMeta): void {
    this.#logger.info(message, meta);
  }

  /** pycti's `log_warning`. */
  logWarning(message: string, meta?: LogMeta): void {
    this.#logger.warning(message, meta);
  }

  /** pycti's `log_error`. */
  logError(message: string, meta?: LogMeta): void {
    this.#logger.error(message, meta);
  }

  /**
   * pycti's `create_batch_callback`: a stream consumer that hands events to `callback` in
   * batches, on the helper's clock and logger (see `createBatchCallback` in `stream/`).
   */
  createBatchCallback(
    callback: BatchCallback,
    options: BatchCallbackOptions,
  ): BatchCallbackWrapper {
    return createBatchCallback(callback, {
      clock: this.#clock,
      logger: this.#logger,
      ...options,
    });
  }

  /** pycti's `create_rate_limiter` (see `createRateLimiter` in `stream/`). */
  createRateLimiter(maxPerMinute: number): RateLimiter {
    return createRateLimiter(maxPerMinute, { clock: this.#clock, logger: this.#logger });
  }

  /**
   * pycti's `get_data_from_enrichment`: the enriched entity and the objects around it — the
   * playbook bundle's when `data.bundle` is set, else the entity's export (read through the
   * `enrichment` option).
   */
  async getDataFromEnrichment(
    data: { readonly bundle?: StixBundle | null | undefined },
    standardId: string,
    openctiEntity: Record<string, unknown>,
  ): Promise<StixEnrichmentData> {
    if (data.bundle) return getDataFromEnrichment(data, standardId);
    const source = this.#options.enrichment;
    if (!source) {
      throw new TypeError(
        "Cannot export the entity: the helper was created without the `enrichment` option",
      );
    }
    const exported = await source.exportEntity(openctiEntity);
    return getDataFromEnrichment(data, standardId, exported as StixObject[]);
  }

  /** Same as the static {@linkcode OpenCTIConnectorHelper.stix2CreateBundle} (pycti calls it on the helper). */
  stix2CreateBundle(items: readonly StixObject[]): string {
    return createBundle(items);
  }

  /** Same as the static {@linkcode OpenCTIConnectorHelper.stix2DeduplicateObjects}. */
  stix2DeduplicateObjects<T extends StixObject>(items: readonly T[]): T[] {
    return deduplicateObjects(items);
  }

  /** Same as the static {@linkcode OpenCTIConnectorHelper.checkMaxTlp}. */
  checkMaxTlp(tlp: string | null | undefined, maxTlp: string | null | undefined): boolean {
    return checkMaxTlp(tlp, maxTlp);
  }

  /** Same as the static {@linkcode OpenCTIConnectorHelper.getAttributeInExtension}. */
  getAttributeInExtension(key: string, object: Record<string, unknown>): unknown {
    return getAttributeInExtension(key, object);
  }

  /** Same as the static {@linkcode OpenCTIConnectorHelper.getAttributeInMitreExtension}. */
  getAttributeInMitreExtension(key: string, object: Record<string, unknown>): unknown {
    return getAttributeInMitreExtension(key, object);
  }

  /**
   * pycti's `stix2_create_bundle`: `{"type": "bundle", "id", "spec_version": "2.1", "objects"}`
   * as JSON text.
   *
   * @example
   * ```ts
   * import { OpenCTIConnectorHelper } from "@octi/connector/helper";
   * const text = OpenCTIConnectorHelper.stix2CreateBundle([
   *   { type: "identity", id: "identity--11111111-1111-4111-8111-111111111111", name: "ACME" },
   * ]);
   * if (JSON.parse(text).spec_version !== "2.1") throw new Error();
   * ```
   */
  static stix2CreateBundle(items: readonly StixObject[]): string {
    return createBundle(items);
  }

  /** pycti's `stix2_deduplicate_objects`: the first object of each id, in order. */
  static stix2DeduplicateObjects<T extends StixObject>(items: readonly T[]): T[] {
    return deduplicateObjects(items);
  }

  /** pycti's `check_max_tlp`: whether `tlp` is allowed under `maxTlp`. */
  static checkMaxTlp(tlp: string | null | undefined, maxTlp: string | null | undefined): boolean {
    return checkMaxTlp(tlp, maxTlp);
  }

  /** pycti's `get_attribute_in_extension`. */
  static getAttributeInExtension(key: string, object: Record<string, unknown>): unknown {
    return getAttributeInExtension(key, object);
  }

  /** pycti's `get_attribute_in_mitre_extension`. */
  static getAttributeInMitreExtension(key: string, object: Record<string, unknown>): unknown {
    return getAttributeInMitreExtension(key, object);
  }

  /** pycti's legacy `stix2_get_embedded_objects`, on an explicit object index. */
  static stix2GetEmbeddedObjects(item: StixObject, index: StixObjectIndex): StixEmbeddedObjects {
    return getStixEmbeddedObjects(item, index);
  }

  /** pycti's legacy `stix2_get_entity_objects`, on an explicit object index. */
  static stix2GetEntityObjects(entity: StixObject, index: StixObjectIndex): StixObject[] {
    return getStixEntityObjects(entity, index);
  }

  /** pycti's legacy `stix2_get_relationship_objects`, on an explicit object index. */
  static stix2GetRelationshipObjects(
    relationship: StixObject,
    index: StixObjectIndex,
  ): StixObject[] {
    return getStixRelationshipObjects(relationship, index);
  }

  /** pycti's legacy `stix2_get_report_objects`, on an explicit object index. */
  static stix2GetReportObjects(report: StixObject, index: StixObjectIndex): StixObject[] {
    return getStixReportObjects(report, index);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /**
   * pycti's `stop()`: {@linkcode close}, then (by default) unregisters the connector. Safe to
   * call more than once and in any mode (pycti fails in API listen and run-and-terminate
   * modes). The platform deletes an unregistered connector's works and state.
   */
  stop(options: ConnectorStopOptions = {}): Promise<void> {
    this.#stopping ??= this.#shutdown({ unregister: options.unregister ?? true, flush: true });
    return this.#stopping;
  }

  /**
   * Stops intake (listener, streams, schedules), waits up to `stopTimeoutMs` for the running
   * job, batch or scheduled run, saves the state with a last ping, and closes every
   * connection; the connector stays registered. What SIGINT/SIGTERM and `await using` do.
   */
  close(): Promise<void> {
    return this.stop({ unregister: false });
  }

  /** Same as {@linkcode close}. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #checkRunning(what: string): void {
    if (this.#stopping) throw new TypeError(`Cannot ${what}: the helper is stopped`);
  }

  #track<T>(task: Promise<T>): Promise<T> {
    this.#tasks.add(task);
    const forget = () => this.#tasks.delete(task);
    task.then(forget, forget);
    return task;
  }

  /** A background task failed for good: log, close, end the process non-zero. */
  #die(error: unknown): void {
    if (this.#stopping) return;
    this.metric.inc("error_count");
    this.#logger.error("A background task failed, stopping the connector", {
      reason: reasonOf(error),
      error,
    });
    void this.close().finally(() => this.#exit(1));
  }

  #installSignalHandlers(): void {
    if (this.#options.handleSignals !== false) this.#signals.install();
  }

  #onSignal(signal: Deno.Signal, code: number): void {
    if (this.#stopping) {
      this.#logger.warning("Second signal received, exiting now", { signal });
      this.#exit(code);
      return;
    }
    this.#logger.info("Signal received, stopping the connector", { signal });
    this.close().then(() => this.#exit(0), () => this.#exit(1));
  }

  /** A deadline of `stopTimeoutMs` for one phase of stopping. */
  #stopDeadline(): Deadline {
    const ms = this.#stopTimeoutMs;
    return deadline(this.#clock, ms, `no answer within ${ms} ms while stopping`);
  }

  async #shutdown(options: { unregister: boolean; flush: boolean }): Promise<void> {
    this.#options.signal?.removeEventListener("abort", this.#onAbort);
    this.#intake.abort();
    const tasks = [...this.#tasks];
    if (tasks.length > 0) {
      const limit = this.#stopDeadline();
      const late = await Promise.race([
        Promise.allSettled(tasks).then(() => false),
        whenAborted(limit.signal).then(() => true),
      ]);
      limit.clear();
      if (late) {
        this.#logger.warning(
          "Stopping without waiting any longer for the running job, batch or scheduled run",
          { timeout_ms: this.#stopTimeoutMs },
        );
      }
    }
    await this.#pinger.stop();
    // The last calls to the platform get the same bound as the running work.
    const limit = this.#stopDeadline();
    try {
      if (options.flush) {
        await this.#pinger.pingAlive(limit.signal);
        if (limit.signal.aborted) {
          this.#logger.error("Cannot save the state: the platform did not answer in time", {
            timeout_ms: this.#stopTimeoutMs,
          });
        }
      }
      if (options.unregister) {
        try {
          await unregisterConnector(this.api, this.connectorId, { signal: limit.signal });
          this.#logger.info("Connector unregistered", { id: this.connectorId });
        } catch (error) {
          this.#logger.error("Cannot unregister the connector", {
            reason: reasonOf(error),
            error,
          });
        }
      }
    } finally {
      limit.clear();
    }
    this.#closed = true;
    await Promise.allSettled([this.#outputs.close(), this.metric.close()]);
    for (const tlsFetch of this.#fetches) tlsFetch.close();
    this.api.close();
    this.apiImpersonate.close();
    this.#signals.remove();
    this.#logger.info("Connector stopped", { id: this.connectorId });
  }
}
