import assert from "node:assert/strict";
import { floatToGoString } from "../../helper/_metrics_exposition.ts";
import { OpenCTIMetricHandler } from "../../helper/metric_handler.ts";
import { FakeClock } from "../../testing/fake_clock.ts";
import { recordingLogger } from "../_doubles.ts";
import { closedPort } from "../_net.ts";

// 2026-01-01T00:00:00Z, the counters' `_created` value.
const CREATED = Date.UTC(2026, 0, 1);

interface Family {
  help?: string;
  type?: string;
  samples: Array<{ name: string; labels: Record<string, string>; value: string }>;
}

/** Parses a text exposition into families keyed by the name on their HELP/TYPE lines. */
function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  let current: Family | undefined;
  for (const line of text.split("\n")) {
    if (line === "" || line === "# EOF") continue;
    const meta = line.match(/^# (HELP|TYPE) (\S+) (.*)$/);
    if (meta) {
      const [, kind, name, rest] = meta as unknown as [string, string, string, string];
      current = families.get(name) ?? { samples: [] };
      families.set(name, current);
      if (kind === "HELP") current.help = rest;
      else current.type = rest;
      continue;
    }
    const sample = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    assert.ok(sample && current, `unexpected exposition line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (sample[2] ?? "").split(",").filter(Boolean)) {
      const [key, value] = pair.split("=") as [string, string];
      labels[key] = JSON.parse(value);
    }
    current.samples.push({ name: sample[1]!, labels, value: sample[3]! });
  }
  return families;
}

async function refused(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return false;
  } catch (error) {
    return error instanceof Deno.errors.ConnectionRefused;
  }
}

function activated(options: { namespace?: string; subsystem?: string } = {}) {
  const { logger, lines } = recordingLogger("INFO");
  const metrics = new OpenCTIMetricHandler({
    ...options,
    activated: true,
    port: 0,
    hostname: "127.0.0.1",
    logger,
    clock: new FakeClock(CREATED),
  });
  return { metrics, lines };
}

const PYCTI_EXPOSITION = [
  ["bundles_sent", "Number of bundles sent"],
  ["records_sent", "Number of records (objects per bundle) sent"],
  ["runs", "Number of run"],
  ["ping_api", "Number of pings to the API"],
  ["ping_api_errors", "Number of errors when pinging the API"],
  ["errors", "Number of errors"],
  ["client_errors", "Number of client errors"],
].map(([name, help]) =>
  `# HELP ${name}_total ${help}\n# TYPE ${name}_total counter\n${name}_total 0.0\n` +
  `# HELP ${name}_created ${help}\n# TYPE ${name}_created gauge\n${name}_created 1.7672256e+09\n`
).join("") +
  "# HELP state State of connector\n# TYPE state gauge\n" +
  'state{state="idle"} 1.0\nstate{state="running"} 0.0\nstate{state="stopped"} 0.0\n';

Deno.test("a scrape over HTTP returns pycti's exposition byte for byte", async () => {
  const { metrics, lines } = activated();
  await using _ = metrics;
  assert.equal(typeof metrics.port, "number");
  assert.notEqual(metrics.port, 0);
  assert.deepEqual(lines, [{
    ...lines[0],
    level: "INFO",
    message: "Exposing metrics on port",
    attributes: { port: metrics.port },
  }]);
  const response = await fetch(`http://127.0.0.1:${metrics.port}/metrics`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  assert.equal(await response.text(), PYCTI_EXPOSITION);
});

Deno.test("counters and the state Enum are scraped with their new values", async () => {
  const { metrics } = activated();
  await using _ = metrics;
  metrics.inc("bundle_send");
  metrics.inc("bundle_send", 4);
  metrics.inc("record_send", 2.5);
  metrics.inc("error_count");
  metrics.state("running");
  const response = await fetch(`http://127.0.0.1:${metrics.port}/`);
  const families = parseExposition(await response.text());
  assert.deepEqual([...families.keys()].slice(0, 4), [
    "bundles_sent_total",
    "bundles_sent_created",
    "records_sent_total",
    "records_sent_created",
  ]);
  const bundles = families.get("bundles_sent_total");
  assert.equal(bundles?.type, "counter");
  assert.equal(bundles?.help, "Number of bundles sent");
  assert.deepEqual(bundles?.samples, [{ name: "bundles_sent_total", labels: {}, value: "5.0" }]);
  assert.equal(families.get("records_sent_total")?.samples[0]?.value, "2.5");
  assert.equal(families.get("errors_total")?.samples[0]?.value, "1.0");
  assert.equal(families.get("runs_total")?.samples[0]?.value, "0.0");
  assert.equal(families.get("errors_created")?.type, "gauge");
  assert.equal(Number(families.get("errors_created")?.samples[0]?.value), CREATED / 1000);
  const state = families.get("state");
  assert.equal(state?.type, "gauge");
  assert.equal(state?.help, "State of connector");
  assert.deepEqual(state?.samples.map((s) => [s.labels.state, s.value]), [
    ["idle", "0.0"],
    ["running", "1.0"],
    ["stopped", "0.0"],
  ]);
  assert.equal(metrics.value("bundle_send"), 5);
  assert.equal(metrics.currentState, "running");
});

Deno.test("namespace and subsystem prefix every name and the Enum's label key", async () => {
  const { metrics } = activated({ namespace: "octi", subsystem: "mitre" });
  await using _ = metrics;
  metrics.inc("ping_api_error", 2);
  const body = await (await fetch(`http://127.0.0.1:${metrics.port}/metrics`)).text();
  const families = parseExposition(body);
  assert.equal(families.get("octi_mitre_ping_api_errors_total")?.samples[0]?.value, "2.0");
  assert.ok(families.has("octi_mitre_ping_api_errors_created"));
  assert.deepEqual(
    families.get("octi_mitre_state")?.samples.map((s) => s.labels),
    [{ octi_mitre_state: "idle" }, { octi_mitre_state: "running" }, {
      octi_mitre_state: "stopped",
    }],
  );
  const { metrics: subsystemOnly } = activated({ subsystem: "sub" });
  await using __ = subsystemOnly;
  assert.match(subsystemOnly.render(), /^sub_bundles_sent_total 0\.0$/m);
});

Deno.test("a Prometheus scraper asking for OpenMetrics gets it", async () => {
  const { metrics } = activated();
  await using _ = metrics;
  metrics.inc("run_count", 3);
  const response = await fetch(`http://127.0.0.1:${metrics.port}/metrics`, {
    headers: {
      accept: "application/openmetrics-text;version=1.0.0,application/openmetrics-text;" +
        "version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
    },
  });
  assert.equal(
    response.headers.get("content-type"),
    "application/openmetrics-text; version=1.0.0; charset=utf-8",
  );
  const body = await response.text();
  assert.ok(body.endsWith("\n# EOF\n"));
  assert.ok(
    body.includes(
      "# HELP runs Number of run\n# TYPE runs counter\nruns_total 3.0\nruns_created 1.7672256e+09\n",
    ),
    body,
  );
  assert.ok(body.includes('# TYPE state stateset\nstate{state="idle"} 1.0\n'), body);
  const families = parseExposition(body);
  assert.equal(families.get("bundles_sent")?.type, "counter");
});

Deno.test("name[] query parameters keep only the named samples", async () => {
  const { metrics } = activated();
  await using _ = metrics;
  const url = `http://127.0.0.1:${metrics.port}/metrics?name[]=errors_total&name[]=state`;
  const body = await (await fetch(url)).text();
  assert.equal(
    body,
    "# HELP errors_total Number of errors\n# TYPE errors_total counter\nerrors_total 0.0\n" +
      "# HELP state State of connector\n# TYPE state gauge\n" +
      'state{state="idle"} 1.0\nstate{state="running"} 0.0\nstate{state="stopped"} 0.0\n',
  );
});

Deno.test("favicon, HEAD and other methods answer as a metrics endpoint should", async () => {
  const { metrics } = activated();
  await using _ = metrics;
  const base = `http://127.0.0.1:${metrics.port}`;
  const favicon = await fetch(`${base}/favicon.ico`);
  assert.equal(favicon.status, 200);
  assert.equal(await favicon.text(), "");
  const head = await fetch(`${base}/metrics`, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
  const post = await fetch(`${base}/metrics`, { method: "POST", body: "x" });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get("allow"), "GET, HEAD");
  await post.body?.cancel();
});

Deno.test("unknown names and wrong types are logged, as pycti", async () => {
  const { metrics, lines } = activated();
  await using _ = metrics;
  lines.length = 0;
  metrics.inc("bundles_sent");
  metrics.inc("state");
  metrics.state("idle", "error_count");
  metrics.state("idle", "nope");
  assert.deepEqual(lines.map((l) => [l.level, l.message, l.attributes]), [
    ["ERROR", "Metric does not exist.", { name: "bundles_sent" }],
    ["ERROR", "Metric not of expected type", { name: "state", expected_type: "Counter" }],
    ["ERROR", "Metric not of expected type", { name: "error_count", expected_type: "Enum" }],
    ["ERROR", "Metric does not exist.", { name: "nope" }],
  ]);
  assert.equal(metrics.render(), PYCTI_EXPOSITION, "nothing changed");
});

Deno.test("a state outside the Enum and a negative increment throw", async () => {
  const { metrics } = activated();
  await using _ = metrics;
  assert.throws(() => metrics.state("paused"), /"paused": expected one of idle, running, stopped/);
  assert.throws(() => metrics.inc("error_count", -1), RangeError);
  assert.throws(() => metrics.inc("error_count", Number.NaN), RangeError);
  assert.equal(metrics.currentState, "idle");
  assert.equal(metrics.value("error_count"), 0);
});

Deno.test("an inactive handler exposes nothing and ignores inc and state", async () => {
  const port = closedPort();
  const { logger, lines } = recordingLogger("INFO");
  await using metrics = new OpenCTIMetricHandler({ logger, port, hostname: "127.0.0.1" });
  assert.equal(metrics.activated, false);
  assert.equal(metrics.port, undefined);
  metrics.inc("bundle_send", 10);
  metrics.inc("unknown");
  metrics.state("not-a-state");
  assert.equal(metrics.value("bundle_send"), 0);
  assert.equal(metrics.render(), "");
  assert.deepEqual(lines, []);
  assert.ok(await refused(port), "nothing listens on the configured port");
});

Deno.test("close stops serving, is idempotent and keeps values readable", async () => {
  const { metrics } = activated();
  const port = metrics.port!;
  metrics.inc("bundle_send");
  await metrics.close();
  await metrics.close();
  assert.ok(await refused(port));
  assert.equal(metrics.value("bundle_send"), 1);
});

Deno.test("a busy port, a bad port or a bad namespace fail at construction", async () => {
  await using first = new OpenCTIMetricHandler({
    activated: true,
    port: 0,
    hostname: "127.0.0.1",
  });
  assert.throws(
    () => new OpenCTIMetricHandler({ activated: true, port: first.port, hostname: "127.0.0.1" }),
    (e: unknown) =>
      e instanceof Error &&
      e.message.startsWith(`Cannot expose metrics on 127.0.0.1:${first.port}`) &&
      e.cause instanceof Deno.errors.AddrInUse,
  );
  assert.throws(() => new OpenCTIMetricHandler({ activated: true, port: 70_000 }), RangeError);
  assert.throws(() => new OpenCTIMetricHandler({ activated: true, port: 1.5 }), RangeError);
  assert.throws(
    () => new OpenCTIMetricHandler({ activated: true, namespace: "my-connector", port: 0 }),
    /invalid metric name "my-connector_bundles_sent"/,
  );
  assert.throws(
    () => new OpenCTIMetricHandler({ activated: true, namespace: "a:b", port: 0 }),
    /"a:b_state" is not a valid label name/,
  );
  // an inactive handler does not look at these settings, as pycti
  new OpenCTIMetricHandler({ namespace: "my-connector", port: 70_000 });
});

Deno.test("sample values are written as Python's prometheus_client writes them", () => {
  const cases: Array<[number, string]> = [
    [0, "0.0"],
    [1, "1.0"],
    [1.5, "1.5"],
    [-5, "-5.0"],
    [123456, "123456.0"],
    [1_000_000, "1e+06"],
    [1_234_567, "1.234567e+06"],
    [1767225600, "1.7672256e+09"],
    [1767225600.123, "1.767225600123e+09"],
    [12345678901.5, "1.23456789015e+010"],
    [9999999999999998, "9.999999999999998e+015"],
    [1e16, "1e+16"],
    [1e22, "1e+22"],
    [123456789012345678, "1.2345678901234568e+17"],
    [0.0001, "0.0001"],
    [0.00001, "1e-05"],
    [2.5e-7, "2.5e-07"],
    [0.1 + 0.2, "0.30000000000000004"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
    [Number.NaN, "NaN"],
  ];
  for (const [value, text] of cases) assert.equal(floatToGoString(value), text, String(value));
});
