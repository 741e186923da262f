// The SSE request exactly as pycti's ListenStream builds it (platform-protocol §9.1).

const NO_RECOVER = new Set(["no", "none", "No", "None", "false", "False"]);

/** `{url}/stream[/{id}][?recover=…]`; the recover value is not URL-encoded, as in pycti. */
export function buildStreamUrl(
  url: string,
  liveStreamId: string | null | undefined,
  recoverUntil: unknown,
): string {
  let out = `${url.replace(/\/+$/, "")}/stream`;
  if (liveStreamId !== null && liveStreamId !== undefined) out += `/${liveStreamId}`;
  // pycti would send `recover=None` for a null value; no parameter is what it means.
  const recover = recoverUntil === null || recoverUntil === undefined || recoverUntil === false
    ? null
    : String(recoverUntil);
  if (recover !== null && !NO_RECOVER.has(recover)) out += `?recover=${recover}`;
  return out;
}

/** pycti sends `str(value).lower()`: `True` → `"true"`, a string as given, lower-cased. */
export function flagHeader(value: boolean | string): string {
  return String(value).toLowerCase();
}

/** Settings that shape the request headers. */
export interface StreamHeaderSettings {
  token: string;
  listenDelete: boolean | string;
  noDependencies: boolean | string;
  withInferences: boolean | string;
  extra: HeadersInit | undefined;
}

/** Extra headers first, so they can never replace the protocol's own. */
export function buildStreamHeaders(settings: StreamHeaderSettings, lastEventId: string): Headers {
  const headers = new Headers(settings.extra);
  headers.set("authorization", `Bearer ${settings.token}`);
  headers.set("listen-delete", flagHeader(settings.listenDelete));
  headers.set("no-dependencies", flagHeader(settings.noDependencies));
  headers.set("with-inferences", flagHeader(settings.withInferences));
  headers.set("Cache-Control", "no-cache");
  headers.set("Accept", "text/event-stream");
  if (lastEventId !== "") headers.set("Last-Event-ID", lastEventId);
  return headers;
}
