import { callOptions } from "./_call_options.ts";
import { OPENCTI_SERVICE_ACCOUNT_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * A user with its API token, as {@linkcode readUser} and {@linkcode addUser} select it.
 *
 * @example
 * ```ts
 * import type { UserTokenRecord } from "@octi/connector/api";
 * const tokenOf = (user: UserTokenRecord | null): string | null => user?.api_token ?? null;
 * ```
 */
export interface UserTokenRecord {
  /** Internal id. */
  id: string;
  /** The user's API token (`api_token`); null when the platform gave none. */
  api_token: string | null;
}

/**
 * Reads a user with its API token (`UserRead`, pycti's `user.read(id, include_token=True)`);
 * null when the platform knows no such user. Retried on network failures and 5xx. Needs a
 * token with user-management rights; platforms without `User.api_token` answer a GraphQL error
 * (see {@linkcode OPENCTI_SERVICE_ACCOUNT_DOCUMENTS}).
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, readUser } from "@octi/connector/api";
 * // A stand-in for the platform's user management (the emulator has none).
 * await using platform = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
 *   Response.json({ data: { user: { id: "user-1", api_token: "service-token" } } }));
 * const client = new OpenCTIApiClient({
 *   url: `http://127.0.0.1:${platform.addr.port}`,
 *   token: "admin-token",
 * });
 * const user = await readUser(client, "user-1");
 * if (user?.api_token !== "service-token") throw new Error();
 * ```
 */
export async function readUser(
  client: OpenCTIApiClient,
  id: string,
  options: OpenCTIRequestOptions = {},
): Promise<UserTokenRecord | null> {
  const data = await client.query<{ user: UserTokenRecord | null }>(
    OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userRead,
    { id },
    callOptions(options, { retry: true }),
  );
  return data.user ?? null;
}
