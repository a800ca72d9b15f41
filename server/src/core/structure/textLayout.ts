/**
 * How a reader sees the lines of a text: which line breaks end a unit of text and which are
 * only where a PDF or an editor wrapped a sentence, and where units begin inside a line that
 * holds a whole agreement. The result is a list of blocks — the places where a clause, a
 * heading or a paragraph can begin — and the reading text, in which the wrapped line breaks
 * read as spaces.
 *
 * One offset model: the reading text has exactly the length of the text (a wrapped `\n`
 * becomes one space, a wrapped `\r\n` two), so every offset the recognisers report on it is an
 * offset into the text as the editor holds it.
 *
 * The rules, as a careful reader applies them:
 * - A line continues the one above when the one above does not end its unit (no full stop,
 *   semicolon or colon at its end, no bracket or quote left open … closed), and this line
 *   does not begin a unit of its own by its form (an article or section heading, a statute
 *   paragraph, a bullet), and either this line starts with a lower-case word or the line
 *   above runs to the width the text is wrapped at. A short line that stops without a full
 *   stop is a heading, a title or a signature line, not a wrapped one.
 * - A text is hard-wrapped when most of its long lines end at about the same width; only then
 *   does a long line count as wrapped (a text of one paragraph per line has no width).
 * - A single line holding several articles (a whole agreement stored as one line) is read
 *   as the lines it would have had: a new block starts at each article heading that follows
 *   the end of a sentence, and at each numbered paragraph or item that follows the end of a
 *   sentence and continues its list (`1.` … `2.`, `a.` … `b.`).
 * - On a heading line, the first paragraph may follow the heading on the same line
 *   (`Article 2. 1. The Parties …`, `ARTICLE 1. Objectives 1. The Parties …`): it starts a block.
 */
import { PatternsByFirstUnit } from '../text/firstCodeUnits';
import { EN_DIVISION_LABEL, RUN_IN_LABELS, startsUnitByForm, startsWithLabel } from './numberingStyles';

export interface LayoutBlock {
  /** Offset of the first character of the block's text, after indentation. */
  readonly start: number;
  /** Offset just past the block's last character (before the line break of its last line). */
  readonly end: number;
  /** Where the block's first line begins (before indentation); `start` for a block that begins inside a line. */
  readonly lineStart: number;
  /** Zero-based physical lines of the block's first and last characters. */
  readonly firstLine: number;
  readonly lastLine: number;
  /** True for a block that begins inside a line (the rest of a one-line agreement). */
  readonly runIn: boolean;
  /** A blank line comes before the block (or it is the first of the text). */
  readonly blankBefore: boolean;
  /** The block's text as read: wrapped line breaks are spaces. */
  readonly text: string;
}

export interface TextLayout {
  /** Non-blank blocks in document order. */
  readonly blocks: readonly LayoutBlock[];
  /** The text with wrapped line breaks read as spaces; the same length as the text. */
  readonly readingText: string;
  /** The width the text is hard-wrapped at, in UTF-16 units, or undefined when it is not hard-wrapped. */
  readonly wrapWidth: number | undefined;
  /** Offset of the first character of each physical line. */
  readonly lineStarts: readonly number[];
}

interface PhysicalLine {
  readonly start: number;
  /** Before the line break. */
  readonly end: number;
  /** Start of the text after indentation. */
  readonly textStart: number;
  /** End of the text without trailing white space. */
  readonly textEnd: number;
}

/** A line of a hard-wrapped text counts as running to the width when at least this share of it. */
const WRAPPED_SHARE = 0.7;
/** Widths beyond this are paragraphs on one line, not a wrap. */
const MAX_WRAP_WIDTH = 180;
/** Fewer long lines than this and no width can be told. */
const MIN_LINES_FOR_WIDTH = 8;
/** A line this long that holds two article headings or more is a whole agreement on one line. */
const RUN_IN_MIN_LENGTH = 400;
/** How far after a heading label its title may run before the first paragraph on the same line. */
const MAX_TITLE_LENGTH = 120;

/** What ends a unit at the end of a line, closing quotes and brackets aside. */
const UNIT_END = /(?:[.。．;；:：!?！？]|;\s*(?:and|or)|\b(?:and|or)\s*;)[\s"'”’」』）)\]]*$/;
/** A line ends with `; and` / `; or`: the item is over, the list goes on. */
const LIST_JOIN_END = /[;；][ \t]*(?:and|or)$/;
const STARTS_LOWER = /^[("'“‘]?[a-z]/;
/** An opening quote before a quoted paragraph's label (`"(ii) Formula on sovereignty`). */
const LEADING_QUOTE = /^["“‘']/;

export function readLayout(text: string): TextLayout {
  const lines = splitLines(text);
  const widths = findWrapWidths(text, lines);
  // First the groups of lines a reader reads as one (wrapped lines joined), then the blocks.
  const groups: Array<{ first: number; last: number; blankBefore: boolean }> = [];
  const wrappedLineEnds: number[] = [];
  const lists = new ListMemory();
  let blankBefore = true;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.textStart >= line.textEnd) {
      blankBefore = true;
      continue;
    }
    const group = groups[groups.length - 1];
    const above = group ? lines[group.last]! : undefined;
    const lineText = text.slice(line.textStart, line.textEnd);
    const nextInList = lists.continues(lineText);
    if (group && above && !blankBefore && group.last === i - 1 && !nextInList && continues(text, above, line, widths)) {
      wrappedLineEnds.push(above.end);
      group.last = i;
    } else {
      groups.push({ first: i, last: i, blankBefore });
      lists.saw(lineText);
    }
    blankBefore = false;
  }
  const readingText = foldWrappedBreaks(text, wrappedLineEnds);
  const blocks: LayoutBlock[] = [];
  for (const group of groups) {
    const first = lines[group.first]!;
    const last = lines[group.last]!;
    splitRunIn(readingText, first, last, group, blocks);
  }
  const lineStarts = lines.map((l) => l.start);
  return { blocks: fixLines(blocks, lineStarts), readingText, wrapWidth: widths.latin ?? widths.cjk, lineStarts };
}

/**
 * The last number of each simple list form seen at the start of a block, so that a line
 * beginning with the next label of a list (`(e)` after `(d)`) starts a unit even when the
 * item above forgot its punctuation.
 */
/** The run-in labels by the first character of a line: most lines begin with none of them. */
const RUN_IN_LABELS_BY_FIRST_UNIT = new PatternsByFirstUnit(RUN_IN_LABELS, (form) => form.pattern);

class ListMemory {
  private readonly last = new Map<string, number>();

  /** The line starts with the label that follows the last one of its form. */
  continues(line: string): boolean {
    const label = this.read(line);
    return label !== undefined && this.last.get(label.id) === label.n - 1;
  }

  saw(line: string): void {
    const label = this.read(line);
    if (label) this.last.set(label.id, label.n);
  }

  private read(line: string): { id: string; n: number } | undefined {
    const body = line.replace(/^["“‘']/, '');
    for (const form of RUN_IN_LABELS_BY_FIRST_UNIT.candidates(body)) {
      const found = form.pattern.exec(body);
      if (found) return { id: form.id, n: form.read(found[0]) };
    }
    return undefined;
  }
}

function splitLines(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let start = 0;
  const push = (end: number) => {
    let textStart = start;
    while (textStart < end && isIndent(text.charCodeAt(textStart))) textStart++;
    let textEnd = end;
    while (textEnd > textStart && isIndent(text.charCodeAt(textEnd - 1))) textEnd--;
    lines.push({ start, end, textStart, textEnd });
  };
  // A loop over code units rather than a global regex, which would allocate a match per line.
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    push(i);
    if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) i++;
    start = i + 1;
  }
  push(text.length);
  return lines;
}

function isIndent(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x3000 || c === 0xfeff;
}

/**
 * The widths a text is hard-wrapped at. English prose wrapped in a proportional font ends its
 * lines at varying lengths below a common width: among lines that stop in the middle of a
 * sentence, the length most of them reach, when most cluster just below it. Japanese wrapped
 * in a fixed-width font ends them at one length exactly: the length most such lines share.
 * Undefined when the lines do not show it (a text with one paragraph per line, a statute).
 */
function findWrapWidths(text: string, lines: readonly PhysicalLine[]): WrapWidths {
  const latin: number[] = [];
  const cjk = new Map<number, number>();
  let cjkLines = 0;
  for (const line of lines) {
    const length = line.textEnd - line.start;
    if (length < 20) continue;
    const body = text.slice(line.textStart, line.textEnd);
    if (UNIT_END.test(body.slice(-12)) || !breaksMidSentence(body)) continue;
    if (isCjk(body.charCodeAt(body.length - 1))) {
      cjkLines++;
      cjk.set(length, (cjk.get(length) ?? 0) + 1);
    } else latin.push(length);
  }
  return { latin: latinWidth(latin), cjk: cjkWidth(cjk, cjkLines) };
}

interface WrapWidths {
  readonly latin: number | undefined;
  readonly cjk: number | undefined;
}

function latinWidth(open: number[]): number | undefined {
  if (open.length < MIN_LINES_FOR_WIDTH) return undefined;
  open.sort((a, b) => a - b);
  const width = open[Math.floor(open.length * 0.8)]!;
  if (width > MAX_WRAP_WIDTH) return undefined;
  // Wrapped lines cluster just below the width; paragraphs on one line spread far beyond it.
  const near = open.filter((n) => n >= width * WRAPPED_SHARE && n <= width * 1.15).length;
  return near >= open.length * 0.5 ? width : undefined;
}

function cjkWidth(lengths: ReadonlyMap<number, number>, total: number): number | undefined {
  if (total < MIN_LINES_FOR_WIDTH) return undefined;
  let mode = 0;
  let count = 0;
  for (const [length, n] of lengths) if (n > count) [mode, count] = [length, n];
  return count >= total * 0.5 && mode <= MAX_WRAP_WIDTH ? mode : undefined;
}

function isCjk(c: number): boolean {
  return (c >= 0x3040 && c <= 0x30ff) || (c >= 0x3400 && c <= 0x9fff) || c === 0x3001 || c === 0xff0c;
}

/** Does `line` continue the sentence of `above` (no blank line between them)? */
function continues(text: string, above: PhysicalLine, line: PhysicalLine, widths: WrapWidths): boolean {
  const aboveText = text.slice(above.textStart, above.textEnd);
  const lineText = text.slice(line.textStart, line.textEnd);
  if (startsUnitByForm(lineText.replace(LEADING_QUOTE, ''))) return false;
  if (UNIT_END.test(aboveText.slice(-12)) || LIST_JOIN_END.test(aboveText)) return false;
  if (opensUnclosed(aboveText)) return true;
  // A lower-case word goes on with the sentence above; `(ii) roman two` and `i) the range` are labels.
  if (STARTS_LOWER.test(lineText) && !startsWithLabel(lineText)) return !isHeadingLine(aboveText);
  if (!breaksMidSentence(aboveText) || isHeadingLine(aboveText)) return false;
  const length = above.textEnd - above.start;
  if (isCjk(aboveText.charCodeAt(aboveText.length - 1))) return widths.cjk !== undefined && length >= widths.cjk - 1;
  return widths.latin !== undefined && length >= widths.latin * WRAPPED_SHARE;
}

/**
 * The line stops where a sentence goes on: after a word or a comma of English prose, or in the
 * middle of Japanese prose (a line with a 、 that ends on kana or kanji). A row of a table, an
 * address or a name in a signature block stops so too, but has no such prose.
 */
function breaksMidSentence(line: string): boolean {
  if (/[A-Za-z0-9,)\]"'’”-]$/.test(line)) return /[A-Za-z]{2,}[ \t]+[A-Za-z]{2,}/.test(line);
  return /[、，\u3040-\u30ff\u4e00-\u9fff]$/.test(line) && /[、，]/.test(line);
}

/** A heading line: a division label with at most a title (`ARTICLE II`, `Section 1 Scope`, `Annex 1: Species covered …`). */
function isHeadingLine(line: string): boolean {
  const label = EN_DIVISION_LABEL.exec(line);
  return label !== null && line.length - label[0].length <= MAX_TITLE_LENGTH;
}

/**
 * A quote or bracket opened on the line and not closed there: the text goes on below
 * (`(HEREINAFTER REFERRED TO AS "THE` ⏎ `PARTIES"),`). Straight double quotes count by parity,
 * leaving out one that opens the line: quoted paragraphs each open with a quote mark and
 * only the last one closes it.
 */
function opensUnclosed(line: string): boolean {
  let depth = 0;
  let straight = 0;
  for (let i = LEADING_QUOTE.exec(line)?.[0].length ?? 0; i < line.length; i++) {
    const c = line[i];
    if (c === '(' || c === '“' || c === '（' || c === '「' || c === '『') depth++;
    else if ((c === ')' || c === '”' || c === '）' || c === '」' || c === '』') && depth > 0) depth--;
    else if (c === '"') straight++;
  }
  return depth > 0 || straight % 2 === 1;
}

/** The text with the wrapped line breaks (at the given line ends) replaced by spaces. */
function foldWrappedBreaks(text: string, lineEnds: readonly number[]): string {
  if (lineEnds.length === 0) return text;
  const parts: string[] = [];
  let from = 0;
  for (const end of lineEnds) {
    const breakLength = text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1;
    parts.push(text.slice(from, end), breakLength === 2 ? '  ' : ' ');
    from = end + breakLength;
  }
  parts.push(text.slice(from));
  return parts.join('');
}

/**
 * Adds the blocks of a group of lines to `blocks`: one block, or several when units begin
 * inside it.
 */
function splitRunIn(
  readingText: string,
  first: PhysicalLine,
  last: PhysicalLine,
  group: { first: number; last: number; blankBefore: boolean },
  blocks: LayoutBlock[],
): void {
  const start = first.textStart;
  const end = last.textEnd;
  let blockStart = start;
  for (const next of [...runInStarts(readingText, start, end), end]) {
    if (next <= blockStart) continue;
    let blockEnd = next;
    while (blockEnd > blockStart && isSpace(readingText.charCodeAt(blockEnd - 1))) blockEnd--;
    const isFirst = blockStart === start;
    blocks.push({
      start: blockStart,
      end: blockEnd,
      lineStart: isFirst ? first.start : blockStart,
      // The lines of blocks that begin or end inside a line are found once all blocks are known.
      firstLine: isFirst ? group.first : -1,
      lastLine: next === end ? group.last : -1,
      runIn: !isFirst,
      blankBefore: isFirst ? group.blankBefore : false,
      text: readingText.slice(blockStart, blockEnd),
    });
    blockStart = next;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x3000 || c === 0x0a || c === 0x0d;
}

/**
 * Where units begin inside `[start, end)`, which begins a block: at article headings after the
 * end of a sentence when the text holds a whole agreement on one line, at numbered
 * paragraphs and items that follow the end of a sentence and continue their list, and at
 * the first paragraph on a heading's own line.
 */
function runInStarts(text: string, start: number, end: number): number[] {
  const starts: number[] = [];
  const headingLabel = EN_DIVISION_LABEL.exec(text.slice(start, Math.min(end, start + 40)));
  if (headingLabel) {
    const first = firstParagraphAfterHeading(text, start + headingLabel[0].length, end);
    if (first !== undefined) starts.push(first);
  }
  if (end - start < RUN_IN_MIN_LENGTH) return starts;
  const body = text.slice(start, end);
  const headings: number[] = [];
  for (const match of body.matchAll(RUN_IN_HEADING)) {
    const at = start + match.index + match[1]!.length;
    if (at > start) headings.push(at);
  }
  if (headings.length < 2) return starts;
  // A whole agreement on one line: split at every heading, then at the numbered units inside.
  const bounds = [start, ...headings, end];
  for (let k = 0; k < bounds.length - 1; k++) {
    const from = bounds[k]!;
    const to = bounds[k + 1]!;
    if (k > 0) starts.push(from);
    const label = k > 0 ? EN_DIVISION_LABEL.exec(text.slice(from, Math.min(to, from + 40))) : null;
    let scanFrom = from;
    if (label) {
      const first = firstParagraphAfterHeading(text, from + label[0].length, to);
      if (first !== undefined) {
        starts.push(first);
        scanFrom = first;
      }
    }
    for (const start of numberedStartsIn(text, scanFrom, to)) starts.push(start);
  }
  return [...new Set(starts)].sort((a, b) => a - b);
}

/** An article heading after the end of a sentence (or at the start), inside a one-line agreement. */
const RUN_IN_HEADING = /(^|[.;:。」)”"][ \t]+)(?=(?:ARTICLE|Article)[ \t]+(?:[0-9]{1,3}|[IVXLC]{1,8})(?![A-Za-z0-9]))/g;
/** The end of a sentence and the white space after it: where a numbered unit may begin inside a line. */
const SENTENCE_BREAK = /[.;:。」)”"][ \t]+/g;
/** What follows a run-in label: white space and a capital, a quote or a digit (`1. The Parties`). */
const RUN_IN_BODY = /^[ \t]+["“'‘(]?[A-Z0-9]/;

/**
 * The first paragraph on a heading's line: `Article 2. 1. The Parties`, `ARTICLE 1. Objectives
 * 1. The Parties`. The title between the heading and the paragraph has no sentence punctuation.
 */
function firstParagraphAfterHeading(text: string, after: number, end: number): number | undefined {
  const window = text.slice(after, Math.min(end, after + MAX_TITLE_LENGTH));
  const match = /(^|[ \t])(?:1[.)]|\(1\)|\(a\)|a[.)])(?=[ \t]+["“'‘(]?[A-Z])/.exec(window);
  if (!match) return undefined;
  const title = window.slice(0, match.index).replace(/^[ \t]*[.:\-–—][ \t]*/, '');
  if (/[.;:。]/.test(title)) return undefined;
  return after + match.index + match[1]!.length;
}

/**
 * Numbered paragraphs and items inside `[from, to)` that follow the end of a sentence and
 * continue their list: `1.` then `2.`; `a.` then `b.`; a list may start again at 1 (or a).
 */
function numberedStartsIn(text: string, from: number, to: number): number[] {
  const starts: number[] = [];
  const last = new Map<string, number>();
  const body = text.slice(from, to);
  // The span may itself begin with the first label of a list (the paragraph after a heading).
  const breaks = [0, ...[...body.matchAll(SENTENCE_BREAK)].map((m) => m.index + m[0].length)];
  for (const [k, at] of breaks.entries()) {
    for (const label of RUN_IN_LABELS) {
      const found = label.pattern.exec(body.slice(at, at + 8));
      if (!found) continue;
      const rest = body.slice(at + found[0].length, at + found[0].length + 4);
      if (!RUN_IN_BODY.test(rest)) break;
      const n = label.read(found[0]);
      const previous = last.get(label.id);
      if (n === 1 || (previous !== undefined && n === previous + 1)) {
        last.set(label.id, n);
        if (k > 0) starts.push(from + at);
      }
      break;
    }
  }
  return starts;
}

/** Fills in the lines of blocks that begin or end inside a line. */
function fixLines(blocks: LayoutBlock[], lineStarts: readonly number[]): LayoutBlock[] {
  const lineOf = (offset: number): number => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (lineStarts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
  return blocks.map((b) =>
    b.firstLine >= 0 && b.lastLine >= 0
      ? b
      : {
          ...b,
          firstLine: b.firstLine >= 0 ? b.firstLine : lineOf(b.start),
          lastLine: b.lastLine >= 0 ? b.lastLine : lineOf(Math.max(b.start, b.end - 1)),
        },
  );
}
