import assert from "node:assert/strict";
import { parseCustomHeaders } from "../../config/mod.ts";

Deno.test("parseCustomHeaders follows pycti's API client", () => {
  assert.deepEqual(parseCustomHeaders(" X-A: 1 ;;X-B:2:3; bad "), {
    headers: { "X-A": "1", "X-B": "2:3" },
    invalid: [" bad"],
  });
  // Later duplicates win, names keep their case, a blank piece is not empty.
  assert.deepEqual(parseCustomHeaders("x-a: 1;X-A: 2;x-a: 3;  "), {
    headers: { "x-a": "3", "X-A": "2" },
    invalid: [],
  });
  assert.deepEqual(parseCustomHeaders("a:1; ;b:2").invalid, [" "]);
  assert.deepEqual(parseCustomHeaders(null), { headers: {}, invalid: [] });
  assert.deepEqual(parseCustomHeaders(""), { headers: {}, invalid: [] });
});

Deno.test("parseCustomHeaders keeps odd names as plain own properties", () => {
  const { headers } = parseCustomHeaders("__proto__: x; constructor: y");
  assert.equal(Object.getPrototypeOf(headers), Object.prototype);
  assert.ok(Object.hasOwn(headers, "__proto__"));
  assert.equal(headers["constructor"], "y");
  assert.ok(Object.isFrozen(headers));
});
