import assert from "node:assert/strict";
import { apiHealthCheck, OpenCTIApiClient } from "../../api/mod.ts";
import { runOpenCTIEmulatorCli } from "../../testing/emulator_cli.ts";

Deno.test("the CLI prints the URL and token of a working emulator and stops on abort", async () => {
  const stop = new AbortController();
  const lines: string[] = [];
  let ready!: () => void;
  const printed = new Promise<void>((resolve) => ready = resolve);
  const done = runOpenCTIEmulatorCli(
    ["--port", "0", "--token", "cli-token", "--version", "6.9.0", "--stream-id", "live-1"],
    {
      signal: stop.signal,
      write: (line) => {
        lines.push(line);
        if (line.startsWith("stream:")) ready();
      },
    },
  );
  await printed;
  const url = lines.find((l) => l.startsWith("OPENCTI_URL="))!.slice("OPENCTI_URL=".length);
  assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
  assert.ok(lines.includes("OPENCTI_TOKEN=cli-token"));
  assert.ok(lines.includes(`stream: ${url}/stream/live-1`));
  const client = new OpenCTIApiClient({ url, token: "cli-token" });
  assert.equal(await apiHealthCheck(client), "6.9.0");
  stop.abort();
  await done;
  await assert.rejects(fetch(`${url}/graphql`), TypeError);
});

Deno.test("the CLI refuses unknown options and bad ports", async () => {
  const signal = AbortSignal.abort();
  await assert.rejects(runOpenCTIEmulatorCli(["--nope"], { signal, write: () => {} }), TypeError);
  await assert.rejects(
    runOpenCTIEmulatorCli(["--port", "70000"], { signal, write: () => {} }),
    /Cannot listen on port "70000"/,
  );
});

Deno.test("deno run testing/emulator_cli.ts serves until interrupted", async () => {
  const root = new URL("../../", import.meta.url);
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", "testing/emulator_cli.ts", "--port", "0"],
    cwd: root,
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!/OPENCTI_TOKEN=\S+\n/.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += value;
  }
  const url = /OPENCTI_URL=(\S+)/.exec(text)?.[1];
  const token = /OPENCTI_TOKEN=(\S+)/.exec(text)?.[1];
  assert.ok(url && token, text);
  assert.equal(await apiHealthCheck(new OpenCTIApiClient({ url, token })), "6.8.10");
  child.kill("SIGINT");
  const [status] = await Promise.all([child.status, reader.cancel(), child.stderr.cancel()]);
  assert.equal(status.code, 0);
});
