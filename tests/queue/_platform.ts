// The platform side of the push tests: the emulator on the real broker, one registered
// connector, and a publisher to that connector's push exchange.
import { type ConnectorRegistration, OpenCTIApiClient, registerConnector } from "../../api/mod.ts";
import type { ConnectorType } from "../../config/mod.ts";
import { AmqpPublisher } from "../../queue/mod.ts";
import { type OpenCTIEmulator, startOpenCTIEmulator } from "../../testing/mod.ts";
import { AMQP_URL } from "../_util.ts";

export interface PushPlatform extends AsyncDisposable {
  emulator: OpenCTIEmulator;
  client: OpenCTIApiClient;
  registration: ConnectorRegistration;
  publisher: AmqpPublisher;
}

/** Disposing it closes the publisher, then the emulator (which deletes its queues). */
export async function startPushPlatform(
  type: ConnectorType = "EXTERNAL_IMPORT",
): Promise<PushPlatform> {
  await using stack = new AsyncDisposableStack();
  const emulator = stack.use(await startOpenCTIEmulator({ amqpUrl: AMQP_URL }));
  const client = new OpenCTIApiClient({ url: emulator.url, token: emulator.token });
  const registration = await registerConnector(client, {
    id: crypto.randomUUID(),
    name: "Feed",
    type,
  });
  const { config } = registration;
  const publisher = stack.use(
    new AmqpPublisher({
      connection: config.connection,
      exchange: config.push_exchange,
      routingKey: config.push_routing,
    }),
  );
  const owned = stack.move();
  return {
    emulator,
    client,
    registration,
    publisher,
    [Symbol.asyncDispose]: () => owned.disposeAsync(),
  };
}
