import { callOptions } from "./_call_options.ts";
import { OPENCTI_SERVICE_ACCOUNT_DOCUMENTS } from "./documents.ts";
import type { OpenCTIApiClient, OpenCTIRequestOptions } from "./opencti_api_client.ts";
import type { UserTokenRecord } from "./read_user.ts";

/**
 * A user's confidence level (`user_confidence_level`).
 *
 * @example
 * ```ts
 * import type { UserConfidenceLevelInput } from "@octi/connector/api";
 * const level: UserConfidenceLevelInput = { max_confidence: 80, overrides: [] };
 * ```
 */
export interface UserConfidenceLevelInput {
  /** Highest confidence the user may set, 0–100. */
  max_confidence: number;
  /** Per-entity-type exceptions. */
  overrides: readonly { entity_type: string; max_confidence: number }[];
}

/**
 * The `input` of {@linkcode addUser}, with the platform's field names. Left-out fields are sent
 * with pycti's defaults (null, `false` for the three UI flags).
 *
 * @example
 * ```ts
 * import type { AddUserInput } from "@octi/connector/api";
 * const input: AddUserInput = {
 *   user_email: "my-feed@connector.octi.filigran.io",
 *   name: "[C] My Feed",
 *   groups: ["group-1"],
 *   user_confidence_level: { max_confidence: 80, overrides: [] },
 *   user_service_account: true,
 * };
 * ```
 */
export interface AddUserInput {
  /** Email, the user's login. */
  user_email: string;
  /** Display name. */
  name: string;
  /** Password. Default: 64 random bytes, base64url (pycti's `secrets.token_urlsafe(64)`). */
  password?: string | undefined;
  /** First name. */
  firstname?: string | null | undefined;
  /** Last name. */
  lastname?: string | null | undefined;
  /** Description. */
  description?: string | null | undefined;
  /** UI language. */
  language?: string | null | undefined;
  /** UI theme. */
  theme?: string | null | undefined;
  /** Organisation ids. */
  objectOrganization?: readonly string[] | null | undefined;
  /** `Active`, `Expired`, `Inactive` or `Locked`. */
  account_status?: string | null | undefined;
  /** When the account locks (ISO 8601). */
  account_lock_after_date?: string | null | undefined;
  /** `metric` or `imperial`. */
  unit_system?: string | null | undefined;
  /** UI flag. Default false. */
  submenu_show_icons?: boolean | undefined;
  /** UI flag. Default false. */
  submenu_auto_collapse?: boolean | undefined;
  /** UI flag. Default false. */
  monochrome_labels?: boolean | undefined;
  /** Group ids the user joins. */
  groups?: readonly string[] | null | undefined;
  /** Confidence level. */
  user_confidence_level?: UserConfidenceLevelInput | null | undefined;
  /** Whether the user is a service account. Default false. */
  user_service_account?: boolean | undefined;
}

function randomPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(64));
  return btoa(String.fromCharCode(...bytes)).replaceAll("+", "-").replaceAll("/", "_")
    .replace(/=+$/, "");
}

/**
 * Creates a user and returns it with its API token (`UserAdd`, pycti's
 * `user.create(include_token=True)`), or null when the platform returned none. The `input`
 * variable carries every field in pycti's order (platform-protocol §3.13). Not retried: a
 * repeat would try to create the user twice. Needs a token with user-management rights;
 * platforms without `User.api_token` answer a GraphQL error (see
 * {@linkcode OPENCTI_SERVICE_ACCOUNT_DOCUMENTS}).
 *
 * @example
 * ```ts
 * import { addUser, OpenCTIApiClient } from "@octi/connector/api";
 * // A stand-in for the platform's user management (the emulator has none).
 * await using platform = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, () =>
 *   Response.json({ data: { userAdd: { id: "user-1", api_token: "service-token" } } }));
 * const client = new OpenCTIApiClient({
 *   url: `http://127.0.0.1:${platform.addr.port}`,
 *   token: "admin-token",
 * });
 * const user = await addUser(client, {
 *   user_email: "my-feed@connector.octi.filigran.io",
 *   name: "[C] My Feed",
 *   groups: ["group-1"],
 *   user_confidence_level: { max_confidence: 80, overrides: [] },
 *   user_service_account: true,
 * });
 * if (user?.api_token !== "service-token") throw new Error();
 * ```
 */
export async function addUser(
  client: OpenCTIApiClient,
  input: AddUserInput,
  options: OpenCTIRequestOptions = {},
): Promise<UserTokenRecord | null> {
  const data = await client.query<{ userAdd: UserTokenRecord | null }>(
    OPENCTI_SERVICE_ACCOUNT_DOCUMENTS.userAdd,
    {
      input: {
        user_email: input.user_email,
        name: input.name,
        password: input.password ?? randomPassword(),
        firstname: input.firstname ?? null,
        lastname: input.lastname ?? null,
        description: input.description ?? null,
        language: input.language ?? null,
        theme: input.theme ?? null,
        objectOrganization: input.objectOrganization ?? null,
        account_status: input.account_status ?? null,
        account_lock_after_date: input.account_lock_after_date ?? null,
        unit_system: input.unit_system ?? null,
        submenu_show_icons: input.submenu_show_icons ?? false,
        submenu_auto_collapse: input.submenu_auto_collapse ?? false,
        monochrome_labels: input.monochrome_labels ?? false,
        groups: input.groups ?? null,
        user_confidence_level: input.user_confidence_level ?? null,
        user_service_account: input.user_service_account ?? false,
      },
    },
    callOptions(options, { retry: false }),
  );
  return data.userAdd ?? null;
}
