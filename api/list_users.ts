import { callOptions } from "./_call_options.ts";
import { type Connection, listPage } from "./_list_page.ts";
import { OPENCTI_SERVICE_ACCOUNT_DOCUMENTS } from "./documents.ts";
import type { OpenCTIFilterGroup, OpenCTIListPage } from "./list_groups.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * A user as {@linkcode listUsers} selects it.
 *
 * @example
 * ```ts
 * import type { UserNode } from "@octi/connector/api";
 * const user: UserNode = { id: "user-1" };
 * ```
 */
export interface UserNode {
  /** Internal id. */
  id: string;
}

/**
 * Variables of {@linkcode listUsers}; each defaults to pycti's value.
 *
 * @example
 * ```ts
 * import type { ListUsersArgs } from "@octi/connector/api";
 * const email = "my-feed@connector.octi.filigran.io";
 * const args: ListUsersArgs = {
 *   filters: { mode: "and", filters: [{ key: "user_email", values: [email] }], filterGroups: [] },
 * };
 * ```
 */
export interface ListUsersArgs {
  /** Page size. Default 500. */
  first?: number | undefined;
  /** Cursor to start after. Default null. */
  after?: string | null | undefined;
  /** A `UsersOrdering` value. Default `"name"`. */
  orderBy?: string | null | undefined;
  /** `asc` or `desc`. Default `"asc"`. */
  orderMode?: "asc" | "desc" | null | undefined;
  /** Filters, e.g. on `user_email`. Default null. */
  filters?: OpenCTIFilterGroup | null | undefined;
  /** Text search. Default null. */
  search?: string | null | undefined;
}

/**
 * Lists users (`UserList`, pycti's `user.list`), e.g. a connector's service account by its
 * `user_email` (platform-protocol §3.13). One page; retried on network failures and 5xx. Needs
 * a token with user-management rights. The document is outside the connector schema subset
 * (see {@linkcode OPENCTI_SERVICE_ACCOUNT_DOCUMENTS}).
 *
 * @example
 * ```ts
 * import { listUsers, OpenCTIApiClient } from "@octi/connector/api";
 * // A stand-in for the platform's user management (the emulator has none).
 * await using platform = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
 *   Response.json({ data: { users: { edges: [], pageInfo: null } } }));
 * const client = new OpenCTIApiClient({
 *   url: `http://127.0.0.1:${platform.addr.port}`,
 *   token: "admin-token",
 * });
 * const email = "my-feed@connector.octi.filigran.io";
 * const page = await listUsers(client, {
 *   filters: { mode: "and", filters: [{ key: "user_email", values: [email] }], filterGroups: [] },
 * });
 * if (page.items.length !== 0) throw new Error();
 * ```
 */
export async function listUsers(
  client: OpenCTIApiClient,
  args: ListUsersArgs = {},
  options: OpenCTIRequestOptions = {},
): Promise<OpenCTIListPage<UserNode>> {
  const data = await client.query<{ users: Connection<UserNode> | null }>(
    OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userList,
    {
      first: args.first ?? 500,
      after: args.after ?? null,
      orderBy: args.orderBy === undefined ? "name" : args.orderBy,
      orderMode: args.orderMode === undefined ? "asc" : args.orderMode,
      filters: args.filters ?? null,
      search: args.search ?? null,
    },
    callOptions(options, { retry: true }),
  );
  return listPage(data.users);
}
