/**
 * The outline of a document: its clause tree, with a readable name for each clause. Ranges
 * are offsets; the server converts them to positions.
 */
import type { AnalysedDocument } from '../analysis';
import type { Clause } from '../structure/clauseStructure';
import type { ClauseUnit } from '../structure/numberingStyles';
import type { TextRange } from '../types';

export interface OutlineSymbol {
  readonly name: string;
  /** What kind of unit it is, in words (`article`, `paragraph`), shown beside the name. */
  readonly detail: string;
  readonly unit: ClauseUnit;
  readonly range: TextRange;
  /** What the editor selects and reveals: the label, or the heading of an unnumbered division. */
  readonly selectionRange: TextRange;
  readonly children: readonly OutlineSymbol[];
}

const MAX_NAME_LENGTH = 60;

/** The name of a clause as an outline shows it: its label and its heading (or first words). */
export function clauseDisplayName(clause: Clause): string {
  const title = clause.heading ?? clause.summary;
  const name = clause.label ? (title ? `${clause.label} ${title}` : clause.label) : title;
  return name.length > MAX_NAME_LENGTH ? `${name.slice(0, MAX_NAME_LENGTH)}…` : name || '(untitled)';
}

export function documentOutline(document: AnalysedDocument): OutlineSymbol[] {
  const { clauses, roots } = document.structure;
  const build = (index: number): OutlineSymbol => {
    const clause = clauses[index]!;
    const selection = clause.label ? clause.labelRange : (clause.headingRange ?? clause.labelRange);
    return {
      name: clauseDisplayName(clause),
      detail: clause.style === 'toc' ? 'table of contents' : clause.deleted ? `${clause.unit} (deleted)` : clause.unit,
      unit: clause.unit,
      range: clause.range,
      selectionRange: selection,
      children: clause.children.map(build),
    };
  };
  return roots.map(build);
}
