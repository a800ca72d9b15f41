/**
 * `numbering-gap` and `numbering-duplicate`: in a sequence of sibling clauses of one numbering
 * style, a number that skips (1, 2, 4) or repeats (1, 2, 2).
 *
 * Sequences. Clauses are grouped by style and by parent — except articles, which statutes and
 * agreements number through the whole text across chapters, and which are grouped by the
 * unnumbered division (附則, 別表, a list heading) they are in. Within a group, a clause
 * numbered 1 starts a new sequence (a list that restarts under a new heading, or the 附則's own
 * articles), as does a number lower than the one before (a new list, not a mistake a reader
 * would call a gap).
 *
 * Not gaps or duplicates: branch articles and items (第五条の二, number [5, 2], after 第五条);
 * deleted articles (削除) and deleted spans (第四十条から第四十二条まで　削除, whose `spanEnd` is
 * the last number they cover), which keep their numbers; paragraphs starting at 2 (a statute
 * article's first paragraph is unnumbered); the articles of a 附則 reproduced in excerpt (抄),
 * and of an amending act's 附則, which leave out what is not in force. A sequence that starts
 * above 1 is a gap only when no clause of the same style earlier in the text has the number
 * before it (else it continues an earlier list interrupted by other text).
 *
 * Each finding is on the label of the clause after the gap (or of the repeated number), with
 * the previous sibling as related information and a `renumber` fix listing the sequence.
 */
import { locationIn } from '../features/featureContext';
import type { Clause, ClauseStructure } from '../structure/clauseStructure';
import { toKanjiNumber, toRomanNumeral } from '../text/japaneseNumerals';
import type { Finding, Rule, RuleContext } from './ruleTypes';

const IROHA = 'イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス';

const UNIT_WORDS: Record<string, string> = {
  part: 'Part',
  chapter: 'Chapter',
  section: 'Section',
  subsection: 'Subsection',
  division: 'Division',
  article: 'Article',
  paragraph: 'Paragraph',
  item: 'Item',
  subitem: 'Subitem',
  numbered: 'Item',
};

interface NumberingProblem {
  readonly kind: 'gap' | 'duplicate';
  readonly clause: Clause;
  readonly previous: Clause | undefined;
  readonly missing: readonly number[];
  readonly sequence: readonly number[];
}

/** The last number a clause accounts for: its own, or the end of its deleted span. */
function lastNumberOf(c: Clause): number {
  return c.spanEnd?.[0] ?? c.number[0] ?? 0;
}

function isMultilevel(c: Clause): boolean {
  return (
    c.style === 'decimal-multilevel' || ((c.style === 'en-section' || c.style === 'en-article') && c.number.length > 1)
  );
}

/** A 附則 heading proper (附　則, 附　則　抄, 附　則　（昭和…法律第…号）), not a table cell starting with 附則第十条. */
const SUPPLEMENTARY = /^附[ \u3000]*則(?:[ \u3000]*(?:[（(抄].*)?)?$/;
/** Any line the parser takes for a 附則 division, the table cells included. */
const SUPPLEMENTARY_LIKE = /^附[ \u3000]*則/;

interface Scopes {
  /** For each clause, the unnumbered division (附則, 別表, list heading) it is in, or -1 for the main provisions. */
  readonly division: Int32Array;
  /** The main provisions are an excerpt: the title line ends with 抄. */
  readonly mainExcerpt: boolean;
  /** Divisions given in excerpt: a 附則 marked 抄, an amending act's 附則, and what follows one until the next 附則. */
  readonly excerpts: ReadonlySet<number>;
}

/**
 * The divisions articles are numbered in. A top-level heading that begins with 附則 but is
 * not a 附則 heading (a table cell: 附則第十条第一項…) does not start a division of its own.
 */
function scopesOf(text: string, structure: ClauseStructure): Scopes {
  const division = new Int32Array(structure.clauses.length).fill(-1);
  const excerpts = new Set<number>();
  let current = -1;
  let currentIsExcerpt = false;
  for (const c of structure.clauses) {
    if (c.parent !== undefined) {
      const parent = structure.clauses[c.parent]!;
      const spurious = SUPPLEMENTARY_LIKE.test(parent.heading ?? '') && !SUPPLEMENTARY.test(parent.heading ?? '');
      division[c.index] =
        (parent.style === 'heading' || parent.style === 'toc') && !spurious ? parent.index : division[parent.index]!;
      continue;
    }
    if (c.style === 'heading' || c.style === 'toc') {
      const heading = c.heading ?? '';
      if (SUPPLEMENTARY.test(heading)) {
        current = c.index;
        currentIsExcerpt = /抄/.test(heading) || /[（(][^）)]*第[^）)]*号/.test(heading);
      } else if (!SUPPLEMENTARY_LIKE.test(heading)) {
        // A 別表 or another division: inside an excerpted 附則 it belongs to that excerpt.
        current = c.index;
      }
      if (currentIsExcerpt) excerpts.add(current);
      division[c.index] = current;
      continue;
    }
    division[c.index] = current;
  }
  const firstClause = structure.clauses[0]?.range.start ?? text.length;
  const mainExcerpt = /[ \u3000]抄[ \u3000]*(?:\r\n|\r|\n|$)/.test(text.slice(0, Math.min(firstClause, 2000)));
  return { division, mainExcerpt, excerpts };
}

/** Inside a text given in excerpt (抄): a 附則 so marked, an amending act's 附則, or a law whose title says 抄. */
function inExcerpt(scopes: Scopes, c: Clause): boolean {
  const division = scopes.division[c.index] ?? -1;
  return division < 0 ? scopes.mainExcerpt : scopes.excerpts.has(division);
}

/**
 * A cell of a table (読替表) that the parser took for an article: a bare 第N条 line with no text,
 * no caption above it, after a line that does not end a sentence or a clause.
 */
function isTableCell(text: string, structure: ClauseStructure, c: Clause): boolean {
  if (c.style !== 'ja-article' || c.deleted || c.headingRange !== undefined) return false;
  let lineEnd = text.indexOf('\n', c.labelRange.end);
  if (lineEnd < 0) lineEnd = text.length;
  if (text.slice(c.labelRange.end, lineEnd).trim() !== '') return false;
  if (c.startLine === 0) return false;
  // The previous non-blank line.
  let end = c.range.start - 1;
  while (end > 0 && /[\r\n \t\u3000]/.test(text[end]!)) end--;
  let start = end;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  const previous = text.slice(start, end + 1).trim();
  const startsClause = (offset: number): boolean => structure.clauses.some((d) => d.labelRange.start === offset);
  const previousEndsClause =
    previous === '' ||
    /[。．.）)]$/.test(previous) ||
    /^第[〇一二三四五六七八九十百千0-9０-９]+[編章節款目]/.test(previous);
  if (
    !previousEndsClause &&
    !startsClause(start + (text.slice(start, end + 1).length - text.slice(start, end + 1).trimStart().length))
  )
    return true;
  // The next non-blank line: an article's text ends a sentence, or is a numbered paragraph.
  let next = lineEnd;
  while (next < text.length && /[\r\n \t\u3000]/.test(text[next]!)) next++;
  let nextEnd = text.indexOf('\n', next);
  if (nextEnd < 0) nextEnd = text.length;
  const following = text.slice(next, nextEnd).trim();
  return following !== '' && !/[。．.]$/.test(following) && !startsClause(next);
}

/** Numbers in a table that look like labels: 三八、二〇八 (positional kanji), ０．１４, or a bare 1.2 on a line of its own. */
function isNumberInTable(text: string, c: Clause): boolean {
  if (c.style === 'kanji-comma')
    return /[〇一二三四五六七八九][〇一二三四五六七八九]/.test(c.label) || /^[〇一二三四五六七八九]/.test(c.summary);
  if (c.style === 'decimal-multilevel') {
    if (c.number[0] === 0) return true;
    let lineEnd = text.indexOf('\n', c.labelRange.end);
    if (lineEnd < 0) lineEnd = text.length;
    return text.slice(c.labelRange.end, lineEnd).trim() === '';
  }
  return false;
}

/** Finds the gaps and duplicates of a clause tree; both rules share this one pass. */
export function numberingProblems(text: string, structure: ClauseStructure): NumberingProblem[] {
  const scopes = scopesOf(text, structure);
  const groups = new Map<string, Clause[]>();
  for (const c of structure.clauses) {
    if (c.number.length === 0 || c.style === 'heading' || c.style === 'toc') continue;
    if (isNumberInTable(text, c) || isTableCell(text, structure, c)) continue;
    const key =
      c.unit === 'article' ? `${c.style}|d${scopes.division[c.index] ?? -1}` : `${c.style}|p${c.parent ?? -1}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(c);
  }
  const problems: NumberingProblem[] = [];
  for (const group of groups.values()) {
    // Split the group into sequences.
    const sequences: Clause[][] = [];
    let current: Clause[] = [];
    let previous: Clause | undefined;
    for (const c of group) {
      // Articles only ever go up within a division: a lower one (not a restart at 1) is a stray line, skipped.
      if (previous && c.unit === 'article' && (c.number[0] ?? 0) > 1 && (c.number[0] ?? 0) < (previous.number[0] ?? 0))
        continue;
      if (previous && startsNewSequence(previous, c)) {
        sequences.push(current);
        current = [];
      }
      current.push(c);
      previous = c;
    }
    if (current.length > 0) sequences.push(current);
    for (const sequence of sequences) {
      const found = problemsOf(text, structure, scopes, group, sequence);
      // A "list" where a third of the steps are wrong is not a list (numbers in a table, quoted provisions).
      if (found.length > 2 && found.length * 3 > sequence.length) continue;
      for (const problem of found) problems.push(problem);
    }
  }
  return problems.sort((a, b) => a.clause.index - b.clause.index);
}

function startsNewSequence(previous: Clause, c: Clause): boolean {
  if (isMultilevel(c)) {
    const prefix = c.number.slice(0, -1).join('.');
    if (prefix !== previous.number.slice(0, -1).join('.') || c.number.length !== previous.number.length) return true;
    return (c.number[c.number.length - 1] ?? 0) <= 1;
  }
  const n = c.number[0] ?? 0;
  if (c.number.length === 1 && n === 1) return true;
  return n < (previous.number[0] ?? 0);
}

function problemsOf(
  text: string,
  structure: ClauseStructure,
  scopes: Scopes,
  group: readonly Clause[],
  sequence: readonly Clause[],
): NumberingProblem[] {
  const out: NumberingProblem[] = [];
  const indexes = sequence.map((c) => c.index);
  const first = sequence[0];
  if (!first) return out;
  const excerpt = inExcerpt(scopes, first);
  const multilevel = isMultilevel(first);
  const last = (c: Clause): number => (multilevel ? (c.number[c.number.length - 1] ?? 0) : lastNumberOf(c));
  const main = (c: Clause): number => (multilevel ? (c.number[c.number.length - 1] ?? 0) : (c.number[0] ?? 0));

  // A sequence that starts above 1 (above 2 for paragraphs, whose first one is unnumbered).
  const lowest = first.unit === 'paragraph' ? 2 : 1;
  // (i), (v), (x) starting a letter list are Roman numerals written full-width: （ｉ）.
  const romanLetter = /letter/.test(first.style) && /^[(（]?[ivxｉｖｘ][)）.．]?$/i.test(first.label);
  if (
    !excerpt &&
    !romanLetter &&
    main(first) > lowest &&
    first.number.length === 1 &&
    !continuesEarlierList(structure, first) &&
    !explainedGap(text, structure, group, undefined, first, range(lowest, main(first) - 1))
  ) {
    out.push({
      kind: 'gap',
      clause: first,
      previous: undefined,
      missing: range(lowest, main(first) - 1),
      sequence: indexes,
    });
  }
  for (let k = 1; k < sequence.length; k++) {
    const c = sequence[k]!;
    const previous = sequence[k - 1]!;
    const n = main(c);
    const branch = !multilevel && c.number.length > 1;
    if (branch) {
      // 第五条の二 after 第五条 (or after 第五条の一): only a repeat of the very same branch is wrong.
      if (c.number.join('-') === previous.number.join('-') && !excerpt)
        out.push({ kind: 'duplicate', clause: c, previous, missing: [], sequence: indexes });
      continue;
    }
    if (n >= main(previous) && n <= last(previous) && !(previous.number.length > 1 && n > (previous.number[0] ?? 0))) {
      if ((previous.number.length === 1 || previous.spanEnd) && !excerpt)
        out.push({ kind: 'duplicate', clause: c, previous, missing: [], sequence: indexes });
      continue;
    }
    if (
      n > last(previous) + 1 &&
      !excerpt &&
      !explainedGap(text, structure, group, previous, c, range(last(previous) + 1, n - 1))
    )
      out.push({ kind: 'gap', clause: c, previous, missing: range(last(previous) + 1, n - 1), sequence: indexes });
  }
  return out;
}

/** A line that deletes a span the parser does not read as a clause: 二から六まで　削除. */
const DELETED_SPAN =
  /(?:^|[\r\n])[ \t\u3000]*[^ \t\u3000\r\n]{1,15}(?:から|及び)[^ \t\u3000\r\n]{1,15}[ \t\u3000]+削除/;

/**
 * A gap that is not one: the missing numbers appear earlier among the siblings (the list was
 * interrupted by a table whose cells look like labels), a span between them is deleted in a
 * form the parser does not read (二から六まで　削除), or the missing labels are written on lines of
 * their own, which the parser does not take for clauses (a bare 一 before its subitems).
 */
function explainedGap(
  text: string,
  structure: ClauseStructure,
  group: readonly Clause[],
  previous: Clause | undefined,
  c: Clause,
  missing: readonly number[],
): boolean {
  const earlier = new Set<number>();
  for (const d of group) {
    if (d.index >= c.index) break;
    for (let n = d.number[0] ?? 0; n <= lastNumberOf(d) && n - (d.number[0] ?? 0) < 1000; n++) earlier.add(n);
  }
  const left = isMultilevel(c) ? missing : missing.filter((n) => !earlier.has(n));
  if (left.length === 0) return true;
  const parent = c.parent === undefined ? undefined : structure.clauses[c.parent];
  const from = previous ? previous.labelRange.end : parent ? parent.labelRange.end : 0;
  const between = text.slice(from, c.labelRange.start);
  if (DELETED_SPAN.test(between)) return true;
  const lines = new Set(between.split(/\r\n|\r|\n/).map((line) => line.trim()));
  return left.every((n) => lines.has(labelWithNumber(c, n)));
}

/** Whether a clause of the same style earlier in the text has the number before this one's. */
function continuesEarlierList(structure: ClauseStructure, c: Clause): boolean {
  const wanted = (c.number[0] ?? 0) - 1;
  for (let k = c.index - 1; k >= 0; k--) {
    const d = structure.clauses[k]!;
    if (d.style === c.style && d.number[0] !== undefined && wanted >= d.number[0] && wanted <= lastNumberOf(d))
      return true;
  }
  return false;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let n = from; n <= to && out.length < 1000; n++) out.push(n);
  return out;
}

function circled(n: number): string | undefined {
  if (n >= 1 && n <= 20) return String.fromCharCode(0x2460 + n - 1);
  if (n >= 21 && n <= 35) return String.fromCharCode(0x3251 + n - 21);
  if (n >= 36 && n <= 50) return String.fromCharCode(0x32b1 + n - 36);
  return undefined;
}

/** The label a clause would have with another main number, in the same script: 第四条 → 第三条, (c) → (b). */
export function labelWithNumber(c: Clause, n: number): string {
  const label = c.label;
  const multilevel = isMultilevel(c);
  if (c.style === 'circled') return circled(n) ?? String(n);
  if (c.style === 'ja-iroha') return IROHA[n - 1] ?? String(n);
  if (multilevel) {
    const prefix = c.number.slice(0, -1).join('.');
    return `${prefix}.${n}${/[.．]$/.test(label) ? '.' : ''}`;
  }
  if (/letter/.test(c.style)) {
    return label.replace(/[A-Za-zＡ-Ｚａ-ｚ]/, (ch) => {
      const full = ch.charCodeAt(0) > 0xff;
      const base = (full ? ch.normalize('NFKC') : ch) === ch.toUpperCase() ? 65 : 97;
      const out = String.fromCharCode(base + n - 1);
      return full ? String.fromCharCode(out.charCodeAt(0) + 0xfee0) : out;
    });
  }
  if (/roman/.test(c.style)) {
    return label.replace(/[IVXLCivxlc]+|[Ⅰ-Ⅻⅰ-ⅻ]/, (r) => {
      const roman = toRomanNumeral(n);
      return /[a-zⅰ-ⅻ]/.test(r) ? roman.toLowerCase() : roman;
    });
  }
  const digits = /[0-9]+|[０-９]+|[〇一二三四五六七八九十百千]+/.exec(label);
  if (!digits) return String(n);
  const written = /[〇一二三四五六七八九十百千]/.test(digits[0])
    ? toKanjiNumber(n)
    : /[０-９]/.test(digits[0])
      ? String(n).replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      : String(n);
  if (label.startsWith('第')) {
    // 第五条の二, 第四十条から第四十二条まで → 第四条: branches and spans are dropped.
    const unit = /[条項号章節款編目]/.exec(label.slice(digits.index))?.[0] ?? '';
    return `第${written}${unit}`;
  }
  // 十一の二 → 十: a branch item's branch is dropped.
  const after = label
    .slice(digits.index + digits[0].length)
    .replace(/^[のノ][〇一二三四五六七八九十0-9０-９のノ]*/, '');
  return label.slice(0, digits.index) + written + after;
}

function missingText(c: Clause, missing: readonly number[]): { en: string; ja: string } {
  const labels = missing.map((n) => labelWithNumber(c, n));
  const firstLabel = labels[0] ?? '';
  const lastLabel = labels[labels.length - 1] ?? '';
  if (labels.length === 1) return { en: `${firstLabel} is missing`, ja: `「${firstLabel}」が抜けています` };
  if (labels.length === 2)
    return {
      en: `${firstLabel} and ${lastLabel} are missing`,
      ja: `「${firstLabel}」と「${lastLabel}」が抜けています`,
    };
  return {
    en: `${firstLabel} to ${lastLabel} are missing`,
    ja: `「${firstLabel}」から「${lastLabel}」までが抜けています`,
  };
}

function findingOf(context: RuleContext, problem: NumberingProblem): Finding {
  const { clause, previous } = problem;
  const unit = UNIT_WORDS[clause.unit] ?? 'Item';
  const related = previous
    ? [
        {
          location: locationIn(context.document, previous.labelRange),
          message: { en: `The previous one: ${previous.label}.`, ja: `前の番号: ${previous.label}` },
        },
      ]
    : [];
  const fix = { kind: 'renumber' as const, clauses: problem.sequence };
  if (problem.kind === 'duplicate') {
    return {
      code: 'numbering-duplicate',
      range: clause.labelRange,
      message: {
        en: `${unit} ${clause.label} has the same number as the one before it (${previous?.label ?? ''}).`,
        ja: `「${clause.label}」の番号が前の「${previous?.label ?? ''}」と重複しています。`,
      },
      about: clause.label,
      ...(related.length > 0 ? { related } : {}),
      fix,
    };
  }
  const missing = missingText(clause, problem.missing);
  return {
    code: 'numbering-gap',
    range: clause.labelRange,
    message: previous
      ? {
          en: `${unit} ${clause.label} follows ${previous.label}: ${missing.en}.`,
          ja: `「${previous.label}」の次が「${clause.label}」です。${missing.ja}。`,
        }
      : {
          en: `${unit} ${clause.label} starts its list: ${missing.en}.`,
          ja: `「${clause.label}」から始まっています。${missing.ja}。`,
        },
    about: clause.label,
    ...(related.length > 0 ? { related } : {}),
    fix,
  };
}

/** One pass per document, shared by the two rules. */
const cache = new WeakMap<ClauseStructure, NumberingProblem[]>();

function cachedProblems(text: string, structure: ClauseStructure): NumberingProblem[] {
  let problems = cache.get(structure);
  if (!problems) cache.set(structure, (problems = numberingProblems(text, structure)));
  return problems;
}

export const numberingGapRule: Rule = {
  code: 'numbering-gap',
  defaultSeverity: 'warning',
  summary: 'A sibling clause whose number skips one or more numbers (1., 2., 4.).',
  check(context: RuleContext): Finding[] {
    return cachedProblems(context.document.text, context.document.structure)
      .filter((p) => p.kind === 'gap')
      .map((p) => findingOf(context, p));
  },
};

export const numberingDuplicateRule: Rule = {
  code: 'numbering-duplicate',
  defaultSeverity: 'warning',
  summary: 'A sibling clause that repeats the number of the one before it (1., 2., 2.).',
  check(context: RuleContext): Finding[] {
    return cachedProblems(context.document.text, context.document.structure)
      .filter((p) => p.kind === 'duplicate')
      .map((p) => findingOf(context, p));
  },
};
