/**
 * Which piece of TLS material a {@linkcode TlsMaterialError} is about.
 *
 * @example
 * ```ts
 * import { TlsMaterialError, type TlsMaterialPart } from "@octi/connector/tls";
 * const part: TlsMaterialPart = new TlsMaterialError("no key", { part: "key", problem: "missing" }).part;
 * if (part !== "key") throw new Error();
 * ```
 */
export type TlsMaterialPart = "ca" | "cert" | "key";

/**
 * Why TLS material could not be used.
 *
 * @example
 * ```ts
 * import { TlsMaterialError, type TlsMaterialProblem } from "@octi/connector/tls";
 * const retryable = (problem: TlsMaterialProblem): boolean => problem === "unreadable";
 * if (retryable(new TlsMaterialError("wrong passphrase", { part: "key", problem: "bad-passphrase" }).problem)) {
 *   throw new Error();
 * }
 * ```
 */
export type TlsMaterialProblem =
  | "missing"
  | "not-found"
  | "unreadable"
  | "not-pem"
  | "invalid"
  | "passphrase-required"
  | "bad-passphrase"
  | "key-mismatch";

/**
 * Options of the {@linkcode TlsMaterialError} constructor.
 *
 * @example
 * ```ts
 * import { TlsMaterialError, type TlsMaterialErrorOptions } from "@octi/connector/tls";
 * const options: TlsMaterialErrorOptions = { part: "cert", problem: "missing" };
 * const error = new TlsMaterialError("No certificate is set", options);
 * if (error.part !== "cert") throw new Error();
 * ```
 */
export interface TlsMaterialErrorOptions extends ErrorOptions {
  /** The CA, the certificate or the private key. */
  part: TlsMaterialPart;
  /** What is wrong with it. */
  problem: TlsMaterialProblem;
}

/**
 * A CA, certificate or private key cannot be used: missing, unreadable, not PEM, not valid,
 * encrypted without (or with a wrong) passphrase, or not matching its certificate. The message
 * names the file path when there is one, never key material or a passphrase.
 *
 * @example
 * ```ts
 * import { resolveTlsOptions, TlsMaterialError } from "@octi/connector/tls";
 * try {
 *   await resolveTlsOptions({ ca: "/nonexistent/ca.pem" });
 *   throw new Error("unreachable");
 * } catch (error) {
 *   if (!(error instanceof TlsMaterialError) || error.problem !== "not-found") throw error;
 * }
 * ```
 */
export class TlsMaterialError extends Error {
  /** Always `"TlsMaterialError"`. */
  override readonly name: string = "TlsMaterialError";
  /** The CA, the certificate or the private key. */
  readonly part: TlsMaterialPart;
  /** What is wrong with it. */
  readonly problem: TlsMaterialProblem;

  /** Builds the error; `message` must not contain key material or a passphrase. */
  constructor(message: string, options: TlsMaterialErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.part = options.part;
    this.problem = options.problem;
  }
}
