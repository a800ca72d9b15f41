/**
 * The clause-reference recogniser: finds mentions in running text that point at a clause
 * (`clause-ref` in `gold/GUIDELINES.md`) and reads each into a path of units, outermost first.
 * Resolving a path against the clause tree is `../resolve/clauseReferenceTargets`.
 *
 * Recognised (Japanese):
 * - absolute chains in falling rank: `第三条`, `第五条の二`, `第三条第一項第二号`, `第一号イ`,
 *   `第二章第三節`, `附則第二条` (into the supplementary provisions), `別表第一` (a table: the
 *   別表 headings are divisions of the clause tree, so a table reference can be resolved like a
 *   clause reference, and go-to-definition on it is useful);
 * - relative words: `前条 次条 同条 本条`, `前項 次項 同項 本項`, `前号 次号 同号 本号`,
 *   the same for `章 節 款 編`, `前二条` / `前三項` (the N previous), `前各項` / `前各号`
 *   (all the previous ones), `各号` / `各項` (all of them), followed by absolute levels
 *   (`同項第二号`, `前条第一項`);
 * - ranges `第三条から第五条まで` (the span stops before `まで`), `第三条乃至第五条`, and lists
 *   `第三条及び第五条`, `第三条第一項、第二項又は第四項`: each member is its own reference, and a
 *   member that starts below the previous member's first unit inherits its outer levels
 *   (`第三条第一項及び[[第二項]]` is paragraph 2 of Article 3: see `implied`);
 * - numbered clauses of an agreement: `上記1.`, `上記１．`, `上記(1)`, `下記2.`, `前記1の`.
 *
 * Recognised (English): `Article 7`, `Article 3(2)(a)`, `Articles 3 and 4`, `Articles 3 to 5`,
 * `paragraph 2 of Article 3`, `Article 3, paragraph 2`, `subparagraph (a)`, `Section 2`,
 * `Chapter II`, `this Article`, `preceding paragraph` (the span leaves out `the`).
 *
 * Not references: a clause's own label at the start of its line, anything inside a table of
 * contents, anything inside 「…」 or 『…』 (quoted text of an amendment or a reading-in
 * provision, whose references belong to the quoted provision), law numbers
 * (`昭和二十二年法律第百二十号`), and numbered terms (`第一号被保険者`, `第一号法定受託事務`).
 *
 * External references (`external`): a reference written right after the name of another
 * instrument — a run of kanji and katakana ending in 法, 令, 規則, 条約, 協定, 憲章, 規程, 議定書,
 * 覚書 … (`自衛隊法`, `同法`, `旧法`, `施行令`; `この法律` and `本法` are this law), a quoted title
 * (`「…協定」第二条`), a name with its law number (`国家公務員法（昭和二十二年法律第百二十号）第二条`),
 * `改正前の` (the text before an amendment); in English `of the … Agreement/Convention/…`
 * (but not `of this Agreement`) or `the Agreement's`. Lines that amend another law
 * (after `X法の一部を次のように改正する。`) refer into X法 until the next article. `同条`, `同項`
 * after an external reference, and list members after one, are external too.
 *
 * Matching is a hand-written scan with sticky, bounded regular expressions tried at a few
 * trigger characters, so recognition is linear in the text.
 */
import type { ClauseStructure } from '../structure/clauseStructure';
import type { ClauseUnit } from '../structure/numberingStyles';
import { parseJapaneseNumber, parseRomanNumeral } from '../text/japaneseNumerals';
import type { TextRange, Writable } from '../types';

/** A unit of a reference path: a clause unit, or the supplementary provisions (附則). */
export type ReferenceUnit = ClauseUnit | 'supplementary';

/**
 * How a relative step is found from where the reference is: `previous`/`next`/`this`
 * (前条/次条/本条), `same` (同条: the unit of the antecedent), `each` (各号: all of them),
 * `all-previous` (前各項), `above`/`below` (上記/下記: a numbered clause before/after the reference).
 */
export type ReferenceRelation = 'previous' | 'next' | 'same' | 'this' | 'each' | 'all-previous' | 'above' | 'below';

export interface ReferenceStep {
  readonly unit: ReferenceUnit;
  /** The number written, for absolute steps: 第五条の二 → [5, 2]; (a) → [1]. */
  readonly number?: readonly number[];
  readonly relation?: ReferenceRelation;
  /** For `previous`/`next`: how many clauses away (前二条 → 2). Default 1. */
  readonly count?: number;
  /** How a numbered agreement clause was written: `1.` (period), `(1)` (paren), `(a)` (letter), `(i)` (roman). */
  readonly form?: 'period' | 'paren' | 'letter' | 'roman';
}

export interface ClauseReference {
  /** The whole reference as the guidelines span it (`第三条第一項`, `前条`, `上記1.`, `paragraph 2 of Article 3`). */
  readonly range: TextRange;
  readonly text: string;
  readonly kind: 'relative' | 'absolute';
  /** The units referred to, outermost first; includes the `implied` leading steps. */
  readonly path: readonly ReferenceStep[];
  /** For a range (第三条から第五条まで, 前二項): the end of the range as a full path. */
  readonly through?: readonly ReferenceStep[];
  /** Set when the reference points into another instrument, as written (自衛隊法, 協定, 同法). */
  readonly external?: { readonly instrument: string; readonly range: TextRange };
  /** For 同条/同項/同号: the earlier reference (in the same paragraph) whose unit it repeats. */
  readonly antecedent?: ClauseReference;
  /**
   * For a bare item (第十号): the latest earlier reference in the same paragraph that names a
   * paragraph (同項第七号…又は第十号), whose items it may mean when its own paragraph has none.
   */
  readonly itemContext?: ClauseReference;
  /** For a bare item: the sentence names a table before it (…別表に掲げる機関中、第一号), whose rows it may mean. */
  readonly afterTable?: true;
  /** How many leading steps of `path` were taken from the previous member of a list (第三条第一項及び第二項). */
  readonly implied?: number;
  /** `main`: written as 改正後の第三条, the main provisions whatever the context. */
  readonly scope?: 'main';
}

const NUM_CHARS = '0-9０-９〇一二三四五六七八九十百千';
// A Map, not an object: it is indexed by characters of the text (see sourceInvariants.test.ts).
const JA_UNITS: ReadonlyMap<string, ReferenceUnit> = new Map([
  ['編', 'part'],
  ['章', 'chapter'],
  ['節', 'section'],
  ['款', 'subsection'],
  ['目', 'division'],
  ['条', 'article'],
  ['項', 'paragraph'],
  ['号', 'item'],
]);
const RANK: Readonly<Record<ReferenceUnit, number>> = {
  supplementary: 5,
  annex: 3,
  part: 10,
  chapter: 20,
  section: 30,
  subsection: 40,
  division: 50,
  article: 60,
  paragraph: 70,
  item: 80,
  subitem: 90,
  numbered: 100,
  heading: 0,
};
const IROHA = 'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス';

/**
 * 第N(条|項|…) with up to four の branches. Bounded repetitions, one character class per run. The
 * recogniser reads it by hand (`readAbsoluteLabel`); this pattern is its specification, which
 * test/unit/absoluteLabel.test.ts holds it to.
 */
export const ABSOLUTE = new RegExp(
  `第([${NUM_CHARS}]{1,8})(編|章|節|款|目|条|項|号)((?:[のノ][${NUM_CHARS}]{1,6}){0,4})`,
  'y',
);
/** 1 for the code units of NUM_CHARS. */
const IS_NUM_CHAR = new Uint8Array(0x10000);
for (let c = 0x30; c <= 0x39; c++) IS_NUM_CHAR[c] = 1;
for (let c = 0xff10; c <= 0xff19; c++) IS_NUM_CHAR[c] = 1;
for (const c of '〇一二三四五六七八九十百千') IS_NUM_CHAR[c.charCodeAt(0)] = 1;

/** What `ABSOLUTE` matches at an offset, as offsets: the number ends at `numberEnd`, its unit is the character there. */
export interface AbsoluteLabel {
  readonly numberEnd: number;
  /** The ends of the の branches, each beginning at the previous end (the first at `numberEnd + 1`). */
  readonly branchEnds: readonly number[];
  readonly end: number;
}

/**
 * `ABSOLUTE` read by hand at `at`, with the same result (a test compares the two): the match of
 * a regex with three groups, and the split of its branches, would allocate a handful of
 * strings for every 第 of a statute.
 */
export function readAbsoluteLabel(text: string, at: number): AbsoluteLabel | undefined {
  if (text.charCodeAt(at) !== 0x7b2c /* 第 */) return undefined;
  let q = at + 1;
  while (q < text.length && q - at <= 9 && IS_NUM_CHAR[text.charCodeAt(q)] === 1) q++;
  const digits = q - at - 1;
  if (digits < 1 || digits > 8 || !JA_UNITS.has(text.charAt(q))) return undefined;
  const numberEnd = q;
  q++;
  const branchEnds: number[] = [];
  for (let k = 0; k < 4; k++) {
    const c = text.charCodeAt(q);
    if (c !== 0x306e /* の */ && c !== 0x30ce /* ノ */) break;
    let r = q + 1;
    while (r < text.length && r - q <= 6 && IS_NUM_CHAR[text.charCodeAt(r)] === 1) r++;
    if (r === q + 1) break;
    branchEnds.push(r);
    q = r;
  }
  return { numberEnd, branchEnds, end: q };
}

/** 前条, 同項, 本号, 前二条, 前各項, 各号, 次章 … */
const RELATIVE = /(?:(前|次|同|本)([二三四五六七八九十]{1,3}|各)?|(各))(編|章|節|款|条|項|号)/y;
const SUPPLEMENTARY = /附[ \u3000]?則(?=第)/y;
/** A subitem letter after 号 (第一号イ); not an old-style particle (前号ニ掲ゲタル, 第二号ト同一). */
const SUBITEM = new RegExp(`[${IROHA}](?=[\\u3041-\\u3096、，（(及又若並中第]|$)`, 'y');
/** What may follow a reference in a list before the next member: 第一項本文、第二項. */
/**
 * What may follow a member of a list before the next one: a part of the provision (本文, ただし書,
 * の見出し) or a part named by its subject (第三十七条中勤務条件に関する部分、第五十三条).
 */
const QUALIFIER =
  /(?:まで)?(?:本文|ただし書|但書|前段|後段|各号列記以外の部分|各号以外の部分|柱書き?|の見出し|(?:中[^、。「」（）()第\r\n]{1,16})?に(?:関する|係る)部分|[のノ]規定)?/y;
/** A table's own numbering: 別表第四第十号, 別表第三備考第六号, 同表第三号 are not clause references. */
const TABLE_BEFORE = new RegExp(`(?:別表(?:第[${NUM_CHARS}]{1,4}(?:の[${NUM_CHARS}]{1,4}){0,2})?(?:備考)?|同表|表)$`);
const NUMBERED =
  /(上記|下記|前記|後記)[ \u3000]?(?:([0-9０-９]{1,3})[.．](?![0-9０-９])|[(（]([0-9０-９]{1,3})[)）]|([0-9０-９]{1,3})(?=の))/y;
/** What joins the members of a list. */
const LIST_SEPARATOR =
  /(?:、|，|,|及び|及ビ|及ヒ|及|並びに|並ニ|並|又は|又ハ|若しくは|若シクハ|若クハ|若ハ|とを|と|or|and|, and|, or)(?=第|前|次|同|本|各|附)/y;
const RANGE_START = /(から|乃至|ないし|―|－|～|〜)(?=第|前|次|同|本|附)/y;
const RANGE_END = /まで/y;
/** A table named in a sentence: its rows may be cited as 第N号 later in it. */
const TABLE_IN_SENTENCE = /別表|同表|表[のに中]/;

/** Words after 号 (or 条, 項, 目) that make the whole a term, not a reference. */
const TERM_AFTER =
  /^(?:号(?:被保険者|症|法定受託事務|様式|議案|厚生年金|該当|事業|保険|会員|業務|区域|特定|基準|対象|取引|種)|条(?:例|約|件|理)|項(?:目|症)|款症|目的|目標|目録|目次|節約)/;
/**
 * What stands right before the 第N号 of an official document number: the last character of the
 * issuing office's code, a letter, digit, katakana or kanji — never a particle or punctuation,
 * nor the kanji that join references in a list (及, 並, 又, 若, 至, 乃).
 */
const DOCUMENT_NUMBER_BEFORE = /(?![及並又若至乃])[0-9０-９A-Za-zＡ-Ｚａ-ｚ\u30a1-\u30fa\u4e00-\u9fff々]/;
/** A law number ends just before a 第N号: 昭和二十二年法律第百二十号, 政令第三百号. */
const LAW_NUMBER_BEFORE = /(?:法律|政令|勅令|省令|府令|規則|条約|告示|訓令|布告|達|令|号外|律)$/;
/** Kanji that may follow a reference to an item: 第一号及び, 第一号中, 第一号本文. */
const ITEM_FOLLOWERS = '及並又若中各乃前後本但第同';
/** After a list of references: …において準用する, the provisions of this text that apply the owner. */
const APPLIED_HERE =
  /^[第条項号のノ及び又は若しくから乃至まで、前次同本各〇一二三四五六七八九十百千0-9０-９]{0,60}(?:において|の規定により(?:読み替えて)?適用する場合)/;
/** A law cited by its number: 法律第百五十五号附則第十三条. */
const LAW_NUMBER_AS_NAME = new RegExp(`(?:法律|政令|勅令|省令|府令)第[${NUM_CHARS}]{1,8}号$`);
/** Kanji before 前条/同項… that make it part of a longer word (共同, 資本, 以前). */
const COMPOUND_BEFORE = /[共合協混異賛帯会資基日見根脚以事従目手]$/;
/** The end of an instrument's name, for an external reference. */
const INSTRUMENT_END = /(?:法|令|規則|細則|規程|条約|協定|憲章|議定書|覚書|規約|協約|定款|法律|取極|取決め|告示)$/;
const LAW_NUMBER_BRACKET =
  /^(?:明治|大正|昭和|平成|令和)[元〇一二三四五六七八九十百0-9０-９]{1,6}年(?:法律|政令|勅令|省令|府令|条約|規則|告示)/;
const AMENDS_ANOTHER_LAW = 'の一部を次のように改正する';

interface Piece {
  readonly start: number;
  readonly end: number;
  readonly steps: ReferenceStep[];
}

interface Context {
  readonly text: string;
  readonly found: ClauseReference[];
  /** References of the current paragraph (line), for 同条/同項. */
  lineReferences: ClauseReference[];
  amendedLaw: { instrument: string; range: TextRange } | undefined;
  readonly labelStarts: ReadonlyMap<number, number>;
  readonly skipped: readonly TextRange[];
  skipIndex: number;
  /** Depth of 「」『』 quotes on the current line. */
  quoteDepth: number;
  /** The current line is a cell of a reading-in table. */
  inReadingTable: boolean;
  readingTableNext: boolean;
  /** The current line is not running text. */
  skipLine: boolean;
  /**
   * The instrument words the text's title calls it by (`Agreement` in `Agreement between …`,
   * `Memorandum of Understanding`): `Article 5 of the Agreement` is then this text's own article.
   */
  readonly selfNames: ReadonlySet<string>;
}

/** The words an English title names its kind of instrument with. */
const TITLE_INSTRUMENT =
  /\b(Memorandum of Understanding|Agreement|Memorandum|Convention|Treaty|Protocol|Arrangement|Charter|Statute|Exchange of Notes)\b/gi;

function selfNamesOf(text: string): Set<string> {
  const title = /\S[^\r\n]*/.exec(text.slice(0, 2000))?.[0] ?? '';
  const names = new Set<string>();
  for (const m of title.matchAll(TITLE_INSTRUMENT)) {
    const name = m[1]!.toLowerCase();
    names.add(name);
    if (name === 'memorandum of understanding') names.add('memorandum');
  }
  return names;
}

export function recogniseClauseReferences(text: string, structure: ClauseStructure): ClauseReference[] {
  const labelStarts = new Map<number, number>();
  const skipped: TextRange[] = [];
  for (const c of structure.clauses) {
    if (c.labelRange.end > c.labelRange.start) labelStarts.set(c.labelRange.start, c.labelRange.end);
    if (c.style === 'toc') skipped.push(c.range);
  }
  const ctx: Context = {
    text,
    found: [],
    lineReferences: [],
    amendedLaw: undefined,
    labelStarts,
    skipped,
    skipIndex: 0,
    quoteDepth: 0,
    inReadingTable: false,
    readingTableNext: false,
    skipLine: false,
    selfNames: selfNamesOf(text),
  };
  startLine(ctx, 0);
  scan(ctx, 0, text.length, undefined, 0);
  return ctx.found;
}

/**
 * Characters where something may begin: a reference, a quote, a line. A table of code units
 * rather than a regex: the scan stops at a candidate every few characters of a statute, and a
 * regex match there would allocate its result each time.
 */
const IS_CANDIDATE = new Uint8Array(0x10000);
for (const c of '第前次同本各附上下後「」『』\n\rAaPpSsCcTtfn') IS_CANDIDATE[c.charCodeAt(0)] = 1;

/**
 * Scans `[from, to)`. `owner` is the reference right before a bracket being scanned
 * (第五十条（第五項を除く。）): a reference at the very start of the bracket belongs to it.
 */
function scan(ctx: Context, from: number, to: number, owner: ClauseReference | undefined, depth: number): void {
  const { text } = ctx;
  const stop = Math.min(to, text.length);
  for (let i = from; i < to;) {
    // Jump to the next character that can start a reference, a quote or a line.
    while (i < stop && IS_CANDIDATE[text.charCodeAt(i)] === 0) i++;
    if (i >= stop) break;
    const c = text.charCodeAt(i);
    if (c === 0x0a || c === 0x0d) {
      ctx.quoteDepth = 0;
      ctx.lineReferences = [];
      i++;
      startLine(ctx, i);
      continue;
    }
    while (ctx.skipIndex < ctx.skipped.length && ctx.skipped[ctx.skipIndex]!.end <= i) ctx.skipIndex++;
    const skip = ctx.skipped[ctx.skipIndex];
    if (skip && skip.start <= i) {
      i = skip.end;
      continue;
    }
    const label = ctx.labelStarts.get(i);
    if (label !== undefined) {
      i = label;
      continue;
    }
    const ch = text[i]!;
    if (ch === '「' || ch === '『') {
      ctx.quoteDepth++;
      i++;
      continue;
    }
    if (ch === '」' || ch === '』') {
      if (ctx.quoteDepth > 0) ctx.quoteDepth--;
      i++;
      continue;
    }
    if (ctx.quoteDepth > 0 || ctx.inReadingTable || ctx.skipLine) {
      i++;
      continue;
    }
    const next = readJapanese(ctx, i, to, owner, i === from, depth) ?? readEnglish(ctx, i);
    i = next ?? i + 1;
  }
}

/** At each line start: does this line amend another law? An article label ends such a run. */
/** A space, a tab or an ideographic space: `[ \t\u3000]`. */
function isLineIndent(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x3000;
}

/** Whether `text[from, to)` holds the code unit of `c`, without cutting it out (and without searching past `to`). */
function hasCharIn(text: string, c: string, from: number, to: number): boolean {
  const code = c.charCodeAt(0);
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === code) return true;
  return false;
}

function startLine(ctx: Context, lineStart: number): void {
  const end = ctx.text.indexOf('\n', lineStart);
  const line = ctx.text.slice(lineStart, end < 0 ? ctx.text.length : end);
  let indent = 0;
  while (indent < line.length && isLineIndent(line.charCodeAt(indent))) indent++;
  const labelEnd = ctx.labelStarts.get(lineStart + indent);
  if (labelEnd !== undefined && hasCharIn(ctx.text, '条', lineStart + indent, labelEnd)) ctx.amendedLaw = undefined;
  if (/^[ \t\u3000]*附[ \u3000]*則/.test(line)) ctx.amendedLaw = undefined;
  // A reading-in table (次の表の上欄に掲げる規定中同表の中欄に掲げる字句は…読み替える): its cells,
  // one a line, quote the provisions being read; they are not references of this text.
  if (labelEnd !== undefined || /^[ \t\u3000]*[（(][^）)]*[）)]$/.test(line)) ctx.inReadingTable = false;
  else if (ctx.readingTableNext) ctx.inReadingTable = true;
  ctx.readingTableNext = /上欄/.test(line) && /下欄|中欄|読み替え|読替え/.test(line);
  if (ctx.readingTableNext) ctx.inReadingTable = false;
  // 第三十条及ビ第三十一条　削除: a deleted span the clause parser did not take for a label.
  ctx.skipLine = /^[ \t\u3000]*第[^ \u3000]{1,40}[ \u3000]+削除[ \u3000]*$/.test(line);
  const amends = line.indexOf(AMENDS_ANOTHER_LAW);
  if (amends > 0) {
    const name = trimInstrument(line.slice(Math.max(0, amends - 80), amends));
    if (name.length > 0 && !/^(?:この|本|此ノ)/.test(name))
      ctx.amendedLaw = {
        instrument: name,
        range: { start: lineStart + amends - name.length, end: lineStart + amends },
      };
  }
}

function trimInstrument(name: string): string {
  const m = /[^、。（）()「」　 はをがにでもと]{1,80}$/.exec(name);
  return m ? m[0] : name;
}

// ---------------------------------------------------------------------------------------
// Japanese

function isKanji(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf) || c === '々' || c === '〇';
}

function isKatakana(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 0x30a1 && code <= 0x30fa) || c === 'ー';
}

const numberCache = new Map<string, number | undefined>();

/** Reads a numeral; the same few hundred numerals recur thousands of times, so they are remembered. */
function readNumber(text: string): number | undefined {
  const cached = numberCache.get(text);
  if (cached !== undefined || numberCache.has(text)) return cached;
  const n = parseJapaneseNumber(text);
  if (numberCache.size < 10_000) numberCache.set(text, n);
  return n;
}

/** Reads one piece of a Japanese chain starting at `at`, or undefined. `first` allows relative steps. */
/**
 * `readNumber(text.slice(from, to))`: a numeral of digits (ASCII or full-width) is read in
 * place, without cutting it out of the text; only kanji numerals go through the cache.
 */
function readNumberIn(text: string, from: number, to: number): number | undefined {
  if (to <= from) return readNumber('');
  let value = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0xff10 && c <= 0xff19 ? c - 0xff10 : -1;
    if (d < 0) return readNumber(text.slice(from, to));
    value = value * 10 + d;
  }
  return value;
}

function readComponent(
  text: string,
  at: number,
  first: boolean,
  sameAllowed = false,
): { end: number; step: ReferenceStep; through?: ReferenceStep } | undefined {
  const abs = readAbsoluteLabel(text, at);
  if (abs) {
    const unit = JA_UNITS.get(text.charAt(abs.numberEnd))!;
    const main = readNumberIn(text, at + 1, abs.numberEnd);
    if (main === undefined) return undefined;
    const number = [main];
    let end = abs.numberEnd + 1;
    for (const branchEnd of abs.branchEnds) {
      const n = readNumberIn(text, end + 1, branchEnd);
      // 第三条の一部 is "part of Article 3", not a branch article: branches start at 2.
      if (n === undefined || n < 2) break;
      number.push(n);
      end = branchEnd;
    }
    if (TERM_AFTER.test(text.slice(end - 1, end + 8))) return undefined;
    return { end, step: { unit, number } };
  }
  RELATIVE.lastIndex = at;
  const rel = RELATIVE.exec(text);
  if (rel) {
    const unit = JA_UNITS.get(rel[4]!)!;
    const end = at + rel[0].length;
    if (TERM_AFTER.test(text.slice(end - 1, end + 8))) return undefined;
    if (rel[3]) return unit === 'paragraph' || unit === 'item' ? { end, step: { unit, relation: 'each' } } : undefined;
    const word = rel[1]!;
    if (!first && !(word === '同' && sameAllowed)) return undefined;
    const modifier = rel[2];
    if (modifier === '各') return word === '前' ? { end, step: { unit, relation: 'all-previous' } } : undefined;
    if (modifier !== undefined) {
      const count = parseJapaneseNumber(modifier);
      if (word !== '前' || count === undefined) return undefined;
      return {
        end,
        step: { unit, relation: 'previous', count },
        through: { unit, relation: 'previous', count: 1 },
      };
    }
    const relation = word === '前' ? 'previous' : word === '次' ? 'next' : word === '同' ? 'same' : 'this';
    return { end, step: { unit, relation } };
  }
  return undefined;
}

/** Reads a chain of components in falling rank: 第三条第一項第二号イ, 同項第二号, 附則第二条. */
function readChain(
  text: string,
  at: number,
): { end: number; steps: ReferenceStep[]; through?: ReferenceStep[] } | undefined {
  const steps: ReferenceStep[] = [];
  let through: ReferenceStep[] | undefined;
  let pos = at;
  SUPPLEMENTARY.lastIndex = pos;
  const supplementary = SUPPLEMENTARY.exec(text);
  if (supplementary) {
    steps.push({ unit: 'supplementary' });
    pos += supplementary[0].length;
  }
  for (let k = 0; k < 6; k++) {
    const last = steps[steps.length - 1];
    const component = readComponent(
      text,
      pos,
      steps.length === 0 || (steps.length === 1 && !!supplementary),
      last?.relation === 'same', // 同条同項
    );
    if (!component) break;
    const previous = steps[steps.length - 1];
    if (previous && previous.unit !== 'supplementary' && RANK[component.step.unit] <= RANK[previous.unit]) break;
    if (previous?.relation === 'each' || through) break;
    steps.push(component.step);
    if (component.through) through = [...steps.slice(0, -1), component.through];
    pos = component.end;
    if (component.step.unit === 'item') {
      SUBITEM.lastIndex = pos;
      const sub = SUBITEM.exec(text);
      if (sub) {
        steps.push({ unit: 'subitem', number: [IROHA.indexOf(sub[0]) + 1] });
        pos += 1;
        break;
      }
    }
  }
  if (steps.length === 0 || steps[steps.length - 1]!.unit === 'supplementary') return undefined;
  return through ? { end: pos, steps, through } : { end: pos, steps };
}

/** Tries to read a Japanese reference (with its list and range members) at `at`; returns where scanning resumes. */
function readJapanese(
  ctx: Context,
  at: number,
  limit: number,
  owner: ClauseReference | undefined,
  atBracketStart: boolean,
  depth: number,
): number | undefined {
  const { text } = ctx;
  const ch = text[at]!;
  if (!'第前次同本各附上下後'.includes(ch)) return undefined;
  const before = text[at - 1];
  if (ch === '上' || ch === '下' || ch === '前' || ch === '後') {
    NUMBERED.lastIndex = at;
    const m = NUMBERED.exec(text);
    if (m) {
      const digits = m[2] ?? m[3] ?? m[4]!;
      const n = readNumber(digits);
      if (n !== undefined) {
        const relation = m[1] === '上記' || m[1] === '前記' ? 'above' : 'below';
        const form = m[3] !== undefined ? 'paren' : 'period';
        const end = at + m[0].length;
        push(ctx, { start: at, end, steps: [{ unit: 'numbered', number: [n], relation, form }] });
        return end;
      }
    }
  }
  // 同法同条第三項: 同条 after the name of a law (同法, 旧法, 施行令) is a reference into it.
  const afterLawName = ch === '同' && /(?:法|令)$/.test(text.slice(Math.max(0, at - 1), at));
  if (
    ch !== '第' &&
    ch !== '附' &&
    before !== undefined &&
    isKanji(before) &&
    !/[及並又若至]/.test(before) &&
    !afterLawName
  )
    if (COMPOUND_BEFORE.test(before) || ch === '同' || ch === '本' || ch === '各' || ch === '次') return undefined;
  const chain = readChain(text, at);
  if (!chain || chain.end > limit) return undefined;
  if (TABLE_BEFORE.test(text.slice(Math.max(0, at - 12), at))) return skipListMembers(text, chain.end, limit);
  // A law number: 昭和二十二年法律第百二十号.
  if (chain.steps.length === 1 && chain.steps[0]!.unit === 'item' && chain.steps[0]!.number) {
    if (LAW_NUMBER_BEFORE.test(text.slice(Math.max(0, at - 4), at))) return chain.end;
    // 明治十五年第四十一号達, 補正予算（第1号）.
    if (/(?:年|予算[（(])$/.test(text.slice(Math.max(0, at - 3), at))) return chain.end;
    // An official document number: an office's code, then 第N号 (健発0622第８号, 入管庁管第2590号, カ管委第104号).
    if (DOCUMENT_NUMBER_BEFORE.test(text.charAt(at - 1))) return chain.end;
  }
  const lastStep = chain.steps[chain.steps.length - 1]!;
  // 第一号被保険者, 第一号措置: a kanji right after 号 makes a term.
  if (lastStep.unit === 'item' && isKanji(text[chain.end]) && !ITEM_FOLLOWERS.includes(text[chain.end]!))
    return chain.end;
  let previous: ClauseReference;
  const first = chain.steps[0]!;
  const ownerFirst = owner?.path[0];
  if (
    owner &&
    ownerFirst &&
    (first.relation === undefined || first.relation === 'each') &&
    first.unit !== 'supplementary' &&
    (atBracketStart || RANK[first.unit] > RANK[ownerFirst.unit]) &&
    !APPLIED_HERE.test(text.slice(chain.end, chain.end + 64))
  ) {
    // 第五十条（第五項を除く。）: the bracket qualifies 第五十条, so 第五項 is its paragraph — but
    // not in 第三条（第五項において準用する場合を含む。）, where 第五項 is this article's.
    previous = pushMember(ctx, owner, at, chain);
  } else {
    const external = externalBefore(ctx, at);
    const scope = /改正後の$/.test(text.slice(Math.max(0, at - 4), at)) ? ('main' as const) : undefined;
    previous = push(ctx, { start: at, end: chain.end, steps: chain.steps }, chain.through, external, scope);
  }
  let pos = chain.end;
  for (let k = 0; k < 60 && pos < limit; k++) {
    const c = text[pos];
    if ((c === '（' || c === '(') && depth < 4) {
      const close = matchingBracket(text, pos, limit);
      if (close === undefined) break;
      scan(ctx, pos + 1, close, previous, depth + 1);
      pos = close + 1;
      const continued = readChain(text, pos);
      if (continued && continued.end <= limit && continued.steps[0]?.relation === undefined) {
        previous = pushMember(ctx, previous, pos, continued);
        pos = continued.end;
      }
      continue;
    }
    // A range: から … まで.
    RANGE_START.lastIndex = pos;
    const range = RANGE_START.exec(text);
    if (range) {
      const end = readChain(text, pos + range[0].length);
      if (end && end.end <= limit) {
        RANGE_END.lastIndex = end.end;
        // 第78条第１項から第４項: a list item may stop before its まで.
        let closed = RANGE_END.test(text) || /^[ \t\u3000]*(?:[\r\n]|$)/.test(text.slice(end.end, end.end + 4));
        // 第十二条の二から第十三条の三（第二項を除く。）まで: a bracket may qualify the range's end.
        let bracketClose: number | undefined;
        if (!closed && (text[end.end] === '（' || text[end.end] === '(') && depth < 4) {
          const close = matchingBracket(text, end.end, limit);
          if (close !== undefined) {
            RANGE_END.lastIndex = close + 1;
            if (RANGE_END.test(text)) {
              closed = true;
              bracketClose = close;
            }
          }
        }
        if (closed || range[1] !== 'から') {
          const through = inherit(previous.path, end.steps);
          previous = replace(ctx, previous, end.end, through.steps);
          if (bracketClose !== undefined) {
            scan(ctx, end.end + 1, bracketClose, { ...previous, path: through.steps }, depth + 1);
            pos = bracketClose + 3;
          } else pos = closed ? end.end + 2 : end.end;
          continue;
        }
      }
    }
    QUALIFIER.lastIndex = pos;
    const qualifier = QUALIFIER.exec(text);
    if (qualifier && qualifier[0].length > 0) {
      pos += qualifier[0].length;
      // 同項ただし書（第一号を除く。）: the bracket qualifies the reference as much as right after it.
      if (text[pos] === '（' || text[pos] === '(') continue;
    }
    // 第四項第一号イ、ロ若しくはホ: the other subitems of the same item are members too.
    const lastStep = previous.path[previous.path.length - 1];
    if (lastStep?.unit === 'subitem') {
      SUBITEM_MEMBER.lastIndex = pos;
      const subitem = SUBITEM_MEMBER.exec(text);
      if (subitem) {
        const at = pos + subitem[0].length - 1;
        const steps = [
          ...previous.path.slice(0, -1),
          { unit: 'subitem' as const, number: [IROHA.indexOf(subitem[1]!) + 1] },
        ];
        previous = push(
          ctx,
          { start: at, end: at + 1, steps },
          undefined,
          previous.external,
          previous.scope,
          steps.length - 1,
        );
        pos = at + 1;
        continue;
      }
    }
    LIST_SEPARATOR.lastIndex = pos;
    const separator = LIST_SEPARATOR.exec(text);
    if (!separator) break;
    const start = pos + separator[0].length;
    const member = readChain(text, start);
    if (!member || member.end > limit) break;
    previous = pushMember(ctx, previous, start, member, true);
    pos = member.end;
  }
  return pos;
}

/** Another subitem of a list after a subitem: 、ロ or 若しくはホ, then what may follow a member. */
const SUBITEM_MEMBER = new RegExp(
  `(?:、|，|及び|及ビ|若しくは|若シクハ|又は|又ハ|並びに|から)([${IROHA}])(?=[、，及若又並のノ中か（(]|まで|$)`,
  'y',
);

/**
 * After a table's own numbering (別表第三備考第六号), the members of its list are the table's
 * too (及び第十一号): where scanning resumes after them.
 */
function skipListMembers(text: string, from: number, limit: number): number {
  let pos = from;
  for (let k = 0; k < 20 && pos < limit; k++) {
    // 別表第一第一号から第三号まで及び第十三号: ranges are members too.
    RANGE_END.lastIndex = pos;
    if (RANGE_END.test(text)) pos += 2;
    LIST_SEPARATOR.lastIndex = pos;
    RANGE_START.lastIndex = pos;
    const separator = LIST_SEPARATOR.exec(text) ?? RANGE_START.exec(text);
    if (!separator) break;
    const member = readChain(text, pos + separator[0].length);
    if (!member || member.end > limit) break;
    pos = member.end;
  }
  return pos;
}

/**
 * A member of a list (or the head of a bracket) after `previous`: inherits its outer levels.
 * `inList`: a member after a conjunction, not the head of a bracket.
 */
function pushMember(
  ctx: Context,
  previous: ClauseReference,
  start: number,
  member: { end: number; steps: ReferenceStep[]; through?: ReferenceStep[] },
  inList = false,
): ClauseReference {
  const base = inList ? listBase(previous, member.steps) : previous.path;
  const inherited = inherit(base, member.steps);
  const through = member.through ? inherit(base, member.through).steps : undefined;
  const relation = member.steps[0]?.relation;
  const absolute = relation === undefined || relation === 'each';
  return push(
    ctx,
    { start, end: member.end, steps: inherited.steps },
    through,
    absolute ? previous.external : undefined,
    previous.scope,
    inherited.implied,
  );
}

/**
 * What a list member repeats from the member before it, as Japanese drafting writes lists:
 * - the levels above its own first level, only when the member before is written down to that
 *   level: 第三条第一項及び第二項 is 第三条第二項, but in 第二条及び第二項 the 第二項 is this
 *   article's, and in 第四十七条の五第三号及び第二項第三号 so is 第二項;
 * - from the end of a range (同項から同条第七項まで及び第九項 is 同条第九項), and through 同項 to
 *   what 同項 repeats (第五条第一項本文、同項第二号及び第五項 is 第五条第五項).
 * 並びに joins groups but repeats levels as 及び does (第二十八条第一項並びに第三項 is 第二十八条第三項).
 */
function listBase(previous: ClauseReference, steps: readonly ReferenceStep[]): readonly ReferenceStep[] {
  const first = steps[0];
  if (!first || first.relation !== undefined) return previous.path;
  const written = previous.through ?? previous.path;
  if (!written.some((s) => s.unit === first.unit)) return [];
  const head = written[0];
  if (head?.relation === 'same' && previous.antecedent) {
    const above = previous.antecedent.path.filter((s) => RANK[s.unit] < RANK[head.unit] && s.relation !== 'same');
    if (above.length > 0 && above.length === previous.antecedent.path.findIndex((s) => RANK[s.unit] >= RANK[head.unit]))
      return [...above, ...written];
  }
  return written;
}

/** The index of the bracket closing the one at `open`, on the same line, or undefined. */
function matchingBracket(text: string, open: number, limit: number): number | undefined {
  let depth = 0;
  const end = Math.min(limit, open + 600);
  for (let i = open; i < end; i++) {
    const c = text[i];
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') {
      depth--;
      if (depth === 0) return i;
    } else if (c === '\n' || c === '\r') return undefined;
  }
  return undefined;
}

/** The leading steps of `previous` above the first unit of `steps`: 第三条第一項及び第二項 → 第三条 + 第二項. */
function inherit(
  previous: readonly ReferenceStep[],
  steps: ReferenceStep[],
): { steps: ReferenceStep[]; implied: number } {
  const first = steps[0];
  // 前条第一項及び前項: a relative member stands on its own; 各号 is the items of what it follows
  // (前条第一項（各号を除く。）).
  if (!first || (first.relation !== undefined && first.relation !== 'each')) return { steps, implied: 0 };
  const prefix: ReferenceStep[] = [];
  for (const step of previous) {
    if (RANK[step.unit] >= RANK[first.unit]) break;
    prefix.push(step);
  }
  if (first.unit === 'supplementary') return { steps, implied: 0 };
  return { steps: [...prefix, ...steps], implied: prefix.length };
}

/** Is the text right before `at` the name of another instrument? */
/**
 * How far back `externalBefore` looks for its line's start. Everything it reads before a
 * reference lies within 460 characters of it (a bracket within 400, a name within 60 before
 * that), so a line start further back than this changes nothing it finds.
 */
const LINE_START_REACH = 1000;

/**
 * The start of the line holding `at`, or `at - LINE_START_REACH` when the line starts further
 * back: a look-back to the line start for every reference would be quadratic on a whole
 * agreement written on one line.
 */
function lineStartNear(text: string, at: number): number {
  const floor = Math.max(0, at - LINE_START_REACH);
  // The native search over a slice of the reach (a view of the text, not a copy).
  const newline = text.slice(floor, at).lastIndexOf('\n');
  return newline < 0 ? floor : floor + newline + 1;
}

function externalBefore(ctx: Context, at: number): ClauseReference['external'] {
  const { text } = ctx;
  const lineStart = lineStartNear(text, at);
  const before = text[at - 1];
  if (before === '」') {
    const open = lastIndexOnLine(text, '「', at - 1, lineStart);
    if (open >= lineStart) return { instrument: text.slice(open + 1, at - 1), range: { start: open + 1, end: at - 1 } };
  }
  if (before === '（' || before === '(') {
    // 道路法（第八十八条を除く。）, 鉱山保安法の規定（第三十三条第一項…）.
    const name = instrumentNameBefore(
      text,
      at - 1 - (text.slice(Math.max(0, at - 4), at - 1) === 'の規定' ? 3 : 0),
      lineStart,
    );
    if (name) return name;
  }
  const lawNumber = LAW_NUMBER_AS_NAME.exec(text.slice(Math.max(lineStart, at - 24), at));
  if (lawNumber) return { instrument: lawNumber[0], range: { start: at - lawNumber[0].length, end: at } };
  let nameEnd = at;
  if (before === '）' || before === ')') {
    const open = Math.max(
      lastIndexOnLine(text, '（', at - 1, lineStart),
      lastIndexOnLine(text, '(', at - 1, lineStart),
    );
    if (open > lineStart && LAW_NUMBER_BRACKET.test(text.slice(open + 1, at - 1))) nameEnd = open;
    else if (open > lineStart && /^以下|(?:と|ト)(?:いう|謂フ)。?$/.test(text.slice(open + 1, at - 1))) {
      // 道路整備特別措置法（以下「旧特別措置法」という。）第四条: the bracket names the law.
      const named = instrumentNameBefore(text, open, lineStart);
      if (named) return named;
    }
  }
  const named = instrumentNameBefore(text, nameEnd, lineStart);
  if (named) return named;
  if (nameEnd !== at) return { instrument: text.slice(nameEnd, at), range: { start: nameEnd, end: at } };
  if (/改正前の$/.test(text.slice(Math.max(0, at - 4), at)))
    return { instrument: '改正前', range: { start: at - 4, end: at - 1 } };
  return ctx.amendedLaw;
}

/** The last `c` before `from` and at or after `lineStart`, or -1. */
function lastIndexOnLine(text: string, c: string, from: number, lineStart: number): number {
  for (let i = from; i >= lineStart && from - i < 400; i--) if (text[i] === c) return i;
  return -1;
}

/** The name of an instrument ending at `nameEnd` (自衛隊法, 同法, 施行令), if the text there is one. */
function instrumentNameBefore(text: string, nameEnd: number, lineStart: number): ClauseReference['external'] {
  let start = nameEnd;
  while (start > lineStart && nameEnd - start < 60) {
    const c = text[start - 1];
    if (isKanji(c) || c === '・') {
      start--;
      continue;
    }
    if (isKatakana(c)) {
      // One katakana between kanji is old-style okurigana (但シ河川法): the name starts after it.
      if (isKanji(text[start - 2]) && isKanji(text[start]) && !isKatakana(text[start - 2])) break;
      start--;
      continue;
    }
    break;
  }
  const name = text.slice(start, nameEnd);
  if (name.length > 0 && INSTRUMENT_END.test(name)) {
    if (/^(?:本法|法律)$/.test(name) && (name === '本法' || /(?:この|此ノ)$/.test(text.slice(start - 3, start))))
      return undefined;
    return { instrument: name, range: { start, end: nameEnd } };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------
// English

const EN_UNIT =
  /(Articles?|ARTICLES?|articles?|[Pp]aragraphs?|[Ss]ub-?paragraphs?|Sections?|SECTIONS?|sections?|Chapters?|CHAPTERS?)[ \t\u00a0]+/y;
const EN_RELATIVE =
  /(?:(this)|(?:the[ \t]+)?(preceding|previous|following|next|same))[ \t]+(Article|article|paragraph|subparagraph|sub-paragraph|Section|section|Chapter|chapter)(?![A-Za-z])/y;
const EN_ARTICLE_NUMBER =
  /([0-9]{1,3}(?:\.[0-9]{1,3}){0,3}|[IVXLC]{1,8}(?:\.[0-9]{1,3}){0,2})(?![A-Za-z0-9])((?:\((?:[0-9]{1,3}|[a-z]|[ivx]{1,5})\)){0,3})/y;
const EN_PARAGRAPH_NUMBER =
  /(?:([0-9]{1,3})(?![0-9]|\.[0-9])|\(([0-9]{1,3})\)|\(([a-z])\)|\(([ivx]{1,6})\)|([a-z])\))/y;
const EN_LIST =
  /(?:,[ \t]*and[ \t]+|,[ \t]*or[ \t]+|,[ \t]*|[ \t]+and[ \t]+|[ \t]+or[ \t]+|[ \t]*[-–][ \t]*|[ \t]+to[ \t]+|[ \t]+through[ \t]+)/y;
const EN_OF = /[ \t]+of[ \t]+/y;
const EN_COMMA = /,[ \t]*/y;
/** The words that end the name of another instrument. */
const EN_INSTRUMENT_WORDS =
  '(?:Agreement|Convention|Treaty|Protocol|Charter|Act|Covenant|Statutes?|Memorandum|Arrangement|Constitution|Code|Regulations?|Rules|Resolution|Decision|Directive|FTA|Law|GATT|GATS)';
/**
 * `of the … Convention` after a reference (after a comma too: `Article IV, paragraph 4, of the
 * Convention`), with the small words of a long name (`of the Environment Chapter of the KORUS
 * FTA`), or `of the said law`: the reference is into that instrument.
 */
const EN_EXTERNAL_AFTER = new RegExp(
  `,?[ \\t]+of[ \\t]+the[ \\t]+((?:said[ \\t]+(?:[a-z]+[ \\t]+)?(?:law|Law|Act|act|Protocol|Convention|Agreement|Treaty|Code|code)|(?:(?!this\\b|these\\b|present\\b|said\\b)[A-Za-z][A-Za-z0-9-]*[ \\t]+){0,10}${EN_INSTRUMENT_WORDS}))(?![A-Za-z])`,
  'y',
);
const EN_EXTERNAL_BEFORE = new RegExp(
  `(?:the[ \\t]+((?:[A-Z][A-Za-z-]*[ \\t]+){0,8}${EN_INSTRUMENT_WORDS})['’]s[ \\t]+|(?:of|in|under|to)[ \\t]+the[ \\t]+((?:[A-Z][A-Za-z-]*[ \\t]+){0,8}${EN_INSTRUMENT_WORDS}),?[ \\t]+(?:in particular|notably|especially|including|namely)[ \\t]+)$`,
);

/**
 * The other instrument named right after `pos` (`of the Convention`, `of the KORUS FTA`), if
 * any. `of the Agreement` names this text when its title calls it an Agreement.
 */
function instrumentAfter(ctx: Context, pos: number): ClauseReference['external'] {
  EN_EXTERNAL_AFTER.lastIndex = pos;
  const m = EN_EXTERNAL_AFTER.exec(ctx.text);
  if (!m) return undefined;
  const name = m[1]!;
  if (ctx.selfNames.has(name.replace(/\s+/g, ' ').toLowerCase())) return undefined;
  const nameStart = pos + m[0].length - name.length;
  return { instrument: name, range: { start: nameStart, end: nameStart + name.length } };
}

function englishUnit(word: string): ReferenceUnit {
  const w = word.toLowerCase().replace(/s$/, '').replace('-', '');
  return w === 'article'
    ? 'article'
    : w === 'paragraph'
      ? 'paragraph'
      : w === 'subparagraph'
        ? 'subitem'
        : w === 'section'
          ? 'section'
          : 'chapter';
}

/** Reads the number after an English unit word; returns the steps (Article 3(2)(a) gives three). */
function readEnglishNumber(
  text: string,
  at: number,
  unit: ReferenceUnit,
): { end: number; steps: ReferenceStep[] } | undefined {
  if (unit === 'article' || unit === 'section' || unit === 'chapter') {
    EN_ARTICLE_NUMBER.lastIndex = at;
    const m = EN_ARTICLE_NUMBER.exec(text);
    if (!m) return undefined;
    const written = m[1]!;
    let number: number[] | undefined;
    if (/^[0-9]/.test(written)) number = written.split('.').map(Number);
    else {
      // Article IV.4: Roman article number, then the paragraph.
      const [roman, ...rest] = written.split('.');
      const r = parseRomanNumeral(roman!);
      number = r === undefined ? undefined : [r, ...rest.map(Number)];
    }
    if (!number) return undefined;
    const steps: ReferenceStep[] = [{ unit, number }];
    const units: ReferenceUnit[] = ['paragraph', 'subitem', 'subitem'];
    let k = 0;
    for (const p of m[2]!.match(/\([^)]+\)/g) ?? []) {
      const step = paragraphStep(p.slice(1, -1), units[k++] ?? 'subitem');
      if (!step) break;
      steps.push(step);
    }
    return { end: at + m[0].length, steps };
  }
  EN_PARAGRAPH_NUMBER.lastIndex = at;
  const m = EN_PARAGRAPH_NUMBER.exec(text);
  if (!m) return undefined;
  const written = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5]!;
  const step = paragraphStep(written, unit);
  return step ? { end: at + m[0].length, steps: [step] } : undefined;
}

function paragraphStep(written: string, unit: ReferenceUnit): ReferenceStep | undefined {
  if (/^[0-9]+$/.test(written)) return { unit, number: [Number(written)] };
  if (/^[ivx]+$/.test(written) && written !== 'i' && written !== 'v' && written !== 'x') {
    const r = parseRomanNumeral(written);
    return r === undefined ? undefined : { unit, number: [r], form: 'roman' };
  }
  if (/^[a-z]$/.test(written)) return { unit, number: [written.charCodeAt(0) - 96], form: 'letter' };
  return undefined;
}

function readEnglish(ctx: Context, at: number): number | undefined {
  const { text } = ctx;
  const ch = text[at]!;
  if (!'AaPpSsCcTtfnp'.includes(ch)) return undefined;
  if (/[A-Za-z0-9]/.test(text[at - 1] ?? '')) return undefined;
  EN_RELATIVE.lastIndex = at;
  const rel = EN_RELATIVE.exec(text);
  if (rel) {
    const word = rel[1] ?? rel[2]!;
    const relation: ReferenceRelation =
      word === 'this' ? 'this' : word === 'same' ? 'same' : /^(preceding|previous)$/.test(word) ? 'previous' : 'next';
    const unit = englishUnit(rel[3]!);
    const startOffset = rel[0].startsWith('the') ? rel[0].indexOf(word) : 0;
    push(ctx, { start: at + startOffset, end: at + rel[0].length, steps: [{ unit, relation }] });
    return at + rel[0].length;
  }
  EN_UNIT.lastIndex = at;
  const unitMatch = EN_UNIT.exec(text);
  if (!unitMatch) return undefined;
  const unit = englishUnit(unitMatch[1]!);
  const first = readEnglishNumber(text, at + unitMatch[0].length, unit);
  if (!first) return undefined;
  const members: Array<{ piece: Piece; through?: ReferenceStep[] }> = [
    { piece: { start: at, end: first.end, steps: first.steps } },
  ];
  let pos = first.end;
  for (let k = 0; k < 20; k++) {
    EN_LIST.lastIndex = pos;
    const sep = EN_LIST.exec(text);
    if (!sep) break;
    const member = readEnglishNumber(text, pos + sep[0].length, unit);
    if (!member) break;
    const last = members[members.length - 1]!;
    if (/[-–]|to|through/.test(sep[0]) && !last.through) last.through = member.steps;
    else members.push({ piece: { start: pos + sep[0].length, end: member.end, steps: member.steps } });
    last.piece = { ...last.piece, end: last.through ? member.end : last.piece.end };
    pos = member.end;
  }
  // paragraph 2 of Article 3, paragraph 2 of this Article; Article 3, paragraph 2.
  let outer: ReferenceStep[] = [];
  let inner: ReferenceStep[] = [];
  let external: ClauseReference['external'];
  const externalAfter = instrumentAfter(ctx, pos);
  if (externalAfter) {
    external = externalAfter;
  } else {
    EN_OF.lastIndex = pos;
    const of = EN_OF.exec(text);
    if (of) {
      const after = pos + of[0].length;
      EN_RELATIVE.lastIndex = after;
      const rel = EN_RELATIVE.exec(text);
      EN_UNIT.lastIndex = after;
      const unit2 = rel ? undefined : EN_UNIT.exec(text);
      if (rel && rel[1]) {
        const u = englishUnit(rel[3]!);
        if (RANK[u] < RANK[unit]) {
          outer = [{ unit: u, relation: 'this' }];
          pos = after + rel[0].length;
        }
      } else if (unit2) {
        const u = englishUnit(unit2[1]!);
        const n = RANK[u] < RANK[unit] ? readEnglishNumber(text, after + unit2[0].length, u) : undefined;
        if (n) {
          outer = n.steps;
          pos = n.end;
          external = instrumentAfter(ctx, pos);
        }
      }
    } else if (members.length === 1 && !members[0]!.through) {
      EN_COMMA.lastIndex = pos;
      const comma = EN_COMMA.exec(text);
      if (comma) {
        EN_UNIT.lastIndex = pos + comma[0].length;
        const unit2 = EN_UNIT.exec(text);
        const u = unit2 ? englishUnit(unit2[1]!) : undefined;
        if (unit2 && u && RANK[u] > RANK[unit]) {
          const n = readEnglishNumber(text, pos + comma[0].length + unit2[0].length, u);
          if (n) {
            inner = n.steps;
            pos = n.end;
          }
        }
      }
    }
  }
  // Article 3, paragraph 2, of the Convention: the instrument after the whole reference.
  external ??= instrumentAfter(ctx, pos);
  if (!external) {
    const sliceStart = Math.max(0, at - 160);
    const m = EN_EXTERNAL_BEFORE.exec(text.slice(sliceStart, at));
    const name = m?.[1] ?? m?.[2];
    // the Agreement's Article 7 in a text titled Agreement is this text's own.
    if (m && name && !ctx.selfNames.has(name.replace(/\s+/g, ' ').toLowerCase())) {
      const nameStart = sliceStart + m.index + m[0].indexOf(name);
      external = { instrument: name, range: { start: nameStart, end: nameStart + name.length } };
    }
  }
  members.forEach((member, k) => {
    const isLast = k === members.length - 1;
    const end = isLast && (outer.length > 0 || inner.length > 0) ? pos : member.piece.end;
    const steps = [...outer, ...member.piece.steps, ...inner];
    const through = member.through ? [...outer, ...member.through] : undefined;
    push(ctx, { start: member.piece.start, end, steps }, through, external);
  });
  return pos;
}

// ---------------------------------------------------------------------------------------

function push(
  ctx: Context,
  piece: Piece,
  through?: readonly ReferenceStep[],
  external?: ClauseReference['external'],
  scope?: 'main',
  implied?: number,
): ClauseReference {
  const path = piece.steps;
  let antecedent: ClauseReference | undefined;
  const same = path.find((s) => s.relation === 'same');
  if (same) {
    for (let k = ctx.lineReferences.length - 1; k >= 0; k--) {
      const candidate = ctx.lineReferences[k]!;
      if (candidate.path.some((s) => s.unit === same.unit)) {
        antecedent = candidate;
        break;
      }
    }
    if (antecedent?.external) external ??= antecedent.external;
  }
  let itemContext: ClauseReference | undefined;
  let afterTable = false;
  if (path.length === 1 && path[0]!.unit === 'item' && path[0]!.relation === undefined) {
    for (let k = ctx.lineReferences.length - 1; k >= 0 && itemContext === undefined; k--) {
      const candidate = ctx.lineReferences[k]!;
      if (candidate.path.some((s) => s.unit === 'paragraph')) itemContext = candidate;
    }
    const before = ctx.text.slice(Math.max(0, piece.start - 800), piece.start);
    const sentenceStart = Math.max(before.lastIndexOf('。'), before.lastIndexOf('\n')) + 1;
    afterTable = TABLE_IN_SENTENCE.test(before.slice(sentenceStart));
  }
  // The optional properties are added one by one, in this order: spreads of conditional
  // objects in a literal take V8's slow path, paid once per reference.
  const reference: Writable<ClauseReference> = {
    range: { start: piece.start, end: piece.end },
    text: ctx.text.slice(piece.start, piece.end),
    kind: path.some((s) => s.relation !== undefined) ? 'relative' : 'absolute',
    path,
  };
  if (through) reference.through = through;
  if (external) reference.external = external;
  if (antecedent) reference.antecedent = antecedent;
  if (itemContext) reference.itemContext = itemContext;
  if (afterTable) reference.afterTable = true;
  if (implied) reference.implied = implied;
  if (scope) reference.scope = scope;
  ctx.found.push(reference);
  ctx.lineReferences.push(reference);
  return reference;
}

/** Extends the last reference into a range ending at `end`. */
function replace(ctx: Context, reference: ClauseReference, end: number, through: ReferenceStep[]): ClauseReference {
  const updated: ClauseReference = {
    ...reference,
    range: { start: reference.range.start, end },
    text: ctx.text.slice(reference.range.start, end),
    through,
    kind: reference.kind === 'relative' || through.some((s) => s.relation !== undefined) ? 'relative' : 'absolute',
  };
  ctx.found[ctx.found.lastIndexOf(reference)] = updated;
  const k = ctx.lineReferences.lastIndexOf(reference);
  if (k >= 0) ctx.lineReferences[k] = updated;
  return updated;
}
