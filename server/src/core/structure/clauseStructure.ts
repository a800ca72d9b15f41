/**
 * Parses a text into its tree of clauses: numbered headings, articles, paragraphs and items,
 * plus the unnumbered divisions (附則, a heading that opens a new numbered list) that hold
 * them. A pure function over the text; it never throws and reports what it could not make
 * sense of as problems.
 */
import type { Problem, TextRange } from '../types';
import {
  BULLET_PATTERN,
  type ClauseUnit,
  DIVISION_HEADINGS,
  NUMBERING_STYLES,
  type NumberingStyle,
  readSpanEnd,
  TABLE_OF_CONTENTS_ENTRY,
  TABLE_OF_CONTENTS_HEADING,
} from './numberingStyles';

export interface Clause {
  /** Index of this clause in `ClauseStructure.clauses` (document order). */
  readonly index: number;
  /** The numbering style's id, or `heading` for an unnumbered division, `toc` for a table of contents. */
  readonly style: string;
  readonly unit: ClauseUnit;
  /** The label as written (`第五条の二`, `（１）`, `I.`); empty for unnumbered divisions. */
  readonly label: string;
  /** Where the label is; an empty range at the line start for unnumbered divisions. */
  readonly labelRange: TextRange;
  /** The number read from the label: 第五条の二 → [5, 2], `1.2.3` → [1, 2, 3]; empty when unnumbered. */
  readonly number: readonly number[];
  /** `number` written as text: `5-2` for branch articles, `1.2.3` for multi-level numbers. */
  readonly normalizedNumber: string;
  /** For a label spanning several clauses (第四十条から第四十二条まで), the last one's number. */
  readonly spanEnd?: readonly number[];
  /** A short heading: the text after a heading-like label, or a statute caption such as （定義）. */
  readonly heading: string | undefined;
  readonly headingRange: TextRange | undefined;
  /** The beginning of the clause's text, for outlines when there is no heading. */
  readonly summary: string;
  /** True for articles whose whole text is 削除 (deleted): they keep their number. */
  readonly deleted: boolean;
  /** Depth in the tree, 0 at the top. */
  readonly level: number;
  readonly parent: number | undefined;
  readonly children: readonly number[];
  /** From the start of the label's line to the end of the clause's last non-blank line. */
  readonly range: TextRange;
  /** Zero-based lines of `range`, inclusive, for folding. */
  readonly startLine: number;
  readonly endLine: number;
}

/** A bulleted list item (`-`, `・`, `○`): part of a clause's text, not a clause of its own. */
export interface ListItem {
  readonly markerRange: TextRange;
  readonly range: TextRange;
  readonly line: number;
  /** The clause that contains it, if any. */
  readonly clause: number | undefined;
}

export interface ClauseStructure {
  readonly clauses: readonly Clause[];
  /** Indexes of the top-level clauses. */
  readonly roots: readonly number[];
  readonly items: readonly ListItem[];
  readonly problems: readonly Problem[];
}

interface Line {
  readonly number: number;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

interface MutableClause {
  index: number;
  style: string;
  unit: ClauseUnit;
  rank: number | undefined;
  label: string;
  labelRange: TextRange;
  number: number[];
  spanEnd: number[] | undefined;
  heading: string | undefined;
  headingRange: TextRange | undefined;
  summary: string;
  deleted: boolean;
  parent: number | undefined;
  children: number[];
  startLine: number;
  /** Line of the label; a statute caption may put startLine one line above it. */
  labelLine: number;
}

const INDENT = /^[ \t\u3000\ufeff]*/;
const SEPARATOR_AFTER_LABEL = /^[ \t\u3000:：]*/;
const MAX_HEADING_LENGTH = 50;
/** The rank of statute paragraphs (項), between articles and items. */
const PARAGRAPH_RANK = 70;
/** The first article of a statute: everything before it may be a table of contents. */
const FIRST_ARTICLE = /^第[一1１]条[ \u3000]/;
const SUMMARY_LENGTH = 40;
/** A line that announces a table on the lines below it. */
const TABLE_ANNOUNCED = /次の表/;
/** A statute caption on the line before an article: （定義）. */
const CAPTION = /^[（(]([^（）()]{1,40})[)）]$/;

function splitLines(text: string): Line[] {
  const lines: Line[] = [];
  const pattern = /\r\n|\r|\n/g;
  let start = 0;
  let number = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    lines.push({ number: number++, start, end: match.index, text: text.slice(start, match.index) });
    start = match.index + match[0].length;
  }
  lines.push({ number, start, end: text.length, text: text.slice(start) });
  return lines;
}

function isBlank(line: Line): boolean {
  return /^[ \t\u3000\ufeff]*$/.test(line.text);
}

/** A line a reader takes for an unnumbered heading: short, and not a sentence. */
function looksLikeHeading(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && t.length <= 60 && !/[。．.!?！？:：,，、;；]$/.test(t) && !t.includes('。');
}

function matchStyle(rest: string): { style: NumberingStyle; label: string } | undefined {
  for (const style of NUMBERING_STYLES) {
    const match = style.pattern.exec(rest);
    if (match?.[1]) return { style, label: match[1] };
  }
  return undefined;
}

/**
 * Reads the clause tree of a text. Nesting follows the reader: a statute-like division
 * (ranked style) closes every open division at its rank or below; any other style is a
 * sibling of the nearest open clause of the same style, or else a child of the innermost
 * open clause. A list that restarts at 1 under an unnumbered heading line becomes the
 * children of that heading.
 */
export function parseClauseStructure(text: string): ClauseStructure {
  const lines = splitLines(text);
  const clauses: MutableClause[] = [];
  const items: Array<{ markerRange: TextRange; line: number; start: number }> = [];
  const problems: Problem[] = [];
  /** Open clauses, outermost first. */
  const stack: number[] = [];
  let tableOfContents: { firstEntry: string | undefined } | undefined;
  const implicitContents = findUnheadedTablesOfContents(lines);
  /** Lines since a table was announced (次の表の上欄に掲げる…): a bare label there is a cell. */
  let inTable = false;

  const open = (clause: Omit<MutableClause, 'index' | 'children' | 'parent'>): void => {
    const parent = stack.length > 0 ? stack[stack.length - 1] : undefined;
    const index = clauses.length;
    clauses.push(Object.assign(clause, { index, parent, children: [] as number[] }) as MutableClause);
    if (parent !== undefined) clauses[parent]!.children.push(index);
    stack.push(index);
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const indent = INDENT.exec(line.text)![0].length;
    const rest = line.text.slice(indent);
    const restStart = line.start + indent;
    const tableBefore = inTable;
    // A caption or a division heading ends a table; a clause with a body ends it below.
    if (CAPTION.test(rest.trim()) || DIVISION_HEADINGS.some((p) => p.test(rest))) inTable = false;
    if (TABLE_ANNOUNCED.test(rest)) inTable = true;

    // A table of contents repeats the headings that follow it; its entries are not clauses.
    if (tableOfContents) {
      const trimmed = rest.trim();
      const repeatsFirstEntry =
        tableOfContents.firstEntry !== undefined && contentsKey(trimmed) === tableOfContents.firstEntry;
      if (!repeatsFirstEntry && TABLE_OF_CONTENTS_ENTRY.test(trimmed)) {
        tableOfContents.firstEntry ??= contentsKey(trimmed);
        continue;
      }
      tableOfContents = undefined;
    }
    const implicitEnd = implicitContents.get(i);
    if (implicitEnd !== undefined) {
      // A table of contents without its 目次 heading: its entries become one folded block.
      stack.length = 0;
      open(unnumbered('toc', '目次', line, restStart));
      stack.length = 0;
      i = implicitEnd;
      continue;
    }
    if (TABLE_OF_CONTENTS_HEADING.test(rest.trim())) {
      stack.length = 0;
      open(unnumbered('toc', rest.trim(), line, restStart));
      stack.length = 0;
      tableOfContents = { firstEntry: undefined };
      continue;
    }
    if (DIVISION_HEADINGS.some((p) => p.test(rest))) {
      stack.length = 0;
      open(unnumbered('heading', rest.trim(), line, restStart));
      continue;
    }

    const bullet = BULLET_PATTERN.exec(rest);
    if (bullet && !matchStyle(rest)) {
      items.push({
        markerRange: { start: restStart, end: restStart + bullet[0].length },
        line: line.number,
        start: line.start,
      });
      continue;
    }

    const found = matchStyle(rest);
    if (!found) continue;
    const { style, label } = found;
    const number = style.read(label);
    if (number === undefined) continue;

    const labelRange = { start: restStart, end: restStart + label.length };
    const after = rest.slice(label.length);
    const separator = SEPARATOR_AFTER_LABEL.exec(after)![0].length;
    const body = after.slice(separator);
    const bodyStart = labelRange.end + separator;
    // A cell of a table (the 第六条 of a reading-in table's row) is a label with nothing after it.
    if (tableBefore && body.trim().length === 0) continue;
    if (body.trim().length > 0 && !TABLE_ANNOUNCED.test(rest)) inTable = false;
    let heading: string | undefined;
    let headingRange: TextRange | undefined;
    let startLine = line.number;
    const deleted = /^削除[ \u3000]*$/.test(body);
    const bracketed = /^[（(]([^（）()]{1,40})[)）]/.exec(body);
    const caption = i > 0 ? CAPTION.exec(lines[i - 1]!.text.trim()) : null;
    // A chapter or section heading carries its title on its own line: the bracketed line above
    // it ends the previous article (（罰則　第一項については…）).
    const captioned = style.unit === 'article' || body.trim().length === 0;
    if (style.rank !== undefined && captioned && caption?.[1]) {
      // Statutes put an article's caption on the line above it.
      const captionLine = lines[i - 1]!;
      const at = captionLine.text.indexOf(caption[1]);
      heading = caption[1];
      headingRange = { start: captionLine.start + at, end: captionLine.start + at + caption[1].length };
      startLine = captionLine.number;
    } else if (bracketed?.[1] && style.rank !== undefined) {
      // 第1条（目的）: an agreement-style caption right after the label.
      heading = bracketed[1];
      headingRange = { start: bodyStart + 1, end: bodyStart + 1 + bracketed[1].length };
    } else if (!deleted && body.length > 0 && body.length <= MAX_HEADING_LENGTH && looksLikeHeading(body)) {
      const trimmed = body.trimEnd();
      heading = trimmed;
      headingRange = { start: bodyStart, end: bodyStart + trimmed.length };
    }

    placeInStack(style, number, lines, i);
    const spanEnd = readSpanEnd(label);
    const rank = effectiveRank(style);
    open({
      style: style.id,
      unit: rank === PARAGRAPH_RANK ? 'paragraph' : style.unit,
      rank,
      label,
      labelRange,
      number,
      spanEnd,
      heading,
      headingRange,
      summary: summarise(body),
      deleted,
      startLine,
      labelLine: line.number,
    });
  }

  /**
   * Closes the clauses that the new one ends, leaving its parent on top of the stack. A
   * list restarting at 1 under an unnumbered heading line gets that heading as its parent.
   */
  function placeInStack(style: NumberingStyle, number: number[], allLines: Line[], i: number): void {
    const sameStyleAt = findLast(stack, (c) => clauses[c]!.style === style.id);
    const rank = effectiveRank(style);
    if (rank !== undefined) {
      while (stack.length > 0) {
        const top = clauses[stack[stack.length - 1]!]!;
        if (top.rank !== undefined && top.rank < rank) break;
        stack.pop();
      }
      // Within one division a restart at 1 after a division heading is handled by DIVISION_HEADINGS.
      return;
    }
    if (sameStyleAt < 0) return;
    const previous = clauses[stack[sameStyleAt]!]!;
    stack.length = sameStyleAt;
    const restarts = number[0] === 1 && (previous.number[0] ?? 0) >= 1;
    if (!restarts) return;
    const headingLine = previousNonBlankLine(allLines, i);
    if (headingLine === undefined || headingLine.number <= previous.labelLine) return;
    if (isClauseOrItemLine(headingLine) || !looksLikeHeading(headingLine.text)) return;
    // Pop to the level of the previous list's parent, then open the heading as the new list's parent.
    const indent = INDENT.exec(headingLine.text)![0].length;
    open(unnumbered('heading', headingLine.text.trim(), headingLine, headingLine.start + indent));
  }

  /**
   * Older statutes number paragraphs ②, ③: inside an article a circled number is a
   * paragraph (and closes the items before it); elsewhere it is an ordinary list.
   */
  function effectiveRank(style: NumberingStyle): number | undefined {
    if (style.id !== 'circled') return style.rank;
    const insideArticle = stack.some((c) => clauses[c]!.unit === 'article');
    return insideArticle ? PARAGRAPH_RANK : undefined;
  }

  const structure = finish(clauses, lines, text, items);
  return { ...structure, problems };
}

/**
 * Finds tables of contents written without a 目次 heading: a run of two or more division
 * headings in a row (第一章　総則, 第二章　…), before the first article, whose first line
 * appears again later, where the divisions themselves begin. Returns, for the first line of
 * each run, the last line of it.
 */
function findUnheadedTablesOfContents(lines: readonly Line[]): Map<number, number> {
  const lastSeen = new Map<string, number>();
  lines.forEach((line, i) => lastSeen.set(contentsKey(line.text.trim()), i));
  const runs = new Map<number, number>();
  const firstArticle = lines.findIndex((line) => FIRST_ARTICLE.test(line.text.trim()));
  const searchEnd = firstArticle < 0 ? lines.length : firstArticle;
  let i = 0;
  while (i < searchEnd) {
    const first = contentsKey(lines[i]!.text.trim());
    if (!TABLE_OF_CONTENTS_ENTRY.test(first) || i === 0 || TABLE_OF_CONTENTS_HEADING.test(lines[i - 1]!.text.trim())) {
      i++;
      continue;
    }
    let end = i;
    while (
      end + 1 < lines.length &&
      TABLE_OF_CONTENTS_ENTRY.test(lines[end + 1]!.text.trim()) &&
      contentsKey(lines[end + 1]!.text.trim()) !== first
    )
      end++;
    if (end > i && (lastSeen.get(first) ?? -1) > end) runs.set(i, end);
    i = end + 1;
  }
  return runs;
}

/** A table-of-contents entry without its article span: 第一章　総則（第一条―第三条） → 第一章　総則. */
function contentsKey(line: string): string {
  return line.replace(/[（(][^（）()]*[)）]$/, '');
}

function unnumbered(
  style: 'heading' | 'toc',
  title: string,
  line: Line,
  titleStart: number,
): Omit<MutableClause, 'index' | 'children' | 'parent'> {
  return {
    style,
    unit: 'heading',
    rank: style === 'heading' ? 0 : undefined,
    label: '',
    labelRange: { start: line.start, end: line.start },
    number: [],
    spanEnd: undefined,
    heading: title,
    headingRange: { start: titleStart, end: titleStart + title.length },
    summary: title,
    deleted: false,
    startLine: line.number,
    labelLine: line.number,
  };
}

function isClauseOrItemLine(line: Line): boolean {
  const rest = line.text.slice(INDENT.exec(line.text)![0].length);
  return matchStyle(rest) !== undefined || BULLET_PATTERN.test(rest);
}

function previousNonBlankLine(lines: Line[], i: number): Line | undefined {
  for (let j = i - 1; j >= 0; j--) if (!isBlank(lines[j]!)) return lines[j];
  return undefined;
}

function findLast<T>(array: readonly T[], predicate: (value: T) => boolean): number {
  for (let i = array.length - 1; i >= 0; i--) if (predicate(array[i]!)) return i;
  return -1;
}

function summarise(body: string): string {
  const t = body.trim();
  return t.length > SUMMARY_LENGTH ? `${t.slice(0, SUMMARY_LENGTH)}…` : t;
}

/** Computes levels and ranges once the tree is complete. */
function finish(
  clauses: MutableClause[],
  lines: Line[],
  text: string,
  rawItems: Array<{ markerRange: TextRange; line: number; start: number }>,
): Omit<ClauseStructure, 'problems'> {
  const levels: number[] = [];
  for (const c of clauses) levels.push(c.parent === undefined ? 0 : levels[c.parent]! + 1);
  // The clause ends where the next clause at its level or above begins; found in one backward pass.
  const nextStartLines: number[] = new Array<number>(clauses.length);
  const nearestAtLevel: number[] = [];
  for (let i = clauses.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    let next = lines.length;
    for (let l = 0; l <= level && l < nearestAtLevel.length; l++)
      next = Math.min(next, nearestAtLevel[l] ?? lines.length);
    nextStartLines[i] = next;
    nearestAtLevel[level] = clauses[i]!.startLine;
    // Deeper levels ended here: a later sibling's children do not bound earlier clauses.
    nearestAtLevel.length = level + 1;
  }
  const result: Clause[] = clauses.map((c, i) => {
    const nextStartLine = nextStartLines[i]!;
    let endLine = nextStartLine - 1;
    while (endLine > c.labelLine && isBlank(lines[endLine]!)) endLine--;
    const startOffset = lines[c.startLine]!.start;
    const endOffset = Math.min(lines[endLine]!.end, text.length);
    return {
      index: c.index,
      style: c.style,
      unit: c.unit,
      label: c.label,
      labelRange: c.labelRange,
      number: c.number,
      normalizedNumber: normalise(c.style, c.number),
      ...(c.spanEnd ? { spanEnd: c.spanEnd } : {}),
      heading: c.heading,
      headingRange: c.headingRange,
      summary: c.summary,
      deleted: c.deleted,
      level: levels[i]!,
      parent: c.parent,
      children: c.children,
      range: { start: startOffset, end: endOffset },
      startLine: c.startLine,
      endLine,
    };
  });
  const items: ListItem[] = rawItems.map((item) => {
    const line = lines[item.line]!;
    return {
      markerRange: item.markerRange,
      range: { start: item.markerRange.start, end: line.end },
      line: item.line,
      clause: innermostClauseAt(result, item.line),
    };
  });
  return { clauses: result, roots: result.filter((c) => c.parent === undefined).map((c) => c.index), items };
}

function normalise(style: string, number: readonly number[]): string {
  if (number.length === 0) return '';
  return style === 'decimal-multilevel' || style === 'en-section' || style === 'en-article'
    ? number.join('.')
    : number.join('-');
}

/** The deepest clause whose lines include `line`, if any. */
export function innermostClauseAt(clauses: readonly Clause[], line: number): number | undefined {
  let found: number | undefined;
  for (const c of clauses) {
    if (c.startLine > line) break;
    if (line <= c.endLine && (found === undefined || c.level > clauses[found]!.level)) found = c.index;
  }
  return found;
}
