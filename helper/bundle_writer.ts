import { serializeBundle } from "../stix/serialize_bundle.ts";
import type { StixObject } from "../stix/types.ts";
import type { SendStix2BundleOptions, SendStix2BundleResult } from "./send_stix2_bundle.ts";

/** Sends one bundle; `OpenCTIConnectorHelper.sendStix2Bundle` fits. */
export type BundleWriterSend = (
  bundle: string,
  options: SendStix2BundleOptions,
) => Promise<SendStix2BundleResult>;

/** Options of {@linkcode BundleWriter} (and `OpenCTIConnectorHelper.bundleWriter`). */
export interface BundleWriterOptions {
  /** Work every send belongs to (its expectations add up). Default: the running job's. */
  workId?: string | null | undefined;
  /** Send once this many objects are buffered. Default 1 000. */
  flushObjects?: number | undefined;
  /** Send once the buffered objects' JSON reaches this many bytes (UTF-8). Default 5 000 000. */
  flushBytes?: number | undefined;
  /** Other options of each send (`entitiesTypes`, `update`, `cleanupInconsistentBundle`…). */
  send?: Omit<SendStix2BundleOptions, "workId"> | undefined;
}

/** Totals of a {@linkcode BundleWriter}. */
export interface BundleWriterSummary {
  /** Objects written. */
  objects: number;
  /** Bundles sent (flushes). */
  sends: number;
  /** Expectations of all sends (chunks pushed). */
  expectations: number;
  /** Messages the broker (or platform) confirmed, over all sends. */
  confirmed: number;
}

function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for 2 code units
      i++;
    } else bytes += 2;
  }
  return bytes;
}

function checkPositive(name: string, value: number): number {
  if (!Number.isInteger(value) || value <= 0) {
    throw new RangeError(
      `Cannot create a bundle writer: ${name} must be a positive integer, got ${value}`,
    );
  }
  return value;
}

/**
 * Streams a feed too large for memory into the platform: objects are written one at a time
 * (or from an iterable) and sent as separate bundles of at most `flushObjects` objects or
 * `flushBytes` bytes, all in the same work. Only one bundle's objects are held at once, as
 * JSON text. Writes wait while a send runs, so awaiting each `write` bounds memory.
 *
 * A failed send fails that `write`/`flush`/`close` with the send's error and every later call
 * with the same error; what earlier sends delivered stays delivered (see {@linkcode summary}).
 *
 * Beyond pycti, which builds and sends one whole bundle.
 *
 * @example
 * ```ts
 * import { BundleWriter } from "@octi/connector/helper";
 * const sizes: number[] = [];
 * const writer = new BundleWriter(async (bundle) => {
 *   const objects = JSON.parse(bundle).objects.length;
 *   sizes.push(objects);
 *   return {
 *     bundles: [], expectations: objects,
 *     delivered: { playbook: false, validation: null, draftId: null, directory: null, s3: null, queue: "amqp", confirmed: objects },
 *   };
 * }, { workId: "work_1", flushObjects: 2 });
 * for (let i = 0; i < 5; i++) {
 *   await writer.write({ type: "indicator", id: `indicator--00000000-0000-4000-8000-00000000000${i}` });
 * }
 * const summary = await writer.close();
 * if (sizes.join() !== "2,2,1" || summary.expectations !== 5) throw new Error(sizes.join());
 * ```
 */
export class BundleWriter implements AsyncDisposable {
  #send: BundleWriterSend;
  #options: SendStix2BundleOptions;
  #flushObjects: number;
  #flushBytes: number;
  #parts: string[] = [];
  #bytes = 0;
  #inflight: Promise<void> = Promise.resolve();
  #failure: { error: unknown } | undefined;
  #closed = false;
  #summary: BundleWriterSummary = { objects: 0, sends: 0, expectations: 0, confirmed: 0 };

  /** Creates a writer sending through `send`; nothing is sent before the first flush. */
  constructor(send: BundleWriterSend, options: BundleWriterOptions = {}) {
    this.#send = send;
    this.#flushObjects = checkPositive("flushObjects", options.flushObjects ?? 1_000);
    this.#flushBytes = checkPositive("flushBytes", options.flushBytes ?? 5_000_000);
    this.#options = {
      ...options.send,
      ...(options.workId !== undefined ? { workId: options.workId } : {}),
    };
  }

  /** Totals so far. */
  get summary(): BundleWriterSummary {
    return { ...this.#summary };
  }

  #check(what: string): void {
    if (this.#failure) throw this.#failure.error;
    if (this.#closed) throw new TypeError(`Cannot ${what}: the bundle writer is closed`);
  }

  /**
   * Buffers one object (or the JSON text of one object) and sends the buffer when it is full.
   * Await it before writing the next object.
   */
  async write(object: StixObject | string): Promise<void> {
    this.#check("write an object");
    const text = typeof object === "string" ? object : JSON.stringify(object);
    if (typeof text !== "string") {
      throw new TypeError("Cannot write the object: it has no JSON representation");
    }
    this.#parts.push(text);
    this.#bytes += utf8Length(text) + 1;
    this.#summary.objects++;
    if (this.#parts.length >= this.#flushObjects || this.#bytes >= this.#flushBytes) {
      await this.flush();
    }
  }

  /** Writes every object of a (possibly async) iterable, in order. */
  async writeAll(
    objects: Iterable<StixObject | string> | AsyncIterable<StixObject | string>,
  ): Promise<void> {
    for await (const object of objects) await this.write(object);
  }

  /** Sends what is buffered now (nothing when empty) and waits for every send. */
  async flush(): Promise<void> {
    this.#check("flush");
    const parts = this.#parts;
    this.#parts = [];
    this.#bytes = 0;
    if (parts.length > 0) {
      const run = this.#inflight.then(() => this.#deliver(parts));
      this.#inflight = run.catch((error) => {
        this.#failure ??= { error };
      });
    }
    await this.#inflight;
    if (this.#failure) throw this.#failure.error;
  }

  async #deliver(parts: string[]): Promise<void> {
    if (this.#failure) return;
    const bundle = serializeBundle(`bundle--${crypto.randomUUID()}`, parts);
    parts.length = 0;
    const result = await this.#send(bundle, this.#options);
    this.#summary.sends++;
    this.#summary.expectations += result.expectations;
    this.#summary.confirmed += result.delivered.confirmed;
  }

  /** Sends the rest, then refuses further writes. Resolves with the totals. */
  async close(): Promise<BundleWriterSummary> {
    if (!this.#closed) {
      await this.flush();
      this.#closed = true;
    }
    return this.summary;
  }

  /** Same as {@linkcode BundleWriter.close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#closed && !this.#failure) await this.close();
  }
}
