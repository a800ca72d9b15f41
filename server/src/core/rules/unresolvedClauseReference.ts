/**
 * `unresolved-clause-reference`: a reference to a clause of this document (`第九条`, `前項`,
 * `paragraph 4 of Article 2`) that the resolver (`../resolve/clauseReferenceTargets`) could not
 * find. References into other instruments (`external`) are never reported: their targets are
 * not in this text. The English message is the resolver's reason; the Japanese one is made
 * from the reference and the kind of reason. When the missing clause is a numbered division
 * (an article, a chapter …), the nearest existing one of that unit is given as related
 * information.
 */
import type { ResolvedClauseReference } from '../analysis';
import { locationIn } from '../features/featureContext';
import type { ReferenceStep, ReferenceUnit } from '../recognise/clauseReferences';
import { describeUnit, JAPANESE_UNIT_NAMES } from '../resolve/clauseReferenceTargets';
import type { Clause } from '../structure/clauseStructure';
import type { Finding, RelatedPlace, Rule, RuleContext } from './ruleTypes';

/** Units whose clauses are numbered through a text, so that "the nearest one" means something. */
const DIVISION_UNITS: ReadonlySet<ReferenceUnit> = new Set(['part', 'chapter', 'section', 'subsection', 'article']);

function stepInJapanese(step: ReferenceStep): string {
  if (
    step.unit === 'numbered' ||
    step.unit === 'subitem' ||
    step.unit === 'supplementary' ||
    !step.number ||
    step.number.length === 0
  )
    return JAPANESE_UNIT_NAMES[step.unit] ?? '条項';
  return describeUnit(step.unit, step.number, true);
}

/** The clause a path points at, in Japanese: 第二条第四項. */
function pathInJapanese(path: readonly ReferenceStep[]): string {
  return path.every((s) => s.number !== undefined && s.unit !== 'numbered') ? path.map(stepInJapanese).join('') : '';
}

function japaneseReason(entry: ResolvedClauseReference, reason: string): string {
  const { reference } = entry;
  const quoted = `「${reference.text}」`;
  const last = reference.path[reference.path.length - 1];
  const unit = last ? (JAPANESE_UNIT_NAMES[last.unit] ?? '条項') : '条項';
  if (/has no preceding/.test(reason)) return `${quoted}を参照していますが、この位置より前に${unit}がありません。`;
  if (/has no following/.test(reason)) return `${quoted}を参照していますが、この位置より後に${unit}がありません。`;
  if (/is not inside/.test(reason)) return `${quoted}は${unit}の中に書かれていないため、参照先が決まりません。`;
  if (/has no earlier/.test(reason)) return `${quoted}が受ける${unit}が、同じ段落のそれより前にありません。`;
  if (/repeats/.test(reason)) return `${quoted}が受ける参照の参照先が、この文書にありません。`;
  if (/^There is no clause numbered/.test(reason))
    return `${quoted}を参照していますが、${/before/.test(reason) ? 'この位置より前' : 'この位置より後'}にその番号の条項がありません。`;
  if (/^There (?:is|are) no/.test(reason)) {
    const target = pathInJapanese(reference.path);
    return target
      ? `${quoted}を参照していますが、この文書に${target}はありません。`
      : `${quoted}を参照していますが、この文書にその${unit}はありません。`;
  }
  return `${quoted}の参照先がこの文書に見つかりません。`;
}

/**
 * For each division unit, its numbered clauses sorted by number (in text order among equal
 * numbers), and the first one in the text: built once per check, so that finding the
 * nearest clause is a binary search, not a scan of every clause per finding.
 */
type DivisionIndex = Map<ReferenceUnit, { byNumber: Clause[]; first: Clause }>;

function divisionIndex(clauses: readonly Clause[]): DivisionIndex {
  const index: DivisionIndex = new Map();
  for (const c of clauses) {
    if (!DIVISION_UNITS.has(c.unit) || c.number.length === 0) continue;
    const entry = index.get(c.unit);
    if (entry) entry.byNumber.push(c);
    else index.set(c.unit, { byNumber: [c], first: c });
  }
  for (const entry of index.values())
    entry.byNumber.sort((a, b) => (a.number[0] ?? 0) - (b.number[0] ?? 0) || a.index - b.index);
  return index;
}

/** The existing clause of the missing one's unit nearest below its number (else the first one). */
function nearestClause(index: DivisionIndex, entry: ResolvedClauseReference): Clause | undefined {
  const path = entry.reference.path;
  const last = path[path.length - 1];
  if (!last || !DIVISION_UNITS.has(last.unit) || !last.number || last.number.length === 0) return undefined;
  const clauses = index.get(last.unit);
  if (!clauses) return undefined;
  const wanted = last.number[0] ?? 0;
  // The last clause numbered at most `wanted` (of the highest such number, the last in the text).
  let lo = 0;
  let hi = clauses.byNumber.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((clauses.byNumber[mid]!.number[0] ?? 0) <= wanted) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? clauses.byNumber[lo - 1]! : clauses.first;
}

/** Removes bracketed groups (nested) from a stretch of text: 本文（理由の付記）、 → 本文、. */
function withoutParentheticals(text: string): string {
  return stripParentheticals(text) ?? text;
}

/** As `withoutParentheticals`; undefined when the text closes a bracket it did not open (it starts inside one). */
function stripParentheticals(text: string): string | undefined {
  let out = '';
  let depth = 0;
  for (const c of text) {
    if (c === '（' || c === '(') depth++;
    else if (c === '）' || c === ')') {
      if (depth === 0) return undefined;
      depth--;
    } else if (depth === 0) out += c;
  }
  return depth === 0 ? out : text;
}

/** What may stand between the members of a list of references: 、 及び 又は 並びに, 本文, ただし書, the old forms. */
const LIST_GLUE =
  /^(?:[、，・\s\u3000]|[0-9０-９]|及び|及ヒ|及|又は|又ハ|並びに|並ニ|並|若しくは|若ハ|本文|ただし書|但書|前段|後段|ノ規定|の規定|ノ罪|の罪|ノ|の)*$/;
const INSTRUMENT_END = /(?:法|法律|令|規則|条約|協定|憲章|規程|議定書)$/;

/**
 * A reference that belongs to another instrument although the recogniser did not mark it so:
 * the next member of a list whose earlier member is external, when only parentheticals and
 * conjunctions separate them (会社法第八百七十一条本文（理由の付記）、第八百七十二条), or a reference
 * right after an instrument's name and a parenthetical (銀行法（以下銀行法ト謂フ）第五十二条).
 */
function continuesExternal(context: RuleContext, k: number, suppressed: ReadonlySet<number>): boolean {
  const { text, clauseReferences } = context.document;
  const entry = clauseReferences[k]!;
  const start = entry.reference.range.start;
  for (let j = k - 1; j >= 0; j--) {
    const previous = clauseReferences[j]!;
    const end = previous.reference.range.end;
    if (end > start) continue;
    if (start - end > 120) break;
    const between = stripParentheticals(text.slice(end, start));
    // A reference inside a parenthetical of an earlier member (第八百七十二条（第一号に係る部分に限る。）): look past it.
    if (between === undefined) continue;
    if (!LIST_GLUE.test(between)) break;
    if (previous.reference.external || previous.resolution.status === 'external' || suppressed.has(j)) return true;
    if (previous.resolution.status !== 'unresolved') break;
  }
  const before = text.slice(Math.max(0, start - 120), start);
  if (/[）)]$/.test(before)) {
    const stripped = withoutParentheticals(before);
    if (stripped !== before && INSTRUMENT_END.test(stripped)) return true;
  }
  return false;
}

/**
 * A reference in a case-folded passage (a long line with hardly a capital letter: the
 * lower-case copy some datasets keep of a text): the capitals that tell `the KORUS FTA` from
 * `this Agreement` are lost, so its references cannot be checked.
 */
/**
 * The offsets of one character of a text, ascending, for `lastIndexOf` and `indexOf` by binary
 * search: the rule asks for the line (or the phrase) of every unresolved reference, and a
 * search from each reference back to the start of a whole agreement on one line is quadratic.
 */
class CharOffsets {
  private readonly offsets: number[] = [];

  constructor(text: string, c: string) {
    for (let at = text.indexOf(c); at >= 0; at = text.indexOf(c, at + 1)) this.offsets.push(at);
  }

  /** `text.lastIndexOf(c, from)` for `from >= 0`. */
  lastAtOrBefore(from: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid]! <= from) {
        found = this.offsets[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** `text.indexOf(c, from)`. */
  firstAtOrAfter(from: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid]! >= from) {
        found = this.offsets[mid]!;
        hi = mid - 1;
      } else lo = mid + 1;
    }
    return found;
  }
}

/** The offsets of line breaks and phrase ends of one document, built once per check. */
interface TextMarks {
  readonly newlines: CharOffsets;
  readonly fullStops: CharOffsets;
  readonly commas: CharOffsets;
  /** The answer of `inCaseFoldedPassage` by line start: one count of a line's letters. */
  readonly caseFolded: Map<number, boolean>;
}

function textMarks(text: string): TextMarks {
  return {
    newlines: new CharOffsets(text, '\n'),
    fullStops: new CharOffsets(text, '。'),
    commas: new CharOffsets(text, '、'),
    caseFolded: new Map(),
  };
}

/** `text.lastIndexOf(c, from)`, which for a negative `from` looks at offset 0 only. */
function lastIndexOfMark(marks: CharOffsets, from: number): number {
  const found = marks.lastAtOrBefore(Math.max(from, 0));
  return from < 0 && found > 0 ? -1 : found;
}

function inCaseFoldedPassage(text: string, offset: number, marks: TextMarks): boolean {
  const lineStart = lastIndexOfMark(marks.newlines, offset - 1) + 1;
  const known = marks.caseFolded.get(lineStart);
  if (known !== undefined) return known;
  const answer = countsAsCaseFolded(text, offset, lineStart, marks);
  marks.caseFolded.set(lineStart, answer);
  return answer;
}

function countsAsCaseFolded(text: string, offset: number, lineStart: number, marks: TextMarks): boolean {
  const lineEndAt = marks.newlines.firstAtOrAfter(offset);
  const lineEnd = lineEndAt < 0 ? text.length : lineEndAt;
  if (lineEnd - lineStart < 200) return false;
  let upper = 0;
  let letters = 0;
  for (let i = lineStart; i < lineEnd; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) upper++;
    else if (c >= 0x61 && c <= 0x7a) letters++;
  }
  return letters > 100 && upper / (upper + letters) < 0.005;
}

const READ_IN_AFTER =
  /^(?:[第条項号のノ、及び又は並びに若しくから乃至まで〇一二三四五六七八九十百千0-9０-９]|本文|ただし書|前段|後段)*?(?:[のノ]規定)?中[「『]/;

/**
 * A provision read in (〜中「X」とあるのは「Y」と): the provisions a reading-in names belong to the
 * instrument it reads, named by an external reference earlier in the sentence — or, in the
 * sentence that begins この場合において after 〜を準用する, by the references of the sentence
 * before (the provisions applied).
 */
function readsIntoOtherInstrument(context: RuleContext, k: number): boolean {
  const { text, clauseReferences } = context.document;
  const reference = clauseReferences[k]!.reference;
  // The reading-in may follow a list the reference begins: 第八十一条第一項及び第二項中「…」とあるのは.
  if (!READ_IN_AFTER.test(text.slice(reference.range.end, reference.range.end + 40))) return false;
  const lineStart = text.lastIndexOf('\n', reference.range.start - 1) + 1;
  let sentenceStart = Math.max(lineStart, text.lastIndexOf('。', reference.range.start - 1) + 1);
  // この場合において: the reading-in of the provisions the sentence before applied.
  if (text.startsWith('この場合において', sentenceStart)) sentenceStart = lineStart;
  for (let j = k - 1; j >= 0; j--) {
    const earlier = clauseReferences[j]!;
    if (earlier.reference.range.start < sentenceStart) break;
    if (earlier.reference.external || earlier.resolution.status === 'external') return true;
  }
  return (
    /[法令]/.test(text.slice(sentenceStart, reference.range.start)) &&
    /(?:法|令|規則)(?:第|の規定)/.test(text.slice(sentenceStart, reference.range.start))
  );
}

/**
 * A reference inside the bracket of another instrument's provision: the bracket after a law's
 * name and number (労働組合法（昭和二十四年法律第百七十四号。第五条第二項第八号…を除く。）), or
 * after a provision of another instrument (土地収用法第六章第一節中…に関する規定（第七十二条、…）,
 * 会社法…、第八百七十二条（第一号に係る部分に限る。）): what the bracket lists or excepts is
 * that instrument's.
 */
function insideOtherInstrumentsBracket(
  context: RuleContext,
  k: number,
  suppressed: ReadonlySet<number>,
  marks: TextMarks,
): boolean {
  const { text, clauseReferences } = context.document;
  const start = clauseReferences[k]!.reference.range.start;
  const lineStart = lastIndexOfMark(marks.newlines, start - 1) + 1;
  // The innermost bracket open at the reference.
  let depth = 0;
  let open = -1;
  for (let i = start - 1; i >= lineStart && start - i < 400; i--) {
    const c = text[i];
    if (c === '）' || c === ')') depth++;
    else if (c === '（' || c === '(') {
      if (depth === 0) {
        open = i;
        break;
      }
      depth--;
    }
  }
  if (open < 0) return false;
  if (LAW_NUMBER_OPENING.test(text.slice(open + 1, open + 20))) return INSTRUMENT_END.test(stripTail(text, open));
  // The clause the bracket qualifies: the references of its phrase, back to the previous 、 or 。.
  const phraseStart = Math.max(
    lineStart,
    lastIndexOfMark(marks.fullStops, open - 1) + 1,
    lastIndexOfMark(marks.commas, open - 1) + 1,
  );
  for (let j = k - 1; j >= 0; j--) {
    const earlier = clauseReferences[j]!;
    if (earlier.reference.range.end > open) continue;
    if (earlier.reference.range.start < phraseStart) break;
    if (earlier.reference.external || earlier.resolution.status === 'external' || suppressed.has(j)) return true;
  }
  return false;
}

/** A law number opening a bracket: 昭和二十四年法律第百七十四号. */
const LAW_NUMBER_OPENING =
  /^(?:明治|大正|昭和|平成|令和)[元〇一二三四五六七八九十0-9０-９]{1,4}年(?:法律|政令|勅令|省令|府令|規則)第/;

function stripTail(text: string, end: number): string {
  return text.slice(Math.max(0, end - 60), end);
}

/** A reference that is a whole line of its own: a cell of a reading-in table (読替表), which cites the other law. */
function isTableCell(text: string, range: { start: number; end: number }): boolean {
  const before = text.slice(Math.max(0, range.start - 40), range.start);
  const after = text.slice(range.end, range.end + 40);
  return /(?:^|[\r\n])[ \t\u3000]*(?:同法|同令)?$/.test(before) && /^(?:の見出し)?[ \t\u3000]*(?:[\r\n]|$)/.test(after);
}

/**
 * A reference to the provision that amended another law (第十条の規定による改正前の都市計画法):
 * a consolidated statute leaves such provisions out once they have done their work.
 */
function citesAmendingProvision(text: string, range: { start: number; end: number }): boolean {
  return /^(?:[のノ]規定に(?:よる|依ル)|に(?:よる|依ル))改正(?:前|後)[のノ]/.test(
    text.slice(range.end, range.end + 16),
  );
}

export const unresolvedClauseReferenceRule: Rule = {
  code: 'unresolved-clause-reference',
  defaultSeverity: 'warning',
  summary: 'A reference to a clause of this document (第九条, 前項, paragraph 4 of Article 2) that does not exist.',
  check(context: RuleContext): Finding[] {
    const findings: Finding[] = [];
    const suppressed = new Set<number>();
    let divisions: DivisionIndex | undefined;
    let marks: TextMarks | undefined;
    context.document.clauseReferences.forEach((entry, k) => {
      const { reference, resolution } = entry;
      if (reference.external || resolution.status !== 'unresolved') return;
      const { text } = context.document;
      marks ??= textMarks(text);
      if (
        continuesExternal(context, k, suppressed) ||
        readsIntoOtherInstrument(context, k) ||
        insideOtherInstrumentsBracket(context, k, suppressed, marks) ||
        isTableCell(text, reference.range) ||
        citesAmendingProvision(text, reference.range) ||
        inCaseFoldedPassage(text, reference.range.start, marks)
      ) {
        suppressed.add(k);
        return;
      }
      divisions ??= divisionIndex(context.document.structure.clauses);
      const near = nearestClause(divisions, entry);
      const related: RelatedPlace[] = near
        ? [
            {
              location: locationIn(context.document, near.labelRange),
              message: { en: `The nearest existing one: ${near.label}.`, ja: `近くにある${near.label}。` },
            },
          ]
        : [];
      // Where the text has no clauses of that kind at all, the structure around the reference may
      // not have been understood (or the labels were lost in extraction): say so, at info level.
      const unsure = resolution.unsure === true;
      findings.push({
        code: 'unresolved-clause-reference',
        range: reference.range,
        message: unsure
          ? {
              en: `${resolution.reason} The structure around this reference was not understood, so it may be right.`,
              ja: `${japaneseReason(entry, resolution.reason)}この参照の周りの構造を読み取れなかったため、誤りとは限りません。`,
            }
          : { en: resolution.reason, ja: japaneseReason(entry, resolution.reason) },
        about: reference.text,
        ...(unsure ? { severity: 'info' as const } : {}),
        ...(related.length > 0 ? { related } : {}),
      });
    });
    return findings;
  },
};
