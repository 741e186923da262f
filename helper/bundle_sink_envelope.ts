/** `bundle_type` of a sink envelope: pycti's directory or S3 export. */
export type BundleSinkType = "DIRECTORY_BUNDLE" | "S3_BUNDLE";

/**
 * The connector description copied into every sink envelope (pycti's `connector` object).
 * Values are the configured ones, unconverted: `scope` is `CONNECTOR_SCOPE` as configured (not
 * split), `auto` and `validateBeforeImport` may still be strings when the config left them so.
 */
export interface BundleSinkConnector {
  /** `CONNECTOR_ID`. */
  id: string | null;
  /** `CONNECTOR_NAME`; also the start of the bundle file name. */
  name: string;
  /** `CONNECTOR_TYPE`. */
  type: string | null;
  /** `CONNECTOR_SCOPE`, raw. */
  scope: string | readonly string[] | null;
  /** `CONNECTOR_AUTO`. */
  auto: boolean | string | null;
  /** `CONNECTOR_VALIDATE_BEFORE_IMPORT`. */
  validateBeforeImport: boolean | string | null;
}

/** What goes around the bundle in a sink envelope, besides its type. */
export interface BundleSinkEnvelopeOptions {
  /** The connector the bundle comes from. */
  connector: BundleSinkConnector;
  /** The helper's `applicant_id` (the connector user id from registration). Default `null`. */
  applicantId?: string | null | undefined;
  /** `send_stix2_bundle`'s `entities_types`, as given (pycti writes `null` when unset). */
  entitiesTypes?: readonly string[] | null | undefined;
  /** `send_stix2_bundle`'s `update`. Default `false`. */
  update?: boolean | undefined;
}

/**
 * Serialises the envelope pycti writes to a directory or S3 around a whole bundle:
 * `{"bundle_type", "applicant_id", "connector": {"id", "name", "type", "scope", "auto",
 * "validate_before_import"}, "entities_types", "bundle", "update"}` in that order.
 *
 * A string bundle must be JSON (it is checked, then embedded as given, not re-serialised).
 *
 * @example
 * ```ts
 * import { bundleSinkEnvelope } from "@octi/connector/helper";
 * const text = bundleSinkEnvelope("DIRECTORY_BUNDLE", '{"type":"bundle","objects":[]}', {
 *   connector: {
 *     id: "b8a7", name: "My Connector", type: "EXTERNAL_IMPORT", scope: "report",
 *     auto: false, validateBeforeImport: false,
 *   },
 * });
 * const parsed = JSON.parse(text);
 * if (parsed.bundle_type !== "DIRECTORY_BUNDLE" || parsed.entities_types !== null) {
 *   throw new Error(text);
 * }
 * ```
 */
export function bundleSinkEnvelope(
  type: BundleSinkType,
  bundle: string | Readonly<Record<string, unknown>>,
  options: BundleSinkEnvelopeOptions,
): string {
  let bundleText: string;
  if (typeof bundle === "string") {
    try {
      JSON.parse(bundle);
    } catch (error) {
      throw new SyntaxError(
        `Cannot export the bundle: it is not valid JSON (${(error as Error).message})`,
        { cause: error },
      );
    }
    bundleText = bundle;
  } else {
    bundleText = JSON.stringify(bundle);
  }
  const { connector } = options;
  const head = JSON.stringify({
    bundle_type: type,
    applicant_id: options.applicantId ?? null,
    connector: {
      id: connector.id,
      name: connector.name,
      type: connector.type,
      scope: connector.scope,
      auto: connector.auto,
      validate_before_import: connector.validateBeforeImport,
    },
    entities_types: options.entitiesTypes ?? null,
  });
  // Splice the bundle text in rather than parse-and-restringify a possibly large bundle.
  return `${head.slice(0, -1)},"bundle":${bundleText},"update":${options.update ?? false}}`;
}
