// Stream connector: follows the platform's live stream and exports the events in batches to a
// directory (one NDJSON file per batch, written to a temp file then renamed) or to an HTTP
// endpoint (one NDJSON POST per batch, retried with backoff). Batches are rate limited. The
// stream position is saved in the connector's state only after a batch was written, so a
// restart resumes where the last written batch ended (at-least-once: a crash between the
// write and the next state save replays that batch; each line carries the event id).
//
//   deno run --allow-net --allow-env --allow-read --allow-write examples/stream-exporter/main.ts
//
// Settings: the connector's (OPENCTI_URL, CONNECTOR_ID, CONNECTOR_LIVE_STREAM_ID, …) plus
// EXPORTER_OUTPUT, EXPORTER_BATCH_SIZE, EXPORTER_BATCH_TIMEOUT, EXPORTER_MAX_PER_MINUTE and
// EXPORTER_HTTP_TOKEN; see config.yml.sample.
import { backoffDelay, sleep } from "@octi/connector/core";
import { ConfigError, getConfigVariable, loadConfigFile } from "@octi/connector/config";
import {
  type EnvSource,
  type LiveStream,
  OpenCTIConnectorHelper,
  type OpenCTIConnectorHelperOptions,
  type StreamBatch,
} from "@octi/connector/helper";

/** The example's own settings. */
export interface ExporterSettings {
  /** `EXPORTER_OUTPUT` / `exporter.output`: a directory, or an `http(s)://` endpoint. */
  output: string;
  /** `EXPORTER_BATCH_SIZE` / `exporter.batch_size`: events per batch at most, default 100. */
  batchSize: number;
  /** `EXPORTER_BATCH_TIMEOUT` / `exporter.batch_timeout`: seconds before a partial batch is written, default 5. */
  batchTimeout: number;
  /** `EXPORTER_MAX_PER_MINUTE` / `exporter.max_per_minute`: batches per minute at most, default 60. */
  maxPerMinute: number;
  /** `EXPORTER_HTTP_TOKEN` / `exporter.http_token`: bearer token of the HTTP endpoint, if any. */
  httpToken: string | null;
}

/** Reads the exporter settings as pycti's `get_config_variable` would. */
export function readExporterSettings(
  config: Readonly<Record<string, unknown>>,
  env: EnvSource = Deno.env,
): ExporterSettings {
  const integer = (name: string, key: string, fallback: number) =>
    Number(
      getConfigVariable(name, ["exporter", key], {
        config,
        env,
        isNumber: true,
        default: fallback,
      }),
    );
  // A float, like pycti's batch_timeout: read as text, not with int().
  const timeout = getConfigVariable("EXPORTER_BATCH_TIMEOUT", ["exporter", "batch_timeout"], {
    config,
    env,
    default: 5,
  });
  const batchTimeout = Number(timeout);
  if (!(batchTimeout > 0)) {
    throw new RangeError(
      `EXPORTER_BATCH_TIMEOUT must be a number of seconds > 0, got "${timeout}"`,
    );
  }
  const output = getConfigVariable("EXPORTER_OUTPUT", ["exporter", "output"], { config, env });
  if (typeof output !== "string") {
    throw new ConfigError([{
      env: "EXPORTER_OUTPUT",
      yamlPath: "exporter.output",
      source: "default",
      reason: "The configuration EXPORTER_OUTPUT is required: a directory or an http(s) URL",
    }]);
  }
  const token = getConfigVariable("EXPORTER_HTTP_TOKEN", ["exporter", "http_token"], {
    config,
    env,
    secret: true,
  });
  return {
    output,
    batchSize: integer("EXPORTER_BATCH_SIZE", "batch_size", 100),
    batchTimeout,
    maxPerMinute: integer("EXPORTER_MAX_PER_MINUTE", "max_per_minute", 60),
    httpToken: typeof token === "string" ? token : null,
  };
}

/** Where batches go. */
export interface BatchSink {
  /** Writes one batch; resolves once it is stored (then the position may move past it). */
  write(batch: StreamBatch): Promise<void>;
}

function ndjson(batch: StreamBatch): string {
  return batch.events.map((event) =>
    JSON.stringify({ id: event.id, type: event.type, data: event.data }) + "\n"
  ).join("");
}

/**
 * Writes each batch as `<dir>/batch-<first event id, zero-padded>.ndjson` (names sort in stream
 * order): to a dot-prefixed temp file first, then renamed, so a reader never sees half a batch
 * and a batch replayed from the same event replaces its file.
 */
export function directorySink(dir: string): BatchSink {
  return {
    async write(batch) {
      const first = batch.events[0];
      if (!first) return;
      await Deno.mkdir(dir, { recursive: true });
      const [ms = "", seq = ""] = first.id.split("-");
      const name = `batch-${ms.padStart(13, "0")}-${seq.padStart(10, "0")}`;
      const target = `${dir}/${name}.ndjson`;
      const temp = `${dir}/.${name}.${crypto.randomUUID()}.tmp`;
      await Deno.writeTextFile(temp, ndjson(batch));
      await Deno.rename(temp, target);
    },
  };
}

/** POSTs each batch as NDJSON; retries 5xx and network failures 5 times with backoff. */
export function httpSink(url: string, token: string | null, signal?: AbortSignal): BatchSink {
  const headers: Record<string, string> = { "content-type": "application/x-ndjson" };
  if (token) headers.authorization = `Bearer ${token}`;
  return {
    async write(batch) {
      const body = ndjson(batch);
      for (let attempt = 0;; attempt++) {
        let failure: string;
        try {
          const response = await fetch(url, {
            method: "POST",
            headers,
            body,
            signal: signal ?? null,
          });
          await response.body?.cancel();
          if (response.ok) return;
          failure = `HTTP ${response.status}`;
          if (response.status < 500) throw new Error(`The sink ${url} refused a batch: ${failure}`);
        } catch (error) {
          if (!(error instanceof TypeError)) throw error; // fetch's network failures
          failure = error.message;
        }
        if (attempt >= 5) throw new Error(`The sink ${url} failed 6 times: ${failure}`);
        await sleep(backoffDelay(attempt, { initialMs: 500, maxMs: 30_000 }), { signal });
      }
    },
  };
}

/** A running exporter. */
export interface StreamExporter extends AsyncDisposable {
  /** The connector helper. */
  readonly helper: OpenCTIConnectorHelper;
  /** The live stream listener. */
  readonly stream: LiveStream;
  /** Batches and events written so far. */
  readonly exported: { readonly batches: number; readonly events: number };
  /** Stops: writes the partial batch, saves the position, closes (stays registered). */
  close(): Promise<void>;
}

/**
 * Registers the connector and starts following the stream from the saved position (first
 * run: `CONNECTOR_LIVE_STREAM_START_TIMESTAMP`, or the whole stream). Runs until closed, or
 * until SIGINT/SIGTERM (then the process exits 0).
 */
export async function startStreamExporter(
  config: Readonly<Record<string, unknown>> = {},
  options: OpenCTIConnectorHelperOptions = {},
): Promise<StreamExporter> {
  const settings = readExporterSettings(config, options.env);
  const helper = await OpenCTIConnectorHelper.create(config, options);
  const log = helper.connectorLogger;
  const stop = new AbortController();
  const sink = /^https?:\/\//i.test(settings.output)
    ? httpSink(settings.output, settings.httpToken, stop.signal)
    : directorySink(settings.output);
  const limiter = helper.createRateLimiter(settings.maxPerMinute);
  const exported = { batches: 0, events: 0 };
  const batcher = helper.createBatchCallback(async (batch) => {
    await limiter.waitIfNeeded();
    await sink.write(batch);
    exported.batches++;
    exported.events += batch.events.length;
    log.info("Batch exported", {
      events: batch.events.length,
      trigger: batch.batch_metadata.trigger_reason,
      last_id: batch.events.at(-1)?.id,
    });
  }, { batchSize: settings.batchSize, batchTimeout: settings.batchTimeout });
  const resumeFrom = helper.getState()?.start_from ?? null;
  const stream = helper.listenStream(batcher);
  log.info("Exporting the live stream", { output: settings.output, resume_from: resumeFrom });
  const close = async () => {
    limiter.stop(); // the last, partial batch is written at once
    await helper.close();
    stop.abort();
  };
  return { helper, stream, exported, close, [Symbol.asyncDispose]: close };
}

if (import.meta.main) {
  // config.yml next to this file, as pycti connectors read it (none: environment only).
  await startStreamExporter(await loadConfigFile(new URL("./config.yml", import.meta.url)));
}
