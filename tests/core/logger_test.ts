import assert from "node:assert/strict";
import { createLogger, parseLogLevel } from "../../core/mod.ts";

Deno.test("createLogger writes pycti's JSON fields in order and filters by level", () => {
  const lines: string[] = [];
  const logger = createLogger({
    name: "My Connector",
    level: "INFO",
    write: (l) => lines.push(l),
    now: () => new Date("2024-01-15T10:30:00.123Z"),
  });
  logger.debug("hidden");
  logger.info("Connector registered with ID", { id: "b8a7" });
  logger.error("Error pinging the API", { reason: "timeout" });
  assert.equal(lines.length, 2);
  assert.equal(
    lines[0],
    '{"timestamp":"2024-01-15T10:30:00.123000Z","level":"INFO","name":"My Connector",' +
      '"message":"Connector registered with ID","attributes":{"id":"b8a7"}}',
  );
  const err = JSON.parse(lines[1]!);
  assert.deepEqual(Object.keys(err), [
    "timestamp",
    "level",
    "name",
    "message",
    "exc_info",
    "attributes",
  ]);
  assert.equal(err.exc_info, "NoneType: None");
});

Deno.test("createLogger plain mode and error stacks", () => {
  const lines: string[] = [];
  const logger = createLogger({
    name: "c",
    level: "DEBUG",
    json: false,
    write: (l) => lines.push(l),
  });
  logger.warning("careful", { x: 1 });
  logger.error("boom", { error: new TypeError("bad") });
  assert.equal(lines[0], "WARNING:c:careful");
  assert.match(lines[1]!, /^ERROR:c:boom\nTypeError: bad/);
});

Deno.test("createLogger redacts secrets anywhere in the line", () => {
  const lines: string[] = [];
  const logger = createLogger({
    name: "c",
    level: "DEBUG",
    secrets: ["tok-123"],
    write: (l) => lines.push(l),
  });
  logger.info("using tok-123", { header: "Bearer tok-123", error: new Error("tok-123 rejected") });
  assert.equal(lines.length, 1);
  assert.ok(!lines[0]!.includes("tok-123"), lines[0]);
  assert.ok(lines[0]!.includes("Bearer ***"));
});

Deno.test("parseLogLevel accepts Python names and rejects others", () => {
  assert.equal(parseLogLevel("info"), "INFO");
  assert.equal(parseLogLevel("WARN"), "WARNING");
  assert.throws(() => parseLogLevel("verbose"), RangeError);
});

Deno.test("createLogger redacts secrets in their JSON-escaped form and nested in longer ones", () => {
  const lines: string[] = [];
  const quoted = 'pa"ss\\word';
  const logger = createLogger({
    name: "c",
    level: "DEBUG",
    secrets: ["abc", "abcdef-token", quoted],
    write: (l) => lines.push(l),
  });
  logger.info("login", { password: quoted, token: "abcdef-token" });
  logger.error(`rejected ${quoted}`, { error: new Error(`bad ${quoted}`) });
  assert.equal(lines.length, 2);
  for (const line of lines) {
    const parsed = JSON.stringify(JSON.parse(line));
    assert.ok(!parsed.includes('pa\\"ss'), line);
    assert.ok(!line.includes("def-token"), line);
  }
  assert.deepEqual(JSON.parse(lines[0]!).attributes, { password: "***", token: "***" });
  assert.equal(JSON.parse(lines[1]!).message, "rejected ***");
});
