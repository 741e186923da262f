// `deno task build`: one self-contained JavaScript file per example connector, with
// `deno bundle` (npm packages included), runnable anywhere Deno is:
//
//   deno run -A scripts/build.ts [--out-dir dist] [example ...]
//   deno run --allow-net --allow-env --allow-read dist/external-import.js
//
// Without example names it builds every folder of examples/ that has a main.ts.
import { parseArgs } from "node:util";

const { values, positionals } = parseArgs({
  args: Deno.args,
  options: { "out-dir": { type: "string", default: "dist" } },
  allowPositionals: true,
});
const examplesDir = new URL("../examples/", import.meta.url);
const outDir = values["out-dir"];

async function hasMain(name: string): Promise<boolean> {
  try {
    return (await Deno.stat(new URL(`${name}/main.ts`, examplesDir))).isFile;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
}

let names = positionals;
if (names.length === 0) {
  for await (const entry of Deno.readDir(examplesDir)) {
    if (entry.isDirectory && await hasMain(entry.name)) names.push(entry.name);
  }
  names = names.sort();
}
for (const name of names) {
  if (!await hasMain(name)) {
    console.error(`build: no examples/${name}/main.ts`);
    Deno.exit(2);
  }
}

await Deno.mkdir(outDir, { recursive: true });
for (const name of names) {
  const output = `${outDir}/${name}.js`;
  const { code, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [
      "bundle",
      "--quiet",
      "--platform",
      "deno",
      "--frozen-lockfile",
      "-o",
      output,
      new URL(`${name}/main.ts`, examplesDir).pathname,
    ],
    stdout: "inherit",
    stderr: "piped",
  }).output();
  if (code !== 0) {
    console.error(new TextDecoder().decode(stderr));
    console.error(`build: bundling examples/${name} failed (exit ${code})`);
    Deno.exit(1);
  }
  const { size } = await Deno.stat(output);
  console.log(`${output}  ${(size / 1024 / 1024).toFixed(1)} MB`);
}
