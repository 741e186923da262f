/**
 * Where in a bundle a {@linkcode StixBundleError} was found.
 *
 * @example
 * ```ts
 * import { StixBundleError, type StixBundleErrorOptions } from "@octi/connector/stix";
 * const where: StixBundleErrorOptions = { index: 3, objectId: "report--55555555-5555-4555-8555-555555555555" };
 * const error = new StixBundleError("Invalid bundle: object_refs is not a list", where);
 * if (error.index !== 3) throw new Error();
 * ```
 */
export interface StixBundleErrorOptions {
  /** Position of the offending object in the bundle's `objects`. */
  index?: number | undefined;
  /** `id` of the offending object, when it has a string one. */
  objectId?: string | undefined;
  /** Underlying error (e.g. the JSON parser's). */
  cause?: unknown;
}

/**
 * A bundle that cannot be processed: text that is not JSON, no `objects` list, an object
 * without a string `id` or `type`, a reference list that is not a list of strings, ...
 * The message starts with pycti's text where pycti has one (`"File data is not a valid
 * JSON"`, `"File data is not a valid bundle"`) and names the offending object.
 *
 * @example
 * ```ts
 * import { splitBundle, StixBundleError } from "@octi/connector/stix";
 * try {
 *   splitBundle('{"type": "bundle", "objects": [{"type": "malware"}]}');
 *   throw new Error("unreachable");
 * } catch (e) {
 *   if (!(e instanceof StixBundleError) || e.index !== 0) throw e;
 * }
 * ```
 */
export class StixBundleError extends Error {
  /** Always `"StixBundleError"`. */
  override readonly name: string = "StixBundleError";
  /** Position of the offending object in the bundle's `objects`, if the error is about one. */
  readonly index: number | undefined;
  /** `id` of the offending object, if it has a string one. */
  readonly objectId: string | undefined;

  /** Builds the error; `options` says which object is at fault. */
  constructor(message: string, options: StixBundleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.index = options.index;
    this.objectId = options.objectId;
  }
}
