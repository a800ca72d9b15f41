/**
 * The single entry point of the analysis core: text in, an immutable `AnalysedDocument`
 * out. Every feature and rule reads from this value; nothing re-parses the text.
 *
 * The order is fixed: structure, then definitions (which name things), then named entities
 * (which use the definitions and the registry), then dates (resolved against the
 * document's own date), then clause references (resolved against the structure).
 */
import { type ClauseReference, recogniseClauseReferences } from './recognise/clauseReferences';
import { type DateMention, findDocumentDate, recogniseDates } from './recognise/dates';
import { recogniseDefinitions } from './recognise/definitions';
import { recogniseNamedEntities } from './recognise/namedEntities';
import { builtInRegistry, type Registry } from './registry/registry';
import { resolveClauseReference, type ResolutionResult } from './resolve/clauseReferenceTargets';
import { type ClauseStructure, parseClauseStructure } from './structure/clauseStructure';
import { LineIndex } from './text/lineIndex';
import type { Definition, EntityMention, Problem, TextRange } from './types';

export interface AnalysedDocument {
  /** The document's identity: a URI in the server, a path in the CLI. */
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  readonly structure: ClauseStructure;
  readonly definitions: readonly Definition[];
  /** Agencies, programs and instruments, in document order, never nested. */
  readonly entities: readonly EntityMention[];
  readonly dates: readonly DateMention[];
  /** Clause references in running text, each with what it resolves to in this document. */
  readonly clauseReferences: readonly ResolvedClauseReference[];
  /** The document's own date (its dateline), against which relative dates are resolved. */
  readonly documentDate: { readonly value: string; readonly range: TextRange } | undefined;
  /** Everything the analysis noticed, from every layer. */
  readonly problems: readonly Problem[];
}

export interface ResolvedClauseReference {
  readonly reference: ClauseReference;
  readonly resolution: ResolutionResult;
}

export interface AnalysisOptions {
  /** The registry to recognise names with; the built-in one by default. */
  readonly registry?: Registry;
}

/** Analyses a text. Never throws: whatever the input, the result is a document with problems. */
export function analyseDocument(
  uri: string,
  text: string,
  version = 0,
  options: AnalysisOptions = {},
): AnalysedDocument {
  const lines = new LineIndex(text);
  const structure = parseClauseStructure(text);
  const definitions = recogniseDefinitions(text, lines);
  const itemBodies = structure.clauses
    .filter((c) => c.label.length > 0)
    .map((c) => {
      const line = lines.positionAt(c.labelRange.start).line;
      let start = c.labelRange.end;
      while (/[ \t\u3000]/.test(text.charAt(start))) start++;
      return { start, end: lines.lineEnd(line) };
    });
  const entities = recogniseNamedEntities(text, definitions, options.registry ?? builtInRegistry(), { itemBodies });
  const documentDate = findDocumentDate(text);
  const dates = recogniseDates(
    text,
    documentDate ? { documentDate: documentDate.value, documentDateRange: documentDate.range } : {},
  );
  const clauseReferences = recogniseClauseReferences(text, structure).map((reference) => ({
    reference,
    resolution: resolveClauseReference(reference, structure, reference.range.start),
  }));
  return Object.freeze({
    uri,
    version,
    text,
    lines,
    structure,
    definitions,
    entities,
    dates,
    clauseReferences,
    documentDate,
    problems: [...structure.problems],
  });
}
