/**
 * The code units a match of an anchored pattern can begin with, read from the pattern's
 * source, so that a list of patterns tried at the start of every line or block (the numbering
 * styles, the forms that begin a unit) is narrowed by the first character to the few that can
 * match. Trying thirty anchored patterns costs thirty calls into the regex engine even when
 * each fails on the first character; a table lookup costs one.
 *
 * The reading is conservative: it understands `^` followed by groups, alternatives, character
 * classes, escapes of single characters and literal characters. Anything else (a lookaround
 * first, an element that may be empty, flags that change what `^` or a class means) gives
 * `undefined`, and such a pattern is simply always tried.
 */

/** The set of UTF-16 code units a match of `pattern` must begin with, or `undefined` when it cannot be told. */
export function firstCodeUnits(pattern: RegExp): ReadonlySet<number> | undefined {
  // `m` lets `^` match after a line break, `i` adds the other case, `u`/`v` read code points,
  // `g`/`y` start at lastIndex: with any of them the first unit of the text is not what matters.
  if (pattern.flags.replace(/[sd]/g, '') !== '') return undefined;
  const source = pattern.source;
  if (!source.startsWith('^')) return undefined;
  const end = alternativesEnd(source, 1);
  // `^a|b` anchors only its first alternative: a top-level `|` leaves the pattern unread.
  if (end !== source.length || hasTopLevelAlternative(source)) return undefined;
  return alternativesFirst(source, 1, end);
}

function hasTopLevelAlternative(source: string): boolean {
  let depth = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** Where the alternatives beginning at `from` end: the `)` closing their group, or the end of the source. */
function alternativesEnd(source: string, from: number): number {
  let depth = 0;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (c === '[') i = classEnd(source, i);
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return source.length;
}

/** The index of the `]` closing the class opened at `open`. */
function classEnd(source: string, open: number): number {
  for (let i = open + 1; i < source.length; i++) {
    if (source[i] === '\\') i++;
    else if (source[i] === ']') return i;
  }
  return source.length;
}

/** The union of the first units of the alternatives in `source[from, end)`, split at top-level `|`. */
function alternativesFirst(source: string, from: number, end: number): Set<number> | undefined {
  const units = new Set<number>();
  let start = from;
  let depth = 0;
  for (let i = from; i <= end; i++) {
    const c = source[i];
    if (i < end && c === '\\') i++;
    else if (i < end && c === '[') i = classEnd(source, i);
    else if (i < end && c === '(') depth++;
    else if (i < end && c === ')') depth--;
    else if (i === end || (c === '|' && depth === 0)) {
      const first = sequenceFirst(source, start, i);
      if (!first) return undefined;
      for (const u of first) units.add(u);
      start = i + 1;
    }
  }
  return units;
}

/** The first units of the sequence `source[from, end)`: those of its first element, which must not be optional. */
function sequenceFirst(source: string, from: number, end: number): Set<number> | undefined {
  if (from >= end) return undefined;
  const c = source[from]!;
  let units: Set<number> | undefined;
  let next: number;
  if (c === '(') {
    let inner = from + 1;
    if (source.startsWith('(?:', from)) inner = from + 3;
    else if (source[from + 1] === '?') return undefined; // a lookaround or a named group
    const close = alternativesEnd(source, inner);
    if (close >= end) return undefined;
    units = alternativesFirst(source, inner, close);
    next = close + 1;
  } else if (c === '[') {
    const close = classEnd(source, from);
    if (close >= end) return undefined;
    units = classUnits(source.slice(from + 1, close));
    next = close + 1;
  } else if (c === '\\') {
    const escaped = escapeAt(source, from);
    if (!escaped) return undefined;
    units = new Set([escaped.unit]);
    next = escaped.end;
  } else if ('.^$|)*+?{}]'.includes(c)) return undefined;
  else {
    units = new Set([c.charCodeAt(0)]);
    next = from + 1;
  }
  if (!units) return undefined;
  // An element that may occur zero times does not decide the first unit.
  const quantifier = source[next];
  if (quantifier === '?' || quantifier === '*' || source.startsWith('{0', next)) return undefined;
  return units;
}

/** The units of a character class's body (between `[` and `]`), or `undefined` for a negated or unreadable class. */
function classUnits(body: string): Set<number> | undefined {
  if (body.startsWith('^') || body.length === 0) return undefined;
  const members: number[] = [];
  const ranges: Array<[number, number]> = [];
  let i = 0;
  while (i < body.length) {
    const read = memberAt(body, i);
    if (!read) return undefined;
    if (body[read.end] === '-' && read.end + 1 < body.length) {
      const to = memberAt(body, read.end + 1);
      if (!to || to.unit < read.unit) return undefined;
      ranges.push([read.unit, to.unit]);
      i = to.end;
    } else {
      members.push(read.unit);
      i = read.end;
    }
  }
  const units = new Set(members);
  for (const [lo, hi] of ranges) for (let u = lo; u <= hi; u++) units.add(u);
  return units;
}

function memberAt(body: string, at: number): { unit: number; end: number } | undefined {
  if (body[at] === '\\') return escapeAt(body, at);
  return { unit: body.charCodeAt(at), end: at + 1 };
}

const CONTROL_ESCAPES: ReadonlyMap<string, number> = new Map([
  ['t', 0x09],
  ['n', 0x0a],
  ['r', 0x0d],
  ['f', 0x0c],
  ['v', 0x0b],
]);

/** A backslash escape of one character at `at`: `\uXXXX`, `\xXX`, `\t`, `\n`, `\r`, or an escaped symbol. */
function escapeAt(source: string, at: number): { unit: number; end: number } | undefined {
  const c = source[at + 1];
  if (c === undefined) return undefined;
  if (c === 'u') {
    const hex = /^[0-9a-fA-F]{4}$/.exec(source.slice(at + 2, at + 6));
    return hex ? { unit: Number.parseInt(hex[0], 16), end: at + 6 } : undefined;
  }
  if (c === 'x') {
    const hex = /^[0-9a-fA-F]{2}$/.exec(source.slice(at + 2, at + 4));
    return hex ? { unit: Number.parseInt(hex[0], 16), end: at + 4 } : undefined;
  }
  const control = CONTROL_ESCAPES.get(c);
  if (control !== undefined) return { unit: control, end: at + 2 };
  // Letters and digits after a backslash are classes (\d, \s, \w), boundaries or back references.
  if (/[A-Za-z0-9]/.test(c)) return undefined;
  return { unit: c.charCodeAt(0), end: at + 2 };
}

/**
 * A fixed, ordered list of items with anchored patterns, narrowed by the first code unit of
 * a text to the items whose pattern can match it, in the list's order. Items whose first
 * unit cannot be told are always in the list.
 */
export class PatternsByFirstUnit<T> {
  private readonly firsts: ReadonlyArray<ReadonlySet<number> | undefined>;
  private readonly byUnit = new Map<number, readonly T[]>();

  constructor(
    private readonly items: readonly T[],
    patternOf: (item: T) => RegExp,
  ) {
    this.firsts = items.map((item) => firstCodeUnits(patternOf(item)));
  }

  /** The items that may match at the start of `text`. */
  candidates(text: string): readonly T[] {
    // The empty text is matched by no pattern with a known first unit.
    const unit = text.length > 0 ? text.charCodeAt(0) : -1;
    let list = this.byUnit.get(unit);
    if (!list) {
      list = this.items.filter((_, k) => {
        const first = this.firsts[k];
        return first === undefined || first.has(unit);
      });
      this.byUnit.set(unit, list);
    }
    return list;
  }
}
