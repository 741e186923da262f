import assert from "node:assert/strict";
import { loadConfigFile } from "../../config/mod.ts";

async function withFile(text: string, fn: (path: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/config.yml`;
    await Deno.writeTextFile(path, text);
    await fn(path);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("loadConfigFile returns {} for a missing or empty file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    assert.deepEqual(await loadConfigFile(`${dir}/nope.yml`), {});
    assert.deepEqual(await loadConfigFile(new URL(`file://${dir}/nope.yml`)), {});
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
  await withFile("# nothing but a comment\n", async (path) => {
    assert.deepEqual(await loadConfigFile(path), {});
  });
});

Deno.test("loadConfigFile resolves plain scalars as PyYAML (YAML 1.1) does", async () => {
  const yaml = [
    "connector:",
    "  auto: yes", // PyYAML: True
    "  exposed: off", // PyYAML: False
    "  letter: y", // PyYAML: the string "y"
    "  duration_period: 00:05", // PyYAML: a string (a 5-minute clock duration), not 5
    "  sexagesimal: 1:30", // PyYAML: the integer 90
    "  octal: 010", // PyYAML: 8
    "  nine: 09", // PyYAML: the string "09"
    "  exp: 1e3", // PyYAML: the string "1e3" (a float needs a dot)
    "  float: 1.5",
    "  nothing: ~",
    "  same: 1",
    "  same: 2", // PyYAML: the last one wins
    "  scope: [a, b]",
  ].join("\n");
  await withFile(yaml, async (path) => {
    assert.deepEqual(await loadConfigFile(path), {
      connector: {
        auto: true,
        exposed: false,
        letter: "y",
        duration_period: "00:05",
        sexagesimal: 90,
        octal: 8,
        nine: "09",
        exp: "1e3",
        float: 1.5,
        nothing: null,
        same: 2,
        scope: ["a", "b"],
      },
    });
  });
});

Deno.test("loadConfigFile reports a malformed file as a SyntaxError with file, line and column", async () => {
  const yaml = "opencti:\n  token: s3cr3t-token\nconnector:\n  name: a: b\n";
  await withFile(yaml, async (path) => {
    await assert.rejects(() => loadConfigFile(path), (e: unknown) => {
      assert.ok(e instanceof SyntaxError);
      assert.ok(e.message.includes(`"${path}"`), e.message);
      assert.match(e.message, /at line 4, column 9: /);
      assert.ok(!e.message.includes("s3cr3t-token"), e.message);
      return true;
    });
  });
  await withFile("a: 1\n---\nb: 2\n", async (path) => {
    await assert.rejects(
      () => loadConfigFile(path),
      /at line 2, column 1: the file holds more than one YAML document/,
    );
  });
  await withFile("- opencti\n- connector\n", async (path) => {
    await assert.rejects(
      () => loadConfigFile(path),
      /line 1, column 1: the top level must be a mapping of sections, got a list/,
    );
  });
});

Deno.test("loadConfigFile rethrows other file errors", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await assert.rejects(() => loadConfigFile(dir), Deno.errors.IsADirectory);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
