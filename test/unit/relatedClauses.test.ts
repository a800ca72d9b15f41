import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { type AnalysedDocument, analyseDocument } from '../../server/src/core/analysis';
import type { FeatureContext, Locale } from '../../server/src/core/features/featureContext';
import {
  clauseAtOffset,
  type RelatedClause,
  relatedClauseCounts,
  relatedClauses,
} from '../../server/src/core/features/relatedClauses';
import { builtInRegistry } from '../../server/src/core/registry/registry';
import { indexEntryOf, WorkspaceIndex } from '../../server/src/core/workspace/workspaceIndex';
import { dedent, parseFixture } from '../support/fixture';
import { SEEDS_DIR, seedFiles } from '../support/paths';

/**
 * A workspace of fixtures keyed by file name; the first document with a `$0` is the one at
 * hand. Returns its context and cursor.
 */
function workspaceOf(documents: Record<string, string>, locale: Locale = 'en') {
  const workspace = new WorkspaceIndex();
  let current: { document: AnalysedDocument; cursor: number } | undefined;
  for (const [name, source] of Object.entries(documents)) {
    const { text, cursor } = parseFixture(dedent(source));
    const document = analyseDocument(`file:///ws/${name}`, text);
    workspace.set(indexEntryOf(document));
    if (cursor !== undefined && !current) current = { document, cursor };
  }
  assert.ok(current, 'one document has a $0');
  const context: FeatureContext = { document: current.document, workspace, registry: builtInRegistry(), locale };
  return { context, cursor: current.cursor };
}

/** One line per related clause: `file#label (or title): reasons`, best first. */
function render(results: readonly RelatedClause[]): string[] {
  return results.map((r) => `${r.uri.replace('file:///ws/', '')}#${r.label || r.title}: ${r.reasons.join(' | ')}`);
}

/** Related clauses at the `$0` clause, compared as `render` lines; returned for further checks. */
function related(documents: Record<string, string>, expected: string[], locale: Locale = 'en'): RelatedClause[] {
  const { context, cursor } = workspaceOf(documents, locale);
  const clause = clauseAtOffset(context.document, cursor);
  assert.notEqual(clause, undefined, 'the cursor is in a clause');
  const results = relatedClauses(context, clause!);
  assert.deepEqual(render(results), expected);
  return results;
}

function check(documents: Record<string, string>, expected: string[], locale: Locale = 'en'): void {
  related(documents, expected, locale);
}

const RANKING = {
  'a.agr': `
    第一条　NEXUS の下で共同研究を実施し、ASEAN との連携を確認する。$0
    第二条　前条の規定による共同研究の成果は公表する。
    第三条　ASEAN 諸国との対話を続ける。
    `,
  'b.agr': `
    1. NEXUS の第2回公募を行う。
    2. ASEAN の会合に参加する。
    `,
  'c.agr': `
    1. ASEAN の枠組みで協力する。
    `,
  'd.agr': `
    1. ASEAN との対話を歓迎する。
    `,
};

describe('related clauses', () => {
  test('a reference first, then a rare program, then the common organisation', () =>
    check(RANKING, [
      'a.agr#第二条: refers to this clause (前条)',
      'b.agr#1.: shares NEXUS (program, in 2 documents)',
      'a.agr#第三条: shares ASEAN (agency, in 4 documents)',
      'b.agr#2.: shares ASEAN (agency, in 4 documents)',
      'c.agr#1.: shares ASEAN (agency, in 4 documents)',
      'd.agr#1.: shares ASEAN (agency, in 4 documents)',
    ]));

  test('reasons in Japanese', () =>
    check(
      RANKING,
      [
        'a.agr#第二条: この条項を参照（前条）',
        'b.agr#1.: NEXUSを共有（事業、2文書で言及）',
        'a.agr#第三条: ASEANを共有（機関、4文書で言及）',
        'b.agr#2.: ASEANを共有（機関、4文書で言及）',
        'c.agr#1.: ASEANを共有（機関、4文書で言及）',
        'd.agr#1.: ASEANを共有（機関、4文書で言及）',
      ],
      'ja',
    ));

  test('the clause a reference is written in refers to its target', () =>
    check({ 'a.agr': RANKING['a.agr'].replace('$0', '').replace('前条の規定', '前条の規定$0') }, [
      'a.agr#第一条: this clause refers to it (前条)',
    ]));

  test('a rare program outranks a common organisation whatever the order of documents', () => {
    const results = related(
      {
        'a.agr': `
          1. ASEAN と NEXUS について協議した。$0
          `,
        'b.agr': `
          1. ASEAN の会合に参加する。
          `,
        'c.agr': `
          1. ASEAN の枠組みで協力する。
          2. NEXUS の公募を行う。
          `,
      },
      [
        'c.agr#2.: shares NEXUS (program, in 2 documents)',
        'b.agr#1.: shares ASEAN (agency, in 3 documents)',
        'c.agr#1.: shares ASEAN (agency, in 3 documents)',
      ],
    );
    assert.ok(results[0]!.score > results[1]!.score);
    assert.equal(results[0]!.preview, 'NEXUS の公募を行う。');
    assert.deepEqual(results[0]!.location.range, {
      start: { line: 1, character: 0 },
      end: { line: 1, character: 2 },
    });
  });

  test('ancestors and descendants are excluded; a parent counts only for its own text', () =>
    check(
      {
        'a.agr': `
          第一条　宇宙航空研究開発機構との協力
          ２　JAXA は衛星データを提供する。$0
          ３　JAXA は人材を育成する。
          第二条　JAXA の役割
          `,
        'b.agr': `
          署名された文書

          1. JAXA とベトナム宇宙センターの協定
          `,
      },
      [
        'a.agr#３: shares JAXA (agency, in 2 documents)',
        'a.agr#第二条: shares JAXA (agency, in 2 documents)',
        'b.agr#1.: shares JAXA (agency, in 2 documents)',
      ],
    ));

  test('text outside every clause is related paragraph by paragraph', () =>
    check(
      {
        'a.agr': `
          1. NEXUS を推進する。$0
          `,
        'b.agr': `
          Leaders met in Hanoi.

          They welcomed NEXUS and the AZEC initiative.
          `,
      },
      ['b.agr#paragraph at line 3: shares NEXUS (program, in 2 documents)'],
    ));

  test('no clause, no results', () => {
    const { context } = workspaceOf({ 'a.agr': '前文$0' });
    assert.deepEqual(relatedClauses(context, 0), []);
    assert.deepEqual(relatedClauses(context, -1), []);
    assert.deepEqual(relatedClauses(context, 1.5), []);
  });

  test('counts for every clause agree with the lists', () => {
    const { context } = workspaceOf(RANKING);
    const counts = relatedClauseCounts(context);
    assert.deepEqual(
      [...counts],
      [
        [0, 6],
        [1, 1],
        [2, 4],
      ],
    );
    for (const [clause, count] of counts) assert.equal(relatedClauses(context, clause).length, count);
  });

  test('counts stay cheap and capped on a long statute', () => {
    const articles = Array.from(
      { length: 2000 },
      (_, i) => `第${i + 1}条　ASEAN と JAXA は前条の規定により協力する。`,
    ).join('\n');
    const { context } = workspaceOf({ 'big.agr': `${articles}$0` });
    const started = performance.now();
    const counts = relatedClauseCounts(context);
    const elapsed = performance.now() - started;
    assert.equal(counts.size, 2000);
    assert.equal(counts.get(0), 20);
    assert.ok(elapsed < 3000, `took ${elapsed} ms`);
  });

  test('CRLF and astral characters keep positions right', () => {
    const results = related(
      {
        'a.agr': '1. 𠮷 NEXUS を推進する。$0\r\n',
        'b.agr': '前文\r\n\r\n1. 𠮷野\r\n2. 𠮷 NEXUS の公募\r\n',
      },
      ['b.agr#2.: shares NEXUS (program, in 2 documents)'],
    );
    assert.deepEqual(results[0]!.location.range.start, { line: 3, character: 0 });
  });
});

describe('related clauses in the seeds', () => {
  test('seed 000 「2. 半導体」 is related to the NEXUS paragraph of seed 002', () => {
    const files = seedFiles();
    assert.equal(files.length, 5);
    const workspace = new WorkspaceIndex();
    const documents = files.map((f) => analyseDocument(`file:///seeds/${f}`, readFileSync(join(SEEDS_DIR, f), 'utf8')));
    for (const d of documents) workspace.set(indexEntryOf(d));
    const seed000 = documents[0]!;
    const context: FeatureContext = { document: seed000, workspace, registry: builtInRegistry(), locale: 'en' };
    const clause = seed000.structure.clauses.findIndex((c) => c.label === '2.' && c.heading === '半導体');
    assert.ok(clause >= 0);
    const results = relatedClauses(context, clause);
    console.log(`Related to seed 000 「2. 半導体」 (clause ${clause}):`);
    for (const r of results)
      console.log(
        `  ${r.score.toFixed(3)}  ${r.uri.replace('file:///seeds/', '')} ${r.clauseIndex} ${r.title} — ${r.reasons.join('; ')} — ${r.preview}`,
      );
    const seed002 = documents.find((d) => d.uri.includes('/002_'))!;
    const nexus = results.find((r) => r.uri === seed002.uri);
    assert.ok(nexus, 'seed 002 is among the related');
    assert.ok(nexus.reasons.some((reason) => reason.includes('NEXUS')));
    const line = seed002.text.split(/\r\n|\r|\n/)[nexus.location.range.start.line] ?? '';
    assert.match(line, /NEXUS/);

    const counts = relatedClauseCounts(context);
    assert.equal(counts.get(clause), results.length);
  });
});
