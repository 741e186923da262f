// Service-account auto-creation (platform-protocol §3.13, helper-behaviour §1.4): the policy
// (which group, which email, find or create); the operations are api/'s.
import { addUser } from "../api/add_user.ts";
import { listGroups, type OpenCTIFilterGroup } from "../api/list_groups.ts";
import { listUsers } from "../api/list_users.ts";
import type { OpenCTIApiClient } from "../api/opencti_api_client.ts";
import { readUser } from "../api/read_user.ts";
import type { Logger } from "../core/logger.ts";
import { normalizeEmailPrefix } from "../config/normalize_email_prefix.ts";

function filter(key: string, value: string): OpenCTIFilterGroup {
  return { mode: "and", filters: [{ key, values: [value] }], filterGroups: [] };
}

/** The service account's email for a connector name (`my-feed@connector.octi.filigran.io`). */
export function serviceAccountEmail(connectorName: string): string {
  return normalizeEmailPrefix(`${connectorName.toLowerCase()}@connector.octi.filigran.io`);
}

/**
 * Finds or creates the connector's service account and returns its API token, or null when
 * the platform has no "Connectors" group (pycti then keeps the configured token).
 */
export async function resolveServiceAccountToken(
  client: OpenCTIApiClient,
  options: { connectorName: string; confidenceLevel: number; logger: Logger },
): Promise<string | null> {
  const { connectorName, confidenceLevel, logger } = options;
  const [group] = (await listGroups(client, { filters: filter("name", "Connectors") })).items;
  if (!group) {
    logger.info("No Connectors group found, keeping the configured token");
    return null;
  }
  const email = serviceAccountEmail(connectorName);
  const [existing] = (await listUsers(client, { filters: filter("user_email", email) })).items;
  let token: string | null | undefined;
  if (existing) {
    token = (await readUser(client, existing.id))?.api_token;
    logger.info("Using the connector service account", { user_email: email });
  } else {
    const added = await addUser(client, {
      user_email: email,
      name: `[C] ${connectorName}`,
      groups: [group.id],
      user_confidence_level: { max_confidence: confidenceLevel, overrides: [] },
      user_service_account: true,
    });
    token = added?.api_token;
    logger.info("Connector service account created", { user_email: email });
  }
  if (typeof token !== "string" || token === "") {
    throw new TypeError(
      `Cannot use the service account ${email}: the platform returned no api_token ` +
        "(newer platforms no longer expose it; unset CONNECTOR_AUTO_CREATE_SERVICE_ACCOUNT)",
    );
  }
  return token;
}
