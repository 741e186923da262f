/**
 * Test support for connectors: {@linkcode startOpenCTIEmulator}, an embedded OpenCTI platform on
 * loopback (GraphQL validated against the platform schema, the SSE live stream of
 * {@linkcode StreamLog}, file downloads, and, given an AMQP URL, the RabbitMQ side with an
 * ingestion worker), scriptable faults for tests, and {@linkcode FakeClock}. The emulator also
 * runs from the command line: `deno run -A testing/emulator_cli.ts --port 4000`.
 *
 * Where the emulator is simpler than the platform, on purpose:
 *
 * - It answers the connector's part of the schema only (plus the UI's connector mutations), and
 *   serves the newest selections (`jwks`, `config.s3`) whatever `version` says; play an older
 *   platform with `schemaWithout`.
 * - Its worker does not ingest: it decodes each pushed message, records the bundle, counts one
 *   processed expectation on the message's work, then acks the message (at-least-once; an
 *   undecodable one is recorded as rejected and acked too). A work completes once marked
 *   processed and every expectation is counted.
 * - `sendJob` POSTs a callback job once and returns the status; the platform's worker would
 *   requeue a job answered with anything but 202.
 * - HTTP callback jobs carry an ES256 JWT from the registered key set (`iss` `opencti`, `sub`
 *   `connector`, 5 minutes), or the API token with `callbackAuth: "token"`; the platform's exact
 *   claims are not published.
 * - Queue and exchange names get a random prefix per emulator, so parallel tests sharing one
 *   broker never collide; closing the emulator deletes everything it declared.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({
 *   url: emulator.url,
 *   token: emulator.token,
 *   retry: { initialMs: 10 },
 * });
 * emulator.failNextRequests(1, { status: 503 });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * if (emulator.counters.faults !== 1) throw new Error("the 503 was not injected");
 * if (!emulator.state.connectors.has(id)) throw new Error("the retry did not register");
 * ```
 *
 * @module
 */
export * from "./emulator.ts";
export * from "./fake_clock.ts";
export * from "./stream_log.ts";
