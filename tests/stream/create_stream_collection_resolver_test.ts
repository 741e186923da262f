import assert from "node:assert/strict";
import { createStreamCollectionResolver } from "../../stream/mod.ts";

Deno.test("createStreamCollectionResolver answers like pycti's get_stream_collection", async () => {
  const queried: string[] = [];
  let fail = true;
  const resolve = createStreamCollectionResolver((id) => {
    queried.push(id);
    if (id === "flaky" && fail) {
      fail = false;
      return Promise.reject(new Error("network down"));
    }
    if (id === "missing") return Promise.resolve(null);
    return Promise.resolve({
      id,
      name: "Indicators",
      description: "feed",
      stream_live: true,
      stream_public: false,
    });
  });

  await assert.rejects(() => resolve(undefined), {
    name: "TypeError",
    message: "This connector is not connected to any stream",
  });
  await assert.rejects(() => resolve(null), TypeError);
  for (const id of ["live", "raw"]) {
    assert.deepEqual(await resolve(id), {
      id,
      name: id,
      description: id,
      stream_live: true,
      stream_public: false,
    });
  }
  assert.equal((await resolve("a0a7"))?.name, "Indicators");
  assert.equal((await resolve("a0a7"))?.name, "Indicators");
  assert.equal(await resolve("missing"), null);
  assert.equal(await resolve("missing"), null);
  await assert.rejects(() => resolve("flaky"), /network down/);
  assert.equal((await resolve("flaky"))?.id, "flaky");
  // One query per id; the failed one was not cached.
  assert.deepEqual(queried, ["a0a7", "missing", "flaky", "flaky"]);
});
