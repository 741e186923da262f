/** `{value}` of `object.extensions[extension][key]` when that key is present, else undefined. */
export function extensionEntry(
  object: Record<string, unknown>,
  extension: string,
  key: string,
): { value: unknown } | undefined {
  const extensions = object.extensions;
  if (typeof extensions !== "object" || extensions === null) return undefined;
  const entry = (extensions as Record<string, unknown>)[extension];
  if (typeof entry !== "object" || entry === null || !Object.hasOwn(entry, key)) return undefined;
  return { value: (entry as Record<string, unknown>)[key] };
}
