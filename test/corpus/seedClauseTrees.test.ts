import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { SEEDS_DIR, seedFiles } from '../support/paths';
import { matchSnapshot } from '../support/snapshot';

/** One line per clause: position, indentation by level, label, normalised number, unit, heading. */
function describeTree(file: string): string {
  const text = readFileSync(join(SEEDS_DIR, file), 'utf8');
  const analysis = analyseDocument(file, text);
  return analysis.structure.clauses
    .map((c) => {
      const at = analysis.lines.positionAt(c.labelRange.start);
      const label = c.label ? `${c.label} (${c.normalizedNumber})` : '—';
      return `${at.line + 1}:${at.character + 1}-${c.endLine + 1} ${'  '.repeat(c.level)}${label} ${c.unit}: ${c.heading ?? c.summary}`;
    })
    .join('\n')
    .concat('\n');
}

describe('clause tree of each seed', () => {
  for (const file of seedFiles())
    test(file, () => matchSnapshot(`${file.replace(/\.txt$/, '')}.clauses.txt`, describeTree(file)));

  test('seed 000: sections 1–5, then the six signed documents under their heading', () => {
    const text = readFileSync(join(SEEDS_DIR, '000_4fcd428554b688c6.txt'), 'utf8');
    const { clauses, roots } = analyseDocument('000', text).structure;
    const top = roots.map((i) => clauses[i]!);
    assert.deepEqual(
      top.map((c) => c.label || c.heading),
      ['1.', '2.', '3.', '4.', '5.', '訪越に際して署名・交換された文書'],
    );
    assert.deepEqual(
      top[5]!.children.map((i) => clauses[i]!.label),
      ['1.', '2.', '3.', '4.', '5.', '6.'],
    );
  });

  test('seed 004: I–IV', () => {
    const text = readFileSync(join(SEEDS_DIR, '004_1c12d9f6ba6291dd.txt'), 'utf8');
    const { clauses, roots } = analyseDocument('004', text).structure;
    assert.deepEqual(
      roots.map((i) => `${clauses[i]!.label} ${clauses[i]!.heading}`),
      ['I. 目的', 'II. 協力分野', 'III. 法的性質', 'IV. 修正及び中止'],
    );
  });
});
