/**
 * Runs the OpenCTI platform emulator from the command line, so any connector (even a pycti
 * one) can be pointed at it:
 *
 * ```sh
 * deno run -A testing/emulator_cli.ts --port 4000 [--hostname 127.0.0.1] [--token T]
 *   [--amqp-url amqp://guest:guest@127.0.0.1:5672] [--version 6.8.10] [--stream-id live-1]
 * ```
 *
 * It prints `OPENCTI_URL=…` and `OPENCTI_TOKEN=…` and serves until interrupted (Ctrl-C).
 *
 * @example
 * ```ts
 * import { runOpenCTIEmulatorCli } from "./emulator_cli.ts";
 * const stop = new AbortController();
 * const lines: string[] = [];
 * const done = runOpenCTIEmulatorCli(["--port", "0"], {
 *   signal: stop.signal,
 *   write: (line) => {
 *     lines.push(line);
 *     if (line.startsWith("OPENCTI_TOKEN=")) stop.abort();
 *   },
 * });
 * await done;
 * if (!lines.some((l) => l.startsWith("OPENCTI_URL=http://127.0.0.1:"))) throw new Error();
 * ```
 *
 * @module
 */
import { parseArgs } from "node:util";
import { startOpenCTIEmulator } from "./emulator.ts";

/**
 * Options for {@linkcode runOpenCTIEmulatorCli}.
 *
 * @example
 * ```ts
 * import { type OpenCTIEmulatorCliOptions, runOpenCTIEmulatorCli } from "./emulator_cli.ts";
 * const lines: string[] = [];
 * const options: OpenCTIEmulatorCliOptions = {
 *   signal: AbortSignal.abort(),
 *   write: (line) => lines.push(line),
 * };
 * await runOpenCTIEmulatorCli(["--port", "0", "--token", "t"], options);
 * if (!lines.includes("OPENCTI_TOKEN=t")) throw new Error(lines.join("\n"));
 * ```
 */
export interface OpenCTIEmulatorCliOptions {
  /** Stops the emulator and returns. */
  signal: AbortSignal;
  /** Where output lines go. Default: standard output. */
  write?: ((line: string) => void) | undefined;
}

/**
 * Parses the command-line arguments, starts the emulator, prints how to reach it and serves
 * until `signal` aborts. Unknown options throw a `TypeError`.
 *
 * @example
 * ```ts
 * import { runOpenCTIEmulatorCli } from "./emulator_cli.ts";
 * const stop = new AbortController();
 * stop.abort();
 * await runOpenCTIEmulatorCli(["--port", "0"], { signal: stop.signal, write: () => {} });
 * ```
 */
export async function runOpenCTIEmulatorCli(
  args: readonly string[],
  options: OpenCTIEmulatorCliOptions,
): Promise<void> {
  const write = options.write ?? ((line: string) => console.log(line));
  const { values } = parseArgs({
    args: [...args],
    options: {
      port: { type: "string", default: "4000" },
      hostname: { type: "string", default: "127.0.0.1" },
      token: { type: "string" },
      "amqp-url": { type: "string" },
      version: { type: "string" },
      "stream-id": { type: "string", multiple: true },
    },
    strict: true,
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new RangeError(`Cannot listen on port "${values.port}": expected 0 to 65535`);
  }
  await using emulator = await startOpenCTIEmulator({
    port,
    hostname: values.hostname,
    token: values.token,
    amqpUrl: values["amqp-url"],
    version: values.version,
  });
  for (const id of values["stream-id"] ?? []) emulator.addStreamCollection({ id, name: id });
  write("OpenCTI emulator ready");
  write(`OPENCTI_URL=${emulator.url}`);
  write(`OPENCTI_TOKEN=${emulator.token}`);
  if (emulator.amqpEnabled) write(`queue prefix: ${emulator.queuePrefix}`);
  for (const id of values["stream-id"] ?? []) write(`stream: ${emulator.url}/stream/${id}`);
  if (!options.signal.aborted) {
    await new Promise((resolve) =>
      options.signal.addEventListener("abort", resolve, { once: true })
    );
  }
}

if (import.meta.main) {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  Deno.addSignalListener("SIGINT", onSignal);
  Deno.addSignalListener("SIGTERM", onSignal);
  try {
    await runOpenCTIEmulatorCli(Deno.args, { signal: stop.signal });
  } finally {
    Deno.removeSignalListener("SIGINT", onSignal);
    Deno.removeSignalListener("SIGTERM", onSignal);
  }
}
