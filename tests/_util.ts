// Shared by the test files: where ../shared is, and whether RabbitMQ is there.
// In CI (CI=true) a missing prerequisite is a failure; elsewhere the test is skipped with a reason.

/** Absolute path of a file under the sibling `shared/` folder. */
export function sharedPath(rel: string): string {
  return new URL(`../../shared/${rel}`, import.meta.url).pathname;
}

export const inCI: boolean = ["1", "true"].includes((Deno.env.get("CI") ?? "").toLowerCase());

function exists(path: string): boolean {
  try {
    Deno.statSync(path);
    return true;
  } catch {
    return false;
  }
}

async function canConnect(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

function decide(ok: boolean, what: string): boolean {
  if (ok) return false;
  if (inCI) throw new Error(`CI=true but ${what}: cannot run the tests that need it`);
  console.warn(`skipping: ${what}`);
  return true;
}

/** `ignore` value for tests needing ../shared: throws in CI when it is missing. */
export const noShared: boolean = decide(exists(sharedPath("reference")), "../shared is missing");

/** `ignore` value for tests needing RabbitMQ on 127.0.0.1:5672. */
export const noRabbit: boolean = decide(
  await canConnect(5672),
  "RabbitMQ is not reachable on 127.0.0.1:5672",
);

/** AMQP URL of the local broker. */
export const AMQP_URL = "amqp://guest:guest@127.0.0.1:5672";

/** Reads and parses a JSON file under ../shared. */
export function readSharedJson<T = unknown>(rel: string): T {
  return JSON.parse(Deno.readTextFileSync(sharedPath(rel))) as T;
}
