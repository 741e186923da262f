// SIGINT/SIGTERM while the helper runs (pycti installs no handler): the helper decides what a
// signal does; this only installs the listeners once and removes them when it closes.

/** The exit code a shell reports for a process ended by the signal (128 + its number). */
const SIGNAL_CODES = [["SIGINT", 130], ["SIGTERM", 143]] as const;

export class SignalHandlers {
  #onSignal: (signal: Deno.Signal, code: number) => void;
  #installed: { signal: Deno.Signal; handler: () => void }[] | undefined;

  constructor(onSignal: (signal: Deno.Signal, code: number) => void) {
    this.#onSignal = onSignal;
  }

  install(): void {
    if (this.#installed) return;
    this.#installed = [];
    for (const [signal, code] of SIGNAL_CODES) {
      const handler = () => this.#onSignal(signal, code);
      try {
        Deno.addSignalListener(signal, handler);
        this.#installed.push({ signal, handler });
      } catch {
        // Not every platform has both signals (Windows has no SIGTERM).
      }
    }
  }

  remove(): void {
    for (const { signal, handler } of this.#installed ?? []) {
      Deno.removeSignalListener(signal, handler);
    }
    this.#installed = undefined;
  }
}
