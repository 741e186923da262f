// Shared by the test files that run against the emulator: a connector's environment pointed at
// it, and an emulator with one connector registered through a real client.
import {
  type ConnectorRegistration,
  OpenCTIApiClient,
  registerConnector,
  type RegisterConnectorInput,
} from "../api/mod.ts";
import type { Clock } from "../core/mod.ts";
import {
  type OpenCTIEmulator,
  type OpenCTIEmulatorOptions,
  startOpenCTIEmulator,
} from "../testing/mod.ts";

/** `OPENCTI_URL` and `OPENCTI_TOKEN` of `emulator`, a fresh `CONNECTOR_ID`, then `extra`. */
export function emulatorEnv(
  emulator: OpenCTIEmulator,
  extra: Record<string, string> = {},
): Map<string, string> {
  return new Map(Object.entries({
    OPENCTI_URL: emulator.url,
    OPENCTI_TOKEN: emulator.token,
    CONNECTOR_ID: crypto.randomUUID(),
    ...extra,
  }));
}

/** What {@linkcode startRegisteredConnector} started; disposing it closes the emulator. */
export interface RegisteredConnector extends AsyncDisposable {
  emulator: OpenCTIEmulator;
  /** The client the connector was registered with (the emulator's token). */
  client: OpenCTIApiClient;
  registration: ConnectorRegistration;
}

/**
 * Starts an emulator (on the real broker when `options.emulator.amqpUrl` is set) and registers
 * `connector` (id: a fresh UUID unless given). Closing the emulator deletes its queues.
 */
export async function startRegisteredConnector(
  connector: Omit<RegisterConnectorInput, "id"> & { id?: string },
  options: { emulator?: OpenCTIEmulatorOptions; clock?: Clock } = {},
): Promise<RegisteredConnector> {
  await using stack = new AsyncDisposableStack();
  const emulator = stack.use(await startOpenCTIEmulator(options.emulator));
  const client = new OpenCTIApiClient({
    url: emulator.url,
    token: emulator.token,
    clock: options.clock,
  });
  const registration = await registerConnector(client, { id: crypto.randomUUID(), ...connector });
  const owned = stack.move();
  return {
    emulator,
    client,
    registration,
    [Symbol.asyncDispose]: () => owned.disposeAsync(),
  };
}
