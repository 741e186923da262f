/**
 * The JSON text of a bundle made of objects that are already JSON text:
 * `{"type":"bundle","id":<id>,"spec_version":"2.1","objects":[<texts joined by ",">]}`, the keys
 * of {@linkcode createBundle} in its order. The object texts are copied as they are, neither
 * parsed nor checked, so a writer that keeps objects serialised holds one copy of them, never a
 * parsed one; callers pass one JSON object per text (the bundle is only as valid as they are).
 *
 * @example
 * ```ts
 * import { serializeBundle } from "@octi/connector/stix";
 * const text = serializeBundle("bundle--00000000-0000-4000-8000-000000000001", [
 *   '{"type":"identity","id":"identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa"}',
 *   '{"type":"indicator","id":"indicator--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb"}',
 * ]);
 * const bundle = JSON.parse(text);
 * if (bundle.spec_version !== "2.1" || bundle.objects.length !== 2) throw new Error(text);
 * ```
 */
export function serializeBundle(id: string, objectTexts: readonly string[]): string {
  return `{"type":"bundle","id":${JSON.stringify(id)},"spec_version":"2.1","objects":[${
    objectTexts.join(",")
  }]}`;
}
