/**
 * Uses of defined terms: every place the document writes a term it defines (両者, MOC,
 * "the Participants"), whether or not the term also names an agency or instrument. Hover,
 * go to definition, references and rename of a defined term all start from here.
 *
 * Finding them reads the whole text, so they are found once per analysis and remembered
 * with it (an analysis is immutable); a thread that received the analysis from another may
 * hand over the uses found there (`rememberDefinedTermUses`).
 */
import type { AnalysedDocument } from '../analysis';
import { NameMatcher } from '../registry/nameMatcher';
import type { Definition, TextRange } from '../types';
import { itemsAround } from './offsetLookup';

export interface DefinedTermUse {
  readonly term: string;
  readonly range: TextRange;
  /** The definition in force where the term is used: the latest one before it, else the first. */
  readonly definition: Definition;
  /** True for the term as written inside its own definition. */
  readonly isDefinition: boolean;
}

const usesByDocument = new WeakMap<AnalysedDocument, readonly DefinedTermUse[]>();

/** The uses of the document's defined terms, in document order, found once per analysis. */
export function definedTermUses(document: AnalysedDocument): readonly DefinedTermUse[] {
  let uses = usesByDocument.get(document);
  if (!uses) usesByDocument.set(document, (uses = findDefinedTermUses(document)));
  return uses;
}

/** Remembers uses found elsewhere (by `findDefinedTermUses` on the same analysis). */
export function rememberDefinedTermUses(document: AnalysedDocument, uses: readonly DefinedTermUse[]): void {
  usesByDocument.set(document, uses);
}

/** Reads the text for every use of a defined term. */
export function findDefinedTermUses(document: AnalysedDocument): DefinedTermUse[] {
  if (document.definitions.length === 0) return [];
  const matcher = new NameMatcher<Definition>();
  // In text order, so that each term's definitions are too (latestBefore searches them).
  const inOrder = [...document.definitions].sort((a, b) => a.termRange.start - b.termRange.start);
  for (const definition of inOrder) matcher.add(definition.term, definition);
  // The definitions written at each range, and each term's definitions as a set: whether a
  // match is one of its term's definitions is then two look-ups, not a scan of the term's
  // definitions (quadratic for a term defined thousands of times).
  const writtenAt = new Map<string, Definition[]>();
  for (const d of document.definitions) {
    const key = `${d.termRange.start}:${d.termRange.end}`;
    const at = writtenAt.get(key);
    if (at) at.push(d);
    else writtenAt.set(key, [d]);
  }
  const sets = new WeakMap<readonly Definition[], ReadonlySet<Definition>>();
  const setOf = (definitions: readonly Definition[]): ReadonlySet<Definition> => {
    let set = sets.get(definitions);
    if (!set) sets.set(definitions, (set = new Set(definitions)));
    return set;
  };
  return matcher.findAll(document.text).map((match) => {
    const definitions = match.values;
    const definition = latestBefore(definitions, match.range.start) ?? definitions[0]!;
    const at = writtenAt.get(`${match.range.start}:${match.range.end}`);
    const isDefinition = at !== undefined && at.some((d) => setOf(definitions).has(d));
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

const rangeOfUse = (use: DefinedTermUse): TextRange => use.range;

/** The defined-term use at an offset (the cursor may be just after its last character). */
export function definedTermUseAt(document: AnalysedDocument, offset: number): DefinedTermUse | undefined {
  return itemsAround(definedTermUses(document), offset, rangeOfUse)[0];
}
