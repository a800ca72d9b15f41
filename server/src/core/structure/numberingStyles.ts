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
import { PatternsByFirstUnit } from '../text/firstCodeUnits';

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
  | 'annex'
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
/**
 * After an English division label: not a lower-case word (`Article 5 of the Convention`,
 * `Annex 1 of this Memorandum` are running text) and not a bracket right after the number
 * (`Article 3(2)`).
 */
const AFTER_EN_HEADING = '(?![A-Za-z0-9])(?!\\()(?![ \\t]*[a-z])';

const IROHA = 'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス';
/** Katakana in gojūon order, as 通達 and 了解事項 letter their lists (ア イ ウ エ オ カ …). */
const GOJUON = 'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン';
/** The digits and kanji numerals of a 第N division without a unit word (第一　総則, 第２　目的). */
const DAI_NUMBER = '[0-9０-９一二三四五六七八九十]{1,4}';

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
    pattern: new RegExp(`^((?:PART|Part)[ \\t]+(?:[0-9]{1,3}|[IVXLC]{1,8}))${AFTER_EN_HEADING}`),
    read: (l) => digitsIn(l) ?? romanIn(l.replace(/^(PART|Part)/, '')),
  },
  {
    id: 'en-chapter',
    unit: 'chapter',
    rank: 20,
    pattern: new RegExp(`^((?:CHAPTER|Chapter)[ \\t]+(?:[0-9]{1,3}|[IVXLC]{1,8}))${AFTER_EN_HEADING}`),
    read: (l) => digitsIn(l) ?? romanIn(l.replace(/^(CHAPTER|Chapter)/, '')),
  },
  {
    id: 'en-section',
    unit: 'section',
    rank: 30,
    pattern: new RegExp(`^((?:SECTION|Section)[ \\t]+[0-9]{1,3}(?:\\.[0-9]{1,3}){0,3})${AFTER_EN_HEADING}`),
    read: dottedNumbers,
  },
  {
    id: 'en-article',
    unit: 'article',
    rank: 60,
    pattern: new RegExp(
      `^((?:ARTICLE|Article)[ \\t]+(?:[0-9]{1,3}(?:\\.[0-9]{1,3}){0,3}|[IVXLC]{1,8}))${AFTER_EN_HEADING}`,
    ),
    read: (l) => dottedNumbers(l) ?? romanIn(l.replace(/^(ARTICLE|Article)/, '')),
  },
  {
    // 第一　総則: the top divisions of a 要綱 or 通達, numbered without a unit word.
    id: 'ja-dai',
    unit: 'numbered',
    pattern: new RegExp(`^(第${DAI_NUMBER})(?=[ \\u3000])`),
    read: (l) => {
      const n = parseJapaneseNumber(l.slice(1));
      return n === undefined ? undefined : [n];
    },
  },
  {
    // § 511.205b: a section of a code, with its branch letter as a last number.
    id: 'section-sign',
    unit: 'section',
    rank: 30,
    pattern: /^(§{1,2}[ \t]?[0-9]{1,5}(?:[.-][0-9]{1,5}){0,3}[a-z]?)(?![0-9A-Za-z])/,
    read: (l) => {
      const numbers = (l.match(/[0-9]+/g) ?? []).map(Number);
      const branch = /[a-z]$/.exec(l);
      if (branch) numbers.push(branch[0].charCodeAt(0) - 96);
      return numbers.length > 0 ? numbers : undefined;
    },
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
    // ア　イ　ウ: katakana items in gojūon order. Every katakana letter is also an iroha letter;
    // the list around it tells which (see `parseClauseStructure`).
    id: 'ja-katakana',
    unit: 'subitem',
    pattern: new RegExp(`^([${GOJUON}])(?=[ \\u3000])`),
    read: (l) => [GOJUON.indexOf(l) + 1],
  },
  {
    id: 'paren-iroha',
    unit: 'numbered',
    pattern: new RegExp(`^([(（][${IROHA}][)）])`),
    read: (l) => [IROHA.indexOf(l.charAt(1)) + 1],
  },
  {
    id: 'paren-katakana',
    unit: 'numbered',
    pattern: new RegExp(`^([(（][${GOJUON}][)）])`),
    read: (l) => [GOJUON.indexOf(l.charAt(1)) + 1],
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
    // A. …, and A.A new General Ruling (no space after the label): a capital letter and a full
    // stop before a word, not an initial of a name (L. I. Brezhnev) nor an abbreviation (U.S.).
    id: 'letter-period',
    unit: 'numbered',
    pattern: /^([A-Z][.．])(?=[ \t]+(?![A-Z][.．])\S|[A-Z][a-z]|[A-Z][ \t])/,
    read: letterIn,
  },
  {
    id: 'lower-roman-period',
    unit: 'numbered',
    pattern: /^([ivx]{1,6}[.．])(?=[ \t])/,
    read: romanIn,
  },
  {
    id: 'lower-letter-period',
    unit: 'numbered',
    pattern: /^([a-z][.．])(?=[ \t])/,
    read: letterIn,
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
    id: 'roman-close-paren',
    unit: 'numbered',
    pattern: /^([ivx]{1,6}[)）])(?=[ \t\u3000])/,
    read: romanIn,
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
export const DIVISION_HEADINGS: readonly RegExp[] = [/^附[ \u3000]*則/, /^前文$/, /^(?:PREAMBLE|Preamble)$/];

/**
 * The heading of an attachment: an annex, appendix or schedule of a treaty, the statutes of a
 * body it sets up, or a 別紙, 別表, 別添, 別記 or 様式 of a Japanese instrument, in any of the
 * brackets they are written in (【別紙１】, （別表１）). Group 1 is the designation without
 * its brackets. An attachment opens a part of the text with its own numbering; its title is
 * the rest of the line. A designation followed by a lower-case word is running text
 * (`Annex 1 of this Memorandum`, `ANNEX between the government …`), and one followed by a
 * particle or a verb is a sentence (別紙１に記載の…).
 */
export const ATTACHMENT_HEADING =
  /^[【［[（(]?((?:ANNEX|Annex|APPENDIX|Appendix|SCHEDULE|Schedule|ATTACHMENT|Attachment|EXHIBIT|Exhibit)(?:[ \t]+(?:No\.[ \t]*)?(?:[0-9]{1,3}|[IVXLC]{1,8}|[A-Z])(?![A-Za-z0-9])|(?![ \t]*(?:[a-z0-9(]|(?:[IVXLC]{1,8}|[A-Z])(?![A-Za-z]))))|(?:別紙|別表|別添|別記|様式|付属書|附属書|付表|附表)(?:第?[0-9０-９一二三四五六七八九十]{1,4}(?:[のノ][0-9０-９一二三四五六七八九十]{1,3})?号?(?![0-9０-９一二三四五六七八九十のノ号])|(?![第0-9０-９一二三四五六七八九十])))[】］\]）)]?(?=$|[ \t\u3000:：.．\-–—（(「])(?![ \t]*[a-z])/;

/** The statutes (or statute) of a body a treaty sets up: their own articles follow (STATUTES OF THE …). */
export const STATUTES_HEADING =
  /^(?:THE[ \t]+)?(?:STATUTES?|Statutes?)(?:[ \t]+(?:OF|of)[ \t]+(?:THE|the)[ \t]+\S.*)?$/;

/** Reads the number of an attachment's designation (Annex 2, APPENDIX II, 別紙１, 別表第一の二); empty when unnumbered. */
export function readAttachmentNumber(designation: string): number[] {
  const ja = /[0-9０-９一二三四五六七八九十]+(?:[のノ][0-9０-９一二三四五六七八九十]+)?/.exec(
    designation.replace(/^(?:別紙|別表|別添|別記|様式|付属書|附属書|付表|附表)第?/, ''),
  );
  if (/^(?:別|様|付|附)/.test(designation)) {
    if (!ja) return [];
    const numbers = ja[0].split(/[のノ]/).map((p) => parseJapaneseNumber(p));
    return numbers.every((n): n is number => n !== undefined) ? numbers : [];
  }
  const written = /[ \t](?:No\.[ \t]*)?([0-9]{1,3}|[IVXLC]{1,8}|[A-Z])$/.exec(designation)?.[1];
  if (written === undefined) return [];
  if (/^[0-9]+$/.test(written)) return [Number(written)];
  const roman =
    /^[IVXLC]+$/.test(written) && written !== 'C' && written !== 'D' ? parseRomanNumeral(written) : undefined;
  if (roman !== undefined) return [roman];
  return written.length === 1 ? [written.charCodeAt(0) - 64] : [];
}

/**
 * The field lines of the formatted texts of the manytreaties dataset (`MainText:`,
 * `AppendixText:`, `AnnexText:`, each followed by its text or `NA`): they say where the
 * instrument's text, its appendices and its annexes are. An appendix or annex field opens a
 * part of its own; the field line itself is no unit.
 */
export const PART_FIELD = /^(Main|Appendix|Annex)Text:$/;

/** Lines that mark where a list begins or ends and are no unit of their own: 記 (as follows) and 以上 (end). */
export const LIST_MARKER = /^(?:記|以[ \u3000]?上)$/;

/** The heading of a table of contents. */
export const TABLE_OF_CONTENTS_HEADING = /^目[ \u3000]*次$/;

/** A line that belongs to a table of contents: a division heading with its article span. */
export const TABLE_OF_CONTENTS_ENTRY = new RegExp(`^(?:第${NUM}{1,6}(?:編|章|節|款|目)|附[ \\u3000]*則|別表)`);

/**
 * An English division label that heads a unit (`ARTICLE II`, `Article 2.`, `Section 1 Scope`,
 * `APPENDIX I`, `Annex 2`): the label with its number, not followed by a lower-case word. Used
 * by the layout to tell a heading line from a wrapped sentence that happens to begin with the
 * word (`Annex 1 of this Memorandum of Understanding;`).
 */
export const EN_DIVISION_LABEL =
  /^(?:(?:ARTICLE|Article|SECTION|Section|CHAPTER|Chapter|PART|Part)[ \t]+(?:[0-9]{1,3}(?:\.[0-9]{1,3}){0,3}|[IVXLC]{1,8})|(?:ANNEX|Annex|APPENDIX|Appendix|SCHEDULE|Schedule)(?:[ \t]+(?:[0-9]{1,3}|[IVXLC]{1,8}|[A-Z])(?![A-Za-z0-9])|(?![ \t]*(?:[a-z0-9(]|(?:[IVXLC]{1,8}|[A-Z])(?![A-Za-z])))))(?![A-Za-z0-9])(?!\()(?![ \t]*[a-z])/;

/**
 * The forms that begin a unit whatever the line above says: a division heading, a statute
 * article, paragraph or item, a caption, an attachment, a list marker or a bullet. A line
 * that begins so is never the continuation of a wrapped line.
 */
const UNIT_BY_FORM: readonly RegExp[] = [
  EN_DIVISION_LABEL,
  // A Japanese text is not wrapped before 第N条: a line beginning so is a unit (第三十条及ビ第三十一条　削除 too).
  new RegExp(`^第${NUM}{1,6}(?:編|章|節|款|目|条)`),
  /^附[ \u3000]*則/,
  /^[0-9０-９]{1,3}\u3000/,
  /^[一二三四五六七八九十]{1,5}\u3000/,
  /^[（(][^）)]{1,40}[）)]$/,
  /^[\u2460-\u2473]/,
  /^(?:[・○●◯■□◆◇▪※•]|[-‐－*o。][ \t\u3000])/,
  /^§/,
  LIST_MARKER,
  TABLE_OF_CONTENTS_HEADING,
  ATTACHMENT_HEADING,
];

/** The line begins with a clause label of some style (a reading of it, not yet a clause). */
/** The numbering styles by the first character of a text: only those that can match it are tried. */
export const STYLES_BY_FIRST_UNIT = new PatternsByFirstUnit(NUMBERING_STYLES, (style) => style.pattern);
const UNIT_FORMS_BY_FIRST_UNIT = new PatternsByFirstUnit(UNIT_BY_FORM, (form) => form);

export function startsWithLabel(line: string): boolean {
  for (const style of STYLES_BY_FIRST_UNIT.candidates(line)) if (style.pattern.test(line)) return true;
  return false;
}

export function startsUnitByForm(line: string): boolean {
  for (const form of UNIT_FORMS_BY_FIRST_UNIT.candidates(line)) if (form.test(line)) return true;
  return false;
}

/**
 * The labels a unit may begin with inside a line (a whole agreement on one line): numbered
 * paragraphs and lettered items. Roman numerals are left out: `(i)` inside a sentence is far
 * more often an enumeration than a unit.
 */
export const RUN_IN_LABELS: ReadonlyArray<{ id: string; pattern: RegExp; read: (label: string) => number }> = [
  { id: 'decimal-period', pattern: /^[0-9]{1,3}\.(?=[ \t])/, read: (l) => Number.parseInt(l, 10) },
  { id: 'paren-decimal', pattern: /^\([0-9]{1,3}\)(?=[ \t])/, read: (l) => Number.parseInt(l.slice(1), 10) },
  { id: 'lower-letter-period', pattern: /^[a-z]\.(?=[ \t])/, read: (l) => l.charCodeAt(0) - 96 },
  { id: 'paren-letter', pattern: /^\([a-z]\)(?=[ \t])/, read: (l) => l.charCodeAt(1) - 96 },
  { id: 'letter-close-paren', pattern: /^[a-z]\)(?=[ \t])/, read: (l) => l.charCodeAt(0) - 96 },
];
