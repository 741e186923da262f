/**
 * octi-connector: write OpenCTI connectors in TypeScript on Deno, wire-compatible with
 * pycti's `OpenCTIConnectorHelper` (same env vars, config.yml keys, message formats and
 * GraphQL documents).
 *
 * Each module is also importable alone, e.g. `@octi/connector/stix`. The platform emulator
 * for tests lives in `@octi/connector/testing` and is not re-exported here.
 *
 * @example
 * ```ts
 * import { createLogger } from "@octi/connector";
 * const logger = createLogger({ name: "demo", level: "INFO", write: () => {} });
 * logger.info("ready");
 * ```
 *
 * @module
 */
export * from "./api/mod.ts";
export * from "./config/mod.ts";
export * from "./core/mod.ts";
export * from "./helper/mod.ts";
export * from "./queue/mod.ts";
export * from "./schedule/mod.ts";
export * from "./stix/mod.ts";
export * from "./stream/mod.ts";
export * from "./tls/mod.ts";
