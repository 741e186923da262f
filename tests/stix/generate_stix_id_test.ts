import assert from "node:assert/strict";
import { generateStixId, type StixIdInput } from "../../stix/mod.ts";

const UUID5_ID =
  /^[a-z][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const CREATED = "2022-11-25T19:00:05.000Z";

/**
 * pycti's own known answers: `test_ids_generation` in client-python's
 * tests/01-unit/stix/test_bundle_ids_rewrite.py (OpenCTI-Platform/client-python, and the copy
 * under client-python/ in OpenCTI-Platform/opencti). Its comment says the ids must stay equal
 * to the platform's (opencti-graphql tests/01-unit/domain/identifier-test.js). The two
 * `x_mitre_id` rows are from the earlier releases of that file: the newest one also
 * lower-cases `x_mitre_id` in its bundle-id rewriting (see the module documentation).
 */
const PYCTI_VECTORS: [StixIdInput, string][] = [
  [
    { type: "attack-pattern", name: "attack" },
    "attack-pattern--25f21617-8de8-5d5e-8cd4-b7e88547ba76",
  ],
  [
    {
      type: "attack-pattern",
      name: "Spear phishing messages with malicious links",
      x_mitre_id: "T1368",
    },
    "attack-pattern--a01046cc-192f-5d52-8e75-6e447fae3890",
  ],
  [
    { type: "attack-pattern", name: "attack", x_mitre_id: "MITREID" },
    "attack-pattern--b74cfee2-7b14-585e-862f-fea45e802da9",
  ],
  [
    { type: "attack-pattern", name: "Evil Pattern!" },
    "attack-pattern--23a5b210-f675-5936-ae14-21327e9798e2",
  ],
  [{ type: "campaign", name: "attack" }, "campaign--25f21617-8de8-5d5e-8cd4-b7e88547ba76"],
  [{ type: "note", content: "My note content!" }, "note--2b4ab5af-2307-58e1-8862-a6a269aae798"],
  [
    { type: "note", content: "My note content!", created: CREATED },
    "note--10861e5c-049e-54f6-9736-81c106e39a0b",
  ],
  [{ type: "opinion", opinion: "Good" }, "opinion--0aef8829-207e-508b-b1f1-9da07f3379cb"],
  [
    { type: "opinion", opinion: "Good", created: CREATED },
    "opinion--941dbd61-c6b1-5290-b63f-19a38983d7f7",
  ],
  [
    { type: "report", name: "Report", published: CREATED },
    "report--761c6602-975f-5e5e-b220-7a2d41f33ce4",
  ],
  [
    { type: "course-of-action", name: "Name", x_mitre_id: "MITREID" },
    "course-of-action--b74cfee2-7b14-585e-862f-fea45e802da9",
  ],
  [
    { type: "course-of-action", name: "Name" },
    "course-of-action--e6e2ee8d-e54d-50cd-b77c-df8c8eea7726",
  ],
  [
    { type: "identity", name: "julien", identity_class: "Individual" },
    "identity--d969b177-497f-598d-8428-b128c8f5f819",
  ],
  [
    { type: "identity", name: "julien", identity_class: "Sector" },
    "identity--14ffa2a4-e16a-522a-937a-784c0ac1fab0",
  ],
  [
    { type: "identity", name: "julien", identity_class: "System" },
    "identity--8af97482-121d-53f7-a533-9c48f06b5a38",
  ],
  [
    { type: "identity", name: "organization", identity_class: "individual" },
    "identity--00f7eb8c-6af2-5ed5-9ede-ede4c623de3b",
  ],
  [
    { type: "infrastructure", name: "infra" },
    "infrastructure--8a20116f-5a41-5508-ae4b-c293ac67c527",
  ],
  [
    { type: "intrusion-set", name: "intrusion" },
    "intrusion-set--30757026-c4bd-574d-ae52-8d8503b4818e",
  ],
  [
    { type: "location", name: "Lyon", x_opencti_location_type: "City" },
    "location--da430873-42c8-57ca-b08b-a797558c6cbd",
  ],
  [
    { type: "location", name: "Position1", x_opencti_location_type: "Position", latitude: 5.12 },
    "location--56b3fc50-5091-5f2e-bd19-7b40ee3881e4",
  ],
  [
    { type: "location", name: "Position2", x_opencti_location_type: "Position", longitude: 5.12 },
    "location--dd2cf94c-1d58-58a1-b21f-0ede4059aaf0",
  ],
  [
    {
      type: "location",
      name: "",
      x_opencti_location_type: "Position",
      latitude: 5.12,
      longitude: 5.12,
    },
    "location--57acef55-747a-55ef-9c49-06ca85f8d749",
  ],
  [
    { type: "location", name: "Position3", x_opencti_location_type: "Position" },
    "location--a4152781-8721-5d44-ae2d-e492665bc35b",
  ],
  [{ type: "malware", name: "malware" }, "malware--92ddf766-b27c-5159-8f46-27002bba2f04"],
  [{ type: "narrative", name: "narrative" }, "narrative--804a7e40-d39c-59b6-9e3f-1ba1bc92b739"],
  [{ type: "threat-actor", name: "CARD04" }, "threat-actor--6d458783-df3b-5398-8e30-282655ad7b94"],
  [
    { type: "threat-actor", name: "CARD04", x_opencti_type: "Threat-Actor-Group" },
    "threat-actor--6d458783-df3b-5398-8e30-282655ad7b94",
  ],
  [
    { type: "threat-actor", name: "CARD04", x_opencti_type: "Threat-Actor-Individual" },
    "threat-actor--af15b6ae-a3dd-54d3-8fa0-3adfe0391d01",
  ],
  [{ type: "tool", name: "my-tool" }, "tool--41cd21d0-f50e-5e3d-83fc-447e0def97b7"],
  [
    { type: "vulnerability", name: "vulnerability" },
    "vulnerability--2c690168-aec3-57f1-8295-adf53f4dc3da",
  ],
  [
    { type: "incident", name: "incident", created: CREATED },
    "incident--0e117c15-0a94-5ad3-b090-0395613f5b29",
  ],
  [
    { type: "case-incident", name: "case", created: CREATED },
    "case-incident--4838a141-bd19-542c-85d9-cce0382645b5",
  ],
  [
    { type: "case-rfi", name: "case", created: CREATED },
    "case-rfi--4838a141-bd19-542c-85d9-cce0382645b5",
  ],
  [
    { type: "case-rft", name: "case", created: CREATED },
    "case-rft--4838a141-bd19-542c-85d9-cce0382645b5",
  ],
  [{ type: "task", name: "case", created: CREATED }, "task--4838a141-bd19-542c-85d9-cce0382645b5"],
  [{ type: "channel", name: "channel" }, "channel--4936cdd5-6b6a-5c92-a756-cae1f09dcd80"],
  [
    { type: "grouping", name: "grouping", context: "context", created: CREATED },
    "grouping--7c3e3534-9c09-568a-9485-377054b4c588",
  ],
  [
    {
      type: "relationship",
      relationship_type: "based-on",
      source_ref: "from_id",
      target_ref: "to_id",
    },
    "relationship--0b11fa67-da01-5d34-9864-67d4d71c3740",
  ],
  [
    {
      type: "relationship",
      relationship_type: "based-on",
      source_ref: "from_id",
      target_ref: "to_id",
      start_time: CREATED,
    },
    "relationship--c5e1e2ce-14d6-535b-911d-267e92119e01",
  ],
  [
    {
      type: "relationship",
      relationship_type: "based-on",
      source_ref: "from_id",
      target_ref: "to_id",
      start_time: CREATED,
      stop_time: "2022-11-26T19:00:05.000Z",
    },
    "relationship--a7778a7d-a743-5193-9912-89f88f9ed0b4",
  ],
  [
    {
      type: "relationship",
      relationship_type: "uses",
      source_ref: "malware--21c45dbe-54ec-5bb7-b8cd-9f27cc518714",
      target_ref: "attack-pattern--fd8179dd-1632-5ec8-8b93-d2ae121e05a4",
      start_time: "2020-02-29T22:30:00.000Z",
      stop_time: "2020-02-29T22:30:00.000Z",
    },
    "relationship--67f5f01f-6b15-5154-ae31-019a75fedcff",
  ],
  [
    { type: "sighting", sighting_of_ref: "from_id", where_sighted_refs: ["to_id"] },
    "sighting--161901df-21bb-527a-b96b-354119279fe2",
  ],
  [
    {
      type: "sighting",
      sighting_of_ref: "from_id",
      where_sighted_refs: ["to_id"],
      first_seen: CREATED,
    },
    "sighting--3c59ceea-8e41-5adb-a257-d070d19e6d2b",
  ],
  [
    {
      type: "sighting",
      sighting_of_ref: "from_id",
      where_sighted_refs: ["to_id"],
      first_seen: CREATED,
      last_seen: "2022-11-26T19:00:05.000Z",
    },
    "sighting--b4d307b6-d22c-5f22-b530-876c298493da",
  ],
];

/**
 * Standard ids the OpenCTI platform itself computed, from its public test suite
 * (OpenCTI-Platform/opencti, opencti-platform/opencti-graphql/tests):
 * - the STIX converter test (`rawDataCompare`) gives, for objects of
 *   tests/data/DATA-TEST-STIX2_v2.json (their properties copied below), the standard id the
 *   platform stored: attack pattern, course of action, identity, incident, indicator,
 *   intrusion set, malware, report;
 * - the located-at rule tests and the country test: France, Western Europe, Europe,
 *   Hietzing, Paris;
 * - the report restore test: the dataset's campaign; the observe-sighting rule test: ANSSI,
 *   The MITRE Corporation and the file of the dataset's observed data;
 * - the history manager test: organisations Filigran and TestOrganization, and reports;
 * - the JSON mapper test: the AlienVault organisation; a PIR fixture: the Energy sector.
 */
const PLATFORM_VECTORS: [StixIdInput, string][] = [
  [
    {
      type: "attack-pattern",
      name: "Spear phishing messages with malicious links",
      x_mitre_id: "T1369",
    },
    "attack-pattern--b5c4784e-6ecc-5347-a231-c9739e077dd8",
  ],
  [
    { type: "course-of-action", name: "Compile After Delivery Mitigation" },
    "course-of-action--2d3af28d-aa36-59ad-ac57-65aa27664752",
  ],
  [
    { type: "identity", name: "Allied Universal", identity_class: "organization" },
    "identity--732421a0-8471-52de-8d9f-18c8b260813c",
  ],
  [
    { type: "incident", name: "A new incident", created: "2020-03-25T14:48:31.601Z" },
    "incident--8658860d-df08-5f41-bf41-106095e48085",
  ],
  [
    {
      type: "indicator",
      pattern:
        "[file:hashes.'SHA-256' = '2a0169c72c84e6d3fa49af701fd46ee7aaf1d1d9e107798d93a6ca8df5d25957']",
    },
    "indicator--4099edd7-1efd-54aa-9736-7bcd7219b78b",
  ],
  [{ type: "intrusion-set", name: "APT41" }, "intrusion-set--d12c5319-f308-5fef-9336-20484af42084"],
  [
    { type: "malware", name: "Paradise Ransomware" },
    "malware--21c45dbe-54ec-5bb7-b8cd-9f27cc518714",
  ],
  [
    {
      type: "report",
      name: "A demo report for testing purposes",
      published: "2020-03-01T14:02:48.111Z",
    },
    "report--f3e554eb-60f5-587c-9191-4f25e9ba9f32",
  ],
  [
    { type: "location", name: "France", x_opencti_location_type: "Country" },
    "location--b8d0549f-de06-5ebd-a6e9-d31a581dba5d",
  ],
  [
    { type: "location", name: "Western Europe", x_opencti_location_type: "Region" },
    "location--a25f43bf-3e2d-55fe-ba09-c63a210f169d",
  ],
  [
    { type: "location", name: "Europe", x_opencti_location_type: "Region" },
    "location--2e9ef300-a1ab-5c9f-9297-dde66b71cae2",
  ],
  [
    { type: "location", name: "Hietzing", x_opencti_location_type: "City" },
    "location--ce920c5b-03ea-576d-ac1d-701d9d7a1bed",
  ],
  [
    { type: "location", name: "Paris", x_opencti_location_type: "City" },
    "location--521ef7f0-6bfa-58f9-adca-f5e1737524d5",
  ],
  [{ type: "campaign", name: "A new campaign" }, "campaign--bce98eb5-25a9-5ba7-b4a0-b160a79d0de7"],
  [
    { type: "identity", name: "ANSSI", identity_class: "organization" },
    "identity--18fe5225-fee1-5627-ad3e-20c14435b024",
  ],
  [
    { type: "identity", name: "The MITRE Corporation", identity_class: "organization" },
    "identity--f11b0831-e7e6-5214-9431-ccf054e53e94",
  ],
  [
    {
      type: "file",
      hashes: {
        MD5: "757a71f0fbd6b3d993be2a213338d1f2",
        "SHA-1": "ebe874c468d4b1b78fa4b3a7b3653b45db0da0e7",
        "SHA-256": "19640e31073a3b929e0ea434652f3d6d560a06bf653f60530141bf4660227e02",
      },
    },
    "file--702e320e-43b6-552a-b7e7-d045bf9c887d",
  ],
  [
    { type: "identity", name: "Filigran", identity_class: "organization" },
    "identity--8cb00c79-ab20-5ed4-b37d-337241b96a29",
  ],
  [
    { type: "identity", name: "TestOrganization", identity_class: "organization" },
    "identity--a16d7ba8-5bea-5fe5-9d92-931e20e36727",
  ],
  [
    { type: "report", name: "test", published: "2024-02-20T15:34:11.000Z" },
    "report--d27398f3-8086-50e7-9c71-088b9bd69605",
  ],
  [
    { type: "report", name: "Report test", published: "2024-11-18T09:43:40.000Z" },
    "report--50ddc6fe-2a84-5c9a-904d-f964a94d1ff7",
  ],
  [
    { type: "identity", name: "AlienVault", identity_class: "organization" },
    "identity--e52b2fa3-2af0-5e53-ad38-17d54b3d61cb",
  ],
  [
    { type: "identity", name: "Energy", identity_class: "class" },
    "identity--166544e2-ba1f-5a6c-89cf-a63d0c01e91c",
  ],
];

/**
 * Observable ids (STIX 2.1, as the stix2 library computes them): `example.com` is the
 * deterministic-id example of the STIX 2.1 specification (Errata 01), quoted by several
 * public test suites; `8.8.8.8` is an expected id in demisto/content's TAXII server tests.
 */
const OBSERVABLE_VECTORS: [StixIdInput, string][] = [
  [
    { type: "domain-name", value: "example.com" },
    "domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7",
  ],
  [{ type: "ipv4-addr", value: "8.8.8.8" }, "ipv4-addr--2f689bf9-0ff2-545f-aa61-e495eb8cecc7"],
];

for (
  const [source, vectors] of [
    ["pycti's tests", PYCTI_VECTORS],
    ["the OpenCTI platform's tests", PLATFORM_VECTORS],
    ["STIX 2.1 observables", OBSERVABLE_VECTORS],
  ] as const
) {
  Deno.test(`generateStixId reproduces the ids of ${source}`, () => {
    for (const [input, id] of vectors) {
      assert.equal(generateStixId(input), id, JSON.stringify(input));
      assert.match(id, UUID5_ID);
    }
  });
}

Deno.test("generateStixId takes a whole STIX object and ignores the other properties", () => {
  // The indicator of DATA-TEST-STIX2_v2.json as it is in the file.
  const indicator = {
    id: "indicator--a2f7504a-ea0d-48ed-a18d-cbf352fae6cf",
    type: "indicator",
    spec_version: "2.1",
    name: "2a0169c72c84e6d3fa49af701fd46ee7aaf1d1d9e107798d93a6ca8df5d25957",
    labels: ["indicator"],
    pattern_type: "stix",
    pattern:
      "[file:hashes.'SHA-256' = '2a0169c72c84e6d3fa49af701fd46ee7aaf1d1d9e107798d93a6ca8df5d25957']",
    valid_from: "2017-09-28T20:25:13.000Z",
    created: "2020-02-25T22:25:17.453Z",
  } as const;
  assert.equal(generateStixId(indicator), "indicator--4099edd7-1efd-54aa-9736-7bcd7219b78b");
  // Key order and extra keys do not matter; null is a missing property.
  const relationship = {
    target_ref: "to_id",
    description: "ignored",
    source_ref: "from_id",
    stop_time: null,
    relationship_type: "based-on",
    type: "relationship",
    start_time: null,
  } as const;
  assert.equal(generateStixId(relationship), "relationship--0b11fa67-da01-5d34-9864-67d4d71c3740");
});

Deno.test("generateStixId normalises names as pycti: lower-cased, stripped as Python strips", () => {
  const id = generateStixId({ type: "malware", name: "emotet" });
  for (const name of ["Emotet", " EMOTET ", "\t\nEmOtEt\r\n", "\x1c\x85emotet\u3000\u2028"]) {
    assert.equal(generateStixId({ type: "malware", name }), id, JSON.stringify(name));
  }
  // Python's strip() keeps U+FEFF (String.prototype.trim would remove it) and inner spaces.
  assert.notEqual(generateStixId({ type: "malware", name: "\ufeffemotet" }), id);
  assert.notEqual(generateStixId({ type: "malware", name: "emo tet" }), id);
  // Non-ASCII names are lower-cased too, and hashed as UTF-8.
  assert.equal(
    generateStixId({ type: "intrusion-set", name: "ÉTÉ Группа" }),
    generateStixId({ type: "intrusion-set", name: "été группа" }),
  );
  // identity_class is lower-cased but not stripped; other values are hashed as given.
  const org = generateStixId({ type: "identity", name: "ACME", identity_class: "organization" });
  assert.equal(
    generateStixId({ type: "identity", name: "acme", identity_class: "ORGANIZATION" }),
    org,
  );
  assert.notEqual(
    generateStixId({ type: "identity", name: "acme", identity_class: " organization" }),
    org,
  );
  assert.notEqual(
    generateStixId({ type: "location", name: "Lyon", x_opencti_location_type: "city" }),
    generateStixId({ type: "location", name: "Lyon", x_opencti_location_type: "City" }),
  );
  assert.notEqual(
    generateStixId({ type: "domain-name", value: "Example.com" }),
    generateStixId({ type: "domain-name", value: "example.com" }),
  );
  // Patterns, note contents, opinions and MITRE ids are stripped, not lower-cased.
  const pattern = "[domain-name:value = 'evil.example']";
  const indicator = generateStixId({ type: "indicator", pattern });
  assert.equal(generateStixId({ type: "indicator", pattern: `  ${pattern}\n` }), indicator);
  assert.notEqual(generateStixId({ type: "indicator", pattern: pattern.toUpperCase() }), indicator);
  assert.equal(
    generateStixId({ type: "note", content: " My note content!\n" }),
    "note--2b4ab5af-2307-58e1-8862-a6a269aae798",
  );
  assert.equal(
    generateStixId({ type: "opinion", opinion: "Good " }),
    "opinion--0aef8829-207e-508b-b1f1-9da07f3379cb",
  );
  assert.equal(
    generateStixId({ type: "attack-pattern", name: "x", x_mitre_id: " MITREID\t" }),
    "attack-pattern--b74cfee2-7b14-585e-862f-fea45e802da9",
  );
});

Deno.test("generateStixId keeps pycti's choices of which properties count", () => {
  const base = {
    type: "relationship",
    relationship_type: "uses",
    source_ref: "a",
    target_ref: "b",
  } as const;
  // An end without a start is ignored (pycti's branches), a start without an end is not.
  assert.equal(generateStixId({ ...base, stop_time: CREATED }), generateStixId(base));
  assert.notEqual(generateStixId({ ...base, start_time: CREATED }), generateStixId(base));
  const sighting = {
    type: "sighting",
    sighting_of_ref: "a",
    where_sighted_refs: ["b", "c"],
  } as const;
  assert.equal(generateStixId({ ...sighting, last_seen: CREATED }), generateStixId(sighting));
  // where_sighted_refs is hashed in order.
  assert.notEqual(
    generateStixId({ ...sighting, where_sighted_refs: ["c", "b"] }),
    generateStixId(sighting),
  );
  // A MITRE id wins over the name; without one, the name is used.
  assert.equal(
    generateStixId({ type: "course-of-action", name: "Other", x_mitre_id: "MITREID" }),
    generateStixId({ type: "course-of-action", name: "Name", x_mitre_id: "MITREID" }),
  );
  assert.equal(
    generateStixId({ type: "attack-pattern", name: "attack", x_mitre_id: null }),
    "attack-pattern--25f21617-8de8-5d5e-8cd4-b7e88547ba76",
  );
  // A position's name only counts without coordinates; other locations ignore coordinates.
  assert.equal(
    generateStixId({
      type: "location",
      name: "A",
      x_opencti_location_type: "Position",
      latitude: 5.12,
    }),
    generateStixId({
      type: "location",
      name: "B",
      x_opencti_location_type: "Position",
      latitude: 5.12,
    }),
  );
  assert.equal(
    generateStixId({
      type: "location",
      name: "Lyon",
      x_opencti_location_type: "City",
      latitude: 1,
    }),
    "location--da430873-42c8-57ca-b08b-a797558c6cbd",
  );
  // Optional creation times change the id of notes, opinions and groupings.
  const grouping = { type: "grouping", name: "grouping", context: "context" } as const;
  assert.notEqual(generateStixId(grouping), generateStixId({ ...grouping, created: CREATED }));
  assert.equal(
    generateStixId({ type: "grouping", name: " GROUPING", context: "Context ", created: CREATED }),
    "grouping--7c3e3534-9c09-568a-9485-377054b4c588",
  );
  // Only the type differs between these, and the type is part of the id only as its prefix.
  assert.equal(
    generateStixId({ type: "campaign", name: "attack" }).slice("campaign".length),
    generateStixId({ type: "attack-pattern", name: "attack" }).slice("attack-pattern".length),
  );
});

Deno.test("generateStixId picks one file hash as the stix2 library does", () => {
  const md5 = "757a71f0fbd6b3d993be2a213338d1f2";
  const sha1 = "ebe874c468d4b1b78fa4b3a7b3653b45db0da0e7";
  const sha256 = "19640e31073a3b929e0ea434652f3d6d560a06bf653f60530141bf4660227e02";
  const byMd5 = generateStixId({ type: "file", hashes: { MD5: md5 } });
  assert.equal(byMd5, "file--702e320e-43b6-552a-b7e7-d045bf9c887d");
  assert.equal(generateStixId({ type: "file", hashes: { "SHA-256": sha256, MD5: md5 } }), byMd5);
  const bySha1 = generateStixId({ type: "file", hashes: { "SHA-1": sha1 } });
  assert.equal(
    generateStixId({ type: "file", hashes: { "SHA-256": sha256, "SHA-1": sha1 } }),
    bySha1,
  );
  // No preferred algorithm: the first one listed.
  assert.equal(
    generateStixId({ type: "file", hashes: { SSDEEP: "3:a:b", TLSH: "T1" } }),
    generateStixId({ type: "file", hashes: { SSDEEP: "3:a:b" } }),
  );
  // Every id-contributing property present counts.
  assert.notEqual(generateStixId({ type: "file", hashes: { MD5: md5 }, name: "a.exe" }), byMd5);
  assert.notEqual(
    generateStixId({ type: "file", name: "a.exe" }),
    generateStixId({ type: "file", name: "a.exe", parent_directory_ref: "directory--x" }),
  );
});

Deno.test("generateStixId is deterministic and normalisation-invariant on generated names", () => {
  // A small seeded generator: the same cases every run. (No ß: it upper-cases to SS.)
  let seed = 0x2545f491;
  const next = (n: number) => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed % n;
  };
  const letters = "abcdefghijklmnopqrstuvwxyzéàüøъж0123456789-_. ";
  const spaces = [" ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u2003", "\u3000", "\x1f"];
  const seen = new Set<string>();
  for (let i = 0; i < 300; i++) {
    let name = "";
    for (let j = 1 + next(12); j > 0; j--) name += letters[next(letters.length)];
    name = name.trim() || "x";
    const padded = spaces[next(spaces.length)] + name.toUpperCase() + spaces[next(spaces.length)];
    for (const type of ["malware", "tool", "vulnerability", "intrusion-set"] as const) {
      const id = generateStixId({ type, name });
      assert.equal(generateStixId({ type, name }), id);
      assert.equal(generateStixId({ type, name: padded }), id, JSON.stringify(padded));
      assert.match(id, UUID5_ID);
      assert.ok(id.startsWith(`${type}--`));
      seen.add(id.slice(type.length));
    }
  }
  // Different names give different ids (no collisions among the distinct names drawn).
  assert.ok(seen.size > 150, `${seen.size} distinct ids`);
});

Deno.test("generateStixId rejects what it cannot identify, naming the problem", () => {
  const bad = (input: unknown) => generateStixId(input as StixIdInput);
  assert.throws(() => bad({ type: "x-custom", name: "a" }), (e: unknown) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /"x-custom"/);
    assert.match(e.message, /malware/);
    return true;
  });
  assert.throws(() => bad({ name: "a" }), RangeError);
  assert.throws(() => bad(null), TypeError);
  assert.throws(() => bad("malware"), TypeError);
  assert.throws(() => bad({ type: "malware" }), /malware: "name" must be a string, got nothing/);
  assert.throws(() => bad({ type: "malware", name: 42 }), /"name" must be a string, got 42/);
  assert.throws(() => bad({ type: "report", name: "r" }), /"published" must be a string/);
  assert.throws(() => bad({ type: "incident", name: "i", created: new Date() }), TypeError);
  assert.throws(() => bad({ type: "note", created: CREATED }), /"content"/);
  assert.throws(
    () => bad({ type: "sighting", sighting_of_ref: "a", where_sighted_refs: "b" }),
    /"where_sighted_refs" must be a list of strings/,
  );
  assert.throws(
    () => bad({ type: "location", name: "p", x_opencti_location_type: "Position", latitude: NaN }),
    /"latitude" must be a finite number/,
  );
  assert.throws(
    () => bad({ type: "threat-actor", name: "t", x_opencti_type: "Threat-Actor" }),
    RangeError,
  );
  assert.throws(
    () => bad({ type: "file" }),
    /needs hashes, name, extensions or parent_directory_ref/,
  );
  assert.throws(() => bad({ type: "file", hashes: {} }), /"hashes" must be a non-empty object/);
  assert.throws(() => bad({ type: "file", hashes: ["MD5"] }), /"hashes" must be an object/);
});
