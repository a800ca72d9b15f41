/**
 * The single entry point of the analysis core: text in, an immutable `AnalysedDocument`
 * out. Every feature and rule reads from this value; nothing re-parses the text.
 */
import { type ClauseStructure, parseClauseStructure } from './structure/clauseStructure';
import { LineIndex } from './text/lineIndex';
import type { Problem } from './types';

export interface AnalysedDocument {
  /** The document's identity: a URI in the server, a path in the CLI. */
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly lines: LineIndex;
  readonly structure: ClauseStructure;
  /** Everything the analysis noticed, from every layer. */
  readonly problems: readonly Problem[];
}

/** Analyses a text. Never throws: whatever the input, the result is a document with problems. */
export function analyseDocument(uri: string, text: string, version = 0): AnalysedDocument {
  const structure = parseClauseStructure(text);
  return Object.freeze({
    uri,
    version,
    text,
    lines: new LineIndex(text),
    structure,
    problems: [...structure.problems],
  });
}
