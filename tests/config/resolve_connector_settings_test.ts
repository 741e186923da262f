import assert from "node:assert/strict";
import {
  applyMqOverrides,
  applyS3Overrides,
  ConfigError,
  type ConfigIssue,
  connectorSettingsTable,
  resolveConnectorSettings,
} from "../../config/mod.ts";
import { noShared, sharedPath } from "../_util.ts";

const ID = "8e2d4c9f-1b5a-4f3e-9c7d-2a6b8e0f1d3c";
const TOKEN = "f0e1d2c3-token-secret";
const BASE: Record<string, string> = {
  OPENCTI_URL: "http://localhost:8080",
  OPENCTI_TOKEN: TOKEN,
  CONNECTOR_ID: ID,
  CONNECTOR_NAME: "Test connector",
  CONNECTOR_TYPE: "EXTERNAL_IMPORT",
};

function env(extra: Record<string, string> = {}): Map<string, string> {
  return new Map(Object.entries({ ...BASE, ...extra }));
}

function at(settings: unknown, key: string): unknown {
  return key.split(".").reduce((o, k) => (o as Record<string, unknown>)[k], settings);
}

function issuesOf(fn: () => unknown): ConfigIssue[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return [...e.issues];
    throw e;
  }
  assert.fail("expected a ConfigError");
}

Deno.test({
  name: "the settings table lists exactly the variables of helper-behaviour §1.2",
  ignore: noShared,
  fn() {
    const text = Deno.readTextFileSync(sharedPath("reference/helper-behaviour.md"));
    const section = text.slice(text.indexOf("#### 1.2.1"), text.indexOf("### 1.3"));
    const p3 = section.indexOf("P3 only");
    const relevant = section.slice(0, p3) + section.slice(section.indexOf("#### 1.2.2"));
    const rows = [...relevant.matchAll(
      /^\|\s*(?:\d+\s*\|)?\s*`([A-Z0-9_]+)`[^|]*\|\s*`([a-z0-9_.]+)`/gm,
    )].map((m) => `${m[1]} ${m[2]}`);
    assert.ok(rows.length >= 60, `parsed only ${rows.length} rows`);
    const table = connectorSettingsTable.map((d) => `${d.env} ${d.yamlPath}`);
    assert.deepEqual([...table].sort(), [...rows].sort());
  },
});

Deno.test("the settings table is well-formed", () => {
  const keys = new Set<string>();
  for (const def of connectorSettingsTable) {
    assert.match(def.env, /^[A-Z0-9_]+$/);
    assert.match(def.yamlPath, /^(opencti|connector|mq|s3)\.[a-z0-9_]+$/);
    assert.ok(def.description.length > 10, def.env);
    if (def.type === "enum") assert.ok(def.values && def.values.length > 1, def.env);
    if (def.env !== "QUEUE_PROTOCOL") {
      assert.ok(!keys.has(def.key), `duplicate key ${def.key}`);
      keys.add(def.key);
    }
  }
  const secrets = connectorSettingsTable.filter((d) => d.secret).map((d) => d.env).sort();
  assert.deepEqual(secrets, [
    "LISTEN_PROTOCOL_API_SSL_KEY",
    "LISTEN_PROTOCOL_API_SSL_PASSPHRASE",
    "MQ_PASS",
    "MQ_USE_SSL_KEY",
    "MQ_USE_SSL_PASSPHRASE",
    "OPENCTI_CUSTOM_HEADERS",
    "OPENCTI_TOKEN",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
  ]);
  assert.ok(Object.isFrozen(connectorSettingsTable) && Object.isFrozen(connectorSettingsTable[0]));
});

Deno.test("resolveConnectorSettings gives pycti's defaults, typed and deeply frozen", () => {
  const s = resolveConnectorSettings({ env: env() });
  // Values pycti derives from the raw default.
  const derived: Record<string, unknown> = {
    "opencti.customHeaders": {},
    "connector.scope": ["not-applicable"],
    "connector.id": ID,
    "connector.name": "Test connector",
    "connector.type": "EXTERNAL_IMPORT",
    "opencti.url": "http://localhost:8080",
    "opencti.token": TOKEN,
  };
  for (const def of connectorSettingsTable) {
    const expected = def.key in derived ? derived[def.key] : def.default;
    assert.deepEqual(at(s, def.key), expected, def.env);
    if (def.env !== "QUEUE_PROTOCOL" && !(def.key in derived)) {
      assert.equal(s.sources[def.env], "default", def.env);
    }
  }
  assert.equal(s.connector.listenProtocolApiUri, "http://127.0.0.1:7070");
  assert.equal(s.connector.listenCallbackUri, null);
  assert.equal(s.connector.durationPeriodSeconds, null);
  assert.equal(s.connector.pingAlive, true);
  assert.equal(s.connector.scopeRaw, "not-applicable");
  assert.deepEqual(s.secretValues, [TOKEN]);
  for (const part of [s, s.opencti, s.connector, s.connector.scope, s.mq, s.s3, s.sources]) {
    assert.ok(Object.isFrozen(part));
  }
  assert.throws(() => {
    (s.connector.scope as string[]).push("x");
  }, TypeError);
});

Deno.test("resolveConnectorSettings reads env over config.yml and records the source", () => {
  const config = {
    opencti: { url: "http://file:8080", json_logging: false },
    connector: {
      listen_protocol: "api",
      listen_protocol_api_port: 9000,
      listen_protocol_api_ssl: true,
      log_level: "warn",
      scope: [" ipv4-addr ", "domain-name"],
      queue_threshold: "12.5",
      metrics_port: 9300,
      live_stream_start_timestamp: 1700000000000,
      live_stream_recover_iso_date: new Date("2024-01-15T10:30:00Z"),
      listen_protocol_api_ssl_cert: "/etc/cert.pem",
    },
    mq: { host: "rabbit", port: 5671, use_ssl: "yes", pass: "mq-password" },
    s3: { port: 9000 },
  };
  const s = resolveConnectorSettings({
    config,
    env: env({
      OPENCTI_URL: "https://env:4000",
      CONNECTOR_LISTEN_PROTOCOL_API_PORT: "8443",
      OPENCTI_CUSTOM_HEADERS: "X-Org: acme; X-Key: k3y-value",
      CONNECTOR_QUEUE_PROTOCOL: "api",
    }),
  });
  assert.equal(s.opencti.url, "https://env:4000");
  assert.equal(s.sources.OPENCTI_URL, "env");
  assert.equal(s.opencti.jsonLogging, false);
  assert.equal(s.sources.OPENCTI_JSON_LOGGING, "file");
  assert.deepEqual(s.opencti.customHeaders, { "X-Org": "acme", "X-Key": "k3y-value" });
  assert.equal(s.connector.listenProtocol, "API");
  assert.equal(s.connector.listenProtocolApiPort, 8443);
  assert.equal(s.connector.listenProtocolApiUri, "https://127.0.0.1:7070");
  assert.equal(s.connector.listenCallbackUri, "https://127.0.0.1:7070/api/callback");
  assert.equal(s.connector.logLevel, "WARNING");
  assert.deepEqual(s.connector.scope, ["ipv4-addr", "domain-name"]);
  assert.equal(s.connector.queueThreshold, 12.5);
  assert.equal(s.connector.queueProtocol, "api");
  assert.equal(s.connector.metricsPort, 9300);
  assert.equal(s.connector.liveStreamStartTimestamp, "1700000000000");
  assert.equal(s.connector.liveStreamRecoverIsoDate, "2024-01-15T10:30:00Z");
  assert.deepEqual(
    { host: s.mq.host, port: s.mq.port, useSsl: s.mq.useSsl, vhost: s.mq.vhost },
    { host: "rabbit", port: 5671, useSsl: true, vhost: null },
  );
  assert.equal(s.s3.port, 9000);
  assert.deepEqual([...s.secretValues].sort(), ["k3y-value", "acme", "mq-password", TOKEN].sort());
});

Deno.test("resolveConnectorSettings keeps CONNECTOR_SCOPE's raw value beside the parsed list", () => {
  const fromEnv = resolveConnectorSettings({
    env: env({ CONNECTOR_SCOPE: "Indicator, Report" }),
    config: { connector: { scope: "ignored" } },
  });
  assert.deepEqual(fromEnv.connector.scope, ["Indicator", "Report"]);
  assert.equal(fromEnv.connector.scopeRaw, "Indicator, Report");

  const list = [" ipv4-addr ", "domain-name"];
  const fromFile = resolveConnectorSettings({ env: env(), config: { connector: { scope: list } } });
  assert.deepEqual(fromFile.connector.scope, ["ipv4-addr", "domain-name"]);
  assert.deepEqual(fromFile.connector.scopeRaw, [" ipv4-addr ", "domain-name"]);
  assert.ok(Object.isFrozen(fromFile.connector.scopeRaw));
  assert.ok(!Object.isFrozen(list), "the caller's config is not frozen");

  // pycti: "" gives the default; "no"/"false"/False read as False (no scope).
  const scopeRawOf = (value: unknown, fromYaml = false) =>
    resolveConnectorSettings(
      fromYaml
        ? { env: env(), config: { connector: { scope: value } } }
        : { env: env({ CONNECTOR_SCOPE: value as string }) },
    ).connector.scopeRaw;
  assert.equal(scopeRawOf(""), "not-applicable");
  assert.equal(scopeRawOf("no"), null);
  assert.equal(scopeRawOf(false, true), null);
  assert.equal(scopeRawOf(null, true), "not-applicable");
  assert.equal(scopeRawOf("report", true), "report");
  assert.deepEqual(
    issuesOf(() => scopeRawOf(3, true)).map((i) => i.env),
    ["CONNECTOR_SCOPE"],
  );
});

Deno.test("resolveConnectorSettings applies pycti's empty-value rules per variable", () => {
  // Empty string → default, except for the variables pycti reads with isNumber.
  const s = resolveConnectorSettings({
    env: env({ CONNECTOR_LISTEN_PROTOCOL_API_PORT: "", CONNECTOR_LOG_LEVEL: "", MQ_HOST: "" }),
    config: { connector: { scope: false, live_stream_id: null } },
  });
  assert.equal(s.connector.listenProtocolApiPort, 7070);
  assert.equal(s.connector.logLevel, "ERROR");
  assert.equal(s.mq.host, null);
  assert.deepEqual(s.connector.scope, []);
  assert.equal(s.connector.liveStreamId, null);
  const issues = issuesOf(() => resolveConnectorSettings({ env: env({ MQ_PORT: "" }) }));
  assert.deepEqual(issues, [{
    env: "MQ_PORT",
    yamlPath: "mq.port",
    source: "env",
    reason: "is not an integer: invalid literal for int() with base 10: ''",
  }]);
});

Deno.test("resolveConnectorSettings reports every problem at once, never quoting a secret", () => {
  const secret = "very-secret-password";
  let caught: unknown;
  try {
    resolveConnectorSettings({
      config: {
        opencti: { url: "localhost:8080" },
        connector: { type: "external_import", duration_period: "5 minutes" },
      },
      env: new Map([
        ["OPENCTI_TOKEN", "ChangeMe"],
        ["CONNECTOR_NAME", "x"],
        ["CONNECTOR_AUTO", "TRUE"],
        ["CONNECTOR_METRICS_PORT", "70000"],
        ["CONNECTOR_QUEUE_THRESHOLD", "lots"],
        ["CONNECTOR_LISTEN_PROTOCOL", "http"],
        ["CONNECTOR_LOG_LEVEL", "verbose"],
        ["CONNECTOR_QUEUE_PROTOCOL", "AMQP"],
        ["CONNECTOR_SEND_TO_DIRECTORY", "true"],
        ["CONNECTOR_SCOPE", "true"],
        ["MQ_PASS", "true"],
        ["MQ_PORT", "abc"],
        ["MQ_USE_SSL_PASSPHRASE", "yes"],
        ["S3_SECRET_KEY", secret],
        ["OPENCTI_CUSTOM_HEADERS", `X-Ok: 1; Authorization ${secret}; Bad Name: v`],
        ["OPENCTI_SSL_VERIFY", "FALSE"],
        ["CONNECTOR_LIVE_STREAM_START_TIMESTAMP", "yesterday"],
        ["CONNECTOR_LIVE_STREAM_RECOVER_ISO_DATE", "true"],
      ]),
    });
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof ConfigError);
  assert.ok(!caught.message.includes(secret), caught.message);
  const got = caught.issues.map((i) => `${i.env} ${i.source}`);
  assert.deepEqual(got, [
    "OPENCTI_URL file",
    "OPENCTI_TOKEN env",
    "OPENCTI_CUSTOM_HEADERS env",
    "OPENCTI_CUSTOM_HEADERS env",
    "OPENCTI_SSL_VERIFY env",
    "CONNECTOR_ID default",
    "CONNECTOR_LISTEN_PROTOCOL env",
    "CONNECTOR_TYPE file",
    "CONNECTOR_QUEUE_THRESHOLD env",
    "CONNECTOR_DURATION_PERIOD file",
    "CONNECTOR_LIVE_STREAM_RECOVER_ISO_DATE env",
    "CONNECTOR_LIVE_STREAM_START_TIMESTAMP env",
    "CONNECTOR_NAME env",
    "CONNECTOR_SCOPE env",
    "CONNECTOR_AUTO env",
    "CONNECTOR_SEND_TO_DIRECTORY_PATH default",
    "CONNECTOR_LOG_LEVEL env",
    "CONNECTOR_METRICS_PORT env",
    "CONNECTOR_QUEUE_PROTOCOL env",
    "MQ_PORT env",
    "MQ_PASS env",
    "MQ_USE_SSL_PASSPHRASE env",
  ]);
  const byEnv = (name: string) =>
    caught instanceof ConfigError
      ? caught.issues.filter((i) => i.env === name).map((i) => i.reason)
      : [];
  assert.deepEqual(byEnv("CONNECTOR_TYPE"), [
    '"external_import" is not one of EXTERNAL_IMPORT, INTERNAL_IMPORT_FILE, INTERNAL_ENRICHMENT, INTERNAL_ANALYSIS, INTERNAL_EXPORT_FILE, STREAM',
  ]);
  assert.deepEqual(byEnv("OPENCTI_URL"), ['"localhost:8080" is not an http(s) URL']);
  assert.deepEqual(byEnv("CONNECTOR_AUTO"), [
    '"TRUE" is not a boolean: use true or false (or yes/no, True/False)',
  ]);
  assert.deepEqual(byEnv("CONNECTOR_METRICS_PORT"), ['"70000" is out of range: expected 0..65535']);
  assert.deepEqual(byEnv("MQ_PORT"), [
    "is not an integer: invalid literal for int() with base 10: 'abc'",
  ]);
  assert.match(byEnv("CONNECTOR_DURATION_PERIOD")[0]!, /"5 minutes" is not a duration/);
  assert.match(byEnv("MQ_PASS")[0]!, /^the value \(hidden\) reads as the boolean true/);
  assert.match(
    caught.message,
    /^Invalid configuration \(22 problems\):\n {2}- OPENCTI_URL \(file opencti\.url\): /,
  );
  assert.match(
    caught.message,
    /\n {2}- CONNECTOR_QUEUE_THRESHOLD \(env\): is not a number: could not convert string to float: 'lots'/,
  );
});

Deno.test("CONNECTOR_DURATION_PERIOD follows pycti's grammar, seconds and ping decision", () => {
  const seconds = (value: string | number) =>
    resolveConnectorSettings({
      env: env(),
      config: { connector: { duration_period: value } },
    }).connector.durationPeriodSeconds;
  const valid: [string | number, number][] = [
    ["PT5M", 300],
    ["P1D", 86400],
    ["P1W", 604800],
    ["P1M", 2592000],
    ["P1Y", 31536000],
    ["P1Y2M", 36720000],
    ["P2W3D", 1468800],
    ["P1.5D", 129600],
    ["PT36H", 129600],
    ["P18Y9W4DT11H9M8S", 573476948],
    ["PT1M30.25S", 90],
    ["PT1,5S", 1],
    ["P1DT", 86400],
    ["+PT5M", 300],
    ["P0.5Y", 15768000],
    ["PT5M1H", 3900],
    ["P0.29D", 25056],
    ["01:02:03", 3723],
    ["00:05", 300],
    ["25:00:00", 90000],
    ["1:00:00.5", 3600],
    ["1d", 86400],
    ["2 days", 172800],
    ["2 days, 01:00:00", 176400],
    [300, 300],
    [12.5, 12],
    ["0", 0],
    // Day and clock forms pydantic also accepts.
    ["1D", 86400],
    ["2 DAYS", 172800],
    ["1d,", 86400],
    ["PT1.S", 1],
    ["P1.D", 86400],
    ["10:00:00.1234567", 36000],
  ];
  for (const [value, expected] of valid) assert.equal(seconds(value), expected, String(value));
  for (
    const bad of [
      "P",
      "PT",
      "pt5m",
      "P1H",
      "PT1D",
      "P-1D",
      "PT 5M",
      "5:00",
      "300",
      "1.5",
      "-PT5M",
      // pydantic rejects a fraction before the last quantity, and overflows.
      "P1.5DT1H",
      "PT1.5H30M",
      "PT1200000H",
      "P1000000000D",
      "1d, 25:00:00",
    ]
  ) {
    const issues = issuesOf(() =>
      resolveConnectorSettings({ env: env({ CONNECTOR_DURATION_PERIOD: bad }) })
    );
    assert.deepEqual(issues.map((i) => i.env), ["CONNECTOR_DURATION_PERIOD"], bad);
  }
  const ping = (extra: Record<string, string>, yaml?: number) =>
    resolveConnectorSettings({
      env: env(extra),
      config: yaml === undefined ? {} : { connector: { duration_period: yaml } },
    }).connector.pingAlive;
  assert.equal(ping({}), true);
  assert.equal(ping({ CONNECTOR_DURATION_PERIOD: "PT1H" }), true);
  assert.equal(ping({ CONNECTOR_DURATION_PERIOD: "0" }), false);
  assert.equal(ping({ CONNECTOR_DURATION_PERIOD: "PT0.5S" }), false);
  assert.equal(ping({}, 0), false);
  assert.equal(ping({}, 0.5), true); // pycti compares a YAML number with 0 before truncating
  assert.equal(ping({ CONNECTOR_RUN_AND_TERMINATE: "true" }), false);
});

Deno.test("the queue protocol falls back to the deprecated QUEUE_PROTOCOL, logged as pycti does", () => {
  const errors: string[] = [];
  const logger = { error: (message: string) => errors.push(message) };
  const s = resolveConnectorSettings({ env: env({ QUEUE_PROTOCOL: "api" }), logger });
  assert.equal(s.connector.queueProtocol, "api");
  assert.deepEqual(errors, [
    "QUEUE_PROTOCOL is deprecated, please use CONNECTOR_QUEUE_PROTOCOL instead.",
  ]);
  const both = resolveConnectorSettings({
    env: env({ QUEUE_PROTOCOL: "api", CONNECTOR_QUEUE_PROTOCOL: "amqp" }),
    logger,
  });
  assert.equal(both.connector.queueProtocol, "amqp");
  assert.equal(errors.length, 1);
});

Deno.test("an HTTPS callback needs a certificate; a plain one does not", () => {
  const issues = issuesOf(() =>
    resolveConnectorSettings({
      env: env({ CONNECTOR_LISTEN_PROTOCOL: "API", CONNECTOR_LISTEN_PROTOCOL_API_SSL: "true" }),
    })
  );
  assert.deepEqual(issues.map((i) => i.env), ["LISTEN_PROTOCOL_API_SSL_CERT"]);
  const s = resolveConnectorSettings({
    env: env({ CONNECTOR_LISTEN_PROTOCOL: "API", CONNECTOR_LISTEN_PROTOCOL_API_URI: "http://c:1" }),
  });
  assert.equal(s.connector.listenCallbackUri, "http://c:1/api/callback");
});

Deno.test("applyMqOverrides and applyS3Overrides merge local values over the platform's", () => {
  const s = resolveConnectorSettings({
    env: env({ MQ_HOST: "127.0.0.1", MQ_USE_SSL: "false", S3_USE_SSL: "false", S3_PORT: "9000" }),
  });
  const platform = {
    host: "rabbitmq",
    port: 5671,
    vhost: "/",
    use_ssl: true,
    user: "opencti",
    pass: "p",
  };
  assert.deepEqual(applyMqOverrides(platform, s.mq), {
    ...platform,
    host: "127.0.0.1",
    use_ssl: false,
  });
  assert.equal(platform.host, "rabbitmq");
  const target = applyS3Overrides(s, {
    endpoint: "minio",
    port: 443,
    access_key: "ak",
    secret_key: "sk",
    use_ssl: true,
    bucket_region: "eu",
    bucket_name: "opencti-bucket",
  });
  assert.deepEqual(target, {
    endpoint: "minio",
    port: 9000,
    accessKey: "ak",
    secretKey: "sk",
    useSsl: false,
    bucketRegion: "eu",
    bucket: "opencti-bucket",
  });
  assert.deepEqual(applyS3Overrides(s, undefined), {
    endpoint: null,
    port: 9000,
    accessKey: null,
    secretKey: null,
    useSsl: false,
    bucketRegion: null,
    bucket: null,
  });
});
