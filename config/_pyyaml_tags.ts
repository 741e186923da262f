// pycti reads config.yml with PyYAML (YAML 1.1). npm:yaml's 1.1 schema resolves a few plain
// scalars differently; these overrides give PyYAML's results where it matters for settings:
// `y`/`n` stay strings, `00:05` stays a string (a clock duration) instead of the number 5,
// `09` stays a string and `1e3` stays a string.
import type { ScalarTag, Tags } from "yaml";

const BOOL = "tag:yaml.org,2002:bool";
const INT = "tag:yaml.org,2002:int";
const FLOAT = "tag:yaml.org,2002:float";

const PY_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PY_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const PY_INT_DECIMAL = /^[-+]?(?:0|[1-9][0-9_]*)$/;
const PY_INT_SEXAGESIMAL = /^[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+$/;
const PY_FLOAT_EXP = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)[eE][-+][0-9]+$/;
const PY_FLOAT = /^(?:[-+]?[0-9][0-9_]*\.[0-9_]*|\.[0-9][0-9_]*)$/;

function pyyamlTest(tag: ScalarTag): RegExp | undefined {
  if (tag.tag === BOOL) return tag.identify?.(true) ? PY_TRUE : PY_FALSE;
  if (tag.tag === INT && tag.format === undefined) return PY_INT_DECIMAL;
  if (tag.tag === INT && tag.format === "TIME") return PY_INT_SEXAGESIMAL;
  if (tag.tag === FLOAT && tag.format === "EXP") return PY_FLOAT_EXP;
  if (tag.tag === FLOAT && tag.format === undefined && tag.test?.test("1.5")) return PY_FLOAT;
  return undefined;
}

/** `customTags` for npm:yaml's 1.1 schema that resolve plain scalars as PyYAML does. */
export function pyyamlTags(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag === "string" || !("test" in tag) || tag.test === undefined) return tag;
    const test = pyyamlTest(tag as ScalarTag);
    return test === undefined ? tag : { ...(tag as ScalarTag), test };
  });
}
