// Shared by the test files: waiting for a condition with real timers, and catching a rejection
// of a given class.

/**
 * Polls `check` every 10 ms (real time) until it holds. Bounded, so a broken test fails naming
 * `what` instead of hanging; the bound is no speed assertion.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Awaits a rejection of class `type` and returns the error, for assertions on its fields. */
export async function rejectsWith<T extends Error>(
  promise: Promise<unknown>,
  // deno-lint-ignore no-explicit-any
  type: new (...args: any[]) => T,
): Promise<T> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw new Error(`expected a ${type.name}, got ${String(error)}`, { cause: error });
  }
  throw new Error(`expected a ${type.name} rejection, got a resolution`);
}
