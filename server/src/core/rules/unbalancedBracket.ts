/**
 * `unbalanced-bracket`: an opening bracket (「 『 （ ( [ ［ 〔 【) without its partner, a closing
 * one without an opener, or a pair that does not match (「…）).
 *
 * Units. Brackets must balance within a unit of text: the own text of each clause (from its
 * label line to the next clause), split further at blank lines; text outside any clause, and
 * a document without clauses, are divided at blank lines only. Full- and half-width forms of
 * a bracket are one family (`（…)` is not reported: the mixture is common and harmless).
 *
 * Matching is a single stack over all families, so nesting is checked: in 「（…」 the （ is
 * unclosed. A closer that matches nothing on the stack is, if the opener on top of the stack
 * is never closed later in the unit, that opener's mismatched partner (one finding);
 * otherwise it closes nothing.
 *
 * Not reported (kept precise): closing parentheses of list labels and enumerations — `1)`,
 * `a)`, `iv)`, `１）` at the start of a line or after a space, a comma or 、 — and of
 * emoticons (`:)`, `;-)`, `^^)`), and closers at the very start of a line, which is how bullet
 * markers survive a PDF-to-text conversion.
 *
 * An unclosed opener carries an `insert` fix that closes it at the end of its sentence (before
 * the first 。 after it on its line) or else at the end of its line.
 */
import { locationIn } from '../features/featureContext';
import type { TextRange } from '../types';
import type { Finding, Rule, RuleContext } from './ruleTypes';

interface Family {
  readonly name: string;
  readonly openers: string;
  readonly closers: string;
}

const FAMILIES: readonly Family[] = [
  { name: 'corner', openers: '「｢', closers: '」｣' },
  { name: 'white-corner', openers: '『', closers: '』' },
  { name: 'paren', openers: '(（', closers: ')）' },
  { name: 'square', openers: '[［', closers: ']］' },
  { name: 'tortoise', openers: '〔', closers: '〕' },
  { name: 'lenticular', openers: '【', closers: '】' },
];

const OPENER_FAMILY = new Map<string, number>();
const CLOSER_FAMILY = new Map<string, number>();
/** 1 for the code units of every opener and closer: the other characters are passed over by one read. */
const IS_BRACKET = new Uint8Array(0x10000);
FAMILIES.forEach((f, k) => {
  for (const c of f.openers) OPENER_FAMILY.set(c, k);
  for (const c of f.closers) CLOSER_FAMILY.set(c, k);
  for (const c of f.openers + f.closers) IS_BRACKET[c.charCodeAt(0)] = 1;
});

/** The closer that partners an opener as written (（ → ）, ( → )). */
function partnerOf(opener: string): string {
  const family = FAMILIES[OPENER_FAMILY.get(opener) ?? 0]!;
  const k = family.openers.indexOf(opener);
  return family.closers.charAt(Math.max(0, k));
}

function openerOfCloser(closer: string): string {
  const family = FAMILIES[CLOSER_FAMILY.get(closer) ?? 0]!;
  const k = family.closers.indexOf(closer);
  return family.openers.charAt(Math.max(0, k));
}

interface Open {
  readonly char: string;
  readonly family: number;
  readonly offset: number;
  /** Where the last pair nested inside it was closed: a fix must close after it. */
  innerEnd: number;
  /** For a quote: how deep other brackets nest inside it, and the first closer inside it that closes nothing. */
  innerDepth: number;
  stray?: { offset: number; char: string };
}

type Problem =
  | { kind: 'unclosed'; open: Open }
  | { kind: 'unopened'; offset: number; char: string }
  | { kind: 'mismatch'; open: Open; offset: number; char: string };

const LINE_BREAK = /\r\n|\r|\n/g;

/** The units brackets must balance in, as [start, end) offsets covering the text. */
function unitsOf(context: RuleContext): TextRange[] {
  const { text, structure } = context.document;
  const cuts = new Set<number>([0, text.length]);
  for (const c of structure.clauses) cuts.add(c.range.start);
  // Blank lines end a unit too.
  const blank = /(?:\r\n|\r|\n)[ \t\u3000]*(?=\r\n|\r|\n|$)/g;
  for (let m = blank.exec(text); m !== null; m = blank.exec(text)) {
    cuts.add(m.index);
    if (m[0].length === 0) blank.lastIndex++;
  }
  const sorted = [...cuts].filter((n) => n >= 0 && n <= text.length).sort((a, b) => a - b);
  const units: TextRange[] = [];
  for (let k = 0; k + 1 < sorted.length; k++) units.push({ start: sorted[k]!, end: sorted[k + 1]! });
  return units;
}

function lineStartBefore(text: string, offset: number): number {
  let k = offset;
  while (k > 0 && text[k - 1] !== '\n' && text[k - 1] !== '\r') k--;
  return k;
}

/** How far back `lineTextBefore` looks before it settles for a window: the tests below read the last few characters. */
const NOISE_WINDOW = 64;

/**
 * The text of the line before `offset`, as far as the tests of `isNoiseCloser` can tell: the
 * whole line when it starts within NOISE_WINDOW characters or when the window is all white
 * space (a closer first on its line), else the window after a NUL that no pattern matches, so
 * that `^` cannot match where the line does not begin. A look-back to the line start for each
 * closer would be quadratic on a whole agreement written on one line.
 */
function lineTextBefore(text: string, offset: number): string {
  const floor = Math.max(0, offset - NOISE_WINDOW);
  let k = offset;
  while (k > floor && text[k - 1] !== '\n' && text[k - 1] !== '\r') k--;
  if (k === 0 || text[k - 1] === '\n' || text[k - 1] === '\r') return text.slice(k, offset);
  const window = text.slice(k, offset);
  if (/^[ \t\u3000]*$/.test(window)) return text.slice(lineStartBefore(text, offset), offset);
  return `\0${window}`;
}

/** A closing parenthesis that ends a list label or enumeration (`1)`, `a)`, `iv)`), an emoticon, or a stray bullet. */
function isNoiseCloser(text: string, offset: number): boolean {
  const char = text[offset]!;
  const before = lineTextBefore(text, offset);
  // A closer first on its line: a bullet marker from a PDF.
  if (/^[ \t\u3000]*$/.test(before)) return true;
  if (char !== ')' && char !== '）') return false;
  // Emoticons: :) ;-) ^^) (^_^) is balanced anyway.
  if (/[:;^][-^]?$|[:;]['o-]?$/.test(before)) return true;
  // A list label or enumeration: 1) a) iv) １） ア） after the line start, a space, a comma, 、 or a bullet.
  return /(?:^|[ \t\u3000,，、;；・･\-–—*•])[ \t\u3000]*(?:[0-9０-９]{1,3}|[A-Za-zＡ-Ｚａ-ｚ]{1,2}|[ivxIVX]{1,5}|[ア-ンｱ-ﾝイロハニホヘト]|[一二三四五六七八九十]{1,3}|[①-⑳])$/.test(
    before,
  );
}

const QUOTE_FAMILIES: ReadonlySet<number> = new Set([0, 1]);

function isQuote(family: number): boolean {
  return QUOTE_FAMILIES.has(family);
}

/**
 * Amendment and reading-in provisions (and their tables) quote fragments of text, which may
 * themselves hold half a pair: 「高等裁判所に」と」の下に「…」を加え, 「…調整額」という。）の…」とあるのは.
 * Such a unit is not checked at all.
 */
const AMENDMENT = /(?:を|に)改め|を加え|を削|とあるのは|読み替え|の下に「|の次に「|改正規定|字句/;

/** How far before a unit an amendment phrase still governs it (a table's cells follow the sentence introducing it). */
const AMENDMENT_REACH = 300;

function checkUnit(text: string, unit: TextRange, problems: Problem[]): void {
  if (AMENDMENT.test(text.slice(Math.max(0, unit.start - AMENDMENT_REACH), unit.end))) return;
  const found: Problem[] = [];
  checkBrackets(text, unit, found);
  for (const p of found) {
    // A quote opened at the end of a line around a block of lines (中「⏎十　事業所税⏎…⏎」とあるのは).
    if (p.kind === 'unclosed' && opensBlock(text, p.open)) continue;
    problems.push(p);
  }
}

function opensBlock(text: string, open: Open): boolean {
  let k = open.offset + 1;
  while (k < text.length && (text[k] === ' ' || text[k] === '\t' || text[k] === '\u3000')) k++;
  if (k < text.length && text[k] !== '\n' && text[k] !== '\r') return false;
  const closers = FAMILIES[open.family]!.closers;
  // A later line (within a few thousand characters) that begins with the partner closer.
  const end = Math.min(text.length, k + 5000);
  let lineStart = true;
  for (let q = k; q < end; q++) {
    const c = text[q]!;
    if (c === '\n' || c === '\r') lineStart = true;
    else if (c === ' ' || c === '\t' || c === '\u3000') continue;
    else if (lineStart && closers.includes(c)) return true;
    else lineStart = false;
  }
  return false;
}

function checkBrackets(text: string, unit: TextRange, problems: Problem[]): void {
  const stack: Open[] = [];
  for (let i = unit.start; i < unit.end; i++) {
    if (IS_BRACKET[text.charCodeAt(i)] === 0) continue;
    const char = text[i]!;
    const opens = OPENER_FAMILY.get(char);
    const closes = CLOSER_FAMILY.get(char);
    if (opens === undefined && closes === undefined) continue;
    // Inside 「…」 or 『…』 the text is quoted as written: only the quotes themselves nest.
    const quoting = stack.length > 0 && isQuote(stack[stack.length - 1]!.family);
    if (quoting && !isQuote(opens ?? closes ?? -1)) {
      const quote = stack[stack.length - 1]!;
      if (opens !== undefined) quote.innerDepth++;
      else if (quote.innerDepth > 0) quote.innerDepth--;
      else if (!quote.stray && !isNoiseCloser(text, i)) quote.stray = { offset: i, char };
      continue;
    }
    if (opens !== undefined) {
      stack.push({ char, family: opens, offset: i, innerEnd: i, innerDepth: 0 });
      continue;
    }
    if (closes === undefined) continue;
    const top = stack[stack.length - 1];
    if (top && top.family === closes) {
      stack.pop();
      const outer = stack[stack.length - 1];
      if (outer) outer.innerEnd = i;
      continue;
    }
    const depth = findLastIndex(stack, (o) => o.family === closes);
    if (depth >= 0) {
      // The openers above the partner were never closed: 「（…」.
      while (stack.length > depth + 1) problems.push(unclosed(stack.pop()!));
      stack.pop();
      const outer = stack[stack.length - 1];
      if (outer) outer.innerEnd = i;
      continue;
    }
    if (isNoiseCloser(text, i)) continue;
    if (top && !closedLater(text, top, i + 1, unit.end)) {
      stack.pop();
      problems.push({ kind: 'mismatch', open: top, offset: i, char });
      continue;
    }
    problems.push({ kind: 'unopened', offset: i, char });
  }
  for (const open of stack) problems.push(unclosed(open));
}

/** An unclosed quote that holds a closer of another kind was closed by it: 「協定）. */
function unclosed(open: Open): Problem {
  return open.stray
    ? { kind: 'mismatch', open, offset: open.stray.offset, char: open.stray.char }
    : { kind: 'unclosed', open };
}

function closedLater(text: string, open: Open, from: number, end: number): boolean {
  const closers = FAMILIES[open.family]!.closers;
  for (let k = from; k < end; k++) if (closers.includes(text[k]!)) return true;
  return false;
}

function findLastIndex<T>(array: readonly T[], predicate: (value: T) => boolean): number {
  for (let k = array.length - 1; k >= 0; k--) if (predicate(array[k]!)) return k;
  return -1;
}

/** Where to close an unclosed opener: before the first 。 after it on its line, else at the line's end. */
function closingOffset(text: string, open: Open): number {
  const from = Math.max(open.offset, open.innerEnd) + 1;
  LINE_BREAK.lastIndex = from;
  const lineBreak = LINE_BREAK.exec(text);
  let lineEnd = lineBreak ? lineBreak.index : text.length;
  const stop = text.indexOf('。', from);
  if (stop >= 0 && stop < lineEnd) return stop;
  while (lineEnd > from && /[ \t\u3000]/.test(text[lineEnd - 1]!)) lineEnd--;
  return lineEnd;
}

export function bracketProblems(context: RuleContext): Finding[] {
  const { text } = context.document;
  const problems: Problem[] = [];
  for (const unit of unitsOf(context)) checkUnit(text, unit, problems);
  return problems.map((p): Finding => {
    if (p.kind === 'unclosed') {
      const closer = partnerOf(p.open.char);
      return {
        code: 'unbalanced-bracket',
        range: { start: p.open.offset, end: p.open.offset + 1 },
        message: {
          en: `${p.open.char} is not closed: there is no ${closer} after it in its clause.`,
          ja: `開き括弧「${p.open.char}」が閉じられていません。対応する「${closer}」がありません。`,
        },
        about: p.open.char,
        fix: { kind: 'insert', offset: closingOffset(text, p.open), text: closer },
      };
    }
    if (p.kind === 'unopened') {
      const opener = openerOfCloser(p.char);
      return {
        code: 'unbalanced-bracket',
        range: { start: p.offset, end: p.offset + 1 },
        message: {
          en: `${p.char} closes nothing: there is no ${opener} before it in its clause.`,
          ja: `閉じ括弧「${p.char}」に対応する「${opener}」がありません。`,
        },
        about: p.char,
      };
    }
    const expected = partnerOf(p.open.char);
    return {
      code: 'unbalanced-bracket',
      range: { start: p.offset, end: p.offset + 1 },
      message: {
        en: `${p.open.char} is closed by ${p.char}: ${expected} was expected.`,
        ja: `開き括弧「${p.open.char}」が「${p.char}」で閉じられています。「${expected}」が必要です。`,
      },
      about: p.char,
      related: [
        {
          location: locationIn(context.document, { start: p.open.offset, end: p.open.offset + 1 }),
          message: { en: `The opening ${p.open.char}.`, ja: `開き括弧「${p.open.char}」。` },
        },
      ],
    };
  });
}

export const unbalancedBracketRule: Rule = {
  code: 'unbalanced-bracket',
  defaultSeverity: 'warning',
  summary: 'A bracket (「 『 （ [ 〔 【) without its partner in the same clause, or a mismatched pair (「…）).',
  check: (context) => bracketProblems(context),
};
