// Python's str.strip() with no argument: it removes what str.isspace() accepts, which is not
// what String.prototype.trim removes (Python also strips U+001C..U+001F and U+0085, and keeps
// U+FEFF). pycti's ids hash the stripped text, so the difference changes ids.
const SPACE =
  "[\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]";
const EDGES = new RegExp(`^${SPACE}+|${SPACE}+$`, "g");

/** `text` without leading and trailing whitespace as Python's `str.strip()` defines it. */
export function pythonStrip(text: string): string {
  return text.replace(EDGES, "");
}
