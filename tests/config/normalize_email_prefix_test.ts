import assert from "node:assert/strict";
import { normalizeEmailPrefix } from "../../config/mod.ts";

Deno.test("normalizeEmailPrefix matches pycti on the reference table", () => {
  const table: [string, string][] = [
    ["john.doe@example.com", "john.doe@example.com"],
    ["john@doe@example.com", "john@doe@example.com"],
    ["user!name@domain.com", "user-name@domain.com"],
    ["my connector@connector.octi.filigran.io", "my-connector@connector.octi.filigran.io"],
    [
      "[c] abuse.ch / urlhaus@connector.octi.filigran.io",
      "c-abuse.ch-urlhaus@connector.octi.filigran.io",
    ],
    ["josé müller@x.io", "jos-m-ller@x.io"],
    ["--a!!b--@x", "a-b@x"],
    ["!!!@x", "@x"],
    ["___@x", "___@x"],
    ["a\u{1F600}b@x", "a-b@x"],
    ["a+b@x y", "a+b@x y"],
  ];
  for (const [input, expected] of table) assert.equal(normalizeEmailPrefix(input), expected);
});

Deno.test("normalizeEmailPrefix rejects an address without @", () => {
  assert.throws(() => normalizeEmailPrefix("nope"), {
    name: "TypeError",
    message: `Invalid email "nope": missing '@' symbol`,
  });
});
