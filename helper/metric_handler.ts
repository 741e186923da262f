import { type Clock, systemClock } from "../core/clock.ts";
import { type Logger, silentLogger } from "../core/logger.ts";
import {
  acceptsOpenMetrics,
  type MetricFamily,
  OPENMETRICS_CONTENT_TYPE,
  renderOpenMetrics,
  renderText,
  restrictFamilies,
  TEXT_CONTENT_TYPE,
} from "./_metrics_exposition.ts";

/** Keys of pycti's counters, as passed to {@linkcode OpenCTIMetricHandler.inc}. */
export type MetricCounterName =
  | "bundle_send"
  | "record_send"
  | "run_count"
  | "ping_api_count"
  | "ping_api_error"
  | "error_count"
  | "client_error_count";

/** Values of pycti's `state` Enum metric. */
export type ConnectorRunState = "idle" | "running" | "stopped";

/** Options of {@linkcode OpenCTIMetricHandler}; the helper fills them from its settings. */
export interface MetricHandlerOptions {
  /** Receives `"Exposing metrics on port"` and the metric errors. Default: silent. */
  logger?: Logger | undefined;
  /** `CONNECTOR_EXPOSE_METRICS`. Default `false`: nothing is exposed, `inc`/`state` do nothing. */
  activated?: boolean | undefined;
  /** `CONNECTOR_METRICS_NAMESPACE`: first part of every metric name. Default `""`. */
  namespace?: string | undefined;
  /** `CONNECTOR_METRICS_SUBSYSTEM`: second part of every metric name. Default `""`. */
  subsystem?: string | undefined;
  /** `CONNECTOR_METRICS_PORT`. Default `9095`; `0` picks a free port (see `port`). */
  port?: number | undefined;
  /** Interface to listen on. Default `"0.0.0.0"` (all interfaces), as pycti. */
  hostname?: string | undefined;
  /** Source of the counters' `_created` timestamps. Default: the system clock. */
  clock?: Clock | undefined;
}

interface Counter {
  kind: "Counter";
  name: string;
  help: string;
  value: number;
  created: number;
}

interface StateSet {
  kind: "Enum";
  name: string;
  help: string;
  states: readonly ConnectorRunState[];
  current: ConnectorRunState;
}

// pycti's metrics, in pycti's registration order: key → (base name, help).
const COUNTERS: ReadonlyArray<readonly [MetricCounterName, string, string]> = [
  ["bundle_send", "bundles_sent", "Number of bundles sent"],
  ["record_send", "records_sent", "Number of records (objects per bundle) sent"],
  ["run_count", "runs", "Number of run"],
  ["ping_api_count", "ping_api", "Number of pings to the API"],
  ["ping_api_error", "ping_api_errors", "Number of errors when pinging the API"],
  ["error_count", "errors", "Number of errors"],
  ["client_error_count", "client_errors", "Number of client errors"],
];
const STATES: readonly ConnectorRunState[] = ["idle", "running", "stopped"];

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

function fullName(namespace: string, subsystem: string, name: string): string {
  const full = [namespace, subsystem, name].filter((part) => part !== "").join("_");
  if (!METRIC_NAME.test(full)) {
    throw new RangeError(
      `Cannot expose metrics: invalid metric name ${JSON.stringify(full)} ` +
        `(check CONNECTOR_METRICS_NAMESPACE and CONNECTOR_METRICS_SUBSYSTEM)`,
    );
  }
  return full;
}

/**
 * pycti's `OpenCTIMetricHandler`: the connector's Prometheus metrics, with pycti's names,
 * types and help texts, served over HTTP when activated (any path; `/favicon.ico` answers
 * empty; `?name[]=` filters samples; OpenMetrics when the scraper's `Accept` asks for it).
 *
 * | key | exposed as | type |
 * | --- | --- | --- |
 * | `bundle_send` | `bundles_sent_total` | counter |
 * | `record_send` | `records_sent_total` | counter |
 * | `run_count` | `runs_total` | counter |
 * | `ping_api_count` | `ping_api_total` | counter |
 * | `ping_api_error` | `ping_api_errors_total` | counter |
 * | `error_count` | `errors_total` | counter |
 * | `client_error_count` | `client_errors_total` | counter |
 * | `state` | `state{state="idle"}` … | Enum: idle, running, stopped |
 *
 * Names get the non-empty `namespace` and `subsystem` prefixed with `_`; each counter also has
 * its `<name>_created` timestamp; the Enum's label key is its full name. Python's process and
 * runtime collectors (`process_*`, `python_*`) are not reproduced.
 *
 * The server starts in the constructor (listening errors such as a busy port throw there, as
 * in pycti) and does not keep the process alive on its own; {@linkcode OpenCTIMetricHandler.close}
 * stops it.
 *
 * @example Counting and reading the exposition (inactive handlers expose nothing)
 * ```ts
 * import { OpenCTIMetricHandler } from "@octi/connector/helper";
 * await using metrics = new OpenCTIMetricHandler({
 *   activated: true,
 *   namespace: "octi",
 *   port: 0,
 *   hostname: "127.0.0.1",
 * });
 * metrics.inc("bundle_send", 3);
 * metrics.state("running");
 * const text = metrics.render();
 * if (!text.includes("octi_bundles_sent_total 3.0\n")) throw new Error(text);
 * if (!text.includes('octi_state{octi_state="running"} 1.0\n')) throw new Error(text);
 * ```
 *
 * @example Scraping over HTTP
 * ```ts
 * import { OpenCTIMetricHandler } from "@octi/connector/helper";
 * await using metrics = new OpenCTIMetricHandler({ activated: true, port: 0, hostname: "127.0.0.1" });
 * metrics.inc("error_count");
 * const response = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
 * const body = await response.text();
 * if (!body.includes("errors_total 1.0\n")) throw new Error(body);
 * ```
 */
export class OpenCTIMetricHandler implements AsyncDisposable {
  /** Whether metrics are collected and exposed (`CONNECTOR_EXPOSE_METRICS`). */
  readonly activated: boolean;
  #logger: Logger;
  #metrics: Map<string, Counter | StateSet> = new Map();
  #server: Deno.HttpServer<Deno.NetAddr> | undefined;
  #port: number | undefined;

  /**
   * Creates the handler; when `activated`, registers the metrics and starts serving them.
   *
   * @throws {RangeError} When activated with a port outside 0–65535 or a namespace/subsystem
   * that makes an invalid metric name.
   * @throws {Error} When activated and the port cannot be listened on (the cause says why).
   */
  constructor(options: MetricHandlerOptions = {}) {
    this.#logger = options.logger ?? silentLogger;
    this.activated = options.activated ?? false;
    if (!this.activated) return;

    const { namespace = "", subsystem = "", port = 9095, hostname = "0.0.0.0" } = options;
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new RangeError(`Cannot expose metrics on port ${port}: expected an integer 0–65535`);
    }
    const created = (options.clock ?? systemClock).now() / 1000;
    for (const [key, base, help] of COUNTERS) {
      const name = fullName(namespace, subsystem, base);
      this.#metrics.set(key, { kind: "Counter", name, help, value: 0, created });
    }
    const stateName = fullName(namespace, subsystem, "state");
    if (!LABEL_NAME.test(stateName) || stateName.startsWith("__")) {
      throw new RangeError(
        `Cannot expose metrics: ${JSON.stringify(stateName)} is not a valid label name ` +
          `for the state metric (check CONNECTOR_METRICS_NAMESPACE and CONNECTOR_METRICS_SUBSYSTEM)`,
      );
    }
    this.#metrics.set("state", {
      kind: "Enum",
      name: stateName,
      help: "State of connector",
      states: STATES,
      current: "idle",
    });

    try {
      this.#server = Deno.serve(
        { port, hostname, onListen: () => {} },
        (request) => this.#respond(request),
      );
    } catch (error) {
      throw new Error(
        `Cannot expose metrics on ${hostname}:${port}: ${
          error instanceof Error ? error.message : String(error)
        }`,
        { cause: error },
      );
    }
    // pycti's exporter runs in a daemon thread: it never keeps the process alive.
    this.#server.unref();
    this.#port = this.#server.addr.port;
    this.#logger.info("Exposing metrics on port", { port: this.#port });
  }

  /** The port the metrics are served on (the bound one when `port: 0`); undefined when inactive. */
  get port(): number | undefined {
    return this.#port;
  }

  #lookup(name: string, kind: "Counter" | "Enum"): Counter | StateSet | undefined {
    const metric = this.#metrics.get(name);
    if (!metric) {
      this.#logger.error("Metric does not exist.", { name });
      return undefined;
    }
    if (metric.kind !== kind) {
      this.#logger.error("Metric not of expected type", { name, expected_type: kind });
      return undefined;
    }
    return metric;
  }

  /**
   * Adds `n` to a counter. Does nothing when inactive; an unknown key logs `"Metric does not
   * exist."` and a non-counter key logs `"Metric not of expected type"` (as pycti).
   *
   * @throws {RangeError} When activated and `n` is negative or not finite.
   *
   * @example
   * ```ts
   * import { OpenCTIMetricHandler } from "@octi/connector/helper";
   * const metrics = new OpenCTIMetricHandler(); // inactive: a no-op
   * metrics.inc("bundle_send");
   * ```
   */
  inc(name: MetricCounterName | (string & Record<never, never>), n: number = 1): void {
    if (!this.activated) return;
    const metric = this.#lookup(name, "Counter");
    if (metric?.kind !== "Counter") return;
    if (!Number.isFinite(n) || n < 0) {
      throw new RangeError(
        `Cannot increment metric "${name}" by ${n}: counters only grow by finite non-negative amounts`,
      );
    }
    metric.value += n;
  }

  /**
   * Sets the Enum metric `name` (default `"state"`) to `state`. Does nothing when inactive;
   * unknown or non-Enum keys are logged as in {@linkcode OpenCTIMetricHandler.inc}.
   *
   * @throws {RangeError} When activated and `state` is not one of the metric's states.
   *
   * @example
   * ```ts
   * import { OpenCTIMetricHandler } from "@octi/connector/helper";
   * await using metrics = new OpenCTIMetricHandler({ activated: true, port: 0, hostname: "127.0.0.1" });
   * metrics.state("running");
   * if (metrics.currentState !== "running") throw new Error();
   * ```
   */
  state(state: ConnectorRunState | (string & Record<never, never>), name: string = "state"): void {
    if (!this.activated) return;
    const metric = this.#lookup(name, "Enum");
    if (metric?.kind !== "Enum") return;
    if (!metric.states.includes(state as ConnectorRunState)) {
      throw new RangeError(
        `Cannot set metric "${name}" to ${JSON.stringify(state)}: expected one of ${
          metric.states.join(", ")
        }`,
      );
    }
    metric.current = state as ConnectorRunState;
  }

  /**
   * The current value of a counter; 0 when inactive.
   *
   * @example
   * ```ts
   * import { OpenCTIMetricHandler } from "@octi/connector/helper";
   * await using metrics = new OpenCTIMetricHandler({ activated: true, port: 0, hostname: "127.0.0.1" });
   * metrics.inc("ping_api_count");
   * if (metrics.value("ping_api_count") !== 1) throw new Error();
   * ```
   */
  value(name: MetricCounterName): number {
    const metric = this.#metrics.get(name);
    return metric?.kind === "Counter" ? metric.value : 0;
  }

  /** The current `state` value; `"idle"` when inactive. */
  get currentState(): ConnectorRunState {
    const metric = this.#metrics.get("state");
    return metric?.kind === "Enum" ? metric.current : "idle";
  }

  #families(): MetricFamily[] {
    return [...this.#metrics.values()].map((metric): MetricFamily =>
      metric.kind === "Counter"
        ? {
          name: metric.name,
          type: "counter",
          help: metric.help,
          samples: [
            { name: `${metric.name}_total`, value: metric.value },
            { name: `${metric.name}_created`, value: metric.created },
          ],
        }
        : {
          name: metric.name,
          type: "stateset",
          help: metric.help,
          samples: metric.states.map((s) => ({
            name: metric.name,
            labels: { [metric.name]: s },
            value: s === metric.current ? 1 : 0,
          })),
        }
    );
  }

  /**
   * The exposition a scrape returns, in the Prometheus text format 0.0.4 (default) or
   * OpenMetrics 1.0; `names` keeps only those samples (like `?name[]=`). Empty when inactive.
   *
   * @example
   * ```ts
   * import { OpenCTIMetricHandler } from "@octi/connector/helper";
   * if (new OpenCTIMetricHandler().render() !== "") throw new Error("inactive exposes nothing");
   * ```
   */
  render(
    options: { openMetrics?: boolean | undefined; names?: readonly string[] | undefined } = {},
  ): string {
    if (!this.activated) return "";
    const families = restrictFamilies(this.#families(), options.names);
    return options.openMetrics ? renderOpenMetrics(families) : renderText(families);
  }

  #respond(request: Request): Response {
    if (request.method !== "GET" && request.method !== "HEAD") {
      return new Response(null, { status: 405, headers: { allow: "GET, HEAD" } });
    }
    const url = new URL(request.url);
    if (url.pathname === "/favicon.ico") return new Response(null, { status: 200 });
    const names = url.searchParams.getAll("name[]");
    const openMetrics = acceptsOpenMetrics(request.headers.get("accept"));
    const body = this.render({ openMetrics, names: names.length > 0 ? names : undefined });
    return new Response(request.method === "HEAD" ? null : body, {
      headers: { "content-type": openMetrics ? OPENMETRICS_CONTENT_TYPE : TEXT_CONTENT_TYPE },
    });
  }

  /**
   * Stops serving; waits for responses in flight. Idempotent. Metrics stay readable.
   *
   * @example
   * ```ts
   * import { OpenCTIMetricHandler } from "@octi/connector/helper";
   * const metrics = new OpenCTIMetricHandler({ activated: true, port: 0, hostname: "127.0.0.1" });
   * await metrics.close();
   * ```
   */
  async close(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await server.shutdown();
  }

  /** Same as {@linkcode OpenCTIMetricHandler.close}, for `await using`. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }
}
