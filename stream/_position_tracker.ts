import type { StreamEvent } from "./stream_event.ts";

interface Entry {
  id: string;
  // Absent for heartbeat/connected markers, which are "processed" as soon as they arrive.
  event?: StreamEvent;
}

/**
 * The highest stream id behind which every delivered event is processed. Plain callbacks
 * advance it directly; events handed to a consumer that manages the position wait in a FIFO
 * until committed, and heartbeats that arrive behind them wait too, so the position never
 * jumps over an event still buffered in an unflushed batch.
 */
export class PositionTracker {
  #queue: Entry[] = [];
  #position: string;
  #dirty = false;

  constructor(position: string) {
    this.#position = position;
  }

  get position(): string {
    return this.#position;
  }

  get dirty(): boolean {
    return this.#dirty;
  }

  /** A plain callback finished with this event, or a heartbeat arrived. */
  advance(id: string): void {
    if (this.#queue.length > 0) {
      this.#queue.push({ id });
      return;
    }
    this.#position = id;
    this.#dirty = true;
  }

  /** An event was handed to a consumer that will commit it later. */
  hold(event: StreamEvent): void {
    this.#queue.push({ id: event.id, event });
  }

  /** `event` and everything before it are processed; returns false for an unknown event. */
  commit(event: StreamEvent): boolean {
    const index = this.#queue.findIndex((entry) => entry.event === event);
    if (index === -1) return false;
    let end = index + 1;
    while (end < this.#queue.length && this.#queue[end]!.event === undefined) end++;
    this.#position = this.#queue[end - 1]!.id;
    this.#queue.splice(0, end);
    this.#dirty = true;
    return true;
  }

  /** The position was written to the state. */
  saved(): void {
    this.#dirty = false;
  }

  /** Starts over from `position`, forgetting every held event (after a state reset). */
  reset(position: string): void {
    this.#queue = [];
    this.#position = position;
    this.#dirty = false;
  }
}
