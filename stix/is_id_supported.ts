/**
 * The object types pycti's splitter accepts (its `supported_types`, 93 names): STIX meta and
 * core objects OpenCTI knows, its internal objects, the observable types, `relationship`,
 * `sighting` and `pir`. Anything else (custom `x-...` types, `threat-actor-group`,
 * `x-mitre-tactic`, `extension-definition`, `language-content`, ...) is not supported.
 *
 * @example
 * ```ts
 * import { SUPPORTED_STIX_TYPES } from "@octi/connector/stix";
 * if (!SUPPORTED_STIX_TYPES.has("indicator") || SUPPORTED_STIX_TYPES.has("x-mitre-tactic")) {
 *   throw new Error();
 * }
 * ```
 */
export const SUPPORTED_STIX_TYPES: ReadonlySet<string> = new Set([
  // STIX meta objects
  "label",
  "vocabulary",
  "kill-chain-phase",
  // STIX core objects
  "attack-pattern",
  "campaign",
  "case-incident",
  "x-opencti-case-incident",
  "case-rfi",
  "x-opencti-case-rfi",
  "case-rft",
  "x-opencti-case-rft",
  "channel",
  "course-of-action",
  "data-component",
  "x-mitre-data-component",
  "data-source",
  "x-mitre-data-source",
  "event",
  "external-reference",
  "feedback",
  "x-opencti-feedback",
  "grouping",
  "identity",
  "incident",
  "indicator",
  "infrastructure",
  "intrusion-set",
  "language",
  "location",
  "malware",
  "malware-analysis",
  "marking-definition",
  "narrative",
  "note",
  "observed-data",
  "opinion",
  "report",
  "task",
  "x-opencti-task",
  "threat-actor",
  "tool",
  "vulnerability",
  "security-coverage",
  // OpenCTI internal objects
  "user",
  "group",
  "capability",
  "role",
  "settings",
  "notification",
  "work",
  "trash",
  "draftworkspace",
  "playbook",
  "deleteoperation",
  "workspace",
  "publicdashboard",
  // Observables
  "autonomous-system",
  "directory",
  "domain-name",
  "email-addr",
  "email-message",
  "email-mime-part-type",
  "artifact",
  "file",
  "x509-certificate",
  "ipv4-addr",
  "ipv6-addr",
  "mac-addr",
  "mutex",
  "network-traffic",
  "process",
  "software",
  "url",
  "user-account",
  "windows-registry-key",
  "windows-registry-value-type",
  "hostname",
  "cryptographic-key",
  "cryptocurrency-wallet",
  "text",
  "user-agent",
  "bank-account",
  "phone-number",
  "credential",
  "tracking-number",
  "payment-card",
  "media-content",
  "simple-observable",
  "persona",
  "ssh-key",
  // Relationships
  "relationship",
  "sighting",
  "pir",
]);

/**
 * Whether the splitter supports the object an id points to: for a STIX id (containing
 * `--`), whether the part before the first `--` is in {@linkcode SUPPORTED_STIX_TYPES}
 * (case-sensitive); any other string (an OpenCTI internal id) is always supported.
 *
 * @example
 * ```ts
 * import { isIdSupported } from "@octi/connector/stix";
 * if (!isIdSupported("malware--22222222-2222-4222-8222-222222222222")) throw new Error();
 * if (isIdSupported("x-acme-widget--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb")) throw new Error();
 * if (!isIdSupported("9b7c1f2e-0000-4000-8000-000000000001")) throw new Error();
 * ```
 */
export function isIdSupported(id: string): boolean {
  const cut = id.indexOf("--");
  return cut < 0 || SUPPORTED_STIX_TYPES.has(id.slice(0, cut));
}
