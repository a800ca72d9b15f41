import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { itemAt, itemsAround } from '../../server/src/core/features/offsetLookup';
import { innermostClauseAt } from '../../server/src/core/structure/clauseStructure';
import type { TextRange } from '../../server/src/core/types';
import { innermostClauseFinder } from '../../server/src/core/workspace/workspaceIndex';
import { SEEDS_DIR, SHARED_DIR } from '../support/paths';

/** What a scan in list order gives: the reference the binary searches are held to. */
function scanAt<T>(items: readonly T[], offset: number, rangeOf: (item: T) => TextRange): T | undefined {
  let touching: T | undefined;
  for (const item of items) {
    const r = rangeOf(item);
    if (r.start <= offset && offset < r.end) return item;
    if (r.end === offset && r.start < r.end) touching ??= item;
  }
  return touching;
}

/** A deterministic pseudo-random sequence, so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('lookups by offset', () => {
  const rangeOf = (r: TextRange) => r;

  test('binary search gives what a scan gives, on ordered and unordered lists', () => {
    const next = random(7);
    for (let trial = 0; trial < 300; trial++) {
      const ordered = trial % 2 === 0;
      const ranges: TextRange[] = [];
      let at = 0;
      for (let k = 0; k < 1 + Math.floor(next() * 30); k++) {
        const start = ordered ? at + Math.floor(next() * 4) : Math.floor(next() * 80);
        const end = start + Math.floor(next() * 5);
        ranges.push({ start, end });
        at = end;
      }
      for (let offset = -1; offset < 90; offset++) {
        assert.equal(
          itemAt(ranges, offset, rangeOf),
          scanAt(ranges, offset, rangeOf),
          `${JSON.stringify(ranges)} @${offset}`,
        );
        assert.deepEqual(
          itemsAround(ranges, offset, rangeOf),
          ranges.filter((r) => r.start <= offset && offset <= r.end),
        );
      }
    }
  });

  test('the innermost clause of every line, in one sweep, is the scan’s', () => {
    const texts = readdirSync(SEEDS_DIR)
      .filter((f) => f.endsWith('.txt'))
      .map((f) => readFileSync(join(SEEDS_DIR, f), 'utf8'));
    const corpus = join(SHARED_DIR, 'corpus', 'egov-statutes');
    if (existsSync(corpus))
      for (const f of readdirSync(corpus)
        .sort()
        .filter((_, i) => i % 25 === 0))
        texts.push(readFileSync(join(corpus, f), 'utf8'));
    texts.push('x\n(1)\nArticle 5', '1. a\n  (1) b\n    ① c\n2. d\n', '');
    for (const text of texts) {
      const analysis = analyseDocument('file:///a.agr', text);
      const clauses = analysis.structure.clauses;
      const find = innermostClauseFinder(clauses, analysis.lines.lineCount);
      for (let line = -1; line <= analysis.lines.lineCount; line++)
        assert.equal(find(line), innermostClauseAt(clauses, line), `line ${line} of ${text.slice(0, 30)}`);
    }
  });
});
