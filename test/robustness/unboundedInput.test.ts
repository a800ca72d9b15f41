/**
 * Issue 11, row 2 (and the `Math.max(...)` of row 11): no recursion or argument spread over
 * arrays as large as the input. A 2 MB file of 80,000 lines `「日越協力協定」` (80,000 quoted
 * instrument titles) overflowed the stack at `candidates.push(...patternCandidates(…))`; a
 * clause tree as deep as the text is long overflowed the outline's recursion and, nested
 * 3,000 levels deep, the JSON of the document symbols. `sourceInvariants.test.ts` and the
 * ESLint rule `no-restricted-syntax` keep such code out.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { toDocumentSymbols } from '../../server/src/convert';
import { analyseDocument } from '../../server/src/core/analysis';
import { documentOutline, MAX_OUTLINE_DEPTH, type OutlineSymbol } from '../../server/src/core/features/documentSymbols';
import { hasStackTrace, runCli, workspace } from './support';

const QUOTED_TITLES = '「日越協力協定」\n'.repeat(80_000);

describe('row 2: 80,000 lines of 「日越協力協定」', () => {
  test('row 2: the analysis has no failed stage and finds every title', () => {
    assert.equal(QUOTED_TITLES.length, 80_000 * 9);
    const analysis = analyseDocument('file:///big.agr', QUOTED_TITLES, 0, {});
    assert.deepEqual(
      analysis.failures.map((f) => `${f.stage}: ${String(f.error)}`),
      [],
    );
    assert.equal(analysis.entities.filter((e) => e.kind === 'instrument').length, 80_000);
  });

  test('row 2: agreement-lint reads the 2 MB file without an internal error', () => {
    const root = workspace();
    writeFileSync(join(root, 'big.agr'), QUOTED_TITLES);
    const run = runCli(['--format', 'json', 'big.agr'], root);
    assert.equal(hasStackTrace(run.stderr), false, run.stderr);
    assert.doesNotMatch(run.stderr, /internal error|Maximum call stack/, run.stderr);
    assert.equal(run.status, 0, run.stderr);
  });
});

describe('row 2: a clause tree as deep as the text', () => {
  /** 5,000 short headings each opening a list: today every one nests under the one before. */
  const DEEP = Array.from({ length: 5_000 }, (_, i) => `見出し${i}\n1. 項目`).join('\n');

  test('row 2: the outline is built without recursion and nests at most MAX_OUTLINE_DEPTH levels', () => {
    const analysis = analyseDocument('file:///deep.agr', DEEP, 0, {});
    assert.deepEqual(analysis.failures, []);
    const outline = documentOutline(analysis);
    let count = 0;
    let deepest = 0;
    const stack: Array<[OutlineSymbol, number]> = outline.map((s) => [s, 1]);
    while (stack.length > 0) {
      const [symbol, depth] = stack.pop()!;
      count++;
      deepest = Math.max(deepest, depth);
      for (const child of symbol.children) stack.push([child, depth + 1]);
    }
    assert.equal(count, analysis.structure.clauses.length, 'every clause is in the outline');
    assert.ok(deepest <= MAX_OUTLINE_DEPTH, `depth ${deepest}`);
    // What the server sends: LSP document symbols, serialised to JSON.
    const symbols = toDocumentSymbols(analysis, outline);
    assert.ok(JSON.stringify(symbols).length > 0);
  });
});
