/**
 * Semantic tokens as offsets, token types and modifiers: what an annotator shows at a glance.
 * Clause labels, and — unless switched off — agencies, programs, instruments, defined terms,
 * dates and clause references, each with modifiers saying more (a term at its definition, a
 * reference that resolves nowhere). The legend is fixed here so that the server, its tests and
 * the extension's `package.json` agree; the protocol's relative encoding is done in `convert.ts`.
 *
 * Tokens never overlap. Where recognisers overlap (an acronym that is also a defined term, a
 * date inside a clause label's line), the more specific reading wins, in this order: clause
 * label, clause reference, date, agency/program/instrument, defined term.
 */
import type { AnalysedDocument } from '../analysis';
import type { TextRange } from '../types';
import { definedTermUses } from './definedTerms';

/** Token types in legend order; each is declared in the extension's package.json. */
export const SEMANTIC_TOKEN_TYPES = [
  'clauseLabel',
  'agency',
  'program',
  'instrument',
  'definedTerm',
  'date',
  'clauseReference',
] as const;
export type SemanticTokenType = (typeof SEMANTIC_TOKEN_TYPES)[number];

/**
 * Token modifiers in legend order (bit i of the protocol's bit set is modifier i).
 * - `definition`: the term or name where the document defines it (`(以下「両者」という。)`);
 * - `unresolved`: a clause reference whose target does not exist, a date with no valid value;
 * - `external`: a clause reference into another instrument (`協定第五条`);
 * - `relative`: a date or reference read against its context (`本年9月`, `前条`).
 */
export const SEMANTIC_TOKEN_MODIFIERS = ['definition', 'unresolved', 'external', 'relative'] as const;
export type SemanticTokenModifier = (typeof SEMANTIC_TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  readonly range: TextRange;
  readonly type: SemanticTokenType;
  readonly modifiers: readonly SemanticTokenModifier[];
}

export interface SemanticTokenOptions {
  /** False for clause labels only (the setting `agreement.semanticHighlighting.entities`). */
  readonly entities?: boolean;
}

/** Tokens in document order, never overlapping. */
export function semanticTokens(document: AnalysedDocument, options: SemanticTokenOptions = {}): SemanticToken[] {
  const labels: SemanticToken[] = document.structure.clauses
    .filter((c) => c.label.length > 0 && c.labelRange.end > c.labelRange.start)
    .map((c) => ({ range: c.labelRange, type: 'clauseLabel', modifiers: [] }));
  if (options.entities === false) return labels;

  const definitionRanges = document.definitions.flatMap((d) => [d.termRange]);
  const isDefinitionSite = (range: TextRange) =>
    definitionRanges.some((r) => r.start === range.start && r.end === range.end);

  const references: SemanticToken[] = document.clauseReferences.map(({ reference, resolution }) => ({
    range: reference.range,
    type: 'clauseReference',
    modifiers: [
      ...(resolution.status === 'unresolved' ? (['unresolved'] as const) : []),
      ...(resolution.status === 'external' || reference.external ? (['external'] as const) : []),
      ...(reference.kind === 'relative' ? (['relative'] as const) : []),
    ],
  }));
  const dates: SemanticToken[] = document.dates.map((date) => ({
    range: date.range,
    type: 'date',
    modifiers: [
      ...(date.value === undefined || date.problems.length > 0 ? (['unresolved'] as const) : []),
      ...(date.relative ? (['relative'] as const) : []),
    ],
  }));
  const entities: SemanticToken[] = document.entities.map((mention) => ({
    range: mention.range,
    type: mention.kind,
    modifiers: isDefinitionSite(mention.range) ? ['definition'] : [],
  }));
  const terms: SemanticToken[] = definedTermUses(document).map((use) => ({
    range: use.range,
    type: 'definedTerm',
    modifiers: use.isDefinition ? ['definition'] : [],
  }));
  return withoutOverlaps([labels, references, dates, entities, terms]);
}

/**
 * Merges token lists given in priority order: a token is kept only when it overlaps no token
 * of a list before it, nor one kept before it from its own list. Each list is sorted once and
 * the kept tokens are looked up by binary search, so the merge is O(n log n).
 */
function withoutOverlaps(lists: readonly (readonly SemanticToken[])[]): SemanticToken[] {
  const kept: SemanticToken[] = [];
  for (const list of lists) {
    const accepted: SemanticToken[] = [];
    for (const token of [...list].sort((a, b) => a.range.start - b.range.start)) {
      if (token.range.end <= token.range.start) continue;
      if (overlapsAny(kept, token.range)) continue;
      const last = accepted.at(-1);
      if (last && last.range.end > token.range.start) continue;
      accepted.push(token);
    }
    for (const token of accepted) kept.push(token);
    kept.sort((a, b) => a.range.start - b.range.start);
  }
  return kept;
}

/** Whether `range` overlaps a token of `sorted` (sorted by start, not overlapping each other). */
function overlapsAny(sorted: readonly SemanticToken[], range: TextRange): boolean {
  let low = 0;
  let high = sorted.length;
  // The first token ending after the range starts.
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid]!.range.end <= range.start) low = mid + 1;
    else high = mid;
  }
  const candidate = sorted[low];
  return candidate !== undefined && candidate.range.start < range.end;
}
