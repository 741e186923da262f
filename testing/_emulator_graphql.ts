import {
  type DocumentNode,
  execute,
  type GraphQLError,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  validate,
} from "graphql";

/** A GraphQL request as read from HTTP (JSON body, or multipart with files put in place). */
export interface EmulatorGraphQLRequest {
  query: string;
  variables: Record<string, unknown>;
  operationName: string | null;
  /** Names of the uploaded file parts. */
  files: string[];
}

/** An error a resolver throws to answer with the platform's error shape. */
export class EmulatorPlatformError extends Error {
  override name = "EmulatorPlatformError";
  constructor(
    readonly code: string,
    message: string,
    readonly data: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** The platform's "not found"-style business error. */
export function functionalError(message: string, data: Record<string, unknown>): never {
  throw new EmulatorPlatformError(
    "FUNCTIONAL_ERROR",
    message,
    { http_status: 500, genre: "BUSINESS", ...data },
  );
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}

function badRequest(message: string): Response {
  return json(400, { errors: [{ message, extensions: { code: "BAD_REQUEST" } }] });
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): boolean {
  let node: unknown = target;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return false;
    node = (node as Record<string, unknown>)[key];
  }
  if (node === null || typeof node !== "object") return false;
  (node as Record<string, unknown>)[path.at(-1)!] = value;
  return true;
}

/** Reads a POST body as Apollo Server does: JSON, or a GraphQL multipart request. */
export async function readGraphQLRequest(
  request: Request,
): Promise<EmulatorGraphQLRequest | Response> {
  if (request.method !== "POST") {
    return new Response("GraphQL requests must be POST", { status: 405 });
  }
  const type = request.headers.get("content-type") ?? "";
  let body: unknown;
  const files: string[] = [];
  try {
    if (type.startsWith("multipart/form-data")) {
      const form = await request.formData();
      body = JSON.parse(String(form.get("operations")));
      const map = JSON.parse(String(form.get("map") ?? "{}")) as Record<string, string[]>;
      for (const [part, paths] of Object.entries(map)) {
        const file = form.get(part);
        if (!(file instanceof File)) return badRequest(`Multipart part "${part}" is missing`);
        files.push(file.name);
        for (const path of paths) {
          if (!setPath(body as Record<string, unknown>, path.split("."), file)) {
            return badRequest(`Multipart map path "${path}" does not exist in operations`);
          }
        }
      }
    } else if (type.includes("json")) {
      body = await request.json();
    } else {
      return badRequest(`Unsupported content type "${type}": expected application/json`);
    }
  } catch (error) {
    return badRequest(`Cannot read the request body: ${(error as Error).message}`);
  }
  const { query, variables, operationName } = (body ?? {}) as Record<string, unknown>;
  if (typeof query !== "string") return badRequest('The request has no "query" string');
  return {
    query,
    variables: variables && typeof variables === "object"
      ? variables as Record<string, unknown>
      : {},
    operationName: typeof operationName === "string" ? operationName : null,
    files,
  };
}

/** The operation name of a document (first operation), for logs and fault matching. */
export function operationNameOf(request: EmulatorGraphQLRequest): string | null {
  if (request.operationName) return request.operationName;
  return /^\s*(?:query|mutation|subscription)\s+([_A-Za-z]\w*)/.exec(request.query)?.[1] ?? null;
}

function formatError(error: GraphQLError): Record<string, unknown> {
  const original = error.originalError;
  const platform = original instanceof EmulatorPlatformError ? original : null;
  const code = platform?.code ?? "UNKNOWN_ERROR";
  const out: Record<string, unknown> = { message: error.message };
  if (error.locations) out.locations = error.locations;
  if (error.path) out.path = error.path;
  out.extensions = {
    code,
    data: platform?.data ?? { http_status: 500, genre: "TECHNICAL" },
  };
  out.name = code;
  return out;
}

function rootFields(document: DocumentNode, operationName: string | null): string[] {
  const operation = document.definitions.find((d): d is OperationDefinitionNode =>
    d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName)
  );
  return operation?.selectionSet.selections.flatMap((s) =>
    s.kind === Kind.FIELD ? [s.alias?.value ?? s.name.value] : []
  ) ?? [];
}

/**
 * Answers one GraphQL request like the platform (Apollo Server): 400 for parse, validation and
 * variable errors, the auth error (HTTP 200) when not authenticated, else 200 with `data` and
 * the platform's error shape.
 */
export async function answerGraphQL(
  schema: GraphQLSchema,
  request: EmulatorGraphQLRequest,
  rootValue: Record<string, unknown>,
  authenticated: boolean,
): Promise<Response> {
  let document: DocumentNode;
  try {
    document = parse(request.query);
  } catch (error) {
    const e = error as GraphQLError;
    return json(400, {
      errors: [{
        message: e.message,
        locations: e.locations,
        extensions: { code: "GRAPHQL_PARSE_FAILED" },
      }],
    });
  }
  const invalid = validate(schema, document);
  if (invalid.length > 0) {
    return json(400, {
      errors: invalid.map((e) => ({
        message: e.message,
        locations: e.locations,
        extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
      })),
    });
  }
  if (!authenticated) {
    return json(200, {
      errors: [{
        message: "You must be logged in to do this.",
        path: rootFields(document, request.operationName).slice(0, 1),
        extensions: { code: "AUTH_REQUIRED", data: { http_status: 401, genre: "TECHNICAL" } },
        name: "AUTH_REQUIRED",
      }],
      data: null,
    });
  }
  const result = await execute({
    schema,
    document,
    rootValue,
    variableValues: request.variables,
    operationName: request.operationName,
  });
  if (result.data === undefined) {
    return json(400, {
      errors: (result.errors ?? []).map((e) => ({
        message: e.message,
        locations: e.locations,
        extensions: { code: "BAD_USER_INPUT" },
      })),
    });
  }
  const body: Record<string, unknown> = {};
  if (result.errors?.length) body.errors = result.errors.map(formatError);
  body.data = result.data;
  return json(200, body);
}
