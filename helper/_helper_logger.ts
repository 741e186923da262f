// The connector logger: pycti's format from the settings, with secrets that can grow once the
// service-account token is known (createLogger fixes its secrets at creation).
import { createLogger, type Logger, type LogMeta } from "../core/logger.ts";
import type { ConnectorSettings } from "../config/connector_settings.ts";
import type { Clock } from "../core/clock.ts";

export class HelperLogger implements Logger {
  #inner: Logger;
  #build: ((secrets: readonly string[]) => Logger) | undefined;
  #secrets: string[];

  /** Wraps a caller's logger as is (the caller owns format and redaction). */
  static wrap(logger: Logger): HelperLogger {
    return new HelperLogger(logger, undefined, []);
  }

  /** pycti's logger: name, level, JSON or plain per the settings; secrets redacted. */
  static fromSettings(
    settings: ConnectorSettings,
    options: { clock: Clock; write?: ((line: string) => void) | undefined },
  ): HelperLogger {
    const build = (secrets: readonly string[]) =>
      createLogger({
        name: settings.connector.name,
        level: settings.connector.logLevel,
        json: settings.opencti.jsonLogging,
        secrets,
        now: () => new Date(options.clock.now()),
        ...(options.write ? { write: options.write } : {}),
      });
    const secrets = [...settings.secretValues];
    return new HelperLogger(build(secrets), build, secrets);
  }

  private constructor(
    inner: Logger,
    build: ((secrets: readonly string[]) => Logger) | undefined,
    secrets: string[],
  ) {
    this.#inner = inner;
    this.#build = build;
    this.#secrets = secrets;
  }

  /** Redacts one more value from now on. */
  addSecret(secret: string): void {
    if (!this.#build || secret === "" || this.#secrets.includes(secret)) return;
    this.#secrets.push(secret);
    this.#inner = this.#build(this.#secrets);
  }

  debug(message: string, meta?: LogMeta): void {
    this.#inner.debug(message, meta);
  }
  info(message: string, meta?: LogMeta): void {
    this.#inner.info(message, meta);
  }
  warning(message: string, meta?: LogMeta): void {
    this.#inner.warning(message, meta);
  }
  error(message: string, meta?: LogMeta): void {
    this.#inner.error(message, meta);
  }
}
