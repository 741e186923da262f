import assert from "node:assert/strict";
import { ConnectorInfo } from "../../helper/connector_info.ts";
import { OpenCTIMetricHandler } from "../../helper/metric_handler.ts";
import { scheduleIso } from "../../schedule/mod.ts";
import { FakeClock } from "../../testing/fake_clock.ts";

Deno.test("a new ConnectorInfo holds pycti's initial all_details, keys in pycti's order", () => {
  const info = new ConnectorInfo();
  assert.deepEqual(Object.entries(info.allDetails), [
    ["run_and_terminate", false],
    ["buffering", false],
    ["queue_threshold", 500],
    ["queue_messages_size", 0],
    ["next_run_datetime", null],
    ["last_run_datetime", null],
  ]);
  assert.equal(
    JSON.stringify(info),
    '{"run_and_terminate":false,"buffering":false,"queue_threshold":500,' +
      '"queue_messages_size":0,"next_run_datetime":null,"last_run_datetime":null}',
  );
});

Deno.test("setters update the ping's record; allDetails is a fresh copy", () => {
  const info = new ConnectorInfo({ queueThreshold: 250 });
  info.runAndTerminate = true;
  info.buffering = true;
  info.queueMessagesSize = 612.345678;
  info.nextRunDatetime = "2024-01-15T11:30:00Z";
  info.lastRunDatetime = "2024-01-15T10:30:00Z";
  const details = info.allDetails;
  assert.deepEqual(details, {
    run_and_terminate: true,
    buffering: true,
    queue_threshold: 250,
    queue_messages_size: 612.345678,
    next_run_datetime: "2024-01-15T11:30:00Z",
    last_run_datetime: "2024-01-15T10:30:00Z",
  });
  details.buffering = false;
  assert.equal(info.buffering, true);
  info.nextRunDatetime = null;
  assert.equal(info.toJSON().next_run_datetime, null);
});

Deno.test("values the platform's ConnectorInfoInput would reject throw at the call site", () => {
  const info = new ConnectorInfo();
  assert.throws(() => {
    info.queueThreshold = Number.NaN;
  }, /ConnectorInfo.queueThreshold: expected a finite number, got NaN/);
  assert.throws(() => {
    info.queueMessagesSize = "1" as unknown as number;
  }, RangeError);
  assert.throws(() => {
    info.buffering = "false" as unknown as boolean;
  }, TypeError);
  assert.throws(() => {
    info.lastRunDatetime = "yesterday";
  }, /ConnectorInfo.lastRunDatetime: expected null or a date-time .* got "yesterday"/);
  assert.throws(() => {
    info.nextRunDatetime = "2024-13-45T99:00:00Z";
  }, TypeError);
  assert.throws(() => new ConnectorInfo({ queueThreshold: Number.POSITIVE_INFINITY }), RangeError);
  // RFC 3339 forms other than pycti's are accepted
  info.lastRunDatetime = "2024-01-15T10:30:00.123+02:00";
  assert.deepEqual(
    info.allDetails,
    new ConnectorInfo({
      lastRunDatetime: "2024-01-15T10:30:00.123+02:00",
    }).allDetails,
  );
});

Deno.test("the scheduler publishes into ConnectorInfo and counts into the metric handler", async () => {
  const clock = new FakeClock(Date.UTC(2024, 0, 15, 10, 30, 0, 250));
  const info = new ConnectorInfo();
  await using metrics = new OpenCTIMetricHandler({
    activated: true,
    port: 0,
    hostname: "127.0.0.1",
  });
  const controller = new AbortController();
  let runs = 0;
  const done = scheduleIso({
    durationPeriod: "PT1H",
    callback: () => {
      runs++;
      throw new Error("boom");
    },
    clock,
    connectorInfo: info,
    metrics,
    signal: controller.signal,
  });
  await clock.tick(0);
  assert.deepEqual(info.allDetails, {
    run_and_terminate: false,
    buffering: false,
    queue_threshold: 500,
    queue_messages_size: 0,
    next_run_datetime: "2024-01-15T11:30:00Z",
    last_run_datetime: "2024-01-15T10:30:00Z",
  });
  assert.equal(metrics.value("error_count"), 1);
  controller.abort();
  await done;
  assert.equal(runs, 1);

  const once = new ConnectorInfo();
  await scheduleIso({ durationPeriod: "0", callback: () => {}, connectorInfo: once, clock });
  assert.equal(once.runAndTerminate, true);
  assert.equal(once.lastRunDatetime, "2024-01-15T10:30:00Z");
});
