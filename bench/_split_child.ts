// One measurement of bench/split.ts, in a fresh process so that its peak RSS is its own.
//   time <file>: floor then split on the same text, prints {"floor_s", "split_s"}
//   rss <file>:  split only, prints {"peak_rss_mb"} (VmHWM: the process's high-water mark)
// Run with --v8-flags=--expose-gc so that each timed step starts from a collected heap.
import { splitBundle } from "../stix/mod.ts";

const [mode, file] = Deno.args;
if ((mode !== "time" && mode !== "rss") || file === undefined) {
  throw new TypeError(`usage: _split_child.ts time|rss <bundle.json>, got ${Deno.args.join(" ")}`);
}
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

function peakRssMb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status);
  if (kb === null) throw new Error("VmHWM missing from /proc/self/status");
  return Number(kb[1]) / 1024;
}

const text = Deno.readTextFileSync(file);
if (mode === "rss") {
  const result = splitBundle(text);
  console.log(JSON.stringify({ peak_rss_mb: peakRssMb(), expectations: result.expectations }));
} else {
  gc();
  let start = performance.now();
  const parsed = JSON.parse(text) as { objects: unknown[] };
  // The unavoidable work of any splitter: parse everything, serialise every object once and
  // keep the results.
  const serialised: string[] = new Array(parsed.objects.length);
  for (let i = 0; i < parsed.objects.length; i++) {
    serialised[i] = JSON.stringify(parsed.objects[i]);
  }
  const floor = (performance.now() - start) / 1000;
  serialised.length = 0;
  parsed.objects.length = 0;
  gc();
  start = performance.now();
  const result = splitBundle(text);
  const split = (performance.now() - start) / 1000;
  console.log(
    JSON.stringify({ floor_s: floor, split_s: split, expectations: result.expectations }),
  );
}
