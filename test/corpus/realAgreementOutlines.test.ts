import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { analyseDocument } from '../../server/src/core/analysis';
import { documentOutline, type OutlineSymbol } from '../../server/src/core/features/documentSymbols';
import type { Clause } from '../../server/src/core/structure/clauseStructure';
import { DIST_DIR, SHARED_DIR, sharedAvailable } from '../support/paths';
import { matchSnapshot } from '../support/snapshot';

const REAL = join(SHARED_DIR, 'corpus', 'real');

/**
 * The units a reader counts at the top of a text: the outline's top level, looking through
 * the wrapper of an attached instrument (the 別添 that holds a 要領: its chapters are units of
 * their own) and leaving out tables of contents and the attached sheets, tables and forms of a
 * Japanese instrument (別紙, 別表, 様式), which hold lists and tables, not provisions. An
 * English annex, appendix or schedule is a unit: it is an integral part of the agreement.
 */
function topLevelUnits(clauses: readonly Clause[], roots: readonly number[]): Clause[] {
  const units: Clause[] = [];
  const visit = (index: number) => {
    const clause = clauses[index]!;
    if (clause.style === 'toc') return;
    if (clause.style === 'attachment' && /^(?:別紙|別表|様式|付表|附表)/.test(clause.label)) return;
    if (clause.style === 'attachment' && /^(?:別添|別記)/.test(clause.label)) {
      clause.children.forEach(visit);
      return;
    }
    units.push(clause);
  };
  roots.forEach(visit);
  return units;
}

/** `file → count` from the README's table "What a reader sees at the top level". */
function readerCounts(): Map<string, number> {
  const readme = readFileSync(join(REAL, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## What a reader sees at the top level'));
  const counts = new Map<string, number>();
  for (const match of section.matchAll(/^\| (en\d\d|ja\d\d) \| (\d+)/gm)) counts.set(match[1]!, Number(match[2]));
  return counts;
}

/**
 * Where the README's count cannot be right, with the reason. en07: the table says "Annexes 1–3",
 * but the text has two annexes (Annex 1 at line 327, Annex 2 at line 335).
 */
const README_CORRECTIONS: ReadonlyMap<string, number> = new Map([['en07', 12]]);

function realFiles(): string[] {
  return ['en', 'ja'].flatMap((dir) =>
    readdirSync(join(REAL, dir))
      .filter((f) => f.endsWith('.txt'))
      .sort()
      .map((f) => join(dir, f)),
  );
}

function analyse(file: string) {
  return analyseDocument(file, readFileSync(join(REAL, file), 'utf8'));
}

/** The outline as text: one symbol a line, indented, with its line (1-based) and unit. */
function outlineText(file: string): string {
  const analysis = analyse(file);
  const lines: string[] = [];
  const walk = (symbols: readonly OutlineSymbol[], depth: number) => {
    for (const symbol of symbols) {
      const line = analysis.lines.positionAt(symbol.selectionRange.start).line + 1;
      lines.push(`${String(line).padStart(4)} ${'  '.repeat(depth)}${symbol.name} (${symbol.detail})`);
      walk(symbol.children, depth + 1);
    }
  };
  walk(documentOutline(analysis), 0);
  return `${lines.join('\n')}\n`;
}

describe('the real agreements as a reader sees them', { skip: !sharedAvailable(join('corpus', 'real')) }, () => {
  test('the top level of every outline has the units of the README', () => {
    const counts = readerCounts();
    assert.equal(counts.size, 17, 'the README lists seventeen files');
    const mismatches: string[] = [];
    for (const file of realFiles()) {
      const key = /(en|ja)\d\d/.exec(file)![0];
      const { clauses, roots } = analyse(file).structure;
      const units = topLevelUnits(clauses, roots);
      const expected = README_CORRECTIONS.get(key) ?? counts.get(key);
      if (units.length !== expected)
        mismatches.push(
          `${key}: ${units.length} units, expected ${expected}: ${units.map((c) => c.label || c.heading).join(' | ')}`,
        );
    }
    assert.deepEqual(mismatches, []);
  });

  // The nesting below the top level, reviewed by hand against the texts.
  for (const name of ['en04', 'en07', 'en08', 'ja01'])
    test(`the outline of ${name}`, () => {
      const file = realFiles().find((f) => f.includes(`${name}_`))!;
      matchSnapshot(`real/${name}.outline.txt`, outlineText(file));
    });
});

describe('every file of the shared corpus in one agreement-lint run', { skip: !sharedAvailable('corpus') }, () => {
  test('prints JSON for every file, and no file fails', () => {
    const corpus = join(SHARED_DIR, 'corpus');
    const result = spawnSync(process.execPath, [join(DIST_DIR, 'cli.js'), '--format', 'json', corpus], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    assert.ok(result.status === 0 || result.status === 1, `exit ${result.status}: ${result.stderr}`);
    assert.equal(result.stderr.match(/internal error/g)?.length ?? 0, 0, result.stderr);
    const json = JSON.parse(result.stdout) as { files: Array<{ path: string }> };
    const expected =
      readdirSync(join(corpus, 'egov-statutes')).filter((f) => f.endsWith('.txt')).length + realFiles().length;
    assert.equal(json.files.length, expected);
  });
});
