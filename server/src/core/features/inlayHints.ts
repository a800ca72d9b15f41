/**
 * Inlay hints: what a reader would otherwise work out by hand, written after the thing.
 *
 * - After an era date (`令和3年11月23日` → ` 2021-11-23`) and after a relative or year-less
 *   date (`本年9月` → ` 2021-09`, `同年4月30日`, `11月`): its ISO value. Not after a Western
 *   date, nor after an era date that also writes its Western year (`令和3(2021)年`), whose value
 *   is plain to see; not after a date that could not be resolved.
 * - After a relative clause reference (`前条` → ` → 第二条`, `同項` → ` → 第三条第一項`): the
 *   clause it resolves to, by its label with the path of its parents for paragraphs and items.
 *   Nothing for an unresolved or external reference, nor for an absolute one (`第三条` says
 *   where it points).
 * Labels begin with a space, so that they read apart from the text without padding.
 */
import type { AnalysedDocument } from '../analysis';
import type { Clause } from '../structure/clauseStructure';
import { toKanjiNumber } from '../text/japaneseNumerals';
import type { TextRange } from '../types';
import type { FeatureContext, Locale } from './featureContext';

export interface InlayHint {
  /** Where the hint goes: just after the date or reference. */
  readonly offset: number;
  readonly label: string;
  readonly tooltip?: string;
}

export function inlayHints(context: FeatureContext, range?: TextRange): InlayHint[] {
  const { document, locale } = context;
  const within = (offset: number) => !range || (offset >= range.start && offset <= range.end);
  const hints: InlayHint[] = [];

  for (const date of document.dates) {
    // An impossible date keeps its value as written: a hint would present it as resolved.
    if (!date.value || !within(date.range.end) || date.problems.some((p) => p.code !== 'weekday-mismatch')) continue;
    const era = date.era && date.era.writtenWesternYear === undefined ? date.era : undefined;
    if (!era && !date.relative) continue;
    hints.push({ offset: date.range.end, label: ` ${date.value}`, tooltip: dateTooltip(date, locale) });
  }

  const clauses = document.structure.clauses;
  for (const { reference, resolution } of document.clauseReferences) {
    if (reference.kind !== 'relative' || !within(reference.range.end)) continue;
    let target: string | undefined;
    let through: string | undefined;
    if (resolution.status === 'resolved') {
      target = clausePath(clauses, resolution.target);
      if (resolution.throughTarget !== undefined) through = clausePath(clauses, resolution.throughTarget);
    } else if (resolution.status === 'implicit-paragraph') {
      target = firstParagraphPath(clauses, resolution.article, 1);
      if (resolution.throughTarget !== undefined) through = clausePath(clauses, resolution.throughTarget);
    }
    if (!target) continue;
    const label = through && through !== target ? `${target}～${through}` : target;
    hints.push({
      offset: reference.range.end,
      label: ` → ${label}`,
      tooltip: locale === 'ja' ? `「${reference.text}」は${label}を指す` : `“${reference.text}” refers to ${label}`,
    });
  }

  return hints.sort((a, b) => a.offset - b.offset);
}

function dateTooltip(date: AnalysedDocument['dates'][number], locale: Locale): string {
  const value = date.value ?? '';
  if (date.era && date.era.writtenWesternYear === undefined)
    return locale === 'ja'
      ? `${date.era.name}${date.era.year}年は${date.era.westernYear}年`
      : `${date.era.name} ${date.era.year} is ${date.era.westernYear}`;
  const anchor = date.relative?.anchor;
  if (date.relative?.kind === 'document')
    return locale === 'ja'
      ? `文書の日付${anchor ? `（${anchor}）` : ''}から解決: ${value}`
      : `resolved against the document date${anchor ? ` (${anchor})` : ''}: ${value}`;
  return locale === 'ja'
    ? `前出の日付${anchor ? `（${anchor}）` : ''}から解決: ${value}`
    : `resolved against the earlier date${anchor ? ` (${anchor})` : ''}: ${value}`;
}

/** Does a clause carry a statute label (第三条, a ２ paragraph, a 一 item) whose path reads as 第…項第…号? */
function isStatute(clause: Clause): boolean {
  return clause.label.startsWith('第') || clause.style === 'ja-paragraph' || clause.style === 'ja-item';
}

/**
 * A clause as a reference would name it: an article or any top-level clause by its label;
 * a statute paragraph or item after its parents (第三条第二項第一号); any other nested clause
 * after its parent's path (`2. (a)`).
 */
export function clausePath(clauses: readonly Clause[], index: number, depth = 0): string | undefined {
  const clause = clauses[index];
  if (!clause || depth > 12) return undefined;
  const label = clause.label.replace(/[ \u3000]+/g, '') || clause.heading || '';
  if (!label) return undefined;
  const parent = clause.parent === undefined ? undefined : clauses[clause.parent];
  if (!parent || clause.unit === 'article' || !parent.label || parent.unit === 'heading') return label;
  const parentPath = clausePath(clauses, parent.index, depth + 1) ?? '';
  const n = clause.number[0];
  if (isStatute(parent) && n !== undefined && clause.number.length === 1) {
    if (clause.unit === 'paragraph' || (clause.style === 'circled' && parent.unit === 'article'))
      return `${parentPath}第${toKanjiNumber(n)}項`;
    if (clause.unit === 'item') {
      // An item of the first paragraph is written 第三条第一号, as statutes do.
      return `${parentPath}第${toKanjiNumber(n)}号`;
    }
  }
  return parentPath ? `${parentPath} ${label}` : label;
}

/** The unnumbered first paragraph of an article: 第三条第一項; -1 is the text's own first paragraph. */
function firstParagraphPath(clauses: readonly Clause[], article: number, paragraph: number): string | undefined {
  const suffix = `第${toKanjiNumber(paragraph)}項`;
  if (article < 0) return suffix;
  const path = clausePath(clauses, article);
  return path ? `${path}${suffix}` : undefined;
}
