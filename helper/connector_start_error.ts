/** The start-up step of {@linkcode ConnectorStartError}, in the order the helper runs them. */
export type ConnectorStartStep =
  | "service_account"
  | "health_check"
  | "metrics"
  | "registration"
  | "broker_settings";

/**
 * Why the start failed: the platform could not be reached (network error, timeout, 5xx), it
 * refused the token (`AUTH_REQUIRED`, HTTP 401/403), or it (or a local resource such as the
 * metrics port) rejected the request for another reason.
 */
export type ConnectorStartFailure = "unreachable" | "unauthorized" | "rejected";

/**
 * Thrown by `OpenCTIConnectorHelper.create` when the connector cannot start. Nothing the
 * helper opened before the failure is left running. The token never appears in the message.
 *
 * @example
 * ```ts
 * import { ConnectorStartError } from "@octi/connector/helper";
 * const error = new ConnectorStartError(
 *   'Cannot start connector "My Feed": OpenCTI API is not reachable at http://127.0.0.1:1',
 *   { step: "health_check", failure: "unreachable" },
 * );
 * if (error.failure !== "unreachable" || error.name !== "ConnectorStartError") throw new Error();
 * ```
 */
export class ConnectorStartError extends Error {
  /** The step that failed. */
  readonly step: ConnectorStartStep;
  /** What kind of failure it was. */
  readonly failure: ConnectorStartFailure;

  /** Builds the error; `options.cause` keeps the underlying failure. */
  constructor(
    message: string,
    init: { step: ConnectorStartStep; failure: ConnectorStartFailure },
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "ConnectorStartError";
    this.step = init.step;
    this.failure = init.failure;
  }
}
