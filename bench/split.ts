// Splitter benchmark: `deno run -A bench/split.ts` (also run by `deno task bench`).
//
// For N = 1,000 / 10,000 / 100,000 objects it generates a feed with
// `python3 ../shared/tools/gen_bundle.py --objects N --seed 42` and prints one JSON line:
//   {"objects":N,"bytes":B,"split_s":S,"floor_s":F,"ratio":S/F,"peak_rss_mb":M}
// - floor_s: JSON.parse of the whole text plus one JSON.stringify per object (results kept, as
//   a splitter must keep its output), the least any splitter of this text has to do.
// - split_s: splitBundle(text) on the same text, in the same process, right after the floor.
// - peak_rss_mb: VmHWM (the kernel's peak resident set size) of a separate process that only
//   reads the text and splits it, so the floor's memory does not count against the split.
// Each figure is the minimum of 3 runs, each run a fresh `deno` process
// (bench/_split_child.ts). Targets at 100,000 objects: ratio <= 1.5, peak RSS <= 300 MB.

const SIZES = [1_000, 10_000, 100_000];
const RUNS = 3;
const SEED = 42;

const generator = new URL("../../shared/tools/gen_bundle.py", import.meta.url).pathname;
const child = new URL("./_split_child.ts", import.meta.url).pathname;

async function run(command: string, args: string[]): Promise<string> {
  const { code, stdout, stderr } = await new Deno.Command(command, { args }).output();
  const decoder = new TextDecoder();
  if (code !== 0) {
    throw new Error(`${command} ${args.join(" ")} exited with ${code}: ${decoder.decode(stderr)}`);
  }
  return decoder.decode(stdout);
}

async function measure(mode: "time" | "rss", file: string): Promise<Record<string, number>> {
  const out = await run(Deno.execPath(), [
    "run",
    "--quiet",
    "--allow-all",
    "--v8-flags=--expose-gc",
    child,
    mode,
    file,
  ]);
  return JSON.parse(out);
}

const dir = await Deno.makeTempDir({ prefix: "octi-bench-split-" });
try {
  for (const objects of SIZES) {
    const file = `${dir}/bundle-${objects}.json`;
    await run("python3", [
      generator,
      "--objects",
      String(objects),
      "--seed",
      String(SEED),
      "--out",
      file,
    ]);
    const bytes = (await Deno.stat(file)).size;
    let split = Infinity;
    let floor = Infinity;
    let rss = Infinity;
    for (let i = 0; i < RUNS; i++) {
      const timing = await measure("time", file);
      split = Math.min(split, timing.split_s!);
      floor = Math.min(floor, timing.floor_s!);
      rss = Math.min(rss, (await measure("rss", file)).peak_rss_mb!);
    }
    const round = (x: number, digits: number) => Number(x.toFixed(digits));
    console.log(JSON.stringify({
      objects,
      bytes,
      split_s: round(split, 4),
      floor_s: round(floor, 4),
      ratio: round(split / floor, 3),
      peak_rss_mb: round(rss, 1),
    }));
  }
} finally {
  await Deno.remove(dir, { recursive: true });
}
