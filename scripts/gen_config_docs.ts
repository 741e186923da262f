// Generates the README's configuration reference from config/'s `connectorSettingsTable`, the
// single table the settings are resolved from, so the documentation cannot drift from the code:
//
//   deno run --allow-read --allow-write --allow-run scripts/gen_config_docs.ts          # rewrite
//   deno run --allow-read scripts/gen_config_docs.ts --check   # exit 1 when out of date
//
// The table goes between the two marker comments below; the README is then formatted with
// `deno fmt`, which aligns the table (the check ignores that alignment).
import { type ConnectorSettingDefinition, connectorSettingsTable } from "@octi/connector/config";

/** Opening marker of the generated section in README.md. */
export const CONFIG_REFERENCE_START =
  "<!-- config-reference:start (scripts/gen_config_docs.ts) -->";
/** Closing marker of the generated section in README.md. */
export const CONFIG_REFERENCE_END = "<!-- config-reference:end -->";

function cell(text: string): string {
  return text.replaceAll("|", "\\|").replaceAll("\n", " ");
}

function defaultOf(setting: ConnectorSettingDefinition): string {
  if (setting.required) return "**required**";
  if (setting.defaultFrom) return setting.defaultFrom;
  if (setting.default === null) return "none";
  if (setting.default === "") return '`""`';
  return `\`${setting.default}\``;
}

function descriptionOf(setting: ConnectorSettingDefinition): string {
  const parts = [setting.description];
  if (setting.type === "enum" && setting.values) {
    parts.push(`One of ${setting.values.map((v) => `\`${v}\``).join(", ")}.`);
  }
  if (setting.secret) parts.push("Secret: never logged.");
  if (setting.deprecated) parts.push(`Deprecated: use \`${setting.deprecated}\`.`);
  return parts.join(" ");
}

/** The generated section: a Markdown table of every setting, in pycti's reading order. */
export function renderConfigReference(
  table: readonly ConnectorSettingDefinition[] = connectorSettingsTable,
): string {
  const rows = table.map((setting) =>
    `| \`${setting.env}\` | \`${setting.yamlPath}\` | ${cell(defaultOf(setting))} | ${
      cell(descriptionOf(setting))
    } |`
  );
  return [
    "| Environment variable | config.yml | Default | Description |",
    "| --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}

/**
 * The text between the markers in `readme`.
 *
 * @throws {SyntaxError} When the markers are missing or out of order.
 */
export function configReferenceOf(readme: string): string {
  const start = readme.indexOf(CONFIG_REFERENCE_START);
  const end = readme.indexOf(CONFIG_REFERENCE_END);
  if (start < 0 || end < start) {
    throw new SyntaxError(
      `README.md has no "${CONFIG_REFERENCE_START}" … "${CONFIG_REFERENCE_END}" section`,
    );
  }
  return readme.slice(start + CONFIG_REFERENCE_START.length, end);
}

/** `readme` with the section between the markers replaced by `section`. */
export function replaceConfigReference(readme: string, section: string): string {
  const current = configReferenceOf(readme);
  const start = readme.indexOf(CONFIG_REFERENCE_START) + CONFIG_REFERENCE_START.length;
  return `${readme.slice(0, start)}\n\n${section}\n\n${readme.slice(start + current.length)}`;
}

/** Markdown with table padding and blank lines removed, for comparing tables however aligned. */
export function normalizeMarkdownTable(text: string): string {
  return text.split("\n").map((line) => line.trim()).filter((line) => line !== "").map((line) =>
    line.startsWith("|")
      ? line.split(/(?<!\\)\|/).map((c) => c.trim()).map((c) => (/^:?-+:?$/.test(c) ? "---" : c))
        .join("|")
      : line
  ).join("\n");
}

if (import.meta.main) {
  const path = new URL("../README.md", import.meta.url);
  const readme = await Deno.readTextFile(path);
  const section = renderConfigReference();
  const inSync =
    normalizeMarkdownTable(configReferenceOf(readme)) === normalizeMarkdownTable(section);
  if (Deno.args.includes("--check")) {
    if (!inSync) {
      console.error("README.md's configuration reference is out of date: run");
      console.error("  deno run --allow-read --allow-write --allow-run scripts/gen_config_docs.ts");
      Deno.exit(1);
    }
    console.log("README.md's configuration reference is up to date");
  } else {
    await Deno.writeTextFile(path, replaceConfigReference(readme, section));
    const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", path.pathname] })
      .output();
    if (fmt.code !== 0) Deno.exit(fmt.code);
    console.log(
      `README.md: configuration reference written (${connectorSettingsTable.length} settings)`,
    );
  }
}
