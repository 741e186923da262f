import type { Logger } from "../core/logger.ts";
import { silentLogger } from "../core/logger.ts";
import { readBundleText } from "../stix/read_bundle_text.ts";
import { splitBundle } from "../stix/split_bundle.ts";
import type { StixBundle } from "../stix/types.ts";
import { buildEnvelope, envelopeParts, envelopeSize, envelopeSizeBound } from "./_envelope.ts";
import { AmqpPublishError } from "./amqp_publish_error.ts";
import type { AmqpPublisher } from "./amqp_publisher.ts";

/**
 * Options of {@linkcode BundlePusher}.
 *
 * @example
 * ```ts
 * import { OpenCTIApiClient, pushStixBundle } from "@octi/connector/api";
 * import { BundlePusher, type BundlePusherOptions } from "@octi/connector/queue";
 * const client = new OpenCTIApiClient({ url: "http://localhost:8080", token: "token" });
 * const options: BundlePusherOptions = {
 *   connectorId: "5d3c6d2f-6a3f-4f5d-9d1e-0e8a3a6f2b11",
 *   queueProtocol: "api",
 *   stixBundlePush: (connectorId, bundle, workId) =>
 *     pushStixBundle(client, { connectorId, bundle, workId }),
 * };
 * const pusher = new BundlePusher(options);
 * ```
 */
export interface BundlePusherOptions {
  /** Connector id from the registration (sent with `stixBundlePush`). */
  connectorId: string;
  /**
   * `CONNECTOR_QUEUE_PROTOCOL`: `"amqp"` (default) publishes split chunks, `"api"` sends the
   * whole bundle with `stixBundlePush`; anything else fails at push time, as pycti.
   */
  queueProtocol?: string | undefined;
  /** Publisher to the push exchange; required for `"amqp"`. */
  publisher?: AmqpPublisher | undefined;
  /** `workEdit.addExpectations(id, n)`; failures are logged and ignored, as pycti. */
  addExpectations?: ((workId: string, expectations: number) => Promise<unknown>) | undefined;
  /** `stixBundlePush(connectorId, bundle, work_id)`; required for `"api"`. */
  stixBundlePush?:
    | ((connectorId: string, bundle: string, workId: string | null) => Promise<unknown>)
    | undefined;
  /**
   * Largest message the broker accepts, in bytes; default 16 MiB (RabbitMQ 4's default
   * `max_message_size`). A bundle with a bigger chunk is refused before anything is published.
   */
  maxMessageBytes?: number | undefined;
  /** Called with the number of chunks (or API pushes) delivered: pycti's `bundle_send` metric. */
  onBundleSent?: ((count: number) => void) | undefined;
  /** Logger; default silent. */
  logger?: Logger | undefined;
}

/**
 * Per-bundle options of {@linkcode BundlePusher.push} (pycti's `send_stix2_bundle` kwargs).
 *
 * @example
 * ```ts
 * import type { BundlePushOptions } from "@octi/connector/queue";
 * const options: BundlePushOptions = {
 *   workId: "work_1",
 *   applicantId: "88ec0c6a-13ce-5e39-b486-354fe4a7084f",
 *   entitiesTypes: ["Indicator"],
 *   update: true,
 * };
 * ```
 */
export interface BundlePushOptions {
  /** Work the chunks belong to; expectations are added to it first. */
  workId?: string | null | undefined;
  /** `applicant_id` of the envelope. */
  applicantId?: string | null | undefined;
  /** `draft_id` of the envelope. */
  draftId?: string | null | undefined;
  /** `entities_types` of the envelope; default `[]`. */
  entitiesTypes?: readonly string[] | null | undefined;
  /** `update` of the envelope; default false. */
  update?: boolean | undefined;
  /** Adds `x_opencti_event_version` to every chunk (not with `noSplit`). */
  eventVersion?: string | null | undefined;
  /**
   * Drops objects whose references are missing (pycti's `cleanup_inconsistent_bundle`; not with
   * `noSplit`).
   */
  cleanupInconsistentBundle?: boolean | undefined;
  /**
   * pycti's `no_split`: push the bundle whole, as given, in one message marked `no_split`, for
   * one expectation. The bundle is not split, so `eventVersion` and `cleanupInconsistentBundle`
   * do not apply (as pycti). Default false.
   */
  noSplit?: boolean | undefined;
  /** Aborts publishing (the confirmed chunks are reported by the error). */
  signal?: AbortSignal | undefined;
}

/**
 * What {@linkcode BundlePusher.push} did.
 *
 * @example
 * ```ts
 * import type { BundlePushResult } from "@octi/connector/queue";
 * const summary = (result: BundlePushResult): string =>
 *   `${result.confirmed} of ${result.bundles.length} chunks delivered`;
 * ```
 */
export interface BundlePushResult {
  /**
   * The chunk bundles (JSON text) in emission order: what pycti's `send_stix2_bundle` returns
   * (`[bundle]` with `noSplit`).
   */
  bundles: string[];
  /** The number of chunks (1 with `noSplit`), as added to the work's expectations. */
  expectations: number;
  /** Chunks the broker confirmed (all of them); with `"api"`, all once the platform took it. */
  confirmed: number;
}

const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;

function textOf(bundle: string | StixBundle): string {
  return typeof bundle === "string" ? bundle : JSON.stringify(bundle);
}

// The checks splitBundle makes before splitting, for a bundle pushed whole.
function wholeBundle(bundle: string | StixBundle): { bundles: string[]; expectations: number } {
  const { text, objects } = readBundleText(bundle);
  if (objects === 0) throw new TypeError("Nothing to import");
  return { bundles: [text], expectations: 1 };
}

function objectIdOf(chunk: string): string {
  try {
    const id = (JSON.parse(chunk) as StixBundle).objects?.[0]?.id;
    return typeof id === "string" ? id : "(unknown id)";
  } catch {
    return "(unknown id)";
  }
}

/**
 * The queue path of `sendStix2Bundle`: split the bundle into one-object chunks (stix/),
 * refuse it if any chunk's message would be over the broker's size limit, add the chunk count
 * to the work's expectations, then publish every chunk in pycti's `QUEUE_BUNDLE` envelope with
 * `action_sequence` 1..n through the long-lived {@linkcode AmqpPublisher} (pipelined confirms).
 * With `noSplit` the bundle goes out whole instead, in one message marked `no_split`, for one
 * expectation, under the same size limit. With the `"api"` queue protocol the whole bundle goes
 * through `stixBundlePush` instead, with no expectations and no envelope, as pycti.
 *
 * Delivery: at-least-once. `push` resolves once the broker confirmed every chunk; a chunk
 * republished after a nack, a return or a lost confirm may reach the worker twice. When
 * publishing gives up, the {@linkcode AmqpPublishError} lists the confirmed chunks (the others
 * may or may not have arrived). With `"api"` the platform's answer is the confirmation, and the
 * call is not repeated.
 *
 * @example Send a bundle in a work, as `sendStix2Bundle` does
 * ```ts
 * import {
 *   initiateWork,
 *   OpenCTIApiClient,
 *   registerConnector,
 *   workAddExpectations,
 * } from "@octi/connector/api";
 * import { AmqpPublisher, BundlePusher } from "@octi/connector/queue";
 * import { startOpenCTIEmulator } from "@octi/connector/testing";
 * await using emulator = await startOpenCTIEmulator({
 *   amqpUrl: "amqp://guest:guest@127.0.0.1:5672",
 * });
 * const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
 * const { id, config, connector_user_id } = await registerConnector(client, {
 *   id: crypto.randomUUID(),
 *   name: "Feed",
 *   type: "EXTERNAL_IMPORT",
 * });
 * await using publisher = new AmqpPublisher({
 *   connection: config.connection,
 *   exchange: config.push_exchange,
 *   routingKey: config.push_routing,
 * });
 * const pusher = new BundlePusher({
 *   connectorId: id,
 *   publisher,
 *   addExpectations: (workId, expectations) =>
 *     workAddExpectations(client, { workId, expectations }),
 * });
 * const workId = await initiateWork(client, { connectorId: id, friendlyName: "run" });
 * const { bundles } = await pusher.push({
 *   type: "bundle",
 *   id: "bundle--11111111-1111-4111-8111-111111111111",
 *   objects: [
 *     { type: "identity", id: "identity--aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa", name: "ACME" },
 *     { type: "malware", id: "malware--bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb", name: "Evil" },
 *   ],
 * }, { workId, applicantId: connector_user_id });
 * if (bundles.length !== 2) throw new Error();
 * await emulator.waitFor(() => emulator.state.works.get(workId)?.processed === 2);
 * ```
 */
export class BundlePusher {
  #options: BundlePusherOptions;
  #logger: Logger;

  /** Checks the options; sends nothing. */
  constructor(options: BundlePusherOptions) {
    const max = options.maxMessageBytes;
    if (max !== undefined && !(Number.isInteger(max) && max > 0)) {
      throw new RangeError(`Cannot use maxMessageBytes ${max}: expected a positive integer`);
    }
    this.#options = options;
    this.#logger = options.logger ?? silentLogger;
  }

  /**
   * Splits and pushes one bundle (or pushes it whole with `noSplit`).
   *
   * @throws {StixBundleError} when the bundle is not JSON with an `objects` list.
   * @throws {TypeError} "Nothing to import" when the split yields no chunk (with `noSplit`:
   * when the bundle has no object, where pycti would push it); an unsupported queue protocol;
   * a missing publisher or `stixBundlePush`.
   * @throws {RangeError} when a message is over `maxMessageBytes` (nothing published).
   * @throws {AmqpPublishError} when publishing gave up, with the confirmed chunk indexes.
   */
  async push(
    bundle: string | StixBundle,
    options: BundlePushOptions = {},
  ): Promise<BundlePushResult> {
    const protocol = this.#options.queueProtocol ?? "amqp";
    const noSplit = options.noSplit === true;
    const split = noSplit ? wholeBundle(bundle) : splitBundle(bundle, {
      ...(options.eventVersion ? { eventVersion: options.eventVersion } : {}),
      cleanupInconsistentBundle: options.cleanupInconsistentBundle ?? false,
    });
    const bundles = split.bundles;
    if (bundles.length === 0) throw new TypeError("Nothing to import");
    const workId = options.workId ?? null;
    if (protocol === "api") {
      const push = this.#options.stixBundlePush;
      if (!push) {
        throw new TypeError("Cannot push with the api queue protocol: no stixBundlePush given");
      }
      // With noSplit the one chunk is that text already.
      await push(this.#options.connectorId, noSplit ? bundles[0]! : textOf(bundle), workId);
      this.#options.onBundleSent?.(1);
      return { bundles, expectations: split.expectations, confirmed: bundles.length };
    }
    if (protocol !== "amqp") {
      throw new TypeError(`${protocol}: this queue protocol is not supported`);
    }
    const publisher = this.#options.publisher;
    if (!publisher) throw new TypeError("Cannot push with the amqp queue protocol: no publisher");

    const parts = envelopeParts({
      applicantId: options.applicantId ?? null,
      entitiesTypes: options.entitiesTypes ?? [],
      update: options.update ?? false,
      draftId: options.draftId ?? null,
      noSplit,
      workId,
    });
    const limit = this.#options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
    for (let i = 0; i < bundles.length; i++) {
      if (envelopeSizeBound(parts, i + 1, bundles[i]!) <= limit) continue;
      const size = envelopeSize(parts, i + 1, bundles[i]!);
      if (size > limit) {
        const what = noSplit
          ? `the whole bundle (noSplit) makes a ${size}-byte message`
          : `object ${objectIdOf(bundles[i]!)} makes a ${size}-byte message`;
        throw new RangeError(
          `Cannot push the bundle: ${what}, over the ${limit}-byte limit; nothing was published`,
        );
      }
    }
    if (workId) {
      try {
        await this.#options.addExpectations?.(workId, split.expectations);
      } catch (error) {
        this.#logger.error("Cannot report expectation", { work_id: workId, error });
      }
    }
    try {
      const result = await publisher.publish(
        { length: bundles.length, body: (i) => buildEnvelope(parts, i + 1, bundles[i]!) },
        { signal: options.signal },
      );
      this.#options.onBundleSent?.(result.confirmed);
      this.#logger.debug("Bundle has been sent", { chunks: result.confirmed, work_id: workId });
      return { bundles, expectations: split.expectations, confirmed: result.confirmed };
    } catch (error) {
      if (error instanceof AmqpPublishError) this.#options.onBundleSent?.(error.confirmed);
      throw error;
    }
  }
}
