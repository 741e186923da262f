import assert from "node:assert/strict";
import { parseConnectorScope } from "../../config/mod.ts";

Deno.test("parseConnectorScope splits strings, keeps lists, trims every item", () => {
  assert.deepEqual(parseConnectorScope("a, b ,c"), ["a", "b", "c"]);
  assert.deepEqual(parseConnectorScope(["  ipv4-addr", "Domain-Name "]), [
    "ipv4-addr",
    "Domain-Name",
  ]);
  assert.deepEqual(parseConnectorScope("a,,b"), ["a", "", "b"]);
  assert.deepEqual(parseConnectorScope("not-applicable"), ["not-applicable"]);
  for (const falsy of [null, undefined, false, "", []] as const) {
    assert.deepEqual(parseConnectorScope(falsy), []);
  }
});
