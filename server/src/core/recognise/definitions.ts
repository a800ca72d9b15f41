/**
 * Definitions: the abbreviations and defined terms a document introduces, in the forms of
 * `gold/GUIDELINES.md`:
 *
 * - `宇宙航空研究開発機構(JAXA)`, `Asia Zero Emission Community (AZEC)`: a name, then an acronym in brackets;
 * - `JAXA(宇宙航空研究開発機構)`: an acronym, then its name in brackets;
 * - `（以下「両者」という。）`, `(hereinafter referred to as "the Participants")`;
 * - `the Republic of Korea (“Korea”)`.
 *
 * Both half- and full-width brackets count. A definition knows its term, its expansion and
 * where both are. Pure and linear: one pass over the brackets of each line.
 */
import { LineIndex } from '../text/lineIndex';
import {
  foldLatin,
  codePointAt,
  codePointBefore,
  isAsciiLetter,
  isHiragana,
  isInlineSpace,
  isKanji,
  isKatakana,
  isLatinAlphanumeric,
} from '../text/characterClasses';
import type { Definition, TextRange } from '../types';

/** An acronym or short Latin term: `AI`, `L/A`, `AEO MRA`, `REDD+`, `AFoCO`, `UNCLOS 1982`, `Meet Korea`. */
const TERM_PATTERN = /^[A-Za-z][A-Za-z0-9+&/.-]{0,11}(?: [A-Za-z0-9+&/.-]{1,12}){0,2}$/;
const HEREINAFTER_JA =
  /^以下(?:単に|、)?[「『]([^」』]{1,40})[」』][ \u3000]*(?:と(?:いう|総称する|称する|略称する))?。?$/;
const HEREINAFTER_EN =
  /^(?:hereinafter|hereafter)(?:,)?(?: (?:referred to as|called|collectively referred to as|jointly referred to as))?(?:,)? (?:the )?["“]([^"”]{1,40})["”]$/i;
/** `(hereinafter referred to as the Parties)`: the term unquoted, a capitalised phrase after the article. */
const HEREINAFTER_EN_UNQUOTED =
  /^(?:hereinafter|hereafter)(?:,)? (?:referred to as|called|collectively referred to as|jointly referred to as) ((?:the )?[A-Z][A-Za-z0-9-]*(?: [A-Z][A-Za-z0-9-]*){0,3})$/;
/** A bracketed file note, not a term: (PDF/44KB), (Word/120KB), (PDF). */
const FILE_NOTE = /^(?:PDF|DOCX?|XLSX?|PPTX?|ZIP|HTML?|CSV|TXT|Word|Excel|PowerPoint)?\/[0-9.,]+ ?[KMG]?B$/i;
/** The words that end the name of an instrument, for the expansion of a defined instrument term. */
const EN_INSTRUMENT_HEAD =
  /\b(?:Agreement|Convention|Treaty|Protocol|Memorandum|Arrangement|Charter|Covenant|Statutes?|Declaration|Plan)\b/;
const QUOTED_EN = /^(?:the )?["“]([^"”]{1,40})["”]$/;
/**
 * Phrases in hiragana that occur inside names (`インド太平洋に関するASEANアウトルック`), so the
 * search for where a name begins may cross them.
 */
const NAME_CONNECTIVES = ['に関する', 'における', 'のための', 'に係る', 'による', 'に基づく', 'に対する'];
/** Words that open a noun phrase but are not part of the name it defines. */
const LEADING_DEMONSTRATIVES = /^(?:この|その|本|当該|上記の|前記の)/;
const ENGLISH_STOPWORDS = new Set([
  'of',
  'the',
  'and',
  'for',
  'on',
  'in',
  'to',
  'de',
  'du',
  'la',
  '&',
  'against',
  'with',
]);

export interface DefinitionOptions {
  /**
   * Where each clause label ends, in order: an expansion never reaches back over the label
   * of its line (第２条　日本年金機構（以下「機構」という。） defines 機構 as 日本年金機構).
   */
  readonly labelEnds?: readonly number[];
  /**
   * The names the registry knows an acronym by: after a coordination (情報技術と人工知能(AI)),
   * an acronym stands for the name it is known by when the text ends with it.
   */
  readonly knownNames?: (term: string) => readonly string[];
}

export function recogniseDefinitions(
  text: string,
  lines: LineIndex = new LineIndex(text),
  options: DefinitionOptions = {},
): Definition[] {
  const found: Array<Omit<Definition, 'line' | 'term' | 'expansion'>> = [];
  // Full-width letters (ＶＮＳＣ) are read as ASCII; the fold keeps every offset, and terms
  // and expansions are taken from the text as written.
  const folded = foldLatin(text);
  const context: ReadContext = {
    text: folded,
    lines,
    labelEnds: options.labelEnds ?? [],
    oldStyle: isOldStyleJapanese(text),
    knownNames: options.knownNames ?? (() => []),
  };
  for (const bracket of findBrackets(folded)) {
    const definition = readDefinition(context, bracket);
    if (definition) found.push(definition);
  }
  for (const definition of meansDefinitions(context)) found.push(definition);
  found.sort((a, b) => a.termRange.start - b.termRange.start);
  return found.map((definition) => ({
    ...definition,
    // A term wrapped over a line break reads with one space: "THE⏎  PARTIES" is THE PARTIES.
    term: text.slice(definition.termRange.start, definition.termRange.end).replace(/\s+/g, ' '),
    expansion: text.slice(definition.expansionRange.start, definition.expansionRange.end).replace(/\s+/g, ' '),
    line: lines.positionAt(definition.termRange.start).line,
  }));
}

interface ReadContext {
  readonly text: string;
  readonly lines: LineIndex;
  readonly labelEnds: readonly number[];
  /** Older statutes write okurigana and particles in katakana (対処スル, 土砂ノ崩壊). */
  readonly oldStyle: boolean;
  readonly knownNames: (term: string) => readonly string[];
}

/**
 * Statutes of the Meiji to early Shōwa eras write in katakana what modern Japanese writes in
 * hiragana: a text with many 〜ノ〜 and 〜スル between kanji is one of them.
 */
export function isOldStyleJapanese(text: string): boolean {
  const sample = text.length > 40_000 ? text.slice(0, 40_000) : text;
  let count = 0;
  for (const _ of sample.matchAll(/[\u4e00-\u9fff](?:ノ|スル|シタ|セラ|ニ於テ|ニ依リ|ヲ)[\u4e00-\u9fff]/g))
    if (++count >= 5) return true;
  return false;
}

/** The end of the label on the line of `offset`, when a label stands before it there. */
function labelFloor(context: ReadContext, offset: number): number {
  const { labelEnds, lines } = context;
  let lo = 0;
  let hi = labelEnds.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (labelEnds[mid]! <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0) return 0;
  const end = labelEnds[found]!;
  return lines.positionAt(end).line === lines.positionAt(offset).line ? end : 0;
}

interface Bracket {
  readonly open: number;
  readonly close: number;
  /** Offsets of the content, inside the brackets. */
  readonly inner: TextRange;
}

/** Innermost bracket pairs on one line, half- or full-width, with at most 80 characters inside. */
function findBrackets(text: string): Bracket[] {
  const brackets: Bracket[] = [];
  let open = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charAt(i);
    if (c === '(' || c === '（') open = i;
    else if ((c === ')' || c === '）') && open >= 0) {
      if (i - open - 1 <= 80) brackets.push({ open, close: i, inner: { start: open + 1, end: i } });
      open = -1;
    } else if (c === '\n' || c === '\r') open = -1;
  }
  return brackets;
}

type FoundDefinition = Omit<Definition, 'line' | 'term' | 'expansion'>;

function readDefinition(context: ReadContext, bracket: Bracket): FoundDefinition | undefined {
  const { text } = context;
  const content = text.slice(bracket.inner.start, bracket.inner.end);
  const trimmed = content.trim();
  const contentStart = bracket.inner.start + content.indexOf(trimmed);
  if (FILE_NOTE.test(trimmed)) return undefined;

  const hereinafter =
    HEREINAFTER_JA.exec(trimmed) ?? HEREINAFTER_EN.exec(trimmed) ?? HEREINAFTER_EN_UNQUOTED.exec(trimmed);
  if (hereinafter?.[1]) {
    const written = hereinafter[1];
    const writtenStart = contentStart + trimmed.lastIndexOf(written);
    // "the IAEA" is the acronym IAEA; "the Parties" keeps its article.
    const article = /^the (?=[A-Z][A-Z0-9&/.+-]+$)/.exec(written);
    const termStart = writtenStart + (article ? article[0].length : 0);
    const termRange = { start: termStart, end: writtenStart + written.length };
    const japanese = HEREINAFTER_JA.test(trimmed);
    const expansion = japanese
      ? japanesePhraseBefore(context, bracket.open)
      : EN_INSTRUMENT_HEAD.test(written)
        ? (englishInstrumentBefore(text, bracket.open, written) ?? englishNameBefore(text, bracket.open, undefined))
        : englishNameBefore(text, bracket.open, article ? written.slice(article[0].length) : undefined);
    if (!expansion) return undefined;
    return { termRange, ...expansion, form: 'hereinafter' };
  }

  const quoted = QUOTED_EN.exec(trimmed);
  if (quoted?.[1]) {
    const term = quoted[1];
    const termStart = contentStart + trimmed.indexOf(term);
    const expansion = englishNameBefore(text, bracket.open, undefined);
    if (!expansion) return undefined;
    return { termRange: { start: termStart, end: termStart + term.length }, ...expansion, form: 'quoted-term' };
  }

  const before = skipSpacesBackward(text, bracket.open);
  const previous = codePointBefore(text, before);
  // (ME As) for MEAs: an acronym split by a space in extraction, when the words before spell it.
  const split = /^([A-Z]{1,6}) ([A-Z][a-z]?s?)$/.exec(trimmed);
  if (split && isLatinAlphanumeric(previous)) {
    const joined = `${split[1]}${split[2]}`;
    const words = englishWordsBefore(text, before, 16);
    const first = matchInitials(words, joined);
    if (first !== undefined)
      return {
        termRange: { start: contentStart, end: contentStart + trimmed.length },
        expansionRange: { start: words[first]!.start, end: before },
        form: 'acronym-after',
      };
  }
  if (isTerm(trimmed, previous)) {
    const expansion = QUOTE_CLOSE.includes(previous)
      ? quotedNameBefore(text, before)
      : isLatinAlphanumeric(previous) && !endsJapaneseName(text, before)
        ? englishNameBefore(text, bracket.open, trimmed)
        : japaneseNameBefore(context, before, trimmed);
    if (!expansion || text.slice(expansion.expansionRange.start, expansion.expansionRange.end) === trimmed)
      return undefined;
    return {
      termRange: { start: contentStart, end: contentStart + trimmed.length },
      ...expansion,
      form: 'acronym-after',
    };
  }

  // パワー・アジア (アジア・エネルギー・資源供給力強靱化パートナーシップ): a short katakana name
  // right before its full name, which shares a word with it.
  const shortName = katakanaNameEndingAt(text, before);
  if (shortName && isFullNameOf(trimmed, text.slice(shortName.start, shortName.end))) {
    return {
      termRange: shortName,
      expansionRange: { start: contentStart, end: contentStart + trimmed.length },
      form: 'acronym-before',
    };
  }

  // JAXA(宇宙航空研究開発機構): an acronym right before a bracketed name.
  const acronym = acronymEndingAt(text, before);
  if (acronym && looksLikeName(trimmed)) {
    return {
      termRange: acronym,
      expansionRange: { start: contentStart, end: contentStart + trimmed.length },
      form: 'acronym-before',
    };
  }
  return undefined;
}

const QUOTE_CLOSE = '"”\'’';

/** Latin letters or digits glued to a Japanese word end a Japanese name (地球規模目標2030, 日 ASEAN). */
function endsJapaneseName(text: string, end: number): boolean {
  let i = end;
  while (i > 0 && isLatinAlphanumeric(text.charAt(i - 1)) && end - i < 12) i--;
  const c = codePointBefore(text, i);
  return isKanji(c) || isKatakana(c);
}

/**
 * `text.lastIndexOf(c, from)` for a single code unit, looking no further back than `floor`
 * (-1 when it is not there): a caller that only wants a match near `from` must not search a
 * whole one-line document back to its start for each candidate.
 */
function lastIndexDownTo(text: string, c: string, from: number, floor: number): number {
  const code = c.charCodeAt(0);
  for (let i = Math.min(Math.max(from, 0), text.length - 1); i >= Math.max(floor, 0); i--)
    if (text.charCodeAt(i) === code) return i;
  return -1;
}

/** `"On-Scene Coordinator" (OSC)`, `'Advisory and Liaison Coordinator' (ALC)`: the quoted name before the acronym. */
function quotedNameBefore(text: string, close: number): { expansionRange: TextRange } | undefined {
  const closing = text.charAt(close - 1);
  const opening = closing === '”' ? '“' : closing === '’' ? '‘' : closing;
  const floor = Math.max(0, close - 120);
  const lineStart = Math.max(lastIndexDownTo(text, '\n', close - 2, floor) + 1, close - 120);
  const open = lastIndexDownTo(text, opening, close - 2, lineStart);
  if (open < lineStart) return undefined;
  const start = open + 1;
  const end = close - 1;
  const name = text.slice(start, end);
  return /[A-Za-z]{2}/.test(name) && name.trim() === name ? { expansionRange: { start, end } } : undefined;
}

/**
 * The instrument a defined instrument term stands for (`the Agreement between the Government
 * of … and the IAEA for the application of safeguards …, concluded on 21 February 1985
 * (hereinafter referred to as "the 1985 Safeguards Agreement")`): from the last instrument word
 * that opens a title (Agreement between, Convention on, Treaty of …) in the sentence, to the bracket.
 */
function englishInstrumentBefore(
  text: string,
  bracketOpen: number,
  term: string,
): { expansionRange: TextRange } | undefined {
  const end = skipSpacesBackward(text, bracketOpen);
  const from = Math.max(0, end - 400);
  const window = text.slice(from, end);
  // The sentence the definition is in: after its last full stop or semicolon.
  const sentenceStart = Math.max(window.lastIndexOf('. '), window.lastIndexOf(';'), window.lastIndexOf('\n\n')) + 1;
  // The instrument word the term ends with (the 1974 Safeguards Agreement → Agreement).
  const head = /(Agreement|Convention|Treaty|Protocol|Memorandum|Arrangement|Charter|Covenant)\W*$/.exec(term)?.[1];
  if (!head) return undefined;
  let start: number | undefined;
  for (const m of window
    .slice(sentenceStart)
    .matchAll(new RegExp(`\\b${head}\\b(?= (?:between|on|for|of|concerning|relating|regarding|among)\\b)`, 'g')))
    start = from + sentenceStart + m.index;
  if (start === undefined) return undefined;
  // United Nations Framework Convention on …: the capitalised words before the instrument word.
  for (;;) {
    const before = /([A-Z][A-Za-z-]*) $/.exec(text.slice(Math.max(0, start - 40), start));
    if (!before || before[1] === 'The') break;
    start -= before[0].length;
  }
  let stop = end;
  while (stop > start && /[\s,]/.test(text.charAt(stop - 1))) stop--;
  return { expansionRange: { start, end: stop } };
}

/**
 * Definitions in running text: `"Range" means all the areas of water …;`, `the term
 * "equipment" shall mean …`, `"Regional economic integration organisation" (REIO) means …`.
 * The expansion is the definition's wording up to the end of its clause.
 */
function meansDefinitions(context: ReadContext): FoundDefinition[] {
  const { text } = context;
  const found: FoundDefinition[] = [];
  for (const m of text.matchAll(MEANS)) {
    const term = m[2]!;
    const termStart = m.index + m[0].indexOf(term, m[1]!.length);
    const bodyStart = m.index + m[0].length;
    const rest = text.slice(bodyStart, bodyStart + 400);
    // The clause ends at `;`, `.` or `。`, or a blank line; a wording that runs on past 400
    // characters is cut there, never inside a surrogate pair (😀, 𠮷).
    let bodyEnd = bodyStart + (/[;.](?:\s|$)|。|\n\s*\n/.exec(rest)?.index ?? rest.length);
    if (isHighSurrogate(text.charCodeAt(bodyEnd - 1))) bodyEnd--;
    let start = bodyStart;
    while (start < bodyEnd && /\s/.test(text.charAt(start))) start++;
    if (bodyEnd <= start) continue;
    found.push({
      termRange: { start: termStart, end: termStart + term.length },
      expansionRange: { start, end: bodyEnd },
      form: 'means',
    });
  }
  return found;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

const MEANS =
  /(^|[\s(;:])(?:the (?:terms?|expressions?|words?) )?["“']([^"”'\n]{1,60})["”'](?:,? (?:or|and) ["“'][^"”'\n]{1,60}["”'])?(?: \([A-Z][A-Za-z0-9&/.+-]{1,11}\))? (?:means|shall mean|shall have the meaning|refers to|shall refer to)\b/g;

/**
 * A bracketed term of an acronym definition: Latin letters with at least two capitals. A
 * term of several mixed-case words (`Meet Korea`) only follows a Japanese name, since in
 * English text a capitalised phrase in brackets is usually a place or a gloss.
 */
function isTerm(content: string, previous: string): boolean {
  if (!TERM_PATTERN.test(content) || FILE_NOTE.test(content)) return false;
  const capitals = content.replace(/[^A-Z]/g, '').length;
  if (capitals < 2) return false;
  if (/ /.test(content) && /[a-z]/.test(content) && (isLatinAlphanumeric(previous) || previous === '')) return false;
  return previous !== '' && !isInlineSpace(previous);
}

/** A katakana name of two words or more (パワー・アジア) ending exactly at `end`, not glued to other katakana or kanji. */
function katakanaNameEndingAt(text: string, end: number): TextRange | undefined {
  let start = end;
  while (start > 0 && /[\u30a1-\u30fa\u30fc・]/.test(text.charAt(start - 1)) && end - start < 20) start--;
  if (start === end || /[\u30a1-\u30fa\u30fc\u4e00-\u9fff]/.test(text.charAt(start - 1))) return undefined;
  const name = text.slice(start, end);
  return /^[\u30a1-\u30fa\u30fc]{2,}(?:・[\u30a1-\u30fa\u30fc]{2,})+$/.test(name) ? { start, end } : undefined;
}

/** A bracketed full name of a short katakana name: at least twice as long, a name (no particles), sharing one of its words. */
function isFullNameOf(content: string, short: string): boolean {
  if (content.length < short.length * 2 || !/^[\p{Script=Han}\p{Script=Katakana}ー・]+$/u.test(content)) return false;
  return short.split('・').some((word) => word.length >= 2 && content.includes(word));
}

/** A Latin acronym (two or more capitals) ending exactly at `end`, not glued to other letters. */
function acronymEndingAt(text: string, end: number): TextRange | undefined {
  let start = end;
  while (start > 0 && /[A-Za-z0-9+&/.-]/.test(text.charAt(start - 1)) && end - start < 12) start--;
  const candidate = text.slice(start, end);
  if (start > 0 && isLatinAlphanumeric(text.charAt(start - 1))) return undefined;
  if (!/^[A-Z][A-Za-z0-9+&/.-]*$/.test(candidate) || candidate.replace(/[^A-Z]/g, '').length < 2) return undefined;
  return { start, end };
}

/** Bracketed text that can be a full name: no sentence punctuation, not just digits or a date. */
function looksLikeName(content: string): boolean {
  if (content.length < 2 || content.length > 60) return false;
  if (/[。、，,;；:：]/.test(content) || /^[0-9０-９\s./\-～~年月日時分]+$/.test(content)) return false;
  return /[\p{Script=Han}\p{Script=Katakana}A-Za-z]/u.test(content);
}

function skipSpacesBackward(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && isInlineSpace(text.charAt(i - 1))) i--;
  return i;
}

/** A character that can be part of a Japanese name. */
function isJapaneseNameChar(c: string): boolean {
  return (
    isKanji(c) ||
    isKatakana(c) ||
    isLatinAlphanumeric(c) ||
    c === 'ー' ||
    c === '・' ||
    c === '-' ||
    c === '‐' ||
    c === '－' ||
    c === '+' ||
    c === '/' ||
    c === '&'
  );
}

/** Hiragana that end or join a kanji stem inside a word (枠組み, 取決め, 受け入れ), not particles. */
const OKURIGANA = 'みめりしけれえ';
/** Katakana that older statutes write as okurigana (対処スル, 定メタル); not ガ of ガス, not データ. */
const KATAKANA_OKURIGANA = 'スルシタセナリキクケレテツヘムメサラカヒフミ';
/** Katakana used as particles in older statutes (土砂ノ崩壊, 状況ニ対処): they end a name. */
const KATAKANA_PARTICLES = 'ノニヲハヘトガデモヤカ';

/**
 * Where a Japanese name ending at `end` begins: back over kanji, katakana, Latin letters and
 * digits (and single spaces between them, as in `日 ASEAN 科学技術`), over okurigana inside a
 * word (`枠組み`), and across the hiragana phrases in `connectives` when at least three name
 * characters stand before them; it stops at particles, punctuation and brackets.
 */
export function japaneseNameStart(
  text: string,
  end: number,
  connectives: readonly string[] = NAME_CONNECTIVES,
  oldStyle = true,
): number {
  let i = end;
  for (;;) {
    const c = codePointBefore(text, i);
    if (c === '') break;
    if (
      oldStyle &&
      KATAKANA_PARTICLES.includes(c) &&
      isKanji(codePointBefore(text, i - 1)) &&
      !isKatakana(codePointAt(text, i))
    )
      break;
    // Older statutes write okurigana in katakana (対処スル事業): a run of one or two katakana
    // between kanji ends the name.
    if (
      oldStyle &&
      c !== '・' &&
      c !== 'ー' &&
      isKatakana(c) &&
      isKanji(codePointAt(text, i)) &&
      shortKatakanaRunAfterKanji(text, i)
    )
      break;
    if (isJapaneseNameChar(c)) {
      i -= c.length;
      continue;
    }
    // Only a plain space joins the words of a name (日 ASEAN 科学技術); the ideographic
    // space separates a statute's label from its text.
    if (c === ' ' && i < end) {
      const left = codePointBefore(text, i - 1);
      if (left !== '' && isJapaneseNameChar(left)) {
        i -= 1;
        continue;
      }
      break;
    }
    if (isHiragana(c)) {
      if (
        OKURIGANA.includes(c) &&
        isKanji(codePointBefore(text, i - 1)) &&
        (i === end || isKanji(codePointAt(text, i)) || connectives.some((p) => text.startsWith(p, i)))
      ) {
        i -= 1;
        continue;
      }
      const connective = connectives.find((p) => text.startsWith(p, i - p.length));
      if (connective && i < end && nameCharsBefore(text, i - connective.length) >= 3) {
        i -= connective.length;
        continue;
      }
    }
    break;
  }
  // A name does not begin with a separator.
  while (i < end && /[・\-‐－+/& \u3000]/.test(text.charAt(i))) i++;
  return i;
}

/** True when one or two katakana stand right before `offset`, with a kanji before them. */
function shortKatakanaRunAfterKanji(text: string, offset: number): boolean {
  let i = offset;
  let run = 0;
  while (run < 3 && KATAKANA_OKURIGANA.includes(codePointBefore(text, i)) && codePointBefore(text, i) !== '') {
    run++;
    i--;
  }
  return run >= 1 && run <= 2 && isKanji(codePointBefore(text, i));
}

/** How many name characters stand right before `offset` (counted up to 3). */
function nameCharsBefore(text: string, offset: number): number {
  let count = 0;
  let i = offset;
  while (count < 3) {
    const c = codePointBefore(text, i);
    const okurigana = OKURIGANA.includes(c) && isKanji(codePointBefore(text, i - 1));
    if (c === '' || (!isJapaneseNameChar(c) && !okurigana)) break;
    count++;
    i -= c.length;
  }
  return count;
}

/**
 * What an acronym after a Japanese name stands for: the whole name before the bracket, across
 * the particles and phrases that join the words of one long name — の, と, への, における,
 * に関する, a bracketed acronym of a part of it (雇用許可プログラム(EPS)に基づく…に関する覚書(MOU),
 * 南シナ海における当事者の行動宣言(DOC), 炭素貯蔵量の増加(REDD+)) — back to where the sentence
 * or a clause of it begins: punctuation, a particle such as は or が, a verb (…に準拠した), a
 * date (2025年の), a demonstrative, or the label of the clause. After a list of three or more
 * names joined by ・, the acronym stands for the last (科学・技術・イノベーション・デジタルトラン
 * スフォーメーション(DX) → デジタルトランスフォーメーション).
 */
function japaneseNameBefore(
  context: ReadContext,
  end: number,
  acronym: string,
): { expansion: string; expansionRange: TextRange } | undefined {
  const { text, oldStyle } = context;
  let start = japaneseNameStart(text, end, NAME_CONNECTIVES, oldStyle);
  if (start >= end) return undefined;
  const partBefore = (joint: { at: number; coordinates: boolean }): number | undefined => {
    // 雇用許可プログラム(EPS)に基づく…: the acronym of the part before a modifier stays in the
    // name; a name with an acronym of its own before と is a name of its own (JAXA(…)とVNSC).
    const at = (joint.coordinates ? undefined : bracketedAcronymBefore(text, joint.at)) ?? joint.at;
    const next = japaneseNameStart(text, at, NAME_CONNECTIVES, oldStyle);
    return at - next >= 2 && !NOT_A_NAME_BEFORE_JOINT.test(text.slice(next, at)) ? next : undefined;
  };
  for (let k = 0; k < 12; k++) {
    const joint = jointBefore(text, start);
    if (!joint) break;
    // と joins the parts of one name inside a modifier (森林喪失と森林劣化による…プロジェクト); right
    // before the head it joins two names (情報技術と人工知能(AI) defines AI as 人工知能).
    if (joint.coordinates && !NAME_JOINTS.some((j) => j !== 'と' && text.slice(start, end).includes(j))) break;
    const next = partBefore(joint);
    if (next === undefined) break;
    // A short word before a phrase (任期における…) is a name's part only inside a longer name
    // (地球規模の目標のための…): another part must stand before it.
    if (joint.at - next < joint.minimum) {
      const further = jointBefore(text, next);
      if (!further || partBefore(further) === undefined) break;
    }
    start = next;
  }
  // 「自由で開かれたインド太平洋(FOIP)」: a quoted name is the whole quoted text before the acronym.
  // Only the 40 characters before count: a search back through the whole text for a quote
  // would make the recognition quadratic in the length of a text without one.
  const windowStart = Math.max(0, start - 40);
  const window = text.slice(windowStart, start);
  const quoteAt = Math.max(window.lastIndexOf('「'), window.lastIndexOf('『'));
  const quoteOpen = quoteAt < 0 ? -1 : windowStart + quoteAt;
  if (quoteOpen >= 0 && !/[、。「」『』\r\n]/.test(text.slice(quoteOpen + 1, start))) start = quoteOpen + 1;
  start = Math.max(start, labelFloor(context, end));
  const known = context
    .knownNames(acronym)
    .filter((name) => name.length < end - start && text.startsWith(name, end - name.length))
    .sort((a, b) => b.length - a.length)[0];
  if (known) start = end - known.length;
  const list = text.slice(start, end).split('・');
  if (list.length >= 3 && list.every((part) => part.length > 0 && !/[のと]/.test(part)))
    start = end - list[list.length - 1]!.length;
  const expansion = text.slice(start, end);
  return /[\p{Script=Han}\p{Script=Katakana}]/u.test(expansion) || /[a-z]/.test(expansion)
    ? { expansion, expansionRange: { start, end } }
    : undefined;
}

/**
 * What joins two names of one long name, read leftwards from `offset`: where the joint begins,
 * and how many name characters must stand before it (a phrase such as における follows a name
 * of three characters or more, as in `japaneseNameStart`).
 */
function jointBefore(text: string, offset: number): { at: number; minimum: number; coordinates: boolean } | undefined {
  for (const joint of NAME_JOINTS)
    if (text.startsWith(joint, offset - joint.length))
      return { at: offset - joint.length, minimum: joint.length > 2 ? 3 : 2, coordinates: joint === 'と' };
  return undefined;
}

/** The start of a bracketed acronym ending at `offset` ((EPS) of 雇用許可プログラム(EPS)に基づく…). */
function bracketedAcronymBefore(text: string, offset: number): number | undefined {
  const close = text.charAt(offset - 1);
  if (close !== ')' && close !== '）') return undefined;
  const open = Math.max(
    lastIndexDownTo(text, '(', offset - 2, offset - 14),
    lastIndexDownTo(text, '（', offset - 2, offset - 14),
  );
  return open >= 0 && offset - open <= 14 && TERM_PATTERN.test(text.slice(open + 1, offset - 1)) ? open : undefined;
}

/** The particles and phrases that join the parts of one long name; longest first. */
const NAME_JOINTS = ['における', 'に関する', 'のための', 'に基づく', 'に対する', 'による', 'への', 'との', 'の', 'と'];
/**
 * Before a joint, a date, a demonstrative or the parties of a relation (日・ベトナム間の) is not
 * part of the name: 2025年のグリーン成長…, 全ての…, 日・ベトナム間の二国間クレジット制度.
 */
const NOT_A_NAME_BEFORE_JOINT = /(?:[0-9０-９〇一二三四五六七八九十]+年(?:度)?|全て|すべて|各|その|この|同|間)$/;

/**
 * The phrase a `（以下「X」という。）` definition follows: back to the sentence or clause start,
 * never over the label of its clause, and never beginning with the end of an earlier bracket
 * (`（以下「甲」という。）及び国税庁長官官房企画課（以下「乙」という。）` defines 乙 as
 * 国税庁長官官房企画課).
 */
function japanesePhraseBefore(
  context: ReadContext,
  end: number,
): { expansion: string; expansionRange: TextRange } | undefined {
  const { text } = context;
  const stop = skipSpacesBackward(text, end);
  const floor = labelFloor(context, end);
  let start = stop;
  while (start > floor && stop - start < 200) {
    const c = text.charAt(start - 1);
    if ('。、，\n\r「」『』'.includes(c)) break;
    start--;
  }
  // The walk may stop in the middle of an astral character: never start between its halves.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start++;
  for (;;) {
    const leading = LEADING_JUNK.exec(text.slice(start, stop));
    if (!leading || leading[0].length === 0) break;
    start += leading[0].length;
  }
  const demonstrative = LEADING_DEMONSTRATIVES.exec(text.slice(start, stop));
  if (demonstrative) start += demonstrative[0].length;
  return start < stop ? { expansion: text.slice(start, stop), expansionRange: { start, end: stop } } : undefined;
}

/** What a phrase cannot begin with: spaces, the closing bracket of an earlier parenthetical, a conjunction after it. */
const LEADING_JUNK = /^(?:[ \t\u3000]+|[）)]+[ \t\u3000]*(?:及び|並びに|又は|若しくは|と|や|、)?)/;

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

interface Word {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** The English words before `end` on the same line, nearest last, back to a sentence boundary. */
function englishWordsBefore(text: string, end: number, limit: number): Word[] {
  const words: Word[] = [];
  let i = end;
  while (words.length < limit) {
    while (i > 0 && (isInlineSpace(text.charAt(i - 1)) || text.charAt(i - 1) === ',')) i--;
    let start = i;
    while (start > 0 && /[A-Za-z0-9'’\-.&]/.test(text.charAt(start - 1))) start--;
    if (start === i) break;
    let word = text.slice(start, i);
    // A full stop ends a sentence unless it belongs to an abbreviation such as U.S.
    if (word.endsWith('.') && !/^(?:[A-Z]\.)+$/.test(word)) break;
    word = word.replace(/^[.'’]+/, '');
    words.unshift({ start: i - word.length, end: i, text: word });
    i = start;
  }
  return words;
}

/**
 * Where an English name ending at `end` begins. With an acronym, its letters are matched to
 * the initials of the words before it (`official development assistance (ODA)`); otherwise,
 * or when they do not match, the name is the run of capitalised words with the small words
 * between them (`the Japan-ASEAN Science, Technology, and Innovation Cooperation Project`).
 */
function englishNameBefore(
  text: string,
  bracketOpen: number,
  acronym: string | undefined,
): { expansion: string; expansionRange: TextRange } | undefined {
  let end = skipSpacesBackward(text, bracketOpen);
  // GOVERNMENT OF … FEDERATION, (HEREINAFTER …): the comma before the bracket is not the name's.
  while (end > 0 && /[\s,]/.test(text.charAt(end - 1))) end--;
  // Food and Agricultural Organization's (FAO): the possessive is not part of the name.
  if (/['’]s$/.test(text.slice(end - 2, end))) end -= 2;
  const words = englishWordsBefore(text, end, 16);
  if (words.length === 0) return undefined;
  let first = acronym ? matchInitials(words, acronym) : undefined;
  // Conference of the Parties to the Convention (COP): the initials may stop before a
  // prepositional phrase that qualifies the name.
  for (let tail = 1; first === undefined && acronym && tail <= 4 && tail < words.length; tail++) {
    const rest = words.slice(words.length - tail);
    if (!/^(?:to|of|on|for|under|in|at)$/.test(rest[0]!.text)) continue;
    first = matchInitials(words.slice(0, words.length - tail), acronym);
  }
  if (first === undefined) {
    first = words.length;
    for (let k = words.length - 1; k >= 0; k--) {
      const w = words[k]!.text;
      if (/^[A-Z0-9]/.test(w)) first = k;
      else if (ENGLISH_STOPWORDS.has(w.toLowerCase()) && k > 0 && /^[A-Z0-9]/.test(words[k - 1]!.text)) continue;
      else break;
    }
    while (first < words.length && ENGLISH_STOPWORDS.has(words[first]!.text.toLowerCase())) first++;
    if (first >= words.length) return undefined;
  }
  const start = words[first]!.start;
  return { expansion: text.slice(start, end), expansionRange: { start, end } };
}

/** Index of the word where the acronym's letters, read right to left, start; undefined if they do not fit. */
function matchInitials(words: readonly Word[], acronym: string): number | undefined {
  // CERUs, RFMOs: the plural s is no initial.
  const letters = acronym
    .replace(/(?<=[A-Z0-9])s$/, '')
    .replace(/[^A-Za-z]/g, '')
    .toUpperCase();
  if (letters.length < 2) return undefined;
  // Hyphenated words contribute one initial per part: Japan-ASEAN → J, A.
  const initials: Array<{ letter: string; word: number; small: boolean }> = [];
  words.forEach((w, index) => {
    for (const part of w.text.split('-')) {
      if (part.length === 0) continue;
      initials.push({
        letter: part.charAt(0).toUpperCase(),
        word: index,
        small: ENGLISH_STOPWORDS.has(part.toLowerCase()),
      });
    }
  });
  let li = letters.length - 1;
  let k = initials.length - 1;
  let firstWord: number | undefined;
  while (li >= 0 && k >= 0) {
    const initial = initials[k]!;
    if (initial.letter === letters.charAt(li)) {
      firstWord = initial.word;
      li--;
      k--;
    } else if (initial.small) k--;
    else return undefined;
  }
  return li < 0 && firstWord !== undefined && isAsciiLetter(words[firstWord]!.text.charAt(0)) ? firstWord : undefined;
}
