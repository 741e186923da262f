import type { OpenCTIListPage, OpenCTIPageInfo } from "./list_groups.ts";

/** A platform connection as answered (`edges { node }` and `pageInfo`). */
export interface Connection<T> {
  edges?: ({ node: T } | null)[] | null;
  pageInfo?: OpenCTIPageInfo | null;
}

/** The nodes and page info of a connection; missing parts read as empty. */
export function listPage<T>(connection: Connection<T> | null | undefined): OpenCTIListPage<T> {
  const items: T[] = [];
  for (const edge of connection?.edges ?? []) if (edge?.node) items.push(edge.node);
  return { items, pageInfo: connection?.pageInfo ?? null };
}
