/** Folding: one range per clause that spans more than one line. */
import type { AnalysedDocument } from '../analysis';

export interface LineFold {
  readonly startLine: number;
  readonly endLine: number;
}

export function clauseFoldingRanges(document: AnalysedDocument): LineFold[] {
  return document.structure.clauses
    .filter((c) => c.endLine > c.startLine)
    .map((c) => ({ startLine: c.startLine, endLine: c.endLine }));
}
