// Bundle push throughput: `deno run -A bench/push.ts`.
//
// Publishes the 10,000-object synthetic feed (gen_bundle.py --objects 10000 --seed 42) into
// RabbitMQ on 127.0.0.1:5672 through the real send path (BundlePusher: split with stix/,
// pycti's QUEUE_BUNDLE envelope, one long-lived AmqpPublisher with pipelined confirms) and
// compares it with the floor: a bare amqplib confirm channel publishing the same pre-built
// message bodies with the same confirm window, to the same durable queue, in the same run.
// Both paths run ROUNDS times, alternating (and alternating which goes first), each on an
// already open connection; the figures are the fastest round of each (the broker's own
// throughput varies by ±15% between rounds on a 2-core machine). Prints one JSON line:
// {"messages","bytes","send_s","floor_s","ratio","msgs_per_s","peak_rss_mb"}.
import amqp from "amqplib";
import { Buffer } from "node:buffer";
import { splitBundle } from "../stix/mod.ts";
import { AmqpPublisher, buildQueueBundleMessage, BundlePusher } from "../queue/mod.ts";

const OBJECTS = 10_000;
const SEED = 42;
const WINDOW = 256;
const ROUNDS = 9;
const APPLICANT = "88ec0c6a-13ce-5e39-b486-354fe4a7084f";
const BROKER = {
  host: "127.0.0.1",
  port: 5672,
  vhost: "/",
  use_ssl: false,
  user: "guest",
  pass: "guest",
};
const BROKER_URL = `amqp://${BROKER.user}:${BROKER.pass}@${BROKER.host}:${BROKER.port}`;

function peakRssMb(): number {
  const status = Deno.readTextFileSync("/proc/self/status");
  const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status);
  return kb ? Number(kb[1]) / 1024 : Deno.memoryUsage().rss / 1024 / 1024;
}

async function generateFeed(): Promise<string> {
  const root = new URL("..", import.meta.url);
  const tool = new URL("../shared/tools/gen_bundle.py", root).pathname;
  const out = await Deno.makeTempFile({ prefix: "octi-push-bench-", suffix: ".json" });
  try {
    const { code, stderr } = await new Deno.Command("python3", {
      args: [tool, "--objects", String(OBJECTS), "--seed", String(SEED), "--out", out],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (code !== 0) throw new Error(`gen_bundle.py failed: ${new TextDecoder().decode(stderr)}`);
    return await Deno.readTextFile(out);
  } finally {
    await Deno.remove(out);
  }
}

const bundleText = await generateFeed();
const suffix = crypto.randomUUID().slice(0, 8);
const exchange = `octi-bench-push-${suffix}`;
const queue = `octi-bench-push-${suffix}`;
const routingKey = `push_routing_${suffix}`;

const admin = await amqp.connect(BROKER_URL);
const adminChannel = await admin.createChannel();
await adminChannel.assertExchange(exchange, "direct", { durable: true });
await adminChannel.assertQueue(queue, { durable: true });
await adminChannel.bindQueue(queue, exchange, routingKey);

// The floor's bodies: exactly what the send path publishes, built before timing.
const { bundles } = splitBundle(bundleText);
const bodies = bundles.map((chunk, i) =>
  Buffer.from(buildQueueBundleMessage(chunk, { applicantId: APPLICANT, actionSequence: i + 1 }))
);
const bytes = bodies.reduce((sum, body) => sum + body.byteLength, 0);

const floorConnection = await amqp.connect(BROKER_URL, {
  clientProperties: { connection_name: "octi-bench floor" },
});
const floorChannel = await floorConnection.createConfirmChannel();

async function floorRound(): Promise<number> {
  const start = performance.now();
  let inFlight = 0;
  let wake: (() => void) | undefined;
  let failed: unknown;
  for (const body of bodies) {
    while (inFlight >= WINDOW) await new Promise<void>((resolve) => wake = resolve);
    inFlight++;
    floorChannel.publish(
      exchange,
      routingKey,
      body,
      { deliveryMode: 2, contentEncoding: "utf-8", mandatory: true },
      (error: unknown) => {
        if (error) failed = error;
        inFlight--;
        wake?.();
        wake = undefined;
      },
    );
  }
  while (inFlight > 0) await new Promise<void>((resolve) => wake = resolve);
  if (failed) throw failed;
  return (performance.now() - start) / 1000;
}

const publisher = new AmqpPublisher({ connection: BROKER, exchange, routingKey, window: WINDOW });
await publisher.connect();
const pusher = new BundlePusher({ connectorId: "bench", publisher });

async function sendRound(): Promise<number> {
  const start = performance.now();
  const result = await pusher.push(bundleText, { applicantId: APPLICANT });
  const seconds = (performance.now() - start) / 1000;
  if (result.confirmed !== bodies.length) throw new Error(`confirmed ${result.confirmed}`);
  return seconds;
}

let floor = Infinity;
let send = Infinity;
try {
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so that neither always follows the other's purge.
    for (const which of round % 2 === 0 ? ["floor", "send"] : ["send", "floor"]) {
      if (which === "floor") floor = Math.min(floor, await floorRound());
      else send = Math.min(send, await sendRound());
      await adminChannel.purgeQueue(queue);
    }
  }
} finally {
  await publisher.close();
  await floorChannel.close().catch(() => {});
  await floorConnection.close().catch(() => {});
  await adminChannel.deleteQueue(queue).catch(() => {});
  await adminChannel.deleteExchange(exchange).catch(() => {});
  await admin.close();
}

console.log(JSON.stringify({
  messages: bodies.length,
  bytes,
  send_s: Number(send.toFixed(3)),
  floor_s: Number(floor.toFixed(3)),
  ratio: Number((send / floor).toFixed(3)),
  msgs_per_s: Math.round(bodies.length / send),
  peak_rss_mb: Number(peakRssMb().toFixed(1)),
}));
