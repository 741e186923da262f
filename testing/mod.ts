/**
 * Test support for connectors: an embedded OpenCTI platform emulator and a fake clock.
 *
 * @example
 * ```ts
 * import { FakeClock } from "@octi/connector/testing";
 * const clock = new FakeClock(0);
 * await clock.tick(1_000);
 * if (clock.now() !== 1_000) throw new Error();
 * ```
 *
 * @module
 */
export * from "./emulator.ts";
export * from "./fake_clock.ts";
export * from "./stream_log.ts";
