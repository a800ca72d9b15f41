/**
 * The vocabulary shared by every layer of the analysis core. Offsets are UTF-16 code-unit
 * offsets into the document's text exactly as the editor holds it (a leading byte-order mark
 * removed); the core never deals in line/character positions except through `LineIndex`.
 */

/** A half-open range of UTF-16 offsets: `start` is included, `end` is not. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

export type ProblemSeverity = 'error' | 'warning' | 'info' | 'hint';

/**
 * Something the core noticed and could not (or should not) silently accept. Problems are
 * values: the core returns them beside its result and never throws.
 */
export interface Problem {
  readonly code: string;
  readonly message: string;
  readonly range: TextRange;
  readonly severity: ProblemSeverity;
}

/** The kinds of entity of `../shared/gold/GUIDELINES.md`, plus `term` for defined terms. */
export type EntityKind = 'clause' | 'clause-ref' | 'agency' | 'program' | 'instrument' | 'date' | 'term';
