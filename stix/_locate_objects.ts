// Finds where each element of a bundle's `objects` array sits in the bundle's JSON text, so
// that an object the splitter leaves unchanged can be emitted as a slice of the input (V8
// slices without copying) instead of being serialised again. The text has already been
// accepted by JSON.parse, so only its structure is followed: strings are skipped with
// indexOf, brackets counted.

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;

function skipWhitespace(text: string, pos: number): number {
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return pos;
    pos++;
  }
}

/** Position after the string that opens at `pos`. */
function skipString(text: string, pos: number): number {
  let q = pos + 1;
  for (;;) {
    q = text.indexOf('"', q);
    if (q === -1) throw new SyntaxError("unterminated string");
    if (text.charCodeAt(q - 1) !== BACKSLASH) return q + 1;
    let b = q - 1;
    while (text.charCodeAt(b) === BACKSLASH) b--;
    // An even number of backslashes before the quote: it is not escaped.
    if (((q - 1 - b) & 1) === 0) return q + 1;
    q++;
  }
}

/**
 * Position after the array or object that opens at `pos`; with `ranges`, also records the
 * [start, end) of each element of that array that is itself an object or array.
 */
function skipNested(text: string, pos: number, ranges: number[] | null): number {
  let depth = 0;
  let start = 0;
  for (;;) {
    const c = text.charCodeAt(pos);
    if (c === QUOTE) {
      pos = skipString(text, pos);
      continue;
    }
    pos++;
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (depth === 1) start = pos - 1;
      depth++;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
      if (depth === 0) return pos;
      if (depth === 1 && ranges !== null) ranges.push(start, pos);
    } else if (c !== c) {
      // NaN: past the end of the text.
      throw new SyntaxError("unterminated array or object");
    }
  }
}

function skipValue(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  if (c === QUOTE) return skipString(text, pos);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) return skipNested(text, pos, null);
  for (;;) {
    const d = text.charCodeAt(pos);
    if (
      d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || d === 32 || d === 10 ||
      d === 13 || d === 9 || d !== d
    ) {
      return pos;
    }
    pos++;
  }
}

/**
 * [start, end) pairs of the elements of the top-level `objects` array of a JSON text that
 * JSON.parse accepted (the last `objects` key wins, as in JSON.parse), or `null` when the
 * layout is not the expected one: the caller then serialises every object instead.
 */
export function locateObjects(text: string): number[] | null {
  try {
    let pos = skipWhitespace(text, 0);
    if (text.charCodeAt(pos) !== OPEN_BRACE) return null;
    pos = skipWhitespace(text, pos + 1);
    let found: number[] | null = null;
    while (text.charCodeAt(pos) === QUOTE) {
      const keyStart = pos;
      pos = skipString(text, pos);
      const raw = text.slice(keyStart + 1, pos - 1);
      const key = raw.includes("\\") ? JSON.parse(text.slice(keyStart, pos)) : raw;
      pos = skipWhitespace(text, pos);
      if (text.charCodeAt(pos) !== COLON) return null;
      pos = skipWhitespace(text, pos + 1);
      if (key === "objects" && text.charCodeAt(pos) === OPEN_BRACKET) {
        const ranges: number[] = [];
        pos = skipNested(text, pos, ranges);
        found = ranges;
      } else {
        if (key === "objects") found = null;
        pos = skipValue(text, pos);
      }
      pos = skipWhitespace(text, pos);
      if (text.charCodeAt(pos) !== COMMA) break;
      pos = skipWhitespace(text, pos + 1);
    }
    return found;
  } catch {
    return null;
  }
}
