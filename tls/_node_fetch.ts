// A `fetch` over node:https, for the one case Deno's fetch cannot do: rejectUnauthorized: false
// (Deno.createHttpClient has no option to skip verification; only a process-wide CLI flag).
// Streams the response body (for SSE), honours AbortSignal and follows redirects like fetch.
import type { Buffer } from "node:buffer";
import type { IncomingMessage } from "node:http";
import https from "node:https";

const NULL_BODY_STATUS = new Set([101, 103, 204, 205, 304]);
const REDIRECT_STATUS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 20;

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The signal has been aborted", "AbortError");
}

function responseFrom(
  res: IncomingMessage,
  method: string,
  signal: AbortSignal,
  done: () => void,
): Response {
  const headers = new Headers();
  for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
    headers.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
  }
  const status = res.statusCode ?? 502;
  const init = { status, statusText: res.statusMessage ?? "", headers };
  if (method === "HEAD" || NULL_BODY_STATUS.has(status)) {
    res.resume();
    res.once("end", done);
    return new Response(null, init);
  }
  let finished = false;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const fail = (error: unknown) => {
        if (finished) return;
        finished = true;
        done();
        controller.error(error);
      };
      res.on("data", (chunk: Buffer) => {
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) res.pause();
      });
      res.once("end", () => {
        if (finished) return;
        finished = true;
        done();
        controller.close();
      });
      res.once("error", fail);
      res.once("aborted", () => fail(new TypeError("The connection was closed mid-response")));
      signal.addEventListener("abort", () => {
        fail(abortReason(signal));
        res.destroy();
      }, { once: true });
    },
    pull() {
      res.resume();
    },
    cancel() {
      finished = true;
      done();
      res.destroy();
    },
  });
  return new Response(body, init);
}

function send(
  agent: https.Agent,
  url: URL,
  method: string,
  headers: Headers,
  body: Uint8Array | undefined,
  signal: AbortSignal,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(abortReason(signal));
    const outgoing: Record<string, string> = {};
    headers.forEach((value, name) => (outgoing[name] = value));
    if (body !== undefined) outgoing["content-length"] = String(body.byteLength);
    const onAbort = () => {
      req.destroy();
      reject(abortReason(signal));
    };
    const req = https.request(url, { method, headers: outgoing, agent }, (res) => {
      resolve(
        responseFrom(res, method, signal, () => signal.removeEventListener("abort", onAbort)),
      );
    });
    signal.addEventListener("abort", onAbort, { once: true });
    req.once("error", (error) => {
      signal.removeEventListener("abort", onAbort);
      reject(new TypeError(`fetch failed: ${error.message}`, { cause: error }));
    });
    req.end(body);
  });
}

/** A `fetch` whose https requests go through `agent`; http requests use the global fetch. */
export function nodeFetch(agent: https.Agent): typeof fetch {
  return async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init);
    const signal = request.signal;
    let url = new URL(request.url);
    if (url.protocol !== "https:") return await fetch(request);
    let method = request.method;
    let body = request.body === null ? undefined : new Uint8Array(await request.arrayBuffer());
    const headers = new Headers(request.headers);
    for (let hops = 0;; hops++) {
      const response = await send(agent, url, method, headers, body, signal);
      const location = response.headers.get("location");
      if (!REDIRECT_STATUS.has(response.status) || location === null) return response;
      if (request.redirect === "manual") return response;
      await response.body?.cancel();
      if (request.redirect === "error") {
        throw new TypeError(`fetch failed: redirect to ${location} with redirect mode "error"`);
      }
      if (hops >= MAX_REDIRECTS) throw new TypeError("fetch failed: too many redirects");
      const next = new URL(location, url);
      if (next.protocol !== "https:") {
        throw new TypeError(`fetch failed: redirect to ${next.protocol} is not followed`);
      }
      if (
        response.status === 303 || ((response.status === 301 || response.status === 302) &&
          method === "POST")
      ) {
        method = method === "HEAD" ? "HEAD" : "GET";
        body = undefined;
        headers.delete("content-type");
      }
      if (next.origin !== url.origin) headers.delete("authorization");
      url = next;
    }
  };
}
