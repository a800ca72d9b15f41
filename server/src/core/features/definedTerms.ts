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

export function definedTermUses(document: AnalysedDocument): DefinedTermUse[] {
  if (document.definitions.length === 0) return [];
  const matcher = new NameMatcher<Definition>();
  for (const definition of document.definitions) matcher.add(definition.term, definition);
  return matcher.findAll(document.text).map((match) => {
    const definitions = match.values;
    const definition = definitions.filter((d) => d.termRange.start <= match.range.start).at(-1) ?? definitions[0]!;
    const isDefinition = definitions.some(
      (d) => d.termRange.start === match.range.start && d.termRange.end === match.range.end,
    );
    return { term: definition.term, range: match.range, definition, isDefinition };
  });
}

/** The defined-term use at an offset (the cursor may be just after its last character). */
export function definedTermUseAt(document: AnalysedDocument, offset: number): DefinedTermUse | undefined {
  return definedTermUses(document).find((use) => use.range.start <= offset && offset <= use.range.end);
}
