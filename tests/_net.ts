// Shared by the test files: loopback ports. Kept apart from _util.ts, whose import checks the
// prerequisites (and fails in CI when one is missing).

/** A loopback TCP port nothing listens on (bound, then released). */
export function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const { port } = listener.addr;
  listener.close();
  return port;
}
