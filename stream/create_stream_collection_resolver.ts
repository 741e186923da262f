import type { StreamCollectionInfo } from "../api/get_stream_collection.ts";

/**
 * Runs the `StreamCollection` query, e.g. `(id) => getStreamCollection(client, id)` from
 * api/; `null` when the platform has no such collection.
 */
export type StreamCollectionQuery = (id: string) => Promise<StreamCollectionInfo | null>;

/** Returns the collection of a live stream id; see {@linkcode createStreamCollectionResolver}. */
export type StreamCollectionResolver = (
  liveStreamId: string | null | undefined,
) => Promise<StreamCollectionInfo | null>;

/**
 * pycti's `get_stream_collection()` around an injected query: no id is an error, `live` and
 * `raw` are answered locally without a request, and any other id is queried once and cached
 * (a `null` answer too; a failed query is not cached).
 *
 * @example
 * ```ts
 * import { createStreamCollectionResolver } from "@octi/connector/stream";
 * const queried: string[] = [];
 * const resolve = createStreamCollectionResolver((id) => {
 *   queried.push(id);
 *   return Promise.resolve({
 *     id,
 *     name: "Indicators",
 *     description: null,
 *     stream_live: true,
 *     stream_public: false,
 *   });
 * });
 * const live = await resolve("live");
 * if (live?.name !== "live" || queried.length !== 0) throw new Error("live is local");
 * await resolve("a0a7");
 * await resolve("a0a7");
 * if (queried.join() !== "a0a7") throw new Error("cached per id");
 * ```
 */
export function createStreamCollectionResolver(
  query: StreamCollectionQuery,
): StreamCollectionResolver {
  const cache = new Map<string, Promise<StreamCollectionInfo | null>>();
  return (liveStreamId) => {
    if (liveStreamId === null || liveStreamId === undefined) {
      return Promise.reject(new TypeError("This connector is not connected to any stream"));
    }
    if (liveStreamId === "live" || liveStreamId === "raw") {
      return Promise.resolve({
        id: liveStreamId,
        name: liveStreamId,
        description: liveStreamId,
        stream_live: true,
        stream_public: false,
      });
    }
    let answer = cache.get(liveStreamId);
    if (!answer) {
      answer = query(liveStreamId);
      cache.set(liveStreamId, answer);
      answer.catch(() => cache.delete(liveStreamId));
    }
    return answer;
  };
}
