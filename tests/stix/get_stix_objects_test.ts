import assert from "node:assert/strict";
import {
  deduplicateObjects,
  getStixEmbeddedObjects,
  getStixEntityObjects,
  getStixRelationshipObjects,
  getStixReportObjects,
  indexStixObjects,
  STIX_EXT_OCTI,
  type StixObject,
} from "../../stix/mod.ts";

const author: StixObject = {
  type: "identity",
  id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
  x_opencti_id: "9b7c1f2e-0000-4000-8000-000000000001",
};
const green: StixObject = {
  type: "marking-definition",
  id: "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da",
};
const indicator: StixObject = {
  type: "indicator",
  id: "indicator--33333333-3333-4333-8333-333333333333",
  created_by_ref: author.x_opencti_id,
  extensions: { [STIX_EXT_OCTI]: { id: "0a7e5c3b-1d2f-4a6b-8c9d-e0f1a2b3c4d5" } },
};
const malware: StixObject = {
  type: "malware",
  id: "malware--22222222-2222-4222-8222-222222222222",
  created_by_ref: author.id,
  object_marking_refs: [green.id, "marking-definition--missing"],
};
const relationship: StixObject = {
  type: "relationship",
  id: "relationship--44444444-4444-4444-8444-444444444444",
  source_ref: "0a7e5c3b-1d2f-4a6b-8c9d-e0f1a2b3c4d5",
  target_ref: malware.id,
  created_by_ref: author.id,
  object_marking_refs: [green.id],
};
const report: StixObject = {
  type: "report",
  id: "report--55555555-5555-4555-8555-555555555555",
  object_refs: [malware.id, relationship.id, "indicator--missing"],
  created_by_ref: author.id,
};
const index = indexStixObjects([author, green, indicator, malware, relationship, report]);

Deno.test("indexStixObjects indexes ids and internal ids, the later object winning", () => {
  assert.equal(index.get(author.x_opencti_id!), author);
  assert.equal(index.get("0a7e5c3b-1d2f-4a6b-8c9d-e0f1a2b3c4d5"), indicator);
  const later = { ...author, name: "later" };
  assert.equal(indexStixObjects([author, later]).get(author.id), later);
});

Deno.test("getStixEmbeddedObjects resolves author and markings through the index", () => {
  assert.deepEqual(getStixEmbeddedObjects(malware, index), {
    object_marking_refs: [green],
    created_by_ref: author,
  });
  assert.deepEqual(getStixEmbeddedObjects(indicator, index), {
    object_marking_refs: [],
    created_by_ref: author,
  });
  assert.deepEqual(getStixEmbeddedObjects(green, index), {
    object_marking_refs: [],
    created_by_ref: null,
  });
});

Deno.test("getStixEntityObjects and getStixRelationshipObjects list what an object needs", () => {
  assert.deepEqual(getStixEntityObjects(malware, index), [malware, author, green]);
  assert.deepEqual(getStixRelationshipObjects(relationship, index), [
    relationship,
    indicator,
    malware,
    author,
    green,
  ]);
});

Deno.test("getStixReportObjects lists the report, its objects and theirs, skipping missing", () => {
  const objects = getStixReportObjects(report, index);
  assert.deepEqual(objects, [
    report,
    malware,
    relationship,
    report,
    author,
    malware,
    author,
    green,
    relationship,
    indicator,
    malware,
    author,
    green,
  ]);
  assert.deepEqual(deduplicateObjects(objects), [
    report,
    malware,
    relationship,
    author,
    green,
    indicator,
  ]);
});
