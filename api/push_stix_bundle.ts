import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Arguments of {@linkcode pushStixBundle}.
 *
 * @example
 * ```ts
 * import type { PushStixBundleArgs } from "@octi/connector/api";
 * const args: PushStixBundleArgs = {
 *   connectorId: "5d3c6d2f-6a3f-4f5d-9d1e-0e8a3a6f2b11",
 *   bundle: JSON.stringify({ type: "bundle", id: "bundle--1", objects: [] }),
 *   workId: null,
 * };
 * ```
 */
export interface PushStixBundleArgs {
  /** Connector id from registration. */
  connectorId: string;
  /** The whole, unsplit bundle as JSON text. */
  bundle: string;
  /** Work to account the bundle to, or null. */
  workId?: string | null | undefined;
}

/**
 * Sends a whole bundle through the API (`stixBundlePush`, `CONNECTOR_QUEUE_PROTOCOL=api`)
 * instead of the queue. Returns the platform's boolean answer. Not retried: a repeat would
 * ingest the bundle twice.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, pushStixBundle, registerConnector } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * const bundle = JSON.stringify({ type: "bundle", id: "bundle--1", objects: [] });
 * await pushStixBundle(client, { connectorId: id, bundle });
 * if (emulator.state.pushedBundles.length !== 1) throw new Error();
 * ```
 */
export async function pushStixBundle(
  client: OpenCTIApiClient,
  args: PushStixBundleArgs,
  options: OpenCTIRequestOptions = {},
): Promise<boolean | null> {
  const data = await client.query<{ stixBundlePush: boolean | null }>(
    OPENCTI_DOCUMENTS.stixBundlePush,
    { connectorId: args.connectorId, bundle: args.bundle, work_id: args.workId ?? null },
    callOptions(options, { retry: false }),
  );
  return data.stixBundlePush ?? null;
}
