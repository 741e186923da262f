// The internal-enrichment example: DNS-over-HTTPS resolution against a local fake resolver,
// and enrichment jobs from its RabbitMQ listen queue (max TLP respected) via the emulator.
import assert from "node:assert/strict";
import type { EnrichmentEntitySource } from "../../helper/mod.ts";
import { startOpenCTIEmulator } from "../../testing/mod.ts";
import {
  entityTlp,
  readResolverSettings,
  resolveDomain,
  startDnsEnrichment,
} from "../../examples/internal-enrichment/main.ts";
import { AMQP_URL, noRabbit } from "../_util.ts";
import { connectorEnv } from "./_fixtures.ts";

const DOMAIN = {
  type: "domain-name",
  spec_version: "2.1",
  id: "domain-name--3c5ed3a8-2bfb-5a8e-8a4f-1a0c0e7b4c11",
  value: "cdn-sync.example",
  object_marking_refs: ["marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"],
};
const SECRET = {
  ...DOMAIN,
  id: "domain-name--9d0b6c7e-8c53-5f7a-9a51-6b1f0e2d3c44",
  value: "red.example",
};

/** A DNS-over-HTTPS JSON resolver knowing one domain; NXDOMAIN for the rest. */
function fakeResolver(): Deno.HttpServer<Deno.NetAddr> & { queries: string[] } {
  const queries: string[] = [];
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
    const url = new URL(req.url);
    const name = url.searchParams.get("name");
    const type = url.searchParams.get("type")!;
    queries.push(`${name} ${type}`);
    if (req.headers.get("accept") !== "application/dns-json") {
      return new Response(null, { status: 415 });
    }
    if (name === "broken.example") return new Response("oops", { status: 502 });
    if (name !== DOMAIN.value) return Response.json({ Status: 3 });
    const answers = type === "A"
      ? [{ name, type: 5, TTL: 60, data: "edge.cdn.example." }, {
        name,
        type: 1,
        TTL: 60,
        data: "192.0.2.7",
      }]
      : [{ name, type: 28, TTL: 60, data: "2001:db8::7" }];
    return Response.json({ Status: 0, Answer: answers });
  });
  return Object.assign(server, { queries });
}

Deno.test("internal-enrichment resolver: A and AAAA records, NXDOMAIN, errors; TLP of an entity", async () => {
  await using resolver = fakeResolver();
  const url = `http://127.0.0.1:${resolver.addr.port}/dns-query`;
  assert.deepEqual(await resolveDomain(url, DOMAIN.value), ["192.0.2.7", "2001:db8::7"]);
  assert.deepEqual(await resolveDomain(url, "unknown.example"), []);
  await assert.rejects(resolveDomain(url, "broken.example"), /HTTP 502 for broken.example A/);
  assert.equal(
    entityTlp({ objectMarking: [{ definition_type: "PAP", definition: "PAP:RED" }] }),
    "TLP:CLEAR",
  );
  assert.equal(
    entityTlp({ objectMarking: [{ definition_type: "TLP", definition: "TLP:RED" }] }),
    "TLP:RED",
  );
  assert.throws(
    () => readResolverSettings({ dns_resolver: { max_tlp: "TLP:BLACK" } }, new Map()),
    RangeError,
  );
});

Deno.test({
  name: "internal-enrichment over RabbitMQ: a domain resolved and sent back, a TLP:RED one refused",
  ignore: noRabbit,
  async fn() {
    await using emulator = await startOpenCTIEmulator({ amqpUrl: AMQP_URL });
    await using resolver = fakeResolver();
    const entities = new Map([[DOMAIN, "TLP:GREEN"], [SECRET, "TLP:RED"]].map(([stix, tlp]) => {
      const { id, value } = stix as typeof DOMAIN;
      return [id, {
        id: crypto.randomUUID(),
        standard_id: id,
        entity_type: "Domain-Name",
        value,
        objectMarking: [{ definition_type: "TLP", definition: tlp }],
      }];
    }));
    const enrichment: EnrichmentEntitySource = {
      readEntity: (id) => Promise.resolve(entities.get(id) ?? null),
      exportEntity: () => Promise.reject(new Error("not expected: the jobs carry STIX objects")),
    };
    const env = connectorEnv(emulator, {
      CONNECTOR_NAME: "DNS Resolver",
      CONNECTOR_TYPE: "INTERNAL_ENRICHMENT",
      CONNECTOR_SCOPE: "Domain-Name",
      DNS_RESOLVER_URL: `http://127.0.0.1:${resolver.addr.port}/dns-query`,
    });
    await using connector = await startDnsEnrichment({}, {
      env,
      enrichment,
      logWriter: () => {},
      handleSignals: false,
    });

    const job = await emulator.sendJob(connector.helper.connectorId, {
      type: "enrichment",
      entityId: DOMAIN.id,
      stixEntity: DOMAIN,
      stixObjects: [DOMAIN],
    });
    assert.equal(job.delivery, "amqp");
    const work = emulator.state.works.get(job.workId!)!;
    await emulator.waitFor(() => work.status === "complete", { timeoutMs: 15_000 });
    assert.equal(
      work.messages.at(-1)?.message,
      "cdn-sync.example resolves to 192.0.2.7, 2001:db8::7",
    );
    const objects = emulator.state.pushedBundles.filter((b) => b.workId === job.workId)
      .flatMap((b) => b.bundle.objects as Record<string, unknown>[]);
    const addresses = objects.filter((o) => o.type === "ipv4-addr" || o.type === "ipv6-addr");
    assert.deepEqual(addresses.map((o) => o.value).sort(), ["192.0.2.7", "2001:db8::7"]);
    assert.ok(
      addresses.every((o) => String(o.object_marking_refs) === DOMAIN.object_marking_refs[0]),
    );
    const relationships = objects.filter((o) => o.type === "relationship");
    assert.deepEqual(
      relationships.map((r) => [r.relationship_type, r.source_ref]),
      [["resolves-to", DOMAIN.id], ["resolves-to", DOMAIN.id]],
    );

    const refused = await emulator.sendJob(connector.helper.connectorId, {
      type: "enrichment",
      entityId: SECRET.id,
      stixEntity: SECRET,
      stixObjects: [SECRET],
    });
    const refusedWork = emulator.state.works.get(refused.workId!)!;
    await emulator.waitFor(() => refusedWork.errors.length > 0, { timeoutMs: 15_000 });
    assert.match(
      refusedWork.errors[0]!.message ?? "",
      /TLP of the observable is greater than MAX TLP/,
    );
    assert.ok(
      !resolver.queries.some((q) => q.startsWith("red.example")),
      "nothing sent to the resolver",
    );
    assert.equal(emulator.state.pushedBundles.filter((b) => b.workId === refused.workId).length, 0);
  },
});
