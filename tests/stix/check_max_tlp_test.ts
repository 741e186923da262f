import assert from "node:assert/strict";
import { checkMaxTlp } from "../../stix/mod.ts";
import { noShared, readSharedJson } from "../_util.ts";

interface TlpCase {
  args: { tlp: string | null; max_tlp: string | null };
  result?: boolean;
  error?: { type: string; message: string };
}

Deno.test({
  name: "checkMaxTlp reproduces pycti's check_max_tlp cases",
  ignore: noShared,
  fn: () => {
    const { cases } = readSharedJson<{ cases: TlpCase[] }>(
      "conformance/helpers/check_max_tlp.json",
    );
    assert.ok(cases.length >= 36);
    for (const { args, result, error } of cases) {
      const label = JSON.stringify(args);
      if (error !== undefined) {
        assert.throws(() => checkMaxTlp(args.tlp, args.max_tlp), RangeError, label);
      } else {
        assert.equal(checkMaxTlp(args.tlp, args.max_tlp), result, label);
      }
    }
  },
});

Deno.test("checkMaxTlp rejects an unknown maximum, quoting it, and accepts undefined", () => {
  assert.throws(() => checkMaxTlp("TLP:RED", ""), /max TLP ""/);
  assert.throws(() => checkMaxTlp("TLP:RED", "TLP:AMBER STRICT"), /"TLP:AMBER STRICT"/);
  assert.equal(checkMaxTlp(undefined, "TLP:FOO"), true);
  assert.equal(checkMaxTlp(" TLP:GREEN", "TLP:RED"), false);
});
