/**
 * Where each value of a JSON text is, by line: so that a problem found in the parsed value
 * (`rules.numbering-gap: 'loud' is not a severity`) can name the line it is on. JSON.parse
 * says nothing of positions, and a second full parser is more than this needs: one pass over
 * the characters, with an explicit stack (no recursion, whatever the nesting), records the
 * line of every object key and every array item down to MAX_DEPTH levels (deeper values are
 * passed over, so that absurd nesting costs linear time). The text is assumed to be valid JSON
 * (JSON.parse accepted it); on anything else the result is merely incomplete.
 */

/** A path into a JSON value: object keys and array indexes. */
export type JsonPath = ReadonlyArray<string | number>;

/** One key per path, for the map below. */
export function jsonPathKey(path: JsonPath): string {
  return JSON.stringify(path);
}

/** Values nested deeper than this are not recorded; their problems take an ancestor's line. */
export const MAX_DEPTH = 16;

/** The 0-based line of each object member (its key) and array item, keyed by jsonPathKey. */
export function jsonValueLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  interface Container {
    /** Undefined below MAX_DEPTH. */
    readonly path: Array<string | number> | undefined;
    readonly isArray: boolean;
    index: number;
    /** In an object: true between `{` or `,` and the next key. */
    expectingKey: boolean;
    key: string | undefined;
  }
  const stack: Container[] = [];
  let line = 0;
  /** A value starts here: an array item gets its line. */
  const valueStarts = () => {
    const top = stack[stack.length - 1];
    if (top?.isArray && top.path) lines.set(jsonPathKey([...top.path, top.index]), line);
  };
  const childPath = (): Array<string | number> | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return [];
    if (!top.path || top.path.length >= MAX_DEPTH) return undefined;
    return [...top.path, top.isArray ? top.index : (top.key ?? '')];
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) {
      line++;
      continue;
    }
    if (c === 0x22 /* " */) {
      let end = i + 1;
      while (end < text.length && text.charCodeAt(end) !== 0x22) end += text.charCodeAt(end) === 0x5c ? 2 : 1;
      const top = stack[stack.length - 1];
      if (top && !top.isArray && top.expectingKey) {
        let key: string;
        try {
          key = JSON.parse(text.slice(i, end + 1)) as string;
        } catch {
          key = text.slice(i + 1, end);
        }
        top.key = key;
        top.expectingKey = false;
        if (top.path) lines.set(jsonPathKey([...top.path, key]), line);
      } else valueStarts();
      i = end;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      valueStarts();
      stack.push({ path: childPath(), isArray: c === 0x5b, index: 0, expectingKey: c === 0x7b, key: undefined });
      continue;
    }
    if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      continue;
    }
    if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.isArray) top.index++;
      else if (top) top.expectingKey = true;
      continue;
    }
    // A number, true, false or null: the start of a value; skip to its end.
    if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
      valueStarts();
      while (i + 1 < text.length && /[0-9a-zA-Z.+-]/.test(text.charAt(i + 1))) i++;
    }
  }
  return lines;
}

/** The line of the value at `path`, else of its nearest ancestor that has one, else 0. */
export function lineOfPath(lines: ReadonlyMap<string, number>, path: JsonPath): number {
  for (let n = path.length; n > 0; n--) {
    const line = lines.get(jsonPathKey(path.slice(0, n)));
    if (line !== undefined) return line;
  }
  return 0;
}

/** The 0-based line of a JSON.parse error, from the position its message gives (V8: "at position 12"). */
export function lineOfJsonError(text: string, error: unknown): number {
  const message = error instanceof Error ? error.message : String(error);
  const lineColumn = /\(line (\d+) column \d+\)/.exec(message);
  if (lineColumn) return Number(lineColumn[1]) - 1;
  const position = /at position (\d+)/.exec(message);
  if (!position) return 0;
  const end = Math.min(Number(position[1]), text.length);
  let line = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) !== 0x0a)) line++;
  }
  return line;
}
