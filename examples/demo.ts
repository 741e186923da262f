// `deno task demo`: the three example connectors end to end against the embedded OpenCTI
// emulator, on a machine with only Deno (no platform; RabbitMQ is used when it is reachable
// on 127.0.0.1:5672, unless `--api` is given). Connector logs go to a temporary file; this
// program prints what the platform sees. Exits 0 when every step checked out.
//
//   deno run -A examples/demo.ts [--api] [--keep]
import {
  type OpenCTIEmulator,
  startOpenCTIEmulator,
  type StreamLogStixObject,
} from "@octi/connector/testing";
import type { EnrichmentEntitySource, StixObject } from "@octi/connector/helper";
import { runExternalImport } from "./external-import/main.ts";
import { startDnsEnrichment } from "./internal-enrichment/main.ts";
import { startStreamExporter } from "./stream-exporter/main.ts";

const args = new Set(Deno.args);
const started = performance.now();
const say = (line = "") => console.log(line);
const check = (ok: boolean, what: string) => {
  if (!ok) throw new Error(`demo check failed: ${what}`);
};

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`demo timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function rabbitReachable(): Promise<boolean> {
  try {
    (await Deno.connect({ hostname: "127.0.0.1", port: 5672 })).close();
    return true;
  } catch {
    return false;
  }
}

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}

// Connector logs (pycti's JSON lines) go to a file; a few messages are echoed as progress.
const logPath = await Deno.makeTempFile({ prefix: "octi-demo-", suffix: ".log" });
const logFile = await Deno.open(logPath, { write: true, append: true });
const encoder = new TextEncoder();
const echoed = new Set(["Skipping a feed entry", "Nothing new in the feed", "Batch exported"]);
function logWriter(line: string): void {
  logFile.writeSync(encoder.encode(line + "\n"));
  try {
    const record = JSON.parse(line) as { message: string; attributes?: Record<string, unknown> };
    const attributes = record.attributes ?? {};
    if (record.message === "Batch exported") {
      say(`      batch of ${attributes.events} events written (${attributes.trigger})`);
    } else if (echoed.has(record.message) || / new IOCs, /.test(record.message)) {
      const detail = "reason" in attributes ? `: ${attributes.reason}` : "";
      say(`      connector: ${record.message}${detail}`);
    }
  } catch {
    // plain-text logging (OPENCTI_JSON_LOGGING=false): nothing to echo
  }
}

function connectorEnv(emulator: OpenCTIEmulator, extra: Record<string, string>) {
  return new Map(Object.entries({
    OPENCTI_URL: emulator.url,
    OPENCTI_TOKEN: emulator.token,
    CONNECTOR_ID: crypto.randomUUID(),
    CONNECTOR_LOG_LEVEL: "info",
    ...extra,
  }));
}
const helperOptions = { logWriter, handleSignals: false, exit: () => {} };

const cleanup: (() => Promise<void> | void)[] = [];
const exportDir = await Deno.makeTempDir({ prefix: "octi-demo-export-" });
cleanup.push(() => args.has("--keep") ? undefined : Deno.remove(exportDir, { recursive: true }));

// Nothing here should take long: a hang fails the demo instead of stalling CI.
const watchdog = setTimeout(() => {
  console.log(`demo FAILED: no result within 90 s (connector logs: ${logPath})`);
  Deno.exit(1);
}, 90_000);
Deno.unrefTimer(watchdog);

try {
  say("octi-connector demo: example connectors against the embedded OpenCTI emulator");
  say();

  // 1. The platform.
  const amqp = !args.has("--api") && await rabbitReachable();
  const emulator = await startOpenCTIEmulator(
    amqp ? { amqpUrl: "amqp://guest:guest@127.0.0.1:5672" } : {},
  );
  cleanup.push(() => emulator.close());
  const queueProtocol = amqp ? "amqp" : "api";
  say(`[1/4] OpenCTI emulator at ${emulator.url}`);
  say(
    amqp
      ? "      RabbitMQ reachable on 127.0.0.1:5672: bundles go through it (queue protocol amqp)"
      : "      no RabbitMQ: bundles go to the platform's API (queue protocol api)",
  );

  // 2. External import: the sample feed served by a local HTTP server, run once.
  const feed = await Deno.readTextFile(
    new URL("./external-import/sample_feed.csv", import.meta.url),
  );
  const feedServer = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response(feed, { headers: { "content-type": "text/csv" } }),
  );
  cleanup.push(() => feedServer.shutdown());
  const feedUrl = `http://127.0.0.1:${feedServer.addr.port}/iocs.csv`;
  const importEnv = connectorEnv(emulator, {
    CONNECTOR_NAME: "IOC Feed",
    CONNECTOR_TYPE: "EXTERNAL_IMPORT",
    CONNECTOR_SCOPE: "indicator,ipv4-addr,ipv6-addr,domain-name,url,file",
    CONNECTOR_DURATION_PERIOD: "PT1H",
    CONNECTOR_RUN_AND_TERMINATE: "true",
    CONNECTOR_QUEUE_PROTOCOL: queueProtocol,
    IOC_FEED_URL: feedUrl,
    IOC_FEED_TLP: "TLP:GREEN",
    IOC_FEED_AUTHOR: "Demo Feed Inc.",
  });
  const importId = importEnv.get("CONNECTOR_ID")!;
  say();
  say(`[2/4] external-import: ${feedUrl} (run and terminate)`);
  const firstRun = await runExternalImport({}, { ...helperOptions, env: importEnv });
  check(firstRun.status === "completed", `first import run ${firstRun.status}`);
  const [work] = [...emulator.state.works.values()].filter((w) => w.connectorId === importId);
  check(work !== undefined, "the import created a work");
  await emulator.waitFor(() => work!.status === "complete", { timeoutMs: 15_000 });
  const imported = new Map<string, StixObject>();
  for (const pushed of emulator.state.pushedBundles) {
    for (const object of pushed.bundle.objects as StixObject[]) imported.set(object.id, object);
  }
  say(
    `      work "${work!.name}": ${work!.status}, ${work!.processed}/${work!.expected} ` +
      `expectations, last message "${work!.messages.at(-1)?.message}"`,
  );
  const importedCount = imported.size;
  say(`      the platform received ${importedCount} objects (via ${queueProtocol})`);
  const saved = () => JSON.parse(emulator.state.connectors.get(importId)?.connectorState ?? "{}");
  say(`      state saved: ${JSON.stringify(saved())}`);
  const secondRun = await runExternalImport({}, { ...helperOptions, env: importEnv });
  check(secondRun.status === "completed", "second import run");
  check(
    [...emulator.state.works.values()].filter((w) => w.connectorId === importId).length === 1,
    "the second run found nothing new and created no work",
  );
  say("      second run: nothing new since last_seen, no work created");

  // 3. Enrichment over HTTP callbacks, against a local fake DNS-over-HTTPS resolver.
  say();
  say("[3/4] internal-enrichment: DNS resolution of an imported domain, jobs as HTTP callbacks");
  const resolver = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    const type = url.searchParams.get("type");
    const data = type === "A" ? "192.0.2.80" : "2001:db8::80";
    return Response.json({
      Status: 0,
      Answer: [{ name: url.searchParams.get("name"), type: type === "A" ? 1 : 28, TTL: 300, data }],
    });
  });
  cleanup.push(() => resolver.shutdown());
  // The emulator has no entity store: entities are read from what was imported (with their
  // TLP as the platform would give it), plus one TLP:RED domain to show the max-TLP check.
  const entities = new Map<string, Record<string, unknown>>();
  const entity = (object: StixObject, tlp: string) => {
    entities.set(object.id, {
      id: crypto.randomUUID(),
      standard_id: object.id,
      entity_type: "Domain-Name",
      value: object.value,
      objectMarking: [{ definition_type: "TLP", definition: tlp }],
    });
    return object;
  };
  const domain = [...imported.values()].find((o) => o.type === "domain-name");
  check(domain !== undefined, "a domain was imported");
  entity(domain!, "TLP:GREEN");
  const secret = entity({
    type: "domain-name",
    id: "domain-name--0c0ffee0-0000-5000-8000-000000000001",
    value: "internal-only.example",
  }, "TLP:RED");
  const enrichmentSource: EnrichmentEntitySource = {
    readEntity: (id) => Promise.resolve(entities.get(id) ?? null),
    exportEntity: () => Promise.reject(new Error("the jobs carry their STIX objects")),
  };
  const port = freePort();
  const enrichEnv = connectorEnv(emulator, {
    CONNECTOR_NAME: "DNS Resolver",
    CONNECTOR_TYPE: "INTERNAL_ENRICHMENT",
    CONNECTOR_SCOPE: "Domain-Name",
    CONNECTOR_QUEUE_PROTOCOL: queueProtocol,
    CONNECTOR_LISTEN_PROTOCOL: "API",
    CONNECTOR_LISTEN_PROTOCOL_API_PORT: String(port),
    CONNECTOR_LISTEN_PROTOCOL_API_URI: `http://127.0.0.1:${port}`,
    DNS_RESOLVER_URL: `http://127.0.0.1:${resolver.addr.port}/dns-query`,
    DNS_RESOLVER_MAX_TLP: "TLP:AMBER",
  });
  const enricher = await startDnsEnrichment({}, {
    ...helperOptions,
    env: enrichEnv,
    enrichment: enrichmentSource,
    callbackHostname: "127.0.0.1",
  });
  cleanup.push(() => enricher.close());
  for (const [target, tlp] of [[domain!, "TLP:GREEN"], [secret, "TLP:RED"]] as const) {
    const job = await emulator.sendJob(enricher.helper.connectorId, {
      type: "enrichment",
      entityId: target.id,
      stixEntity: target,
      stixObjects: [target],
    });
    const jobWork = emulator.state.works.get(job.workId!)!;
    await emulator.waitFor(() => jobWork.status === "complete" || jobWork.errors.length > 0);
    const outcome = jobWork.errors.length > 0
      ? `refused: "${jobWork.errors[0]!.message}"`
      : `"${jobWork.messages.at(-1)?.message}"`;
    say(`      ${target.value} (${tlp}): callback HTTP ${job.callbackStatus}, work ${outcome}`);
  }
  for (const pushed of emulator.state.pushedBundles) {
    for (const object of pushed.bundle.objects as StixObject[]) imported.set(object.id, object);
  }
  await enricher.close();

  // 4. Stream export of everything ingested, then a restart that resumes.
  say();
  say("[4/4] stream-exporter: the live stream, in batches of 10, into NDJSON files");
  say("      (the emulator has no ingestion pipeline feeding its stream: the demo appends each");
  say(`      ingested object as a create event, ${imported.size} events)`);
  for (const object of imported.values()) {
    emulator.stream.append("create", object as StreamLogStixObject);
  }
  const exportEnv = connectorEnv(emulator, {
    CONNECTOR_NAME: "Stream Exporter",
    CONNECTOR_TYPE: "STREAM",
    CONNECTOR_SCOPE: "stream",
    CONNECTOR_LIVE_STREAM_ID: "live",
    EXPORTER_OUTPUT: exportDir,
    EXPORTER_BATCH_SIZE: "10",
    EXPORTER_BATCH_TIMEOUT: "1",
    EXPORTER_MAX_PER_MINUTE: "120",
  });
  const exporterId = exportEnv.get("CONNECTOR_ID")!;
  let exporter = await startStreamExporter({}, { ...helperOptions, env: exportEnv });
  await waitUntil(() => exporter.exported.events >= imported.size, "the first export");
  const firstExport = exporter.exported.events;
  await exporter.close();
  const position = JSON.parse(
    emulator.state.connectors.get(exporterId)?.connectorState ?? "{}",
  ).start_from;
  say(`      stopped; position saved in the connector state: start_from ${position}`);
  const updated = [...imported.values()].filter((o) => o.type === "indicator").slice(0, 2);
  for (const indicator of updated) {
    emulator.stream.append("update", { ...indicator, x_opencti_score: 90 } as StreamLogStixObject);
  }
  say(`      ${updated.length} update events appended while it was stopped; restarting`);
  exporter = await startStreamExporter({}, { ...helperOptions, env: exportEnv });
  cleanup.push(() => exporter.close());
  await waitUntil(() => exporter.exported.events >= updated.length, "the resumed export");
  await exporter.close();
  const lines: { id: string }[] = [];
  let files = 0;
  for await (const file of Deno.readDir(exportDir)) {
    if (!file.name.endsWith(".ndjson")) continue;
    files++;
    const text = await Deno.readTextFile(`${exportDir}/${file.name}`);
    for (const line of text.trim().split("\n")) lines.push(JSON.parse(line));
  }
  const unique = new Set(lines.map((line) => line.id)).size;
  check(firstExport === imported.size, `${firstExport} of ${imported.size} events exported`);
  check(
    exporter.exported.events === updated.length,
    "the restart resumed after the saved position",
  );
  check(
    unique === lines.length && lines.length === imported.size + updated.length,
    "files hold every event once",
  );
  say(`      resumed: ${exporter.exported.events} new events exported, none replayed`);

  say();
  const row = (label: string, value: string) => say(`  ${label.padEnd(34)}${value}`);
  say("Summary");
  row("objects sent by external-import", `${importedCount} (work ${work!.status})`);
  row("enrichment jobs", "2 (1 enriched, 1 refused above max TLP)");
  row(
    "stream events exported",
    `${lines.length} in ${files} files ` +
      (args.has("--keep") ? `(${exportDir})` : "(removed: --keep keeps them)"),
  );
  row("connector logs", logPath);
  row("time", `${((performance.now() - started) / 1000).toFixed(1)} s`);
  say("demo ok");
} catch (error) {
  say(`demo FAILED: ${error instanceof Error ? error.stack : error}`);
  say(`connector logs: ${logPath}`);
  Deno.exitCode = 1;
} finally {
  for (const step of cleanup.reverse()) await step();
  logFile.close();
}
