import assert from "node:assert/strict";
import { ConfigError, getConfigVariable } from "../../config/mod.ts";
import { noShared, readSharedJson } from "../_util.ts";

interface GoldenCase {
  args: {
    env_var: string;
    env_value: string | null;
    yaml_path: string[] | null;
    config: Record<string, unknown>;
    isNumber: boolean;
    default: unknown;
    required: boolean;
  };
  result?: unknown;
  error?: { type: string; message: string };
}

// Python exception → what this port throws.
const ERROR_CLASSES: Record<string, ErrorConstructor> = {
  ValueError: ConfigError as unknown as ErrorConstructor,
  IndexError: RangeError,
};

Deno.test({
  name: "getConfigVariable reproduces every pycti golden case",
  ignore: noShared,
  async fn(t) {
    const golden = readSharedJson<{ cases: GoldenCase[] }>(
      "conformance/helpers/get_config_variable.json",
    );
    assert.ok(golden.cases.length >= 30);
    for (const [i, c] of golden.cases.entries()) {
      const a = c.args;
      const env = new Map<string, string>();
      if (a.env_value !== null) env.set(a.env_var, a.env_value);
      const call = () =>
        getConfigVariable(a.env_var, a.yaml_path, {
          config: a.config,
          env,
          isNumber: a.isNumber,
          default: a.default,
          required: a.required,
        });
      const label = `case ${i}: ${JSON.stringify(a)}`;
      await t.step(`case ${i}`, () => {
        if (c.error) {
          const expected = ERROR_CLASSES[c.error.type];
          assert.ok(expected, `unmapped Python error ${c.error.type}`);
          assert.throws(call, (e: unknown) => {
            assert.ok(e instanceof expected, `${label}: got ${e}`);
            if (c.error!.type === "ValueError") {
              assert.ok((e as Error).message.includes(c.error!.message), `${label}: ${e}`);
            }
            return true;
          });
        } else {
          assert.deepEqual(call(), c.result, label);
        }
      });
    }
  },
});

Deno.test("getConfigVariable follows Python int() and reports where the value came from", () => {
  const env = new Map([["N", " +1_000 "], ["BAD", "4.5"], ["SECRET", "hunter2"]]);
  assert.equal(getConfigVariable("N", null, { env, isNumber: true }), 1000);
  const config = { s: { f: 4.9, neg: -4.9, t: true, nul: null } };
  assert.equal(getConfigVariable("X", ["s", "f"], { env, config, isNumber: true }), 4);
  assert.equal(getConfigVariable("X", ["s", "neg"], { env, config, isNumber: true }), -4);
  assert.equal(getConfigVariable("X", ["s", "t"], { env, config, isNumber: true }), 1);
  assert.throws(
    () => getConfigVariable("X", ["s", "nul"], { env, config, isNumber: true }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.deepEqual(e.issues[0]?.source, "file");
      assert.equal(e.issues[0]?.yamlPath, "s.nul");
      assert.match(e.message, /not 'NoneType'/);
      return true;
    },
  );
  assert.throws(
    () => getConfigVariable("BAD", ["s", "f"], { env, config, isNumber: true }),
    /BAD \(env\): is not an integer: invalid literal for int\(\) with base 10: '4\.5'/,
  );
  assert.throws(
    () => getConfigVariable("SECRET", null, { env, isNumber: true, secret: true }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigError);
      assert.ok(!e.message.includes("hunter2"), e.message);
      return true;
    },
  );
  // The default is returned unconverted, and an explicit null config value stays null.
  assert.equal(getConfigVariable("ABSENT", ["s", "x"], { env, config, default: "7" }), "7");
  assert.equal(getConfigVariable("ABSENT", ["s", "nul"], { env, config, default: "d" }), null);
});

Deno.test("getConfigVariable's required error names the variable and the YAML path", () => {
  const env = new Map([["OPENCTI_URL", ""]]);
  assert.throws(
    () => getConfigVariable("OPENCTI_URL", ["opencti", "url"], { env, required: true }),
    /The configuration OPENCTI_URL is required: set the environment variable OPENCTI_URL or opencti\.url in the config file/,
  );
});

Deno.test("getConfigVariable reads Deno.env by default", () => {
  const path = Deno.env.get("PATH");
  assert.ok(path);
  assert.equal(getConfigVariable("PATH", null), path);
  assert.equal(getConfigVariable("OCTI_SURELY_UNSET_VARIABLE", null, { default: 3 }), 3);
});
