/**
 * The numbering styles a clause label can be written in, as a table: adding a style is
 * adding a row, not a branch in the parser. Each style matches at the start of a line (after
 * indentation) and says how to read its number.
 *
 * `rank` places the statute-like divisions in their fixed order (編 above 章 above 節 … above
 * 条 above 項 above 号): a ranked clause closes every open clause of the same or a lower
 * division. Styles without a rank nest the way a reader nests lists, by order of first
 * appearance (see `parseClauseStructure`).
 */
import { parseCircledNumber, parseJapaneseNumber, parseRomanNumeral } from '../text/japaneseNumerals';

/** What kind of unit a clause is, for the outline and for resolving references later. */
export type ClauseUnit =
  | 'part'
  | 'chapter'
  | 'section'
  | 'subsection'
  | 'division'
  | 'article'
  | 'paragraph'
  | 'item'
  | 'subitem'
  | 'numbered'
  | 'heading';

export interface NumberingStyle {
  /** Stable identifier, also used to tell sibling sequences apart. */
  readonly id: string;
  readonly unit: ClauseUnit;
  /** Fixed order of statute-like divisions; smaller is higher. */
  readonly rank?: number;
  /**
   * Matches a label at the very start of the text after indentation. Group 1 is the label
   * as written. The pattern must be anchored with `^` and linear on any input.
   */
  readonly pattern: RegExp;
  /** Reads the normalised number of a label, e.g. 第五条の二 → [5, 2]; undefined if unreadable. */
  readonly read: (label: string) => number[] | undefined;
}

/** Digits of every script that Japanese texts number clauses with. */
const NUM = '[0-9０-９〇一二三四五六七八九十百千]';
/** What may follow a label: white space, the end of the line, or (for Japanese labels) a bracketed caption. */
const AFTER_JA = '(?=[ \\t\\u3000]|$|[（(])';
const AFTER_PUNCT = '(?=[ \\t\\u3000]|$|[^0-9０-９.．])';
const AFTER_EN = '(?![A-Za-z0-9])';

const IROHA = 'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス';

/** Reads 第五条の二 style labels: the main number and every の branch. */
function readDaiLabel(label: string): number[] | undefined {
  const parts = label
    .replace(/^第/, '')
    .replace(/(編|章|節|款|目|条)/, '')
    .replace(/まで$/, '')
    .split(/[のノ]/);
  const numbers = parts.map((p) => parseJapaneseNumber(p));
  return numbers.every((n): n is number => n !== undefined) ? numbers : undefined;
}

function digitsIn(label: string): number[] | undefined {
  const match = /[0-9０-９]+/.exec(label);
  const n = match ? parseJapaneseNumber(match[0]) : undefined;
  return n === undefined ? undefined : [n];
}

function kanjiIn(label: string): number[] | undefined {
  const match = /[〇一二三四五六七八九十百千]+/.exec(label);
  const n = match ? parseJapaneseNumber(match[0]) : undefined;
  return n === undefined ? undefined : [n];
}

function romanIn(label: string): number[] | undefined {
  const match = /[IVXLCDMivxlcdmⅠ-Ⅻⅰ-ⅻ]+/.exec(label);
  const n = match ? parseRomanNumeral(match[0]) : undefined;
  return n === undefined ? undefined : [n];
}

function letterIn(label: string): number[] | undefined {
  const match = /[A-Za-zＡ-Ｚａ-ｚ]/.exec(label);
  if (!match) return undefined;
  const c = match[0].normalize('NFKC').toLowerCase();
  return [c.charCodeAt(0) - 96];
}

function dottedNumbers(label: string): number[] | undefined {
  const parts = label.normalize('NFKC').match(/[0-9]+/g);
  return parts ? parts.map(Number) : undefined;
}

function divisionStyle(id: string, unit: ClauseUnit, word: string, rank: number): NumberingStyle {
  const single = `第${NUM}{1,6}${word}(?:[のノ]${NUM}{1,4}){0,3}`;
  // Deleted spans are written as one line: 第四十条から第四十二条まで　削除, 第四条及び第五条　削除.
  const span = `(?:(?:から|及び|及ビ|及)${single}(?:まで)?)?`;
  return {
    id,
    unit,
    rank,
    pattern: new RegExp(`^(${single}${span})${AFTER_JA}`),
    read: (label) => readDaiLabel(label.split(/から|及[びビ]?/)[0] ?? label),
  };
}

/** For a label that spans several clauses (第四十条から第四十二条まで), the number of the last one. */
export function readSpanEnd(label: string): number[] | undefined {
  const parts = label.split(/から|及[びビ]?/);
  return parts.length > 1 ? readDaiLabel((parts[parts.length - 1] ?? '').replace(/まで$/, '')) : undefined;
}

/**
 * Every style, in the order they are tried: more specific patterns come first so that, for
 * instance, `(i)` is tried as a Roman numeral before a letter.
 */
export const NUMBERING_STYLES: readonly NumberingStyle[] = [
  divisionStyle('ja-part', 'part', '編', 10),
  divisionStyle('ja-chapter', 'chapter', '章', 20),
  divisionStyle('ja-section', 'section', '節', 30),
  divisionStyle('ja-subsection', 'subsection', '款', 40),
  divisionStyle('ja-division', 'division', '目', 50),
  divisionStyle('ja-article', 'article', '条', 60),
  {
    id: 'en-part',
    unit: 'part',
    rank: 10,
    pattern: new RegExp(`^((?:PART|Part)[ \\t]+(?:[0-9]{1,3}|[IVXLC]{1,8}))${AFTER_EN}`),
    read: (l) => digitsIn(l) ?? romanIn(l.replace(/^(PART|Part)/, '')),
  },
  {
    id: 'en-chapter',
    unit: 'chapter',
    rank: 20,
    pattern: new RegExp(`^((?:CHAPTER|Chapter)[ \\t]+(?:[0-9]{1,3}|[IVXLC]{1,8}))${AFTER_EN}`),
    read: (l) => digitsIn(l) ?? romanIn(l.replace(/^(CHAPTER|Chapter)/, '')),
  },
  {
    id: 'en-section',
    unit: 'section',
    rank: 30,
    pattern: new RegExp(`^((?:SECTION|Section)[ \\t]+[0-9]{1,3}(?:\\.[0-9]{1,3}){0,3})${AFTER_EN}`),
    read: dottedNumbers,
  },
  {
    id: 'en-article',
    unit: 'article',
    rank: 60,
    pattern: new RegExp(`^((?:ARTICLE|Article)[ \\t]+(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){0,3}|[IVXLC]{1,8}))${AFTER_EN}`),
    read: (l) => dottedNumbers(l) ?? romanIn(l.replace(/^(ARTICLE|Article)/, '')),
  },
  {
    // Statute paragraphs: a number followed by an ideographic space (２　…).
    id: 'ja-paragraph',
    unit: 'paragraph',
    rank: 70,
    pattern: /^([0-9０-９]{1,3})(?=\u3000)/,
    read: digitsIn,
  },
  {
    // Statute items: a kanji numeral followed by an ideographic space (一　…).
    id: 'ja-item',
    unit: 'item',
    rank: 80,
    pattern: /^([一二三四五六七八九十百]{1,5}(?:の[一二三四五六七八九十]{1,3}){0,2})(?=\u3000)/,
    read: (label) => {
      const numbers = label.split('の').map((part) => parseJapaneseNumber(part));
      return numbers.every((n): n is number => n !== undefined) ? numbers : undefined;
    },
  },
  {
    id: 'ja-iroha',
    unit: 'subitem',
    rank: 90,
    pattern: new RegExp(`^([${IROHA}])(?=\\u3000)`),
    read: (l) => [IROHA.indexOf(l) + 1],
  },
  {
    id: 'decimal-multilevel',
    unit: 'numbered',
    pattern: /^([0-9０-９]{1,3}(?:[.．][0-9０-９]{1,3}){1,4}[.．]?)(?=[ \t\u3000]|$)/,
    read: dottedNumbers,
  },
  {
    id: 'decimal-period',
    unit: 'numbered',
    pattern: new RegExp(`^([0-9０-９]{1,3}[.．])${AFTER_PUNCT}`),
    read: digitsIn,
  },
  {
    id: 'roman-period',
    unit: 'numbered',
    pattern: new RegExp(`^([IVXLC]{1,8}[.．]|[Ⅰ-Ⅻ][.．]?)${AFTER_PUNCT}`),
    read: romanIn,
  },
  {
    id: 'kanji-comma',
    unit: 'numbered',
    pattern: /^([一二三四五六七八九十]{1,3}[、，])/,
    read: kanjiIn,
  },
  {
    id: 'paren-decimal',
    unit: 'numbered',
    pattern: /^([(（][0-9０-９]{1,3}[)）])/,
    read: digitsIn,
  },
  {
    id: 'paren-kanji',
    unit: 'numbered',
    pattern: /^([(（][一二三四五六七八九十]{1,3}[)）])/,
    read: kanjiIn,
  },
  {
    id: 'paren-roman',
    unit: 'numbered',
    pattern: /^([(（](?:[ivxlc]{1,6}|[ⅰ-ⅻ])[)）])/,
    read: romanIn,
  },
  {
    id: 'paren-letter',
    unit: 'numbered',
    pattern: /^([(（][a-zａ-ｚ][)）])/,
    read: letterIn,
  },
  {
    id: 'paren-upper-letter',
    unit: 'numbered',
    pattern: /^([(（][A-ZＡ-Ｚ][)）])/,
    read: letterIn,
  },
  {
    id: 'decimal-close-paren',
    unit: 'numbered',
    pattern: /^([0-9０-９]{1,3}[)）])/,
    read: digitsIn,
  },
  {
    id: 'letter-close-paren',
    unit: 'numbered',
    pattern: /^([a-z][)）])(?=[ \t\u3000])/,
    read: letterIn,
  },
  {
    id: 'circled',
    unit: 'numbered',
    pattern: /^([\u2460-\u2473\u3251-\u325f\u32b1-\u32bf])/,
    read: (l) => {
      const n = parseCircledNumber(l);
      return n === undefined ? undefined : [n];
    },
  },
];

/**
 * Bullet markers: the lines they start are items of a list, not numbered clauses. `o` and
 * `。` followed by a space are how bullets often survive a PDF-to-text conversion.
 */
export const BULLET_PATTERN = /^(?:[-‐－・○●◯■□◆◇▪※*•]|[o。](?=[ \t\u3000]))/;

/**
 * Unnumbered headings that always open a new top-level division, whatever came before:
 * supplementary provisions, tables, a preamble. `目次` (table of contents) is handled apart,
 * because its entries repeat the headings that follow it.
 */
export const DIVISION_HEADINGS: readonly RegExp[] = [
  /^附[ \u3000]*則/,
  /^別表/,
  /^前文$/,
  /^(?:ANNEX|Annex)(?![A-Za-z])/,
];

/** The heading of a table of contents. */
export const TABLE_OF_CONTENTS_HEADING = /^目[ \u3000]*次$/;

/** A line that belongs to a table of contents: a division heading with its article span. */
export const TABLE_OF_CONTENTS_ENTRY = new RegExp(`^(?:第${NUM}{1,6}(?:編|章|節|款|目)|附[ \\u3000]*則|別表)`);
