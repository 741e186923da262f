import assert from "node:assert/strict";
import { createMemoryStateStore } from "../../stream/mod.ts";

Deno.test("createMemoryStateStore keeps pycti's state rules", () => {
  const store = createMemoryStateStore();
  assert.equal(store.getState(), null);
  store.setState({ start_from: "1-0", recover_until: false, nested: { a: [1] } });
  const read = store.getState()!;
  (read.nested as { a: number[] }).a.push(2);
  read.start_from = "2-0";
  // Reads are copies: only setState changes the state.
  assert.deepEqual(store.getState(), {
    start_from: "1-0",
    recover_until: false,
    nested: { a: [1] },
  });
  store.setState({});
  assert.equal(store.getState(), null);
  store.setState([] as unknown as Record<string, unknown>);
  assert.equal(store.getState(), null);
  assert.deepEqual(createMemoryStateStore({ start_from: "0-0" }).getState(), { start_from: "0-0" });
});
