/** Where in a bundle a {@linkcode StixBundleError} was found. */
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
  /** Position of the offending object in the bundle's `objects`, if the error is about one. */
  readonly index: number | undefined;
  /** `id` of the offending object, if it has a string one. */
  readonly objectId: string | undefined;

  /** Builds the error; `options` says which object is at fault. */
  constructor(message: string, options: StixBundleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "StixBundleError";
    this.index = options.index;
    this.objectId = options.objectId;
  }
}
