import { callOptions } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * A live stream collection (`StreamCollection`, the fields pycti selects).
 *
 * @example
 * ```ts
 * import {
 *   getStreamCollection,
 *   OpenCTIApiClient,
 *   type StreamCollectionInfo,
 * } from "@octi/connector/api";
 * // "live" is answered locally: no request is sent.
 * const client = new OpenCTIApiClient({ url: "http://localhost:8080", token: "token" });
 * const live: StreamCollectionInfo | null = await getStreamCollection(client, "live");
 * if (live?.stream_live !== true) throw new Error();
 * ```
 */
export interface StreamCollectionInfo {
  /** Collection id (`CONNECTOR_LIVE_STREAM_ID`). */
  id: string;
  /** Name. */
  name: string | null;
  /** Description. */
  description: string | null;
  /** Whether the stream is started. */
  stream_live: boolean | null;
  /** Whether it can be read without authentication. */
  stream_public: boolean | null;
}

/**
 * Reads a live stream collection (`StreamCollection`, pycti's `get_stream_collection`); null
 * when the platform knows no such collection. The built-in ids `live` and `raw` are answered
 * locally without a request, as pycti does (`stream_live: true`, `stream_public: false`).
 * Caching is the caller's. Retried on network failures and 5xx.
 *
 * @example
 * ```ts
 * import { getStreamCollection, OpenCTIApiClient } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator();
 * const { id } = emulator.addStreamCollection({ name: "Indicators" });
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const collection = await getStreamCollection(client, id);
 * if (collection?.name !== "Indicators") throw new Error();
 * ```
 */
export async function getStreamCollection(
  client: OpenCTIApiClient,
  id: string,
  options: OpenCTIRequestOptions = {},
): Promise<StreamCollectionInfo | null> {
  if (id === "live" || id === "raw") {
    return { id, name: id, description: id, stream_live: true, stream_public: false };
  }
  const data = await client.query<{ streamCollection: StreamCollectionInfo | null }>(
    OPENCTI_DOCUMENTS.streamCollection,
    { id },
    callOptions(options, { retry: true }),
  );
  return data.streamCollection ?? null;
}
