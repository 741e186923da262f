// Internal-enrichment connector: receives enrichment jobs for Domain-Name observables,
// resolves them with DNS over HTTPS (RFC 8484's JSON API, as served by Cloudflare and Google),
// and sends back the addresses as IPv4-Addr/IPv6-Addr observables linked by `resolves-to`
// relationships, with the domain's markings. Entities marked above DNS_RESOLVER_MAX_TLP are
// refused: nothing about them leaves for the resolver.
//
//   deno run --allow-net --allow-env --allow-read examples/internal-enrichment/main.ts
//
// Settings: the connector's (OPENCTI_URL, CONNECTOR_ID, CONNECTOR_SCOPE, …) plus
// DNS_RESOLVER_URL and DNS_RESOLVER_MAX_TLP; see config.yml.sample.
import { getConfigVariable, loadConfigFile } from "@octi/connector/config";
import {
  type EnvSource,
  OpenCTIConnectorHelper,
  type OpenCTIConnectorHelperOptions,
} from "@octi/connector/helper";
import { generateStixId, type StixObject } from "@octi/connector/stix";

/** The example's own settings. */
export interface ResolverSettings {
  /** `DNS_RESOLVER_URL` / `dns_resolver.url`, default `https://cloudflare-dns.com/dns-query`. */
  url: string;
  /** `DNS_RESOLVER_MAX_TLP` / `dns_resolver.max_tlp`, default `TLP:AMBER`. */
  maxTlp: string;
}

/** Reads the resolver settings as pycti's `get_config_variable` would. */
export function readResolverSettings(
  config: Readonly<Record<string, unknown>>,
  env: EnvSource = Deno.env,
): ResolverSettings {
  const read = (name: string, key: string, fallback: string) =>
    String(getConfigVariable(name, ["dns_resolver", key], { config, env, default: fallback }));
  const maxTlp = read("DNS_RESOLVER_MAX_TLP", "max_tlp", "TLP:AMBER");
  OpenCTIConnectorHelper.checkMaxTlp("TLP:CLEAR", maxTlp); // refuse an unknown TLP at once
  return { url: read("DNS_RESOLVER_URL", "url", "https://cloudflare-dns.com/dns-query"), maxTlp };
}

/** A/AAAA records of `domain` from a DNS-over-HTTPS resolver (JSON API). */
export async function resolveDomain(resolverUrl: string, domain: string): Promise<string[]> {
  const addresses: string[] = [];
  for (const type of ["A", "AAAA"]) {
    const url = new URL(resolverUrl);
    url.searchParams.set("name", domain);
    url.searchParams.set("type", type);
    const response = await fetch(url, { headers: { accept: "application/dns-json" } });
    if (!response.ok) {
      await response.body?.cancel();
      throw new Error(`The resolver answered HTTP ${response.status} for ${domain} ${type}`);
    }
    const answer = await response.json() as {
      Status?: number;
      Answer?: { type: number; data: string }[];
    };
    // Status 3 (NXDOMAIN) is an answer too: no address.
    if (answer.Status !== 0 && answer.Status !== 3) {
      throw new Error(`The resolver failed for ${domain} ${type}: DNS status ${answer.Status}`);
    }
    const wanted = type === "A" ? 1 : 28;
    for (const record of answer.Answer ?? []) {
      if (record.type === wanted) addresses.push(record.data);
    }
  }
  return addresses;
}

/** The entity's TLP as pycti connectors read it: its `objectMarking` of type TLP. */
export function entityTlp(entity: Record<string, unknown>): string {
  const markings = Array.isArray(entity.objectMarking) ? entity.objectMarking : [];
  for (const marking of markings as Record<string, unknown>[]) {
    if (marking.definition_type === "TLP") return String(marking.definition);
  }
  return "TLP:CLEAR";
}

/** The observables and relationships that say `domain` resolves to `addresses`. */
export function resolutionObjects(domain: StixObject, addresses: readonly string[]): StixObject[] {
  const markings = domain.object_marking_refs ?? [];
  const objects: StixObject[] = [domain];
  for (const value of addresses) {
    const type = value.includes(":") ? "ipv6-addr" : "ipv4-addr";
    const address: StixObject = {
      type,
      spec_version: "2.1",
      id: generateStixId({ type, value }),
      value,
      object_marking_refs: markings,
    };
    const relationship = {
      relationship_type: "resolves-to",
      source_ref: domain.id,
      target_ref: address.id,
    };
    objects.push(address, {
      type: "relationship",
      spec_version: "2.1",
      id: generateStixId({ type: "relationship", ...relationship }),
      ...relationship,
      object_marking_refs: markings,
    });
  }
  return objects;
}

/** A running enrichment connector. */
export interface DnsEnrichment extends AsyncDisposable {
  /** The connector helper. */
  readonly helper: OpenCTIConnectorHelper;
  /** Settles when the connector stopped listening. */
  readonly listening: Promise<void>;
  /** Stops after the running job (stays registered). */
  close(): Promise<void>;
}

/**
 * Registers the connector and listens for enrichment jobs (from its RabbitMQ queue, or as
 * HTTP callbacks with `CONNECTOR_LISTEN_PROTOCOL=API`) until closed or SIGINT/SIGTERM.
 */
export async function startDnsEnrichment(
  config: Readonly<Record<string, unknown>> = {},
  options: OpenCTIConnectorHelperOptions = {},
): Promise<DnsEnrichment> {
  const resolver = readResolverSettings(config, options.env);
  const helper = await OpenCTIConnectorHelper.create(config, options);
  const listening = helper.listen(async (event) => {
    const entity = event.enrichment_entity as Record<string, unknown>;
    const stixEntity = event.stix_entity as StixObject;
    const tlp = entityTlp(entity);
    if (!helper.checkMaxTlp(tlp, resolver.maxTlp)) {
      throw new Error(
        `Do not send any data, TLP of the observable is greater than MAX TLP (${tlp} > ${resolver.maxTlp})`,
      );
    }
    if (stixEntity.type !== "domain-name" || typeof stixEntity.value !== "string") {
      return `Nothing to do for a ${stixEntity.type}`;
    }
    const addresses = await resolveDomain(resolver.url, stixEntity.value);
    if (addresses.length === 0) return `${stixEntity.value} does not resolve`;
    const objects = resolutionObjects(stixEntity, addresses);
    await helper.sendStix2Bundle(helper.stix2CreateBundle(objects));
    return `${stixEntity.value} resolves to ${addresses.join(", ")}`;
  });
  const close = async () => {
    await helper.close();
    await listening;
  };
  return { helper, listening, close, [Symbol.asyncDispose]: close };
}

if (import.meta.main) {
  // config.yml next to this file, as pycti connectors read it (none: environment only).
  const enrichment = await startDnsEnrichment(
    await loadConfigFile(new URL("./config.yml", import.meta.url)),
  );
  await enrichment.listening;
}
