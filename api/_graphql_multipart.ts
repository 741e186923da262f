// GraphQL multipart request spec (https://github.com/jaydenseric/graphql-multipart-request-spec):
// each Blob found in the variables becomes a form part "0", "1", …; the variables keep null
// in its place and `map` says where each part goes.

interface FoundFile {
  path: string;
  file: Blob;
}

function hasFile(value: unknown): boolean {
  if (value instanceof Blob) return true;
  if (Array.isArray(value)) return value.some(hasFile);
  if (value !== null && typeof value === "object") return Object.values(value).some(hasFile);
  return false;
}

function replaceFiles(value: unknown, path: string, found: FoundFile[]): unknown {
  if (value instanceof Blob) {
    found.push({ path, file: value });
    return null;
  }
  if (Array.isArray(value)) return value.map((v, i) => replaceFiles(v, `${path}.${i}`, found));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, replaceFiles(v, `${path}.${k}`, found)]),
    );
  }
  return value;
}

/** The multipart body for `variables` holding Blobs, or null when they hold none. */
export function multipartBody(
  query: string,
  variables: Record<string, unknown>,
): FormData | null {
  if (!hasFile(variables)) return null;
  const found: FoundFile[] = [];
  const replaced = replaceFiles(variables, "variables", found);
  const form = new FormData();
  form.append("operations", JSON.stringify({ query, variables: replaced }));
  form.append(
    "map",
    JSON.stringify(Object.fromEntries(found.map((f, i) => [String(i), [f.path]]))),
  );
  found.forEach((f, i) => {
    if (f.file instanceof File) form.append(String(i), f.file, f.file.name);
    else form.append(String(i), f.file);
  });
  return form;
}
