/**
 * Helpers for features that read records of other documents from the workspace index: the
 * index makes records from its compact rows each time they are asked for, so a feature that
 * needs the same document's records several times asks once and keeps them for the request.
 */
import type { LinePosition } from '../text/lineIndex';
import type { IndexedDefinition, PositionRange, WorkspaceView } from '../workspace/workspaceIndex';

/** The definitions of a document of the workspace, made once per document for as long as the returned function is kept. */
export function definitionsOfDocuments(workspace: WorkspaceView): (uri: string) => readonly IndexedDefinition[] {
  const made = new Map<string, readonly IndexedDefinition[]>();
  return (uri) => {
    let definitions = made.get(uri);
    if (!definitions) made.set(uri, (definitions = workspace.get(uri)?.definitions ?? []));
    return definitions;
  };
}

/** Before: `a` comes first in the text. */
function comparePositions(a: LinePosition, b: LinePosition): number {
  return a.line - b.line || a.character - b.character;
}

/**
 * For the documents of the workspace, the first definition (in the document's order) whose
 * term or expansion overlaps a range — what a hover asks for each mention of an entity in
 * other documents. Each document's definitions are put in order of where their ranges begin
 * once, so that a question is a binary search rather than a scan of every definition: a
 * document with 8,000 definitions and 3,000 mentions made one hover scan 24 million of them.
 */
export function definitionOverlapping(
  workspace: WorkspaceView,
): (uri: string, range: PositionRange) => IndexedDefinition | undefined {
  const definitionsIn = definitionsOfDocuments(workspace);
  const made = new Map<string, DefinitionRanges>();
  return (uri, range) => {
    let ranges = made.get(uri);
    if (!ranges) made.set(uri, (ranges = definitionRanges(definitionsIn(uri))));
    return ranges.firstOverlapping(range);
  };
}

interface DefinitionRanges {
  firstOverlapping(range: PositionRange): IndexedDefinition | undefined;
}

function definitionRanges(definitions: readonly IndexedDefinition[]): DefinitionRanges {
  // Both ranges of every definition, in order of their starts; `reach[i]`: the furthest end of
  // ranges 0…i, so that the ranges that may overlap a range are a run found by two searches.
  const ranges = definitions
    .flatMap((d, index) => [
      { range: d.termRange, index },
      { range: d.expansionRange, index },
    ])
    .sort((a, b) => comparePositions(a.range.start, b.range.start) || a.index - b.index);
  const reach: LinePosition[] = [];
  for (const [i, r] of ranges.entries())
    reach.push(i === 0 || comparePositions(r.range.end, reach[i - 1]!) > 0 ? r.range.end : reach[i - 1]!);
  /** The first index in [0, ranges.length] for which `test` holds (it holds for all after). */
  const firstWhere = (test: (i: number) => boolean): number => {
    let low = 0;
    let high = ranges.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (test(mid)) high = mid;
      else low = mid + 1;
    }
    return low;
  };
  return {
    firstOverlapping(range) {
      // Overlapping: starts before the range ends, and ends after it starts.
      const after = firstWhere((i) => comparePositions(ranges[i]!.range.start, range.end) >= 0);
      const from = firstWhere((i) => comparePositions(reach[i]!, range.start) > 0);
      let best: number | undefined;
      for (let i = from; i < after; i++)
        if (comparePositions(ranges[i]!.range.end, range.start) > 0 && (best === undefined || ranges[i]!.index < best))
          best = ranges[i]!.index;
      return best === undefined ? undefined : definitions[best];
    },
  };
}
