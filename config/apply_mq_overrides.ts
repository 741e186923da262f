import type { MqSettings } from "./connector_settings.ts";

/**
 * The broker connection the platform returns at registration (`config.connection`).
 *
 * @example
 * ```ts
 * import type { MqConnectionConfig } from "@octi/connector/config";
 * const connection: MqConnectionConfig = {
 *   host: "rabbitmq", port: 5672, vhost: "/", use_ssl: false, user: "opencti", pass: "secret",
 * };
 * ```
 */
export interface MqConnectionConfig {
  /** Broker host. */
  readonly host: string;
  /** Broker port. */
  readonly port: number;
  /** Virtual host. */
  readonly vhost: string;
  /** Whether to use TLS. */
  readonly use_ssl: boolean;
  /** User name. */
  readonly user: string;
  /** Password. */
  readonly pass: string;
}

/**
 * The broker connection after pycti's `MQ_*` overrides (helper-behaviour §1.3.7): each local
 * value that is set replaces the platform's; unset ones (null) keep it. Returns a new frozen
 * object; the input is not changed.
 *
 * @example
 * ```ts
 * import { applyMqOverrides } from "@octi/connector/config";
 * const platform = {
 *   host: "rabbitmq", port: 5672, vhost: "/", use_ssl: false, user: "opencti", pass: "secret",
 * };
 * const connection = applyMqOverrides(platform, {
 *   host: "127.0.0.1", port: null, vhost: null, useSsl: null, user: null, pass: null,
 * });
 * if (connection.host !== "127.0.0.1" || connection.port !== 5672) throw new Error();
 * ```
 */
export function applyMqOverrides(
  connection: MqConnectionConfig,
  mq: Pick<MqSettings, "host" | "port" | "vhost" | "useSsl" | "user" | "pass">,
): MqConnectionConfig {
  return Object.freeze({
    ...connection,
    host: mq.host ?? connection.host,
    port: mq.port ?? connection.port,
    vhost: mq.vhost ?? connection.vhost,
    use_ssl: mq.useSsl ?? connection.use_ssl,
    user: mq.user ?? connection.user,
    pass: mq.pass ?? connection.pass,
  });
}
