// String -> dense integer table for the ids of a bundle, faster than a Map<string, number>
// on this job: it hashes only the last 12 characters (the random tail of a UUID), where a
// Map hashes every character of each freshly parsed reference string, and it keeps each
// entry's hash next to its slot, so that a probe only reads a key string when the hashes
// match. If that hash ever clusters (ids that differ only near their start), the table
// switches to hashing every character. Hashes are seeded per table, so crafted ids cannot aim
// at a known layout.

const TAIL = 12;
const MAX_PROBE = 64;
const EMPTY = -1;

function hash(key: string, seed: number, full: boolean): number {
  const n = key.length;
  let h = seed ^ n;
  const end = full || n <= TAIL ? 0 : n - TAIL;
  for (let i = n - 1; i >= end; i--) h = Math.imul(h ^ key.charCodeAt(i), 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** Interns strings as slots 0, 1, 2, ... and finds them again. */
export class IdTable {
  /** The string of each slot. */
  readonly keys: string[];
  /** Number of slots. */
  size = 0;
  /** Open addressing: position p holds [slot, hash] at 2p, 2p + 1 (slot EMPTY when free). */
  private table: Int32Array;
  private mask: number;
  private full = false;
  private readonly seed: number = (Math.random() * 0x100000000) | 0;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 2) capacity *= 2;
    this.table = new Int32Array(2 * capacity).fill(EMPTY);
    this.mask = capacity - 1;
    this.keys = new Array(expected);
  }

  /** Slot of `key`, or -1. */
  get(key: string): number {
    const table = this.table;
    const keys = this.keys;
    const mask = this.mask;
    const h = hash(key, this.seed, this.full);
    for (let p = h & mask;; p = (p + 1) & mask) {
      const slot = table[2 * p]!;
      if (slot === EMPTY || (table[2 * p + 1] === h && keys[slot] === key)) return slot;
    }
  }

  /** Slot of `key`, added if new. */
  intern(key: string): number {
    const table = this.table;
    const keys = this.keys;
    const mask = this.mask;
    const h = hash(key, this.seed, this.full);
    let probes = 0;
    for (let p = h & mask;; p = (p + 1) & mask) {
      const slot = table[2 * p]!;
      if (slot === EMPTY) {
        const added = this.size++;
        keys[added] = key;
        table[2 * p] = added;
        table[2 * p + 1] = h;
        if (added * 2 >= mask) this.rebuild(this.full, 2);
        else if (probes > MAX_PROBE && !this.full) this.rebuild(true, 1);
        return added;
      }
      if (table[2 * p + 1] === h && keys[slot] === key) return slot;
      probes++;
    }
  }

  private rebuild(full: boolean, growth: number): void {
    this.full = full;
    const capacity = (this.mask + 1) * growth;
    const table = new Int32Array(2 * capacity).fill(EMPTY);
    const mask = capacity - 1;
    const keys = this.keys;
    for (let slot = 0; slot < this.size; slot++) {
      const h = hash(keys[slot]!, this.seed, full);
      let p = h & mask;
      while (table[2 * p] !== EMPTY) p = (p + 1) & mask;
      table[2 * p] = slot;
      table[2 * p + 1] = h;
    }
    this.table = table;
    this.mask = mask;
  }
}
