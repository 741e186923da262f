import assert from "node:assert/strict";
import * as root from "../mod.ts";
import * as helper from "../helper/mod.ts";
import { OpenCTIConnectorHelper, splitBundle } from "../mod.ts";

Deno.test("the root module exports every module's values, not just their types", () => {
  // A type-only re-export would make these a compile error (TS1362) and undefined at run time.
  assert.equal(typeof splitBundle, "function");
  assert.equal(typeof OpenCTIConnectorHelper.create, "function");
  for (
    const name of [
      "getConfigVariable",
      "resolveTlsOptions",
      "OpenCTIApiClient",
      "AmqpPublisher",
      "listenStream",
      "scheduleIso",
      "generateStixId",
      "createLogger",
    ]
  ) {
    assert.equal(typeof (root as Record<string, unknown>)[name], "function", name);
    // queue/ is not re-exported by helper/ (its classes are the helper's own plumbing).
    if (name !== "AmqpPublisher") {
      assert.equal(typeof (helper as Record<string, unknown>)[name], "function", name);
    }
  }
});

Deno.test("the root module leaves the emulator out", () => {
  assert.equal("startOpenCTIEmulator" in root, false);
});
