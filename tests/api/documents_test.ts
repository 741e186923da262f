import assert from "node:assert/strict";
import {
  buildSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  validate,
  visit,
} from "graphql";
import { OPENCTI_DOCUMENTS, OPENCTI_SERVICE_ACCOUNT_DOCUMENTS } from "../../api/mod.ts";
import { noShared, sharedPath } from "../_util.ts";

function readShared(rel: string): string {
  return Deno.readTextFileSync(sharedPath(rel));
}

Deno.test({
  name: "every document the library can send validates against the platform schema",
  ignore: noShared,
  fn() {
    const schema = buildSchema(readShared("reference/opencti-connector.graphql"));
    for (const [name, document] of Object.entries(OPENCTI_DOCUMENTS)) {
      const errors = validate(schema, parse(document));
      assert.deepEqual(errors.map((e) => e.message), [], `${name} does not validate`);
    }
  },
});

Deno.test({
  name: "documents are pycti's, as sent (same operation text after normalising layout)",
  ignore: noShared,
  fn() {
    const operations = new Map<string, string>();
    for (
      const definition of parse(readShared("reference/opencti-connector-operations.graphql"))
        .definitions
    ) {
      if (definition.kind === Kind.OPERATION_DEFINITION && definition.name) {
        operations.set(definition.name.value, print(definition));
      }
    }
    const newest = new Set(["registerConnector", "registerConnectorWithoutJwks"]);
    for (const [name, document] of Object.entries(OPENCTI_DOCUMENTS)) {
      const definition = parse(document).definitions[0] as OperationDefinitionNode;
      assert.equal(parse(document).definitions.length, 1, name);
      const operationName = definition.name?.value;
      assert.ok(operationName, `${name} has no operation name`);
      if (newest.has(name)) continue;
      assert.equal(print(definition), operations.get(operationName), `${name} differs from pycti`);
    }
  },
});

Deno.test("the newer registration selections differ from pycti 6.8.10's only by jwks and s3", () => {
  const without = (document: string, field: string): string =>
    print(
      visit(parse(document), { Field: (node) => (node.name.value === field ? null : undefined) }),
    );
  const legacy = print(parse(OPENCTI_DOCUMENTS.registerConnectorLegacy));
  assert.equal(without(OPENCTI_DOCUMENTS.registerConnectorWithoutJwks, "s3"), legacy);
  assert.equal(
    without(OPENCTI_DOCUMENTS.registerConnector, "jwks"),
    print(parse(OPENCTI_DOCUMENTS.registerConnectorWithoutJwks)),
  );
  // newest: jwks is selected right after connector_state
  assert.match(OPENCTI_DOCUMENTS.registerConnector, /connector_state\s+jwks\s+config/);
  assert.match(OPENCTI_DOCUMENTS.registerConnectorWithoutJwks, /secret_key\s+}\s+listen\s/);
});

/** GraphQL text as space-separated tokens (commas dropped, punctuation apart). */
function tokens(text: string): string[] {
  return text.replaceAll(",", " ").replace(/([{}():])/g, " $1 ").trim().split(/\s+/);
}

Deno.test({
  name: "service-account documents are platform-protocol §3.13's, elisions standing for fields",
  ignore: noShared,
  fn() {
    const protocol = readShared("reference/platform-protocol.md");
    const section = protocol.slice(
      protocol.indexOf("### 3.13"),
      protocol.indexOf("### 3.14"),
    );
    const documented = [...section.matchAll(/`((?:query|mutation) \w+[^`]*)`/g)].map((m) => m[1]!);
    assert.equal(documented.length, 4);
    const ours = Object.values(OPENCTI_SERVICE_ACCOUNT_DOCUMENTS);
    assert.equal(ours.length, documented.length);
    for (const [i, reference] of documented.entries()) {
      const document = ours[i]!;
      // "…" and "(...)" in the reference elide pycti's property sets and declarations.
      const pattern = tokens(reference).map((token) =>
        token === "…" || token === "..." ? "(?: [^{}()]*?)?" : ` ${RegExp.escape(token)}`
      ).join("");
      const text = ` ${tokens(print(parse(document))).join(" ")}`;
      assert.match(text, new RegExp(`^${pattern}$`), `${reference.slice(0, 20)} differs`);
    }
    // The elided UserList declarations are exactly the variables its root field uses.
    const userList = parse(OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userList)
      .definitions[0] as OperationDefinitionNode;
    const used: string[] = [];
    visit(userList.selectionSet, { Variable: (node) => void used.push(node.name.value) });
    assert.deepEqual(userList.variableDefinitions?.map((v) => v.variable.name.value), used);
  },
});

Deno.test({
  name: "service-account documents fail the schema subset only on what the subset leaves out",
  ignore: noShared,
  fn() {
    const schema = buildSchema(readShared("reference/opencti-connector.graphql"));
    const outside =
      /^(Cannot query field "(groups|users|user|userAdd)" on type "(Query|Mutation)"\.|Unknown type "(GroupsOrdering|UsersOrdering|UserAddInput)"\.( Did you mean "\w+"\?)?)$/;
    for (const [name, document] of Object.entries(OPENCTI_SERVICE_ACCOUNT_DOCUMENTS)) {
      const errors = validate(schema, parse(document)).map((e) => e.message);
      assert.ok(errors.length > 0, `${name} now validates: move it to OPENCTI_DOCUMENTS`);
      for (const error of errors) assert.match(error, outside, name);
    }
  },
});
