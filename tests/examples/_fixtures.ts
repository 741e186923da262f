// Shared by the example tests: a connector's environment for an emulator, subprocess runs,
// and bounded polling.
import type { OpenCTIEmulator } from "../../testing/mod.ts";

/** The repository root, as a path. */
export const REPO_ROOT: string = new URL("../../", import.meta.url).pathname;

/** Environment of a connector pointed at `emulator`, plus `extra` (which wins). */
export function connectorEnv(
  emulator: OpenCTIEmulator,
  extra: Record<string, string> = {},
): Map<string, string> {
  return new Map(Object.entries({
    OPENCTI_URL: emulator.url,
    OPENCTI_TOKEN: emulator.token,
    CONNECTOR_ID: crypto.randomUUID(),
    CONNECTOR_LOG_LEVEL: "info",
    ...extra,
  }));
}

/** Polls `check` every 20 ms (real time) until it holds; fails after `timeoutMs`. */
export async function until(
  check: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** What a finished subprocess did. */
export interface DenoRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `deno <args>` to its end, with only `env` (plus PATH and HOME) in its environment. */
export async function runDeno(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string } = {},
): Promise<DenoRun> {
  const inherited: Record<string, string> = {};
  for (const name of ["PATH", "HOME", "DENO_DIR", "XDG_CACHE_HOME"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) inherited[name] = value;
  }
  const output = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: options.cwd ?? REPO_ROOT,
    env: { ...inherited, NO_COLOR: "1", ...options.env },
    clearEnv: true,
    stdin: "null",
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}
