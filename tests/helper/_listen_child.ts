// Child process of lifecycle_test.ts: a job connector configured by its environment, with the
// helper's default signal handling and exit. Prints "ready" once listening and "job started"
// when a job begins; each job takes JOB_MS milliseconds.
import { OpenCTIConnectorHelper } from "../../helper/mod.ts";

const jobMs = Number(Deno.env.get("JOB_MS") ?? "0");
const helper = await OpenCTIConnectorHelper.create({});
helper.setState({ started: true });
const listening = helper.listen(async (event) => {
  console.log(`job started ${event.file_id}`);
  await new Promise((resolve) => setTimeout(resolve, jobMs));
  // Sent after the stop request arrived: the helper still takes it.
  await helper.sendStix2Bundle(helper.stix2CreateBundle([{
    type: "identity",
    spec_version: "2.1",
    id: "identity--11111111-1111-4111-8111-111111111111",
    name: String(event.file_id),
    identity_class: "organization",
  }]));
  helper.setState({ started: true, last_file: event.file_id });
  return "done";
});
console.log("ready");
await listening;
