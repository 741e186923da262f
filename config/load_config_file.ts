import { parseDocument } from "yaml";
import { pyyamlTags } from "./_pyyaml_tags.ts";

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split("\n");
  return { line: lines.length, column: (lines.at(-1)?.length ?? 0) + 1 };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  return `a ${typeof value}`;
}

/**
 * Reads a connector's config.yml as pycti does (PyYAML, YAML 1.1: `yes`/`on` are booleans,
 * `1:30` is a number). A missing file is not an error and gives `{}`; an empty file too.
 * A malformed file, or one whose top level is not a mapping, throws a `SyntaxError` naming the
 * file, line and column (never quoting the file's content, which may hold secrets).
 *
 * @example
 * ```ts
 * import { loadConfigFile } from "@octi/connector/config";
 * const dir = await Deno.makeTempDir();
 * try {
 *   await Deno.writeTextFile(`${dir}/config.yml`, "connector:\n  type: EXTERNAL_IMPORT\n");
 *   const config = await loadConfigFile(`${dir}/config.yml`);
 *   if ((config.connector as { type: string }).type !== "EXTERNAL_IMPORT") throw new Error();
 *   const none = await loadConfigFile(`${dir}/missing.yml`);
 *   if (Object.keys(none).length !== 0) throw new Error();
 * } finally {
 *   await Deno.remove(dir, { recursive: true });
 * }
 * ```
 */
export async function loadConfigFile(path: string | URL): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return {};
    throw error;
  }
  const name = path instanceof URL ? path.href : path;
  const doc = parseDocument(text, {
    version: "1.1",
    customTags: pyyamlTags,
    prettyErrors: false,
    uniqueKeys: false,
    logLevel: "error",
  });
  const first = doc.errors[0];
  if (first !== undefined) {
    const { line, column } = lineColumn(text, first.pos[0]);
    const why = first.code === "MULTIPLE_DOCS"
      ? "the file holds more than one YAML document"
      : first.message;
    throw new SyntaxError(
      `Cannot parse config file "${name}" at line ${line}, column ${column}: ${why}`,
      { cause: first },
    );
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new SyntaxError(
      `Cannot parse config file "${name}": ${error instanceof Error ? error.message : error}`,
      { cause: error },
    );
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value) || value instanceof Date) {
    const { line, column } = lineColumn(text, doc.contents?.range?.[0] ?? 0);
    throw new SyntaxError(
      `Cannot use config file "${name}" at line ${line}, column ${column}: the top level must be a mapping of sections, got ${
        describe(value)
      }`,
    );
  }
  return value as Record<string, unknown>;
}
