// The service-account operations. Their documents lie outside the schema subset the emulator
// implements, so a loopback stand-in plays the platform's user management: it records each
// request and answers with the platform's response shapes.
import assert from "node:assert/strict";
import {
  addUser,
  listGroups,
  listUsers,
  OPENCTI_SERVICE_ACCOUNT_DOCUMENTS,
  OpenCTIApiClient,
  OpenCTIApiError,
  readUser,
} from "../../api/mod.ts";

interface Seen {
  query: string;
  variables: Record<string, unknown>;
  authorization: string | null;
}

type Answer = { status?: number; body: unknown };

async function withPlatform(
  answers: Answer[],
  fn: (client: OpenCTIApiClient, seen: Seen[]) => Promise<void>,
): Promise<void> {
  const seen: Seen[] = [];
  await using server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const { query, variables } = await request.json();
      seen.push({ query, variables, authorization: request.headers.get("authorization") });
      const answer = answers.shift() ?? { status: 500, body: { errors: [{ message: "none" }] } };
      return Response.json(answer.body, { status: answer.status ?? 200 });
    },
  );
  const client = new OpenCTIApiClient({
    url: `http://127.0.0.1:${server.addr.port}`,
    token: "admin-token",
    retry: { maxRetries: 2, initialMs: 1, maxMs: 1 },
  });
  await fn(client, seen);
}

const CONNECTORS = {
  mode: "and",
  filters: [{ key: "name", values: ["Connectors"] }],
  filterGroups: [],
} as const;

const PAGE_INFO = {
  startCursor: "a",
  endCursor: "b",
  hasNextPage: false,
  hasPreviousPage: false,
  globalCount: 1,
};

Deno.test("listGroups sends §3.13's Groups variables and returns the nodes and page info", () =>
  withPlatform([
    { status: 502, body: "bad gateway" },
    {
      body: {
        data: { groups: { edges: [{ node: { id: "group-1" } }, null], pageInfo: PAGE_INFO } },
      },
    },
  ], async (client, seen) => {
    const page = await listGroups(client, { filters: CONNECTORS });
    assert.deepEqual(page, { items: [{ id: "group-1" }], pageInfo: PAGE_INFO });
    assert.equal(seen.length, 2, "a 5xx is retried: the query is safe to repeat");
    assert.equal(seen[1]!.query, OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.groups);
    assert.equal(seen[1]!.authorization, "Bearer admin-token");
    assert.deepEqual(seen[1]!.variables, {
      first: 500,
      after: null,
      orderBy: null,
      orderMode: null,
      search: null,
      filters: CONNECTORS,
    });
  }));

Deno.test("listUsers defaults to pycti's first 500, ordered by name ascending", () =>
  withPlatform([
    { body: { data: { users: { edges: [], pageInfo: PAGE_INFO } } } },
    { body: { data: { users: null } } },
  ], async (client, seen) => {
    const filters = {
      mode: "and",
      filters: [{ key: "user_email", values: ["my-feed@connector.octi.filigran.io"] }],
      filterGroups: [],
    } as const;
    assert.deepEqual(await listUsers(client, { filters }), { items: [], pageInfo: PAGE_INFO });
    assert.equal(seen[0]!.query, OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userList);
    assert.deepEqual(seen[0]!.variables, {
      first: 500,
      after: null,
      orderBy: "name",
      orderMode: "asc",
      filters,
      search: null,
    });
    assert.deepEqual(await listUsers(client, { orderBy: null, first: 10, after: "b" }), {
      items: [],
      pageInfo: null,
    });
    assert.deepEqual(seen[1]!.variables, {
      first: 10,
      after: "b",
      orderBy: null,
      orderMode: "asc",
      filters: null,
      search: null,
    });
  }));

Deno.test("readUser returns the token, null for an unknown user, and the platform's error", () =>
  withPlatform([
    { body: { data: { user: { id: "user-1", api_token: "service-token" } } } },
    { body: { data: { user: null } } },
    {
      body: {
        errors: [{
          message: 'Cannot query field "api_token" on type "User".',
          extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
        }],
      },
    },
  ], async (client, seen) => {
    assert.deepEqual(await readUser(client, "user-1"), {
      id: "user-1",
      api_token: "service-token",
    });
    assert.equal(seen[0]!.query, OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userRead);
    assert.deepEqual(seen[0]!.variables, { id: "user-1" });
    assert.equal(await readUser(client, "user-2"), null);
    const error = await readUser(client, "user-1").catch((e) => e);
    assert.ok(error instanceof OpenCTIApiError);
    assert.equal(error.code, "GRAPHQL_VALIDATION_FAILED");
    assert.equal(error.operation, "UserRead");
  }));

Deno.test("addUser sends §3.13's whole input with pycti's defaults and is not retried", () =>
  withPlatform([
    { body: { data: { userAdd: { id: "user-1", api_token: "service-token" } } } },
    { body: { data: { userAdd: { id: "user-2", api_token: null } } } },
    { status: 503, body: "unavailable" },
  ], async (client, seen) => {
    const created = await addUser(client, {
      user_email: "my-connector@connector.octi.filigran.io",
      name: "[C] My Connector",
      groups: ["group-1"],
      user_confidence_level: { max_confidence: 80, overrides: [] },
      user_service_account: true,
    });
    assert.deepEqual(created, { id: "user-1", api_token: "service-token" });
    assert.equal(seen[0]!.query, OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userAdd);
    const input = seen[0]!.variables.input as Record<string, unknown>;
    const password = input.password as string;
    assert.match(password, /^[A-Za-z0-9_-]{86}$/, "64 random bytes, base64url");
    assert.deepEqual(
      Object.entries(input),
      Object.entries({
        user_email: "my-connector@connector.octi.filigran.io",
        name: "[C] My Connector",
        password,
        firstname: null,
        lastname: null,
        description: null,
        language: null,
        theme: null,
        objectOrganization: null,
        account_status: null,
        account_lock_after_date: null,
        unit_system: null,
        submenu_show_icons: false,
        submenu_auto_collapse: false,
        monochrome_labels: false,
        groups: ["group-1"],
        user_confidence_level: { max_confidence: 80, overrides: [] },
        user_service_account: true,
      }),
      "every key, in pycti's order",
    );

    await addUser(client, { user_email: "a@b.c", name: "A", password: "given" });
    const second = seen[1]!.variables.input as Record<string, unknown>;
    assert.equal(second.password, "given");
    assert.notEqual(second.password, password);
    assert.equal(second.user_service_account, false);
    assert.equal(second.groups, null);

    const error = await addUser(client, { user_email: "c@d.e", name: "C" }).catch((e) => e);
    assert.ok(error instanceof OpenCTIApiError);
    assert.equal(error.status, 503);
    assert.equal(seen.length, 3, "a repeat could create the user twice");
  }));
