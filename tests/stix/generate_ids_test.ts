import assert from "node:assert/strict";
import { generateExternalReferenceId, generateKillChainPhaseId } from "../../stix/mod.ts";
import { noShared, sharedPath } from "../_util.ts";

/**
 * The test vectors of helper-behaviour.md §3.2, read from the reference itself: rows of
 * `| <inputs> | <canonical> | <id> |` whose inputs are `name \`value\`` pairs.
 */
function vectors(): { inputs: Record<string, string | null>; id: string | null }[] {
  const text = Deno.readTextFileSync(sharedPath("reference/helper-behaviour.md"));
  const section = text.slice(text.indexOf("### 3.2"), text.indexOf("### 3.3"));
  const rows = [];
  for (const line of section.split("\n")) {
    const cells = line.split(" | ");
    if (cells.length !== 3 || !/(external-reference|kill-chain-phase)--|null/.test(cells[2]!)) {
      continue;
    }
    const inputs: Record<string, string | null> = {};
    for (const m of cells[0]!.matchAll(/(\w+) (?:`([^`]*)`|(null))/g)) {
      // `""` in the table is the empty string.
      inputs[m[1]!] = m[3] === "null" ? null : m[2] === '""' ? "" : m[2]!;
    }
    const id = /`([a-z-]+--[0-9a-f-]{36})`/.exec(cells[2]!)?.[1] ?? null;
    rows.push({ inputs, id });
  }
  return rows;
}

Deno.test({
  name: "embedded ids match the reference's UUIDv5 vectors",
  ignore: noShared,
  fn: () => {
    const rows = vectors();
    assert.ok(rows.length >= 10, `found ${rows.length} vectors`);
    for (const { inputs, id } of rows) {
      const label = JSON.stringify(inputs);
      if ("phase_name" in inputs || "kill_chain_name" in inputs) {
        assert.equal(
          generateKillChainPhaseId(inputs.phase_name, inputs.kill_chain_name),
          id,
          label,
        );
      } else {
        assert.equal(
          generateExternalReferenceId(inputs.url, inputs.source_name, inputs.external_id),
          id,
          label,
        );
      }
    }
  },
});

Deno.test("generateExternalReferenceId: url wins, even empty; otherwise both names needed", () => {
  const byUrl = generateExternalReferenceId("https://example.com/a", "s", "e");
  assert.equal(byUrl, generateExternalReferenceId("https://example.com/a"));
  assert.notEqual(
    generateExternalReferenceId("", "s", "e"),
    generateExternalReferenceId(null, "s", "e"),
  );
  assert.equal(generateExternalReferenceId(undefined, "s", undefined), null);
  assert.match(generateExternalReferenceId(null, "s", "e")!, /^external-reference--[0-9a-f-]{36}$/);
  // Non-string values are canonicalised as JSON: key order does not matter.
  assert.equal(
    generateExternalReferenceId({ b: [1, "x"], a: null }),
    generateExternalReferenceId({ a: null, b: [1, "x"] }),
  );
});

Deno.test("generateKillChainPhaseId treats a missing name as null", () => {
  assert.equal(generateKillChainPhaseId("x", undefined), generateKillChainPhaseId("x", null));
  assert.notEqual(generateKillChainPhaseId("x", "k"), generateKillChainPhaseId("k", "x"));
});
