import assert from "node:assert/strict";
import {
  buildSchema,
  type GraphQLArgument,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLObjectType,
  GraphQLScalarType,
  Kind,
  parse,
  validate,
} from "graphql";
import { OPENCTI_DOCUMENTS } from "../../api/mod.ts";
import { buildEmulatorSchema, EMULATOR_SDL } from "../../testing/_emulator_schema.ts";
import { noShared, sharedPath } from "../_util.ts";

function reference(rel: string): string {
  return Deno.readTextFileSync(sharedPath(`reference/${rel}`));
}

function describeArgs(args: readonly GraphQLArgument[]): string[] {
  return args.map((a) =>
    `${a.name}: ${a.type}${a.defaultValue === undefined ? "" : ` = ${a.defaultValue}`}`
  );
}

Deno.test({
  name: "the emulator's SDL is a faithful subset of the platform schema",
  ignore: noShared,
  fn() {
    const platform = buildSchema(reference("opencti-connector.graphql"));
    const own = buildSchema(EMULATOR_SDL);
    for (const type of Object.values(own.getTypeMap())) {
      if (type.name.startsWith("__")) continue;
      const theirs = platform.getType(type.name);
      assert.ok(theirs, `${type.name} is not a platform type`);
      assert.equal(theirs.constructor, type.constructor, `${type.name} has another kind`);
      if (type instanceof GraphQLEnumType) {
        assert.deepEqual(
          type.getValues().map((v) => v.name),
          (theirs as GraphQLEnumType).getValues().map((v) => v.name),
          `${type.name} values differ`,
        );
      } else if (type instanceof GraphQLObjectType || type instanceof GraphQLInputObjectType) {
        const theirFields = (theirs as GraphQLObjectType | GraphQLInputObjectType).getFields();
        for (const [name, field] of Object.entries(type.getFields())) {
          const their = theirFields[name];
          assert.ok(their, `${type.name}.${name} is not in the platform schema`);
          assert.equal(String(field.type), String(their.type), `${type.name}.${name} type`);
          if ("args" in field && "args" in their) {
            assert.deepEqual(
              describeArgs(field.args),
              describeArgs(their.args),
              `${type.name}.${name} args`,
            );
          }
        }
        if (type instanceof GraphQLInputObjectType) {
          // Inputs are complete: a missing field would refuse variables the platform accepts.
          assert.deepEqual(Object.keys(type.getFields()), Object.keys(theirFields), type.name);
        }
      } else {
        assert.ok(type instanceof GraphQLScalarType, `${type.name}: unexpected kind`);
      }
    }
  },
});

Deno.test({
  name:
    "every operation of the reference and every library document validates against the emulator",
  ignore: noShared,
  fn() {
    const schema = buildEmulatorSchema();
    const operations = parse(reference("opencti-connector-operations.graphql")).definitions;
    assert.ok(operations.length >= 20);
    for (const definition of operations) {
      if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
      const document = { kind: Kind.DOCUMENT, definitions: [definition] } as const;
      assert.deepEqual(
        validate(schema, document).map((e) => e.message),
        [],
        definition.name?.value,
      );
    }
    for (const [name, text] of Object.entries(OPENCTI_DOCUMENTS)) {
      assert.deepEqual(validate(schema, parse(text)).map((e) => e.message), [], name);
    }
  },
});

Deno.test("schemaWithout removes object and input fields", () => {
  const schema = buildEmulatorSchema(["Connector.jwks", "RegisterConnectorInput.slug"]);
  assert.equal((schema.getType("Connector") as GraphQLObjectType).getFields().jwks, undefined);
  assert.equal(
    (schema.getType("RegisterConnectorInput") as GraphQLInputObjectType).getFields().slug,
    undefined,
  );
  assert.ok(
    (schema.getType("RegisterConnectorInput") as GraphQLInputObjectType).getFields().version,
  );
  assert.throws(() => buildEmulatorSchema(["Connector"]), TypeError);
});
