// Prometheus exposition as Python's prometheus_client writes it (the client pycti uses), so a
// scrape of this connector reads like a scrape of a pycti one: Python float formatting,
// `_created` series, the Enum as a stateset. Both formats a scraper can negotiate are written.

/** One sample of a family. */
export interface MetricSample {
  /** Full sample name, e.g. `bundles_sent_total`. */
  name: string;
  labels?: Readonly<Record<string, string>>;
  value: number;
}

/** A metric family as prometheus_client collects it (OpenMetrics naming). */
export interface MetricFamily {
  /** Family name without `_total`, e.g. `bundles_sent`. */
  name: string;
  type: "counter" | "stateset";
  help: string;
  samples: readonly MetricSample[];
}

/** `Content-Type` of the Prometheus text format 0.0.4. */
export const TEXT_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
/** `Content-Type` of OpenMetrics 1.0. */
export const OPENMETRICS_CONTENT_TYPE =
  "application/openmetrics-text; version=1.0.0; charset=utf-8";

/** Python's `repr(float)`: shortest round-trip digits, `.0` on integers, exponent form outside [1e-4, 1e16). */
export function pythonFloatRepr(x: number): string {
  if (Object.is(x, -0)) return "-0.0";
  const [mantissa = "", exponent = "0"] = x.toExponential().split("e");
  const exp = Number(exponent);
  const sign = x < 0 ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
  const whole = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
  return `${sign}${whole}.${digits.slice(exp + 1) || "0"}`;
}

/** prometheus_client's `floatToGoString`, including its exponent spelling (`1.7e+09`). */
export function floatToGoString(x: number): string {
  if (x === Number.POSITIVE_INFINITY) return "+Inf";
  if (x === Number.NEGATIVE_INFINITY) return "-Inf";
  if (Number.isNaN(x)) return "NaN";
  const s = pythonFloatRepr(x);
  const dot = s.indexOf(".");
  if (x > 0 && dot > 6) {
    const mantissa = `${s[0]}.${s.slice(1, dot)}${s.slice(dot + 1)}`.replace(/[0.]+$/, "");
    return `${mantissa}e+0${dot - 1}`;
  }
  return s;
}

const escapeHelp = (text: string): string => text.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
const escapeLabel = (text: string): string => escapeHelp(text).replaceAll('"', '\\"');

function sampleLine(sample: MetricSample): string {
  const labels = Object.entries(sample.labels ?? {}).sort((
    [a],
    [b],
  ) => (a < b ? -1 : a > b ? 1 : 0));
  const labelText = labels.length
    ? `{${labels.map(([k, v]) => `${k}="${escapeLabel(v)}"`).join(",")}}`
    : "";
  return `${sample.name}${labelText} ${floatToGoString(sample.value)}\n`;
}

/** Keeps only the samples named in `names` (prometheus_client's `name[]` query filter). */
export function restrictFamilies(
  families: readonly MetricFamily[],
  names: readonly string[] | undefined,
): MetricFamily[] {
  if (names === undefined) return [...families];
  const wanted = new Set(names);
  return families
    .map((family) => ({ ...family, samples: family.samples.filter((s) => wanted.has(s.name)) }))
    .filter((family) => family.samples.length > 0);
}

/** Prometheus text format 0.0.4, as `prometheus_client.exposition.generate_latest`. */
export function renderText(families: readonly MetricFamily[]): string {
  let out = "";
  for (const family of families) {
    const name = family.type === "counter" ? `${family.name}_total` : family.name;
    const type = family.type === "counter" ? "counter" : "gauge";
    out += `# HELP ${name} ${escapeHelp(family.help)}\n# TYPE ${name} ${type}\n`;
    // `_created` samples are OpenMetrics-only: the text format moves them to their own gauge.
    const created = `${family.name}_created`;
    for (const sample of family.samples) if (sample.name !== created) out += sampleLine(sample);
    const createdSamples = family.samples.filter((s) => s.name === created);
    if (createdSamples.length > 0) {
      out += `# HELP ${created} ${escapeHelp(family.help)}\n# TYPE ${created} gauge\n`;
      for (const sample of createdSamples) out += sampleLine(sample);
    }
  }
  return out;
}

/** OpenMetrics 1.0 text, as `prometheus_client.openmetrics.exposition.generate_latest`. */
export function renderOpenMetrics(families: readonly MetricFamily[]): string {
  let out = "";
  for (const family of families) {
    out += `# HELP ${family.name} ${
      escapeLabel(family.help)
    }\n# TYPE ${family.name} ${family.type}\n`;
    for (const sample of family.samples) out += sampleLine(sample);
  }
  return out + "# EOF\n";
}

/** Whether an `Accept` header asks for OpenMetrics (prometheus_client's `choose_encoder`). */
export function acceptsOpenMetrics(accept: string | null): boolean {
  return (accept ?? "").split(",").some((part) =>
    part.split(";")[0]?.trim() === "application/openmetrics-text"
  );
}
