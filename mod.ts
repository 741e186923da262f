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
export * from "./core/mod.ts";
