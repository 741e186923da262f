import { createHash } from "node:crypto";

/** UUIDv5 namespace pycti uses for the ids of embedded objects (external references, ...). */
export const EMBEDDED_ID_NAMESPACE = "00abedb4-aa42-466c-9c01-fed23315a9b7";

/** RFC 4122 name-based UUID, version 5 (SHA-1), of the UTF-8 bytes of `name`. */
export function uuid5(namespace: string, name: string): string {
  const hash = createHash("sha1")
    .update(namespaceBytes(namespace))
    .update(name, "utf8")
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.toString("hex", 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${
    hex.slice(20, 32)
  }`;
}

const cache = new Map<string, Uint8Array>();

function namespaceBytes(namespace: string): Uint8Array {
  let bytes = cache.get(namespace);
  if (bytes === undefined) {
    const hex = namespace.replaceAll("-", "");
    if (!/^[0-9a-fA-F]{32}$/.test(hex)) {
      throw new TypeError(`Cannot use "${namespace}" as a UUID namespace: it is not a UUID`);
    }
    bytes = new Uint8Array(16);
    for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
    cache.set(namespace, bytes);
  }
  return bytes;
}
