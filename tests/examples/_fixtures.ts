// Shared by the example tests: a connector's environment for an emulator, subprocess runs,
// and bounded polling (the suite-wide `until`, re-exported for them).
import type { OpenCTIEmulator } from "../../testing/mod.ts";
import { emulatorEnv } from "../_emulator.ts";

export { until } from "../_async.ts";

/** The repository root, as a path. */
export const REPO_ROOT: string = new URL("../../", import.meta.url).pathname;

/** Environment of a connector pointed at `emulator`, plus `extra` (which wins). */
export function connectorEnv(
  emulator: OpenCTIEmulator,
  extra: Record<string, string> = {},
): Map<string, string> {
  return emulatorEnv(emulator, { CONNECTOR_LOG_LEVEL: "info", ...extra });
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
