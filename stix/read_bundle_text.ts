import { parseBundle } from "./_parse_bundle.ts";
import type { StixBundle } from "./types.ts";

/**
 * A bundle checked as a whole: its JSON text and how many objects it holds. Result of
 * {@linkcode readBundleText}.
 *
 * @example
 * ```ts
 * import { type BundleText, readBundleText } from "@octi/connector/stix";
 * const read: BundleText = readBundleText({ type: "bundle", objects: [] });
 * if (read.objects !== 0) throw new Error();
 * ```
 */
export interface BundleText {
  /** The bundle as JSON text (the given text itself, or the object serialised). */
  text: string;
  /** Length of its `objects` list. */
  objects: number;
}

/**
 * Checks that `bundle` is a JSON object with an `objects` list, with the same errors and texts
 * as {@linkcode splitBundle}, and returns its text. For callers that must refuse a malformed
 * bundle before handing it on whole (a sink, a single unsplit message).
 *
 * @throws {StixBundleError} when the text is not JSON or has no `objects` list.
 *
 * @example
 * ```ts
 * import { readBundleText, StixBundleError } from "@octi/connector/stix";
 * const { text, objects } = readBundleText('{"type": "bundle", "objects": [{"id": "x--1"}]}');
 * if (objects !== 1 || !text.startsWith("{")) throw new Error();
 * try {
 *   readBundleText('{"type": "bundle"}');
 *   throw new Error("accepted");
 * } catch (error) {
 *   if (!(error instanceof StixBundleError)) throw error;
 * }
 * ```
 */
export function readBundleText(bundle: string | StixBundle): BundleText {
  const { text, objects } = parseBundle(bundle);
  return { text, objects: objects.length };
}
