// PingAlive (platform-protocol §5): the only way the connector state reaches the platform.
import type { OpenCTIApiClient } from "../api/opencti_api_client.ts";
import { pingConnector } from "../api/ping_connector.ts";
import type { Clock } from "../core/clock.ts";
import type { Logger } from "../core/logger.ts";
import { sleep } from "../core/sleep.ts";
import type { ConnectorStateObject } from "../stream/stream_state_store.ts";
import {
  type ConnectorStateCell,
  parseConnectorState,
  sameConnectorState,
} from "./_connector_state.ts";
import { reasonOf } from "./_reason_of.ts";
import type { ConnectorInfo } from "./connector_info.ts";
import type { OpenCTIMetricHandler } from "./metric_handler.ts";

export interface PingerOptions {
  client: OpenCTIApiClient;
  connectorId: string;
  state: ConnectorStateCell;
  info: ConnectorInfo;
  metrics: OpenCTIMetricHandler;
  logger: Logger;
  clock: Clock;
  intervalMs: number;
}

/** Sends pings one at a time (a ping never overtakes another), in a loop or on demand. */
export class Pinger {
  #options: PingerOptions;
  #chain: Promise<unknown> = Promise.resolve();
  #inError = false;
  #loop: Promise<void> | undefined;
  #stop = new AbortController();

  constructor(options: PingerOptions) {
    this.#options = options;
  }

  /** Starts the loop: a ping now, then one every interval. */
  start(): void {
    this.#loop ??= this.#run();
  }

  /** Ends the loop after the ping in flight, if any. */
  async stop(): Promise<void> {
    this.#stop.abort();
    await this.#loop;
    await this.#chain;
  }

  async #run(): Promise<void> {
    const { clock, intervalMs } = this.#options;
    while (!this.#stop.signal.aborted) {
      await this.pingAlive(this.#stop.signal);
      try {
        await sleep(intervalMs, { clock, signal: this.#stop.signal });
      } catch {
        return; // stopped
      }
    }
  }

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#chain.then(task);
    this.#chain = run.catch(() => {});
    return run;
  }

  async #ping(
    state: ConnectorStateObject | null,
    signal: AbortSignal | undefined,
  ): Promise<ConnectorStateObject | null> {
    const { client, connectorId, info } = this.#options;
    const result = await pingConnector(client, {
      id: connectorId,
      state,
      connectorInfo: info.allDetails,
    }, { signal });
    return parseConnectorState(result.connector_state);
  }

  /**
   * One PingAlive iteration. A remote state different from the one sent (a reset or an edit in
   * the UI) is adopted as is — pycti clears the local state instead (its issue #17472).
   * Aborting `signal` abandons the ping.
   */
  pingAlive(signal?: AbortSignal): Promise<void> {
    return this.#serial(async () => {
      const { state, metrics, logger } = this.#options;
      const initial = state.get();
      try {
        const remote = await this.#ping(initial, signal);
        if (!sameConnectorState(initial, remote)) {
          state.set(remote);
          logger.info("Connector state has been remotely reset", { state: state.get() });
        }
        if (this.#inError) {
          this.#inError = false;
          logger.info("API Ping back to normal");
        }
        metrics.inc("ping_api_count");
      } catch (error) {
        if (signal?.aborted) return; // abandoned on purpose: stopping
        this.#inError = true;
        metrics.inc("ping_api_error");
        logger.error("Error pinging the API", { reason: reasonOf(error), error });
      }
    });
  }

  /**
   * pycti's `force_ping`: pings with the local state and, when the platform answers another
   * one, pings again with the local state so that it wins. Errors are logged and counted.
   */
  forcePing(): Promise<void> {
    return this.#serial(async () => {
      const { state, metrics, logger } = this.#options;
      const initial = state.get();
      try {
        const remote = await this.#ping(initial, undefined);
        if (!sameConnectorState(initial, remote)) await this.#ping(initial, undefined);
      } catch (error) {
        metrics.inc("error_count");
        logger.error("Error pinging the API", { reason: reasonOf(error), error });
      }
    });
  }
}
