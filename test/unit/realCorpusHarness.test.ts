/**
 * The real-corpus harness reads what a reader sees from each corpus README, and every file of
 * a corpus has its row there. Today's figures are printed by `bench/realCorpus.ts`, not asserted
 * here: the lead adds ceilings once the parser is rewritten.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import {
  corpusFiles,
  fileIdOf,
  parseCorpusReadme,
  REAL_CORPUS_DIR,
  REAL_EXTRA_CORPUS_DIR,
  readCorpusText,
  runRealCorpus,
} from '../support/realCorpus';
import { sharedAvailable } from '../support/paths';

describe('the corpus README parser', () => {
  test('reads the top-level table and the known-real findings', () => {
    const readme = parseCorpusReadme(
      [
        '# Corpus',
        '## What a reader sees at the top level',
        '| file | top-level units |',
        '| --- | --- |',
        '| en04 | 13: Articles I–XI, Appendix I, Appendix II |',
        '| `ja02` | 6 |',
        '| nothing | here |',
        '## Findings that are real',
        'Read by hand: `BOD7` in en03 (line 43) and `DCM project` in en06 (line 50) is a typo.',
        '## Other',
        '`X` in en01 (line 1) is outside the section.',
      ].join('\n'),
    );
    assert.deepEqual(readme.expected, [
      { id: 'en04', count: 13, description: 'Articles I–XI, Appendix I, Appendix II' },
      { id: 'ja02', count: 6, description: '' },
    ]);
    assert.deepEqual(readme.knownReal, [
      { id: 'en03', text: 'BOD7', line: 43 },
      { id: 'en06', text: 'DCM project', line: 50 },
    ]);
  });

  test('file ids', () => {
    assert.equal(fileIdOf('/a/en/en04_mex-usa_border-pollution_1985.txt'), 'en04');
    assert.equal(fileIdOf('x28_gbr-mex_trade-continuity_2020_macroman-cr.txt'), 'x28');
  });
});

describe('every corpus file has its row in the README', () => {
  const corpora = [
    { name: 'real-extra', dir: REAL_EXTRA_CORPUS_DIR, present: true },
    { name: '../shared/corpus/real', dir: REAL_CORPUS_DIR, present: sharedAvailable('corpus/real') },
  ];
  for (const corpus of corpora)
    test(corpus.name, { skip: corpus.present ? false : '../shared is not here' }, () => {
      const readme = parseCorpusReadme(readFileSync(join(corpus.dir, 'README.md'), 'utf8'));
      const ids = corpusFiles(corpus.dir).map(fileIdOf);
      assert.deepEqual(
        readme.expected.map((e) => e.id),
        ids,
      );
      for (const known of readme.knownReal) assert.ok(ids.includes(known.id), `${known.id} is a file of the corpus`);
      const report = runRealCorpus(corpus.dir)!;
      assert.equal(report.files.length, ids.length);
      for (const file of report.files) assert.ok(file.expected, `${file.id} has what a reader sees`);
    });

  test('a file the linter refuses is still measured, and says why', () => {
    const read = readCorpusText(join(REAL_EXTRA_CORPUS_DIR, 'en', 'x28_gbr-mex_trade-continuity_2020_macroman-cr.txt'));
    assert.match(read.refused ?? '', /not valid UTF-8/);
    assert.ok(read.text.includes('ARTICLE 1'));
    const utf8 = readCorpusText(join(REAL_EXTRA_CORPUS_DIR, 'en', 'x01_dnk-gbr_faroes-maritime-boundary_1999.txt'));
    assert.equal(utf8.refused, undefined);
  });
});
