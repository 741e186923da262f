import { StixBundleError } from "./stix_bundle_error.ts";
import type { StixBundle } from "./types.ts";

/** A bundle read once: its JSON text, the parsed record and its `objects` list. */
export interface ParsedBundle {
  text: string;
  data: Record<string, unknown>;
  objects: Record<string, unknown>[];
}

/**
 * Parses bundle text (or a private JSON copy of a bundle object) and checks the envelope,
 * with pycti's error texts; every reader of a whole bundle goes through here.
 */
export function parseBundle(bundle: string | StixBundle): ParsedBundle {
  let text: string | undefined;
  if (typeof bundle === "string") {
    text = bundle;
  } else {
    // A private copy with exactly the JSON semantics of text input; the caller's object is
    // never modified.
    try {
      text = JSON.stringify(bundle);
    } catch (cause) {
      throw new StixBundleError(`File data is not a valid JSON: ${(cause as Error).message}`, {
        cause,
      });
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text as string);
  } catch (cause) {
    throw new StixBundleError(`File data is not a valid JSON: ${(cause as Error).message}`, {
      cause,
    });
  }
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    const got = Array.isArray(data) ? "an array" : JSON.stringify(data)?.slice(0, 40);
    throw new StixBundleError(`File data is not a valid bundle: expected an object, got ${got}`);
  }
  const record = data as Record<string, unknown>;
  if (!Object.hasOwn(record, "objects")) {
    throw new StixBundleError('File data is not a valid bundle: it has no "objects" key');
  }
  const objects = record.objects;
  if (!Array.isArray(objects)) {
    throw new StixBundleError(
      `File data is not a valid bundle: "objects" is ${
        JSON.stringify(objects)?.slice(0, 40)
      }, expected a list`,
    );
  }
  return { text: text as string, data: record, objects };
}
