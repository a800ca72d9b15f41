/**
 * A structure-aware fuzzer for the analysis core. Random characters rarely reach the code that
 * breaks on real agreements; texts that look like agreements do. Each case splices real lines
 * from the corpora (the repository's seeds always, `../shared/corpus/egov-statutes/`,
 * `../shared/corpus/real/` and `test/corpus/real-extra/` when present) with clause labels of
 * every style, clause references, official document numbers, dates, definitions, unbalanced
 * brackets and quotes, astral kanji, emoji, full-width digits, byte-order marks, every kind of
 * line end, hard wraps and whole texts joined into one line.
 *
 * A case is a pure function of (seed, case number) and the sources, so a failure is reproduced
 * from those two numbers. `checkText` runs the analysis, the rules, the outline and the index
 * entry on one text and returns what broke; `shrinkText` removes lines (then words) while a
 * text still fails, to hand the lead a minimal reproducer.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyseDocument, type AnalysedDocument } from '../../server/src/core/analysis';
import { documentOutline, type OutlineSymbol } from '../../server/src/core/features/documentSymbols';
import { builtInRegistry, type Registry } from '../../server/src/core/registry/registry';
import { DEFAULT_RULE_CONFIG, runRules } from '../../server/src/core/rules/runRules';
import { toRomanNumeral } from '../../server/src/core/text/japaneseNumerals';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { REPO_ROOT, SEEDS_DIR, SHARED_DIR } from './paths';

// ---------------------------------------------------------------------------------------------
// Randomness

/** A deterministic generator (mulberry32) of floats in [0, 1). */
export type Random = () => number;

export function createRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The generator of one case: mixes the run's seed and the case number. */
function caseRandom(seed: number, caseNumber: number): Random {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(caseNumber + 1, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  return createRandom(h ^ (h >>> 15));
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number): boolean => random() < p;
const between = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));

// ---------------------------------------------------------------------------------------------
// Sources: real lines and whole real documents

export interface FuzzSources {
  /** Non-blank lines of Japanese texts. */
  readonly jaLines: readonly string[];
  /** Non-blank lines of English texts. */
  readonly enLines: readonly string[];
  /** Whole documents, as lines, for excerpts that keep a real layout. */
  readonly documents: readonly (readonly string[])[];
  /** Which corpora were found, for the test's and the bench's first line. */
  readonly found: readonly string[];
}

const LATIN_LETTERS = /[A-Za-z]/g;

function isMostlyLatin(line: string): boolean {
  return (line.match(LATIN_LETTERS)?.length ?? 0) > line.length / 2;
}

/** Every `.txt` below a folder, sorted. */
function textFilesBelow(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...textFilesBelow(path));
    else if (entry.name.endsWith('.txt')) found.push(path);
  }
  return found.sort();
}

export interface SourceOptions {
  /** Take every n-th statute file (the statutes are 26 MB; a sample keeps the start fast). */
  readonly statuteStride?: number;
  /** Leave out `../shared` even when it exists (to test the fallback). */
  readonly withoutShared?: boolean;
}

/** Reads the corpora that exist; the seeds are always there, the rest is skipped when absent. */
export function loadFuzzSources(options: SourceOptions = {}): FuzzSources {
  const stride = options.statuteStride ?? 4;
  const groups: Array<[string, string[]]> = [['seeds', textFilesBelow(SEEDS_DIR)]];
  if (!options.withoutShared) {
    const statutes = textFilesBelow(join(SHARED_DIR, 'corpus', 'egov-statutes')).filter((_, i) => i % stride === 0);
    groups.push(['egov-statutes', statutes]);
    groups.push(['real', textFilesBelow(join(SHARED_DIR, 'corpus', 'real'))]);
  }
  groups.push(['real-extra', textFilesBelow(join(REPO_ROOT, 'test', 'corpus', 'real-extra'))]);
  const jaLines: string[] = [];
  const enLines: string[] = [];
  const documents: string[][] = [];
  const found: string[] = [];
  for (const [name, files] of groups) {
    if (files.length === 0) continue;
    found.push(`${name} (${files.length} files)`);
    for (const file of files) {
      const lines = readFileSync(file, 'utf8')
        .replace(/^\uFEFF/, '')
        .split(/\r\n|\r|\n/);
      documents.push(lines);
      for (const line of lines) {
        if (line.trim() === '') continue;
        // Very long lines (one-line agreements) are cut into pieces: the one-line layout is
        // made by the `join` transform, and a piece keeps the splice cheap.
        for (let at = 0; at < line.length; at += 2000)
          (isMostlyLatin(line) ? enLines : jaLines).push(line.slice(at, at + 2000));
      }
    }
  }
  return { jaLines, enLines, documents, found };
}

// ---------------------------------------------------------------------------------------------
// Fragments: labels, references, numbers, dates, definitions, odd characters

const KANJI_DIGITS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

function kanjiNumber(n: number): string {
  if (n === 0) return '零';
  const units: Array<[number, string]> = [
    [1000, '千'],
    [100, '百'],
    [10, '十'],
  ];
  let out = '';
  let rest = n;
  for (const [value, name] of units) {
    const d = Math.floor(rest / value) % 10;
    if (d > 0) out += (d > 1 ? KANJI_DIGITS[d]! : '') + name;
    rest %= value;
  }
  if (n >= 10000) return String(n);
  return out + (rest > 0 ? KANJI_DIGITS[rest]! : '');
}

const toFullWidth = (s: string): string => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** A Roman numeral for any small number the generator draws (clamped to what Roman numerals write). */
function roman(n: number): string {
  return toRomanNumeral(Math.max(1, Math.min(n, 3999)));
}

const IROHA = 'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテ';
const GOJUON = 'アイウエオカキクケコサシスセソタチツテトナニヌネノ';
const CIRCLED = '①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳';

/** A number for a label: mostly small, sometimes zero or absurdly large. */
function labelNumber(random: Random): number {
  const r = random();
  if (r < 0.7) return between(random, 1, 12);
  if (r < 0.9) return between(random, 13, 120);
  if (r < 0.95) return 0;
  return pick(random, [999, 3999, 10000, 99999, 2147483648, 99999999999999]);
}

const letterOf = (n: number, upper = false): string => {
  const c = String.fromCharCode(96 + (((Math.max(n, 1) - 1) % 26) + 1));
  return upper ? c.toUpperCase() : c;
};

/** A clause label of one of the styles real agreements use, with its separator. */
export function clauseLabel(random: Random): string {
  const n = labelNumber(random);
  const small = Math.max(1, n % 30);
  const digits = chance(random, 0.5) ? toFullWidth(String(n)) : String(n);
  const space = pick(random, ['\u3000', ' ', '', '\t', '  ']);
  const styles: Array<() => string> = [
    () => `第${digits}条${space}`,
    () => `第${kanjiNumber(n)}条${chance(random, 0.4) ? `の${kanjiNumber(between(random, 2, 5))}` : ''}${space}`,
    () => `第${kanjiNumber(small)}${pick(random, ['章', '節', '款', '目', '編'])}${space}`,
    () => `${toFullWidth(String(small))}\u3000`,
    () => `${kanjiNumber(small)}\u3000`,
    () => `${IROHA[(small - 1) % IROHA.length]}\u3000`,
    () => `${GOJUON[(small - 1) % GOJUON.length]}${space}`,
    () => `(${digits})${space}`,
    () => `（${toFullWidth(String(small))}）${space}`,
    () => `${CIRCLED[(small - 1) % CIRCLED.length]}${space}`,
    () => `${n}.${pick(random, [' ', '', '\t'])}`,
    () => `${toFullWidth(String(small))}．`,
    () => `${small}.${between(random, 1, 9)}${pick(random, [' ', '. ', '.', '.1 '])}`,
    () => `${roman(small)}.${pick(random, [' ', ''])}`,
    () => `(${letterOf(small)})${pick(random, [' ', ''])}`,
    () => pick(random, ['(c)', '(i)', '(v)', '(x)', '(l)', '(d)', '(m)', '(ii)', '(iv)', '(xcix)']) + ' ',
    () => `(${roman(small).toLowerCase()})${pick(random, [' ', ''])}`,
    () => `${letterOf(small)}) `,
    () => `${letterOf(small, true)}.${pick(random, [' ', ''])}`,
    () => pick(random, ['C.', 'I.', 'L.', 'L. I. ', 'V. ', 'X. ', 'M. ']),
    () => `ARTICLE ${roman(small)}${pick(random, ['', '.', ':'])}`,
    () => `Article ${digits}. ${chance(random, 0.5) ? '1. ' : ''}`,
    () => `ARTICLE ${small}.${between(random, 1, 9)} `,
    () => `Section ${small}${pick(random, [' ', '. ', ': '])}`,
    () => `Annex ${pick(random, ['A', 'B', String(small), 'I', 'II'])}${pick(random, ['', ':', ' '])}`,
    () => `APPENDIX ${roman(small)}`,
    () => pick(random, ['SCHEDULE', 'Schedule 1', 'STATUTES', 'Statutes of the Agency', 'PREAMBLE', 'Part II']),
    () => `§ ${between(random, 1, 999)}.${between(random, 1, 300)}${pick(random, ['', 'b', 'a-1'])} `,
    () => pick(random, ['記', '以上', '附則', '別表', '目次', '前文', '要領', '別添', '別記']),
    () => `別紙${toFullWidth(String(small))}`,
    () => `【別表${toFullWidth(String(small))}】`,
    () => `様式${small}${pick(random, ['', '　', '(PDF/44KB)'])}`,
    () => `第${toFullWidth(String(small))}${pick(random, ['', '　'])}`,
    () => pick(random, ['- ', '・', '○', '•', '* ', '※']),
  ];
  return pick(random, styles)();
}

/** A clause reference as running text writes it. */
export function clauseReference(random: Random): string {
  const n = () => kanjiNumber(between(random, 1, 30));
  const d = () => between(random, 1, 30);
  const forms: Array<() => string> = [
    () => '前条',
    () => '前項',
    () => '次条',
    () => '同条',
    () => `同項第${n()}号`,
    () => `第${n()}条第${n()}項`,
    () => `第${n()}条の${n()}第${n()}項第${n()}号`,
    () => `前${n()}条`,
    () => `第${n()}条から第${n()}条まで`,
    () => `附則第${n()}条`,
    () => `別表第${n()}`,
    () => `上記${d()}.`,
    () => `上記${toFullWidth(String(d()))}`,
    () => `paragraph ${d()} of Article ${d()}`,
    () => 'this Article',
    () => `Article ${roman(d())} of the Convention`,
    () => `Article ${roman(d())}, paragraph ${d()}, of the Convention`,
    () => `articles ${d()}.${d()}, ${d()}.${d()} and ${d()}.${d()}`,
    () => `sub-paragraph (${letterOf(d())}) of paragraph ${d()}`,
    () => `sub-paragraph i) of paragraph ${d()} of this Article`,
    () => `Articles ${d()} and ${d()}`,
    () => `Section ${d()} paragraph ${d()}`,
    () => `paragraph ${d()} of this Memorandum of Understanding`,
    () => `this section`,
    () => `Annex ${d()} of this Memorandum`,
    () => `政令（平成25年政令第74号）第${d()}条第１項`,
    () => `法第${n()}条`,
    () => `同法第${n()}条`,
  ];
  return pick(random, forms)();
}

/** An official document or law number. */
export function documentNumber(random: Random): string {
  const d = between(random, 1, 3000);
  return pick(random, [
    `健発0622第${toFullWidth(String(d % 20))}号`,
    `入管庁管第${d}号`,
    `平成25年政令第${d % 400}号`,
    `昭和29年法律第${d % 200}号`,
    `カ管委第${d}号`,
    `法務省管在第${toFullWidth(String(d))}号`,
    `課消３―${d % 100}`,
    `健健発０６２２第１号`,
    `令和３年６月２２日付健発０６２２第８号・入管庁管第２５９０号`,
    `(PDF/${d}KB)`,
    `No. ${d}/${d % 99}`,
  ]);
}

/** A date in one of the forms the date recogniser reads, valid or not. */
export function dateText(random: Random): string {
  const y = between(random, 1868, 2100);
  const m = between(random, 0, 13);
  const day = between(random, 0, 32);
  return pick(random, [
    `令和${between(random, 1, 12)}年${m}月${day}日(${pick(random, ['月', '火', '水', '木', '金', '土', '日'])})`,
    `平成${kanjiNumber(between(random, 1, 31))}年${kanjiNumber(Math.max(m, 1))}月${kanjiNumber(Math.max(day, 1))}日`,
    '令和元年',
    '二〇二六年',
    `${y}年${m}月${day}日`,
    `${toFullWidth(String(y))}年${toFullWidth(String(m))}月`,
    `${y}/${String(m).padStart(2, '0')}/${String(day).padStart(2, '0')}`,
    `${y}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    `${day} July ${y}`,
    `July ${day}–${day + between(random, -5, 20)}, ${y}`,
    `${day}-${day + 3} October ${y}`,
    `this fifth day of November, ${y}`,
    `${y}年度`,
    `fiscal year ${y}`,
    `本年${m}月`,
    '同年同月',
    `${y}年1～3月`,
    `${m}月10～13日`,
    `令和3(${y})年`,
    `${y}–${y - between(random, -5, 5)}`,
  ]);
}

/** A definition in one of the forms real agreements use. */
export function definitionText(random: Random): string {
  const acronym = pick(random, ['JAXA', 'ECC', 'OSC', 'CERUs', 'REDD+', 'P4G', 'MOU', 'ACR', 'IAEA', 'X']);
  return pick(random, [
    `宇宙航空研究開発機構(${acronym})`,
    `${acronym}(宇宙航空研究開発機構)`,
    '日本年金機構（以下「機構」という。）',
    `（以下「${acronym}」という。）`,
    `(hereinafter "${acronym}")`,
    `(hereinafter referred to as the "${acronym}")`,
    `hereinafter referred to as the ${acronym}`,
    `'Advisory and Liaison Coordinator' (${acronym})`,
    `"On-Scene Coordinator" (${acronym})`,
    `"${acronym}" means an intergovernmental organisation`,
    `the term "${acronym}" shall mean`,
    `Environmental Cooperation Commission\n(${acronym})`,
    `炭素貯蔵量の増加(${acronym})`,
    '(“Korea”)',
    '(the "Agreement")',
    `本覚書（以下「${acronym}」という。）`,
  ]);
}

const ODD_PIECES = [
  '𠮷',
  '𠮷野家',
  '😀',
  '👨‍👩‍👧',
  '🇯🇵',
  '\u0301',
  '\u200b',
  '\u00a0',
  '\u3000',
  '\t',
  '\uFEFF',
  '\u2028',
  '\u0085',
  '１２３',
  'ＡＢＣ',
  '…',
  '——',
  '―',
  '～',
];

const BRACKETS = ['「', '」', '（', '）', '『', '』', '【', '】', '(', ')', '"', "'", '“', '”', '〔', '〕', '［', '］'];

/** Any one fragment. */
function fragment(random: Random): string {
  const r = random();
  if (r < 0.22) return clauseReference(random);
  if (r < 0.36) return documentNumber(random);
  if (r < 0.56) return dateText(random);
  if (r < 0.72) return definitionText(random);
  if (r < 0.86) return pick(random, BRACKETS);
  return pick(random, ODD_PIECES);
}

// ---------------------------------------------------------------------------------------------
// Cases

/** Inserts a fragment at a random code-point boundary of a line. */
function insertAtBoundary(random: Random, line: string, piece: string): string {
  let at = Math.floor(random() * (line.length + 1));
  if (at > 0 && at < line.length && isLowSurrogate(line.charCodeAt(at)) && isHighSurrogate(line.charCodeAt(at - 1)))
    at--;
  return line.slice(0, at) + piece + line.slice(at);
}

function sourceLine(random: Random, sources: FuzzSources): string {
  const pool = chance(random, 0.5) ? sources.jaLines : sources.enLines;
  const fallback = sources.jaLines.length > 0 ? sources.jaLines : sources.enLines;
  const lines = pool.length > 0 ? pool : fallback;
  return lines.length > 0 ? pick(random, lines) : 'The Parties shall cooperate.';
}

/** A line of a case: a real line, maybe behind a label, with fragments spliced in. */
function caseLine(random: Random, sources: FuzzSources): string {
  let line = chance(random, 0.1) ? '' : sourceLine(random, sources);
  if (chance(random, 0.15)) line = line.replace(/^\S+[\s\u3000]*/, '');
  if (chance(random, 0.45)) line = clauseLabel(random) + line;
  const pieces = chance(random, 0.5) ? between(random, 1, 4) : 0;
  for (let i = 0; i < pieces; i++) line = insertAtBoundary(random, line, fragment(random));
  if (chance(random, 0.05)) line = line.slice(0, between(random, 0, 20));
  return line;
}

/** Breaks a line at random word boundaries (any character in Japanese), as a PDF extraction does. */
function hardWrap(random: Random, line: string): string[] {
  const width = between(random, 20, 90);
  const out: string[] = [];
  let rest = line;
  while (rest.length > width) {
    let cut = rest.lastIndexOf(' ', width);
    if (cut <= 0 || chance(random, 0.3)) cut = width;
    if (isLowSurrogate(rest.charCodeAt(cut))) cut--;
    if (cut <= 0) break;
    out.push(rest.slice(0, cut));
    rest = rest.slice(cut).replace(/^ /, '');
  }
  out.push(rest);
  return out;
}

export type FuzzLayout = 'spliced' | 'excerpt' | 'synthetic';

export interface FuzzCase {
  readonly seed: number;
  readonly caseNumber: number;
  readonly layout: FuzzLayout;
  /** The transforms applied after the lines were made, for the report. */
  readonly transforms: readonly string[];
  readonly text: string;
}

export interface CaseOptions {
  /** The most lines a case has before wrapping (the bench allows more than the test suite). */
  readonly maxLines?: number;
}

/** The case `caseNumber` of the run `seed`: the same text every time for the same sources. */
export function generateCase(
  seed: number,
  caseNumber: number,
  sources: FuzzSources,
  options: CaseOptions = {},
): FuzzCase {
  const random = caseRandom(seed, caseNumber);
  const maxLines = options.maxLines ?? 40;
  const r = random();
  const layout: FuzzLayout = r < 0.5 ? 'spliced' : r < 0.85 ? 'excerpt' : 'synthetic';
  let lines: string[] = [];
  const count = between(random, 1, chance(random, 0.8) ? Math.min(12, maxLines) : maxLines);
  if (layout === 'excerpt' && sources.documents.length > 0) {
    // A run of consecutive lines of one real document keeps a real layout; some lines get a
    // new label or a spliced fragment.
    const document = pick(random, sources.documents);
    const start = between(random, 0, Math.max(0, document.length - count));
    lines = document.slice(start, start + count).map((line) => line.slice(0, 3000));
    for (let i = 0; i < lines.length; i++) {
      if (chance(random, 0.15)) lines[i] = clauseLabel(random) + lines[i]!;
      if (chance(random, 0.2)) lines[i] = insertAtBoundary(random, lines[i]!, fragment(random));
    }
  } else if (layout === 'synthetic') {
    for (let i = 0; i < count; i++) {
      const parts = between(random, 0, 4);
      let line = chance(random, 0.7) ? clauseLabel(random) : '';
      for (let k = 0; k < parts; k++)
        line += fragment(random) + pick(random, ['', ' ', 'は、', 'の規定により', ' of ', '。']);
      lines.push(line);
    }
  } else {
    for (let i = 0; i < count; i++) lines.push(caseLine(random, sources));
  }

  const transforms: string[] = [];
  if (chance(random, 0.2)) {
    transforms.push('hard-wrap');
    lines = lines.flatMap((line) => (chance(random, 0.7) ? hardWrap(random, line) : [line]));
  }
  if (chance(random, 0.08)) {
    transforms.push('repeat');
    lines = [...lines, ...lines.slice(0, between(random, 1, lines.length))];
  }
  if (chance(random, 0.1)) {
    transforms.push('full-width digits');
    lines = lines.map((line) => (chance(random, 0.5) ? toFullWidth(line) : line));
  }
  let text: string;
  if (chance(random, 0.1)) {
    transforms.push('one line');
    text = lines.join(pick(random, [' ', '', '  ']));
  } else {
    const eol = random();
    const ends =
      eol < 0.6 ? ['\n'] : eol < 0.75 ? ['\r\n'] : eol < 0.85 ? ['\r'] : ['\n', '\r\n', '\r', '\n\n', '\r\r\n'];
    if (ends.length > 1 || ends[0] !== '\n')
      transforms.push(ends.length > 1 ? 'mixed line ends' : JSON.stringify(ends[0]));
    text = lines
      .map((line, i) => line + (i < lines.length - 1 || chance(random, 0.7) ? pick(random, ends) : ''))
      .join('');
  }
  if (chance(random, 0.06)) {
    transforms.push('BOM');
    text = '\uFEFF' + text;
  }
  if (chance(random, 0.05)) {
    transforms.push('cut');
    let at = between(random, 0, text.length);
    if (isLowSurrogate(text.charCodeAt(at))) at--;
    text = text.slice(0, Math.max(0, at));
  }
  return { seed, caseNumber, layout, transforms, text };
}

// ---------------------------------------------------------------------------------------------
// Checks

export type FuzzCheck =
  | 'analysis threw'
  | 'analysis failure'
  | 'rules threw'
  | 'rule error'
  | 'range'
  | 'outline threw'
  | 'outline range'
  | 'index entry threw';

export interface FuzzProblem {
  readonly check: FuzzCheck;
  /** Where: the analysis stage, the rule code or the path of the bad range. */
  readonly where: string;
  readonly message: string;
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

function splitsSurrogatePair(text: string, offset: number): boolean {
  return (
    offset > 0 &&
    offset < text.length &&
    isHighSurrogate(text.charCodeAt(offset - 1)) &&
    isLowSurrogate(text.charCodeAt(offset))
  );
}

/** What is wrong with a range of `text`, if anything: outside, reversed, or splitting a code point. */
export function rangeProblem(text: string, range: { start: number; end: number }): string | undefined {
  const { start, end } = range;
  if (!Number.isInteger(start) || !Number.isInteger(end)) return `not integers: ${start}–${end}`;
  if (start < 0 || end > text.length) return `outside the text (length ${text.length}): ${start}–${end}`;
  if (start > end) return `start after end: ${start}–${end}`;
  if (splitsSurrogatePair(text, start)) return `start ${start} splits a surrogate pair`;
  if (splitsSurrogatePair(text, end)) return `end ${end} splits a surrogate pair`;
  return undefined;
}

/**
 * Every `{ start, end }` of numbers anywhere in a value, with its path. The walk is generic on
 * purpose: the parser is being rewritten, and a new field holding a range is checked without
 * this file knowing its name.
 */
function collectRanges(
  value: unknown,
  path: string,
  out: Array<{ path: string; range: { start: number; end: number } }>,
  seen: WeakSet<object>,
): void {
  if (value === null || typeof value !== 'object') return;
  if (seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => collectRanges(item, `${path}[${i}]`, out, seen));
    return;
  }
  const record = value as Record<string, unknown>;
  if (typeof record.start === 'number' && typeof record.end === 'number')
    out.push({ path, range: { start: record.start, end: record.end } });
  for (const [key, child] of Object.entries(record)) collectRanges(child, `${path}.${key}`, out, seen);
}

/** What analysis fields are walked for ranges: all but the text, the line index and the errors. */
const NOT_RANGES = new Set(['text', 'lines', 'failures', 'uri', 'version']);

export interface CheckEnvironment {
  readonly registry: Registry;
  /** Another document indexed beside the case, so that cross-document rules have company. */
  readonly companion: AnalysedDocument | undefined;
}

export function checkEnvironment(sources?: FuzzSources): CheckEnvironment {
  const registry = builtInRegistry();
  const seed = sources?.documents[0];
  const companion = seed ? analyseDocument('file:///fuzz/companion.txt', seed.join('\n'), 0, { registry }) : undefined;
  return { registry, companion };
}

const reasonOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : `thrown ${typeof error}: ${String(error)}`;

/** Runs the analysis, the rules, the outline and the index entry on a text: what broke, if anything. */
export function checkText(text: string, environment: CheckEnvironment): FuzzProblem[] {
  const problems: FuzzProblem[] = [];
  let analysis: AnalysedDocument;
  try {
    analysis = analyseDocument('file:///fuzz/case.txt', text, 1, { registry: environment.registry });
  } catch (error) {
    return [{ check: 'analysis threw', where: 'analyseDocument', message: reasonOf(error) }];
  }
  for (const failure of analysis.failures)
    problems.push({ check: 'analysis failure', where: failure.stage, message: reasonOf(failure.error) });

  const ranges: Array<{ path: string; range: { start: number; end: number } }> = [];
  const seen = new WeakSet<object>();
  for (const [key, value] of Object.entries(analysis))
    if (!NOT_RANGES.has(key)) collectRanges(value, key, ranges, seen);
  for (const { path, range } of ranges) {
    const problem = rangeProblem(text, range);
    if (problem) problems.push({ check: 'range', where: path.replace(/\[\d+\]/g, '[]'), message: problem });
  }

  let entry;
  try {
    entry = indexEntryOf(analysis);
  } catch (error) {
    problems.push({ check: 'index entry threw', where: 'indexEntryOf', message: reasonOf(error) });
  }

  const workspace = new WorkspaceIndex();
  if (environment.companion) workspace.set(indexEntryOf(environment.companion));
  if (entry) workspace.set(entry);
  try {
    const diagnostics = runRules(
      { document: analysis, workspace, registry: environment.registry, config: DEFAULT_RULE_CONFIG },
      'en',
      (code, error) => problems.push({ check: 'rule error', where: code, message: reasonOf(error) }),
    );
    for (const d of diagnostics) {
      const problem = rangeProblem(text, d.range);
      if (problem) problems.push({ check: 'range', where: `diagnostic ${d.code}`, message: problem });
    }
  } catch (error) {
    problems.push({ check: 'rules threw', where: 'runRules', message: reasonOf(error) });
  }

  try {
    // The symbol's path is in the message, not in `where`: one cause shows at many depths.
    const visit = (symbol: OutlineSymbol, path: string): void => {
      const { range, selectionRange } = symbol;
      if (selectionRange.start < range.start || selectionRange.end > range.end)
        problems.push({
          check: 'outline range',
          where: 'documentOutline',
          message: `selection ${selectionRange.start}–${selectionRange.end} outside range ${range.start}–${range.end} (${path}: ${symbol.name})`,
        });
      const problem = rangeProblem(text, range) ?? rangeProblem(text, selectionRange);
      if (problem) problems.push({ check: 'outline range', where: 'documentOutline', message: `${problem} (${path})` });
      symbol.children.forEach((child) => visit(child, `${path} > ${child.detail}`));
    };
    for (const symbol of documentOutline(analysis)) visit(symbol, symbol.detail);
  } catch (error) {
    problems.push({ check: 'outline threw', where: 'documentOutline', message: reasonOf(error) });
  }
  return problems;
}

/** A problem's kind, for counting distinct failures: numbers and offsets left out. */
export function problemSignature(problem: FuzzProblem): string {
  return `${problem.check} | ${problem.where} | ${problem.message.replace(/\d+/g, 'N').replace(/ \([^()]*(?:\([^()]*\)[^()]*)*\)$/, '')}`;
}

// ---------------------------------------------------------------------------------------------
// Shrinking

/** The text's lines with their line ends, so that joining them gives the text back. */
function linesWithEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$/g) ?? [text];
}

/**
 * Removes lines while `fails` still holds (chunks first, then single lines), then words of the
 * remaining lines. Bounded by `budget` calls of `fails`, so a slow case still ends.
 */
export function shrinkText(text: string, fails: (text: string) => boolean, budget = 400): string {
  let calls = 0;
  const tryText = (candidate: string): boolean => {
    if (calls >= budget) return false;
    calls++;
    return fails(candidate);
  };
  let parts = linesWithEnds(text);
  for (let size = Math.max(1, Math.floor(parts.length / 2)); size >= 1; size = Math.floor(size / 2)) {
    for (let at = 0; at < parts.length;) {
      const candidate = [...parts.slice(0, at), ...parts.slice(at + size)];
      if (candidate.length > 0 && tryText(candidate.join(''))) parts = candidate;
      else at += size;
    }
    if (size === 1) break;
  }
  // Then words (runs of non-space, or single characters of a Japanese line) within each line.
  for (let i = 0; i < parts.length; i++) {
    let pieces: string[] = parts[i]!.match(/\s+|[A-Za-z0-9]+|[\uD800-\uDBFF][\uDC00-\uDFFF]|[^]/g) ?? [];
    for (let size = Math.max(1, Math.floor(pieces.length / 2)); size >= 1; size = Math.floor(size / 2)) {
      for (let at = 0; at < pieces.length;) {
        const candidate = [...pieces.slice(0, at), ...pieces.slice(at + size)];
        const whole = [...parts.slice(0, i), candidate.join(''), ...parts.slice(i + 1)].join('');
        if (whole.length > 0 && tryText(whole)) {
          pieces = candidate;
          parts[i] = candidate.join('');
        } else at += size;
      }
      if (size === 1) break;
    }
  }
  return parts.join('');
}

// ---------------------------------------------------------------------------------------------
// Runs

export interface FuzzFailure {
  readonly seed: number;
  readonly caseNumber: number;
  readonly problem: FuzzProblem;
  readonly signature: string;
  readonly text: string;
  /** The text shrunk while the same signature still occurs. */
  readonly shrunk: string;
}

export interface FuzzRun {
  readonly cases: number;
  /** One failure per distinct signature, the first case where it occurred. */
  readonly distinct: readonly FuzzFailure[];
  /** How many cases failed, per signature. */
  readonly counts: ReadonlyMap<string, number>;
  readonly failingCases: number;
  /**
   * The slowest case: the ten slowest of the run timed again three times each, keeping each
   * one's best time, so that a garbage collection or a busy machine does not pick it.
   */
  readonly slowest: {
    readonly caseNumber: number;
    readonly ms: number;
    readonly length: number;
    readonly layout: string;
  };
  readonly totalMs: number;
  readonly characters: number;
}

export interface RunOptions extends CaseOptions {
  readonly seed: number;
  readonly cases: number;
  readonly sources: FuzzSources;
  /** Called every `progressEvery` cases (the bench prints progress). */
  readonly onProgress?: (done: number) => void;
  readonly progressEvery?: number;
}

/** Runs `cases` cases of one seed; shrinks the first case of each distinct failure. */
export function runFuzz(options: RunOptions): FuzzRun {
  const environment = checkEnvironment(options.sources);
  const distinct = new Map<string, FuzzFailure>();
  const counts = new Map<string, number>();
  let failingCases = 0;
  let candidates: Array<{ caseNumber: number; ms: number }> = [];
  let totalMs = 0;
  let characters = 0;
  for (let n = 0; n < options.cases; n++) {
    const fuzzCase = generateCase(options.seed, n, options.sources, options);
    const started = performance.now();
    const problems = checkText(fuzzCase.text, environment);
    const ms = performance.now() - started;
    totalMs += ms;
    characters += fuzzCase.text.length;
    if (candidates.length < 10 || ms > candidates[candidates.length - 1]!.ms) {
      candidates.push({ caseNumber: n, ms });
      candidates = candidates.sort((a, b) => b.ms - a.ms).slice(0, 10);
    }
    if (problems.length > 0) failingCases++;
    for (const signature of new Set(problems.map(problemSignature))) {
      counts.set(signature, (counts.get(signature) ?? 0) + 1);
      if (distinct.has(signature)) continue;
      const problem = problems.find((p) => problemSignature(p) === signature)!;
      const shrunk = shrinkText(fuzzCase.text, (t) =>
        checkText(t, environment).some((p) => problemSignature(p) === signature),
      );
      distinct.set(signature, { seed: options.seed, caseNumber: n, problem, signature, text: fuzzCase.text, shrunk });
    }
    if (options.onProgress && (n + 1) % (options.progressEvery ?? 10000) === 0) options.onProgress(n + 1);
  }
  let slowest = { caseNumber: -1, ms: -1, length: 0, layout: '' };
  for (const candidate of candidates) {
    const fuzzCase = generateCase(options.seed, candidate.caseNumber, options.sources, options);
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      checkText(fuzzCase.text, environment);
      best = Math.min(best, performance.now() - started);
    }
    if (best > slowest.ms)
      slowest = { caseNumber: candidate.caseNumber, ms: best, length: fuzzCase.text.length, layout: fuzzCase.layout };
  }
  return { cases: options.cases, distinct: [...distinct.values()], counts, failingCases, slowest, totalMs, characters };
}

/** A failure as the test and the bench print it: enough to reproduce and to read. */
export function describeFailure(failure: FuzzFailure, count?: number): string {
  const { problem } = failure;
  return [
    `${problem.check} in ${problem.where}: ${problem.message}${count === undefined ? '' : ` (${count} cases)`}`,
    `  reproduce: generateCase(${failure.seed}, ${failure.caseNumber}, loadFuzzSources()) — seed ${failure.seed}, case ${failure.caseNumber}, with the same corpora present`,
    `  minimal text (${failure.shrunk.length} of ${failure.text.length} characters): ${JSON.stringify(failure.shrunk)}`,
  ].join('\n');
}
