// `deno task bench`: runs every benchmark script in its own process, one after another, so
// each one's peak memory and timings are its own. Each script prints JSON lines.
const scripts = ["split.ts", "push.ts", "stream.ts"];

let failed = 0;
for (const script of scripts) {
  const path = new URL(script, import.meta.url).pathname;
  console.log(`# bench/${script}`);
  const { code } = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "--frozen", path],
    stdout: "inherit",
    stderr: "inherit",
  }).output();
  if (code !== 0) {
    console.error(`bench/${script} exited with ${code}`);
    failed++;
  }
}
if (failed > 0) Deno.exit(1);
