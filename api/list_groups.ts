import { callOptions } from "./_call_options.ts";
import { type Connection, listPage } from "./_list_page.ts";
import { OPENCTI_SERVICE_ACCOUNT_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";

/**
 * One condition of an {@linkcode OpenCTIFilterGroup} (the platform's `Filter` input).
 *
 * @example
 * ```ts
 * import type { OpenCTIFilter } from "@octi/connector/api";
 * const byName: OpenCTIFilter = { key: "name", values: ["Connectors"] };
 * ```
 */
export interface OpenCTIFilter {
  /** Attribute(s) to filter on; pycti sends a plain string, which the platform accepts. */
  key: string | readonly string[];
  /** Accepted values. */
  values: readonly unknown[];
  /** Comparison; the platform's default is `eq`. */
  operator?: string | undefined;
  /** How the values combine: `and` or `or`. */
  mode?: "and" | "or" | undefined;
}

/**
 * The platform's `FilterGroup` input, e.g. `{mode: "and", filters: [...], filterGroups: []}`.
 *
 * @example
 * ```ts
 * import type { OpenCTIFilterGroup } from "@octi/connector/api";
 * const filters: OpenCTIFilterGroup = {
 *   mode: "and",
 *   filters: [{ key: "name", values: ["Connectors"] }],
 *   filterGroups: [],
 * };
 * ```
 */
export interface OpenCTIFilterGroup {
  /** How the filters and groups combine. */
  mode: "and" | "or";
  /** Conditions. */
  filters: readonly OpenCTIFilter[];
  /** Nested groups. */
  filterGroups: readonly OpenCTIFilterGroup[];
}

/**
 * The platform's `PageInfo` of a list.
 *
 * @example
 * ```ts
 * import type { OpenCTIPageInfo } from "@octi/connector/api";
 * const nextCursor = (info: OpenCTIPageInfo | null): string | null =>
 *   info?.hasNextPage ? info.endCursor : null;
 * ```
 */
export interface OpenCTIPageInfo {
  /** Cursor of the first item. */
  startCursor: string;
  /** Cursor of the last item: the next page's `after`. */
  endCursor: string;
  /** Whether more items follow. */
  hasNextPage: boolean;
  /** Whether items precede. */
  hasPreviousPage: boolean;
  /** Number of items matching, over all pages. */
  globalCount: number;
}

/**
 * One page of a platform list: the edges' nodes, in order, and the page info.
 *
 * @example
 * ```ts
 * import type { GroupNode, OpenCTIListPage } from "@octi/connector/api";
 * const page: OpenCTIListPage<GroupNode> = { items: [{ id: "group-1" }], pageInfo: null };
 * ```
 */
export interface OpenCTIListPage<T> {
  /** The nodes of the page. */
  items: T[];
  /** Paging state, or null when the platform sent none. */
  pageInfo: OpenCTIPageInfo | null;
}

/**
 * A group as {@linkcode listGroups} selects it.
 *
 * @example
 * ```ts
 * import type { GroupNode } from "@octi/connector/api";
 * const group: GroupNode = { id: "group-1" };
 * ```
 */
export interface GroupNode {
  /** Internal id. */
  id: string;
}

/**
 * Variables of {@linkcode listGroups}; each defaults to pycti's value.
 *
 * @example
 * ```ts
 * import type { ListGroupsArgs } from "@octi/connector/api";
 * const args: ListGroupsArgs = {
 *   filters: { mode: "and", filters: [{ key: "name", values: ["Connectors"] }], filterGroups: [] },
 * };
 * ```
 */
export interface ListGroupsArgs {
  /** Page size. Default 500. */
  first?: number | undefined;
  /** Cursor to start after. Default null. */
  after?: string | null | undefined;
  /** A `GroupsOrdering` value. Default null. */
  orderBy?: string | null | undefined;
  /** `asc` or `desc`. Default null. */
  orderMode?: "asc" | "desc" | null | undefined;
  /** Text search. Default null. */
  search?: string | null | undefined;
  /** Filters. Default null. */
  filters?: OpenCTIFilterGroup | null | undefined;
}

/**
 * Lists groups (`Groups`, pycti's `group.list`), e.g. the "Connectors" group service accounts
 * join (platform-protocol §3.13). One page; retried on network failures and 5xx. Needs a token
 * with user-management rights. The document is outside the connector schema subset (see
 * {@linkcode OPENCTI_SERVICE_ACCOUNT_DOCUMENTS}).
 *
 * @example
 * ```ts
 * import { listGroups, OpenCTIApiClient } from "@octi/connector/api";
 * // A stand-in for the platform's user management (the emulator has none).
 * await using platform = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
 *   Response.json({ data: { groups: { edges: [{ node: { id: "group-1" } }], pageInfo: null } } }));
 * const client = new OpenCTIApiClient({
 *   url: `http://127.0.0.1:${platform.addr.port}`,
 *   token: "admin-token",
 * });
 * const page = await listGroups(client, {
 *   filters: { mode: "and", filters: [{ key: "name", values: ["Connectors"] }], filterGroups: [] },
 * });
 * if (page.items[0]?.id !== "group-1") throw new Error();
 * ```
 */
export async function listGroups(
  client: OpenCTIApiClient,
  args: ListGroupsArgs = {},
  options: OpenCTIRequestOptions = {},
): Promise<OpenCTIListPage<GroupNode>> {
  const data = await client.query<{ groups: Connection<GroupNode> | null }>(
    OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.groups,
    {
      first: args.first ?? 500,
      after: args.after ?? null,
      orderBy: args.orderBy ?? null,
      orderMode: args.orderMode ?? null,
      search: args.search ?? null,
      filters: args.filters ?? null,
    },
    callOptions(options, { retry: true }),
  );
  return listPage(data.groups);
}
