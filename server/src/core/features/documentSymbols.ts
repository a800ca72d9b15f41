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

/**
 * How deep the outline nests. A clause tree can be as deep as the text is long (each short
 * heading opening a list under the one before), and an editor's outline — and the JSON that
 * carries it, which fails at about 3,000 levels — cannot follow: clauses deeper than this are
 * listed, in document order, beside their ancestor at the limit (all children of its parent).
 */
export const MAX_OUTLINE_DEPTH = 64;

export function documentOutline(document: AnalysedDocument): OutlineSymbol[] {
  const { clauses, roots } = document.structure;
  const symbolOf = (index: number): OutlineSymbol & { children: OutlineSymbol[] } => {
    const clause = clauses[index]!;
    const wanted = clause.label ? clause.labelRange : (clause.headingRange ?? clause.labelRange);
    // LSP requires the selection inside the range; a clause whose range the parser cut short
    // (a heading without a body) still gets a valid symbol.
    const inside = wanted.start >= clause.range.start && wanted.end <= clause.range.end;
    const selection = inside ? wanted : { start: clause.range.start, end: clause.range.start };
    return {
      name: clauseDisplayName(clause),
      detail: clause.style === 'toc' ? 'table of contents' : clause.deleted ? `${clause.unit} (deleted)` : clause.unit,
      unit: clause.unit,
      range: clause.range,
      selectionRange: selection,
      children: [],
    };
  };
  // Depth first in document order, with an explicit stack (no recursion over the tree).
  const outline: OutlineSymbol[] = [];
  const stack: Array<{ index: number; siblings: OutlineSymbol[]; depth: number }> = [];
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ index: roots[i]!, siblings: outline, depth: 1 });
  while (stack.length > 0) {
    const { index, siblings, depth } = stack.pop()!;
    const symbol = symbolOf(index);
    siblings.push(symbol);
    // At the limit, the children go beside this symbol instead of below it.
    const childSiblings = depth < MAX_OUTLINE_DEPTH ? symbol.children : siblings;
    const childDepth = depth < MAX_OUTLINE_DEPTH ? depth + 1 : depth;
    const children = clauses[index]!.children;
    for (let i = children.length - 1; i >= 0; i--)
      stack.push({ index: children[i]!, siblings: childSiblings, depth: childDepth });
  }
  return outline;
}
