import type { Clock } from "../core/clock.ts";

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

/**
 * A manual {@linkcode Clock} for tests: time moves only when {@linkcode FakeClock.tick} is
 * called, and due timers fire in time order, with pending promise jobs settled between them,
 * so code under test sees the same sequence it would in real time.
 *
 * @example
 * ```ts
 * import { FakeClock } from "@octi/connector/testing";
 * import { sleep } from "@octi/connector/core";
 * const clock = new FakeClock(0);
 * let woke = false;
 * const done = sleep(60_000, { clock }).then(() => woke = true);
 * await clock.tick(60_000);
 * await done;
 * if (!woke) throw new Error("sleep did not end");
 * ```
 */
export class FakeClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers: Timer[] = [];

  /** Starts at `start` ms since the epoch (default: 2026-01-01T00:00:00Z). */
  constructor(start: number = Date.UTC(2026, 0, 1)) {
    this.#now = start;
  }

  /** The fake current time. */
  now(): number {
    return this.#now;
  }

  /** Schedules `fn` at now + `ms`. */
  setTimeout(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#timers.push({ id, at: this.#now + Math.max(0, ms), fn });
    return id;
  }

  /** Cancels a pending timer. */
  clearTimeout(handle: number): void {
    this.#timers = this.#timers.filter((t) => t.id !== handle);
  }

  /** Number of timers not yet fired. */
  get pending(): number {
    return this.#timers.length;
  }

  /**
   * Advances time by `ms`, firing every timer that falls due (including ones scheduled by
   * timers fired on the way), and lets promise jobs run after each.
   */
  async tick(ms: number): Promise<void> {
    const target = this.#now + ms;
    await flushJobs();
    for (;;) {
      const next = this.#timers.reduce<Timer | undefined>(
        (
          min,
          t,
        ) => (t.at <= target && (!min || t.at < min.at || (t.at === min.at && t.id < min.id))
          ? t
          : min),
        undefined,
      );
      if (!next) break;
      this.#timers = this.#timers.filter((t) => t !== next);
      this.#now = Math.max(this.#now, next.at);
      next.fn();
      await flushJobs();
    }
    this.#now = target;
    await flushJobs();
  }

  /** Advances to the next pending timer and fires it; returns false when none is pending. */
  async next(): Promise<boolean> {
    await flushJobs();
    const first = this.#timers.reduce<Timer | undefined>(
      (min, t) => (!min || t.at < min.at ? t : min),
      undefined,
    );
    if (!first) return false;
    await this.tick(first.at - this.#now);
    return true;
  }
}

async function flushJobs(): Promise<void> {
  // A macrotask turn lets every queued promise job (and I/O callbacks already due) run.
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setTimeout(resolve, 0));
}
