// Shared by the helper's end-to-end tests: a connector's environment for an emulator, STIX
// objects and a child connector process. `closedPort` (../_net.ts) is re-exported for
// the tests that take it from here.
import type { StixObject } from "../../helper/mod.ts";
import type { OpenCTIEmulator } from "../../testing/mod.ts";
import { emulatorEnv } from "../_emulator.ts";

export { closedPort } from "../_net.ts";

/** Environment of a connector pointed at `emulator`, plus `extra` (which wins). */
export function connectorEnv(
  emulator: OpenCTIEmulator,
  extra: Record<string, string> = {},
): Map<string, string> {
  return emulatorEnv(emulator, {
    CONNECTOR_NAME: "Test Feed",
    CONNECTOR_TYPE: "EXTERNAL_IMPORT",
    CONNECTOR_SCOPE: "indicator,report",
    CONNECTOR_DURATION_PERIOD: "PT1H",
    CONNECTOR_LOG_LEVEL: "debug",
    ...extra,
  });
}

/** Indicator number `i` (a valid STIX id), with `extra` properties. */
export function indicator(i: number, extra: Record<string, unknown> = {}): StixObject {
  return {
    type: "indicator",
    spec_version: "2.1",
    id: `indicator--00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
    name: `Indicator ${i}`,
    ...extra,
  };
}

/** Runs `deno run -A <script>` with `env`, and gives its exit status and both outputs. */
export function spawnDeno(script: string, env: Record<string, string>): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", new URL(script, import.meta.url).pathname],
    env,
    stdout: "piped",
    stderr: "piped",
    stdin: "null",
  }).spawn();
}

/** The lines of a byte stream (a child's stdout). */
export async function* textLines(stream: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of stream.pipeThrough(new TextDecoderStream())) {
    rest += chunk;
    let end: number;
    while ((end = rest.indexOf("\n")) >= 0) {
      yield rest.slice(0, end);
      rest = rest.slice(end + 1);
    }
  }
  if (rest !== "") yield rest;
}

/** Reads lines until `predicate` matches one; every line read is added to `seen`. */
export async function waitForLine(
  lines: AsyncIterator<string>,
  predicate: (line: string) => boolean,
  seen: string[],
): Promise<void> {
  for (;;) {
    const next = await lines.next();
    if (next.done) {
      throw new Error(`child ended before the expected line; saw:\n${seen.join("\n")}`);
    }
    seen.push(next.value);
    if (predicate(next.value)) return;
  }
}
