/**
 * Answering from the last analysis while the next one is being made. The edits since that
 * analysis are known; a request whose position, and every range of whose answer in this
 * document, lies in text those edits did not touch can be answered from it — its offsets
 * shifted past the edits. Anything that falls inside an edited stretch must wait for the
 * new analysis.
 */
import type { Position, Range } from 'vscode-languageserver';
import type { AnalysedDocument } from '../core/analysis';
import type { TextRange } from '../core/types';
import type { OffsetEdit } from './analysisService';

/** What the map needs of the editor's document: its offsets and positions as they are now. */
export interface CurrentText {
  offsetAt(position: Position): number;
  positionAt(offset: number): Position;
}

/** Maps between the text an analysis was made of and the text the editor holds now. */
export class StaleAnalysisMap {
  constructor(
    readonly analysis: AnalysedDocument,
    /** The edits made since the analysis, in order, each in offsets of the text before it. */
    private readonly edits: readonly OffsetEdit[],
    /** The document as the editor holds it now. */
    private readonly current: CurrentText,
  ) {}

  /** True when nothing changed since the analysis: its answers are exact. */
  get isCurrent(): boolean {
    return this.edits.length === 0;
  }

  /** A position in the current text → the offset in the analysed text; undefined inside an edit. */
  offsetOf(position: Position): number | undefined {
    if (this.isCurrent) return this.analysis.lines.offsetAt(position);
    let offset = this.current.offsetAt(position);
    for (let i = this.edits.length - 1; i >= 0; i--) {
      const edit = this.edits[i]!;
      const insertedEnd = edit.start + edit.text.length;
      if (offset <= edit.start) continue;
      if (offset < insertedEnd) return undefined;
      offset += edit.end - edit.start - edit.text.length;
    }
    return offset;
  }

  /** A range of the analysed text → the same text now, as a range; undefined when an edit touched it. */
  rangeNow(range: TextRange): Range | undefined {
    const lines = this.analysis.lines;
    if (this.isCurrent) return { start: lines.positionAt(range.start), end: lines.positionAt(range.end) };
    let { start, end } = range;
    for (const edit of this.edits) {
      if (end <= edit.start) continue; // Before the edit: the same offsets.
      if (start < edit.end) return undefined; // The edit changed text inside the range.
      const shift = edit.text.length - (edit.end - edit.start);
      start += shift;
      end += shift;
    }
    return { start: this.current.positionAt(start), end: this.current.positionAt(end) };
  }

  /** A range of the analysed text given as positions (as features return them) → the range now. */
  positionsNow(range: { start: Position; end: Position }): Range | undefined {
    if (this.isCurrent) return range;
    const lines = this.analysis.lines;
    return this.rangeNow({ start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) });
  }
}
