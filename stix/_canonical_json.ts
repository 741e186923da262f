// RFC 8785 (JCS) serialisation of a JSON value: object keys sorted by UTF-16 code units, no
// whitespace, numbers and strings as ECMAScript's JSON.stringify writes them. Iterative so
// that a deeply nested value cannot overflow the stack.

/** JCS text of `value`; `undefined` (a missing key) is written as `null`. */
export function canonicalJson(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  let out = "";
  // Work items: a piece of output text (isText) or a value still to write.
  const work: unknown[] = [value];
  const isText: boolean[] = [false];
  while (work.length > 0) {
    const item = work.pop();
    if (isText.pop()) {
      out += item as string;
      continue;
    }
    if (item === null || item === undefined || typeof item !== "object") {
      out += primitive(item);
      continue;
    }
    // Pushed in reverse: the stack pops the first piece first.
    if (Array.isArray(item)) {
      work.push("]");
      isText.push(true);
      for (let i = item.length - 1; i >= 0; i--) {
        work.push(item[i]);
        isText.push(false);
        if (i > 0) {
          work.push(",");
          isText.push(true);
        }
      }
      work.push("[");
      isText.push(true);
      continue;
    }
    const record = item as Record<string, unknown>;
    const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort();
    work.push("}");
    isText.push(true);
    for (let i = keys.length - 1; i >= 0; i--) {
      const key = keys[i]!;
      work.push(record[key]);
      isText.push(false);
      work.push((i > 0 ? "," : "") + JSON.stringify(key) + ":");
      isText.push(true);
    }
    work.push("{");
    isText.push(true);
  }
  return out;
}

function primitive(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) {
      throw new TypeError(`Cannot canonicalise ${value}: JSON has no such number`);
    }
    return JSON.stringify(value);
  }
  if (typeof value === "string" || typeof value === "boolean") return JSON.stringify(value);
  throw new TypeError(`Cannot canonicalise a value of type ${typeof value}: it is not JSON`);
}
