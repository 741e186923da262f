// External-import connector: fetches a CSV or JSON IOC feed (a URL or a local file) on a
// schedule, maps it to STIX with an author and a TLP marking, sends it in one work, and keeps
// the newest `first_seen` in its state so the next run only sends what is new.
//
//   deno run --allow-net --allow-env --allow-read examples/external-import/main.ts
//
// Settings: the connector's (OPENCTI_URL, CONNECTOR_ID, CONNECTOR_DURATION_PERIOD, …) plus
// IOC_FEED_URL, IOC_FEED_TLP and IOC_FEED_AUTHOR; see config.yml.sample.
import { ConfigError, getConfigVariable, loadConfigFile } from "@octi/connector/config";
import {
  type EnvSource,
  OpenCTIConnectorHelper,
  type OpenCTIConnectorHelperOptions,
  type ScheduleOutcome,
} from "@octi/connector/helper";
import { tlpMarkingDefinition } from "@octi/connector/stix";
import { feedToStix, parseFeed } from "./feed.ts";

/** The example's own settings. */
export interface FeedSettings {
  /** `IOC_FEED_URL` / `ioc_feed.url`: `http(s)://…`, `file://…` or a path. */
  url: string;
  /** `IOC_FEED_TLP` / `ioc_feed.tlp`, default `TLP:GREEN`. */
  tlp: string;
  /** `IOC_FEED_AUTHOR` / `ioc_feed.author`, default `IOC Feed`. */
  author: string;
}

/** Reads the feed settings as pycti's `get_config_variable` would. */
export function readFeedSettings(
  config: Readonly<Record<string, unknown>>,
  env: EnvSource = Deno.env,
): FeedSettings {
  const read = (name: string, key: string, fallback: string | null) =>
    getConfigVariable(name, ["ioc_feed", key], { config, env, default: fallback });
  const url = read("IOC_FEED_URL", "url", null);
  if (typeof url !== "string") {
    throw new ConfigError([{
      env: "IOC_FEED_URL",
      yamlPath: "ioc_feed.url",
      source: "default",
      reason: "The configuration IOC_FEED_URL is required: the feed's URL or file path",
    }]);
  }
  const tlp = String(read("IOC_FEED_TLP", "tlp", "TLP:GREEN"));
  tlpMarkingDefinition(tlp); // refuse an unknown TLP before registering
  return { url, tlp, author: String(read("IOC_FEED_AUTHOR", "author", "IOC Feed")) };
}

/** Reads the feed: over HTTP(S), or from a file; JSON when it says so, else CSV. */
export async function fetchFeed(
  url: string,
  signal?: AbortSignal,
): Promise<{ text: string; format: "csv" | "json" }> {
  if (/^https?:\/\//i.test(url)) {
    const response = await fetch(url, { signal: signal ?? null });
    const text = await response.text();
    if (!response.ok) throw new Error(`Cannot fetch the feed ${url}: HTTP ${response.status}`);
    const json = (response.headers.get("content-type") ?? "").includes("json") ||
      new URL(url).pathname.endsWith(".json");
    return { text, format: json ? "json" : "csv" };
  }
  const path = url.startsWith("file:") ? new URL(url) : url;
  const text = await Deno.readTextFile(path, signal ? { signal } : {});
  return { text, format: String(path).endsWith(".json") ? "json" : "csv" };
}

/**
 * Registers the connector and runs the import on `CONNECTOR_DURATION_PERIOD` (or once, with
 * `CONNECTOR_RUN_AND_TERMINATE`). Resolves when the schedule ends (the helper then exits
 * the process through `options.exit`, as pycti does).
 */
export async function runExternalImport(
  config: Readonly<Record<string, unknown>> = {},
  options: OpenCTIConnectorHelperOptions = {},
): Promise<ScheduleOutcome> {
  const feed = readFeedSettings(config, options.env);
  const helper = await OpenCTIConnectorHelper.create(config, options);
  const log = helper.connectorLogger;
  return await helper.scheduleIso(async ({ signal }) => {
    const state = helper.getState() ?? {};
    const lastSeen = typeof state.last_seen === "string" ? state.last_seen : "";
    log.info("Fetching the feed", { url: feed.url, last_seen: lastSeen || null });
    const { text, format } = await fetchFeed(feed.url, signal);
    const { iocs, rejected } = parseFeed(text, format);
    for (const skipped of rejected) log.warning("Skipping a feed entry", { ...skipped });
    const fresh = iocs.filter((ioc) => ioc.firstSeen > lastSeen);
    const now = helper.dateNowZ();
    if (fresh.length === 0) {
      log.info("Nothing new in the feed", { iocs: iocs.length });
      helper.setState({ ...state, last_run: now });
      return;
    }
    const workId = await helper.work.initiateWork(`${helper.getName()} run @ ${now}`);
    try {
      const objects = feedToStix(fresh, { author: feed.author, tlp: feed.tlp, now });
      const sent = await helper.sendStix2Bundle(helper.stix2CreateBundle(objects), {
        workId,
        cleanupInconsistentBundle: true,
        signal,
      });
      const message = `${fresh.length} new IOCs, ${sent.expectations} objects sent`;
      if (workId) await helper.work.toProcessed(workId, message);
      log.info(message, { work_id: workId, skipped: rejected.length });
    } catch (error) {
      // The state keeps the previous position: the next run sends these IOCs again.
      if (workId) await helper.work.toProcessed(workId, String(error), true).catch(() => {});
      throw error;
    }
    const newest = fresh.reduce((max, ioc) => (ioc.firstSeen > max ? ioc.firstSeen : max), "");
    helper.setState({ last_run: now, last_seen: newest });
  });
}

if (import.meta.main) {
  // config.yml next to this file, as pycti connectors read it (none: environment only).
  await runExternalImport(await loadConfigFile(new URL("./config.yml", import.meta.url)));
}
