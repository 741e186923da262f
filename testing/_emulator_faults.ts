/** One scripted GraphQL fault: fail (status or connection cut) or delay the next requests. */
export interface FaultRule {
  kind: "fail" | "delay";
  remaining: number;
  status: number;
  body: string | null;
  reset: boolean;
  delayMs: number;
  operation: string | null;
}

/** The pending faults, consumed in the order they were added. */
export class FaultQueue {
  #rules: FaultRule[] = [];

  add(rule: FaultRule): void {
    if (!(rule.remaining > 0)) {
      throw new RangeError(`Cannot inject a fault: count must be positive, got ${rule.remaining}`);
    }
    this.#rules.push(rule);
  }

  /** The first rule of `kind` matching the operation, counted as used once. */
  take(kind: FaultRule["kind"], operation: string | null): FaultRule | null {
    const rule = this.#rules.find((f) =>
      f.kind === kind && (f.operation === null || f.operation === operation)
    );
    if (!rule) return null;
    if (--rule.remaining <= 0) this.#rules = this.#rules.filter((f) => f !== rule);
    return rule;
  }

  clear(): void {
    this.#rules = [];
  }
}
