/**
 * Go to definition, and the lookup of "what is under the cursor" that references,
 * highlights and rename share. Pure functions of a feature context and an offset:
 *
 * - a defined term or acronym (両者, MOC, ＩＣＴ) → the definition in force in this document
 *   (the latest before the use, else the first), else every definition of the term in the
 *   workspace; a definition's location spans its expansion and its term;
 * - a clause reference (前条, 同項第二号, Article 3) → the label of the clause it resolves to;
 *   an external or unresolved reference → nothing;
 * - a quoted instrument title (「衛星データ交換に関する協定」) → the item of this document's list
 *   of signed documents that names it, and any workspace document whose title it is.
 *
 * Terms are compared with `matchKey`, so full- and half-width forms (（ＩＣＴ）, (ICT)) match.
 */
import type { AnalysedDocument, ResolvedClauseReference } from '../analysis';
import type { DateMention } from '../recognise/dates';
import { matchKey } from '../registry/nameMatcher';
import type { Clause } from '../structure/clauseStructure';
import { innermostClauseAt } from '../structure/clauseStructure';
import type { Definition, EntityMention, TextRange } from '../types';
import { type DefinedTermUse, definedTermUses } from './definedTerms';
import { type DocumentLocation, type FeatureContext, locationIn } from './featureContext';
import { itemAt } from './offsetLookup';

/** A range of positions, as the workspace index and `DocumentLocation` hold them. */
export type PositionRange = DocumentLocation['range'];
/** A definition as the workspace index holds it. */
export type IndexedDefinition = ReturnType<FeatureContext['workspace']['definitionsOf']>[number];

/** What stands at an offset, for the navigation features. Every field is optional. */
export interface NavigationTarget {
  readonly termUse?: DefinedTermUse;
  readonly mention?: EntityMention;
  readonly reference?: ResolvedClauseReference;
  /** A clause whose label is under the cursor. */
  readonly label?: Clause;
  readonly date?: DateMention;
}

/**
 * Everything at `offset`. A range contains the offsets from its start to its end inclusive
 * (the cursor may stand just after a word); when two ranges touch, the one the cursor is
 * inside wins over the one it is just after.
 */
export function navigationTargetAt(document: AnalysedDocument, offset: number): NavigationTarget {
  if (!Number.isFinite(offset)) return {};
  const termUse = itemAt(definedTermUses(document), offset, rangeOfUse);
  const mention = itemAt(document.entities, offset, rangeOfMention);
  const reference = itemAt(document.clauseReferences, offset, rangeOfReference);
  const label = itemAt(labelledClauses(document), offset, rangeOfLabel);
  const date = itemAt(document.dates, offset, rangeOfDate);
  return {
    ...(termUse ? { termUse } : {}),
    ...(mention ? { mention } : {}),
    ...(reference ? { reference } : {}),
    ...(label ? { label } : {}),
    ...(date ? { date } : {}),
  };
}

// One accessor per list, so that `itemAt` checks each list's order once.
const rangeOfUse = (u: DefinedTermUse): TextRange => u.range;
const rangeOfMention = (m: EntityMention): TextRange => m.range;
const rangeOfReference = (r: ResolvedClauseReference): TextRange => r.reference.range;
const rangeOfLabel = (c: Clause): TextRange => c.labelRange;
const rangeOfDate = (d: DateMention): TextRange => d.range;

const labelled = new WeakMap<AnalysedDocument, readonly Clause[]>();

/** The clauses that have a label, once per analysis. */
export function labelledClauses(document: AnalysedDocument): readonly Clause[] {
  let clauses = labelled.get(document);
  if (!clauses) labelled.set(document, (clauses = document.structure.clauses.filter((c) => c.label.length > 0)));
  return clauses;
}

/** The definition in force at `offset` among this document's definitions of `term`. */
export function definitionInForce(document: AnalysedDocument, term: string, offset: number): Definition | undefined {
  const key = matchKey(term);
  const candidates = document.definitions.filter((d) => matchKey(d.term) === key);
  return candidates.filter((d) => d.termRange.start <= offset).at(-1) ?? candidates[0];
}

/** The whole of a definition: from the first of term and expansion to the end of the other. */
export function definitionSpan(definition: Definition): TextRange {
  return {
    start: Math.min(definition.termRange.start, definition.expansionRange.start),
    end: Math.max(definition.termRange.end, definition.expansionRange.end),
  };
}

/** The same for a definition of the workspace index, in positions. */
export function indexedDefinitionSpan(definition: IndexedDefinition): PositionRange {
  const { termRange: t, expansionRange: e } = definition;
  return {
    start: comparePositions(t.start, e.start) <= 0 ? t.start : e.start,
    end: comparePositions(t.end, e.end) >= 0 ? t.end : e.end,
  };
}

export function comparePositions(
  a: { readonly line: number; readonly character: number },
  b: { readonly line: number; readonly character: number },
): number {
  return a.line - b.line || a.character - b.character;
}

export function compareLocations(a: DocumentLocation, b: DocumentLocation): number {
  if (a.uri !== b.uri) return a.uri < b.uri ? -1 : 1;
  return comparePositions(a.range.start, b.range.start) || comparePositions(a.range.end, b.range.end);
}

/** Where go-to-definition leads from `offset`; empty when nowhere. */
export function definitionAt(context: FeatureContext, offset: number): DocumentLocation[] {
  const { document } = context;
  const target = navigationTargetAt(document, offset);

  if (target.reference) return clauseReferenceTarget(document, target.reference);
  if (target.label) return [];

  const term = target.termUse?.term ?? target.mention?.text;
  if (term !== undefined) {
    const local = definitionInForce(document, term, offset);
    if (local) return [locationIn(document, definitionSpan(local))];
    const elsewhere = context.workspace
      .definitionsOf(term)
      .filter((d) => d.uri !== document.uri)
      .map((d) => ({ uri: d.uri, range: indexedDefinitionSpan(d) }));
    if (elsewhere.length > 0) return elsewhere.sort(compareLocations);
  }

  const mention = target.mention;
  if (mention) {
    // A later use of an acronym's expansion (宇宙航空研究開発機構 after 宇宙航空研究開発機構(JAXA)).
    const key = matchKey(mention.text);
    const byExpansion = document.definitions.filter((d) => matchKey(d.expansion) === key);
    const expansion = byExpansion.filter((d) => d.expansionRange.start <= offset).at(-1) ?? byExpansion[0];
    if (expansion && !(expansion.expansionRange.start <= offset && offset <= expansion.expansionRange.end))
      return [locationIn(document, definitionSpan(expansion))];
    if (mention.kind === 'instrument' && isQuoted(document.text, mention.range))
      return quotedTitleTargets(context, mention, offset);
  }

  // An acronym this document neither defines nor recognises (ＩＣＴ) may be defined elsewhere.
  if (!target.termUse && !target.mention && !target.date) {
    const word = acronymAt(document.text, offset);
    if (word)
      return context.workspace
        .definitionsOf(word)
        .filter((d) => d.uri !== document.uri)
        .map((d) => ({ uri: d.uri, range: indexedDefinitionSpan(d) }))
        .sort(compareLocations);
  }
  return [];
}

const ACRONYM_CHAR = /[A-Za-z0-9&+/.\-Ａ-Ｚａ-ｚ０-９＆＋／．－]/;

/** A Latin word with at least two capitals around `offset` (half- or full-width), else undefined. */
function acronymAt(text: string, offset: number): string | undefined {
  let start = Math.max(0, Math.min(offset, text.length));
  let end = start;
  while (start > 0 && offset - start < 16 && ACRONYM_CHAR.test(text.charAt(start - 1))) start--;
  while (end < text.length && end - offset < 16 && ACRONYM_CHAR.test(text.charAt(end))) end++;
  const word = text.slice(start, end).replace(/[.．]+$/, '');
  if (word.length < 2 || word.length > 16) return undefined;
  return (word.match(/[A-ZＡ-Ｚ]/g)?.length ?? 0) >= 2 ? word : undefined;
}

/** The label of the clause a reference resolves to (the article for an implicit first paragraph). */
function clauseReferenceTarget(document: AnalysedDocument, reference: ResolvedClauseReference): DocumentLocation[] {
  const index = targetClauseOf(reference);
  const clause = index === undefined ? undefined : document.structure.clauses[index];
  return clause ? [locationIn(document, clauseAnchor(document, clause))] : [];
}

/** The clause a reference leads to: its target, or for an implicit first paragraph the article. */
export function targetClauseOf(reference: ResolvedClauseReference): number | undefined {
  const resolution = reference.resolution;
  if (resolution.status === 'resolved') return resolution.target;
  if (resolution.status === 'implicit-paragraph' && resolution.article >= 0) return resolution.article;
  return undefined;
}

/** Where to put the cursor for a clause: its label, else its heading, else its first line. */
export function clauseAnchor(document: AnalysedDocument, clause: Clause): TextRange {
  if (clause.labelRange.end > clause.labelRange.start) return clause.labelRange;
  if (clause.headingRange && clause.headingRange.end > clause.headingRange.start) return clause.headingRange;
  const line = document.lines.positionAt(clause.range.start).line;
  return { start: document.lines.lineStart(line), end: document.lines.lineEnd(line) };
}

/** True when a range stands inside 「…」 or 『…』 on its line. */
function isQuoted(text: string, range: TextRange): boolean {
  let open = '';
  for (let i = range.start - 1; i >= 0 && range.start - i <= 200; i--) {
    const c = text.charAt(i);
    if (c === '\n' || c === '\r' || c === '」' || c === '』') break;
    if (c === '「' || c === '『') {
      open = c;
      break;
    }
  }
  if (!open) return false;
  const close = open === '「' ? '」' : '』';
  for (let i = range.end; i < text.length && i - range.end <= 200; i++) {
    const c = text.charAt(i);
    if (c === close) return true;
    if (c === '\n' || c === '\r' || c === '「' || c === '『') return false;
  }
  return false;
}

/**
 * A quoted instrument title → the items of this document's numbered lists that name the
 * same instrument (same title, or a mention with the same id) other than the clause the
 * cursor is in, and the first line of every other workspace document titled so.
 */
function quotedTitleTargets(context: FeatureContext, mention: EntityMention, offset: number): DocumentLocation[] {
  const { document } = context;
  const key = matchKey(mention.text);
  if (key.length === 0) return [];
  const lines = document.lines;
  const clauses = document.structure.clauses;
  const here = innermostClauseAt(clauses, lines.positionAt(offset).line);
  const results: DocumentLocation[] = [];
  for (const clause of clauses) {
    if (clause.label.length === 0 || clause.index === here) continue;
    const line = lines.positionAt(clause.labelRange.start).line;
    const lineStart = lines.lineStart(line);
    const lineEnd = lines.lineEnd(line);
    const names =
      matchKey(document.text.slice(lineStart, lineEnd)).includes(key) ||
      document.entities.some(
        (m) => m.id === mention.id && m.range.start >= lineStart && m.range.end <= lineEnd && m !== mention,
      );
    if (!names) continue;
    let end = lineEnd;
    while (end > clause.labelRange.start && /\s/.test(document.text.charAt(end - 1))) end--;
    results.push(locationIn(document, { start: clause.labelRange.start, end }));
  }
  for (const uri of context.workspace.uris()) {
    if (uri === document.uri) continue;
    const indexed = context.workspace.get(uri);
    const titleKey = matchKey(indexed?.title ?? '');
    if (!indexed || titleKey.length === 0 || !titleKey.includes(key)) continue;
    results.push({ uri, range: indexed.titleRange });
  }
  return results;
}
