// The splitter's flat typed arrays are sized for a typical bundle and doubled when outgrown.

/** A copy of `array` twice as long, the new half zeroed. */
export function grow<T extends Int32Array | Uint8Array>(array: T): T {
  const grown = new (array.constructor as new (length: number) => T)(array.length * 2);
  grown.set(array);
  return grown;
}
