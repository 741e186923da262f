import type { OpenCTIRequestOptions } from "./opencti_api_client.ts";

/** The caller's options with an operation's defaults filled in where the caller left them out. */
export function callOptions(
  options: OpenCTIRequestOptions,
  defaults: { retry: boolean; withoutImpersonation?: boolean },
): OpenCTIRequestOptions {
  return {
    ...options,
    retry: options.retry ?? defaults.retry,
    withoutImpersonation: options.withoutImpersonation ?? defaults.withoutImpersonation ?? false,
  };
}

/** Throws when the platform answered without the field an operation needs. */
export function missingField(operation: string, field: string): never {
  throw new TypeError(
    `OpenCTI API call ${operation} returned no "${field}": the platform answered without it`,
  );
}
