/**
 * Whether a certificate or key setting holds PEM content rather than a file path: true iff
 * the string starts with `-----BEGIN` (case-sensitive, no leading whitespace), as in pycti.
 * Throws a TypeError for anything but a string.
 *
 * @example
 * ```ts
 * import { isMemoryCertificate } from "@octi/connector/tls";
 * if (!isMemoryCertificate("-----BEGIN CERTIFICATE-----\nMIIB...")) throw new Error();
 * if (isMemoryCertificate("/etc/ssl/certs/ca.pem")) throw new Error();
 * if (isMemoryCertificate(" -----BEGIN CERTIFICATE-----")) throw new Error();
 * ```
 */
export function isMemoryCertificate(certificate: string): boolean {
  if (typeof certificate !== "string") {
    throw new TypeError(
      `Cannot tell whether a certificate is PEM or a path: expected a string, got ${typeof certificate}`,
    );
  }
  return certificate.startsWith("-----BEGIN");
}
