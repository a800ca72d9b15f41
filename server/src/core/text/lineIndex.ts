/**
 * Maps UTF-16 offsets to zero-based (line, character) positions and back, the way LSP
 * counts them: a line ends at `\n`, `\r\n` or a lone `\r`, and characters are UTF-16 code
 * units, so an astral kanji such as 𠮷 counts as two. Built once per text in one linear pass.
 */
export interface LinePosition {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly lineStarts: ArrayLike<number>;

  /**
   * `lineStarts`, when given, are the offsets of the lines of this same text as another
   * `LineIndex` found them (`lineStartsOf`): the text need not be read again.
   */
  constructor(
    private readonly text: string,
    lineStarts?: ArrayLike<number>,
  ) {
    if (lineStarts) {
      this.lineStarts = lineStarts;
      return;
    }
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The position of an offset; offsets outside the text are clamped to it. */
  positionAt(offset: number): LinePosition {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid]! <= clamped) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: clamped - this.lineStarts[low]! };
  }

  /** The offset of a position; a character past the end of its line is clamped to the line's end. */
  offsetAt(position: LinePosition): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[position.line]!;
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  /** Offset of the first character of a line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(0, Math.min(line, this.lineStarts.length - 1))]!;
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEnd(line: number): number {
    const l = Math.max(0, Math.min(line, this.lineStarts.length - 1));
    let end = l + 1 < this.lineStarts.length ? this.lineStarts[l + 1]! : this.text.length;
    if (end > this.lineStarts[l]! && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[l]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The offset of the first character of every line, to build the same index elsewhere. */
  lineStartsOf(): Uint32Array {
    return Uint32Array.from(this.lineStarts);
  }

  /** The text of a line without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

/** Removes a leading byte-order mark; the core always works on text without one. */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
