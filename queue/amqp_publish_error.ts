/**
 * Options of {@linkcode AmqpPublishError}.
 *
 * @example
 * ```ts
 * import { AmqpPublishError, type AmqpPublishErrorOptions } from "@octi/connector/queue";
 * const options: AmqpPublishErrorOptions = { total: 3, confirmedIndexes: [0] };
 * const error = new AmqpPublishError("Cannot publish: nacked 5 times", options);
 * if (error.confirmed !== 1) throw new Error();
 * ```
 */
export interface AmqpPublishErrorOptions {
  /** Number of messages the call had to publish. */
  total: number;
  /** Indexes (into the call's messages) of those the broker confirmed, ascending. */
  confirmedIndexes: readonly number[];
  /** The last failure (nack, return, lost channel, connection error, abort). */
  cause?: unknown;
}

/**
 * A publish call gave up: a message was still nacked, returned or unconfirmed after the
 * bounded retries, the broker could not be reached, or the call was aborted. It says exactly
 * which messages the broker confirmed (those are delivered; the others may or may not be).
 *
 * @example
 * ```ts
 * import { AmqpPublishError } from "@octi/connector/queue";
 * const error = new AmqpPublishError("Cannot publish: nacked 5 times", {
 *   total: 3,
 *   confirmedIndexes: [0, 2],
 * });
 * if (error.confirmed !== 2 || error.message.includes("2 of 3") === false) throw new Error();
 * ```
 */
export class AmqpPublishError extends Error {
  /** Number of messages the call had to publish. */
  readonly total: number;
  /** Number of messages the broker confirmed. */
  readonly confirmed: number;
  /** Indexes of the confirmed messages, ascending. */
  readonly confirmedIndexes: readonly number[];

  /** `reason` says why; the message adds how many messages were confirmed. */
  constructor(reason: string, options: AmqpPublishErrorOptions) {
    super(
      `${reason} (${options.confirmedIndexes.length} of ${options.total} messages confirmed)`,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = "AmqpPublishError";
    this.total = options.total;
    this.confirmed = options.confirmedIndexes.length;
    this.confirmedIndexes = options.confirmedIndexes;
  }
}
