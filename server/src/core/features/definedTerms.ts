/**
 * Uses of defined terms: every place the document writes a term it defines (両者, MOC,
 * "the Participants"), whether or not the term also names an agency or instrument. Hover,
 * go to definition, references and rename of a defined term all start from here.
 */
import type { AnalysedDocument } from '../analysis';
import { NameMatcher } from '../registry/nameMatcher';
import type { Definition, TextRange } from '../types';

export interface DefinedTermUse {
  readonly term: string;
  readonly range: TextRange;
  /** The definition in force where the term is used: the latest one before it, else the first. */
  readonly definition: Definition;
  /** True for the term as written inside its own definition. */
  readonly isDefinition: boolean;
}

/** The uses of each analysed document, computed once: every feature and rule asks for them. */
const usesByDocument = new WeakMap<AnalysedDocument, readonly DefinedTermUse[]>();

/** Every use of a defined term in the document, in text order (an analysed document never changes). */
export function definedTermUses(document: AnalysedDocument): readonly DefinedTermUse[] {
  const cached = usesByDocument.get(document);
  if (cached) return cached;
  const uses = findUses(document);
  usesByDocument.set(document, uses);
  return uses;
}

function findUses(document: AnalysedDocument): DefinedTermUse[] {
  if (document.definitions.length === 0) return [];
  const matcher = new NameMatcher<Definition>();
  // In text order, so that each term's definitions are too (latestBefore searches them).
  const inOrder = [...document.definitions].sort((a, b) => a.termRange.start - b.termRange.start);
  for (const definition of inOrder) matcher.add(definition.term, definition);
  const written = new Set(document.definitions.map((d) => `${d.termRange.start}:${d.termRange.end}`));
  return matcher.findAll(document.text).map((match) => {
    const definitions = match.values;
    const definition = latestBefore(definitions, match.range.start) ?? definitions[0]!;
    const isDefinition =
      written.has(`${match.range.start}:${match.range.end}`) &&
      definitions.some((d) => d.termRange.start === match.range.start && d.termRange.end === match.range.end);
    return { term: definition.term, range: match.range, definition, isDefinition };
  });
}

/**
 * The last of `definitions` (in text order, as the matcher keeps them) defined at or before
 * `offset`: a binary search, since one term may be defined thousands of times.
 */
function latestBefore(definitions: readonly Definition[], offset: number): Definition | undefined {
  let lo = 0;
  let hi = definitions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (definitions[mid]!.termRange.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? definitions[lo - 1] : undefined;
}

/** The defined-term use at an offset (the cursor may be just after its last character). */
export function definedTermUseAt(document: AnalysedDocument, offset: number): DefinedTermUse | undefined {
  // Uses are in text order and never overlap: the last one starting at or before the offset.
  const uses = definedTermUses(document);
  let lo = 0;
  let hi = uses.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (uses[mid]!.range.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  const use = lo > 0 ? uses[lo - 1] : undefined;
  return use && offset <= use.range.end ? use : undefined;
}
