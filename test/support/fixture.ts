/**
 * Fixture notation shared by the data-driven tests, after rust-analyzer and texlab:
 * `$0` marks the cursor and `[[…]]` marks an expected range. Markers are removed from the
 * text; offsets refer to the clean text, in UTF-16 code units like everything else.
 */
import type { TextRange } from '../../server/src/core/types';

export interface Fixture {
  readonly text: string;
  readonly cursor: number | undefined;
  readonly ranges: readonly TextRange[];
}

export function parseFixture(source: string): Fixture {
  let text = '';
  let cursor: number | undefined;
  const ranges: TextRange[] = [];
  const open: number[] = [];
  for (let i = 0; i < source.length;) {
    if (source.startsWith('$0', i)) {
      cursor = text.length;
      i += 2;
    } else if (source.startsWith('[[', i)) {
      open.push(text.length);
      i += 2;
    } else if (source.startsWith(']]', i) && open.length > 0) {
      ranges.push({ start: open.pop()!, end: text.length });
      i += 2;
    } else {
      text += source[i];
      i += 1;
    }
  }
  if (open.length > 0) throw new Error('fixture has an unclosed [[');
  ranges.sort((a, b) => a.start - b.start || a.end - b.end);
  return { text, cursor, ranges };
}

/** Removes the common indentation of a template literal and its first and last blank lines. */
export function dedent(source: string): string {
  const lines = source
    .replace(/^\n/, '')
    .replace(/\n[ \t]*$/, '')
    .split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim()).map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(indent)).join('\n');
}
