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
import { type ClauseStructure, emptyClauseStructure, parseClauseStructure } from './structure/clauseStructure';
import { LineIndex } from './text/lineIndex';
import type { Definition, EntityMention, Problem, TextRange } from './types';

export interface AnalysedDocument {
  /** The document's identity: a URI in the server, a path in the CLI. */
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** The text as a reader reads it: hard-wrapped line breaks are spaces. Same length and offsets as `text`. */
  readonly readingText: string;
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
  /**
   * The stages that failed with an internal error. Each failure is also a problem with code
   * `internal-error`; the error itself is kept so that the server can log its stack once.
   */
  readonly failures: readonly AnalysisFailure[];
}

/** The stages of the analysis, in the order they run. */
export type AnalysisStage =
  'structure' | 'definitions' | 'named entities' | 'document date' | 'dates' | 'clause references';

/** A stage that threw: a bug in the core, contained so that the other stages still arrive. */
export interface AnalysisFailure {
  readonly stage: AnalysisStage;
  readonly error: unknown;
}

export interface ResolvedClauseReference {
  readonly reference: ClauseReference;
  readonly resolution: ResolutionResult;
}

export interface AnalysisOptions {
  /** The registry to recognise names with; the built-in one by default. */
  readonly registry?: Registry;
}

/**
 * Analyses a text. Never throws: whatever the input, the result is a document with problems.
 * Each stage runs contained, so an internal error in one recogniser becomes a problem naming
 * the stage and the stages after it still run on what came before.
 */
export function analyseDocument(
  uri: string,
  text: string,
  version = 0,
  options: AnalysisOptions = {},
): AnalysedDocument {
  const failures: AnalysisFailure[] = [];
  const contained = <T>(stage: AnalysisStage, fallback: T, run: () => T): T => {
    try {
      return run();
    } catch (error) {
      failures.push({ stage, error });
      return fallback;
    }
  };
  const lines = new LineIndex(text);
  const structure = contained('structure', emptyClauseStructure(text), () => parseClauseStructure(text));
  // The recognisers read the text as a reader does: a hard-wrapped line break is a space, so a
  // name or a date that runs across it is found whole. Offsets are the same as the text's.
  const reading = structure.layout.readingText;
  const registry = options.registry ?? builtInRegistry();
  const definitions = contained('definitions', [], () =>
    recogniseDefinitions(reading, lines, {
      labelEnds: structure.clauses.filter((c) => c.label.length > 0).map((c) => c.labelRange.end),
      knownNames: (term) => registry.lookup(term).flatMap(({ entry }) => [...entry.names.ja, ...entry.names.en]),
    }),
  );
  const entities = contained('named entities', [], () =>
    recogniseNamedEntities(reading, definitions, registry, {
      itemBodies: structure.clauses.filter((c) => c.label.length > 0).map((c) => c.bodyRange),
    }),
  );
  const documentDate = contained('document date', undefined, () => findDocumentDate(reading));
  const dates = contained('dates', [], () =>
    recogniseDates(
      reading,
      documentDate ? { documentDate: documentDate.value, documentDateRange: documentDate.range } : {},
    ),
  );
  const references = contained('clause references', [], () => recogniseClauseReferences(reading, structure));
  // Resolution is contained per reference: one reference the resolver cannot handle is left
  // out (and reported once), the others keep their targets.
  const clauseReferences: ResolvedClauseReference[] = [];
  let resolutionFailed = false;
  for (const reference of references) {
    try {
      clauseReferences.push({
        reference,
        resolution: resolveClauseReference(reference, structure, reference.range.start),
      });
    } catch (error) {
      if (!resolutionFailed) failures.push({ stage: 'clause references', error });
      resolutionFailed = true;
    }
  }
  const problems: Problem[] = [...structure.problems];
  for (const failure of failures) problems.push(internalErrorProblem(failure));
  return Object.freeze({
    uri,
    version,
    text,
    readingText: reading,
    lines,
    structure,
    definitions,
    entities,
    dates,
    clauseReferences,
    documentDate,
    problems,
    failures,
  });
}

/** What the user is told of a failed stage: which part of the analysis is missing, and why. */
export function internalErrorProblem(failure: AnalysisFailure): Problem {
  const reason = failure.error instanceof Error ? failure.error.message : String(failure.error);
  return {
    code: 'internal-error',
    message: `Internal error in the ${failure.stage} stage of the analysis (${reason}); the results of that stage are missing.`,
    range: { start: 0, end: 0 },
    severity: 'error',
  };
}
