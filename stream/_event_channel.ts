import type { StreamEvent } from "./stream_event.ts";

type Pull = {
  resolve: (result: IteratorResult<StreamEvent>) => void;
  reject: (error: unknown) => void;
};

/**
 * Hands events to one `for await` consumer, one at a time. An event counts as processed when
 * the consumer asks for the next one; `deliver` resolves true then, or false when the
 * iteration ended first (the event stays uncommitted and is delivered again next start).
 */
export class EventChannel {
  #slot: StreamEvent | undefined;
  #ack: ((processed: boolean) => void) | undefined;
  #taken = false;
  #pull: Pull | undefined;
  #ended = false;
  #error: unknown = undefined;
  #onReturn: () => void;

  /** `onReturn` runs when the consumer leaves the loop early (break, throw, return). */
  constructor(onReturn: () => void) {
    this.#onReturn = onReturn;
  }

  deliver(event: StreamEvent): Promise<boolean> {
    if (this.#ended) return Promise.resolve(false);
    return new Promise((resolve) => {
      this.#ack = resolve;
      this.#taken = false;
      if (this.#pull) {
        const pull = this.#pull;
        this.#pull = undefined;
        this.#taken = true;
        pull.resolve({ value: event, done: false });
      } else {
        this.#slot = event;
      }
    });
  }

  /** No more events: pending and future pulls end the loop, or throw `error` if given. */
  end(error?: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#error = error;
    this.#settleAck(false);
    const pull = this.#pull;
    this.#pull = undefined;
    if (pull) this.#finish(pull);
  }

  iterator(): AsyncIterableIterator<StreamEvent> {
    const next = (): Promise<IteratorResult<StreamEvent>> => {
      if (this.#taken) this.#settleAck(true);
      if (this.#slot !== undefined) {
        const value = this.#slot;
        this.#slot = undefined;
        this.#taken = true;
        return Promise.resolve({ value, done: false });
      }
      return new Promise((resolve, reject) => {
        const pull = { resolve, reject };
        if (this.#ended) this.#finish(pull);
        else this.#pull = pull;
      });
    };
    const iterator: AsyncIterableIterator<StreamEvent> = {
      next,
      return: (): Promise<IteratorResult<StreamEvent>> => {
        this.#onReturn();
        this.end();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  #settleAck(processed: boolean): void {
    const ack = this.#ack;
    this.#ack = undefined;
    this.#taken = false;
    this.#slot = undefined;
    ack?.(processed);
  }

  #finish(pull: Pull): void {
    if (this.#error !== undefined) pull.reject(this.#error);
    else pull.resolve({ value: undefined, done: true });
  }
}
