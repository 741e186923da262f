/**
 * pycti's `normalize_email_prefix`, used for the auto-created service account's email: in
 * the part before the first `@`, every character outside ASCII `a-z A-Z 0-9 . _ + -` becomes
 * `-`, runs of `-` collapse and leading/trailing `-` go; the rest (after the first `@`) is
 * kept as is. So `john@doe@example.com` is returned unchanged (prefix `john`), whatever
 * pycti's docstring claims. Throws a TypeError when there is no `@`.
 *
 * @example
 * ```ts
 * import { normalizeEmailPrefix } from "@octi/connector/config";
 * const email = normalizeEmailPrefix("[c] abuse.ch / urlhaus@connector.octi.filigran.io");
 * if (email !== "c-abuse.ch-urlhaus@connector.octi.filigran.io") throw new Error(email);
 * if (normalizeEmailPrefix("john@doe@example.com") !== "john@doe@example.com") throw new Error();
 * ```
 */
export function normalizeEmailPrefix(email: string): string {
  const at = email.indexOf("@");
  if (at === -1) {
    throw new TypeError(`Invalid email ${JSON.stringify(email)}: missing '@' symbol`);
  }
  const prefix = email
    .slice(0, at)
    .replace(/[^a-zA-Z0-9._+-]/gu, "-")
    .replace(/-+/g, "-")
    .replace(/^-+|-+$/g, "");
  return `${prefix}@${email.slice(at + 1)}`;
}
