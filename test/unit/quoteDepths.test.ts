import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { quoteDepths } from '../../server/src/core/rules/conflictingDefinition';
import { SEEDS_DIR, seedFiles } from '../support/paths';

/** The count the sweep must equal: the 「 open at an offset, from the start of its line. */
function depthFromLineStart(text: string, lineStart: number, offset: number): number {
  let depth = 0;
  for (let i = lineStart; i < offset; i++) {
    const c = text.charAt(i);
    if (c === '「' || c === '『') depth++;
    else if ((c === '」' || c === '』') && depth > 0) depth--;
  }
  return depth;
}

test('quote depths in one sweep equal the count from each line start, at every offset of a text', () => {
  const texts = [
    '本協定「甲「乙」丙」は、『丁』とする。\n次の行「は」閉じない「\n」から始まる行',
    ...seedFiles().map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8')),
  ];
  for (const text of texts) {
    const analysis = analyseDocument('x', text);
    const offsets = Array.from({ length: Math.min(text.length, 3000) }, (_, i) => i);
    const depths = quoteDepths(analysis, [...offsets].reverse());
    for (const offset of offsets) {
      const lineStart = analysis.lines.lineStart(analysis.lines.positionAt(offset).line);
      assert.equal(depths.get(offset), depthFromLineStart(text, lineStart, offset), `offset ${offset}`);
    }
  }
});
