import { callOptions, missingField } from "./_call_options.ts";
import { OPENCTI_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * Sends pycti's `healthCheck` query (`about { version }`), the first request of every client,
 * and returns the platform version. Retried (safe to repeat). Throws
 * {@linkcode OpenCTIApiError} when the platform cannot be reached or refuses the token.
 *
 * @example
 * ```ts
 * import { apiHealthCheck, OpenCTIApiClient } from "@octi/connector/api";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator({ version: "6.8.10" });
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * if (await apiHealthCheck(client) !== "6.8.10") throw new Error("unexpected version");
 * ```
 */
export async function apiHealthCheck(
  client: OpenCTIApiClient,
  options: OpenCTIRequestOptions = {},
): Promise<string> {
  const data = await client.query<{ about: { version: string } | null }>(
    OPENCTI_DOCUMENTS.healthCheck,
    {},
    callOptions(options, { retry: true }),
  );
  return data.about?.version ?? missingField("healthCheck", "about.version");
}
