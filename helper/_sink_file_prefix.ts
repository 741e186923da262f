/**
 * pycti's per-connector prefix of bundle file names and S3 keys: `lower(CONNECTOR_NAME)` with
 * every space replaced by `_`, then `-`. S3 retention only touches keys with this prefix.
 */
export function bundleFilePrefix(connectorName: string): string {
  if (typeof connectorName !== "string" || connectorName.length === 0) {
    throw new TypeError(
      `Cannot name a bundle file: the connector name (CONNECTOR_NAME) must be a non-empty string, got ${
        JSON.stringify(connectorName)
      }`,
    );
  }
  return connectorName.toLowerCase().replaceAll(" ", "_") + "-";
}
