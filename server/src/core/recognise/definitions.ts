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
const HEREINAFTER_JA = /^以下(?:単に|、)?[「『]([^」』]{1,40})[」』](?:と(?:いう|総称する|称する|略称する))?。?$/;
const HEREINAFTER_EN =
  /^(?:hereinafter|hereafter)(?:,)?(?: (?:referred to as|called|collectively referred to as|jointly referred to as))?(?:,)? ["“]([^"”]{1,40})["”]$/i;
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

export function recogniseDefinitions(text: string, lines: LineIndex = new LineIndex(text)): Definition[] {
  const definitions: Definition[] = [];
  // Full-width letters (ＶＮＳＣ) are read as ASCII; the fold keeps every offset, and terms
  // and expansions are taken from the text as written.
  const folded = foldLatin(text);
  for (const bracket of findBrackets(folded)) {
    const definition = readDefinition(folded, bracket);
    if (definition) {
      definitions.push({
        ...definition,
        term: text.slice(definition.termRange.start, definition.termRange.end),
        expansion: text.slice(definition.expansionRange.start, definition.expansionRange.end),
        line: lines.positionAt(definition.termRange.start).line,
      });
    }
  }
  return definitions;
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

function readDefinition(text: string, bracket: Bracket): Omit<Definition, 'line'> | undefined {
  const content = text.slice(bracket.inner.start, bracket.inner.end);
  const trimmed = content.trim();
  const contentStart = bracket.inner.start + content.indexOf(trimmed);

  const hereinafter = HEREINAFTER_JA.exec(trimmed) ?? HEREINAFTER_EN.exec(trimmed);
  if (hereinafter?.[1]) {
    const term = hereinafter[1];
    const termStart = contentStart + trimmed.indexOf(term);
    const expansion = HEREINAFTER_JA.test(trimmed)
      ? japanesePhraseBefore(text, bracket.open)
      : englishNameBefore(text, bracket.open, undefined);
    if (!expansion) return undefined;
    return { term, termRange: { start: termStart, end: termStart + term.length }, ...expansion, form: 'hereinafter' };
  }

  const quoted = QUOTED_EN.exec(trimmed);
  if (quoted?.[1]) {
    const term = quoted[1];
    const termStart = contentStart + trimmed.indexOf(term);
    const expansion = englishNameBefore(text, bracket.open, undefined);
    if (!expansion) return undefined;
    return { term, termRange: { start: termStart, end: termStart + term.length }, ...expansion, form: 'quoted-term' };
  }

  const before = skipSpacesBackward(text, bracket.open);
  const previous = codePointBefore(text, before);
  if (isTerm(trimmed, previous)) {
    const expansion = isLatinAlphanumeric(previous)
      ? englishNameBefore(text, bracket.open, trimmed)
      : japaneseNameBefore(text, before);
    if (!expansion || expansion.expansion === trimmed) return undefined;
    return {
      term: trimmed,
      termRange: { start: contentStart, end: contentStart + trimmed.length },
      ...expansion,
      form: 'acronym-after',
    };
  }

  // JAXA(宇宙航空研究開発機構): an acronym right before a bracketed name.
  const acronym = acronymEndingAt(text, before);
  if (acronym && looksLikeName(trimmed)) {
    return {
      term: text.slice(acronym.start, acronym.end),
      termRange: acronym,
      expansion: trimmed,
      expansionRange: { start: contentStart, end: contentStart + trimmed.length },
      form: 'acronym-before',
    };
  }
  return undefined;
}

/**
 * A bracketed term of an acronym definition: Latin letters with at least two capitals. A
 * term of several mixed-case words (`Meet Korea`) only follows a Japanese name, since in
 * English text a capitalised phrase in brackets is usually a place or a gloss.
 */
function isTerm(content: string, previous: string): boolean {
  if (!TERM_PATTERN.test(content)) return false;
  const capitals = content.replace(/[^A-Z]/g, '').length;
  if (capitals < 2) return false;
  if (/ /.test(content) && /[a-z]/.test(content) && (isLatinAlphanumeric(previous) || previous === '')) return false;
  return previous !== '' && !isInlineSpace(previous);
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
): number {
  let i = end;
  for (;;) {
    const c = codePointBefore(text, i);
    if (c === '') break;
    if (KATAKANA_PARTICLES.includes(c) && isKanji(codePointBefore(text, i - 1)) && !isKatakana(codePointAt(text, i)))
      break;
    // Older statutes write okurigana in katakana (対処スル事業): a run of one or two katakana
    // between kanji ends the name.
    if (
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
        (i === end || isKanji(codePointAt(text, i)))
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

function japaneseNameBefore(text: string, end: number): { expansion: string; expansionRange: TextRange } | undefined {
  const start = japaneseNameStart(text, end);
  if (start >= end) return undefined;
  const expansion = text.slice(start, end);
  return /[\p{Script=Han}\p{Script=Katakana}]/u.test(expansion) || /[a-z]/.test(expansion)
    ? { expansion, expansionRange: { start, end } }
    : undefined;
}

/** The phrase a `（以下「X」という。）` definition follows: back to the sentence or clause start. */
function japanesePhraseBefore(text: string, end: number): { expansion: string; expansionRange: TextRange } | undefined {
  const stop = skipSpacesBackward(text, end);
  let start = stop;
  while (start > 0 && stop - start < 200) {
    const c = text.charAt(start - 1);
    if ('。、，\n\r「」『』'.includes(c)) break;
    start--;
  }
  // The walk may stop in the middle of an astral character: never start between its halves.
  if (start > 0 && isLowSurrogate(text.charCodeAt(start))) start++;
  while (start < stop && isInlineSpace(text.charAt(start))) start++;
  const demonstrative = LEADING_DEMONSTRATIVES.exec(text.slice(start, stop));
  if (demonstrative) start += demonstrative[0].length;
  return start < stop ? { expansion: text.slice(start, stop), expansionRange: { start, end: stop } } : undefined;
}

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
  const end = skipSpacesBackward(text, bracketOpen);
  const words = englishWordsBefore(text, end, 16);
  if (words.length === 0) return undefined;
  let first = acronym ? matchInitials(words, acronym) : undefined;
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
  const letters = acronym.replace(/[^A-Za-z]/g, '').toUpperCase();
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
