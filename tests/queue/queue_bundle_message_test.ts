import assert from "node:assert/strict";
import { buildQueueBundleMessage } from "../../queue/mod.ts";

const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const CHUNK = '{"type": "bundle", "id": "bundle--1", "objects": [{"id": "x--1", "name": "café"}]}';

Deno.test("buildQueueBundleMessage writes pycti's envelope byte for byte", () => {
  // Python: json.dumps({... "content": base64.b64encode(chunk.encode("utf-8")) ...,
  // "draft_id": draft_id, "no_split": no_split}), then message["work_id"] = work_id.
  const expected = '{"bundle_type": "QUEUE_BUNDLE", "applicant_id": "user-1", ' +
    '"action_sequence": 2, "entities_types": ["Report", "IPv4-Addr"], "content": ' +
    '"eyJ0eXBlIjogImJ1bmRsZSIsICJpZCI6ICJidW5kbGUtLTEiLCAib2JqZWN0cyI6IFt7ImlkIjogIngtLTEiLCAibmFtZSI6ICJjYWbDqSJ9XX0=", ' +
    '"update": true, "draft_id": null, "no_split": false, "work_id": "work_1"}';
  const body = buildQueueBundleMessage(CHUNK, {
    applicantId: "user-1",
    actionSequence: 2,
    entitiesTypes: ["Report", "IPv4-Addr"],
    update: true,
    draftId: null,
    workId: "work_1",
  });
  assert.equal(decode(body), expected);
});

Deno.test("buildQueueBundleMessage leaves work_id out without a work and defaults the rest", () => {
  const message = JSON.parse(decode(buildQueueBundleMessage(CHUNK, {
    applicantId: null,
    actionSequence: 1,
    workId: null,
  })));
  assert.deepEqual(Object.keys(message), [
    "bundle_type",
    "applicant_id",
    "action_sequence",
    "entities_types",
    "content",
    "update",
    "draft_id",
    "no_split",
  ]);
  assert.deepEqual(message.entities_types, []);
  assert.equal(message.update, false);
  assert.equal(message.draft_id, null);
  assert.equal(message.no_split, false);
  const content = Uint8Array.from(atob(message.content), (c) => c.charCodeAt(0));
  assert.equal(decode(content), CHUNK);
});

Deno.test("buildQueueBundleMessage keeps non-ASCII envelope fields valid UTF-8 JSON", () => {
  const body = buildQueueBundleMessage(CHUNK, {
    applicantId: "usér",
    actionSequence: 10,
    entitiesTypes: ["Rapport-é"],
    draftId: "",
  });
  const message = JSON.parse(decode(body));
  assert.equal(message.applicant_id, "usér");
  assert.deepEqual(message.entities_types, ["Rapport-é"]);
  assert.equal(message.draft_id, "");
  assert.equal(message.action_sequence, 10);
});

Deno.test("buildQueueBundleMessage writes no_split true for a whole bundle, before work_id", () => {
  const body = buildQueueBundleMessage(CHUNK, {
    applicantId: "user-1",
    actionSequence: 1,
    noSplit: true,
    workId: "work_1",
  });
  assert.match(decode(body), /, "draft_id": null, "no_split": true, "work_id": "work_1"\}$/);
});
