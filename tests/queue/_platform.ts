// The platform side of the push tests: the emulator on the real broker, one registered
// connector, and a publisher to that connector's push exchange.
import type { ConnectorType } from "../../config/mod.ts";
import { AmqpPublisher } from "../../queue/mod.ts";
import { type RegisteredConnector, startRegisteredConnector } from "../_emulator.ts";
import { AMQP_URL } from "../_util.ts";

export interface PushPlatform extends RegisteredConnector {
  publisher: AmqpPublisher;
}

/** Disposing it closes the publisher, then the emulator (which deletes its queues). */
export async function startPushPlatform(
  type: ConnectorType = "EXTERNAL_IMPORT",
): Promise<PushPlatform> {
  await using stack = new AsyncDisposableStack();
  const platform = stack.use(
    await startRegisteredConnector({ name: "Feed", type }, { emulator: { amqpUrl: AMQP_URL } }),
  );
  const { config } = platform.registration;
  const publisher = stack.use(
    new AmqpPublisher({
      connection: config.connection,
      exchange: config.push_exchange,
      routingKey: config.push_routing,
    }),
  );
  const owned = stack.move();
  return { ...platform, publisher, [Symbol.asyncDispose]: () => owned.disposeAsync() };
}
