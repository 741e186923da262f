import type { TlsOptions } from "./tls_options.ts";

/**
 * {@linkcode TlsOptions} for the platform API and live stream from `OPENCTI_SSL_VERIFY`, as
 * pycti passes it to `requests`' `verify`: a falsy value (pycti's default `false`) does not
 * verify the platform's certificate, `true` verifies it against the default roots, and a
 * string is the path of a CA bundle to verify with (added to the default roots here).
 *
 * @example
 * ```ts
 * import { openctiTlsOptions } from "@octi/connector/tls";
 * if (openctiTlsOptions(false).rejectUnauthorized !== false) throw new Error();
 * const withCa = openctiTlsOptions("/etc/octi/ca-bundle.pem");
 * if (withCa.ca !== "/etc/octi/ca-bundle.pem" || withCa.rejectUnauthorized !== true) throw new Error();
 * ```
 */
export function openctiTlsOptions(sslVerify: boolean | string | null | undefined): TlsOptions {
  if (typeof sslVerify === "string" && sslVerify !== "") {
    return { ca: sslVerify, rejectUnauthorized: true };
  }
  return { rejectUnauthorized: sslVerify === true };
}
