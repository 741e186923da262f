import assert from "node:assert/strict";
import { bundleSinkEnvelope } from "../../helper/bundle_sink_envelope.ts";

const connector = {
  id: "5ef2e4a6-8f4b-4a3c-9d8e-2b1f0c7a6e51",
  name: "My Connector",
  type: "EXTERNAL_IMPORT",
  scope: "report,indicator",
  auto: false,
  validateBeforeImport: "false",
};
const bundle = {
  type: "bundle",
  id: "bundle--8d6b5a1c-2f3e-4d5c-9b8a-7f6e5d4c3b2a",
  objects: [{ type: "identity", id: "identity--1", name: "é€😀" }],
};

Deno.test("bundleSinkEnvelope: pycti's keys, order and raw connector values", () => {
  const text = bundleSinkEnvelope("S3_BUNDLE", JSON.stringify(bundle), {
    connector,
    applicantId: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
  });
  const parsed = JSON.parse(text);
  assert.deepEqual(Object.keys(parsed), [
    "bundle_type",
    "applicant_id",
    "connector",
    "entities_types",
    "bundle",
    "update",
  ]);
  assert.deepEqual(parsed, {
    bundle_type: "S3_BUNDLE",
    applicant_id: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
    connector: {
      id: connector.id,
      name: "My Connector",
      type: "EXTERNAL_IMPORT",
      scope: "report,indicator",
      auto: false,
      validate_before_import: "false",
    },
    entities_types: null,
    bundle,
    update: false,
  });
  assert.deepEqual(Object.keys(parsed.connector), [
    "id",
    "name",
    "type",
    "scope",
    "auto",
    "validate_before_import",
  ]);
});

Deno.test("bundleSinkEnvelope: object bundles, entities_types and update as given", () => {
  const parsed = JSON.parse(
    bundleSinkEnvelope("DIRECTORY_BUNDLE", bundle, {
      connector: { ...connector, scope: ["report"] },
      entitiesTypes: ["Report"],
      update: true,
    }),
  );
  assert.equal(parsed.bundle_type, "DIRECTORY_BUNDLE");
  assert.equal(parsed.applicant_id, null);
  assert.deepEqual(parsed.connector.scope, ["report"]);
  assert.deepEqual(parsed.entities_types, ["Report"]);
  assert.equal(parsed.update, true);
  assert.deepEqual(parsed.bundle, bundle);
});

Deno.test("bundleSinkEnvelope: a string that is not JSON is a SyntaxError", () => {
  assert.throws(
    () => bundleSinkEnvelope("S3_BUNDLE", '{"type": "bundle", ', { connector }),
    { name: "SyntaxError", message: /Cannot export the bundle: it is not valid JSON/ },
  );
});
